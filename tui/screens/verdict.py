"""The verdict: what the diagnosis concludes, up front, then the evidence behind it.

Each verdict reads differently at a glance in words, a symbol and a colour (never colour alone).
Below the evidence: the day proposed for the conversation and the one next step, with who acts.
"""

from __future__ import annotations

import contextlib

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from playbook import clock
from playbook.causes import CAUSES
from playbook.dates import describe, long_date
from playbook.diagnosis import Diagnosis
from playbook.inert import shown
from playbook.outcome import Outcome
from playbook.points import NEXT_WORDS
from store.errors import StoreError
from tui.access import AppAccess
from tui.footer_fit import fitted_check, left_out, refit
from tui.look import plan_lines, verdict_badge, verdict_class
from tui.widgets.hanging import HangingLines
from tui.widgets.keys_footer import KeysFooter

OUTCOME_WORDS = {
    "revive": "revive",
    "exit": "exit, winding it down",
    "pending": "pending, no answer yet",
}


def outcome_line(outcome: Outcome | None) -> Content:
    """What was recorded after the conversation: the decision, the fix, its owner and its
    date (and whether it is overdue); or that nothing is recorded yet."""
    if outcome is None:
        return Content.assemble(
            ("Outcome: ", "bold"), ("not recorded yet (press o after the conversation).", "dim")
        )
    today = clock.today()
    parts: list[str | tuple[str, str]] = [("Outcome: ", "bold"), OUTCOME_WORDS[outcome.decision]]
    if outcome.fix:
        parts.append(f". Fix agreed: {shown(outcome.fix.rstrip('.'), one_line=True)}")
    if outcome.owner:
        parts.append(f", owned by {shown(outcome.owner, one_line=True)}")
    if outcome.due is not None:
        state = outcome.state(today)
        style = {"overdue": "bold $error", "due soon": "bold $warning"}.get(state, "")
        mark = "⚠ " if state == "overdue" else ""
        parts += [", ", (f"{mark}due {describe(outcome.due, today)}", style)]
    if outcome.recorded_on is not None:
        parts.append(f" (recorded on {long_date(outcome.recorded_on)})")
    parts.append(".")
    return Content.assemble(*parts)


FOOTER_LEAVES = (
    "home",
    "calendar",
    "copy",
    "export",
    "outcome",
    "change_outcome",
    "meeting",
    "drafts",
)
"""The keys that leave the footer, in this order, where it has no room for every key, so that
Talking points, Back, Keys and Quit fit: the way home first, the main actions (the outcome,
the meeting) last. They still work, the line at the foot of the verdict names them and the keys
screen lists them (see :mod:`tui.footer_fit`)."""


