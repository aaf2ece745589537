"""A partner's page: every diagnosis, newest first, with a chart of how the causes evolved.

The chart is read before the list: one column per diagnosis (oldest on the left), one row per
cause with a bar as tall as its evidence, the verdict on top and the dominant cause below.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from playbook import clock
from playbook.causes import CAUSES
from playbook.compare import TREND_MEANING, compare, timeline
from playbook.conversation import PRIORITY_WORDS, Conversation
from playbook.dates import long_date, short_date
from playbook.diagnosis import Diagnosis
from playbook.inert import shown
from playbook.outcome import Outcome
from tui.access import AppAccess, Reloads
from tui.look import TREND_STYLE, TREND_WORDS, VERDICT_STYLE, VERDICT_SYMBOL, diagnoses
from tui.messages import DiagnosisDeleted

BARS = " ▁▂▃▄▅▆▇█"
CAUSE_ORDER = ("owner", "rhythm", "expectations", "enablement")


def bar(strength: int) -> str:
    """A bar as tall as the evidence (strength 1 is low, 8 or more is full)."""
    if strength <= 0:
        return "·"
    return BARS[min(strength, len(BARS) - 1)]


CHART_LABEL = 14
CHART_COLUMN = 13
"""Wide enough for the longest cause's name, so the dominant row names causes as the rows do."""
STRENGTH_NOTE = "Bar height: strength, how much evidence points to the cause (· none)."
COLUMNS = (
    ("#", "id"),
    ("Diagnosed", "date"),
    ("Verdict", "verdict"),
    ("Dominant cause", "cause"),
    ("Change", "trend"),
    ("Outcome", "outcome"),
)
CHROME = 4
"""Columns of the screen the page cannot use: its padding and a scrollbar."""


