"""Home: the partners with their latest verdict, what is due, and unfinished diagnoses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from rich.cells import cell_len, set_cell_size
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from playbook import clock
from playbook.causes import CAUSES
from playbook.conversation import PRIORITY_WORDS
from playbook.dates import brief_date, describe, distance, long_date, short_date, to_date
from playbook.history import draft_counts
from playbook.inert import shown
from store.errors import StoreError
from store.meetings import InProgress
from store.repository import Draft, PartnerSummary
from tui.access import AppAccess, Reloads
from tui.footer_fit import fitted_check, left_out, refit
from tui.look import TREND_CELL, TREND_WORDS, VERDICT_CELL, verdict_badge
from tui.messages import HomeShown
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.line_table import Cell, LineTable

WELCOME = """\
Welcome to Unstall.

When a partnership goes quiet after the deal, Unstall walks you through a twenty-minute
diagnosis: fit, ownership, rhythm, expectations, enablement and activity. It names the
dominant cause of the stall and drafts the talking points for one honest, low-blame reset
conversation, which you can edit, copy or save.

Every answer is saved as you type it, so you can stop at any time and pick up where you left off.

Press n to start your first diagnosis."""


COLUMNS = ("Partner", "Verdict", "Trend", "Cause", "Diagnosed", "Review")
PARTNER_WIDTH = 40
"""A longer name is cut with an ellipsis on home; the partner's page shows it whole."""
NARROWEST_PARTNER = 10
"""The partner's column is never cut narrower than this: below, the table scrolls sideways."""
CHROME = 4
"""Columns of the screen the table cannot use: the body's padding and the scrollbar."""
NARROW_COLUMNS = tuple(title for title in COLUMNS if title != "Diagnosed")
"""Home at its narrowest (60 columns): the date of the diagnosis is left to the partner's page."""
NARROW_CAUSE = 9
"""The cause's width at the narrowest: ``Ownership`` whole, ``Expectat…`` cut."""
FOOTER_LEAVES = ("discard", "undo_delete", "resume", "meeting")
"""The keys that leave the footer, in this order, where it has no room for every key, so that
Keys and Quit fit (the banners above name them, the keys screen lists them; see
:mod:`tui.footer_fit`)."""
NO_DRAFT_NEXT = {
    "resume": ". Press n to start a new one.",
    "discard": ": each one started was finished or discarded.",
}
"""What r and x add when there is no unfinished diagnosis: what to do, or why there is none."""


