"""Home: the partners with their latest verdict, what is due, and unfinished diagnoses."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from playbook import clock
from playbook.causes import CAUSES
from playbook.dates import describe, short_date, to_date
from playbook.inert import shown
from store.repository import Draft, PartnerSummary, Repository
from tui.look import TREND_CELL, TREND_WORDS, VERDICT_CELL, verdict_badge
from tui.widgets.line_table import Cell, LineTable

WELCOME = """\
Welcome to Unstall.

When a partnership goes quiet after the deal, Unstall walks you through a twenty-minute
diagnosis: fit, ownership, rhythm, expectations, enablement and activity. It names the
dominant cause of the stall and drafts the talking points for one honest, low-blame reset
conversation, which you can edit, copy or save.

Every answer is saved as you type it, so you can stop at any time and pick up where you left off.

Press n to start your first diagnosis."""


COLUMNS = ("Partner", "Verdict", "Trend", "Cause", "Diagnosed", "Next review")
PARTNER_WIDTH = 40
"""A longer name is cut with an ellipsis on home; the partner's page shows it whole."""


class HomeScreen(Screen[None]):
    """The list of partners, the welcome, and the way in to a new or unfinished diagnosis."""

    CSS_PATH = "home.tcss"

    BINDINGS = [
        Binding("n", "new", "New diagnosis"),
        Binding("r", "resume", "Resume draft"),
        Binding("x", "discard", "Discard draft"),
        Binding("u", "app.undo_delete", "Undo delete", show=False),
        Binding("slash,f", "find", "Find"),
        Binding("question_mark,f1", "app.help", "Keys"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.partners: list[PartnerSummary] = []
        self.drafts: list[Draft] = []

    @property
    def repository(self) -> Repository:
        return self.app.repository  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static(id="resume")
            yield Static(id="fixes")
            yield Static(Content(WELCOME), id="welcome")
            yield LineTable(COLUMNS, max_widths=(PARTNER_WIDTH,), id="partners")
            yield Static(id="legend", classes="dim")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Unstall"
        self.sub_title = "partnerships"

    def on_screen_resume(self) -> None:
        """Read the partners afresh each time home is shown (the first time too); once it is
        on screen, let the app read the diagnoses (only the first time costs anything)."""
        self.reload()
        self.call_after_refresh(self.app.warm_repository)  # type: ignore[attr-defined]

    def reload(self) -> None:
        """Read partners and drafts again and show them."""
        self.partners = self.repository.partners()
        self.drafts = self.repository.drafts()
        today = clock.today()
        self._show_drafts()
        table = self.query_one(LineTable)
        overdue = 0
        rows = []
        for partner in self.partners:
            latest = partner.latest
            due = to_date(latest.next_review) if latest.path != "exit" else None
            is_overdue = due is not None and due < today
            overdue += is_overdue
            cells = (
                Cell(partner.partner),
                Cell(verdict_badge(latest.verdict), VERDICT_CELL[latest.verdict]),
                Cell(TREND_WORDS[partner.trend], TREND_CELL[partner.trend]),
                Cell(CAUSES[latest.dominant_cause].title if latest.dominant_cause else "—"),
                Cell(_when(to_date(latest.diagnosed_on))),
                _due(due, today),
            )
            rows.append((str(latest.id), cells))
        table.set_rows(rows)
        empty = not self.partners
        self.query_one("#welcome").display = empty
        table.display = not empty
        legend = ""
        if not empty:
            count = len(self.partners)
            worse = sum(partner.trend == "worse" for partner in self.partners)
            legend = f"{count} partner{'s' if count != 1 else ''}"
            if worse:
                legend += f" · {worse} got worse since the diagnosis before (▼)"
            if overdue:
                legend += f" · {overdue} review{'s' if overdue != 1 else ''} overdue (⚠)"
            legend += " · enter opens a partner's history · n starts a new diagnosis"
        self.query_one("#legend", Static).update(Content(legend))
        self._show_fixes(today)
        if not empty:
            table.focus()

    def _show_fixes(self, today: date) -> None:
        """Agreed fixes that are overdue or due within a week, most urgent first."""
        panel = self.query_one("#fixes", Static)
        due: list[tuple[date, Content]] = []
        for partner in self.partners:
            outcome = partner.latest.outcome
            if outcome is None or outcome.due is None:
                continue
            state = outcome.state(today)
            if state not in ("overdue", "due soon"):
                continue
            style = "bold $error" if state == "overdue" else "bold $warning"
            mark = "⚠ overdue" if state == "overdue" else "due soon"
            owner = f" ({shown(outcome.owner, one_line=True)})" if outcome.owner else ""
            fix = shown(outcome.fix, one_line=True)
            due.append(
                (
                    outcome.due,
                    Content.assemble(
                        (f"{mark:<10}", style),
                        (shown(partner.partner, one_line=True), "bold"),
                        f": {fix}{owner}, due {describe(outcome.due, today)}",
                    ),
                )
            )
        if not due:
            panel.display = False
            return
        due.sort(key=lambda item: item[0])
        lines = [Content.styled("Agreed fixes", "bold")] + [line for _, line in due]
        panel.update(Content("\n").join(lines))
        panel.display = True

    def _show_drafts(self) -> None:
        banner = self.query_one("#resume", Static)
        if not self.drafts:
            banner.display = False
            return
        draft = self.drafts[0]
        name = shown(draft.partner, one_line=True) or "an unnamed partner"
        answered = len([v for k, v in draft.answers.items() if k != "diagnosed_on"])
        more = f" (+{len(self.drafts) - 1} more)" if len(self.drafts) > 1 else ""
        banner.update(
            Content.assemble(
                ("Unfinished diagnosis: ", "bold"),
                (name, "bold"),
                f", {answered} answer{'s' if answered != 1 else ''} so far{more}. "
                "Press r to resume it, x to discard it.",
            )
        )
        banner.display = True

    @on(LineTable.Selected)
    def _open(self, event: LineTable.Selected) -> None:
        key = event.key
        chosen = next((p for p in self.partners if str(p.latest.id) == key), None)
        if chosen is not None:
            self.app.open_partner(chosen.partner)  # type: ignore[attr-defined]

    def action_find(self) -> None:
        from tui.screens.find import FindScreen

        self.app.push_screen(FindScreen())

    def action_new(self) -> None:
        self.app.start_diagnosis(Draft())  # type: ignore[attr-defined]

    def action_resume(self) -> None:
        if not self.drafts:
            self.notify("There is no unfinished diagnosis to resume.")
            return
        self.app.start_diagnosis(self.drafts[0])  # type: ignore[attr-defined]

    def action_discard(self) -> None:
        if not self.drafts:
            self.notify("There is no unfinished diagnosis to discard.")
            return
        from tui.screens.confirm import ConfirmScreen

        draft = self.drafts[0]
        name = shown(draft.partner, one_line=True) or "an unnamed partner"

        def answer(yes: bool | None) -> None:
            if yes and draft.id is not None:
                self.repository.discard_draft(draft.id)
                self.notify(Content(f"Discarded the unfinished diagnosis of {name}."))
                self.reload()

        self.app.push_screen(
            ConfirmScreen(
                f"Discard the unfinished diagnosis of {name}? Its answers will be gone.",
                yes="Discard",
                no="Keep it",
            ),
            answer,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "discard"):
            return bool(self.drafts)
        return True


def _when(value: date | None) -> str:
    return "—" if value is None else short_date(value)


def _due(value: date | None, today: date) -> Cell:
    if value is None:
        return Cell("—")
    if value < today:
        return Cell(f"⚠ {short_date(value)}", "bold red")
    return Cell(short_date(value))
