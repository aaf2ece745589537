"""Find in the history: by partner, verdict, cause, a date range in words, and text."""

from __future__ import annotations

import asyncio

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Select, Static

from playbook import clock
from playbook.causes import CAUSES
from playbook.dates import DateError, long_date, parse_range, short_date, to_date
from playbook.history import DiagnosisSummary, newest_first
from playbook.inert import shown
from store.errors import StoreError
from store.repository import Filter
from tui.access import AppAccess
from tui.look import diagnoses
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.limited import TextInput

VERDICTS = ("healthy", "stalled", "failed", "unclear")
TEXT_FIELDS = ("partner", "when", "text")
SHOWN = 500
"""The most results the table holds; the count says how many were found."""
ROWS_AT_ONCE = 25
"""Rows added to the results table before the app is given its turn."""
FIRST_FILES = 20
"""Partner files read before the first matches are shown (then all of them at the end): at
10,000 diagnoses over 500 partners, about 15 ms of reading."""
COLUMNS = ("#", "Diagnosed", "Partner", "Verdict", "Cause")
DATE_WIDTH = 11
"""``23 Nov 2026``."""
VERDICT_WIDTH = 7
CAUSE_WIDTH = max(len(cause.title) for cause in CAUSES.values())
NARROWEST_CAUSE = 6
PARTNER_WIDTH = 40
"""A longer name is cut with an ellipsis; the verdict screen shows it whole."""
NARROWEST_PARTNER = 14
"""The cause gives up columns (down to :data:`NARROWEST_CAUSE`) before the partner goes below."""
CHROME = 4
"""Columns of the screen the table cannot use: the body's padding and the scrollbar."""


def column_widths(room: int, number: int, widest_partner: int) -> tuple[int, ...]:
    """The width of each column when the table has ``room`` terminal columns, its ids are
    ``number`` wide and its longest partner name ``widest_partner``: every column stays in
    view, the partner's name (then the cause) is cut where there is too little room."""
    spare = room - 2 * len(COLUMNS) - number - DATE_WIDTH - VERDICT_WIDTH
    partner = min(max(widest_partner, len("Partner")), PARTNER_WIDTH)
    cause = CAUSE_WIDTH
    if spare - cause < partner:
        cause = max(NARROWEST_CAUSE, min(CAUSE_WIDTH, spare - NARROWEST_PARTNER))
        partner = max(min(partner, spare - cause), 1)
    return (number, DATE_WIDTH, partner, VERDICT_WIDTH, cause)


def cell(text: str) -> Text:
    """A cell on one line, cut with an ellipsis when its column is narrower."""
    return Text(text, no_wrap=True, overflow="ellipsis", end="")


