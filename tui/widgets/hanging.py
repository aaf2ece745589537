"""Lines that wrap under their own text: a bullet's wrapped sentence starts below the sentence,
not below the bullet (a hanging indent), at any width."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


class HangingLines(Widget):
    """Lines, each a prefix (such as ``"  • "``) and its text. Where a text is too long for
    the width, it wraps, and every line after the first starts with as many spaces as the
    prefix is wide."""

    DEFAULT_CSS = """
    HangingLines {
        height: auto;
        text-wrap: nowrap;
    }
    """

    def __init__(
        self,
        lines: Sequence[tuple[str, Content]],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.lines = tuple(lines)

    def wrapped(self, width: int) -> list[Content]:
        """Every line as drawn at ``width`` cells: the prefix, then the text wrapped under it."""
        drawn: list[Content] = []
        for prefix, text in self.lines:
            indent = cell_len(prefix)
            pieces = text.wrap(max(width - indent, 1)) or [Content("")]
            drawn.append(Content(prefix) + pieces[0])
            drawn.extend(Content(" " * indent) + piece for piece in pieces[1:])
        return drawn

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrapped(width))

    def render(self) -> Content:
        return Content("\n").join(self.wrapped(self.content_size.width))
