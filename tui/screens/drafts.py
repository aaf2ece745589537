"""After the call: the three drafts the conversation gives, one tab each.

- the recap email (:func:`playbook.recap.recap`): subject and body, to send to the partner;
- the calendar file (:func:`playbook.calendar.calendar_file`): what it holds, in words, and
  ``i`` (or ``e``) saves the ``.ics`` into the documents folder;
- the written agreement (:func:`playbook.agreement.agreement_markdown`), in Markdown.

The recap and the agreement are editable (``i``, as the talking points are), blame-checked as
they are typed, and the edit is kept on the conversation (``Conversation.recap`` and
``.agreement``, saved by a :class:`~tui.autosave.LatestWriter` through
``Repository.set_conversation``); ``r`` brings the draft back. ``c`` copies the tab's text and
``e`` saves it as a file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane, TextArea

from playbook import clock
from playbook.agreement import agreement_markdown
from playbook.blame import check
from playbook.calendar import calendar_file
from playbook.calendar import contents as calendar_contents
from playbook.conversation import MAX_DRAFT, PRIORITY_WORDS, Conversation, rhythm_words
from playbook.dates import describe, long_date, to_date
from playbook.diagnosis import Diagnosis
from playbook.inert import shown, unshown
from playbook.recap import recap
from tui.access import AppAccess
from tui.autosave import LatestWriter
from tui.file_names import slug
from tui.footer_fit import TWIN, fitted_check, left_out, refit
from tui.screens.meeting import agreed_brief
from tui.screens.points import describe_flags
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.limited import LimitedTextArea, LimitReached

TABS = ("recap", "calendar", "agreement")
TAB_TITLES = {"recap": "1 Recap email", "calendar": "2 Calendar", "agreement": "3 Agreement"}
EDITABLE = ("recap", "agreement")
WHAT = {"recap": "The recap email", "agreement": "The written agreement"}
EDITING_OFF = ("copy", "export", "edit", "calendar", "restore", "undo_restore", "show")
"""Actions a letter starts: off while an editor is being typed in."""
FOOTER_LEAVES = ("undo_restore", "restore", "show", "copy", "export")
"""The keys that leave the footer, in this order, where it has no room for every key, so that
Edit (or Save .ics), Done, Keys and Quit fit: the tab keys go early (each tab's title names its
key). They still work, the hint names them and the keys screen lists them (see
:mod:`tui.footer_fit`)."""

_FREQUENCY = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def drafted_text(diagnosis: Diagnosis, conversation: Conversation, which: str) -> str:
    """The draft of ``which`` (``recap`` or ``agreement``), before any edit."""
    if which == "recap":
        return recap(diagnosis, conversation).text
    return agreement_markdown(diagnosis, conversation)


def kept_text(diagnosis: Diagnosis, conversation: Conversation, which: str) -> str:
    """``which`` as the user last left it: their edit, or the draft."""
    edited = conversation.recap if which == "recap" else conversation.agreement
    return edited if edited is not None else drafted_text(diagnosis, conversation, which)


def calendar_events(text: str) -> list[tuple[str, date | None, str]]:
    """The events of an iCalendar file as (summary, first day, how it repeats in words; empty
    for a single event): read from the very file ``i`` saves, so the words cannot disagree
    with it."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    events: list[tuple[str, date | None, str]] = []
    current: dict[str, str] | None = None
    for line in unfolded.splitlines():
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None and current.get("STATUS") == "CANCELLED":
            current = None  # a series called off: no event to attend (see _calendar_words)
        elif line == "END:VEVENT" and current is not None:
            start = current.get("DTSTART", "")
            day = to_date(f"{start[:4]}-{start[4:6]}-{start[6:8]}") if len(start) >= 8 else None
            events.append((current.get("SUMMARY", ""), day, _repeats(current.get("RRULE", ""))))
            current = None
        elif current is not None and ":" in line:
            name, _, value = line.partition(":")
            current.setdefault(name.split(";")[0].upper(), _unescape(value))
    return events


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _repeats(rule: str) -> str:
    if not rule:
        return ""
    parts = dict(part.partition("=")[::2] for part in rule.split(";"))
    unit = _FREQUENCY.get(parts.get("FREQ", ""), "")
    if not unit:
        return "repeating"
    interval = int(parts["INTERVAL"]) if parts.get("INTERVAL", "").isdigit() else 1
    return f"every {unit}" if interval == 1 else f"every {interval} {unit}s"