class FindScreen(AppAccess, Screen[None]):
    """A small form; the results below follow every change. Enter on a result opens it."""

    CSS_PATH = "find.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("f1", "app.help", "Keys"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.results: list[DiagnosisSummary] = []
        """What the table shows now, in its order."""
        self.widths: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="find-body"):
            with Grid(id="form"):
                yield Label("Partner")
                yield TextInput(placeholder="any partner", id="partner")
                yield Label("Verdict")
                yield Select(
                    [(name.capitalize(), name) for name in VERDICTS],
                    prompt="any verdict",
                    id="verdict",
                )
                yield Label("Dominant cause")
                yield Select(
                    [(cause.title, key) for key, cause in CAUSES.items()],
                    prompt="any cause",
                    id="cause",
                )
                yield Label("When")
                yield TextInput(
                    placeholder="e.g. since 3 months ago, or 2026-01-01 to 2026-06-30", id="when"
                )
                yield Label("Text")
                yield TextInput(placeholder="words in notes or talking points", id="text")
            yield Static(id="found", classes="dim")
            table: DataTable[Text] = DataTable(id="results", cursor_type="row")
            yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Find"
        self._fit_columns()
        # The last search of this session comes back with the form (escape, then / again).
        for name, value in self.unstall.last_search.items():
            if name in TEXT_FIELDS:
                self.query_one(f"#{name}", Input).value = value
            elif value:
                self.query_one(f"#{name}", Select).value = value
        self.set_focus(self.query_one("#partner", Input))
        self.unstall.cursor_landed(self)  # keys typed right after / go to the partner field
        self.search()

    def on_resize(self) -> None:
        """A new width: the columns are fitted again (the rows with them)."""
        if self._fit_columns():
            self._fill(self.results)

    def _fit_columns(self) -> bool:
        """Set the columns' widths for the screen's width and the rows shown; True when
        they changed (the table is then empty)."""
        shown_now = self.results
        number = max((len(str(summary.id)) for summary in shown_now), default=1)
        widest = max((cell_len(shown(s.partner, one_line=True)) for s in shown_now), default=0)
        widths = column_widths(self.size.width - CHROME, number, widest)
        if widths == self.widths:
            return False
        self.widths = widths
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for label, width in zip(COLUMNS, widths, strict=True):
            table.add_column(cell(label), width=width)
        return True

    @on(Input.Changed)
    @on(Select.Changed)
    def search(self) -> None:
        """Search with what the form says now, in a worker: a key never waits on the files.

        A search still running is cancelled by the next one (an exclusive worker), so typing
        fast only ever finishes the last search."""
        found = self.query_one("#found", Static)
        since = until = None
        when = self.query_one("#when", Input).value
        verdict = self.query_one("#verdict", Select).value
        cause = self.query_one("#cause", Select).value
        self.unstall.last_search = {
            **{name: self.query_one(f"#{name}", Input).value for name in TEXT_FIELDS},
            "verdict": verdict if isinstance(verdict, str) else "",
            "cause": cause if isinstance(cause, str) else "",
        }
        if when.strip():
            try:
                since, until = parse_range(when, clock.today())
            except DateError as error:
                self.workers.cancel_group(self, "find")
                found.update(Content(shown(f"✗ When: {error}", one_line=True)))
                return
        wanted = Filter(
            partner=self.query_one("#partner", Input).value.strip() or None,
            verdict=verdict if isinstance(verdict, str) else None,
            cause=cause if isinstance(cause, str) else None,
            since=since,
            until=until,
            text=self.query_one("#text", Input).value.strip() or None,
        )
        span = ""
        if since or until:
            span = (
                f" between {long_date(since) if since else 'the start'} and "
                f"{long_date(until) if until else 'today'}"
            )
        found.update(Content("Searching…"))
        self._search(wanted, span)

    @work(exclusive=True, group="find")
    async def _search(self, wanted: Filter, span: str) -> None:
        """Read the partner files one at a time, most recent partners first, giving the app
        its turn after each (a key is never kept waiting for more than one file), and stop
        at once when a newer search begins. The first matches are shown after the first
        :data:`FIRST_FILES` files, all of them at the end."""
        results: list[DiagnosisSummary] = []
        try:
            for files, piece in enumerate(self.repository.find_pieces(wanted), start=1):
                results.extend(piece)
                if files == FIRST_FILES:
                    await self._show(list(results), span, done=False)
                await asyncio.sleep(0)
        except StoreError as error:
            self.results = []
            self.query_one(DataTable).clear()
            self.query_one("#found", Static).update(Content(shown(f"✗ {error}")))
            return
        await self._show(results, span, done=True)

    async def _show(self, results: list[DiagnosisSummary], span: str, done: bool) -> None:
        """Show ``results``: the first :data:`SHOWN`, newest first, and how many there are.
        The rows go in a few at a time, the app given its turn between (measuring 500 rows
        at once would keep a key waiting)."""
        results.sort(key=newest_first, reverse=True)
        self.results = results[:SHOWN]
        if not self._fit_columns():
            self.query_one(DataTable).clear()
        for start in range(0, len(self.results), ROWS_AT_ONCE):
            self._fill(self.results[start : start + ROWS_AT_ONCE])
            await asyncio.sleep(0)
        count = len(results)
        if not done:
            message = f"{diagnoses(count)} found so far{span}; still searching…"
        else:
            cut = f" (the first {SHOWN} shown)" if count > SHOWN else ""
            message = f"{diagnoses(count)} found{span}{cut}."
        self.query_one("#found", Static).update(Content(message))

    def _fill(self, summaries: list[DiagnosisSummary]) -> None:
        """Add a row for each of ``summaries`` to the table."""
        table = self.query_one(DataTable)
        for summary in summaries:
            diagnosed = to_date(summary.diagnosed_on)
            table.add_row(
                cell(str(summary.id)),
                cell(short_date(diagnosed) if diagnosed else summary.diagnosed_on),
                cell(shown(summary.partner, one_line=True)),
                cell(summary.verdict),
                cell(CAUSES[summary.dominant_cause].title if summary.dominant_cause else "—"),
                key=str(summary.id),
            )

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.verdict import VerdictScreen

        try:
            diagnosis = self.repository.get(int(str(event.row_key.value)))
        except StoreError as error:
            self.unstall.refused("Could not open it", error)
            return
        if diagnosis is not None:
            self.app.push_screen(VerdictScreen(diagnosis))

    def action_back(self) -> None:
        self.dismiss(None)
