"""A read-only table with a row cursor that draws only the rows on screen.

Textual's ``DataTable`` renders and measures every cell through Rich when rows are added, which
costs about 0.4 ms a row: home with 400 partners took 150 ms longer to appear than home with none.
Here a row is a few strings with a style each; column widths are counted once per ``set_rows``
and a line is built from plain segments only when it is on screen.

Cell text is shown literally: it is never parsed as markup; a newline or a tab (in a pasted
name) becomes a space so that one row stays one line, and any other control character, bidi
control or lone surrogate is made visible (:func:`playbook.inert.shown`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from playbook.inert import shown

_SPACES = {ord("\n"): " ", ord("\t"): " ", ord("\r"): " "}


class Cell(NamedTuple):
    """One cell: its text, shown literally, and a Rich style such as ``"bold red"``."""

    text: str
    style: str = ""


class Row(NamedTuple):
    key: str
    cells: tuple[Cell, ...]


def _literal(cell: Cell) -> Cell:
    """``cell`` on one line and inert: newlines and tabs turned into spaces, other control
    characters made visible (the same cell if it has none)."""
    if cell.text.isprintable():
        return cell
    return Cell(shown(cell.text.translate(_SPACES), one_line=True), cell.style)


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut to ``width`` cells, with an ellipsis where it was cut."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class LineTable(ScrollView, can_focus=True):
    """Columns with a header, rows with keys, a row cursor; ``enter`` or a click selects."""

    COMPONENT_CLASSES = {
        "line-table--header",
        "line-table--cursor",
        "line-table--hover",
        "line-table--even-row",
    }

    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .line-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .line-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .line-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .line-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .line-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .line-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .line-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .line-table--hover {
            background: $block-hover-background;
        }
    }
    """

    BINDINGS: list[BindingType] = [
        Binding("enter", "select", "Open", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)
    """The row under the cursor (0 when there are no rows)."""

    hover_row: reactive[int] = reactive(-1)

    class Selected(Message):
        """A row was chosen with ``enter`` or a click on the row under the cursor."""

        def __init__(self, table: LineTable, key: str, index: int) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.index = index

        @property
        def control(self) -> LineTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[str],
        *,
        max_widths: Sequence[int | None] = (),
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self._max_widths = tuple(max_widths) + (None,) * (len(self.columns) - len(max_widths))
        self._rows: list[Row] = []
        self._widths = [cell_len(title) for title in self.columns]

    # -- data -------------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[str], *, max_widths: Sequence[int | None] = ()) -> None:
        """Show ``columns`` (and their widest) from the next :meth:`set_rows` on: a screen
        that drops a column where there is too little room."""
        self.columns = tuple(columns)
        self._max_widths = tuple(max_widths) + (None,) * (len(self.columns) - len(max_widths))

    def set_rows(self, rows: Sequence[tuple[str, Sequence[Cell]]]) -> None:
        """Show ``rows`` (key, cells) instead of the rows shown before; the cursor stays put."""
        self._rows = [Row(key, tuple(_literal(cell) for cell in cells)) for key, cells in rows]
        widths = [cell_len(title) for title in self.columns]
        for row in self._rows:
            for index, cell in enumerate(row.cells):
                text = cell.text
                # ASCII here is printable (see _literal): one cell a character.
                length = len(text) if text.isascii() else cell_len(text)
                if length > widths[index]:
                    widths[index] = length
        self._widths = [
            width if limit is None else max(min(width, limit), 2)
            for width, limit in zip(widths, self._max_widths, strict=True)
        ]
        # One column of padding each side of every cell, and one line for the header.
        self.virtual_size = Size(sum(self._widths) + 2 * len(self._widths), len(self._rows) + 1)
        self.cursor_row = min(self.cursor_row, max(len(self._rows) - 1, 0))
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def keys(self) -> list[str]:
        return [row.key for row in self._rows]

    def row_texts(self, index: int) -> list[str]:
        """The text of each cell of row ``index``, as shown (before any cut to width)."""
        return [cell.text for cell in self._rows[index].cells]

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, or None when there are no rows."""
        return self._rows[self.cursor_row].key if self._rows else None

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped to the rows there are) and scroll it into view."""
        self.cursor_row = max(0, min(row, len(self._rows) - 1))

    # -- cursor and scrolling ---------------------------------------------------------------

    @property
    def _page(self) -> int:
        """How many rows fit under the header."""
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor_row(self, row: int) -> None:
        self._scroll_to_cursor(row)
        self.refresh()

    def watch_hover_row(self) -> None:
        self.refresh()

    def _scroll_to_cursor(self, row: int) -> None:
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + self._page:
            self.scroll_to(y=row - self._page + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.call_after_refresh(self._scroll_to_cursor, self.cursor_row)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - self._page)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + self._page)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self._rows[self.cursor_row].key, self.cursor_row))

    # -- mouse ------------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return None
        row = round(self.scroll_y) + offset.y - 1
        return row if row < len(self._rows) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        row = self._row_at(event)
        self.hover_row = -1 if row is None else row

    def on_leave(self) -> None:
        self.hover_row = -1

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        if row is None:
            return
        event.stop()
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row)

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("line-table--header")
            strip = self._strip([Cell(title) for title in self.columns], style, over=False)
        else:
            index = scroll_y + y - 1
            if index >= len(self._rows):
                return Strip.blank(width, base)
            if index == self.cursor_row:
                part = "line-table--cursor"
            elif index == self.hover_row:
                part = "line-table--hover"
            elif index % 2 == 0:
                part = "line-table--even-row"
            else:
                part = ""
            style = base + self.get_component_rich_style(part) if part else base
            cells = self._rows[index].cells
            strip = self._strip(cells, style, over=index == self.cursor_row)
        # The row's background runs to the right edge, as a row of a table does.
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def _strip(self, cells: Sequence[Cell], row_style: Style, *, over: bool) -> Strip:
        """One line of cells: each cell's own style over the row's, except on the cursor,
        whose colours win so that every cell stays readable on it."""
        segments = []
        for cell, width in zip(cells, self._widths, strict=False):
            style = row_style + Style.parse(cell.style) if cell.style else row_style
            if over:
                style += Style(color=row_style.color, bgcolor=row_style.bgcolor)
            segments.append(Segment(f" {_fit(cell.text, width)} ", style))
        return Strip(segments, sum(self._widths) + 2 * len(self._widths))
