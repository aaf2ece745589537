"""One run of the questionnaire, whatever draws it: the app's screen and plain mode both drive
a :class:`Session`, so what comes next, what applies, what was carried from last time, what is
invalid and what is missing is decided in one place.

Pure Python: no textual, no tinydb. A session holds what the draft holds (clean ``answers``,
exactly what was ``typed``, which answers are still ``carried`` unconfirmed from the partner's
last diagnosis, the ``position``) and the problem with each answer that is not accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from playbook import clock
from playbook.answers import AnswerError, Validated, clean_answer, diagnosis_date, validate
from playbook.conversation import Conversation
from playbook.dates import describe, long_date, to_date
from playbook.diagnosis import Diagnosis
from playbook.outcome import Outcome
from playbook.questions import (
    ALL_QUESTIONS,
    CARRIED,
    FOLLOW_UP,
    FOLLOW_UP_PROPOSED,
    SECTIONS,
    Question,
    Section,
    applicable,
    carried_over,
)
from playbook.verdict import decide

ALMOST_EMPTY = (
    "Too little is known: the verdict will be unclear. Most of the answers it rests on are "
    "missing or 'not sure', so it can name no cause and no fix yet."
)
"""What is said before an almost empty diagnosis is finished."""

FACT_IDS = frozenset(CARRIED)
"""Facts of a follow-up copied from the last diagnosis (last time's fix, its owner, ...): shown
with the first question, never typed."""


def sections_for(answers: Mapping[str, str]) -> tuple[Section, ...]:
    """The questionnaire's sections; a follow-up of an earlier diagnosis opens by asking whether
    last time's fix happened, with that fix written in the question's hint: called agreed only
    when it was, and the step proposed last time when it was only proposed."""
    fix = answers.get("previous_fix")
    if not fix:
        return SECTIONS
    proposed = answers.get("previous_fix_status") == "proposed"
    section = FOLLOW_UP_PROPOSED if proposed else FOLLOW_UP
    owner = answers.get("previous_fix_owner")
    due = to_date(answers.get("previous_fix_due"))
    when = ""
    if due is not None:
        today, _ = diagnosis_date(answers, clock.today())
        when = long_date(due) if due <= today else f"{describe(due, today)}, so not due yet"
    if proposed:
        step = fix + (f", owned by {owner}" if owner else "") + (f", by {when}" if when else "")
        hint = f"Last time's talking points proposed: {step}. No outcome records it as agreed."
    else:
        details = [f"Agreed: {fix}."]
        if owner:
            details.append(f"Owner: {owner}.")
        if when:
            details.append(f"Due: {when}.")
        hint = " ".join(details)
    question = replace(section.questions[0], hint=hint)
    return (replace(section, questions=(question,)), *SECTIONS)


def empty_word(question: Question) -> str:
    """What a person types for an empty answer that means something: "nobody" for an owner,
    "none" for a metric or a value that cannot be named."""
    return "nobody" if question.empty_means == "nobody" else "none"


def given_ids(answers: Mapping[str, str], carried: Iterable[str]) -> list[str]:
    """The answers the person gave (typed, picked or confirmed): not those still carried from
    last time, not a follow-up's facts, not the diagnosis date, and not the partner's name of a
    follow-up (it came with the follow-up)."""
    carried = set(carried)
    follow_up = bool(carried) or any(key in FACT_IDS for key in answers)
    return [
        key
        for key in answers
        if key not in carried
        and key not in FACT_IDS
        and key != "diagnosed_on"
        and not (follow_up and key == "partner")
    ]


def nothing_given(
    answers: Mapping[str, str], typed: Mapping[str, str], carried: Iterable[str]
) -> bool:
    """Whether a draft holds nothing the person gave: no answer and no text of their own (a
    follow-up opened and left untouched, or a field typed in and cleared). Such a draft is not
    kept."""
    carried = set(carried)
    if given_ids(answers, carried):
        return False
    own_text = [
        key
        for key, text in typed.items()
        if text.strip()
        and key not in carried
        and key not in FACT_IDS
        and key not in answers  # an answer's own text is judged with the answer above
    ]
    return not own_text


def counts(answers: Mapping[str, str], carried: Iterable[str]) -> tuple[int, int]:
    """``(typed, carried)``: how many answers the person gave, and how many still carry last
    time's value unconfirmed (for the resume banner)."""
    carried = {key for key in carried if key in answers}
    return len(given_ids(answers, carried)), len(carried)


def follow_up_facts(last: Diagnosis) -> dict[str, str]:
    """What a follow-up carries from the partner's last diagnosis, to ask whether its fix
    happened (with owner, due date and cause), and whether that fix was agreed:

    - an outcome with a fix (a revive, or a pending decision with the fix typed): that fix,
      ``agreed``;
    - an exit: no fix, since none was agreed (a wind-down step is not a fix of the stall);
      when a reset conversation was held, its day, their answer and the exit are carried;
    - no outcome, or a pending one with no fix: the step the talking points proposed, marked
      ``proposed`` (nobody agreed to it, and it is never called agreed).

    When a reset conversation was held after it, its day is carried too
    (``previous_conversation_on``): the new talking points start from that conversation; and
    their answer to the priority question (``previous_priority``) and what was decided
    (``previous_decision``): a decision left open is to be settled this time.
    """
    outcome = Outcome.from_dict(last.extra.get("outcome"))
    conversation = Conversation.from_dict(last.extra.get("conversation"))
    facts: dict[str, str] = {"previous_diagnosed_on": last.diagnosed_on.isoformat()}
    if outcome is not None and outcome.decision == "exit":
        if conversation is None:
            return {}
        return {  # no fix to ask about: the call and its answer, for the points to start from
            **facts,
            "previous_conversation_on": conversation.held_on.isoformat(),
            "previous_priority": conversation.priority,
            "previous_decision": "exit",
        }
    step = last.talking_points.next_step
    if outcome is not None and outcome.fix:
        facts["previous_fix"] = outcome.fix
        proposed = last.talking_points.step_for(outcome.fix)
        if proposed is not None and proposed.said:
            facts["previous_fix_said"] = proposed.said
        facts["previous_fix_status"] = "agreed"
        if outcome.owner:
            facts["previous_fix_owner"] = outcome.owner
        if outcome.due:
            facts["previous_fix_due"] = outcome.due.isoformat()
    elif step is not None and last.talking_points.path == "revive" and last.verdict.dominant_cause:
        facts["previous_fix"] = step.what
        facts["previous_fix_status"] = "proposed"
        facts["previous_fix_owner"] = step.owner
        facts["previous_fix_due"] = step.due.isoformat()
    if "previous_fix" in facts and last.verdict.dominant_cause:
        facts["previous_cause"] = last.verdict.dominant_cause
    if "previous_fix" in facts and conversation is not None:
        facts["previous_conversation_on"] = conversation.held_on.isoformat()
        facts["previous_priority"] = conversation.priority
    if "previous_fix" in facts and outcome is not None:
        facts["previous_decision"] = outcome.decision  # the later outcome's, when one came
    return facts if "previous_fix" in facts else {}


@dataclass(frozen=True)
class Start:
    """Where a new diagnosis starts: its answers, which of them are carried, its position."""

    answers: dict[str, str]
    carried: tuple[str, ...] = ()
    position: str = "partner"


def follow_up_start(last: Diagnosis) -> Start:
    """A follow-up of ``last``: its slow-moving answers carried (to be confirmed), last time's
    fix asked about first when there was one."""
    answers = carried_over(last.answers)
    carried = tuple(key for key in answers if key != "partner")
    answers.update(follow_up_facts(last))
    position = "previous_fix_done" if "previous_fix" in answers else "partner"
    return Start(answers=answers, carried=carried, position=position)


@dataclass(frozen=True)
class Filled:
    """An answers file's follow-up made whole: the ``answers`` to save, the earlier diagnosis
    last time's fix was taken from (``source``), and what to tell the person (``said``, with
    ``ignored`` when ``previous_fix_done`` could not be read and was left out)."""

    answers: dict[str, str]
    source: Diagnosis | None = None
    said: str | None = None
    ignored: bool = False


def needs_last_fix(answers: Mapping[str, str]) -> bool:
    """Whether ``answers`` say if last time's fix happened without saying which fix it was
    (what :func:`fill_follow_up` completes)."""
    return "previous_fix_done" in answers and not answers.get("previous_fix")


def fill_follow_up(answers: Mapping[str, str], history: Sequence[Diagnosis]) -> Filled:
    """Complete clean ``answers`` that say whether last time's fix happened
    (``previous_fix_done``) without saying which fix (no ``previous_fix``): the follow-up facts
    of the partner's latest diagnosis up to this one's date (``history``, oldest first, as the
    repository gives it) are filled in for every key the answers do not give, as a follow-up
    started in the app carries them. With no earlier diagnosis, or one that left no fix to ask
    about (an exit, or neither an outcome nor its talking points named one), the answer cannot
    be read: it is left out, and ``said`` says why. Other answers come back as they are."""
    answers = dict(answers)
    if not needs_last_fix(answers):
        return Filled(answers)
    partner = answers.get("partner") or "this partner"
    today = to_date(answers.get("diagnosed_on")) or clock.today()
    earlier = [diagnosis for diagnosis in history if diagnosis.diagnosed_on <= today]
    if not earlier:
        del answers["previous_fix_done"]
        before = f" on or before {long_date(today)}" if history else ""
        return Filled(
            answers,
            said=(
                f"previous_fix_done was ignored: there is no earlier diagnosis of {partner}"
                f"{before} to take last time's fix from. Give previous_fix in the file to say "
                "which fix it was."
            ),
            ignored=True,
        )
    last = earlier[-1]
    facts = follow_up_facts(last)
    on = long_date(last.diagnosed_on)
    which = f"#{last.id} (diagnosed {on})" if last.id is not None else f"the one of {on}"
    if "previous_fix" not in facts:
        outcome = Outcome.from_dict(last.extra.get("outcome"))
        why = (
            "ended in an exit, so no fix was agreed to follow up"
            if outcome is not None and outcome.decision == "exit"
            else "names no fix: no outcome records one and its talking points proposed none"
        )
        held = to_date(facts.get("previous_conversation_on"))
        if held is not None:  # an exit's call: the points start from it
            why += f" (its conversation of {long_date(held)} is carried, for the points)"
        del answers["previous_fix_done"]
        return Filled(
            {**facts, **answers},  # an exit's call, when one was held, is still carried
            source=last,
            said=(
                f"previous_fix_done was ignored: the last diagnosis of {last.partner}, {which}, "
                f"{why}."
            ),
            ignored=True,
        )
    filled = {**facts, **answers}
    status = "agreed" if filled.get("previous_fix_status") != "proposed" else "only proposed"
    due = to_date(filled.get("previous_fix_due"))
    details = status + (f", due {long_date(due)}" if due is not None else "")
    return Filled(
        filled,
        source=last,
        said=f"last time's fix taken from {which}, {details}: {filled['previous_fix']}",
    )


@dataclass(frozen=True)
class Reread:
    """A date read again against a new diagnosis date: its value now, or why it is refused."""

    question: Question
    value: str | None
    error: str | None
    before: str | None


@dataclass(frozen=True)
class Checked:
    """The outcome of one answer: the clean ``value`` (``None`` when empty or refused), the
    ``error``, and the dates read again when the diagnosis date changed."""

    question: Question
    typed: str
    value: str | None
    error: str | None
    reread: tuple[Reread, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


class Session:
    """The state of one questionnaire (see the module docstring)."""

    def __init__(
        self,
        answers: Mapping[str, str] | None = None,
        typed: Mapping[str, str] | None = None,
        carried: Iterable[str] = (),
        position: str = "partner",
    ) -> None:
        self._load(answers or {}, typed or {}, carried, position)

    def _load(
        self,
        answers: Mapping[str, str],
        typed: Mapping[str, str],
        carried: Iterable[str],
        position: str,
    ) -> None:
        self.answers: dict[str, str] = dict(answers)
        self.typed: dict[str, str] = dict(typed)
        self.carried: set[str] = {key for key in carried if key in self.answers}
        self.sections: tuple[Section, ...] = sections_for(self.answers)
        self.order: tuple[Question, ...] = tuple(
            question for section in self.sections for question in section.questions
        )
        self._by_id = {question.id: question for question in self.order}
        self._section_of = {
            question.id: section for section in self.sections for question in section.questions
        }
        for key, value in self.answers.items():
            question = ALL_QUESTIONS.get(key)
            if value == "" and question is not None and question.empty_means:
                if not self.typed.get(key, "").strip():
                    self.typed[key] = empty_word(question)  # "nobody", never an empty field
            else:
                self.typed.setdefault(key, value)
        self.errors: dict[str, str] = {}
        for key, text in self.typed.items():
            question = self._by_id.get(key)
            if question is not None and text.strip() and key not in self.answers:
                _, error = self.check(question, text)
                if error:
                    self.errors[key] = error
        self.position = position if position in self._by_id else self.order[0].id

    # -- what is asked ------------------------------------------------------------------------

    def question(self, question_id: str) -> Question:
        """The question as this session asks it (a follow-up's hint names last time's fix)."""
        return self._by_id.get(question_id) or ALL_QUESTIONS[question_id]

    def section_of(self, question_id: str) -> Section:
        return self._section_of[question_id]

    def applies(self, question: Question | str) -> bool:
        """Whether a question is asked, given the answers so far."""
        if isinstance(question, str):
            question = self.question(question)
        return question.applies(self.answers)

    def asked(self, section: Section | None = None) -> list[Question]:
        """The questions that apply, in order (of one section, when given)."""
        questions = self.order if section is None else section.questions
        return [question for question in questions if question.applies(self.answers)]

    @property
    def current(self) -> Question:
        return self.question(self.position)

    def move_to(self, question_id: str) -> Question:
        self.position = question_id
        return self.current

    def next_question(self, question_id: str | None = None) -> Question | None:
        """The first question that applies after ``question_id`` (the position when not
        given); ``None`` after the last."""
        start = self.order.index(self.question(question_id or self.position)) + 1
        return next((q for q in self.order[start:] if q.applies(self.answers)), None)

    def previous_question(self, question_id: str | None = None) -> Question | None:
        """The last question that applies before ``question_id``; ``None`` before the first."""
        end = self.order.index(self.question(question_id or self.position))
        return next((q for q in reversed(self.order[:end]) if q.applies(self.answers)), None)

    def resume_question(self) -> Question:
        """Where a resumed draft goes on: the position if it applies, else the next that
        does."""
        if self.applies(self.current):
            return self.current
        return self.next_question() or self.asked()[-1]

    @property
    def reference(self) -> date:
        """The day relative dates count back from: the diagnosis date, else today."""
        return to_date(self.answers.get("diagnosed_on")) or clock.today()

    @property
    def follow_up(self) -> bool:
        """Whether this diagnosis follows an earlier one of the same partner."""
        return bool(self.carried) or any(key in FACT_IDS for key in self.answers)

    # -- answering ----------------------------------------------------------------------------

    def check(self, question: Question, typed: str | None) -> tuple[str | None, str | None]:
        """The clean value of ``typed`` for ``question`` (``None`` when empty), or what is
        wrong with it; changes nothing. A choice may be typed as its value, its label, its
        digit, its first letter or a unique prefix; the diagnosis date counts from today."""
        if typed is None or not typed.strip():
            return None, None
        if question.kind == "choice":
            value = question.match_choice(typed)
            if value is None:
                return None, choice_problem(question, typed)
            return value, None
        if question.id == "diagnosed_on":
            today = clock.today()
            value, error = clean_answer(question, typed, today)
            if value and not error:
                _, problem = diagnosis_date({"diagnosed_on": value}, today)
                if problem is not None:
                    return None, problem.message
            return value, error
        return clean_answer(question, typed, self.reference)

    def answer(self, question_id: str, typed: str) -> Checked:
        """Give ``typed`` as the answer to a question: it is kept as typed either way, its
        clean value replaces the answer there was (an empty or refused one removes it), and it
        is no longer carried from last time. A new diagnosis date reads the other dates again."""
        question = self.question(question_id)
        value, error = self.check(question, typed)
        before_reference = self.reference
        self.carried.discard(question_id)
        self.typed[question_id] = value if question.kind == "choice" and value else typed
        if error:
            self.errors[question_id] = error
            self.answers.pop(question_id, None)
        else:
            self.errors.pop(question_id, None)
            if value is None:
                self.answers.pop(question_id, None)
            else:
                self.answers[question_id] = value
        reread: tuple[Reread, ...] = ()
        if question_id == "diagnosed_on" and self.reference != before_reference:
            reread = self._reread_dates()
        return Checked(question, typed, value, error, reread)

    def restore(self, question_id: str, value: str | None, typed: str | None) -> None:
        """Put back an answer as it was (plain mode's Enter after a refused line)."""
        self.errors.pop(question_id, None)
        if value is None:
            self.answers.pop(question_id, None)
            self.typed.pop(question_id, None)
        else:
            self.answers[question_id] = value
            self.typed[question_id] = value if typed is None else typed

    def keep(self, question_id: str) -> bool:
        """The person kept an answer carried from last time: it is theirs now. ``True`` if it
        was carried."""
        if question_id in self.carried:
            self.carried.discard(question_id)
            return True
        return False

    def _reread_dates(self) -> tuple[Reread, ...]:
        found: list[Reread] = []
        for question in self.order:
            if question.kind != "date" or question.id == "diagnosed_on":
                continue
            text = self.typed.get(question.id, "")
            if not text.strip():
                continue
            before = self.answers.get(question.id)
            value, error = clean_answer(question, text, self.reference)
            if error:
                self.answers.pop(question.id, None)
                self.errors[question.id] = error
            else:
                self.errors.pop(question.id, None)
                if value is None:
                    self.answers.pop(question.id, None)
                else:
                    self.answers[question.id] = value
            if value != before or error:
                found.append(Reread(question, value, error, before))
        return tuple(found)

    # -- what there is --------------------------------------------------------------------------

    def is_carried(self, question_id: str) -> bool:
        return question_id in self.carried and question_id in self.answers

    @property
    def carried_ids(self) -> list[str]:
        """Answers still carried from last time, unconfirmed, of the questions that apply."""
        return [q.id for q in self.asked() if self.is_carried(q.id)]

    @property
    def typed_ids(self) -> list[str]:
        """Answers the person gave (see :func:`given_ids`)."""
        return given_ids(self.answers, self.carried)

    def counts(self) -> tuple[int, int]:
        """``(typed, carried)``, as :func:`counts`."""
        return counts(self.answers, self.carried)

    def is_answered(self, question: Question) -> bool:
        """An answer is there; the diagnosis date left empty means today, which is one."""
        return question.id in self.answers or (
            question.id == "diagnosed_on" and question.id not in self.errors
        )

    def progress(self) -> tuple[int, int, int]:
        """``(given, asked, carried)`` as the questionnaire shows them, counted as the resume
        banner counts (:func:`counts`): what the person typed, picked or kept of the questions
        that apply, leaving out the diagnosis date left to mean today and a follow-up's partner;
        what is still carried from last time apart."""
        given = set(self.typed_ids)
        counted = [
            question.id
            for question in self.asked()
            if question.id != "diagnosed_on" and not (self.follow_up and question.id == "partner")
        ]
        answered = sum(1 for question_id in counted if question_id in given)
        return answered, len(counted), len(self.carried_ids)

    def answered_count(self) -> tuple[int, int]:
        """``(answered, asked)`` over the questions that apply."""
        asked = self.asked()
        return sum(1 for question in asked if self.is_answered(question)), len(asked)

    def missing(self) -> list[Question]:
        """The questions that apply and have no answer (nor a refused one), in order."""
        return [
            question
            for question in self.asked()
            if not self.is_answered(question) and question.id not in self.errors
        ]

    @property
    def open_errors(self) -> dict[str, str]:
        """The refused answers of questions that apply (a hidden question's text is kept, but
        stops nothing)."""
        asked = {question.id for question in self.asked()}
        return {key: message for key, message in self.errors.items() if key in asked}

    def problems(self) -> list[tuple[Question, str]]:
        """What stops the diagnosis from being finished, in the order asked."""
        found = dict(self.open_errors)
        for error in validate(self.answers, clock.today()).errors:
            found.setdefault(error.id, error.message)
        return [(question, found[question.id]) for question in self.asked() if question.id in found]

    def shown_answers(self) -> dict[str, str]:
        """The answers as a review lists them: the diagnosis date left empty is today."""
        answers = dict(self.answers)
        if "diagnosed_on" not in self.errors:
            answers.setdefault("diagnosed_on", clock.today().isoformat())
        return answers

    @property
    def almost_empty(self) -> bool:
        """Most of the answers the verdict rests on are missing or 'not sure', so the verdict
        will be unclear (:data:`ALMOST_EMPTY` says so)."""
        answers = applicable(validate(self.answers, clock.today()).answers)
        verdict = decide(answers)
        if verdict.verdict != "unclear" or verdict.fit_failures:
            return False
        return verdict.too_little_known

    @property
    def empty(self) -> bool:
        """Nothing the person gave: such a draft is not kept."""
        return nothing_given(self.answers, self.typed, self.carried)

    def finished(self) -> Validated:
        """The clean answers to finish with (``ok`` only when nothing stops it)."""
        validated = validate(self.answers, clock.today())
        for question_id, message in self.open_errors.items():
            if not any(error.id == question_id for error in validated.errors):
                validated.errors.append(AnswerError(question_id, message))
        return validated

    def start_follow_up(self, start: Start) -> None:
        """Start again from last time's answers (the partner's name typed in a new diagnosis
        is one already known): what was given here is kept over what is carried."""
        answers = {**start.answers, **{k: self.answers[k] for k in self.typed_ids}}
        typed = {k: v for k, v in self.typed.items() if k in self.typed_ids}
        carried = [key for key in start.carried if key not in self.typed_ids]
        self._load(answers, typed, carried, start.position)


def choice_problem(question: Question, typed: str) -> str:
    """Why ``typed`` picks no choice: none fits, or several do."""
    text = typed.strip().lower()
    close = [
        choice.label
        for choice in question.choices
        if choice.value.startswith(text) or choice.label.lower().startswith(text)
    ]
    count = min(len(question.choices), 9)
    names = ", ".join(choice.label for choice in question.choices)
    if len(close) > 1:
        return (
            f"'{typed.strip()}' could be {' or '.join(close)}: type more letters, "
            f"or a number from 1 to {count}"
        )
    return f"'{typed.strip()}' is not one of the choices: type a number from 1 to {count}, " + (
        f"or one of: {names}"
    )
