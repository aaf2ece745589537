"""One question of the questionnaire as a widget, rendered from the playbook's data.

A text question is an input; a date question is an input that shows the parsed date as it is
typed ("Mon 14 Sep 2026, 10 weeks ago") or says what is wrong; a number question is an input
that says when what was typed is not a count; the notes are a text area of several lines (enter
starts a new line, tab leaves it); a choice question is a set of options answered by arrow keys,
digits or first letters. Every change is posted as :class:`QuestionField.Answered`, valid or
not, so the screen can save exactly what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, RadioButton, RadioSet, Static, TextArea

from playbook import clock
from playbook.answers import clean_answer
from playbook.dates import describe, long_date, to_date
from playbook.inert import shown, unshown
from playbook.questions import Question
from playbook.verdict import join_words
from tui.widgets.limited import LimitedInput, LimitedTextArea, LimitReached, TextInput

Check = Callable[[Question, str | None], tuple[str | None, str | None]]
"""How an answer is checked: ``(question, typed)`` to ``(value, error)`` (a session's own)."""


class ChoiceSet(RadioSet):
    """Options of a choice question: arrows move, enter or space picks, a digit or a first
    letter picks at once and moves on.

    Until the person moves with the arrows or picks, no option is highlighted (an unanswered
    set draws none as if chosen), and enter moves on leaving the question unanswered, as it
    does on an empty text question; space then does nothing. An answered set highlights its
    answer, and enter keeps it. A letter or digit that picks nothing does nothing but say so
    (:class:`Unmatched`): it is never passed on.

    Only RadioSet's public API is used: the set's highlight moves with its public
    ``action_next_button``/``action_previous_button`` (all options are enabled, so it steps
    one option at a time and wraps around), and :attr:`cursor` follows it here, so enter picks
    the option shown highlighted."""

    BINDINGS = [
        Binding("enter", "choose('enter')", "Choose", show=False),
        Binding("space", "choose('space')", "Choose", show=False),
        Binding("down,right", "step(1)", "Next option", show=False),
        Binding("up,left", "step(-1)", "Previous option", show=False),
    ]

    class Chosen(Message):
        """A choice was made by keyboard and the person wants to move on. ``value`` is the
        choice (``None``: none was made, the question stays unanswered; the set's own change
        message may arrive after this one)."""

        def __init__(self, value: str | None) -> None:
            self.value = value
            super().__init__()

    class Stayed(Message):
        """Space picked nothing (no option highlighted yet): the cursor stays."""

    class Unmatched(Message):
        """A letter or digit was typed that picks no option; ``text`` says which keys do."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(self, question: Question, value: str | None, **kwargs: object) -> None:
        self.question = question
        self.cursor = -1
        """The highlighted option (``-1`` before the set has mounted)."""
        self.moved = False
        """Whether the person has moved the highlight with the arrows."""
        buttons = [
            RadioButton(
                Text(f"{number} {choice.label}") if number <= 9 else Text(choice.label),
                value=choice.value == value,
                name=choice.value,
            )
            for number, choice in enumerate(question.choices, start=1)
        ]
        super().__init__(*buttons, compact=True, **kwargs)  # type: ignore[arg-type]
        width = sum(len(choice.label) + 7 for choice in question.choices)
        self.set_class(width <= 64, "-row")
        self.set_class(value not in question.values, "-untouched")

    def on_mount(self) -> None:
        # RadioSet highlights its first option when it mounts (its own handler runs after
        # this one): move the highlight to the answer already given, so enter keeps it.
        self.call_after_refresh(self._cursor_to_answer)

    def _cursor_to_answer(self) -> None:
        self.move_cursor(self.pressed_index)

    @property
    def buttons(self) -> list[RadioButton]:
        return list(self.query(RadioButton))

    @property
    def untouched(self) -> bool:
        """Nothing picked and the highlight not moved: no option is shown highlighted."""
        return not self.moved and self.pressed_button is None

    def move_cursor(self, index: int) -> None:
        """Highlight option ``index`` (nothing changes for an index out of range)."""
        count = len(self.buttons)
        if not 0 <= index < count:
            return
        if self.cursor < 0:
            self.action_next_button()
        while self.cursor != index:
            self.action_next_button()

    def action_step(self, delta: int) -> None:
        """An arrow: the first one of an untouched set highlights its first option (down,
        right) or its last (up, left); then each steps one option."""
        if self.untouched:
            self.move_cursor(0 if delta > 0 else len(self.buttons) - 1)
        elif delta > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.moved = True
        self.remove_class("-untouched")

    def action_next_button(self) -> None:
        super().action_next_button()
        count = len(self.buttons)
        if count:
            self.cursor = (self.cursor + 1) % count

    def action_previous_button(self) -> None:
        super().action_previous_button()
        count = len(self.buttons)
        if count:
            self.cursor = (self.cursor - 1) % count if self.cursor >= 0 else count - 1

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        # A click (or a pick) highlights the option picked, as RadioSet itself does.
        self.cursor = event.index
        self.remove_class("-untouched")

    @property
    def value(self) -> str | None:
        pressed = self.pressed_button
        return pressed.name if pressed is not None else None

    def select_value(self, value: str) -> None:
        for index, button in enumerate(self.buttons):
            if button.name == value:
                self.move_cursor(index)
                button.value = True

    def action_choose(self, key: str = "enter") -> None:
        """Enter or space: pick the highlighted option and move on. Before the highlight was
        moved, an answer there is kept (enter), and with none enter moves on leaving the
        question unanswered while space does nothing."""
        buttons = self.buttons
        if not buttons:
            return
        if not self.moved:
            pressed = self.pressed_button
            if pressed is not None:
                self.post_message(self.Chosen(pressed.name))
            elif key == "enter":
                self.post_message(self.Chosen(None))
            else:
                self.post_message(self.Stayed())
            return
        if self.cursor < 0:
            self.move_cursor(0)
        button = buttons[self.cursor]
        button.value = True
        self.post_message(self.Chosen(button.name))

    def picks(self, event: Key) -> bool:
        """Whether ``event`` may pick or keep an option and move on (as :meth:`action_choose`
        and :meth:`on_key` do); then :class:`Chosen` or :class:`Stayed` follows."""
        if not self.buttons:
            return False
        if event.key in ("enter", "space"):
            # Space may find the highlight moved by an arrow still on its way: said either
            # way, by Chosen or by Stayed.
            return True
        character = event.character
        shortcuts = self.question.shortcuts()
        return character is not None and len(character) == 1 and character.lower() in shortcuts

    def on_key(self, event: Key) -> None:
        character = event.character
        if character is None or len(character) != 1 or not character.isalnum():
            return
        # A letter or digit is never passed on, whether it picks an option or not.
        event.stop()
        event.prevent_default()
        value = self.question.shortcuts().get(character.lower())
        if value is None:
            self.post_message(self.Unmatched(keys_hint(self.question, character)))
            return
        self.select_value(value)
        self.post_message(self.Chosen(value))


def keys_hint(question: Question, character: str) -> str:
    """What to say when ``character`` picks no option of ``question``: the options it could
    be, or the keys that do pick one."""
    numbered = list(enumerate(question.choices[:9], start=1))
    starting = [
        (number, choice.label)
        for number, choice in numbered
        if choice.label[:1].lower() == character.lower()
    ]
    if len(starting) > 1:
        labels = join_words([label for _, label in starting], "or")
        numbers = join_words([str(number) for number, _ in starting], "or")
        return f"{character} could be {labels}: press {numbers}."
    letters = [key.upper() for key in question.shortcuts() if key.isalpha()]
    ways = f"a number from 1 to {len(numbered)}"
    if letters:
        ways += f", a first letter ({', '.join(letters)})"
    return f"{character} picks nothing here: press {ways}, or the arrows and enter."


class QuestionField(Vertical):
    """A question, its hint, the way to answer it, and what the app understood."""

    reference: reactive[date] = reactive(date(2000, 1, 1), init=False)

    class Answered(Message):
        """The person changed an answer. ``value`` is the clean answer (``None`` when empty or
        invalid), ``error`` says what is wrong, ``typed`` is exactly what was typed."""

        def __init__(
            self, field: QuestionField, typed: str, value: str | None, error: str | None
        ) -> None:
            self.field = field
            self.question_id = field.question.id
            self.typed = typed
            self.value = value
            self.error = error
            super().__init__()

    class Advance(Message):
        """Move on from this question to the next one."""

        def __init__(self, field: QuestionField) -> None:
            self.field = field
            super().__init__()

    def __init__(
        self,
        question: Question,
        *,
        typed: str,
        reference: date,
        suggestions: list[str] | None = None,
        prefilled: bool = False,
        check: Check | None = None,
    ) -> None:
        super().__init__(id=f"field-{question.id}", classes=f"question -{question.kind}")
        self.question = question
        self.prefilled = prefilled
        self._typed = typed
        self._loaded: str | None = shown(typed, one_line=not question.multiline)
        """What the editor starts with: ``typed`` shown inert. Until the person changes it, it
        stands for ``typed`` itself, so a stored answer is kept exactly as it was."""
        self._filled = typed
        """The answer the editor was filled with: what an edit is an edit of (what the
        person leaves as it was, a mark shown as ``<U+200F>`` too, is kept as it was)."""
        self._suggestions = [shown(name, one_line=True) for name in suggestions or []]
        self.set_reactive(QuestionField.reference, reference)
        self.error: str | None = None
        self._checker = check

    def compose(self) -> ComposeResult:
        question = self.question
        prompt = question.prompt + (" *" if question.required else "")
        yield Label(Content(prompt), classes="prompt")
        if question.hint:
            yield Static(Content(shown(question.hint)), classes="hint")
        if question.kind == "choice":
            yield ChoiceSet(question, self._typed or None, id=f"answer-{question.id}")
        elif question.multiline:
            yield LimitedTextArea(
                self._loaded or "",
                max_length=question.max_length,
                id=f"answer-{question.id}",
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
                highlight_cursor_line=False,
                compact=True,
                placeholder=question.placeholder,
            )
        else:
            suggester = (
                SuggestFromList(self._suggestions, case_sensitive=False)
                if self._suggestions
                else None
            )
            # A text answer stops at its limit (and says so) rather than refuse it once typed.
            kind = LimitedInput if question.kind == "text" else TextInput
            yield kind(
                value=self._loaded or "",
                placeholder=question.placeholder,
                suggester=suggester,
                max_length=question.max_length if question.kind == "text" else 0,
                id=f"answer-{question.id}",
                select_on_focus=False,
                compact=True,
            )
        yield Static("", classes="feedback")

    def on_mount(self) -> None:
        self._check(self._typed, announce=False)
        self.set_class(self.prefilled, "-prefilled")
        if self.prefilled:
            self.query_one(".feedback", Static).update(
                Content("↺ From the last diagnosis: press enter to keep it, or change it.")
            )

    def confirm(self) -> None:
        """The person kept or changed a pre-filled answer: it is theirs now."""
        if self.prefilled:
            self.prefilled = False
            self.remove_class("-prefilled")
            self._check(self._typed, announce=False)

    @property
    def editor(self) -> Input | ChoiceSet | TextArea:
        if self.question.kind == "choice":
            return self.query_one(ChoiceSet)
        if self.question.multiline:
            return self.query_one(TextArea)
        return self.query_one(Input)

    def focus_editor(self, *, scroll_visible: bool = True) -> None:
        # At once, not after the app's queue (as Widget.focus does): a key typed next, held
        # until the cursor lands (tui.typeahead), then goes to this editor.
        self.screen.set_focus(self.editor, scroll_visible=scroll_visible)

    def watch_reference(self) -> None:
        if self.question.kind == "date":
            self._check(self._typed, announce=True)

    def _check(self, typed: str, *, announce: bool) -> None:
        self.remove_class("-limit", "-nokey")
        if announce:
            self.prefilled = False
            self.remove_class("-prefilled")
        question = self.question
        raw: str | None = typed if typed.strip() else None
        if self._checker is not None:
            value, error = self._checker(question, raw)
        else:
            value, error = clean_answer(question, raw, self.reference)
        self.error = error
        feedback = self.query_one(".feedback", Static)
        self.set_class(error is not None, "-invalid")
        if error:
            feedback.update(Content.assemble(("✗ ", "bold"), shown(error)))
        elif question.kind == "date" and value:
            when = to_date(value)
            assert when is not None
            since = clock.today() if question.id == "diagnosed_on" else self.reference
            feedback.update(Content(f"→ {describe(when, since)}"))
        elif question.id == "diagnosed_on" and raw is None:
            feedback.update(Content(f"→ today, {long_date(clock.today())}"))
        elif question.kind == "text" and value == "" and raw is not None and question.empty_means:
            feedback.update(Content(f"→ {question.empty_means}"))
        else:
            feedback.update("")
        if announce:
            self.post_message(self.Answered(self, typed, value, error))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        typed = unshown(event.value, self._filled, one_line=True)
        if typed == self._typed:
            return  # the input announcing its starting value: nothing was typed
        self._loaded = None
        self._typed = typed
        self._check(typed, announce=True)

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = unshown(event.text_area.text, self._filled)
        if text == self._typed:
            return  # loaded with the answer there was: nothing was typed
        self._loaded = None
        self._typed = text
        self._check(text, announce=True)

    @on(LimitReached)
    def _too_long(self, event: LimitReached) -> None:
        """Typing or pasting past the limit changed nothing: say so under the answer (until
        the next change)."""
        event.stop()
        self.add_class("-limit")
        self.query_one(".feedback", Static).update(
            Content(
                f"✗ An answer here may be at most {event.limit:,} characters: that did not "
                "fit, and what was there is kept."
            )
        )

    @on(ChoiceSet.Unmatched)
    def _no_such_key(self, event: ChoiceSet.Unmatched) -> None:
        """A key that picks no option changed nothing: say which keys do (until the next
        change)."""
        event.stop()
        self.add_class("-nokey")
        self.query_one(".feedback", Static).update(
            Content.assemble(("✗ ", "bold"), shown(event.text, one_line=True))
        )

    def show_needed(self) -> None:
        """Enter on this required question left empty: say under it that it needs an answer
        (until the next change)."""
        self.add_class("-invalid")
        self.query_one(".feedback", Static).update(
            Content.assemble(
                ("✗ ", "bold"),
                "This question needs an answer (it is marked *): type it here, or press tab "
                "to answer it later.",
            )
        )

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Advance(self))

    @on(RadioSet.Changed)
    def _choice_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._choose(event.pressed.name or "")

    def _choose(self, value: str) -> None:
        if value == self._typed:
            return  # already announced (see _chosen)
        self._typed = value
        self._check(value, announce=True)

    @on(ChoiceSet.Chosen)
    def _chosen(self, event: ChoiceSet.Chosen) -> None:
        event.stop()
        # Announce the choice before moving on: which questions come next may depend on it,
        # and the set's own change message may arrive only after this one.
        if event.value is not None:
            self._choose(event.value)
        self.post_message(self.Advance(self))
