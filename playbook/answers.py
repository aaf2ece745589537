"""Validation of a set of answers against the questionnaire.

Every problem is collected, named by its answer id, and says what is accepted; nothing is raised
one at a time. A missing answer (absent key or ``null``) means "not answered", never "no".
Clean answers keep only what was given: choice values in their canonical spelling, dates as ISO
strings resolved against ``diagnosed_on``, text stripped. For the questions whose empty answer
means something (owners: nobody; success metrics: none agreed), ``""`` and words such as
"nobody" or "none" give ``""``; a screen passes ``None`` for a field the person left untouched.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from playbook.dates import DateError, parse_date
from playbook.questions import ALL_QUESTIONS, MAX_NUMBER, NOBODY_WORDS, QUESTIONS, Question

Answers = dict[str, str]
"""Clean answers: id -> value (text, a choice value, an ISO date, or a count in digits)."""

EARLIEST = date(1970, 1, 1)
LATEST = date(2200, 12, 31)
"""The range of days a diagnosis may be dated (so every date counted from it exists)."""


@dataclass(frozen=True)
class AnswerError:
    """One problem with one answer."""

    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.id}: {self.message}"


@dataclass
class Validated:
    """The outcome of validation: the clean answers and every problem found."""

    answers: Answers = field(default_factory=dict)
    errors: list[AnswerError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def diagnosis_date(raw: Mapping[str, Any], today: date) -> tuple[date, AnswerError | None]:
    """The day the diagnosis is for: ``diagnosed_on`` if given and readable, else today."""
    value = raw.get("diagnosed_on")
    if value is None or (isinstance(value, str) and not value.strip()):
        return today, None
    if not isinstance(value, str):
        return today, AnswerError("diagnosed_on", _wrong_type(QUESTIONS["diagnosed_on"], value))
    if problem := text_problem(value):
        return today, AnswerError("diagnosed_on", problem)
    try:
        parsed = parse_date(value, today)
    except DateError as error:
        return today, AnswerError("diagnosed_on", str(error))
    if not EARLIEST <= parsed <= LATEST:
        return today, AnswerError(
            "diagnosed_on",
            f"{parsed.isoformat()} is not a plausible day for a diagnosis: use a date between "
            f"{EARLIEST.isoformat()} and {LATEST.isoformat()}",
        )
    return parsed, None


def clean_answer(question: Question, value: Any, reference: date) -> tuple[str | None, str | None]:
    """One answer made clean: ``(value, None)``, ``(None, None)`` when not answered, or
    ``(None, message)`` when it cannot be accepted. The TUI and plain mode call this for each
    answer as it is typed; :func:`validate` calls it for a whole file."""
    if value is None:
        return None, None
    if isinstance(value, str) and (problem := text_problem(value)):
        return None, problem
    if question.kind == "number":
        return _clean_number(value)
    if not isinstance(value, str):
        return None, _wrong_type(question, value)
    text = value.strip()
    if any("\ud800" <= character <= "\udfff" for character in text):
        # A lone surrogate (JSON's "\ud800") is no character: it cannot be written to a file.
        return None, "contains a broken character (a lone surrogate such as \\ud800): retype it"
    if question.kind == "text":
        if len(text) > question.max_length:
            return None, (
                f"is {len(text):,} characters long; keep it to {question.max_length:,} or fewer"
            )
        if question.empty_means and (not text or text.lower() in NOBODY_WORDS):
            return "", None
        if not text:
            return None, None
        return text, None
    if not text:
        return None, None
    if question.kind == "choice":
        lowered = text.lower()
        if lowered in question.values:
            return lowered, None
        meant = question.match_choice(text)  # "co marketing", "Strategic alliance"
        hint = f" (did you mean '{meant}'?)" if meant is not None else ""
        return None, f"'{text}' is not one of the choices{hint}: {_choice_list(question)}"
    try:
        parsed = parse_date(text, reference, past=question.past)
    except DateError as error:
        return None, str(error)
    if not date(1900, 1, 1) <= parsed <= date(2300, 12, 31):
        return None, f"{parsed.isoformat()} is not a plausible date for this question"
    if question.past and parsed > reference:
        day = parsed.isoformat()
        said = f"{day} is" if text == day else f"'{text}' is {day},"  # "tomorrow" as typed
        return None, (
            f"{said} after the day of the diagnosis ({reference.isoformat()}); this question asks "
            "about the past"
        )
    return parsed.isoformat(), None


def same_words(text: str) -> str:
    """A typed text as two are compared: case and spacing do not matter (``Harbor  travel``
    is ``harbor travel``). Partner names and fix texts are matched this way."""
    return " ".join(text.split()).casefold()


def text_problem(text: str) -> str | None:
    """Why ``text`` is not valid Unicode text, or ``None``: a lone surrogate (what the JSON
    escape ``"\\ud800"`` gives) can be neither shown, saved as UTF-8 nor printed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return (
            f"is not valid Unicode text: character {error.start + 1:,} is a lone surrogate "
            f"(\\u{ord(text[error.start]):04x}), which no text can hold"
        )
    return None


