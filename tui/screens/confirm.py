"""A yes-or-no question in a small window."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from playbook.inert import shown


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question; ``y``/enter on the first button means yes, ``n``/escape means no."""

    CSS_PATH = "confirm.tcss"

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(shown(self.question)), id="question")
            with Horizontal(id="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def moves_cursor(self, event: events.Key) -> bool:
        """An answer closes the question: keys typed right after wait for the screen below
        to have its cursor back (:mod:`tui.typeahead`)."""
        if event.key == "enter":
            return isinstance(self.focused, Button)
        bound = (binding for binding in self.BINDINGS if isinstance(binding, Binding))
        return any(
            event.key in binding.key.split(",") and binding.action.startswith("answer(")
            for binding in bound
        )

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
