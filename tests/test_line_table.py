"""The home screen's table: keys, mouse, scrolling, and text shown exactly as typed."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.widgets.line_table import Cell, LineTable


class TableApp(App[None]):
    def __init__(self, rows: list[tuple[str, list[Cell]]], widths: tuple[int | None, ...] = ()):
        super().__init__()
        self.rows = rows
        self.widths = widths
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield LineTable(("Name", "State"), max_widths=self.widths)

    def on_mount(self) -> None:
        table = self.query_one(LineTable)
        table.set_rows(self.rows)
        table.focus()

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        self.selected.append(event.key)


def numbered(count: int) -> list[tuple[str, list[Cell]]]:
    return [(f"k{n}", [Cell(f"Partner {n}"), Cell("ok", "bold green")]) for n in range(count)]


def shown(table: LineTable) -> list[str]:
    """The lines on screen, as text."""
    return [table.render_line(y).text.rstrip() for y in range(table.size.height)]


async def test_keys_move_the_cursor_and_enter_selects_its_row() -> None:
    app = TableApp(numbered(100))
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(LineTable)
        assert shown(table)[0].split() == ["Name", "State"]
        await pilot.press("down", "down", "enter")
        assert app.selected == ["k2"]
        await pilot.press("end")
        assert table.cursor_row == 99
        assert shown(table)[-1].split() == ["Partner", "99", "ok"]  # scrolled into view
        assert shown(table)[0].split() == ["Name", "State"]  # the header stays
        await pilot.press("pageup")
        page = table.size.height - 1
        assert table.cursor_row == 99 - page
        await pilot.press("home", "up", "enter")
        assert table.cursor_row == 0
        assert app.selected == ["k2", "k0"]
        await pilot.press("pagedown", "pagedown")
        assert table.cursor_row == 2 * page
        assert shown(table)[-1].split()[:2] == ["Partner", str(2 * page)]


async def test_a_click_moves_the_cursor_and_a_click_on_it_opens_the_row() -> None:
    app = TableApp(numbered(5))
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(LineTable)
        await pilot.click(LineTable, offset=(2, 3))  # line 3: the third row under the header
        assert table.cursor_row == 2
        assert app.selected == []
        await pilot.click(LineTable, offset=(2, 3))
        assert app.selected == ["k2"]
        await pilot.click(LineTable, offset=(2, 0))  # the header opens nothing
        await pilot.click(LineTable, offset=(2, 9))  # nor the space below the rows
        assert app.selected == ["k2"]
        assert table.cursor_row == 2


async def test_text_is_shown_literally_on_one_line_and_long_text_is_cut() -> None:
    rows = [
        ("a", [Cell("[bold]Acme[/bold] & [link=x]co[/link]"), Cell("$error")]),
        ("b", [Cell("Two\nlines\there"), Cell("")]),
        ("c", [Cell("Ω" * 30 + " Very Long Partner Name"), Cell("x")]),
        ("d", [Cell("日本の会社"), Cell("y")]),
    ]
    app = TableApp(rows, widths=(20,))
    async with app.run_test(size=(60, 10)):
        table = app.query_one(LineTable)
        lines = shown(table)
        assert lines[1].startswith(" [bold]Acme[/bold] &…  $error")
        assert "$error" in lines[1]
        assert lines[2] == " Two lines here"
        assert lines[3].startswith(" " + "Ω" * 19 + "…  x")
        assert lines[4].startswith(" 日本の会社")
        assert table.row_texts(1) == ["Two lines here", ""]
        # Every row is exactly as wide as the header: the columns line up.
        widths = {table.render_line(y).cell_length for y in range(5)}
        assert widths == {60}


async def test_new_rows_keep_the_cursor_where_it_can_stay() -> None:
    app = TableApp(numbered(10))
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(LineTable)
        await pilot.press("end")
        assert table.cursor_key == "k9"
        table.set_rows(numbered(4))
        assert table.cursor_row == 3
        table.set_rows([])
        assert table.cursor_key is None
        await pilot.press("enter", "down", "up")
        assert app.selected == []
        assert shown(table)[1] == ""
