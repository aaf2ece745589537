"""The review step: every answer on one list; pick one to go back to it, or finish.

Only the questions that apply are listed (no review cadence when there is no review)."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from playbook.inert import shown
from playbook.questions import SECTIONS, Section, answer_text
from tui.widgets.keys_footer import KeysFooter


class ReviewScreen(ModalScreen[str | None]):
    """Lists every answer to a question that applies. Enter on an answer jumps back to it;
    ``f`` finishes."""

    CSS_PATH = "review.tcss"

    BINDINGS = [
        Binding("f,ctrl+s", "finish", "Finish & see verdict", priority=True),
        Binding("escape", "cancel", "Back to questions"),
    ]

    def __init__(
        self,
        answers: dict[str, str],
        typed: dict[str, str],
        errors: dict[str, str],
        prefilled: set[str] | None = None,
        sections: tuple[Section, ...] = SECTIONS,
    ) -> None:
        super().__init__()
        self.answers = answers
        self.typed = typed
        self.sections = sections
        asked = {q.id for s in sections for q in s.questions if q.applies(answers)}
        self.errors = {qid: message for qid, message in errors.items() if qid in asked}
        self.prefilled = {qid for qid in prefilled or set() if qid in asked}

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        missing = 0
        for section in self.sections:
            options.append(Option(Content.styled(section.title.upper(), "bold"), disabled=True))
            for question in section.questions:
                if not question.applies(self.answers):
                    continue
                if question.id in self.errors:
                    answer = Content.assemble(
                        ("✗ ", "bold $error"),
                        (shown(self.errors[question.id], one_line=True), "$error"),
                    )
                else:
                    value = self.answers.get(question.id)
                    if value is None:
                        missing += 1
                    text = answer_text(
                        question.id,
                        value,
                        self.answers.get("diagnosed_on"),
                        short=question.multiline,
                    )
                    answer = Content.styled(
                        shown(text, one_line=True), "dim italic" if value is None else ""
                    )
                    if question.id in self.prefilled:
                        answer = Content.assemble(answer, ("  ↺ from last time", "$warning"))
                options.append(
                    Option(
                        Content.assemble(f"  {question.prompt}  ", ("→ ", "dim"), answer),
                        id=question.id,
                    )
                )
        with Vertical(id="review"):
            yield Static(Content.styled("Review your answers", "bold"), id="review-title")
            yield Static(self._summary(missing), id="review-summary")
            yield OptionList(*options, id="answers")
            yield KeysFooter()

    def _summary(self, missing: int) -> Content:
        if self.errors:
            return Content.styled(
                f"{len(self.errors)} answer{'s need' if len(self.errors) != 1 else ' needs'} "
                "fixing before the verdict (marked ✗). "
                "Press enter on one to fix it.",
                "$error",
            )
        if not self.answers.get("partner"):
            return Content.styled("The partner's name is needed before the verdict.", "$error")
        note = (
            f" {missing} not answered: that is fine, missing answers count as unknown, never as no."
            if missing
            else ""
        )
        if self.prefilled:
            carried = len(self.prefilled)
            note += (
                f" {carried} answer{'s still carry' if carried != 1 else ' still carries'} "
                "last time's value (↺)."
            )
        return Content(
            "Press f to finish and see the verdict, or enter to change an answer." + note
        )

    def on_mount(self) -> None:
        answers = self.query_one(OptionList)
        answers.focus()
        first = next((i for i, o in enumerate(answers.options) if not o.disabled), 0)
        answers.highlighted = first

    def moves_cursor(self, event: events.Key) -> bool:
        """Enter on an answer and escape take the cursor back to the questions: what is
        typed right after goes there (:mod:`tui.typeahead`)."""
        if event.key == "enter":
            answers = self.focused
            return isinstance(answers, OptionList) and answers.highlighted is not None
        return event.key == "escape"

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_finish(self) -> None:
        self.dismiss("finish")

    def action_cancel(self) -> None:
        self.dismiss(None)
