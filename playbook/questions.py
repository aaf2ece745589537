"""The questionnaire as data: every section and question of a diagnosis, in one place.

The TUI, the plain-prompt mode and the answers file all read these definitions; no screen
hard-codes a question. Ids and choice values are the answers contract of PLAYBOOK.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from playbook.dates import describe, long_date, short_date, to_date

QuestionKind = Literal["text", "choice", "date", "number"]

MAX_TEXT = 2000
"""The longest a one-line text answer may be (a name, a metric, a value in a sentence)."""

MAX_NOTES = 10_000
"""The longest the notes may be."""

MAX_NUMBER = 1_000_000
"""The largest count a number question accepts."""


@dataclass(frozen=True)
class Condition:
    """When a question applies: the answer to ``id`` is one of ``any_of`` (when given), and
    none of ``none_of``. A question that does not apply is not asked, and an answer to it is
    kept but not read by the verdict."""

    id: str
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()

    def holds(self, answers: Mapping[str, str]) -> bool:
        value = answers.get(self.id)
        if self.any_of and value not in self.any_of:
            return False
        return value not in self.none_of


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice question and the words shown for it."""

    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """One question of the diagnosis."""

    id: str
    kind: QuestionKind
    prompt: str
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool = False
    past: bool = False
    """For dates: the answer cannot be later than the day of the diagnosis."""
    empty_means: str = ""
    """For owners and metrics: what an empty answer means ("nobody", "none agreed"). Such an
    empty answer is an answer, not a gap; typing "nobody" or "none" gives it too."""
    placeholder: str = ""
    only_if: Condition | None = None
    """When the question applies (``None``: always)."""
    multiline: bool = False
    """A text answer of several lines (the notes)."""

    @property
    def max_length(self) -> int:
        return MAX_NOTES if self.multiline else MAX_TEXT

    def applies(self, answers: Mapping[str, str]) -> bool:
        """Whether this question is asked, given the answers so far."""
        return self.only_if is None or self.only_if.holds(answers)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def label_for(self, value: str | None) -> str:
        """The words shown for a stored value (the value itself if it is not a choice)."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return "" if value is None else str(value)

    def shortcuts(self) -> dict[str, str]:
        """Keys that pick a choice: digits 1-9 in order, and letters. A letter is the first
        letter of a label as shown ("Every two weeks" is e) when only one label starts with it,
        or, when several do, the one label of one word ("No", not "Not sure"). A choice left
        without one gets the first letter of its value when no label starts with it ("Not
        sure" is u, the "unsure" it stands for)."""
        keys: dict[str, str] = {}
        for number, choice in enumerate(self.choices[:9], start=1):
            keys[str(number)] = choice.value
        letters: dict[str, str] = {}
        initials = {c.label[:1].lower() for c in self.choices}
        for initial in dict.fromkeys(c.label[:1].lower() for c in self.choices):
            sharing = [c for c in self.choices if c.label[:1].lower() == initial]
            short = [c for c in sharing if len(c.label.split()) == 1]
            if initial.isalpha() and (len(sharing) == 1 or len(short) == 1):
                letters[initial] = (sharing[0] if len(sharing) == 1 else short[0]).value
        for choice in self.choices:
            initial = choice.value[:1].lower()
            free = initial.isalpha() and initial not in initials
            if free and choice.value not in letters.values():
                letters.setdefault(initial, choice.value)
        return keys | letters

    def match_choice(self, typed: str) -> str | None:
        """The choice a person meant by ``typed``: its value, its label, its digit, its unique
        first letter, or a unique prefix of a value or label. ``None`` if nothing fits."""
        text = typed.strip().lower()
        if not text:
            return None
        shortcut = self.shortcuts().get(text)
        text = _folded(text)  # "co marketing", "co_marketing": co-marketing
        for choice in self.choices:
            if text in (choice.value, _folded(choice.label)):
                return choice.value
        if shortcut is not None:
            return shortcut
        prefixed = {
            choice.value
            for choice in self.choices
            if choice.value.startswith(text) or _folded(choice.label).startswith(text)
        }
        if len(prefixed) == 1:
            return prefixed.pop()
        return None


def _folded(text: str) -> str:
    """``text`` in lower case with each run of spaces, hyphens and underscores one hyphen, as
    choice values are written."""
    return re.sub(r"[\s_-]+", "-", text.strip().lower())


@dataclass(frozen=True)
class Section:
    """A group of questions asked together, with the reason they matter."""

    id: str
    title: str
    why: str
    questions: tuple[Question, ...]


def _choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(value, label) for value, label in pairs)


