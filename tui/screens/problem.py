"""What the app shows when its database cannot be read: what is wrong, where the file is, and
a way forward that moves nothing without saying so."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from playbook.inert import shown
from store.errors import StoreError
from tui.widgets.keys_footer import KeysFooter


def fresh_path(path: Path) -> Path:
    """A free folder name beside ``path`` for a new database (``unstall.json`` or
    ``database`` gives ``unstall-new`` or ``database-new``)."""
    candidate = path.with_name(f"{path.stem}-new")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-new-{number}")
        number += 1
    return candidate


class DatabaseProblemScreen(Screen[Path | None]):
    """Explains the problem; dismisses with the path of a new database, or ``None`` to quit."""

    CSS_PATH = "problem.tcss"

    BINDINGS = [
        Binding("s", "start_new", "New database beside it"),
        Binding("q,escape", "quit_app", "Quit"),
    ]

    def __init__(self, error: StoreError) -> None:
        super().__init__()
        self.error = error
        self.new_path = fresh_path(error.database)

    def compose(self) -> ComposeResult:
        error = self.error
        text = Content("\n").join(
            [
                Content.styled("Unstall cannot open its database.", "bold $error"),
                Content(""),
                Content.assemble(
                    ("What is wrong: ", "bold"), shown(error.reason.rstrip(".") + ".")
                ),
                Content.assemble(("The file: ", "bold"), shown(str(error.path))),
                Content(""),
                Content(
                    "Nothing was changed, moved or overwritten: the file is exactly as it was, "
                    "so it can still be repaired or restored from a backup."
                ),
                Content(""),
                Content.assemble(
                    "You can start a new, empty database beside it, at ",
                    (shown(str(self.new_path)), "bold"),
                    ". To use it next time, start Unstall with --db and that path.",
                ),
            ]
        )
        with Vertical(id="problem"):
            yield Static(text, id="explanation")
            with Horizontal(id="choices"):
                yield Button("Start a new database beside it (s)", id="start", variant="primary")
                yield Button("Quit (q)", id="quit")
        yield KeysFooter()

    @on(Button.Pressed, "#start")
    def action_start_new(self) -> None:
        self.dismiss(self.new_path)

    @on(Button.Pressed, "#quit")
    def action_quit_app(self) -> None:
        self.dismiss(None)
