"""Find in the history: by partner, verdict, cause, a date range in words, and text."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static

from playbook import clock
from playbook.causes import CAUSES
from playbook.dates import DateError, long_date, parse_range, short_date, to_date
from store.repository import Filter, Repository
from tui.look import diagnoses

VERDICTS = ("healthy", "stalled", "failed", "unclear")


class FindScreen(Screen[None]):
    """A small form; the results below follow every change. Enter on a result opens it."""

    CSS_PATH = "find.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("f1", "app.help", "Keys"),
    ]

    @property
    def repository(self) -> Repository:
        return self.app.repository  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="find-body"):
            with Grid(id="form"):
                yield Label("Partner")
                yield Input(placeholder="any partner", id="partner")
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
                yield Input(
                    placeholder="e.g. since 3 months ago, or 2026-01-01 to 2026-06-30", id="when"
                )
                yield Label("Text")
                yield Input(placeholder="words in notes or talking points", id="text")
            yield Static(id="found", classes="dim")
            table: DataTable[Text] = DataTable(id="results", cursor_type="row")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Find"
        table = self.query_one(DataTable)
        for label in ("#", "Diagnosed", "Partner", "Verdict", "Dominant cause"):
            table.add_column(label)
        self.query_one("#partner", Input).focus()
        self.search()

    @on(Input.Changed)
    @on(Select.Changed)
    def search(self) -> None:
        """Run the search with what the form says now."""
        found = self.query_one("#found", Static)
        since = until = None
        when = self.query_one("#when", Input).value
        if when.strip():
            try:
                since, until = parse_range(when, clock.today())
            except DateError as error:
                found.update(Content(f"✗ When: {error}"))
                return
        verdict = self.query_one("#verdict", Select).value
        cause = self.query_one("#cause", Select).value
        wanted = Filter(
            partner=self.query_one("#partner", Input).value.strip() or None,
            verdict=verdict if isinstance(verdict, str) else None,
            cause=cause if isinstance(cause, str) else None,
            since=since,
            until=until,
            text=self.query_one("#text", Input).value.strip() or None,
        )
        results = self.repository.find(wanted)
        table = self.query_one(DataTable)
        table.clear()
        for summary in results[:500]:
            diagnosed = to_date(summary.diagnosed_on)
            table.add_row(
                Text(str(summary.id)),
                Text(short_date(diagnosed) if diagnosed else summary.diagnosed_on),
                Text(summary.partner),
                Text(summary.verdict),
                Text(CAUSES[summary.dominant_cause].title if summary.dominant_cause else "—"),
                key=str(summary.id),
            )
        span = ""
        if since or until:
            span = (
                f" between {long_date(since) if since else 'the start'} and "
                f"{long_date(until) if until else 'today'}"
            )
        count = len(results)
        shown = " (the first 500 shown)" if count > 500 else ""
        found.update(Content(f"{diagnoses(count)} found{span}{shown}."))

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.verdict import VerdictScreen

        diagnosis = self.repository.get(int(str(event.row_key.value)))
        if diagnosis is not None:
            self.app.push_screen(VerdictScreen(diagnosis))

    def action_back(self) -> None:
        self.dismiss(None)
