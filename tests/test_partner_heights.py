"""The partner's page on short screens: the diagnoses keep several rows in view (the chart loses
its frame, then is left out), and 100x32 or taller looks as before. Real keys, real files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from support import EXAMPLE
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Static

from playbook.answers import validate
from store.repository import Repository
from tui.app import make_app
from tui.screens.compare import CompareScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.home import HomeScreen
from tui.screens.partner import CHART_LEFT_OUT, PartnerScreen
from tui.screens.verdict import VerdictScreen

TODAY = date(2026, 11, 23)
DIAGNOSED = [date(2026, month, 16) for month in range(3, 12)]
"""Nine diagnoses of one partner, a month apart: more than a short screen has rows for."""


@pytest.fixture
def nine(db_path: Path) -> Iterator[Repository]:
    """The example partner, diagnosed nine times."""
    repository = Repository(db_path)
    for day in DIAGNOSED:
        lately = (day - timedelta(days=10)).isoformat()
        answers = {**EXAMPLE, "diagnosed_on": day.isoformat(), "last_activity": lately}
        checked = validate(answers, TODAY)
        assert not checked.errors, checked.errors
        repository.save(checked.answers)
    yield repository
    repository.close()


async def open_partner(pilot: Pilot[object]) -> PartnerScreen:
    """From home, enter on the (only) partner, as a person would."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PartnerScreen) and len(screen.history) == len(DIAGNOSED)
    return screen


def rows_in_view(screen: PartnerScreen) -> list[str]:
    """The table's rows that reach the terminal: the part of the table its container does not
    clip, above the footer, less its title row; each row as drawn."""
    table = screen.query_one(DataTable)
    shown = screen.find_widget(table).visible_region
    assert shown.bottom <= screen.query_one(Footer).region.y
    width, height = table.outer_size
    lines = [
        "".join(segment.text for segment in strip).strip()
        for strip in table.render_lines(Region(0, 0, width, height))
    ]
    top = shown.y - table.region.y
    drawn = lines[top : top + shown.height]
    assert drawn and drawn[0].split()[0] == "#", drawn  # the title row in view
    return [line for line in drawn[1:] if line.split()[:1] and line.split()[0].isdigit()]


def shown_text(screen: PartnerScreen, selector: str) -> str | None:
    """What a static of the page says, or ``None`` where it is left out."""
    widget = screen.query_one(selector, Static)
    if not widget.display or not screen.find_widget(widget).visible_region.height:
        return None
    return str(widget.render())


async def test_at_60x20_the_chart_is_left_out_and_the_diagnoses_fill_the_page(nine):
    app = make_app(nine)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_partner(pilot)
        rows = rows_in_view(screen)
        assert len(rows) >= 8, rows
        assert rows[0].split()[0] == str(screen.history[-1].id)  # newest first
        assert shown_text(screen, "#chart") is None and shown_text(screen, "#strength") is None
        assert shown_text(screen, "#chart-left-out") == CHART_LEFT_OUT
        assert "Conversation (#" in (shown_text(screen, "#conversation") or "")
        # The keys still work: down past the rows in view, enter opens that diagnosis.
        await pilot.press(*["down"] * 8)
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert table.cursor_row == 8
        assert rows_in_view(screen)[-1].split()[0] == str(screen.history[0].id)  # in view
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        assert app.screen.diagnosis.id == screen.history[0].id
        await pilot.press("escape", "up", "w")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and table.cursor_row == 7


async def test_at_80x24_the_chart_loses_its_frame_and_the_table_keeps_seven_rows(nine):
    app = make_app(nine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_partner(pilot)
        assert len(rows_in_view(screen)) >= 7, rows_in_view(screen)
        chart = screen.query_one("#chart", Static)
        assert shown_text(screen, "#chart") is not None
        assert chart.outer_size.height == 7  # dates, verdict, four causes, dominant: no frame
        assert shown_text(screen, "#strength") is not None
        assert shown_text(screen, "#chart-left-out") is None
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        assert app.screen.diagnosis.id == screen.history[-2].id


async def test_100x32_keeps_the_framed_chart_and_a_short_resize_refits_the_page(nine):
    app = make_app(nine)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_partner(pilot)
        chart = screen.query_one("#chart", Static)
        assert chart.outer_size.height == 9  # framed
        assert shown_text(screen, "#strength") is not None
        assert shown_text(screen, "#chart-left-out") is None
        assert not {"-compact", "-no-chart"} & screen.classes
        assert len(rows_in_view(screen)) == len(DIAGNOSED)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        assert shown_text(screen, "#chart") is None
        assert len(rows_in_view(screen)) >= 8
        # Taller again while a dialog covers the page: the page refits when it is back.
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.resize_terminal(100, 32)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        assert shown_text(screen, "#chart") is not None and chart.outer_size.height == 9
        assert len(nine.history(screen.partner)) == len(DIAGNOSED)  # kept