class VerdictScreen(AppAccess, Screen[None]):
    """One diagnosis: verdict, causes with evidence and fixes, warnings, the rhythm."""

    CSS_PATH = "verdict.tcss"

    BINDINGS = [
        Binding("t,enter", "points", "Talking points"),
        # Each key that may leave the footer (FOOTER_LEAVES), then its twin out of it.
        Binding("c", "copy", "Copy points"),
        Binding("c", "copy_unlisted", "Copy points", show=False),
        Binding("e", "export", "Save as Markdown"),
        Binding("e", "export_unlisted", "Save as Markdown", show=False),
        Binding("o", "outcome", "Record outcome"),
        Binding("o", "outcome_unlisted", "Record outcome", show=False),
        Binding("o", "change_outcome", "Change outcome"),
        Binding("o", "change_outcome_unlisted", "Change outcome", show=False),
        Binding("i", "calendar", "Calendar .ics"),
        Binding("i", "calendar_unlisted", "Calendar .ics", show=False),
        Binding("m", "meeting", "Meeting"),
        Binding("m", "meeting_unlisted", "Meeting", show=False),
        Binding("m", "drafts", "Recap & drafts"),
        Binding("m", "drafts_unlisted", "Recap & drafts", show=False),
        Binding("escape", "back", "Back"),
        Binding("h", "home", "Home"),
        Binding("h", "home_unlisted", "Home", show=False),
        Binding("question_mark,f1", "app.help", "Keys"),
    ]

    def __init__(self, diagnosis: Diagnosis) -> None:
        super().__init__()
        self.diagnosis = diagnosis
        self.was_left_out: set[str] = set()
        """The keys the footer last left out (refitted when that changes)."""

    def compose(self) -> ComposeResult:
        diagnosis = self.diagnosis
        verdict = diagnosis.verdict
        meaning = verdict.meaning
        look = verdict_class(verdict.verdict)
        yield Header()
        with VerticalScroll(id="verdict-body"):
            headline = Content.assemble(
                verdict_badge(verdict.verdict),
                "  ",
                (shown(diagnosis.partner, one_line=True), "bold"),
            )
            yield Static(headline, id="headline", classes=look)
            summary = meaning
            if verdict.dominant_cause:
                summary = f"Dominant cause: {CAUSES[verdict.dominant_cause].title}. " + meaning
                if verdict.tie_note:
                    summary += f"\n{verdict.tie_note}"
            yield Static(Content(summary), id="meaning")
            yield Static(
                Content(
                    f"Diagnosed on {long_date(verdict.diagnosed_on)}"
                    + (f"  ·  #{diagnosis.id}" if diagnosis.id is not None else "")
                ),
                classes="dim",
            )
            plan = plan_lines(diagnosis.talking_points)
            if plan:
                # What to do next comes right after the verdict: the evidence follows.
                yield Static(Content("\n").join(plan), id="plan", classes="block")
            yield Static(outcome_line(self.outcome), id="outcome", classes="block")
            if verdict.follow_up:
                yield Static(
                    Content.assemble(("Follow-up: ", "bold"), shown(verdict.follow_up)),
                    classes="block",
                )
            for finding in verdict.causes:
                dominant = finding.cause == verdict.dominant_cause
                title = CAUSES[finding.cause].title + ("  ← dominant" if dominant else "")
                lines = [("", Content.styled(title, "bold"))]
                lines += [("  • ", Content(shown(sentence))) for sentence in finding.evidence]
                lines.append(("  ", Content.assemble(("Fix: ", "bold"), shown(finding.fix))))
                yield HangingLines(lines, classes="cause" + (" -dominant" if dominant else ""))
            for heading, sentences in verdict.sentence_groups():
                if sentences:
                    group = [("", Content.styled(heading, "bold"))]
                    group += [("  • ", Content(shown(sentence))) for sentence in sentences]
                    yield HangingLines(group, classes="block")
            if diagnosis.talking_points.path != "exit":
                yield Static(
                    Content.assemble(
                        ("Rhythm: ", "bold"),
                        verdict.rhythm(describe(verdict.next_review, clock.today())),
                    ),
                    classes="block",
                )
            yield Static(self._next_hint(), id="next", classes="block dim")
        yield KeysFooter()

    @property
    def outcome(self) -> Outcome | None:
        """The outcome recorded for this diagnosis, if any."""
        return Outcome.from_dict(self.diagnosis.extra.get("outcome"))

    def _next_hint(self) -> Content:
        record = "change the recorded outcome" if self.outcome else "record the outcome"
        held = self.diagnosis.extra.get("conversation") is not None
        meeting = (
            "m for the recap email, calendar and agreement"
            if held
            else "m to open the meeting companion during the call"
        )
        return Content.assemble(
            ("Next: ", "bold"),
            f"press t for {NEXT_WORDS[self.diagnosis.talking_points.path]}, "
            "c to copy them, e to save everything as Markdown, i to put the review in "
            f"your calendar, {meeting}, o to {record} of the conversation, escape to go back, "
            "h for home.",
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``o`` records an outcome, or changes the one recorded, and ``m`` opens the meeting,
        or the drafts of the one held: the footer says which. Each key of FOOTER_LEAVES in the
        footer where it has room, else its twin out of it."""
        return fitted_check(self, action, self._available, FOOTER_LEAVES)

    def _available(self, action: str) -> bool:
        if action == "outcome":
            return self.outcome is None
        if action == "change_outcome":
            return self.outcome is not None
        if action in ("meeting", "drafts"):
            held = self.diagnosis.extra.get("conversation") is not None
            return held if action == "drafts" else not held
        return True

    @property
    def footer_left_out(self) -> set[str]:
        """The keys the footer leaves out at the moment (see :data:`FOOTER_LEAVES`)."""
        return left_out(self, self._available, FOOTER_LEAVES)

    def on_resize(self) -> None:
        self.was_left_out = refit(self, self._available, FOOTER_LEAVES, self.was_left_out)

    def on_mount(self) -> None:
        self.title = "Verdict"
        self.sub_title = shown(self.diagnosis.partner, one_line=True)
        self.query_one("#verdict-body").focus()

    def on_screen_resume(self) -> None:
        """Each time the verdict is shown again (after the talking points, a meeting, the
        drafts or the outcome), what it says is what is stored."""
        self._show_stored()

    def _show_stored(self) -> None:
        if self.diagnosis.id is not None:
            # Its file damaged since: this screen keeps what it has (a change says why).
            with contextlib.suppress(StoreError):
                self.diagnosis = self.repository.get(self.diagnosis.id) or self.diagnosis
        if self.is_mounted:
            self.query_one("#outcome", Static).update(outcome_line(self.outcome))
            self.query_one("#next", Static).update(self._next_hint())
        self.was_left_out = self.footer_left_out
        self.refresh_bindings()

    def action_points(self) -> None:
        from tui.screens.points import PointsScreen

        self.app.push_screen(PointsScreen(self.diagnosis), self._points_closed)

    def _points_closed(self, diagnosis: Diagnosis | None) -> None:
        if diagnosis is not None:
            self.diagnosis = diagnosis
        # A meeting held from the talking points records a conversation and an outcome.
        self._show_stored()

    def action_copy(self) -> None:
        self.unstall.copy_points(self.diagnosis)

    def action_export(self) -> None:
        self.unstall.export_markdown(self.diagnosis)

    def action_calendar(self) -> None:
        self.unstall.export_calendar(self.diagnosis)

    def action_outcome(self) -> None:
        from tui.screens.outcome import OutcomeScreen

        if self.diagnosis.id is not None:
            self.app.push_screen(OutcomeScreen(self.diagnosis), self._outcome_recorded)

    def action_change_outcome(self) -> None:
        self.action_outcome()

    def action_meeting(self) -> None:
        """The meeting companion for the call; once it is finished, its drafts."""
        self.unstall.open_meeting(self.diagnosis, done=self._conversation_held)

    def _conversation_held(self, diagnosis: Diagnosis) -> None:
        self.diagnosis = diagnosis
        self._outcome_recorded(self.outcome)

    def action_drafts(self) -> None:
        self.unstall.open_drafts(self.diagnosis)

    def _outcome_recorded(self, outcome: Outcome | None) -> None:
        if outcome is not None:
            self._show_stored()

    def action_back(self) -> None:
        """Back to where the verdict was opened from: the partner's page, Find, or home
        (after a questionnaire, which the verdict replaced)."""
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)
        else:
            self.unstall.go_home()

    def action_home(self) -> None:
        self.unstall.go_home()

    action_copy_unlisted = action_copy
    action_export_unlisted = action_export
    action_outcome_unlisted = action_outcome
    action_change_outcome_unlisted = action_change_outcome
    action_calendar_unlisted = action_calendar
    action_meeting_unlisted = action_meeting
    action_drafts_unlisted = action_drafts
    action_home_unlisted = action_home
