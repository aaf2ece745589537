"""The verdict: what the diagnosis concludes, up front, then the evidence behind it.

Each verdict reads differently at a glance in words, a symbol and a colour (never colour alone).
Below the evidence: the day proposed for the conversation and the one next step, with who acts.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from playbook import clock
from playbook.cadence import ADJECTIVE
from playbook.causes import CAUSES, VERDICT_WORDS
from playbook.dates import describe, long_date
from playbook.diagnosis import Diagnosis
from playbook.inert import shown
from playbook.points import NEXT_WORDS, TalkingPoints
from tui.look import verdict_badge, verdict_class


def plan_lines(points: TalkingPoints) -> list[Content]:
    """The day proposed for the conversation and the next step with who acts ("both sides,
    owned by Alex Kim") and by when, as lines (none when the draft proposes neither). User
    text (an owner's name) stays plain text."""
    today = clock.today()
    lines: list[Content] = []
    if points.conversation_on is not None:
        lines.append(
            Content.assemble(
                "Hold the conversation on ",
                (describe(points.conversation_on, today), "bold"),
                ".",
            )
        )
    step = points.next_step
    if step is not None:
        lines.append(
            Content.assemble(
                ("Next step: ", "bold"),
                shown(step.fix.rstrip("."), one_line=True),
                ". ",
                ("Who acts: ", "bold"),
                shown(step.who, one_line=True),
                ". ",
                ("By ", "bold"),
                describe(step.due, today),
                ".",
            )
        )
    return lines


class VerdictScreen(Screen[None]):
    """One diagnosis: verdict, causes with evidence and fixes, warnings, the rhythm."""

    CSS_PATH = "verdict.tcss"

    BINDINGS = [
        Binding("t,enter", "points", "Talking points"),
        Binding("c", "copy", "Copy points"),
        Binding("e", "export", "Save as Markdown"),
        Binding("o", "outcome", "Record outcome"),
        Binding("i", "calendar", "Calendar .ics"),
        Binding("escape,h", "home", "Home"),
        Binding("question_mark,f1", "app.help", "Keys"),
    ]

    def __init__(self, diagnosis: Diagnosis) -> None:
        super().__init__()
        self.diagnosis = diagnosis

    def compose(self) -> ComposeResult:
        diagnosis = self.diagnosis
        verdict = diagnosis.verdict
        name, meaning = VERDICT_WORDS[verdict.verdict]
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
            if verdict.follow_up:
                yield Static(
                    Content.assemble(("Last time: ", "bold"), shown(verdict.follow_up)),
                    classes="block",
                )
            for finding in verdict.causes:
                dominant = finding.cause == verdict.dominant_cause
                title = CAUSES[finding.cause].title + ("  ← dominant" if dominant else "")
                lines = [Content.styled(title, "bold")]
                lines += [Content(f"  • {shown(sentence)}") for sentence in finding.evidence]
                lines.append(Content.assemble("  ", ("Fix:", "bold"), " ", shown(finding.fix)))
                yield Static(
                    Content("\n").join(lines), classes="cause" + (" -dominant" if dominant else "")
                )
            for heading, sentences in verdict.sentence_groups():
                if sentences:
                    lines = [Content.styled(heading, "bold")]
                    lines += [Content(f"  • {shown(sentence)}") for sentence in sentences]
                    yield Static(Content("\n").join(lines), classes="block")
            if diagnosis.talking_points.path != "exit":
                yield Static(
                    Content.assemble(
                        ("Rhythm: ", "bold"),
                        f"a {ADJECTIVE[verdict.cadence]} review suits this partnership; the "
                        f"first on {describe(verdict.next_review, clock.today())}.",
                    ),
                    classes="block",
                )
            yield Static(
                Content.assemble(
                    ("Next: ", "bold"),
                    f"press t for {NEXT_WORDS[diagnosis.talking_points.path]}, "
                    "c to copy them, e to save everything as Markdown, i to put the review in "
                    "your calendar, o to record the outcome of the conversation.",
                ),
                classes="block dim",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Verdict"
        self.sub_title = shown(self.diagnosis.partner, one_line=True)
        self.query_one("#verdict-body").focus()

    def action_points(self) -> None:
        from tui.screens.points import PointsScreen

        self.app.push_screen(PointsScreen(self.diagnosis), self._points_closed)

    def _points_closed(self, diagnosis: Diagnosis | None) -> None:
        if diagnosis is not None:
            self.diagnosis = diagnosis

    def action_copy(self) -> None:
        self.app.copy_points(self.diagnosis)  # type: ignore[attr-defined]

    def action_export(self) -> None:
        self.app.export_markdown(self.diagnosis)  # type: ignore[attr-defined]

    def action_calendar(self) -> None:
        self.app.export_calendar(self.diagnosis)  # type: ignore[attr-defined]

    def action_outcome(self) -> None:
        from tui.screens.outcome import OutcomeScreen

        if self.diagnosis.id is not None:
            self.app.push_screen(OutcomeScreen(self.diagnosis), self._outcome_recorded)

    def _outcome_recorded(self, outcome: object) -> None:
        if outcome is not None and self.diagnosis.id is not None:
            self.diagnosis = self.app.repository.get(self.diagnosis.id) or self.diagnosis  # type: ignore[attr-defined]

    def action_home(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]
