"""The talking points: the draft in an editor, checked for blame as it is typed, kept with the
diagnosis, copied or saved as Markdown.

The draft has two headed parts: the notes before the call (for the user, never read aloud) and
what to say (to the partner, as written). The day proposed for the conversation and the next
step, with who acts, are shown above the editor."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static, TextArea

from playbook.blame import Flag, check
from playbook.dates import long_date
from playbook.diagnosis import Diagnosis
from playbook.inert import shown, unshown
from playbook.points import PATH_WORDS, POINTS_HEADING, PREP_HEADING, points_limit
from tui.access import AppAccess
from tui.autosave import LatestWriter
from tui.footer_fit import fitted_check, left_out, refit
from tui.look import plan_lines
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.limited import LimitedTextArea, LimitReached

PARTS_NOTE = (
    f"“{PREP_HEADING}” is for you: read it, do not say it. "
    f"“{POINTS_HEADING}” is said to them, as written."
)


def describe_flags(text: str, flags: list[Flag]) -> Content:
    """Each flagged phrase with its line and the reason, the phrase itself highlighted."""
    if not flags:
        return Content.styled("✔ No blaming language found.", "$success")
    lines = [
        Content.styled(
            f"⚠ {len(flags)} phrase{'s' if len(flags) != 1 else ''} may sound like blame:",
            "bold $warning",
        )
    ]
    for flag in flags:
        line = text.count("\n", 0, flag.start) + 1
        lines.append(
            Content.assemble(
                f"  line {line}: ",
                (shown(flag.phrase, one_line=True), "bold reverse $warning"),
                f" — {flag.reason}",
            )
        )
    return Content("\n").join(lines)


FOOTER_LEAVES = ("undo_restore", "restore", "export", "copy", "meeting")
"""The keys that leave the footer, in this order, where it has no room for every key, so that
Edit, Done, Keys and Quit fit: restoring the draft first, the meeting last (it stays down to 60
columns). They still work, the hint under the editor names c, e, r and u, and the keys screen
lists them (see :mod:`tui.footer_fit`)."""
EDITING_OFF = ("copy", "export", "edit", "restore", "undo_restore", "meeting")
"""Actions a letter starts: off while the editor is being typed in."""


class PointsScreen(AppAccess, Screen[Diagnosis | None]):
    """Read, edit, check, copy and export the talking points."""

    CSS_PATH = "points.tcss"

    BINDINGS = [
        # Each key that may leave the footer (FOOTER_LEAVES), then its twin out of it.
        Binding("c", "copy", "Copy"),
        Binding("c", "copy_unlisted", "Copy", show=False),
        Binding("e", "export", "Save .md"),
        Binding("e", "export_unlisted", "Save .md", show=False),
        Binding("i", "edit", "Edit"),
        Binding("r", "restore", "Restore draft"),
        Binding("r", "restore_unlisted", "Restore draft", show=False),
        Binding("u", "undo_restore", "Bring edits back"),
        Binding("u", "undo_restore_unlisted", "Bring edits back", show=False),
        Binding("m", "meeting", "Meeting"),
        Binding("m", "meeting_unlisted", "Meeting", show=False),
        Binding("escape", "back", "Done"),
        Binding("question_mark,f1", "app.help", "Keys"),
    ]

    def __init__(self, diagnosis: Diagnosis) -> None:
        super().__init__()
        self.diagnosis = diagnosis
        self.keeper: LatestWriter[str | None] = LatestWriter(self._keep, self._keep_failed)
        self.loaded = diagnosis.points_text
        """The text the editor was filled with (shown inert): what the edit is an edit of."""
        self.set_aside: str | None = None
        """The edit the last ``r`` replaced with the draft, until ``u`` brings it back or the
        screen closes (nothing typed is lost to a stray ``r``)."""
        self.was_left_out: set[str] = set()
        """The keys the footer last left out (refitted when that changes)."""

    def compose(self) -> ComposeResult:
        diagnosis = self.diagnosis
        yield Header()
        with Vertical(id="points-body"):
            yield Static(
                Content.assemble(
                    (PATH_WORDS[diagnosis.talking_points.path], "bold"),
                    f" · {shown(diagnosis.partner, one_line=True)}"
                    f" · {long_date(diagnosis.diagnosed_on)}",
                ),
                id="points-title",
            )
            plan = plan_lines(diagnosis.talking_points)
            shown_plan = Static(Content("\n").join(plan), id="plan")
            shown_plan.display = bool(plan)
            yield shown_plan
            yield Static(Content(PARTS_NOTE), id="parts", classes="dim")
            # Shown inert: a control character in a name or a note is seen, never sent to the
            # terminal; an edit keeps it, as what it stands for (see _changed).
            editor = LimitedTextArea(
                shown(self.loaded),
                max_length=points_limit(diagnosis.talking_points.as_text()),
                id="editor",
                soft_wrap=True,
                read_only=True,
                # No cursor while it is only read: a cursor invites typing, and letters here
                # are keys (c copies, r restores the draft). Editing (i) shows it.
                show_cursor=False,
                show_line_numbers=False,
            )
            yield editor
            yield Static(id="flags")
            yield Static(id="hint", classes="dim")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Talking points"
        self.sub_title = shown(self.diagnosis.partner, one_line=True)
        self._refresh_flags()
        self._set_editing(False)

    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    def _set_editing(self, editing: bool) -> None:
        editor = self.editor
        editor.read_only = not editing
        editor.set_class(editing, "-editing")
        if editing:
            editor.focus()
            editor.move_cursor(editor.document.end)
            hint = (
                "Editing: type freely. Press escape when done; edits are kept with the diagnosis."
            )
        else:
            editor.focus()
            hint = self._keys_hint()
        self.query_one("#hint", Static).update(Content(hint))
        self.refresh_bindings()

    def _keys_hint(self) -> str:
        hint = "Press i to edit, c to copy, e to save as Markdown, r to restore the draft."
        if self.set_aside is not None:
            hint += " u brings your edits back."
        return hint

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While editing, letters type text: only escape (and the app's keys) stay active.
        ``u`` once ``r`` set an edit aside. Each key of FOOTER_LEAVES in the footer where it
        has room, else its twin out of it."""
        return fitted_check(self, action, self._available, FOOTER_LEAVES)

    def _available(self, action: str) -> bool:
        if not self.is_mounted:
            return True
        if action in EDITING_OFF and not self.editor.read_only:
            return False
        if action == "undo_restore":
            return self.set_aside is not None
        return True

    @property
    def footer_left_out(self) -> set[str]:
        """The keys the footer leaves out at the moment (see :data:`FOOTER_LEAVES`)."""
        return left_out(self, self._available, FOOTER_LEAVES)

    def on_resize(self) -> None:
        self.was_left_out = refit(self, self._available, FOOTER_LEAVES, self.was_left_out)

    def _refresh_flags(self) -> None:
        text = self.editor.text
        self.query_one("#flags", Static).update(describe_flags(text, check(text)))

    @on(TextArea.Changed, "#editor")
    def _changed(self) -> None:
        self._refresh_flags()
        # What the person left as it was is the stored text again, a right-to-left mark shown
        # as <U+200F> included; what they typed is kept as typed.
        text = unshown(self.editor.text, self.loaded)
        drafted = self.diagnosis.talking_points.as_text()
        edited = None if text == drafted else text
        limit = points_limit(drafted)
        if edited is not None and len(edited) > limit:
            self._say_too_long(limit)  # kept in the editor, not saved until it fits
            return
        self.diagnosis = replace(self.diagnosis, edited_points=edited)
        self.keeper.submit(edited)

    @on(LimitReached)
    def _limit_reached(self, event: LimitReached) -> None:
        self._say_too_long(event.limit)

    def _say_too_long(self, limit: int) -> None:
        self.query_one("#hint", Static).update(
            Content(
                f"✗ The talking points may be at most {limit:,} characters: that did not fit. "
                "What is in the editor is kept; shorten it to add more."
            )
        )

    def _keep(self, edited: str | None) -> None:
        if self.diagnosis.id is not None:
            self.repository.set_edited_points(self.diagnosis.id, edited)

    def _keep_failed(self, error: Exception) -> None:
        self.app.call_from_thread(
            self.notify,
            Content(
                shown(f"Could not save the edited points: {error}. They are still in the editor.")
            ),
            severity="error",
        )

    def on_unmount(self) -> None:
        self.keeper.stop()

    def action_edit(self) -> None:
        self._set_editing(True)

    def action_back(self) -> None:
        if not self.editor.read_only:
            self._set_editing(False)
            return
        self.keeper.flush()
        self.dismiss(self.diagnosis)

    def action_restore(self) -> None:
        """The draft back in the editor: at once when nothing was edited; else once
        confirmed, and the edit set aside for ``u`` to bring back."""
        from tui.screens.confirm import ConfirmScreen

        drafted = self.diagnosis.talking_points.as_text()
        edited = unshown(self.editor.text, self.loaded)
        if edited == drafted:
            self.notify("These are the drafted talking points already: nothing was edited.")
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._put_text(drafted)
                self.set_aside = edited
                self._set_editing(False)
                self.notify(
                    "The drafted talking points are back: u brings your edits back (until "
                    "you leave)."
                )

        self.app.push_screen(
            ConfirmScreen(
                "Put back the drafted talking points? Your edits leave the editor (u brings "
                "them back until you leave this screen).",
                yes="Put back the draft",
                no="Keep my edits",
            ),
            answer,
        )

    def action_undo_restore(self) -> None:
        """The edit the last ``r`` set aside, back in the editor."""
        if self.set_aside is None:
            return
        self._put_text(self.set_aside)
        self.set_aside = None
        self._set_editing(False)
        self.notify("Your edits are back.")

    def _put_text(self, text: str) -> None:
        self.loaded = text
        self.editor.load_text(shown(text))
        self._changed()

    action_restore_unlisted = action_restore
    action_undo_restore_unlisted = action_undo_restore

    def action_copy(self) -> None:
        self.unstall.copy_points(self.diagnosis)

    def action_meeting(self) -> None:
        """The meeting companion, with these points (as edited) as its checklist; a
        conversation already held shows its drafts instead."""
        self.keeper.flush()
        if self.diagnosis.extra.get("conversation") is not None:
            self.unstall.open_drafts(self.diagnosis)
        else:
            self.unstall.open_meeting(self.diagnosis, done=self._conversation_held)

    def _conversation_held(self, diagnosis: Diagnosis) -> None:
        self.diagnosis = diagnosis

    def action_export(self) -> None:
        self.unstall.export_markdown(self.diagnosis)

    action_copy_unlisted = action_copy
    action_export_unlisted = action_export
    action_meeting_unlisted = action_meeting
