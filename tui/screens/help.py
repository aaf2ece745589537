"""The keys of the screen underneath, always true because they are read from its bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from playbook.inert import shown

GENERAL = """\
Anywhere: ctrl+q quits (everything typed is already saved), ctrl+p opens the command palette
(new diagnosis, resume, theme), f1 or ? shows this list.
In the questionnaire: tab and shift+tab move between questions, enter moves on; a choice is
picked with the arrow keys and enter, or at once with its digit or first letter."""


def keys_of(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, what it does) for every binding the screen shows, in order."""
    seen: set[str] = set()
    keys: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.description in seen:
            continue
        seen.add(binding.description)
        display = screen.app.get_key_display(binding)
        keys.append((display, binding.description))
    return keys


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened from."""

    CSS_PATH = "help.tcss"

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.keys = keys_of(under)
        self.under_title = shown(under.title or type(under).__name__, one_line=True)

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _ in self.keys), default=4)
        lines = [Content.styled(f"Keys: {self.under_title}", "bold"), Content("")]
        lines += [
            Content.assemble((f"{key:>{width}}", "bold $accent"), f"  {description}")
            for key, description in self.keys
        ]
        with Vertical(id="help"):
            with VerticalScroll():
                yield Static(Content("\n").join(lines), id="keys")
                yield Static(Content(GENERAL), id="general", classes="dim")
            yield Static(Content("Press escape to close."), classes="dim")
