"""Rename a partner across its whole history."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from playbook.inert import shown, unshown
from tui.widgets.limited import TextInput


class RenameScreen(ModalScreen[str | None]):
    """Asks for the new name; enter renames, escape cancels."""

    CSS_PATH = "confirm.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, partner: str) -> None:
        super().__init__()
        self.partner = partner
        self.shown_name = shown(partner, one_line=True)
        """The name as the input shows it: control characters made visible."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(f"Rename {self.shown_name} in every diagnosis to:"))
            yield TextInput(value=self.shown_name, id="new-name")
            yield Static(Content("Enter renames, escape cancels."), classes="dim", id="message")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value == self.shown_name:
            self.dismiss(None)  # unchanged (as shown): the stored name stays as it is
            return
        typed = " ".join(event.value.split())
        if not typed:
            self.query_one("#message", Static).update(
                Content("The name cannot be empty: type the partner's new name.")
            )
            return
        # What was left as it was is the stored name again: an override shown as <U+202E>
        # is the override, and a literal "<U+202E>" typed is text.
        name = unshown(typed, self.partner, one_line=True)
        self.dismiss(name if name != self.partner else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