FIT_CHOICES = _choices(("yes", "Yes"), ("partly", "Partly"), ("no", "No"), ("unsure", "Not sure"))

KINDS = _choices(
    ("referral", "Referral"),
    ("co-marketing", "Co-marketing"),
    ("reseller", "Reseller / channel"),
    ("technology", "Technology / integration"),
    ("strategic-alliance", "Strategic alliance"),
    ("joint-venture", "Joint venture"),
    ("community", "Community"),
    ("other", "Other"),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        id="context",
        title="The partnership",
        why=(
            "Which partnership this is and what kind of deal it is. The kind sets how often a "
            "healthy partnership of this sort usually meets; the dates anchor every 'how long ago'."
        ),
        questions=(
            Question(
                "partner",
                "text",
                "Which partner organisation is this about?",
                hint="The name you use for them, e.g. Harbor Travel.",
                required=True,
                placeholder="Partner name",
            ),
            Question(
                "kind",
                "choice",
                "What kind of partnership is it?",
                hint="Light referral deals need fewer check-ins than alliances or joint ventures.",
                choices=KINDS,
            ),
            Question(
                "started",
                "date",
                "When was the deal signed or kicked off?",
                hint="A date, or e.g. '8 months ago'.",
                past=True,
                placeholder="e.g. 2026-02-10 or 9 months ago",
            ),
            Question(
                "diagnosed_on",
                "date",
                "What date is this diagnosis for?",
                hint="Leave empty for today. Relative dates in other answers count back from it.",
                placeholder="today",
            ),
        ),
    ),
    Section(
        id="fit",
        title="Fit",
        why=(
            "A partnership with the wrong fit has failed, not stalled, and no amount of "
            "management will change that. Check the fit first so you fix the right problem."
        ),
        questions=(
            Question(
                "fit_audience",
                "choice",
                "Do your audiences or customer bases overlap?",
                choices=FIT_CHOICES,
            ),
            Question(
                "fit_incentives",
                "choice",
                "Do both sides gain when the partnership works?",
                choices=FIT_CHOICES,
            ),
            Question(
                "fit_delivery",
                "choice",
                "Can each side actually deliver its part?",
                choices=FIT_CHOICES,
            ),
            Question(
                "value_ours",
                "text",
                "In one sentence, what value do we bring them?",
                hint="If this is hard to write, that is worth knowing. Type 'none' if you cannot "
                "name any.",
                empty_means="cannot name it",
                placeholder="A sentence, or none",
            ),
            Question(
                "value_theirs",
                "text",
                "In one sentence, what value do they bring us?",
                hint="Type 'none' if you cannot name any.",
                empty_means="cannot name it",
                placeholder="A sentence, or none",
            ),
            Question(
                "still_want",
                "choice",
                "Do we still want this partnership?",
                hint="If not, the talking points prepare a clean, friendly exit.",
                choices=_choices(("yes", "Yes"), ("no", "No"), ("unsure", "Not sure")),
            ),
        ),
    ),
    Section(
        id="owner",
        title="Ownership",
        why=(
            "The most common reason a partnership drifts: nobody has it in their actual job, so it "
            "gets whatever time is left over. Each side needs one named person, not a committee."
        ),
        questions=(
            Question(
                "owner_ours",
                "text",
                "Who owns this partnership on our side?",
                hint="One name. Type 'nobody' if no one does.",
                empty_means="nobody",
                placeholder="Name, or nobody",
            ),
            Question(
                "owner_ours_in_role",
                "choice",
                "Is the partnership part of that person's real job?",
                hint="In their goals or job description, not a favour on the side.",
                choices=FIT_CHOICES,
                only_if=Condition("owner_ours", none_of=("",)),
            ),
            Question(
                "owner_theirs",
                "text",
                "Who owns it on their side?",
                hint="One name. Type 'nobody' if you cannot name anyone.",
                empty_means="nobody",
                placeholder="Name, or nobody",
            ),
            Question(
                "owner_theirs_in_role",
                "choice",
                "Is it part of their owner's real job?",
                hint="As far as you know: in their goals, or squeezed in around them.",
                choices=FIT_CHOICES,
                only_if=Condition("owner_theirs", none_of=("",)),
            ),
            Question(
                "owner_request",
                "choice",
                "Have you asked them to name an owner?",
                hint="A partner that is asked and will not name anyone is telling you something.",
                choices=_choices(
                    ("not-asked", "Not yet"),
                    ("agreed", "They agreed to"),
                    ("declined", "They declined"),
                    ("no-answer", "No answer"),
                ),
                only_if=Condition("owner_theirs", any_of=("",)),
            ),
            Question(
                "changes_theirs",
                "choice",
                "What has changed on their side since kickoff?",
                hint="The person who signed moving on is the most common reason a partner drifts.",
                choices=_choices(
                    ("none", "Nothing"),
                    ("people", "People"),
                    ("priorities", "Priorities"),
                    ("budget", "Budget"),
                    ("reorganisation", "Reorganisation"),
                    ("unsure", "Not sure"),
                ),
            ),
        ),
    ),
    Section(
        id="rhythm",
        title="Rhythm",
        why=(
            "Without a standing meeting, a partnership only gets attention when something breaks. "
            "A recurring review is the forcing function that keeps small problems small."
        ),
        questions=(
            Question(
                "last_conversation",
                "date",
                "When was your last real working conversation with them?",
                hint="A meeting or call about the work, not a one-line email.",
                past=True,
                placeholder="e.g. 6 weeks ago or Oct 12",
            ),
            Question(
                "standing_review",
                "choice",
                "Is a recurring review on the calendar?",
                choices=_choices(("yes", "Yes"), ("no", "No")),
            ),
            Question(
                "review_cadence",
                "choice",
                "How often does it recur?",
                only_if=Condition("standing_review", any_of=("yes",)),
                choices=_choices(
                    ("weekly", "Weekly"),
                    ("biweekly", "Every two weeks"),
                    ("monthly", "Monthly"),
                    ("quarterly", "Quarterly"),
                    ("none", "No review"),
                ),
            ),
            Question(
                "review_last_held",
                "date",
                "When did that review last actually take place?",
                hint="Not when it is booked: when it last met.",
                past=True,
                placeholder="e.g. 3 weeks ago or Nov 4",
                only_if=Condition("standing_review", any_of=("yes",)),
            ),
        ),
    ),
    Section(
        id="expectations",
        title="Expectations",
        why=(
            "When each side leaves kickoff with its own picture of who does what, both end up "
            "feeling short-changed. What was never written down is what drifts."
        ),
        questions=(
            Question(
                "expectations_written",
                "choice",
                "Are scope, ownership and success written down?",
                hint="At kickoff or since, in a document both sides have.",
                choices=FIT_CHOICES,
            ),
            Question(
                "success_metrics",
                "text",
                "Which one or two metrics say the partnership is working?",
                hint="Type 'none' if none were agreed.",
                empty_means="none agreed",
                placeholder="e.g. qualified referrals per month",
            ),
            Question(
                "workload",
                "choice",
                "Who carries most of the work today?",
                hint="A split nobody agreed to breeds quiet resentment.",
                choices=_choices(
                    ("balanced", "Balanced"),
                    ("mostly-us", "Mostly us"),
                    ("mostly-them", "Mostly them"),
                    ("unsure", "Not sure"),
                ),
            ),
            Question(
                "workload_agreed",
                "choice",
                "Did both sides agree to that split?",
                hint="A lopsided split that was agreed is a choice; one never agreed breeds "
                "resentment.",
                choices=_choices(("yes", "Yes"), ("no", "No"), ("unsure", "Not sure")),
                only_if=Condition("workload", any_of=("mostly-us", "mostly-them")),
            ),
        ),
    ),
    Section(
        id="enablement",
        title="Enablement",
        why=(
            "A partner handed a product or programme and left alone hits friction and goes back "
            "to the work they already know. Early help costs far less than winning them back."
        ),
        questions=(
            Question(
                "enablement_materials",
                "choice",
                "Did the partner get clear materials or training?",
                choices=_choices(
                    ("yes", "Yes"),
                    ("partly", "Partly"),
                    ("no", "No"),
                    ("not-needed", "Not needed"),
                ),
            ),
            Question(
                "enablement_contact",
                "choice",
                "Do they have a real point of contact who answers quickly?",
                choices=_choices(("yes", "Yes"), ("no", "No"), ("not-needed", "Not needed")),
            ),
        ),
    ),
    Section(
        id="activity",
        title="Activity",
        why=(
            "Falling activity is the early warning. Flat results while introductions, content "
            "or deals keep flowing can be a normal ramp, but only in the first months."
        ),
        questions=(
            Question(
                "activity",
                "choice",
                "Are introductions, content or deals still flowing?",
                choices=_choices(
                    ("rising", "Rising"),
                    ("steady", "Steady"),
                    ("slowing", "Slowing"),
                    ("stopped", "Stopped"),
                    ("unsure", "Not sure"),
                ),
            ),
            Question(
                "activity_last_month",
                "number",
                "How many introductions, pieces of content or deals in the last 30 days?",
                hint="A whole number, if you can count them. Leave empty if you cannot.",
                placeholder="e.g. 2",
            ),
            Question(
                "activity_typical_month",
                "number",
                "And in a typical month before the slowdown?",
                hint="The usual monthly count when things were moving.",
                placeholder="e.g. 12",
            ),
            Question(
                "outcomes",
                "choice",
                "And the results (revenue, sign-ups, your metric)?",
                choices=_choices(
                    ("rising", "Rising"),
                    ("flat", "Flat"),
                    ("falling", "Falling"),
                    ("unsure", "Not sure"),
                ),
            ),
            Question(
                "last_activity",
                "date",
                "When was the last introduction, piece of content or deal?",
                past=True,
                placeholder="e.g. 2026-10-20 or 5 weeks ago",
            ),
        ),
    ),
    Section(
        id="notes",
        title="Notes",
        why="Anything else you noticed. It is kept with the diagnosis and exported with it.",
        questions=(
            Question(
                "notes",
                "text",
                "Other observations",
                hint="Several lines are fine. They go into your notes before the call, never "
                "into what you say.",
                placeholder="e.g. their last two newsletter slots went unused",
                multiline=True,
            ),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {
    question.id: question for section in SECTIONS for question in section.questions
}
"""Every question by id, in the order asked."""

FOLLOW_UP = Section(
    id="follow_up",
    title="Last time",
    why=(
        "After the last diagnosis of this partner, one fix was agreed and recorded. Whether it "
        "happened is the first evidence of this one: an agreed fix that never happened says "
        "more than any new answer."
    ),
    questions=(
        Question(
            "previous_fix_done",
            "choice",
            "Did last time's agreed fix happen?",
            choices=_choices(
                ("yes", "Yes"), ("partly", "Partly"), ("no", "No"), ("unsure", "Not sure")
            ),
        ),
    ),
)
"""Asked first, and only, when a new diagnosis follows an earlier one of the same partner whose
outcome records the fix agreed (a revive, or a pending decision with the fix typed)."""

FOLLOW_UP_PROPOSED = Section(
    id="follow_up",
    title="Last time",
    why=(
        "The last diagnosis of this partner proposed one step. Whether it happened is still "
        "worth knowing: your answer is noted in the verdict and your notes before the call, "
        "but not counted as evidence."
    ),
    questions=(
        Question(
            "previous_fix_done",
            "choice",
            "The step proposed last time: did it happen?",
            choices=FOLLOW_UP.questions[0].choices,
        ),
    ),
)
"""The same question, asked honestly when last time's step was only proposed (no outcome, or a
pending one with no fix): never called agreed. After an exit nothing is asked."""

CARRIED: dict[str, Question] = {
    question.id: question
    for question in (
        Question("previous_fix", "text", "The fix agreed or proposed last time"),
        Question("previous_fix_said", "text", "The same fix as said to the partner"),
        Question(
            "previous_fix_status",
            "choice",
            "Whether it was agreed",
            choices=_choices(
                ("agreed", "Agreed"), ("proposed", "Proposed, not recorded as agreed")
            ),
        ),
        Question("previous_fix_owner", "text", "Its owner"),
        Question("previous_fix_due", "date", "When it was due"),
        Question("previous_diagnosed_on", "date", "The last diagnosis", past=True),
        Question("previous_conversation_on", "date", "The reset conversation held after it"),
        Question(
            "previous_decision",
            "choice",
            "Whether to carry on was decided",
            choices=_choices(
                ("revive", "To carry on"), ("pending", "Left open"), ("exit", "To wrap up")
            ),
        ),
        Question(
            "previous_priority",
            "choice",
            "Their answer then: still a priority?",
            choices=_choices(("yes", "Yes"), ("no", "No"), ("evasive", "No clear answer")),
        ),
        Question(
            "previous_cause",
            "choice",
            "The dominant cause last time",
            choices=_choices(
                ("owner", "Ownership"),
                ("rhythm", "Rhythm"),
                ("expectations", "Expectations"),
                ("enablement", "Enablement"),
            ),
        ),
    )
}
"""Facts carried from the last diagnosis into a follow-up (not asked: shown with the question).
``previous_fix_status`` says whether last time's fix was agreed or only proposed; a follow-up
saved before that fact existed has none, and was asked about an agreed fix.
``previous_fix_said`` is that fix in the words the points proposed it to the partner ("you
name one person ...", where ``previous_fix`` notes "Acme names one owner ..."), when the fix is
the step they proposed: the new points quote it to them.
``previous_conversation_on`` is the day the reset conversation after the last diagnosis was
held, when one was: the talking points open from it. Older follow-ups have none and open from
the kickoff, as they did.
``previous_decision`` is what was decided after it (carrying on, left open, or wrapping up),
and ``previous_priority`` their answer in that conversation to "is this still a priority?": a
decision left open is to be settled this time, not left open again; after a wrap-up, only
these three are carried (no fix was agreed), and the points ask whether that still holds."""

FOLLOW_UP_QUESTIONS: dict[str, Question] = {
    **{question.id: question for question in FOLLOW_UP.questions},
    **CARRIED,
}

LEGACY: dict[str, Question] = {
    "owner_in_role": Question(
        "owner_in_role",
        "choice",
        "Is the partnership part of those owners' real responsibilities?",
        choices=FIT_CHOICES,
    ),
}
"""Answers of playbook version 1 that are still accepted but no longer asked:
``owner_in_role`` (one answer for both sides) is read as both sides' answer."""

ALL_QUESTIONS: dict[str, Question] = {**QUESTIONS, **FOLLOW_UP_QUESTIONS, **LEGACY}
"""Every answer id an answers file may hold: the questionnaire's, a follow-up's, and v1's."""


def applicable(answers: Mapping[str, str]) -> dict[str, str]:
    """The answers to the questions that apply (what the verdict reads): an answer to a
    question that does not apply (a cadence with no review) is left out."""
    return {
        key: value
        for key, value in answers.items()
        if key not in ALL_QUESTIONS or ALL_QUESTIONS[key].applies(answers)
    }


NOBODY_WORDS = frozenset({"nobody", "no one", "noone", "none", "-", "n/a", "na"})
"""What a person may type for an owner or a metric to mean that there is none."""


def iter_questions() -> Iterator[tuple[Section, Question]]:
    """Every question with its section, in the order asked."""
    for section in SECTIONS:
        for question in section.questions:
            yield section, question


def section_of(question_id: str) -> Section:
    """The section a question belongs to."""
    for section, question in iter_questions():
        if question.id == question_id:
            return section
    if question_id in FOLLOW_UP_QUESTIONS:
        return FOLLOW_UP
    raise KeyError(question_id)


SHORT_NAMES: dict[str, str] = {
    "previous_fix_done": "last time's fix happened",
    "previous_fix": "last time's fix",
    "previous_fix_said": "last time's fix as said to them",
    "previous_fix_status": "agreed or only proposed",
    "previous_fix_owner": "its owner",
    "previous_fix_due": "its due date",
    "previous_diagnosed_on": "last diagnosis",
    "previous_conversation_on": "last conversation held",
    "previous_decision": "decided then",
    "previous_priority": "their answer then",
    "previous_cause": "last dominant cause",
    "partner": "partner",
    "kind": "kind of partnership",
    "started": "started",
    "diagnosed_on": "diagnosed on",
    "fit_audience": "audiences overlap",
    "fit_incentives": "both sides gain",
    "fit_delivery": "each side can deliver",
    "value_ours": "value we bring",
    "value_theirs": "value they bring",
    "still_want": "we still want it",
    "owner_ours": "owner on our side",
    "owner_theirs": "owner on their side",
    "owner_in_role": "part of the owners' job",
    "owner_ours_in_role": "part of our owner's job",
    "owner_theirs_in_role": "part of their owner's job",
    "owner_request": "asked them for an owner",
    "changes_theirs": "what changed on their side",
    "review_last_held": "review last held",
    "workload_agreed": "that split agreed",
    "activity_last_month": "last 30 days",
    "activity_typical_month": "a typical month",
    "last_conversation": "last working conversation",
    "standing_review": "recurring review",
    "review_cadence": "review cadence",
    "expectations_written": "expectations written down",
    "success_metrics": "success metrics",
    "workload": "who carries the work",
    "enablement_materials": "materials and training",
    "enablement_contact": "point of contact",
    "activity": "activity",
    "outcomes": "results",
    "last_activity": "last activity",
    "notes": "notes",
}


def short_name(question_id: str) -> str:
    """A few words naming an answer, for lists and comparisons."""
    return SHORT_NAMES.get(question_id, question_id)


CARRIED_OVER = (
    "partner",
    "kind",
    "started",
    "fit_audience",
    "fit_incentives",
    "fit_delivery",
    "value_ours",
    "value_theirs",
    "still_want",
    "owner_ours",
    "owner_theirs",
    "owner_ours_in_role",
    "owner_theirs_in_role",
    "owner_in_role",
    "owner_request",
    "changes_theirs",
    "standing_review",
    "review_cadence",
    "expectations_written",
    "success_metrics",
    "workload",
    "workload_agreed",
    "enablement_materials",
    "enablement_contact",
)
"""Answers a new diagnosis of the same partner starts from (to be confirmed): the slow-moving
facts. Dates of the last conversation and activity, activity itself and notes start empty."""


def carried_over(answers: Mapping[str, str]) -> dict[str, str]:
    """What a follow-up starts from: the slow-moving answers of the last diagnosis that
    apply, with a v1 ``owner_in_role`` answer given to each side that has an owner."""
    given = dict(answers)
    legacy = given.pop("owner_in_role", None)
    if legacy is not None:
        for side in ("ours", "theirs"):
            given.setdefault(f"owner_{side}_in_role", legacy)
    kept = applicable(given)
    return {key: kept[key] for key in CARRIED_OVER if key in kept}


def answer_text(
    question_id: str,
    value: str | None,
    diagnosed_on: str | date | None = None,
    *,
    short: bool = False,
) -> str:
    """An answer as a person reads it: a choice's label, a date with how long before the
    diagnosis it was ("Mon 12 Oct 2026, 6 weeks ago"), "nobody" for an owner left empty.
    ``short`` gives a few words for comparisons: "12 Oct 2026", "none"."""
    question = ALL_QUESTIONS[question_id]
    if value is None:
        return "not answered"
    if question.kind == "choice":
        return question.label_for(value)
    if question.kind == "date":
        when = to_date(value)
        if when is None:
            return value
        if short:
            return short_date(when)
        reference = to_date(diagnosed_on)
        return describe(when, reference) if reference else long_date(when)
    if value == "" and question.empty_means:
        return "none" if short else question.empty_means
    if short and question.multiline:
        line = " ".join(value.split())
        return line if len(line) <= 60 else line[:59] + "…"
    return value
