"""The questionnaire: one section at a time, every answer saved to the draft as it is given.

Sections and questions come from :mod:`playbook.questions`; nothing is hard-coded here. Next and
back work from any field, valid or not: what was typed is kept and saved either way, and the
review step lists whatever still needs fixing before the diagnosis can be finished.

A question that does not apply (how often a review recurs when there is none) is not shown: its
field is hidden while the answer that governs it says so, and shown again when that answer
changes. What was typed there stays in the draft; it is only not asked, counted or checked.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from playbook import clock
from playbook.answers import clean_answer, validate
from playbook.dates import long_date, to_date
from playbook.inert import shown
from playbook.questions import ALL_QUESTIONS, FOLLOW_UP, SECTIONS, Question, Section
from store.autosave import Autosaver
from store.repository import Draft, Repository
from tui.widgets.question_field import QuestionField

BUDGET_MINUTES = 20


def sections_for(answers: dict[str, str]) -> tuple[Section, ...]:
    """The questionnaire's sections; a follow-up of an earlier diagnosis opens by asking whether
    last time's agreed fix happened, with that fix written in the question's hint."""
    fix = answers.get("previous_fix")
    if not fix:
        return SECTIONS
    details = [f"Agreed: {fix}."]
    if answers.get("previous_fix_owner"):
        details.append(f"Owner: {answers['previous_fix_owner']}.")
    due = to_date(answers.get("previous_fix_due"))
    if due is not None:
        details.append(f"Due: {long_date(due)}.")
    question = replace(FOLLOW_UP.questions[0], hint=" ".join(details))
    return (replace(FOLLOW_UP, questions=(question,)), *SECTIONS)


class QuestionnaireScreen(Screen[None]):
    """Walks the person through the diagnosis, section by section."""

    CSS_PATH = "questionnaire.tcss"
    AUTO_FOCUS = None

    BINDINGS = [
        Binding("pagedown,ctrl+n", "next_section", "Next section", priority=True),
        Binding("pageup,ctrl+b", "previous_section", "Back", priority=True),
        Binding("ctrl+r", "review", "Review & finish", priority=True),
        Binding("escape", "leave", "Save & leave", priority=True),
        Binding("f1", "app.help", "Keys"),
    ]

    def __init__(self, draft: Draft, partner_names: list[str]) -> None:
        super().__init__()
        self.draft = draft
        self.answers: dict[str, str] = dict(draft.answers)
        self.typed: dict[str, str] = dict(draft.typed)
        for question_id, value in self.answers.items():
            self.typed.setdefault(question_id, value)
        self.partner_names = partner_names
        self.prefilled: set[str] = set(draft.prefilled)
        self.errors: dict[str, str] = {}
        reference = self.reference
        for question_id, typed in self.typed.items():
            question = ALL_QUESTIONS.get(question_id)
            if question is not None and typed.strip():
                _, error = clean_answer(question, typed, reference)
                if error:
                    self.errors[question_id] = error
        self.sections = sections_for(self.answers)
        self.position = draft.position if draft.position in ALL_QUESTIONS else "partner"
        self.section_index = self._index_of(self.position)
        self._seconds_before = draft.seconds
        self._opened = time.monotonic()
        self.autosaver: Autosaver | None = None

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="progress"):
            yield Static(id="section-title")
            yield Static(id="steps")
            yield Static(id="count")
            yield Static(id="timer")
        with VerticalScroll(id="body"):
            reference = self.reference
            for index, section in enumerate(self.sections):
                with Vertical(id=f"section-{section.id}", classes="section") as box:
                    box.display = index == self.section_index
                    box.can_focus = False
                    yield Static(Content(section.why), classes="why")
                    for question in section.questions:
                        field = QuestionField(
                            question,
                            typed=self.typed.get(question.id, ""),
                            reference=reference,
                            suggestions=self.partner_names if question.id == "partner" else None,
                            prefilled=question.id in self.prefilled,
                        )
                        field.display = self.applies(question)
                        yield field
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.autosaver = Autosaver(
            self.repository,
            self.draft.id,
            on_error=self._save_failed,
            revision=self.draft.revision,
            on_fork=self._forked,
        )
        self.title = "New diagnosis"
        self.sub_title = shown(
            self.answers.get("partner") or self.typed.get("partner", ""), one_line=True
        )
        self._refresh_count()
        self._show_section(self.section_index, focus=self.position)
        self.set_interval(15, self._refresh_clock)
        self._refresh_clock()

    def on_unmount(self) -> None:
        if self.autosaver is not None:
            self.autosaver.stop()

    # -- state ------------------------------------------------------------------------------

    @property
    def repository(self) -> Repository:
        return self.app.repository  # type: ignore[attr-defined, no-any-return]

    @property
    def reference(self) -> date:
        typed = self.answers.get("diagnosed_on")
        return to_date(typed) or clock.today() if typed else clock.today()

    @property
    def seconds(self) -> float:
        return self._seconds_before + (time.monotonic() - self._opened)

    @property
    def section(self) -> Section:
        return self.sections[self.section_index]

    def applies(self, question: Question) -> bool:
        """Whether ``question`` is asked, given the answers so far."""
        return question.applies(self.answers)

    def asked(self, section: Section) -> list[Question]:
        """The questions of ``section`` that apply, in order."""
        return [question for question in section.questions if self.applies(question)]

    @property
    def open_errors(self) -> dict[str, str]:
        """The problems with answers to questions that apply (a hidden field's text is kept,
        but it stops nothing)."""
        return {
            question_id: message
            for question_id, message in self.errors.items()
            if question_id not in ALL_QUESTIONS or ALL_QUESTIONS[question_id].applies(self.answers)
        }

    def current_draft(self) -> Draft:
        return replace(
            self.draft,
            answers=dict(self.answers),
            typed=dict(self.typed),
            position=self.position,
            seconds=round(self.seconds, 1),
            prefilled=tuple(sorted(self.prefilled)),
        )

    def _save(self) -> None:
        if self.autosaver is not None:
            self.autosaver.submit(self.current_draft())

    def _forked(self, saved: Draft) -> None:
        """The same draft changed in another window: these answers are kept as a draft of
        their own, and nothing of either is lost."""

        def show() -> None:
            self.notify(
                "This draft was also changed in another window. Your answers here are kept as "
                "a separate draft, so nothing of either is lost.",
                severity="warning",
                timeout=10,
            )

        self.app.call_from_thread(show)

    def _save_failed(self, error: Exception) -> None:
        def show() -> None:
            self.notify(
                Content(
                    shown(
                        f"Could not save the draft: {error}. Your answers are still here; "
                        "they will be saved with the next change."
                    )
                ),
                severity="error",
                timeout=10,
            )

        self.app.call_from_thread(show)

    # -- answers ----------------------------------------------------------------------------

    @on(QuestionField.Answered)
    def _answered(self, event: QuestionField.Answered) -> None:
        question_id = event.question_id
        self.prefilled.discard(question_id)
        self.typed[question_id] = event.typed
        if event.value is None:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = event.value
        if event.error:
            self.errors[question_id] = event.error
        else:
            self.errors.pop(question_id, None)
        self.position = question_id
        if question_id == "diagnosed_on":
            reference = self.reference
            for field in self.query(QuestionField):
                if field.question.kind == "date" and field.question.id != "diagnosed_on":
                    field.reference = reference  # type: ignore[assignment]
        if question_id == "partner":
            self.sub_title = shown(event.typed.strip(), one_line=True)
        self._show_applicable()
        self._save()

    def _show_applicable(self) -> None:
        """Show the fields of the questions that apply, hide the others, and count them."""
        for field in self.query(QuestionField):
            shown = self.applies(field.question)
            if field.display != shown:
                field.display = shown
        self._refresh_count()

    def _refresh_count(self) -> None:
        asked = [question for section in self.sections for question in self.asked(section)]
        answered = sum(1 for question in asked if question.id in self.answers)
        self.query_one("#count", Static).update(Content(f"{answered}/{len(asked)} answered"))

    @on(QuestionField.Advance)
    def _advance(self, event: QuestionField.Advance) -> None:
        event.stop()
        if event.field.question.id in self.prefilled:
            event.field.confirm()
            self.prefilled.discard(event.field.question.id)
            self._save()
        fields = list(self.query_one(f"#section-{self.section.id}").query(QuestionField))
        current = fields.index(event.field) if event.field in fields else None
        later = [] if current is None else [f for f in fields[current + 1 :] if f.display]
        if later:
            later[0].focus_editor()
        else:
            self.action_next_section()

    def on_descendant_focus(self) -> None:
        focused = self.focused
        while focused is not None and not isinstance(focused, QuestionField):
            focused = focused.parent  # type: ignore[assignment]
        if isinstance(focused, QuestionField):
            for field in self.query(QuestionField):
                field.set_class(field is focused, "-current")
            self.position = focused.question.id

    # -- navigation -------------------------------------------------------------------------

    def _show_section(self, index: int, focus: str | None = None) -> None:
        self.section_index = index
        for number, section in enumerate(self.sections):
            self.query_one(f"#section-{section.id}").display = number == index
        section = self.section
        self.query_one("#section-title", Static).update(
            Content(f"{index + 1}/{len(self.sections)}  {section.title}")
        )
        steps = Content.assemble(
            *[
                ("■" if number < index else "▣" if number == index else "□", "")
                for number in range(len(self.sections))
            ]
        )
        self.query_one("#steps", Static).update(steps)
        asked = self.asked(section) or list(section.questions)
        target = focus if focus in {q.id for q in asked} else asked[0].id
        self.query_one(f"#field-{target}", QuestionField).focus_editor()
        self.query_one(f"#section-{section.id}").scroll_home(animate=False)

    def _refresh_clock(self) -> None:
        minutes = int(self.seconds // 60)
        self.query_one("#timer", Static).update(Content(f"{minutes} of ~{BUDGET_MINUTES} min"))

    def action_next_section(self) -> None:
        if self.section_index + 1 < len(self.sections):
            self._show_section(self.section_index + 1)
            self.position = self._first_asked(self.section)
            self._save()
        else:
            self.action_review()

    def action_previous_section(self) -> None:
        if self.section_index > 0:
            self._show_section(self.section_index - 1)
            self.position = self._first_asked(self.section)
            self._save()

    def _first_asked(self, section: Section) -> str:
        asked = self.asked(section)
        return asked[0].id if asked else section.questions[0].id

    def _index_of(self, question_id: str) -> int:
        for index, section in enumerate(self.sections):
            if any(question.id == question_id for question in section.questions):
                return index
        return 0

    def jump_to(self, question_id: str) -> None:
        """Show the section of ``question_id`` and put the cursor in it."""
        self._show_section(self._index_of(question_id), focus=question_id)
        self.position = question_id

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen

        self._save()

        def back(result: str | None) -> None:
            if result == "finish":
                self.finish()
            elif result:
                self.jump_to(result)

        review = ReviewScreen(
            dict(self.answers),
            dict(self.typed),
            self.open_errors,
            set(self.prefilled),
            sections=self.sections,
        )
        self.app.push_screen(review, back)

    def action_leave(self) -> None:
        self._save()
        if self.autosaver is not None:
            self.autosaver.flush()
        partner = self.answers.get("partner") or self.typed.get("partner") or "this diagnosis"
        partner = shown(partner, one_line=True)
        self.notify(Content(f"Draft saved: {partner}. Resume it from the home screen."))
        self.dismiss(None)

    def finish(self) -> None:
        """Decide, save the diagnosis, drop the draft, and show the verdict."""
        from tui.screens.verdict import VerdictScreen

        raw = {qid: value for qid, value in self.answers.items()}
        validated = validate(raw, clock.today())
        errors = self.open_errors
        if not validated.ok or errors:
            problems = [f"{e.id}: {e.message}" for e in validated.errors]
            problems += [f"{qid}: {message}" for qid, message in errors.items()]
            self.notify(
                Content(shown("Not finished yet: " + "; ".join(problems), one_line=True)),
                severity="error",
            )
            first = validated.errors[0].id if validated.errors else next(iter(errors))
            if first in ALL_QUESTIONS:
                self.jump_to(first)
            return
        assert self.autosaver is not None
        self.autosaver.flush()
        draft_id = self.autosaver.draft_id
        diagnosis = self.repository.finish_draft(
            replace(self.draft, id=draft_id), validated.answers
        )
        self.app.switch_screen(VerdictScreen(diagnosis))