class HomeScreen(AppAccess, Reloads, Screen[None]):
    """The list of partners, the welcome, and the way in to a new or unfinished diagnosis."""

    CSS_PATH = "home.tcss"

    BINDINGS = [
        Binding("n", "new", "New diagnosis"),
        # Each key that may leave the footer (FOOTER_LEAVES), then its twin out of it.
        Binding("r", "resume", "Resume draft"),
        Binding("r", "resume_unlisted", "Resume draft", show=False),
        Binding("x", "discard", "Discard draft"),
        Binding("x", "discard_unlisted", "Discard draft", show=False),
        Binding("m", "meeting", "Resume meeting"),
        Binding("m", "meeting_unlisted", "Resume meeting", show=False),
        Binding("u", "undo_delete", "Undo delete"),
        Binding("u", "undo_delete_unlisted", "Undo delete", show=False),
        # The same keys while they are off (nothing to resume, discard or undo), last: in
        # neither the footer nor the keys screen (no words), they say what is missing.
        Binding("r", "resume_off", show=False),
        Binding("x", "discard_off", show=False),
        Binding("m", "meeting_off", show=False),
        Binding("u", "undo_delete_off", show=False),
        Binding("slash,f", "find", "Find"),
        Binding("question_mark,f1", "app.help", "Keys"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.partners: list[PartnerSummary] = []
        self.drafts: list[Draft] = []
        self.meetings: list[InProgress] = []
        """Reset conversations in progress, the last saved first."""
        self.was_left_out: set[str] = set()
        """The keys the footer last left out (refitted when that changes)."""
        self.rows_width = 0
        """The screen width the rows were last fitted to (a resize to it changes nothing)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static(id="meeting-resume")
            yield Static(id="resume")
            yield Static(id="fixes")
            # One line a paragraph: the terminal wraps it, at any width.
            paragraphs = (" ".join(part.split("\n")) for part in WELCOME.split("\n\n"))
            yield Static(Content("\n\n".join(paragraphs)), id="welcome")
            yield LineTable(COLUMNS, max_widths=(PARTNER_WIDTH,), id="partners")
            yield Static(id="legend", classes="dim")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Unstall"
        self.sub_title = "partnerships"

    def on_screen_resume(self) -> None:
        """Read the partners afresh each time home is shown (the first time too); once it is
        on screen, let the app read the diagnoses (only the first time costs anything)."""
        self.reload()
        self.call_after_refresh(self.post_message, HomeShown())

    def on_resize(self, event: events.Resize) -> None:
        if self.partners and event.size.width != self.rows_width:
            self._show_rows(event.size.width)
        self.was_left_out = refit(self, self._available, FOOTER_LEAVES, self.was_left_out)

    def reload(self) -> None:
        """Read partners and drafts again and show them."""
        self.partners = self.repository.partners()
        try:
            self.drafts = self.repository.drafts()
        except StoreError:  # drafts.json damaged: said at start, the rest of home works
            self.drafts = []
        self.meetings = self.repository.meetings()
        today = clock.today()
        self._show_meetings()
        self._show_drafts()
        table = self.query_one(LineTable)
        overdue = sum(
            partner.latest.path != "exit" and _is_before(partner.latest.next_review, today)
            for partner in self.partners
        )
        self._show_rows(self.app.size.width)
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
        self.was_left_out = self.footer_left_out
        self.refresh_bindings()  # a draft or a meeting come or gone: their keys with them

    def _show_rows(self, screen_width: int) -> None:
        """The partners' rows, fitted to ``screen_width``: every column stays in view. Where
        the screen is narrow, dates lose their year (this year's) or their day (another
        year's), then the trend keeps only its symbol, then the partner's name is cut (with
        an ellipsis); at the narrowest, the date of the diagnosis is left out and the cause
        is cut too."""
        today = clock.today()
        room = screen_width - CHROME
        steps = ((False, False), (True, False), (True, True), (True, True))
        for step, (short_dates, short_trend) in enumerate(steps):
            narrow = step == len(steps) - 1
            columns = NARROW_COLUMNS if narrow else COLUMNS
            rows = [
                (str(p.latest.id), self._cells(p, today, short_dates, short_trend, narrow))
                for p in self.partners
            ]
            widest = _widest(rows, columns)
            if narrow:
                cause = columns.index("Cause")
                widest[cause] = min(widest[cause], NARROW_CAUSE)
            # One column of padding each side of every cell.
            partner_room = room - sum(widest[1:]) - 2 * len(columns)
            widest_name = widest[0]
            if partner_room >= min(widest_name, PARTNER_WIDTH, 16 if short_dates else 99):
                break  # with short dates, a name cut at 16 beats a trend without its word
        table = self.query_one(LineTable)
        if columns != table.columns:
            limits = {"Partner": PARTNER_WIDTH, "Cause": NARROW_CAUSE if narrow else None}
            table.set_columns(columns, max_widths=[limits.get(title) for title in columns])
        cut = max(partner_room, NARROWEST_PARTNER)
        if cut < min(widest_name, PARTNER_WIDTH):
            rows = [
                (key, (Cell(_cut(shown(cells[0].text, one_line=True), cut)), *cells[1:]))
                for key, cells in rows
            ]
        table.set_rows(rows)
        self.rows_width = screen_width

    @staticmethod
    def _cells(
        partner: PartnerSummary,
        today: date,
        short_dates: bool,
        short_trend: bool,
        narrow: bool = False,
    ) -> tuple[Cell, ...]:
        latest = partner.latest
        due = to_date(latest.next_review) if latest.path != "exit" else None
        trend = TREND_WORDS[partner.trend]
        if short_trend and partner.trend != "first":
            trend = trend.split()[0]
        on = to_date(latest.diagnosed_on)
        diagnosed = () if narrow else (Cell(_when(on, today, short_dates)),)
        return (
            Cell(partner.partner),
            Cell(verdict_badge(latest.verdict), VERDICT_CELL[latest.verdict]),
            Cell(trend, TREND_CELL[partner.trend]),
            Cell(CAUSES[latest.dominant_cause].title if latest.dominant_cause else "—"),
            *diagnosed,
            _due(due, today, short_dates),
        )

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

    def _show_meetings(self) -> None:
        banner = self.query_one("#meeting-resume", Static)
        banner.display = bool(self.meetings)
        if not self.meetings:
            return
        latest = self.meetings[0]
        said = len(latest.meeting.said)
        parts: list[str | tuple[str, str]] = [
            ("Conversation in progress: ", "bold"),
            (shown(latest.partner, one_line=True), "bold"),
            f", {said} point{'s' if said != 1 else ''} ticked as said.",
        ]
        if len(self.meetings) == 1:
            parts.append(" Press m to go back to it; everything typed is kept.")
        else:
            others = [shown(found.partner, one_line=True) for found in self.meetings[1:4]]
            rest = len(self.meetings) - 1 - len(others)
            listed = ", ".join(others) + (f" and {rest} more" if rest else "")
            parts.append(
                f"\nAlso in progress: {listed}. Press m to choose which one to go back to; "
                "everything typed is kept."
            )
        banner.update(Content.assemble(*parts))

    def action_meeting(self) -> None:
        """Resume a conversation in progress: the one there is, or the one chosen from the
        list when there are several (read with the rest of home: no diagnosis is opened)."""
        if not self.meetings:
            self.notify(
                "There is no conversation in progress to resume. To start one, open a "
                "partner's diagnosis and press m on its verdict."
            )
            return
        if len(self.meetings) == 1:
            self._resume_meeting(self.meetings[0])
            return
        meetings = list(self.meetings)

        def chosen(index: int | None) -> None:
            if index is not None and 0 <= index < len(meetings):
                self._resume_meeting(meetings[index])

        self.app.push_screen(MeetingPicker(meetings, clock.now()), chosen)

    def _resume_meeting(self, found: InProgress) -> None:
        try:
            diagnosis = self.repository.get(found.diagnosis_id)
        except StoreError as error:
            self.unstall.refused("Could not resume the meeting", error)
            return
        if diagnosis is None:
            self.notify("That diagnosis is gone: its meeting cannot be resumed.")
            return
        self.unstall.open_meeting(diagnosis, found.meeting)

    def _show_drafts(self) -> None:
        banner = self.query_one("#resume", Static)
        if not self.drafts:
            banner.display = False
            return
        draft = self.drafts[0]
        name = shown(draft.partner, one_line=True) or "an unnamed partner"
        typed, carried = draft_counts(draft)
        more = f" (+{len(self.drafts) - 1} more)" if len(self.drafts) > 1 else ""
        from_last = f" and {carried} carried from last time" if carried else ""
        keys = (
            "Press r to choose one to resume, x to choose one to discard."
            if more
            else "Press r to resume it, x to discard it."
        )
        banner.update(
            Content.assemble(
                ("Unfinished diagnosis: ", "bold"),
                (name, "bold"),
                f", {typed} answer{'s' if typed != 1 else ''} typed{from_last} so far{more}. "
                + keys,
            )
        )
        banner.display = True

    @on(LineTable.Selected)
    def _open(self, event: LineTable.Selected) -> None:
        key = event.key
        chosen = next((p for p in self.partners if str(p.latest.id) == key), None)
        if chosen is not None:
            self.unstall.open_partner(chosen.partner)

    def action_find(self) -> None:
        from tui.screens.find import FindScreen

        self.app.push_screen(FindScreen())

    def moves_cursor(self, event: events.Key) -> bool:
        """``n`` opens the questionnaire and ``f`` or ``/`` Find, each with the cursor in its
        first field: what is typed right after goes there (:mod:`tui.typeahead`)."""
        return event.key in ("n", "f", "slash")

    def action_new(self) -> None:
        self.unstall.start_diagnosis(Draft())

    def _choose_draft(self, doing: str, then: Callable[[Draft], None]) -> None:
        """``then`` the unfinished diagnosis there is, or the one chosen when there are
        several (the last saved first)."""
        if not self.drafts:
            self.notify(f"There is no unfinished diagnosis to {doing}{NO_DRAFT_NEXT[doing]}")
            return
        drafts = list(self.drafts)
        if len(drafts) == 1:
            then(drafts[0])
            return

        def chosen(index: int | None) -> None:
            if index is not None and 0 <= index < len(drafts):
                then(drafts[index])

        self.app.push_screen(DraftPicker(drafts, clock.now(), doing), chosen)

    def action_resume(self) -> None:
        self._choose_draft("resume", self.unstall.start_diagnosis)

    def action_discard(self) -> None:
        self._choose_draft("discard", self._discard)

    def _discard(self, draft: Draft) -> None:
        from tui.screens.confirm import ConfirmScreen

        name = shown(draft.partner, one_line=True) or "an unnamed partner"

        def answer(yes: bool | None) -> None:
            if yes and draft.id is not None:
                try:
                    self.repository.discard_draft(draft.id)
                except StoreError as error:
                    self.unstall.refused("Could not discard it", error)
                    return
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

    action_resume_unlisted = action_resume
    action_discard_unlisted = action_discard
    action_meeting_unlisted = action_meeting
    # Reached only while the key is off: each says what there is not.
    action_resume_off = action_resume
    action_discard_off = action_discard
    action_meeting_off = action_meeting

    def action_undo_delete(self) -> None:
        self.unstall.action_undo_delete()

    action_undo_delete_unlisted = action_undo_delete
    action_undo_delete_off = action_undo_delete  # only while u is off: "Nothing to undo: ..."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """r and x with a draft to resume, m with a conversation in progress, u with a
        diagnosis deleted since Unstall opened; each in the footer where it has room, else its
        twin out of it (FOOTER_LEAVES). Without one, the key's ``_off`` binding (always on,
        tried last) says so."""
        return fitted_check(self, action, self._available, FOOTER_LEAVES)

    def _available(self, action: str) -> bool:
        if action in ("resume", "discard"):
            return bool(self.drafts)
        if action == "meeting":
            return bool(self.meetings)
        if action == "undo_delete":
            return bool(self.unstall.deleted)
        return True

    @property
    def footer_left_out(self) -> set[str]:
        """The keys the footer leaves out at the moment (see :data:`FOOTER_LEAVES`)."""
        return left_out(self, self._available, FOOTER_LEAVES)


def saved_words(saved_at: str, now: datetime) -> str:
    """When a meeting was last saved, in words: ``saved today at 10:02``, ``saved yesterday
    at 16:40``, ``saved Fri 20 Nov 2026 at 09:15``; empty when it is not known."""
    try:
        moment = datetime.fromisoformat(saved_at)
    except ValueError:
        return ""
    day = moment.date()
    gap = (now.date() - day).days
    when = distance(day, now.date()) if gap in (0, 1) else long_date(day)
    return f"saved {when} at {moment:%H:%M}"


def meeting_line(found: InProgress, now: datetime) -> Content:
    """One conversation in progress, on the picker: the partner (shown literally), when it
    was last saved, and how far it got (points ticked, their answer once given)."""
    meeting = found.meeting
    said = len(meeting.said)
    details = [f"{said} point{'s' if said != 1 else ''} ticked"]
    saved = saved_words(found.saved_at, now)
    if saved:
        details.insert(0, saved)
    answer = meeting.typed.get("priority", "")
    if answer in PRIORITY_WORDS:
        details.append(f"their answer: {PRIORITY_WORDS[answer]}")
    return Content.assemble(
        (shown(found.partner, one_line=True), "bold"),
        Content.styled(" · " + " · ".join(details), "dim"),
    )


class Picker(ModalScreen[int | None]):
    """Which of several to take, the last saved first: enter takes the highlighted one
    (dismissed with its position in the list), escape cancels (``None``)."""

    CSS_PATH = "home.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: Content, lines: list[Content]) -> None:
        super().__init__()
        self.title_line = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(self.title_line, id="picker-title")
            yield OptionList(
                *[Option(line, id=str(number)) for number, line in enumerate(self.lines)],
                id="choices",
            )
            yield Static(
                Content("up and down choose · enter takes it · escape cancels"),
                id="picker-keys",
                classes="dim",
            )

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MeetingPicker(Picker):
    """Which conversation in progress to go back to."""

    def __init__(self, meetings: list[InProgress], now: datetime) -> None:
        title = Content.assemble(
            (f"{len(meetings)} conversations in progress", "bold"),
            ", the last saved first. Which one do you want to go back to?",
        )
        super().__init__(title, [meeting_line(found, now) for found in meetings])
        self.meetings = meetings


class DraftPicker(Picker):
    """Which unfinished diagnosis to resume, or to discard (``doing``)."""

    def __init__(self, drafts: list[Draft], now: datetime, doing: str) -> None:
        title = Content.assemble(
            (f"{len(drafts)} unfinished diagnoses", "bold"),
            f", the last saved first. Which one do you want to {doing}?",
        )
        super().__init__(title, [draft_line(draft, now) for draft in drafts])
        self.drafts = drafts


def draft_line(draft: Draft, now: datetime) -> Content:
    """One unfinished diagnosis, on the picker: the partner (shown literally), when it was
    last saved, and how many answers it has."""
    typed, carried = draft_counts(draft)
    details = [f"{typed} answer{'s' if typed != 1 else ''} typed"]
    if carried:
        details.append(f"{carried} carried from last time")
    saved = saved_words(draft.updated_at, now)
    if saved:
        details.insert(0, saved)
    return Content.assemble(
        (shown(draft.partner, one_line=True) or "an unnamed partner", "bold"),
        Content.styled(" · " + " · ".join(details), "dim"),
    )


def _when(value: date | None, today: date, short: bool = False) -> str:
    if value is None:
        return "—"
    return brief_date(value, today) if short else short_date(value)


def _due(value: date | None, today: date, short: bool = False) -> Cell:
    if value is None:
        return Cell("—")
    if value < today:
        return Cell(f"⚠ {_when(value, today, short)}", "bold red")
    return Cell(_when(value, today, short))


def _is_before(value: str | None, today: date) -> bool:
    day = to_date(value)
    return day is not None and day < today


def _widest(rows: list[tuple[str, tuple[Cell, ...]]], titles: tuple[str, ...]) -> list[int]:
    """How wide each column's widest cell (or its title) is, in terminal cells."""
    widths = [cell_len(title) for title in titles]
    for _, cells in rows:
        for index, cell in enumerate(cells):
            widths[index] = max(widths[index], cell_len(cell.text))
    return widths


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in an ellipsis where it was cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"
