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
from textual.widgets import DataTable, Header, Static

from playbook import clock
from playbook.causes import CAUSES
from playbook.compare import TREND_MEANING, Comparison, compare, timeline
from playbook.conversation import PRIORITY_WORDS, Conversation
from playbook.dates import brief_date, long_date, short_date
from playbook.diagnosis import Diagnosis
from playbook.inert import shown
from playbook.outcome import Outcome
from store.errors import StoreError
from tui.access import AppAccess, Reloads
from tui.footer_fit import fitted_check, left_out
from tui.look import TREND_STYLE, TREND_WORDS, VERDICT_STYLE, VERDICT_SYMBOL, diagnoses
from tui.messages import DiagnosisDeleted
from tui.widgets.keys_footer import KeysFooter

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
NARROW_COLUMNS = (
    ("#", "id"),
    ("Date", "date"),
    ("Verdict", "verdict"),
    ("Cause", "cause"),
    ("Outcome", "outcome"),
)
"""Where the six columns leave the outcome too little room (60 columns): the change is left to
the summary above and to ``w``, the date loses its year (this year's) or its day (another's),
and the cause is cut at :data:`NARROW_CAUSE`."""
NARROW_CAUSE = 9
"""The cause's width on a narrow screen: ``Ownership`` whole, ``Expectat…`` cut."""
CHANGE_LEAST, OUTCOME_LEAST = 8, 14
"""The change and the outcome are never narrower than this: below, the narrow columns."""
CHROME = 4
"""Columns of the screen the page cannot use: its padding and a scrollbar."""
COMPACT_BELOW = 32
"""Below this many lines the page is compact: the chart loses its frame and the blank line
above the summary goes, so that the table keeps several rows in view."""
CHART_LEAST = 24
"""Below this many lines the chart and its note are left out (a line says how tall the window
must be to see them): the diagnoses have the page."""
CHART_LEFT_OUT = f"The chart of causes needs a window {CHART_LEAST} lines high."
FOOTER_LEAVES = ("rename", "undo_delete", "delete", "compare", "outcome", "new")
"""The keys that leave the footer, in this order, where it has no room for every key, so that
Home and Keys fit (the keys screen lists them; see :mod:`tui.footer_fit`). The next diagnosis
stays longest: coming back to start it is what the page is most often for."""


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
        # Each key that may leave the footer (FOOTER_LEAVES), then its twin out of it.
        Binding("w", "compare", "What changed"),
        Binding("w", "compare_unlisted", "What changed", show=False),
        Binding("o", "outcome", "Record outcome"),
        Binding("o", "outcome_unlisted", "Record outcome", show=False),
        Binding("n", "new", "New diagnosis"),
        Binding("n", "new_unlisted", "New diagnosis", show=False),
        Binding("x,delete", "delete", "Delete"),
        Binding("x,delete", "delete_unlisted", "Delete", show=False),
        Binding("u", "undo_delete", "Undo delete"),
        Binding("u", "undo_delete_unlisted", "Undo delete", show=False),
        Binding("R", "rename", "Rename partner"),
        Binding("R", "rename_unlisted", "Rename partner", show=False),
        # u while it is off (nothing deleted), last: in neither the footer nor the keys screen
        # (no words), it says there is nothing to undo.
        Binding("u", "undo_delete_off", show=False),
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
            yield Static(Content(CHART_LEFT_OUT), id="chart-left-out", classes="dim")
            table: DataTable[Text] = DataTable(id="diagnoses", cursor_type="row")
            yield table
            yield Static(id="conversation")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        if self.history:
            self.reload()

    def reload(self) -> None:
        try:
            self.history = self.repository.history(self.partner)
        except StoreError as error:
            # The partner's file is damaged: said, and the page closes (or, already open, keeps
            # what it shows); every other partner works as before.
            self.unstall.refused(f"Could not open {shown(self.partner, one_line=True)}", error)
            if not self.history and self.is_active:
                self.dismiss(None)
            return
        if not self.history:
            # None left (the last deleted): close, once, and only as the screen on top;
            # reloaded under a dialog or after closing, home must stay.
            if self.is_active:
                self.dismiss(None)
            return
        self.partner = self.history[-1].partner
        self._fit_height()
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
        rows = [_row(diagnosis, change, today) for diagnosis, change in reversed(steps)]
        # Every column in view, the outcome too: the change and the outcome share what room
        # the others leave, and a longer one ends in an ellipsis (the whole text is kept).
        # Where that leaves the outcome too little, the narrow columns (no change).
        widths = _widths(rows, width)
        columns = COLUMNS
        if widths is None:
            rows = [_row(diagnosis, change, today, True) for diagnosis, change in reversed(steps)]
            widths = _narrow_widths(rows, width)
            columns = NARROW_COLUMNS
        table.clear(columns=True)
        for (label, key), column_width in zip(columns, widths, strict=True):
            table.add_column(label, key=key, width=column_width)
        for key, cells in rows:
            table.add_row(*cells, key=key)
        table.move_cursor(row=min(cursor, len(self.history) - 1))
        table.focus()
        self.refresh_bindings()  # the footer refitted to the width, u once there is an undo

    def _fit_height(self) -> None:
        """The classes the page's look follows on a short screen (see partner.tcss):
        ``-compact`` below :data:`COMPACT_BELOW` lines, ``-no-chart`` below
        :data:`CHART_LEAST`."""
        height = self.app.size.height
        self.set_class(height < COMPACT_BELOW, "-compact")
        self.set_class(height < CHART_LEAST, "-no-chart")

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

    def moves_cursor(self, event: events.Key) -> bool:
        """``n`` opens the next diagnosis with the cursor in it: what is typed right after
        goes there (:mod:`tui.typeahead`)."""
        return event.key == "n"

    def action_new(self) -> None:
        self.unstall.start_follow_up(self.partner)

    def action_delete(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        diagnosis = self._selected()
        if diagnosis is None:
            return

        def answer(yes: bool | None) -> None:
            if yes and diagnosis.id is not None:
                try:
                    removed = self.repository.remove(diagnosis.id)
                except StoreError as error:
                    self.unstall.refused(f"Could not delete #{diagnosis.id}", error)
                    removed = None
                if removed is not None:  # the app keeps it, and its meeting, for u
                    self.post_message(DiagnosisDeleted(removed.diagnosis, removed.meeting))
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
            if new:  # the app asks first where it is another partner's name
                self.unstall.rename_partner(self.partner, new, self._renamed)

        self.app.push_screen(RenameScreen(self.partner), renamed)

    def _renamed(self, new: str) -> None:
        self.partner = new
        self.reload()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_undo_delete(self) -> None:
        self.unstall.action_undo_delete()

    action_compare_unlisted = action_compare
    action_outcome_unlisted = action_outcome
    action_new_unlisted = action_new
    action_delete_unlisted = action_delete
    action_undo_delete_unlisted = action_undo_delete
    action_rename_unlisted = action_rename
    action_undo_delete_off = action_undo_delete  # only while u is off: "Nothing to undo: ..."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """u once a diagnosis was deleted; each key of FOOTER_LEAVES in the footer where it
        has room, else its twin out of it."""
        return fitted_check(self, action, self._available, FOOTER_LEAVES)

    def _available(self, action: str) -> bool:
        return bool(self.unstall.deleted) if action == "undo_delete" else True

    @property
    def footer_left_out(self) -> set[str]:
        """The keys the footer leaves out at the moment (see :data:`FOOTER_LEAVES`)."""
        return left_out(self, self._available, FOOTER_LEAVES)


def _row(
    diagnosis: Diagnosis, change: Comparison | None, today: date, narrow: bool = False
) -> tuple[str, tuple[Text, ...]]:
    """One diagnosis's row (its key and cells): the six columns, or the narrow five."""
    verdict = diagnosis.verdict
    symbol = VERDICT_SYMBOL[verdict.verdict]
    outcome = _outcome_text(Outcome.from_dict(diagnosis.extra.get("outcome")), today, narrow)
    cause = Text(CAUSES[verdict.dominant_cause].title if verdict.dominant_cause else "—")
    diagnosed = diagnosis.diagnosed_on
    when = Text(brief_date(diagnosed, today) if narrow else short_date(diagnosed))
    cells: tuple[Text, ...] = (Text(str(diagnosis.id)), when, Text(f"{symbol} {verdict.verdict}"))
    if narrow:
        cells += (cause, outcome)
    else:
        if change is None:
            trend = Text("first", "dim")
        else:
            moved = [str(c) for c in change.causes if c.status != "same"]
            words = TREND_WORDS[change.trend]
            trend = Text(words + (f": {', '.join(moved)}" if moved else ""))
        cells += (cause, trend, outcome)
    for cell in cells:
        cell.no_wrap, cell.overflow = True, "ellipsis"
    return str(diagnosis.id), cells


def _widest(
    rows: list[tuple[str, tuple[Text, ...]]], columns: tuple[tuple[str, str], ...]
) -> list[int]:
    """How wide each column's widest cell (or its title) is, in terminal cells."""
    widths = [cell_len(label) for label, _ in columns]
    for _, cells in rows:
        for index, cell in enumerate(cells):
            widths[index] = max(widths[index], cell.cell_len)
    return widths


def _widths(rows: list[tuple[str, tuple[Text, ...]]], screen_width: int) -> list[int] | None:
    """Each column's width: the first four as wide as their widest cell, the change and the
    outcome sharing the rest (the outcome the larger part), never narrower than 8 and 14;
    ``None`` where the screen has no room for that (then the narrow columns)."""
    widths = _widest(rows, COLUMNS)
    # One column of padding each side of every cell.
    room = screen_width - CHROME - 2 * len(COLUMNS) - sum(widths[:4])
    change_wanted, outcome_wanted = widths[4], widths[5]
    if change_wanted + outcome_wanted <= room:
        return widths
    if room < CHANGE_LEAST + OUTCOME_LEAST:
        return None
    change = max(CHANGE_LEAST, min(change_wanted, room * 2 // 5))
    outcome = max(OUTCOME_LEAST, min(outcome_wanted, room - change))
    change = max(CHANGE_LEAST, min(change_wanted, room - outcome))
    return [*widths[:4], change, outcome]


def _narrow_widths(rows: list[tuple[str, tuple[Text, ...]]], screen_width: int) -> list[int]:
    """The narrow columns' widths: the cause cut at :data:`NARROW_CAUSE`, the outcome the
    rest (never narrower than its title)."""
    widths = _widest(rows, NARROW_COLUMNS)
    widths[3] = min(widths[3], NARROW_CAUSE)
    room = screen_width - CHROME - 2 * len(NARROW_COLUMNS) - sum(widths[:4])
    widths[4] = max(cell_len("Outcome"), min(widths[4], room))
    return widths


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
        f"{PRIORITY_WORDS[conversation.priority]}; decision: {conversation.decision_note}",
    ]
    if conversation.agreed_sentence:
        agreed = shown(conversation.agreed_sentence, one_line=True)
        parts.append(f"; {conversation.agreed_label.lower()}: {agreed}")
    parts.append(".")
    return Content.assemble(*parts)


def _outcome_text(outcome: Outcome | None, today: date, narrow: bool = False) -> Text:
    """The outcome in its cell: the decision, the fix and when it is due. Narrow, the decision
    and whether it is overdue or when it is due come first, the fix last (the part cut)."""
    if outcome is None:
        return Text("not recorded", "dim")
    state = outcome.state(today)
    fix = f": {shown(outcome.fix, one_line=True)}" if outcome.fix else ""
    if narrow:
        if state == "overdue" and outcome.due:
            return Text(f"⚠ {outcome.decision}, overdue{fix}", "bold red")
        if state == "due soon" and outcome.due:
            due = brief_date(outcome.due, today)
            return Text(f"{outcome.decision}, due {due}{fix}", "bold yellow")
        return Text(outcome.decision + fix)
    words = outcome.decision + fix
    if state == "overdue" and outcome.due:
        return Text(f"⚠ {words} (due {short_date(outcome.due)}, overdue)", "bold red")
    if state == "due soon" and outcome.due:
        return Text(f"{words} (due {short_date(outcome.due)})", "bold yellow")
    return Text(words)
