"""Record what came of the reset conversation: the decision, the one fix, its owner, its date."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from playbook import clock
from playbook.conversation import Conversation, as_agreed, outcome_for
from playbook.dates import DateError, describe, parse_date
from playbook.diagnosis import Diagnosis
from playbook.inert import shown, unshown
from playbook.outcome import DECISIONS, MAX_DUE, MAX_FIX, MAX_OWNER, Outcome
from playbook.workdays import off_day_note
from store.errors import StoreError
from tui.access import AppAccess
from tui.widgets.limited import LimitedInput, LimitReached

DECISION_LABELS = {
    "revive": "Revive: we agreed a fix",
    "exit": "Exit: we are winding it down",
    "pending": "Pending: no answer yet",
}


HINT = "Pick one with the arrow keys and space; ctrl+s saves, escape cancels."
FIELD_WORDS = {
    "decision": "The decision",
    "fix": "The one fix agreed",
    "owner": "Who owns it",
    "due": "The due date",
}


def in_words(problem: str) -> str:
    """A problem as :func:`playbook.outcome.make_outcome` words it (``due: ...``), named as the
    form names the field (``The due date: ...``)."""
    name, colon, message = problem.partition(": ")
    return f"{FIELD_WORDS[name]}: {message}" if colon and name in FIELD_WORDS else problem


class OutcomeScreen(AppAccess, ModalScreen[Outcome | None]):
    """A small form; ctrl+s saves, escape cancels. Defaults come from the talking points."""

    CSS_PATH = "outcome.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, diagnosis: Diagnosis) -> None:
        super().__init__()
        self.diagnosis = diagnosis
        existing = Outcome.from_dict(diagnosis.extra.get("outcome"))
        self.had_outcome = existing is not None
        step = diagnosis.talking_points.next_step
        if existing is not None:
            self.decision = existing.decision
            self.fix, self.owner = existing.fix, existing.owner
            self.due = existing.due.isoformat() if existing.due else ""
        else:
            self.decision = ""  # none picked until the user picks one: nothing is assumed
            self.fix = step.what if step else ""
            self.owner = step.owner if step else ""
            self.due = step.due.isoformat() if step else ""

    def compose(self) -> ComposeResult:
        with Vertical(id="outcome"):
            yield Static(
                Content.assemble(
                    ("What came of the conversation with ", "bold"),
                    (shown(self.diagnosis.partner, one_line=True), "bold"),
                    ("?", "bold"),
                ),
                id="outcome-title",
            )
            yield RadioSet(
                *[
                    RadioButton(DECISION_LABELS[value], value=value == self.decision, name=value)
                    for value in DECISIONS
                ],
                id="decision",
            )
            yield Label(
                "The one fix agreed"
                if self.had_outcome
                else "The one fix agreed (as proposed until changed)"
            )
            yield LimitedInput(shown(self.fix, one_line=True), id="fix", max_length=MAX_FIX)
            yield Label("Who owns it")
            yield LimitedInput(shown(self.owner, one_line=True), id="owner", max_length=MAX_OWNER)
            yield Label("Due (e.g. next Friday, in 2 weeks, 2026-12-04)")
            yield LimitedInput(shown(self.due, one_line=True), id="due", max_length=MAX_DUE)
            yield Static(id="due-read", classes="dim")
            yield Static(Content(HINT), id="message", classes="dim")

    def on_mount(self) -> None:
        self._read_due(self.due)
        self.query_one(RadioSet).focus()

    @on(Input.Changed, "#due")
    def _due_changed(self, event: Input.Changed) -> None:
        self._read_due(event.value)

    def _read_due(self, text: str) -> None:
        read = self.query_one("#due-read", Static)
        if not text.strip():
            read.update("")
            return
        try:
            when = parse_date(text, clock.today(), ahead=True)
        except DateError as error:
            read.update(Content(shown(f"✗ {error}", one_line=True)))
            return
        note = off_day_note(when)
        read.update(Content(f"→ {describe(when, clock.today())}" + (f" ({note})" if note else "")))

    @on(LimitReached)
    def _too_long(self, event: LimitReached) -> None:
        what = {"fix": "The fix", "owner": "Who owns it", "due": "The due date"}
        name = what.get(event.widget.id or "", "This field")
        self.query_one("#message", Static).update(
            Content(
                f"✗ {name} may be at most {event.limit:,} characters: "
                "that did not fit, and what was there is kept."
            )
        )

    def moves_cursor(self, event: events.Key) -> bool:
        """Enter on a line moves to the next field (below), tab and shift+tab to the next or
        previous one: keys typed after them wait for the cursor to land (:mod:`tui.typeahead`)."""
        if event.key in ("tab", "shift+tab"):
            return self.focused is not None
        return event.key == "enter" and isinstance(self.focused, Input)

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()
        self.unstall.cursor_landed(self)

    def action_save(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        decision = pressed.name if pressed is not None and pressed.name else ""
        if not decision:
            self.query_one("#message", Static).update(
                Content(
                    "✗ Pick what was decided first: Revive, Exit or Pending (the arrow keys, "
                    "then space). What is typed below is kept."
                )
            )
            self.query_one(RadioSet).focus()
            return
        typed = {
            "fix": self._value("#fix", self.fix),
            "owner": self._value("#owner", self.owner),
            "due": self._value("#due", self.due),
        }
        assert self.diagnosis.id is not None
        try:
            # Read afresh: a conversation recorded since this screen opened is updated too.
            stored = self.repository.get(self.diagnosis.id) or self.diagnosis
        except StoreError:
            stored = self.diagnosis  # the save below says what is wrong
        held = Conversation.from_dict(stored.extra.get("conversation"))
        if held is None:  # the step the points proposed, left as it was, is not owed on exit
            typed = {name: "" for name in typed} | as_agreed(typed, self.diagnosis, decision)
        # An outcome recorded after the conversation updates it (as 'unstall outcome').
        outcome, held, problems = outcome_for(held, decision, today=clock.today(), **typed)
        if outcome is None:
            said = "; ".join(map(in_words, problems))
            self.query_one("#message", Static).update(Content(shown(f"✗ {said}", one_line=True)))
            return
        try:
            if held is not None:
                self.repository.set_conversation(self.diagnosis.id, held, ends_meeting=False)
            else:
                self.repository.set_outcome(self.diagnosis.id, outcome)
        except StoreError as error:
            # Nothing was saved (say, the diagnosis was deleted in another window): say so,
            # and keep what was typed on the screen.
            self.query_one("#message", Static).update(Content(shown("✗ " + str(error))))
            return
        partner = shown(self.diagnosis.partner, one_line=True)
        also = "; the reset conversation says so too" if held is not None else ""
        self.notify(Content(f"Outcome recorded for {partner}: {outcome.decision}{also}."))
        self.dismiss(outcome)

    def _value(self, selector: str, stored: str) -> str:
        """What the input says, as an edit of ``stored``: what was left as it was (a mark shown
        as <U+200F> too) is the stored text again, what was typed is as typed."""
        return unshown(self.query_one(selector, Input).value, stored, one_line=True)

    def unsaved(self) -> str:
        """What leaving now would lose (see :class:`tui.access.HoldsTyping`)."""
        pressed = self.query_one(RadioSet).pressed_button
        typed = [(self._value(f"#{name}", stored), stored) for name, stored in self._fields()]
        changed = (pressed.name if pressed else "") != self.decision or any(
            now.strip() != stored.strip() for now, stored in typed
        )
        return "the outcome typed here" if changed else ""

    def _fields(self) -> list[tuple[str, str]]:
        return [("fix", self.fix), ("owner", self.owner), ("due", self.due)]

    def action_cancel(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        if not self.unsaved():
            self.dismiss(None)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Leave without recording the outcome? What you typed here is not saved.",
                yes="Leave",
                no="Keep editing",
            ),
            answer,
        )
