"""A checklist of sentences to tick: each item wraps whole under its box (a hanging indent, so
a long sentence reads as one), and space or enter ticks or unticks the highlighted one.

Built on :class:`OptionList`'s public API; each item is drawn as a two-column Rich grid (the
box, then the text as a literal :class:`Text`, never markup)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList

from playbook.inert import shown

TICKED = "☑"
UNTICKED = "☐"


def item(text: str, ticked: bool) -> Table:
    """One item: its box and its text, the text wrapping under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    mark = Text(TICKED, "bold green") if ticked else Text(UNTICKED)
    grid.add_row(mark, Text(shown(text, one_line=True), "dim" if ticked else ""))
    return grid


class Checklist(OptionList):
    """Sentences with a box each; :attr:`ticked` holds the positions ticked."""

    BINDINGS = [Binding("space", "toggle", "Tick as said", show=False)]

    class Toggled(Message):
        """The ticked items changed; ``ticked`` is every position ticked now."""

        def __init__(self, checklist: Checklist, ticked: frozenset[int]) -> None:
            self.checklist = checklist
            self.ticked = ticked
            super().__init__()

        @property
        def control(self) -> Checklist:
            return self.checklist

    def __init__(
        self, texts: Sequence[str], ticked: Iterable[int] = (), **kwargs: str | None
    ) -> None:
        self.texts = list(texts)
        self.ticked = {n for n in ticked if 0 <= n < len(self.texts)}
        super().__init__(
            *[item(text, n in self.ticked) for n, text in enumerate(self.texts)],
            **kwargs,  # type: ignore[arg-type]
        )

    def action_toggle(self) -> None:
        index = self.highlighted
        if index is None:
            return
        if index in self.ticked:
            self.ticked.discard(index)
        else:
            self.ticked.add(index)
        self.replace_option_prompt_at_index(index, item(self.texts[index], index in self.ticked))
        self.post_message(self.Toggled(self, frozenset(self.ticked)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle()