def chart_columns(screen_width: int) -> int:
    """How many diagnoses the chart has room for (at most ten, at least one)."""
    room = screen_width - CHROME - 4 - CHART_LABEL  # the chart's border and padding
    return max(1, min(10, room // CHART_COLUMN))


def cause_chart(history: list[Diagnosis], width: int = CHART_COLUMN, columns: int = 10) -> Content:
    """Rows of causes against columns of diagnoses, oldest on the left: the last
    ``columns`` diagnoses."""
    shown = history[-columns:]
    label = CHART_LABEL
    lines = [
        Content.assemble(
            " " * label, *[(f"{short_date(d.diagnosed_on)[:6]:<{width}}", "dim") for d in shown]
        )
    ]
    verdict_cells: list[tuple[str, str] | str] = [f"{'Verdict':<{label}}"]
    for diagnosis in shown:
        symbol = VERDICT_SYMBOL[diagnosis.verdict.verdict]
        verdict_cells.append((f"{symbol:<{width}}", VERDICT_STYLE[diagnosis.verdict.verdict]))
    lines.append(Content.assemble(*verdict_cells))
    for cause in CAUSE_ORDER:
        cells: list[tuple[str, str] | str] = [f"{CAUSES[cause].title:<{label}}"]
        for diagnosis in shown:
            strength = next((f.strength for f in diagnosis.verdict.causes if f.cause == cause), 0)
            dominant = diagnosis.verdict.dominant_cause == cause
            style = "bold $warning" if dominant else "$text-muted" if strength < 2 else ""
            cells.append((f"{bar(strength) * 2:<{width}}", style))
        lines.append(Content.assemble(*cells))
    dominant_cells: list[tuple[str, str] | str] = [f"{'Dominant':<{label}}"]
    for diagnosis in shown:
        cause = diagnosis.verdict.dominant_cause
        name = CAUSES[cause].title if cause else "—"
        dominant_cells.append((f"{name:<{width}}", "italic"))
    lines.append(Content.assemble(*dominant_cells))
    return Content("\n").join(lines)


class PartnerScreen(AppAccess, Reloads, Screen[None]):
    """Every diagnosis of one partner, what changed, and what was agreed."""

    CSS_PATH = "partner.tcss"

    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("w", "compare", "What changed"),
        Binding("o", "outcome", "Record outcome"),
        Binding("n", "new", "New diagnosis"),
        Binding("x,delete", "delete", "Delete"),
        Binding("u", "app.undo_delete", "Undo delete"),
        Binding("R", "rename", "Rename partner"),
        Binding("escape,h", "back", "Home"),
        Binding("question_mark,f1", "app.help", "Keys"),
    ]

    def __init__(self, partner: str) -> None:
        super().__init__()
        self.partner = partner
        self.history: list[Diagnosis] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="partner-body"):
            yield Static(id="summary")
            yield Static(id="chart")
            yield Static(Content(STRENGTH_NOTE), id="strength", classes="dim")
            table: DataTable[Text] = DataTable(id="diagnoses", cursor_type="row")
            yield table
            yield Static(id="conversation")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        if self.history:
            self.reload()

    def reload(self) -> None:
        self.history = self.repository.history(self.partner)
        if not self.history:
            self.dismiss(None)
            return
        self.partner = self.history[-1].partner
        name = shown(self.partner, one_line=True)
        self.title = name
        latest = self.history[-1]
        count = len(self.history)
        self.sub_title = diagnoses(count)
        parts: list[tuple[str, str] | str | Content] = [
            (name, "bold"),
            f"  ·  {diagnoses(count)}  ·  latest: ",
            (latest.verdict.verdict.upper(), VERDICT_STYLE[latest.verdict.verdict]),
        ]
        steps = timeline(self.history)
        last_change = steps[-1][1]
        if last_change is not None:
            trend = last_change.trend
            parts += [
                "  ·  ",
                (
                    f"{TREND_WORDS[trend].split()[0]} {TREND_MEANING[trend]}",
                    TREND_STYLE[trend],
                ),
            ]
        self.query_one("#summary", Static).update(Content.assemble(*parts))
        width = self.app.size.width
        chart = cause_chart(self.history, columns=chart_columns(width))
        self.query_one("#chart", Static).update(chart)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        today = clock.today()
        rows: list[tuple[str, tuple[Text, ...]]] = []
        for diagnosis, change in reversed(steps):
            verdict = diagnosis.verdict
            symbol = VERDICT_SYMBOL[verdict.verdict]
            if change is None:
                trend = Text("first", "dim")
            else:
                moved = [str(c) for c in change.causes if c.status != "same"]
                words = TREND_WORDS[change.trend]
                trend = Text(words + (f": {', '.join(moved)}" if moved else ""))
            outcome = Outcome.from_dict(diagnosis.extra.get("outcome"))
            cells = (
                Text(str(diagnosis.id)),
                Text(short_date(diagnosis.diagnosed_on)),
                Text(f"{symbol} {verdict.verdict}"),
                Text(CAUSES[verdict.dominant_cause].title if verdict.dominant_cause else "—"),
                trend,
                _outcome_text(outcome, today),
            )
            for cell in cells:
                cell.no_wrap, cell.overflow = True, "ellipsis"
            rows.append((str(diagnosis.id), cells))
        # Every column in view, the outcome too: the change and the outcome share what room
        # the others leave, and a longer one ends in an ellipsis (the whole text is kept).
        table.clear(columns=True)
        for (label, key), column_width in zip(COLUMNS, _widths(rows, width), strict=True):
            table.add_column(label, key=key, width=column_width)
        for key, cells in rows:
            table.add_row(*cells, key=key)
        table.move_cursor(row=min(cursor, len(self.history) - 1))
        table.focus()

    def _selected(self) -> Diagnosis | None:
        table = self.query_one(DataTable)
        if not self.history or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((d for d in self.history if str(d.id) == key), None)

    @on(DataTable.RowHighlighted)
    def _show_conversation(self) -> None:
        """The highlighted diagnosis's reset conversation: when it was held, their answer,
        what was agreed; or that none is recorded yet."""
        diagnosis = self._selected()
        panel = self.query_one("#conversation", Static)
        if diagnosis is None:
            panel.update("")
            return
        panel.update(conversation_line(diagnosis))

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        from tui.screens.verdict import VerdictScreen

        diagnosis = self._selected()
        if diagnosis is not None:
            self.app.push_screen(VerdictScreen(diagnosis))

    def action_compare(self) -> None:
        from tui.screens.compare import CompareScreen

        diagnosis = self._selected()
        if diagnosis is None:
            return
        index = self.history.index(diagnosis)
        if index == 0:
            self.notify("This is the first diagnosis of this partner: nothing to compare with.")
            return
        self.app.push_screen(CompareScreen(compare(self.history[index - 1], diagnosis)))

    def action_outcome(self) -> None:
        from tui.screens.outcome import OutcomeScreen

        diagnosis = self._selected()
        if diagnosis is not None:
            self.app.push_screen(OutcomeScreen(diagnosis), lambda _: self.reload())

    def action_new(self) -> None:
        self.unstall.start_follow_up(self.partner)

    def action_delete(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        diagnosis = self._selected()
        if diagnosis is None:
            return

        def answer(yes: bool | None) -> None:
            if yes and diagnosis.id is not None:
                if self.repository.delete(diagnosis.id):
                    self.post_message(DiagnosisDeleted(diagnosis))  # the app keeps it for u
                self.reload()

        name = shown(diagnosis.partner, one_line=True)
        self.app.push_screen(
            ConfirmScreen(
                f"Delete the diagnosis #{diagnosis.id} of {name} "
                f"({short_date(diagnosis.diagnosed_on)})? You can undo it with u until you quit.",
                yes="Delete",
                no="Keep it",
            ),
            answer,
        )

    def action_rename(self) -> None:
        from tui.screens.rename import RenameScreen

        def renamed(new: str | None) -> None:
            if new:
                count = self.repository.rename_partner(self.partner, new)
                self.partner = new
                name = shown(new, one_line=True)
                self.notify(Content(f"Renamed to {name} in {diagnoses(count)}."))
                self.reload()

        self.app.push_screen(RenameScreen(self.partner), renamed)

    def action_back(self) -> None:
        self.dismiss(None)


def _widths(rows: list[tuple[str, tuple[Text, ...]]], screen_width: int) -> list[int]:
    """Each column's width: the first four as wide as their widest cell, the change and the
    outcome sharing the rest (the outcome the larger part), never narrower than 8 and 14."""
    widths = [cell_len(label) for label, _ in COLUMNS]
    for _, cells in rows:
        for index, cell in enumerate(cells):
            widths[index] = max(widths[index], cell.cell_len)
    # One column of padding each side of every cell.
    room = screen_width - CHROME - 2 * len(COLUMNS) - sum(widths[:4])
    change_wanted, outcome_wanted = widths[4], widths[5]
    if change_wanted + outcome_wanted <= room:
        return widths
    change = max(8, min(change_wanted, room * 2 // 5))
    outcome = max(14, min(outcome_wanted, room - change))
    change = max(8, min(change_wanted, room - outcome))
    return [*widths[:4], change, outcome]


def conversation_line(diagnosis: Diagnosis) -> Content:
    """One diagnosis's conversation in a line or two: held on, the answer, the decision and
    what was agreed."""
    conversation = Conversation.from_dict(diagnosis.extra.get("conversation"))
    label = (f"Conversation (#{diagnosis.id}): ", "bold")
    if conversation is None:
        return Content.assemble(label, ("not held yet (m on its verdict starts one).", "dim"))
    parts: list[str | tuple[str, str]] = [
        label,
        f"held on {long_date(conversation.held_on)}; their answer: "
        f"{PRIORITY_WORDS[conversation.priority]}; decision: {conversation.decision}",
    ]
    if conversation.agreed_sentence:
        parts.append(f"; agreed: {shown(conversation.agreed_sentence, one_line=True)}")
    parts.append(".")
    return Content.assemble(*parts)


def _outcome_text(outcome: Outcome | None, today: date) -> Text:
    if outcome is None:
        return Text("not recorded", "dim")
    words = outcome.decision
    if outcome.fix:
        words += f": {shown(outcome.fix, one_line=True)}"
    state = outcome.state(today)
    if state == "overdue" and outcome.due:
        return Text(f"⚠ {words} (due {short_date(outcome.due)}, overdue)", "bold red")
    if state == "due soon" and outcome.due:
        return Text(f"{words} (due {short_date(outcome.due)})", "bold yellow")
    return Text(words)