class DraftsScreen(AppAccess, Screen[None]):
    """The recap email, the calendar file and the written agreement of one conversation."""

    CSS_PATH = "drafts.tcss"

    BINDINGS = [
        Binding("1", "show('recap')", "Recap", group=Binding.Group("Show")),
        Binding("2", "show('calendar')", "Calendar", group=Binding.Group("Show")),
        Binding("3", "show('agreement')", "Agreement", group=Binding.Group("Show")),
        # Each key that may leave the footer (FOOTER_LEAVES), then its twin out of it.
        Binding("1", "show_unlisted('recap')", "Recap", show=False),
        Binding("2", "show_unlisted('calendar')", "Calendar", show=False),
        Binding("3", "show_unlisted('agreement')", "Agreement", show=False),
        Binding("c", "copy", "Copy"),
        Binding("c", "copy_unlisted", "Copy", show=False),
        Binding("e", "export", "Save file"),
        Binding("e", "export_unlisted", "Save file", show=False),
        Binding("i", "edit", "Edit"),
        Binding("i", "calendar", "Save .ics"),
        Binding("r", "restore", "Restore draft"),
        Binding("r", "restore_unlisted", "Restore draft", show=False),
        Binding("u", "undo_restore", "Bring edits back"),
        Binding("u", "undo_restore_unlisted", "Bring edits back", show=False),
        Binding("escape", "back", "Done"),
        Binding("question_mark,f1", "app.help", "Keys"),
    ]

    def __init__(self, diagnosis: Diagnosis, conversation: Conversation) -> None:
        super().__init__()
        self.diagnosis = diagnosis
        self.conversation = conversation
        self.keeper: LatestWriter[Conversation] | None = None
        self.loaded = {which: kept_text(diagnosis, conversation, which) for which in EDITABLE}
        """The text each editor was filled with (shown inert): what its edit is an edit of."""
        self.set_aside: dict[str, str] = {}
        """The edit of each draft the last ``r`` replaced with the draft, until ``u`` brings it
        back or the screen closes (nothing typed is lost to a stray ``r``)."""
        self.was_left_out: set[str] = set()
        """The keys the footer last left out (refitted when that changes)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="drafts-body"):
            yield Static(self._summary(), id="drafts-title")
            with TabbedContent(initial="recap", id="tabs"):
                for which in TABS:
                    with TabPane(TAB_TITLES[which], id=which):
                        if which == "calendar":
                            with VerticalScroll(id="calendar-body"):
                                yield Static(self._calendar_words(), id="calendar-words")
                            continue
                        yield LimitedTextArea(
                            shown(self.loaded[which]),
                            max_length=MAX_DRAFT,
                            id=f"{which}-editor",
                            classes="draft",
                            soft_wrap=True,
                            read_only=True,
                            # No cursor while it is only read (letters here are keys);
                            # editing (i) shows it.
                            show_cursor=False,
                            show_line_numbers=False,
                        )
                        yield Static(id=f"{which}-flags", classes="flags")
            yield Static(id="hint", classes="dim")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "After the call"
        self.sub_title = shown(self.diagnosis.partner, one_line=True)
        repository = self.repository
        app = self.app
        diagnosis_id = self.diagnosis.id

        def keep(conversation: Conversation) -> None:
            if diagnosis_id is not None:
                repository.set_conversation(diagnosis_id, conversation)

        def failed(error: Exception) -> None:
            app.call_from_thread(
                self.notify,
                Content(shown(f"Could not keep the edit: {error}. It is still in the editor.")),
                severity="error",
            )

        self.keeper = LatestWriter(keep, failed, name="unstall-drafts")
        for which in EDITABLE:
            self._refresh_flags(which)
        self._set_editing(None)

    def on_unmount(self) -> None:
        if self.keeper is not None:
            self.keeper.stop()

    # -- what is shown ----------------------------------------------------------------------

    def _summary(self) -> Content:
        conversation = self.conversation
        parts: list[str | tuple[str, str]] = [
            "Recorded: ",
            (shown(self.diagnosis.partner, one_line=True), "bold"),
            f" · held on {long_date(conversation.held_on)}",
            f" · their answer: {PRIORITY_WORDS[conversation.priority]}",
            " · decision: ",
            (conversation.decision_note, "bold"),
        ]
        if conversation.agreed_sentence:
            parts.append(f"\n{conversation.agreed_label}: {agreed_brief(conversation)}.")
        return Content.assemble(*parts)

    def calendar_text(self) -> str:
        return calendar_file(self.diagnosis, now=clock.now(), conversation=self.conversation)

    def _calendar_words(self) -> Content:
        events = calendar_events(self.calendar_text())
        today = clock.today()
        count = len(events)
        lines = [
            Content.styled(
                f"The calendar file holds {count} event{'s' if count != 1 else ''}:", "bold"
            )
        ]
        for summary, day, repeats in events:
            when = describe(day, today) if day is not None else "no date"
            if repeats and day is not None:
                # The one recurring event is the review, on the verdict's rhythm.
                repeats = rhythm_words(self.diagnosis.verdict.cadence, day)
            how = f", then {repeats}" if repeats else ", once"
            lines.append(Content(f"  • {shown(summary, one_line=True)}: {when}{how}."))
        plan = calendar_contents(self.diagnosis, self.conversation)
        if plan.review_status == "CANCELLED":
            lines.append(Content("  • The review, called off: importing it removes the series."))
        if plan.in_diary:
            lines.append(Content("  • No review series: yours is already on the calendar."))
        folder = shown(str(self.unstall.export_dir))
        lines.append(
            Content(
                f"\nPress i (or e) to save it as an .ics file in {folder}, then open it with "
                "your calendar program; c copies its text."
            )
        )
        return Content("\n").join(lines)

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or "recap"

    def editor(self, which: str) -> TextArea:
        return self.query_one(f"#{which}-editor", TextArea)

    @property
    def editing(self) -> bool:
        return self.is_mounted and any(not self.editor(which).read_only for which in EDITABLE)

    def _set_editing(self, which: str | None) -> None:
        for name in EDITABLE:
            editor = self.editor(name)
            editor.read_only = name != which
            editor.set_class(name == which, "-editing")
        if which is not None:
            editor = self.editor(which)
            editor.focus()
            editor.move_cursor(editor.document.end)
            hint = "Editing: type freely. Press escape when done; the edit is kept."
        else:
            hint = self._keys_hint()
            if self.tab in EDITABLE:
                self.editor(self.tab).focus()
        self.query_one("#hint", Static).update(Content(hint))
        self.refresh_bindings()

    def _keys_hint(self) -> str:
        if self.is_mounted and self.tab == "calendar":
            return "i or e saves the .ics · c copies it · 1 2 3 switch drafts · escape: back"
        hint = "i edits · c copies · e saves a file · r restores the draft · escape: back"
        if self.is_mounted and self.tab in self.set_aside:
            hint += " · u brings your edits back"
        return hint

    def _refresh_flags(self, which: str) -> None:
        text = self.editor(which).text
        self.query_one(f"#{which}-flags", Static).update(describe_flags(text, check(text)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys of the tab shown (none that a letter starts while editing); each key of
        FOOTER_LEAVES in the footer where it has room, else its twin out of it."""
        return fitted_check(self, action, self._available, FOOTER_LEAVES, parameters)

    def _available(self, action: str) -> bool:
        if not self.is_mounted:
            return True
        if self.editing and action in EDITING_OFF:
            return False
        tab = self.tab
        if action in ("edit", "restore"):
            return tab in EDITABLE
        if action == "undo_restore":
            return tab in self.set_aside
        if action == "calendar":
            return tab == "calendar"
        return True

    @property
    def footer_left_out(self) -> set[str]:
        """The keys the footer leaves out at the moment (see :data:`FOOTER_LEAVES`)."""
        return left_out(self, self._available, FOOTER_LEAVES)

    def on_resize(self) -> None:
        self.was_left_out = refit(self, self._available, FOOTER_LEAVES, self.was_left_out)

    def keys_elsewhere(self) -> list[tuple[str, str]]:
        """The keys of this screen that are off right now, each with where it works (another
        tab, or once the edit is done): the keys screen lists them after those that work."""
        # A key in the footer or its twin out of it (FOOTER_LEAVES): the same key either way.
        active = {
            (found.binding.key, found.binding.action.replace(TWIN, ""))
            for found in self.active_bindings.values()
        }
        pairs: list[tuple[str, str]] = []
        for binding in Binding.make_bindings(self.BINDINGS):
            if not binding.description or binding.action == "app.help":
                continue
            action = binding.action.replace(TWIN, "")
            if (binding.key, action) in active:
                continue
            if action == "undo_restore" and not self.editing:
                where = "once r has put a draft back over your edit"
            elif action in ("edit", "restore") and self.tab not in EDITABLE:
                where = "on the recap and agreement tabs (1, 3)"
            elif action == "calendar" and self.tab != "calendar":
                where = "on the calendar tab (2)"
            else:
                where = "once escape ends the edit"
            pair = (self.app.get_key_display(binding), f"{binding.description}, {where}")
            if pair not in pairs:  # a key and its twin: listed once
                pairs.append(pair)
        return pairs

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        if self.is_mounted and not self.editing:
            if self.tab in EDITABLE:
                self.editor(self.tab).focus()
            self.query_one("#hint", Static).update(Content(self._keys_hint()))
        self.refresh_bindings()

    # -- editing ----------------------------------------------------------------------------

    @on(TextArea.Changed, ".draft")
    def _changed(self, event: TextArea.Changed) -> None:
        which = (event.text_area.id or "").removesuffix("-editor")
        if which not in EDITABLE:
            return
        self._refresh_flags(which)
        # What the person left as it was is the stored text again (a mark shown as <U+200F>
        # is the mark); what they typed is kept as typed.
        text = unshown(event.text_area.text, self.loaded[which])
        drafted = drafted_text(self.diagnosis, self.conversation, which)
        before = self.conversation.recap if which == "recap" else self.conversation.agreement
        edited = None if text == drafted else text
        if edited == before:
            return
        if edited is not None and len(edited) > MAX_DRAFT:
            self._say_too_long(which, MAX_DRAFT)
            return
        self.conversation = (
            replace(self.conversation, recap=edited)
            if which == "recap"
            else replace(self.conversation, agreement=edited)
        )
        if self.keeper is not None:
            self.keeper.submit(self.conversation)

    @on(LimitReached)
    def _limit_reached(self, event: LimitReached) -> None:
        which = (event.widget.id or "").removesuffix("-editor")
        self._say_too_long(which, event.limit)

    def _say_too_long(self, which: str, limit: int) -> None:
        self.query_one("#hint", Static).update(
            Content(
                f"✗ {WHAT.get(which, 'The draft')} may be at most {limit:,} characters: that "
                "did not fit. What is in the editor is kept; shorten it to add more."
            )
        )

    # -- keys -------------------------------------------------------------------------------

    def action_show(self, which: str) -> None:
        self.query_one(TabbedContent).active = which
        if which in EDITABLE:
            self.editor(which).focus()
        self.refresh_bindings()

    def action_edit(self) -> None:
        if self.tab in EDITABLE:
            self._set_editing(self.tab)

    def action_restore(self) -> None:
        """The draft back in the tab's editor: at once when nothing was edited; else once
        confirmed, and the edit set aside for ``u`` to bring back."""
        from tui.screens.confirm import ConfirmScreen

        which = self.tab
        if which not in EDITABLE:
            return
        drafted = drafted_text(self.diagnosis, self.conversation, which)
        edited = unshown(self.editor(which).text, self.loaded[which])
        if edited == drafted:
            self.notify(Content(f"{WHAT[which]} is the draft already: nothing was edited."))
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._put_text(which, drafted)
                self.set_aside[which] = edited
                self._set_editing(None)
                self.notify(
                    Content(
                        f"{WHAT[which]}: the draft is back; u brings your edit back (until "
                        "you leave)."
                    )
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Put back the draft of {WHAT[which].lower()}? Your edit leaves the editor (u "
                "brings it back until you leave this screen).",
                yes="Put back the draft",
                no="Keep my edit",
            ),
            answer,
        )

    def action_undo_restore(self) -> None:
        """The edit of the tab's draft the last ``r`` set aside, back in its editor."""
        which = self.tab
        edited = self.set_aside.pop(which, None)
        if edited is None:
            return
        self._put_text(which, edited)
        self._set_editing(None)
        self.notify(Content(f"{WHAT[which]}: your edit is back."))

    def _put_text(self, which: str, text: str) -> None:
        """``text`` in the editor of ``which`` (shown inert); its Changed keeps it."""
        self.loaded[which] = text
        self.editor(which).load_text(shown(text))

    def _file_name(self, which: str) -> str:
        held = self.conversation.held_on.isoformat()
        ending = "txt" if which == "recap" else "md"
        return f"unstall-{which}-{slug(self.diagnosis.partner)}-{held}.{ending}"

    def _text_of(self, which: str) -> str:
        if which == "calendar":
            return self.calendar_text()
        return kept_text(self.diagnosis, self.conversation, which)

    def action_copy(self) -> None:
        which = self.tab
        title = {"recap": "Recap email", "calendar": "Calendar", "agreement": "Agreement"}
        self.unstall.copy_text(self._text_of(which), title[which])

    def action_export(self) -> None:
        which = self.tab
        if which == "calendar":
            self.action_calendar()
            return
        self.unstall.save_text(self._file_name(which), self._text_of(which), WHAT[which])

    def action_calendar(self) -> None:
        self.unstall.export_calendar(self.diagnosis, self.conversation)

    def action_back(self) -> None:
        if self.editing:
            self._set_editing(None)
            return
        if self.keeper is not None:
            self.keeper.flush()
        self.dismiss(None)

    action_show_unlisted = action_show
    action_copy_unlisted = action_copy
    action_export_unlisted = action_export
    action_restore_unlisted = action_restore
    action_undo_restore_unlisted = action_undo_restore
