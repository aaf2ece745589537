"""The meeting companion: the reset conversation while it is being held.

The points to say, as a checklist ticked as they are said; the answer to the honest question in
one key (``y`` yes, ``n`` no, ``e`` no clear answer); the fix, its owner, the side that acts and
its due date, pre-filled from the talking points' next step and editable, dates read back in
words; free notes. Everything is saved as it is typed (a :class:`~tui.autosave.LatestWriter`
over ``Repository.save_meeting``), so a quit or a kill mid-call loses nothing and home offers to
resume it. ``ctrl+s`` finishes: the decision is confirmed (yes revives; no, or no clear answer,
exits; the user may pick otherwise), the conversation is recorded, and the drafts follow
(:mod:`tui.screens.drafts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)

from playbook import clock
from playbook.conversation import (
    LIMITS,
    PRIORITY_WORDS,
    SIDES,
    Conversation,
    Meeting,
    as_agreed,
    default_decision,
    make_conversation,
)
from playbook.dates import DateError, describe, long_date, parse_date
from playbook.diagnosis import Diagnosis, spoken_points
from playbook.inert import shown, unshown
from playbook.outcome import DECISIONS
from playbook.points import POINTS_HEADING, SIDE_WORDS
from playbook.workdays import off_day_note
from store.errors import StoreError
from store.meetings import MeetingChanged
from store.records import DiagnosisGone
from tui.access import AppAccess
from tui.autosave import LatestWriter
from tui.footer_fit import fitted_check, left_out, refit
from tui.screens.confirm import ConfirmScreen
from tui.widgets.checklist import Checklist
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.limited import LimitedInput, LimitedTextArea, LimitReached

PRIORITY_QUESTION = "Still a priority for them?"
LINE_FIELDS = {
    "held_on": "Held on",
    "fix": "The fix agreed",
    "owner": "Who owns it",
    "due": "Due",
}
"""The one-line fields, in the order shown, with their labels."""
PLACEHOLDERS = {
    "held_on": "today, yesterday, 2026-11-25",
    "fix": "e.g. Priya names an owner",
    "owner": "a name, or their side",
    "due": "next Friday, in 2 weeks, 2026-12-04",
}
FIELD_NAMES = {
    "held_on": "The day it was held",
    "fix": "The fix",
    "owner": "Who owns it",
    "due": "The due date",
    "notes": "The notes",
}
ANSWER_LOOK = {
    "yes": ("✔", "YES", "$success"),
    "no": ("✗", "NO", "$error"),
    "evasive": ("~", "NO CLEAR ANSWER (evasive)", "$warning"),
}
"""The answer, shown in a symbol, a word and a colour (never colour alone)."""
DECISION_LABELS = {
    "revive": "Revive (r)",
    "exit": "Exit (x)",
    "pending": "Pending (p)",
}
DECISION_MEANING = {
    "revive": "revive it, with the fix agreed",
    "exit": "exit: wind it down cleanly, the door left open",
    "pending": "pending: no decision yet",
}
TYPING_OFF = ("priority", "discard")
"""Actions off while the cursor is in a text field: the letter is typed there instead (and
ctrl+d deletes the character after the cursor, as in any field)."""
FOOTER_LEAVES = ("priority",)
"""The keys that leave the footer where it has no room for every key, so that Finish, Save &
leave, Keys and Quit fit: the answer keys (y n e), together, as the footer draws them together.
The line at the top names them, and the keys screen lists them; see :mod:`tui.footer_fit`."""


AGREED_SHOWN = 240
"""At most this many characters of the agreed sentence in a one-glance summary (the finish
dialog, the drafts' title): a 2,000-character fix would push everything else off an 80x24
screen. The drafts themselves hold it whole."""


def brief(text: str, limit: int = AGREED_SHOWN) -> str:
    """``text`` shown literally on one line, cut to ``limit`` characters with "…"."""
    text = shown(text, one_line=True)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def agreed_brief(conversation: Conversation, limit: int = AGREED_SHOWN) -> str:
    """The agreed sentence (fix, who acts, due date) shown literally on one line in at most
    ``limit`` characters: the fix is what gets cut (ending in "…"), so who acts and the due
    date always show; an owner longer than a third of ``limit`` is cut too."""
    whole = shown(conversation.agreed_sentence, one_line=True)
    if len(whole) <= limit:
        return whole
    owner = conversation.owner
    if len(shown(owner, one_line=True)) > limit // 3:
        owner = brief(owner, limit // 3)
    # Everything but the fix, measured with a one-character fix in its place.
    rest = len(shown(replace(conversation, fix="x", owner=owner).agreed_sentence, one_line=True))
    fix = brief(conversation.fix, max(limit - (rest - 1), 2))
    return shown(replace(conversation, fix=fix, owner=owner).agreed_sentence, one_line=True)


def in_words(problem: str) -> str:
    """A problem as make_conversation words it (``due: ...``), with the field's name in words
    (``The due date: ...``)."""
    name, colon, message = problem.partition(": ")
    words = {
        **FIELD_NAMES,
        "priority": "Their answer",
        "side": "Who acts",
        "decision": "The decision",
    }
    if colon and name in words:
        return f"{words[name]}: {message}"
    return problem


def read_date(name: str, typed: Mapping[str, str], today: date) -> Content:
    """A date field read back in words, as make_conversation will read it: the day held (empty
    means today), or the due date (counted from the day held); or what is wrong with it."""
    text = typed.get(name, "").strip()
    held_on = today
    held_text = typed.get("held_on", "").strip()
    if held_text:
        try:
            held_on = parse_date(held_text, today, past=True)
        except DateError:
            held_on = today
    if not text:
        if name == "held_on":
            return Content(f"→ today, {long_date(today)}")
        return Content("")
    try:
        when = (
            parse_date(text, today, past=True)
            if name == "held_on"
            else parse_date(text, held_on, ahead=True)
        )
    except DateError as error:
        return Content.assemble(("✗ ", "bold $error"), (shown(str(error), one_line=True), "$error"))
    note = off_day_note(when) if name == "due" else ""
    return Content(f"→ {describe(when, today)}" + (f" ({note})" if note else ""))


class FinishScreen(ModalScreen[str | None]):
    """The decision the conversation sets, confirmed: the answer's own first, the others one
    key away; escape goes back to the call."""

    CSS_PATH = "meeting.tcss"

    BINDINGS = [
        Binding("r", "choose('revive')", "Revive"),
        Binding("x", "choose('exit')", "Exit"),
        Binding("p", "choose('pending')", "Pending"),
        Binding("escape", "back", "Back to the call"),
    ]

    def __init__(
        self, partner: str, priority: str, agreed: str, chosen: str, path: str = ""
    ) -> None:
        super().__init__()
        self.path = path
        self.partner = partner
        self.priority = priority
        self.agreed = agreed
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        name = shown(self.partner, one_line=True)
        answer = PRIORITY_WORDS[self.priority]
        follows = default_decision(self.priority, self.path)
        lines = [
            Content.assemble(("Finish the conversation with ", "bold"), (name, "bold")),
            Content(f"Their answer to the honest question: {answer}."),
            Content(f"That means: {DECISION_MEANING[follows]}."),
        ]
        if self.agreed:
            lines.append(Content(f"Agreed: {shown(self.agreed, one_line=True)}."))
        lines.append(
            Content(
                "Record it with enter, or pick another decision: r revive, x exit, p pending. "
                "Escape goes back to the call."
            )
        )
        with Vertical(id="finish"):
            yield Static(Content("\n").join(lines), id="finish-text")
            with Horizontal(id="finish-buttons"):
                for decision in DECISIONS:
                    yield Button(
                        DECISION_LABELS[decision],
                        id=f"decide-{decision}",
                        variant="primary" if decision == self.chosen else "default",
                    )

    def on_mount(self) -> None:
        self.query_one(f"#decide-{self.chosen}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("decide-"))

    def action_choose(self, decision: str) -> None:
        self.dismiss(decision)

    def action_back(self) -> None:
        self.dismiss(None)


class ChangeAnswerScreen(ConfirmScreen, inherit_bindings=False):
    """Asked before a letter changes an answer already given: a note typed where the points
    have focus ("they need time") must not change it unseen. Only the Change button changes it
    (tab or an arrow, then enter; or a click); escape, enter on Keep and any other key keep the
    answer, and the key is not passed on."""

    BINDINGS = [
        Binding("escape", "answer(False)", "Keep the answer"),
        Binding("tab,right", "app.focus_next", "Next button", show=False),
        Binding("shift+tab,left", "app.focus_previous", "Previous button", show=False),
    ]
    MOVES = ("tab", "shift+tab", "right", "left", "enter")
    """The keys that reach the buttons: to move between them and press one."""

    def __init__(self, was: str, wanted: str) -> None:
        keep, change = ANSWER_LOOK[was][1], ANSWER_LOOK[wanted][1]
        super().__init__(
            f"Their answer is {keep}. Change it to {change}? Tab, then enter, changes it; "
            f"any other key keeps {keep}.",
            yes=f"Change to {change}",
            no=f"Keep {keep}",
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(shown(self.question)), id="question")
            with Horizontal(id="buttons"):
                yield Button(self.yes, id="yes", variant="warning")
                yield Button(self.no, id="no", variant="primary")

    def on_key(self, event: events.Key) -> None:
        if event.key not in self.MOVES:
            event.stop()
            event.prevent_default()
            self.dismiss(False)


class MeetingScreen(AppAccess, Screen[Diagnosis | None]):
    """The call itself. Dismissed with the diagnosis, its conversation recorded, once finished;
    with ``None`` when left (the meeting is kept, to resume)."""

    CSS_PATH = "meeting.tcss"
    AUTO_FOCUS = "#points"

    BINDINGS = [
        Binding("ctrl+s", "finish", "Finish", priority=True),
        Binding("escape", "leave", "Save & leave"),
        Binding("ctrl+d", "discard", "Discard meeting", show=False),
        Binding("y", "priority('yes')", "Yes", group=Binding.Group("Answer")),
        Binding("n", "priority('no')", "No", group=Binding.Group("Answer")),
        Binding("e", "priority('evasive')", "Evasive", group=Binding.Group("Answer")),
        # Their twins, out of the footer, where it has no room for them (FOOTER_LEAVES;
        # check_action turns on one set or the other; both say the same in the keys screen).
        Binding("y", "priority_unlisted('yes')", "Yes", show=False),
        Binding("n", "priority_unlisted('no')", "No", show=False),
        Binding("e", "priority_unlisted('evasive')", "Evasive", show=False),
        Binding("question_mark,f1", "app.help", "Keys"),
    ]

    def __init__(self, diagnosis: Diagnosis, meeting: Meeting) -> None:
        super().__init__()
        self.diagnosis = diagnosis
        self.meeting = meeting
        self.typed: dict[str, str] = dict(meeting.typed)
        self.loaded: dict[str, str] = dict(meeting.typed)
        """What each input was filled with (shown inert): what its edit is an edit of."""
        self.points = spoken_points(diagnosis)
        self.said: set[int] = {n for n in meeting.said if 0 <= n < len(self.points)}
        self.problems: dict[str, str] = {}
        """What was wrong at the last try to finish, by field (shown next to it)."""
        self.tried = False
        self.was_left_out: set[str] = set()
        """The keys the footer last left out (refitted when that changes)."""
        self.writer: LatestWriter[Meeting] | None = None
        self.revision = meeting.revision
        """The revision the last save stored: a save from another revision is refused."""
        self.lost: str | None = None
        """Why this window can no longer save (the diagnosis deleted, or the meeting changed
        or finished in another window): what is typed stays on screen, nothing more is saved."""

    class SaveFailed(Message):
        """A save in the background failed (posted from the writer's thread)."""

        def __init__(self, error: Exception) -> None:
            self.error = error
            super().__init__()

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        # The answer and the count of points said stay in view while the rest scrolls.
        yield Static(id="priority")
        yield Static(id="priority-problem", classes="problem")
        yield Static(id="points-title")
        with VerticalScroll(id="meeting-body"):
            yield Checklist(self.points, self.said, id="points")
            for name, label in LINE_FIELDS.items():
                with Horizontal(classes="row", id=f"row-{name}"):
                    yield Label(Content(label), classes="label")
                    yield LimitedInput(
                        shown(self.typed.get(name, ""), one_line=True),
                        placeholder=PLACEHOLDERS[name],
                        max_length=LIMITS[name],
                        id=name,
                        compact=True,
                        select_on_focus=False,
                    )
                yield Static(id=f"{name}-read", classes="read")
                if name == "owner":
                    with Horizontal(classes="row", id="row-side"):
                        yield Label(Content("Who acts"), classes="label")
                        yield RadioSet(
                            *[
                                RadioButton(
                                    SIDE_WORDS[side],
                                    value=self.typed.get("side") == side,
                                    name=side,
                                )
                                for side in SIDES
                            ],
                            id="side",
                            compact=True,
                        )
                    yield Static(id="side-read", classes="read")
            yield Label(Content("Notes during the call"), classes="label notes-label")
            yield LimitedTextArea(
                shown(self.typed.get("notes", "")),
                max_length=LIMITS["notes"],
                id="notes",
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
                compact=True,
            )
            yield Static(id="notes-read", classes="read")
        yield Static(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Reset conversation"
        self.sub_title = shown(self.diagnosis.partner, one_line=True)
        repository = self.repository
        diagnosis_id = self.diagnosis.id

        def write(meeting: Meeting) -> None:
            # Each save is from the revision the last one stored (the writer runs one at a
            # time): a save from another window in between is refused, never overwritten.
            if diagnosis_id is not None:
                saved = repository.save_meeting(
                    diagnosis_id, replace(meeting, revision=self.revision)
                )
                self.revision = saved.revision

        def failed(error: Exception) -> None:
            # post_message is thread-safe and never waits: a flush on the app's thread
            # cannot deadlock on it.
            self.post_message(self.SaveFailed(error))

        self.writer = LatestWriter(write, failed, name="unstall-meeting")
        self._show_priority()
        self._show_said()
        for name in (*LINE_FIELDS, "side", "notes"):
            self._show_feedback(name)
        self._status("Saved as you type: escape leaves (home offers to resume it).")
        self._save()  # a new meeting is on disk from its first moment
        self.call_after_refresh(self._highlight_side)

    def _highlight_side(self) -> None:
        """The side's highlight on the side chosen, so that enter keeps it (a RadioSet
        highlights its first option when it mounts; its public next-button action steps one
        option at a time)."""
        sides = self.query_one("#side", RadioSet)
        for _ in range(max(sides.pressed_index, 0)):
            sides.action_next_button()

    def on_unmount(self) -> None:
        if self.writer is not None:
            self.writer.stop()

    # -- what is shown ------------------------------------------------------------------------

    def _show_priority(self) -> None:
        priority = self.typed.get("priority", "")
        if priority in ANSWER_LOOK:
            symbol, word, colour = ANSWER_LOOK[priority]
            answer = Content.assemble((symbol, colour), " ", (word, f"bold {colour}"))
            keys = "   (y yes · n no · e evasive)"
        else:
            answer, keys = Content.styled("not given yet: press y, n or e", "dim"), ""
        self.query_one("#priority", Static).update(
            Content.assemble((PRIORITY_QUESTION, "bold"), "  ", answer, (keys, "dim"))
        )
        self._show_problem("priority")

    def _show_said(self) -> None:
        count = len(self.points)
        self.query_one("#points-title", Static).update(
            Content.assemble(
                (POINTS_HEADING, "bold"),
                f": {len(self.said)} of {count} said",
                ("  (space or enter ticks a point)", "dim"),
            )
        )

    def _show_feedback(self, name: str) -> None:
        read = self.query_one(f"#{name}-read", Static)
        problem = self.problems.get(name)
        if problem:
            content = Content.assemble(
                ("✗ ", "bold $error"), (shown(problem, one_line=True), "$error")
            )
        elif name in ("held_on", "due"):
            content = read_date(name, self.typed, clock.today())
        elif name == "side" and self.typed.get("side") in SIDE_WORDS:
            # A radio button's dot differs by colour alone: the choice, in words too.
            content = Content(f"→ chosen: {SIDE_WORDS[self.typed['side']]}")
        else:
            content = Content("")
        read.update(content)
        read.display = bool(content.plain)

    def _show_problem(self, name: str) -> None:
        if name == "priority":
            problem = self.problems.get("priority")
            widget = self.query_one("#priority-problem", Static)
            widget.update(
                Content.assemble(("✗ ", "bold $error"), (shown(problem, one_line=True), "$error"))
                if problem
                else Content("")
            )
            widget.display = bool(problem)
        else:
            self._show_feedback(name)

    def _status(self, text: str | Content) -> None:
        self.query_one("#status", Static).update(
            text if isinstance(text, Content) else Content(shown(text))
        )

    # -- typing -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the cursor is in a text field, y, n and e type letters there (and ctrl+d
        deletes there). Otherwise they answer, in the footer where it has room for them, else
        their twins out of it (FOOTER_LEAVES)."""
        return fitted_check(self, action, self._available, FOOTER_LEAVES, parameters)

    def _available(self, action: str) -> bool:
        if action in TYPING_OFF and self.is_mounted:
            focused = self.focused
            return not (
                isinstance(focused, Input)
                or (isinstance(focused, TextArea) and not focused.read_only)
            )
        return True

    @property
    def footer_left_out(self) -> set[str]:
        """The keys the footer leaves out at the moment (see :data:`FOOTER_LEAVES`)."""
        return left_out(self, self._available, FOOTER_LEAVES)

    def on_resize(self) -> None:
        self.was_left_out = refit(self, self._available, FOOTER_LEAVES, self.was_left_out)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(Input.Changed)
    def _line_changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if name not in LINE_FIELDS:
            return
        # What was left as it was is the stored text again (a mark shown as <U+200F> is the
        # mark); what was typed is as typed.
        text = unshown(event.value, self.loaded.get(name, ""), one_line=True)
        if text == self.typed.get(name, ""):
            return  # the input showing what was there: nothing was typed
        self._changed(name, text)

    def moves_cursor(self, event: events.Key) -> bool:
        """Enter on a line moves to the next field (below), tab and shift+tab to the next or
        previous one: keys typed after them wait for the cursor to land (:mod:`tui.typeahead`)."""
        if event.key in ("tab", "shift+tab"):
            return self.focused is not None
        return event.key == "enter" and isinstance(self.focused, Input)

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()
        self.unstall.cursor_landed(self)

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        text = unshown(event.text_area.text, self.loaded.get("notes", ""))
        if text == self.typed.get("notes", ""):
            return
        self._changed("notes", text)

    @on(RadioSet.Changed, "#side")
    def _side_changed(self, event: RadioSet.Changed) -> None:
        side = event.pressed.name or ""
        if side != self.typed.get("side", ""):
            self._changed("side", side)

    @on(Checklist.Toggled, "#points")
    def _ticked(self, event: Checklist.Toggled) -> None:
        said = set(event.ticked)
        if said != self.said:
            self.said = said
            self._show_said()
            self._save()

    @on(LimitReached)
    def _too_long(self, event: LimitReached) -> None:
        name = FIELD_NAMES.get(event.widget.id or "", "This field")
        self._status(
            Content(
                f"✗ {name} may be at most {event.limit:,} characters: that did not fit, and what "
                "was there is kept."
            )
        )

    def _changed(self, name: str, text: str) -> None:
        self.typed[name] = text
        if self.tried:
            self._recheck()
        if name == "held_on":
            self._show_feedback("due")  # the due date is counted from the day held
        self._show_feedback(name)
        self._save()

    def action_priority(self, answer: str) -> None:
        """The answer, at once when none is given yet; a change of one given once confirmed
        (:class:`ChangeAnswerScreen`). The status line says what was set, and how to change
        it."""
        was = self.typed.get("priority", "")
        if was == answer:
            self._say_answer(answer, "stays")
            return
        if was in ANSWER_LOOK:

            def changed(yes: bool | None) -> None:
                if yes:
                    self._set_answer(answer)
                else:
                    self._say_answer(was, "kept")

            self.app.push_screen(ChangeAnswerScreen(was, answer), changed)
            return
        self._set_answer(answer)

    def _set_answer(self, answer: str) -> None:
        self.typed["priority"] = answer
        if self.tried:
            self._recheck()
        self._show_priority()
        self._say_answer(answer, "set")
        self._save()

    def _say_answer(self, answer: str, how: str) -> None:
        key = {"yes": "y", "no": "n", "evasive": "e"}
        others = " or ".join(letter for name, letter in key.items() if name != answer)
        self._status(
            Content.assemble(
                f"Their answer {'is' if how == 'stays' else 'is ' + how}: ",
                (ANSWER_LOOK[answer][1], "bold"),
                f" ({key[answer]}). To change it, press {others}, then confirm.",
            )
        )

    action_priority_unlisted = action_priority

    # -- saving -----------------------------------------------------------------------------

    def current(self) -> Meeting:
        return Meeting(
            typed={name: text for name, text in self.typed.items() if text},
            said=tuple(sorted(self.said)),
            started_at=self.meeting.started_at,
            revision=self.meeting.revision,
        )

    def _save(self) -> None:
        if self.writer is not None and self.lost is None:
            self.writer.submit(self.current())

    @on(SaveFailed)
    def _on_save_failed(self, event: SaveFailed) -> None:
        self._save_failed(event.error)

    def _cannot_save(self, error: Exception) -> str | None:
        """Why no save from this window can succeed any more, in words; ``None`` when the
        next save may."""
        if isinstance(error, DiagnosisGone):
            return (
                "This diagnosis was deleted in another window, so this meeting can no longer "
                "be saved or recorded. What you typed is still on screen: copy what you need "
                "(undo the delete in that window with u, then open the meeting again)."
            )
        if isinstance(error, MeetingChanged):
            return (
                "This meeting was changed or finished in another window, so this window no "
                "longer saves it, and finishing here would overwrite it. What you typed is "
                "still on screen: copy what you need, then open the meeting again."
            )
        return None

    def _save_failed(self, error: Exception) -> None:
        lost = self._cannot_save(error)
        if lost is not None:
            if self.lost is None:  # said once, not at every key
                self.lost = lost
                self.notify(Content(shown(lost)), severity="error", timeout=15)
            self._status(Content.assemble(("✗ Not saved: ", "bold $error"), shown(lost)))
            return
        text = (
            f"Could not save the meeting: {error}. What you typed is still here; it is "
            "saved with the next change."
        )
        self.notify(Content(shown(text)), severity="error", timeout=15)

    def action_leave(self) -> None:
        """Save and go back; the meeting waits on home until it is finished."""
        if self.writer is not None:
            self.writer.flush()
            if self.writer.last_error is not None:
                self._save_failed(self.writer.last_error)
        if self.lost is not None:
            self.notify(
                Content(
                    f"The meeting with {shown(self.diagnosis.partner, one_line=True)} was not "
                    "saved from this window: it was deleted, changed or finished in another."
                ),
                severity="warning",
                timeout=8,
            )
            self.dismiss(None)
            return
        self.notify(
            Content(
                f"The meeting with {shown(self.diagnosis.partner, one_line=True)} is saved. "
                "Press m on home to go back to it."
            ),
            timeout=6,
        )
        self.dismiss(None)

    def action_discard(self) -> None:
        """Drop the meeting (say, the call did not happen), once confirmed."""
        name = shown(self.diagnosis.partner, one_line=True)

        def answer(yes: bool | None) -> None:
            if not yes or self.diagnosis.id is None:
                return
            if self.writer is not None:
                self.writer.flush()
            try:
                self.repository.discard_meeting(self.diagnosis.id)
            except StoreError as error:  # the meeting stays, still saved as it is typed
                self.unstall.refused("Could not discard the meeting", error)
                return
            if self.writer is not None:
                self.writer.stop()
                self.writer = None
            # What was said of this meeting before (saved, press m to go back to it) is no
            # longer true.
            self.app.clear_notifications()
            self.notify(Content(f"Discarded the meeting with {name}; nothing was recorded."))
            self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                f"Discard this meeting with {name}? What was typed in it will be gone, and no "
                "conversation is recorded.",
                yes="Discard",
                no="Keep it",
            ),
            answer,
        )

    # -- finishing --------------------------------------------------------------------------

    def _check(self, typed: Mapping[str, str]) -> tuple[Conversation | None, list[str]]:
        """The conversation ``typed`` records; on an exit from a plan to carry on, the step
        the points proposed, still as pre-filled, is left out (it was never agreed)."""
        priority = typed.get("priority", "").strip().lower()
        path = self.diagnosis.talking_points.path
        decision = typed.get("decision", "").strip().lower() or default_decision(priority, path)
        return make_conversation(
            as_agreed(typed, self.diagnosis, decision),
            diagnosed_on=self.diagnosis.diagnosed_on,
            today=clock.today(),
            said=self.said,
        )

    def _recheck(self) -> list[str]:
        """Check what is typed (the decision left to the answer) and show each problem next
        to its field; the problems, in words."""
        typed = {name: text for name, text in self.typed.items() if name != "decision"}
        _, problems = self._check(typed)
        self.problems = {}
        for problem in problems:
            name, _, message = problem.partition(": ")
            self.problems.setdefault(name, message)
        self._show_problem("priority")
        for name in (*LINE_FIELDS, "side", "notes"):
            self._show_feedback(name)
        return problems

    def action_finish(self) -> None:
        if self.lost is not None:  # nothing from this window can be recorded: say so now
            self.app.bell()
            self._status(Content.assemble(("✗ Not recorded: ", "bold $error"), shown(self.lost)))
            return
        self.tried = True
        problems = self._recheck()
        if problems:
            self.app.bell()
            self._status(
                Content.assemble(
                    ("✗ Not finished yet: ", "bold $error"),
                    shown("; ".join(in_words(problem) for problem in problems), one_line=True),
                    ". Everything typed is kept.",
                )
            )
            first = next(iter(self.problems), "")
            if first in (*LINE_FIELDS, "side", "notes"):
                self.query_one(f"#{first}").focus()
            return
        priority = self.typed["priority"].strip().lower()
        path = self.diagnosis.talking_points.path
        chosen = self.typed.get("decision", "").strip().lower() or default_decision(priority, path)
        if chosen not in DECISIONS:
            chosen = default_decision(priority, path)
        preview, _ = self._check({**self.typed, "decision": chosen})
        agreed = agreed_brief(preview) if preview is not None else ""
        self.app.push_screen(
            FinishScreen(self.diagnosis.partner, priority, agreed, chosen, path), self._decided
        )

    def _decided(self, decision: str | None) -> None:
        if decision is None:
            return
        self.typed["decision"] = decision
        conversation, problems = self._check(self.typed)
        if conversation is None:
            self.problems = {}
            self._recheck()
            self._status(Content(shown("✗ " + "; ".join(map(in_words, problems)), one_line=True)))
            return
        assert self.writer is not None and self.diagnosis.id is not None
        # The meeting's last state is on disk before the conversation replaces it: a save
        # arriving after set_conversation would bring the finished meeting back.
        self.writer.flush()
        self.writer.drop()
        if self.writer.last_error is not None:
            self._save_failed(self.writer.last_error)
        if self.lost is None:
            # Finished or saved in another window since this one last saved: recording here
            # would overwrite what was recorded there.
            stored = self.repository.get_meeting(self.diagnosis.id)
            if stored is None or stored.revision != self.revision:
                self._save_failed(
                    MeetingChanged(self.repository.path, "changed in another window", "")
                )
        if self.lost is not None:
            self.app.bell()
            return
        try:
            self.repository.set_conversation(self.diagnosis.id, conversation)
        except StoreError as error:
            if self._cannot_save(error) is not None:
                self._save_failed(error)
                return
            self._save()
            self._status(
                Content(shown(f"✗ Could not record the conversation: {error}. Nothing is lost."))
            )
            return
        self.writer.stop()
        self.writer = None
        # The drafts that follow say it is recorded, and what was decided.
        self.dismiss(self.repository.get(self.diagnosis.id) or self.diagnosis)
