"""Record what came of the reset conversation: the decision, the one fix, its owner, its date."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from playbook import clock
from playbook.dates import DateError, describe, parse_date
from playbook.diagnosis import Diagnosis
from playbook.outcome import DECISIONS, Outcome, make_outcome
from store.errors import StoreError

DECISION_LABELS = {
    "revive": "Revive: we agreed a fix",
    "exit": "Exit: we are winding it down",
    "pending": "Pending: no answer yet",
}


class OutcomeScreen(ModalScreen[Outcome | None]):
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
        step = diagnosis.talking_points.next_step
        if existing is not None:
            self.decision = existing.decision
            self.fix, self.owner = existing.fix, existing.owner
            self.due = existing.due.isoformat() if existing.due else ""
        else:
            self.decision = "exit" if diagnosis.talking_points.path == "exit" else "revive"
            self.fix = step.what if step else ""
            self.owner = step.owner if step else ""
            self.due = step.due.isoformat() if step else ""

    def compose(self) -> ComposeResult:
        with Vertical(id="outcome"):
            yield Static(
                Content.assemble(
                    ("What came of the conversation with ", "bold"),
                    (self.diagnosis.partner, "bold"),
                    ("?", "bold"),
                )
            )
            yield RadioSet(
                *[
                    RadioButton(DECISION_LABELS[value], value=value == self.decision, name=value)
                    for value in DECISIONS
                ],
                id="decision",
            )
            yield Label("The one fix agreed")
            yield Input(self.fix, id="fix")
            yield Label("Who owns it")
            yield Input(self.owner, id="owner")
            yield Label("Due (e.g. next Friday, in 2 weeks, 2026-12-04)")
            yield Input(self.due, id="due")
            yield Static(id="due-read", classes="dim")
            yield Static(Content("ctrl+s saves, escape cancels."), id="message", classes="dim")

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
            when = parse_date(text, clock.today())
        except DateError as error:
            read.update(Content(f"✗ {error}"))
            return
        read.update(Content(f"→ {describe(when, clock.today())}"))

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        decision = pressed.name if pressed is not None and pressed.name else ""
        outcome, problems = make_outcome(
            decision,
            fix=self.query_one("#fix", Input).value,
            owner=self.query_one("#owner", Input).value,
            due=self.query_one("#due", Input).value,
            today=clock.today(),
        )
        if outcome is None:
            self.query_one("#message", Static).update(Content("✗ " + "; ".join(problems)))
            return
        assert self.diagnosis.id is not None
        try:
            self.app.repository.set_outcome(self.diagnosis.id, outcome)  # type: ignore[attr-defined]
        except StoreError as error:
            # Nothing was saved (say, the diagnosis was deleted in another window): say so,
            # and keep what was typed on the screen.
            self.query_one("#message", Static).update(Content("✗ " + str(error)))
            return
        self.notify(Content(f"Outcome recorded for {self.diagnosis.partner}: {outcome.decision}."))
        self.dismiss(outcome)

    def action_cancel(self) -> None:
        self.dismiss(None)