def _clean_number(value: Any) -> tuple[str | None, str | None]:
    """A count: a whole number from 0 up, given as a JSON number or typed as digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None, f"must be a whole number, e.g. 4 (got {type(value).__name__})"
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        if not text:
            return None, None
        if not text.isdecimal():  # what int() reads ("¹" is a digit, not a number)
            shown = value.strip()
            if shown.startswith("-") and shown[1:].strip().isdecimal():
                return None, f"'{shown}' is below zero: a count is 0 or more"
            return (
                None,
                f"'{shown}' is not a whole number: type a count such as 4, or leave it empty",
            )
        if len(text.lstrip("0")) > len(str(MAX_NUMBER)):  # never more digits than int() reads
            return None, f"the number typed is more than {MAX_NUMBER:,}: count one month only"
        number = int(text)
    elif isinstance(value, float) and value != value:  # NaN
        return None, "NaN is not a number: give a count such as 4"
    elif isinstance(value, float) and abs(value) > MAX_NUMBER:  # 1e400 reads as infinity
        below = value < 0
        return None, (
            "the number given is below zero: a count is 0 or more"
            if below
            else f"the number given is more than {MAX_NUMBER:,}: count one month only"
        )
    elif isinstance(value, float) and not value.is_integer():
        return None, f"{value} is not a whole number: a count such as 4"
    else:
        number = int(value)
    if number < 0:
        return None, f"{number} is below zero: a count is 0 or more"
    if number > MAX_NUMBER:
        return None, f"{number:,} is more than {MAX_NUMBER:,}: count one month only"
    return str(number), None


def validate(raw: Mapping[str, Any], today: date) -> Validated:
    """Check a whole set of answers (e.g. an answers file) and collect every problem."""
    result = Validated()
    if not isinstance(raw, Mapping):
        result.errors.append(
            AnswerError("(file)", 'must be a JSON object of answers, e.g. {"partner": "Acme"}')
        )
        return result
    reference, problem = diagnosis_date(raw, today)
    if problem:
        result.errors.append(problem)
    for key in raw:
        if key not in ALL_QUESTIONS:
            name = str(key)
            if problem := text_problem(name):
                shown = name.encode("utf-8", "backslashreplace").decode("utf-8")
                result.errors.append(AnswerError(shown, f"this key {problem}"))
            else:
                result.errors.append(AnswerError(name, _unknown(name)))
    for question_id, question in ALL_QUESTIONS.items():
        if question_id not in raw or question_id == "diagnosed_on":
            continue
        value, message = clean_answer(question, raw[question_id], reference)
        if message:
            result.errors.append(AnswerError(question_id, message))
        elif value is not None:
            result.answers[question_id] = value
    if not result.answers.get("partner") and not any(e.id == "partner" for e in result.errors):
        result.errors.append(
            AnswerError("partner", "is required: the name of the partner organisation")
        )
    result.answers["diagnosed_on"] = reference.isoformat()
    return result


def _wrong_type(question: Question, value: Any) -> str:
    kind = type(value).__name__
    if question.kind == "choice":
        return f"must be text, one of: {_choice_list(question)} (got {kind})"
    if question.kind == "date":
        return f'must be a date written as text, e.g. "2026-10-03" (got {kind})'
    return f"must be text (got {kind})"


def _choice_list(question: Question) -> str:
    return ", ".join(question.values)


def _unknown(key: str) -> str:
    close = difflib.get_close_matches(key, list(QUESTIONS), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"is not a question of the diagnosis{hint}. Known ids: {', '.join(QUESTIONS)}"
