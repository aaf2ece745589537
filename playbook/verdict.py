"""The verdict engine (playbook version 2): from clean answers to a verdict, its causes, and
the evidence for each, in the user's own facts.

The rules, from the method:
- ``failed`` when any one fit answer is ``no``: audiences that do not overlap, incentives that
  never lined up, or a side that cannot deliver. ``partly`` is a fit concern, not a failure.
- ``unclear`` when most of the diagnostic answers that apply are missing or ``unsure``.
- ``stalled`` when at least one cause has real evidence; the dominant cause is the strongest,
  and a missing owner outranks the others when strengths are equal.
- ``healthy`` when no cause has real evidence and activity is not falling; smaller points are
  kept as things to watch.
Evidence quotes the user's facts (dates with how long ago, names, counts) and asserts nothing
the user did not say. Answers that contradict each other are named and read by the facts.
Only answers to questions that apply are read (:func:`playbook.questions.applicable`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from playbook import cadence as cadences
from playbook import clock, workdays
from playbook.answers import same_words
from playbook.causes import CAUSES, PRECEDENCE, VERDICT_WORDS
from playbook.dates import describe, long_date, to_date, years_words
from playbook.questions import applicable

METHOD = 2
"""The version of the method that decides new diagnoses (version 1: :mod:`playbook.v1`)."""

FIT_IDS = ("fit_audience", "fit_incentives", "fit_delivery")

RAMP_MONTHS = 6
"""Where the ramp ends. Flat results with steady activity can be a normal ramp only early on:
the first article allows a dip after the kickoff energy, carried for "a few weeks" by
enthusiasm; a partner that has had two quarters to convert activity into results and has not
is a finding. Six months is two quarterly cycles, the longest review rhythm the method uses."""

SIGNIFICANT = 2
"""A cause with at least this strength is a cause; below it, a point to watch."""

SIGNIFICANT_WITH_MOMENTUM = 3
"""While activity is rising and the partners spoke in the last three weeks, nothing has lost
momentum yet: a single gap (say, no review booked yet) is a point to watch, not a stall."""

SLACK_DAYS = 7
"""How many days late a review may meet and still be on its rhythm (a meeting moved by a few
days, a holiday)."""

CONVERSATION_WITHIN = (2, 7)
"""The reset conversation is held soon: between two and seven days after the diagnosis."""

REVIEW_WITHIN = 28
"""The first review of the rhythm is at most four weeks after the conversation."""

FIT_FAILED = {
    "fit_audience": "Our audiences or customer bases do not overlap.",
    "fit_incentives": "The partnership does not pay off for both sides.",
    "fit_delivery": "One side cannot deliver its part.",
}

FIT_PARTLY = {
    "fit_audience": "Our audiences overlap only in part.",
    "fit_incentives": "It is not clear that both sides gain when the partnership works.",
    "fit_delivery": "One side can deliver only part of what it agreed.",
}

CHANGE_SENTENCES = {
    "people": "People have changed at {partner} since the kickoff.",
    "priorities": "{whose} priorities have changed since the kickoff.",
    "budget": "{whose} budget has changed since the kickoff.",
    "reorganisation": "{partner} has reorganised since the kickoff.",
}

DIAGNOSTIC_IDS = (
    "fit_audience",
    "fit_incentives",
    "fit_delivery",
    "owner_ours",
    "owner_theirs",
    "owner_ours_in_role",
    "owner_theirs_in_role",
    "last_conversation",
    "standing_review",
    "expectations_written",
    "success_metrics",
    "workload",
    "enablement_materials",
    "enablement_contact",
    "activity",
    "outcomes",
    "last_activity",
)
"""The answers the diagnosis rests on; when most that apply are unknown, it is ``unclear``."""

ACTIVITY_WORDS = "introductions, pieces of content or deals"


@dataclass(frozen=True)
class Finding:
    """One cause found, with how strong its evidence is."""

    cause: str
    strength: int
    evidence: tuple[str, ...]
    fix: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "cause": self.cause,
            "strength": self.strength,
            "evidence": list(self.evidence),
            "fix": self.fix,
        }


@dataclass(frozen=True)
class Verdict:
    """What the diagnosis concludes. Pure data; see :func:`decide`."""

    verdict: str
    dominant_cause: str | None
    causes: tuple[Finding, ...]
    early_warning: tuple[str, ...]
    cadence: str
    next_review: date
    diagnosed_on: date
    watch: tuple[str, ...] = ()
    fit_concerns: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    activity_falling: bool = False
    facts: Mapping[str, str] = field(default_factory=dict)
    follow_up: str | None = None
    """What became of the fix agreed (or the step only proposed) at the partner's previous
    diagnosis, in a sentence."""
    fit_failures: tuple[str, ...] = ()
    """The fit answers that are ``no``, in sentences: why the fit failed."""
    value: tuple[str, ...] = ()
    """The value neither side could name."""
    changed: str | None = None
    """What changed on their side since the kickoff, in a sentence."""
    contradictions: tuple[str, ...] = ()
    """Answers that disagree with each other, named, and how they were read."""
    conversation_on: date | None = None
    """The proposed day of the reset conversation."""
    review: str = "none"
    """The standing review as the facts show it: ``none``, ``held``, ``lapsed``."""
    regular_review: bool = False
    """Whether ``next_review`` is the next meeting of the review that is held (not a first
    review of the rhythm proposed from the conversation)."""
    method: int = METHOD

    @property
    def review_unplaced(self) -> bool:
        """A review that is held, with no day it last met: it is on the calendar, on days not
        known here, so its next meeting is asked for by a date, never given a new slot."""
        return self.review == "held" and not self.facts.get("review_last_held")

    @property
    def review_met_before(self) -> bool:
        """A review on the calendar that has met (held, or lapsed): its next meeting is brought
        back or forward, or kept, never a first one."""
        return self.review in ("lapsed", "held")

    @property
    def review_brought_forward(self) -> bool:
        """A review on the calendar, with the day it last met, whose next meeting comes too
        late: the first review is that meeting brought forward, its rhythm counted from there."""
        return self.review == "held" and not (self.regular_review or self.review_unplaced)

    @property
    def review_moved(self) -> str | None:
        """How the first review moves the series on the calendar: ``"back"`` for a lapsed one
        brought back, ``"forward"`` for a held one brought forward, else ``None``."""
        if self.review == "lapsed":
            return "back"
        return "forward" if self.review_brought_forward else None

    @property
    def review_anchor(self) -> date:
        """The day the review's rule counts from: the day a review on the calendar last met
        (its own weekday and place in the month), else ``next_review`` (a new rhythm starts
        there). Never the next meeting moved off a holiday: that move is for one meeting."""
        held = Facts(self.facts).date("review_last_held")
        if self.regular_review and held is not None and held.weekday() < 5:
            return held
        return self.next_review  # a new rhythm, or a review that met on a weekend: from here

    @property
    def review_moved_from(self) -> date | None:
        """The day a regular review's next meeting falls on by its own rule, when that is no
        working day (a public holiday) and ``next_review`` is the working day after it."""
        if not self.regular_review or self.review_anchor == self.next_review:
            return None
        rule = cadences.review_rule(self.cadence, self.review_anchor)
        due = rule.before(datetime.combine(self.next_review, time.max), inc=True)
        return due.date() if due is not None and due.date() != self.next_review else None

    def moved_clause(self, say: Callable[[date], str]) -> str:
        """Why the next meeting is not on its usual day, with ``say`` writing the date as the
        caller does: ", as Fri 25 Dec is a public holiday"; "" when it is on its day."""
        moved = self.review_moved_from
        if moved is None:
            return ""
        return f", as {say(moved)} is a public holiday"

    @property
    def too_little_known(self) -> bool:
        """Whether most answers the diagnosis rests on are missing or unsure (the usual reason
        for ``unclear``; the other is activity falling with no cause to show for it)."""
        return too_little_known(self.unknown, Facts(self.facts))

    @property
    def meaning(self) -> str:
        """The verdict's one-line meaning, as shown under its name."""
        if self.verdict == "unclear" and not self.too_little_known:
            return (
                "Activity is falling, yet no usual cause shows: find out what is behind it "
                "before proposing a fix."
            )
        return VERDICT_WORDS[self.verdict][1]

    def rhythm(self, day: str) -> str:
        """The review rhythm in one sentence, lower case, ``day`` being ``next_review`` as the
        caller writes dates: a review that is held keeps its own days (its next meeting, or
        "by" a day when the last one has no date); otherwise one is proposed, starting then."""
        adjective = cadences.ADJECTIVE[self.cadence]
        if self.review_unplaced:
            return f"the {adjective} review already on the calendar; next by {day} at the latest."
        if self.regular_review:
            moved = self.moved_clause(long_date)
            return f"the {adjective} review already on the calendar; next on {day}{moved}."
        if self.review_brought_forward:
            return f"the {adjective} review already on the calendar, brought forward to {day}."
        if self.review == "lapsed":
            return f"the {adjective} review already on the calendar, brought back: next on {day}."
        return f"a {adjective} review suits this partnership; the first on {day}."

    @property
    def tied_with(self) -> tuple[str, ...]:
        """The causes found with as much evidence as the dominant one (it comes first by the
        order of :data:`PRECEDENCE`), strongest order kept."""
        strength = {finding.cause: finding.strength for finding in self.causes}
        top = strength.get(self.dominant_cause or "")
        return tuple(
            cause
            for cause, value in strength.items()
            if value == top and cause != self.dominant_cause
        )

    @property
    def tie_note(self) -> str:
        """A sentence saying which causes weigh as much as the dominant one and why it comes
        first; empty when none does."""
        if not self.tied_with or self.dominant_cause is None:
            return ""
        first = CAUSES[self.dominant_cause].title
        others = join_words([CAUSES[cause].title.lower() for cause in self.tied_with])
        order = join_words([CAUSES[cause].title.lower() for cause in PRECEDENCE])
        return (
            f"{first} weighs as much here as {others}. With equal evidence Unstall takes the "
            f"causes in this order: {order}, so the talking points start with {first.lower()}."
        )

    def sentence_groups(self) -> list[tuple[str, tuple[str, ...]]]:
        """The other things worth saying, headed, in reading order (fit first when the fit
        is what failed); empty groups left out."""
        fit = ("Fit", self.fit_failures + self.fit_concerns)
        groups = [
            ("Early warnings", self.early_warning),
            ("What changed on their side", (self.changed,) if self.changed else ()),
            ("Answers that disagree", self.contradictions),
            ("Worth watching", self.watch),
            ("Value", self.value),
        ]
        groups = [fit, *groups] if self.verdict == "failed" else [*groups, fit]
        return [(heading, sentences) for heading, sentences in groups if sentences]

    @property
    def dominant(self) -> Finding | None:
        for finding in self.causes:
            if finding.cause == self.dominant_cause:
                return finding
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "dominant_cause": self.dominant_cause,
            "causes": [finding.to_dict() for finding in self.causes],
            "early_warning": list(self.early_warning),
            "fit_concerns": list(self.fit_concerns),
            "fit_failures": list(self.fit_failures),
            "cadence": self.cadence,
            "next_review": self.next_review.isoformat(),
            "watch": list(self.watch),
            "value": list(self.value),
            "changed": self.changed,
            "contradictions": list(self.contradictions),
            "unknown": list(self.unknown),
            "follow_up": self.follow_up,
            "method": self.method,
        }


def is_unknown(answers: Mapping[str, str], question_id: str) -> bool:
    value = answers.get(question_id)
    return value is None or value == "unsure"


def possessive(name: str) -> str:
    """``name``'s, or ``name``' when it ends in s ("Riverbend Makers' budget"), or ``name``
    itself when it is a possessive already ("Macy's questions", not "Macy's'")."""
    if name.endswith(("'s", "\u2019s", "'S", "\u2019S")):
        return name
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


QUOTES = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019", "\u00ab": "\u00bb"}
"""Quote marks, each with its closing mark."""


def quoted(text: str) -> str:
    """The user's own words in double quotes; words they already put in quotes are kept as
    typed, never quoted twice."""
    text = text.strip()
    if len(text) >= 2 and QUOTES.get(text[0]) == text[-1]:
        return text
    return f'"{text}"'


def join_words(items: list[str], last: str = "and") -> str:
    """``a, b and c`` (or ``a, b or c``, with ``last="or"``)."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 month``, ``3 months``."""
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


class Facts:
    """The answers that apply, read once, with names, dates and counts ready for sentences.
    The talking points read the same object, so both say the same things the same way."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        self.answers = applicable(answers)
        self.diagnosed_on = to_date(self.answers.get("diagnosed_on")) or clock.today()
        self.partner = self.answers.get("partner") or "the partner"
        self.kind = self.answers.get("kind")
        self.ours = self.answers.get("owner_ours")
        self.theirs = self.answers.get("owner_theirs")

    def get(self, question_id: str) -> str | None:
        return self.answers.get(question_id)

    def date(self, question_id: str) -> date | None:
        value = self.answers.get(question_id)
        return to_date(value) if value else None

    def count(self, question_id: str) -> int | None:
        value = self.answers.get(question_id)
        return int(value) if value is not None and value.isascii() and value.isdigit() else None

    def days_since(self, question_id: str) -> int | None:
        then = self.date(question_id)
        return None if then is None else (self.diagnosed_on - then).days

    def when(self, question_id: str) -> str:
        """``Mon 12 Oct 2026, 6 weeks ago``."""
        then = self.date(question_id)
        return "" if then is None else describe(then, self.diagnosed_on)

    def in_role(self, side: str) -> str | None:
        """Whether the partnership is in that side's owner's job: the v2 answer for the side,
        else the v1 answer for both; nothing when that side has no owner."""
        owner = self.ours if side == "ours" else self.theirs
        if owner == "":
            return None
        return self.get(f"owner_{side}_in_role") or self.get("owner_in_role")

    def how_in_role(self, side: str) -> str:
        """A role gap in words, before "your role": "isn't part of" or "is only partly in"."""
        return "isn't part of" if self.in_role(side) == "no" else "is only partly in"

    def role_gaps(self) -> list[str]:
        """The sides whose owner does not have the partnership (fully) in their job."""
        return [side for side in ("ours", "theirs") if self.in_role(side) in ("no", "partly")]

    def owner_words(self, side: str) -> str:
        """That side's owner by name, else "our owner" / "their owner"."""
        name = self.ours if side == "ours" else self.theirs
        return name or ("our owner" if side == "ours" else "their owner")

    @property
    def months_in(self) -> int | None:
        """Whole months from the kickoff to the diagnosis."""
        started = self.date("started")
        if started is None or started > self.diagnosed_on:
            return None
        months = (self.diagnosed_on.year - started.year) * 12 + (
            self.diagnosed_on.month - started.month
        )
        return months - (1 if self.diagnosed_on.day < started.day else 0)

    @property
    def age(self) -> str | None:
        """How long the partnership has run, in words: ``4 days``, ``5 weeks``, ``8 months``,
        ``3 years``."""
        months = self.months_in
        if months is None:
            return None
        if months < 4:
            started = self.date("started")
            assert started is not None
            days = (self.diagnosed_on - started).days
            return plural(max(days, 1), "day") if days < 14 else plural(days // 7, "week")
        if months < 24:
            return plural(months, "month")
        return years_words(months)

    @property
    def early(self) -> bool:
        months = self.months_in
        return months is not None and months < RAMP_MONTHS

    @property
    def kind_words(self) -> str:
        return "partnership" if self.kind in (None, "other") else f"{self.kind} partnership"

    @property
    def review_cadence(self) -> str | None:
        """The cadence of the standing review, when there is one with a set rhythm."""
        cadence = self.get("review_cadence")
        if self.get("standing_review") == "yes" and cadence in cadences.INTERVAL_DAYS:
            return cadence
        return None

    @property
    def quiet_scale(self) -> int:
        """Light partnerships that meet quarterly may be quiet twice as long before it means
        anything."""
        return 2 if (self.review_cadence or cadences.recommended(self.kind)) == "quarterly" else 1

    def step_missed(self) -> bool:
        """Whether last time's agreed step (not one only proposed) is late and not, or only
        partly, done: a promise broken, to follow up or to try again."""
        due = self.date("previous_fix_due")
        return (
            bool(self.get("previous_fix"))
            and self.get("previous_fix_status") != "proposed"
            and self.get("previous_fix_done") in ("no", "partly")
            and (due is None or due <= self.diagnosed_on)
        )

    def same_step(self, *texts: str) -> bool:
        """Whether last time's step, as noted or as said to them, is one of ``texts`` (case
        and spacing aside, as :func:`playbook.answers.same_words` compares)."""
        before = {same_words(self.get(key) or "") for key in ("previous_fix", "previous_fix_said")}
        return bool((before - {""}) & {same_words(text) for text in texts})

    def step_again(self, cause: str | None, *texts: str) -> bool:
        """Whether the step proposed now for the gap ``cause`` (one of ``texts``) is last
        time's: in the same words (:meth:`same_step`), or in today's (:meth:`step_renewed`)."""
        return self.same_step(*texts) or self.step_renewed(cause)

    @property
    def wrapped_up_on(self) -> date | None:
        """The day of the reset conversation, carried from last time, that agreed to wrap up
        (a close made already: a second one keeps to it); ``None`` otherwise."""
        if self.get("previous_decision") != "exit":
            return None
        return self.date("previous_conversation_on")

    @property
    def was_no_priority(self) -> bool:
        """Whether the last call heard that this was not a priority, or agreed to wrap it up:
        a priority now is one "again", never "still"."""
        return self.get("previous_priority") == "no" or self.get("previous_decision") == "exit"

    def step_renewed(self, cause: str | None) -> bool:
        """Whether last time's agreed fix was the points' own step (carried as said to them, or
        one of the rhythm's own reviews) for the gap ``cause``: the step the points propose for
        it now, in today's words (the materials "still missing" where none were given), is
        that step again."""
        own = bool(self.get("previous_fix_said")) or (
            cause == "rhythm" and rhythm_step(self.get("previous_fix") or "")
        )
        return own and self.get("previous_cause") == cause

    def long_since(self, day: date) -> bool:
        """Whether ``day`` is three weeks or more before the diagnosis (six for a quarterly
        rhythm): long enough without a working conversation for the quiet to mean something."""
        return (self.diagnosed_on - day).days >= 21 * self.quiet_scale

    def last_contact(self) -> tuple[date | None, str]:
        """The last real working conversation, and which answer says so: a held review counts
        as one when it is later than the conversation given."""
        conversation, held = self.date("last_conversation"), self.date("review_last_held")
        if held is not None and (conversation is None or held > conversation):
            return held, "review_last_held"
        return conversation, "last_conversation"


DECIDES = " decides: one owner named, or an agreed wrap-up"
"""The decide path's step, after the partner's name: a decision, which a later call that
carries on (or closes) has taken, whatever it named."""


def decision_step(fix: str) -> bool:
    """Whether ``fix`` is the decide path's step: the partner to decide whether we go on."""
    return DECIDES in fix


def owner_unanswered(facts: Facts) -> str | None:
    """Whether a follow-up shows that their side, asked, named no owner, in a sentence of the
    user's facts: last time's dominant cause was the owner, its fix was agreed (not only
    proposed), it was due by now and did not happen (or only partly), and nobody on their side
    is named yet. However the owner request was answered, they have been asked: an agreed owner
    that never came is a request with no answer, a signal about priority (the decide path), not
    another month of waiting. ``None`` otherwise (a fix not yet due is no broken promise)."""
    if facts.theirs != "" or facts.get("previous_cause") != "owner":
        return None
    if not facts.get("previous_fix") or facts.get("previous_fix_status") == "proposed":
        return None
    due = facts.date("previous_fix_due")
    if facts.get("previous_fix_done") not in ("no", "partly") or due is None:
        return None
    if due > facts.diagnosed_on:
        return None
    held = facts.date("previous_conversation_on")
    when = f"on {long_date(held)}" if held is not None and held <= due else "last time"
    if decision_step(facts.get("previous_fix") or ""):  # whether we go on, and who owns it
        return (
            f"{facts.partner} agreed {when} to tell us by {long_date(due)} whether we go on, "
            "with an owner named, or wrap up; that day has passed and nobody is named."
        )
    return (
        f"{facts.partner} agreed {when} to name an owner by {long_date(due)}; that day has "
        "passed and nobody is named."
    )


def owner_request(facts: Facts) -> str | None:
    """The owner request as the verdict reads it: the answer given, except that an agreed
    owner fix that fell due with nobody named (:func:`owner_unanswered`) reads ``no-answer``
    when nothing stronger (a refusal, or no answer already) was said."""
    request = facts.get("owner_request")
    if request in ("declined", "no-answer") or owner_unanswered(facts) is None:
        return request
    return "no-answer"


def _owner(facts: Facts) -> Finding | None:
    ours, theirs, partner = facts.ours, facts.theirs, facts.partner
    unanswered = owner_unanswered(facts)
    strength = 0
    evidence: list[str] = []
    if ours == "" and theirs == "":
        strength += 10
        evidence.append(
            f"Nobody owns the partnership on either side: neither we nor {partner} have "
            "named anyone."
        )
    elif theirs == "":
        strength += 5
        if unanswered is None:  # else its sentence says that nobody is named
            evidence.append(f"Nobody at {partner} is named as owner of the partnership.")
    elif ours == "":
        strength += 5
        evidence.append("Nobody on our side is named as owner of the partnership.")
    request = facts.get("owner_request")
    if request == "declined":
        strength += 2
        evidence.append(f"We asked {partner} to name an owner, and they declined.")
    elif request == "no-answer":
        strength += 2
        evidence.append(f"We asked {partner} to name an owner and have had no answer.")
    elif unanswered is not None:
        strength += 2
        evidence.append(unanswered)
    elif request == "agreed":
        evidence.append(f"{partner} agreed to name an owner; nobody is named yet.")
    for side, name, where in (("ours", ours, "on our side"), ("theirs", theirs, f"at {partner}")):
        role = facts.in_role(side)
        if role == "no":
            strength += 3
            evidence.append(
                f"The partnership is not part of {possessive(name or 'the owner')} job {where}."
            )
        elif role == "partly":
            strength += 1
            evidence.append(
                f"The partnership is only partly in {possessive(name or 'the owner')} job {where}."
            )
    change = facts.get("changes_theirs")
    if strength and change in ("people", "reorganisation"):
        strength += 1
        evidence.append(CHANGE_SENTENCES[change].format(partner=partner, whose=possessive(partner)))
    if not strength:
        return None
    if theirs == "" and (request in ("declined", "no-answer") or unanswered is not None):
        fix = (
            f"Ask {partner} plainly whether the partnership is still a priority: with nobody "
            "willing to own it on their side, a no or no answer is the decision to close it well."
        )
    elif theirs == "" and ours != "":
        fix = (
            f"Ask {partner} to name one accountable owner, with the partnership in their job, to "
            f"work with {ours or 'our owner'}. If they will not name anyone, take that as an "
            "answer about priority."
        )
    elif ours == "" and theirs != "":
        fix = (
            f"Name one accountable owner on our side to work with {theirs or 'their owner'}, "
            "and put the partnership in that person's goals."
        )
    elif ours == "" and theirs == "":
        fix = CAUSES["owner"].fix
    else:
        names = [facts.owner_words(side) for side in facts.role_gaps()] or ["both owners"]
        fix = (
            f"Write the partnership into the goals of {join_words(names)}, so it gets real "
            "time rather than what is left over."
        )
    return Finding("owner", strength, tuple(evidence), fix)


def on_schedule(facts: Facts, held: date) -> bool:
    """Whether the standing review, last held on ``held``, met within its interval (with
    :data:`SLACK_DAYS` for a meeting moved by a few days): the quiet since is its rhythm, not a
    gap in it."""
    cadence = facts.review_cadence
    if cadence is None:
        return False
    return (facts.diagnosed_on - held).days <= cadences.INTERVAL_DAYS[cadence] + SLACK_DAYS


def _rhythm(facts: Facts, review: str, contradictions: list[str]) -> Finding | None:
    standing, cadence = facts.get("standing_review"), facts.review_cadence
    strength = 0
    evidence: list[str] = []
    if standing == "no":
        strength += 2
        evidence.append("No recurring review is on the calendar.")
    elif standing == "yes" and cadence is None and facts.get("review_cadence") == "none":
        strength += 2
        sentence = "A review was said to be on the calendar, but it recurs at no set interval."
        evidence.append(sentence)
        contradictions.append(sentence + " Read as: no recurring review.")
    held = facts.date("review_last_held")
    conversation = facts.date("last_conversation")
    adjective = cadences.ADJECTIVE.get(cadence or "", "")
    if review == "lapsed":
        assert cadence is not None
        if held is not None:
            strength += 3
            sentence = (
                f"A {adjective} review is on the calendar, but it last took place on "
                f"{facts.when('review_last_held')}."
            )
        else:
            strength += 2
            sentence = (
                f"A {adjective} review is on the calendar, yet the last real working "
                f"conversation was on {facts.when('last_conversation')}."
            )
        evidence.append(sentence)
        contradictions.append(sentence + " Read as: the review is booked but no longer held.")
    last, source = facts.last_contact()
    started = facts.date("started")
    scale = facts.quiet_scale
    if last is not None and started is not None and last < started:
        gap = (facts.diagnosed_on - started).days
        if gap >= 21 * scale:
            evidence.insert(
                0,
                "There has been no real working conversation since the kickoff on "
                f"{facts.when('started')}.",
            )
    elif last is not None:
        gap = (facts.diagnosed_on - last).days
        if review == "held" and held is not None and on_schedule(facts, held):
            gap = 0  # the review met within its interval: weeks between reviews are its rhythm
        # A lapsed review's sentence quotes the last contact, unless a working conversation
        # came after the last review: then that is said too, after it.
        later = held is not None and conversation is not None and conversation > held
        if gap >= 21 * scale and (review != "lapsed" or later):
            sentence = f"The last real working conversation was on {facts.when(source)}."
            evidence.insert(len(evidence) if review == "lapsed" else 0, sentence)
    else:
        gap = 0
    if gap >= 42 * scale:
        strength += 2
    elif gap >= 21 * scale:
        strength += 1
    if (
        review == "held"
        and held is not None
        and conversation is not None
        and (held - conversation).days > 31
    ):
        contradictions.append(
            f"The {adjective} review last met on {long_date(held)}, but the last real working "
            f"conversation was on {long_date(conversation)}. Read as: the review is held; "
            "check it is still a working conversation."
        )
    if not strength:
        return None
    kept = cadence or cadences.recommended(facts.kind)
    if review == "lapsed":
        fix = (
            f"Restart the {cadences.ADJECTIVE[kept]} review that is already booked, with three "
            "items: what moved, what is stuck, what each side does next."
        )
    elif review == "held":
        fix = (
            f"Keep the {cadences.ADJECTIVE[kept]} review, and use it for real work: what moved, "
            "what is stuck, what each side does next."
        )
    else:
        fix = (
            f"Put a {cadences.ADJECTIVE[kept]} review on both calendars, with three items: "
            "what moved, what is stuck, what each side does next."
        )
    return Finding("rhythm", strength, tuple(evidence), fix)


def _expectations(facts: Facts, contradictions: list[str]) -> Finding | None:
    written, metrics = facts.get("expectations_written"), facts.get("success_metrics")
    workload, agreed = facts.get("workload"), facts.get("workload_agreed")
    strength = 0
    evidence: list[str] = []
    if written == "no":
        strength += 2
        evidence.append("Scope, ownership and success were never written down.")
    elif written == "partly":
        strength += 1
        evidence.append("Scope, ownership and success were only partly written down.")
    if metrics == "":
        strength += 1
        evidence.append("No metric was agreed for what 'working' means.")
    lopsided = workload in ("mostly-us", "mostly-them")
    side = "us" if workload == "mostly-us" else f"{facts.partner}"
    if lopsided and agreed == "no":
        strength += 2
        sentence = f"Most of the work sits with {side}, and the two sides never agreed that split."
        evidence.append(sentence)
        if written == "yes":
            contradictions.append(
                "Expectations were written down, yet the split of the work was never agreed. "
                "Read as: what was written left the division of labour out."
            )
    elif lopsided and agreed != "yes":
        strength += 1
        evidence.append(
            f"Most of the work sits with {side}; whether both sides agreed to that is not known."
        )
    if not strength:
        return None
    items = ["who owns which task", "what each side committed to"]
    if lopsided and agreed != "yes":
        items.insert(0, "how the work is shared")
    if metrics:
        items.append(f"the metric that defines 'working' (today: {metrics})")
    else:
        items.append("the one or two metrics that define 'working'")
    fix = f"Write down on one page, agreed by both sides: {join_words(items)}."
    return Finding("expectations", strength, tuple(evidence), fix)


def _enablement(facts: Facts) -> Finding | None:
    materials, contact = facts.get("enablement_materials"), facts.get("enablement_contact")
    strength = 0
    evidence: list[str] = []
    gaps: list[str] = []
    if materials == "no":
        strength += 3
        evidence.append(f"{facts.partner} never received clear materials or training.")
        gaps.append("clear materials and a short training")
    elif materials == "partly":
        strength += 1
        evidence.append(f"{facts.partner} received only part of the materials they need.")
        gaps.append("the missing materials")
    if contact == "no":
        strength += 2
        evidence.append(f"{facts.partner} has no point of contact who answers quickly.")
        gaps.append("one named contact who answers within a day")
    if not strength:
        return None
    fix = f"Give {facts.partner} {join_words(gaps)}, with fast answers in the weeks that follow."
    return Finding("enablement", strength, tuple(evidence), fix)


def _activity(facts: Facts, contradictions: list[str]) -> tuple[list[str], bool]:
    """The early warnings, and whether activity is falling, read from every activity answer
    together: the trend given, the counts, the last activity and the results."""
    activity, outcomes = facts.get("activity"), facts.get("outcomes")
    last, typical = facts.count("activity_last_month"), facts.count("activity_typical_month")
    warnings: list[str] = []
    falling = activity in ("slowing", "stopped")
    holding = activity in ("steady", "rising")
    if activity == "slowing":
        warnings.append("Introductions, content and deals are slowing down.")
    elif activity == "stopped" and last:
        warnings.append("Introductions, content and deals have slowed to a trickle.")
    elif activity == "stopped":
        warnings.append("Introductions, content and deals have stopped.")
    counts = None
    if last is not None and typical is not None:
        counts = f"{typical:,} a month before, {last:,} in the last 30 days"
    elif last is not None:
        counts = f"{last:,} in the last 30 days"
    dropped = (
        last is not None
        and typical is not None
        and typical > 0
        and last * 2 <= typical
        and typical - last >= 2
    )
    if counts and (dropped or falling or last == 0):
        warnings.append(f"{ACTIVITY_WORDS.capitalize()}: {counts}.")
    if dropped or (last == 0 and activity in (None, "unsure")):
        if holding:
            contradictions.append(
                f"Activity was described as {activity}, but the counts say otherwise "
                f"({counts}). Read as: activity is falling."
            )
        falling = True
    if activity == "stopped" and last:
        contradictions.append(
            f"Activity was described as stopped, yet the count for the last 30 days is {last:,}. "
            "Read as: activity has slowed to a trickle."
        )
    quiet = facts.days_since("last_activity")
    latest = facts.date("last_activity")
    scale = facts.quiet_scale
    if quiet is not None and latest is not None and quiet >= 28 * scale:
        warnings.append(
            f"The last introduction, piece of content or deal was on {facts.when('last_activity')}."
        )
        if holding and quiet >= 60 * scale:
            contradictions.append(
                f"Activity was described as {activity}, yet the last introduction, piece of "
                f"content or deal was on {long_date(latest)}. Read as: activity has stalled."
            )
            falling = True
        elif activity in (None, "unsure") and quiet >= 42 * scale:
            falling = True
        if last and quiet > 45:
            contradictions.append(
                f"The count for the last 30 days is {last:,}, but the last introduction, piece of "
                "content or deal was more than 30 days ago. Worth checking which is right."
            )
    if last == 0 and quiet is not None and latest is not None and 0 <= quiet <= 21:
        contradictions.append(
            f"The count for the last 30 days is 0, but the last introduction, piece of content "
            f"or deal was on {long_date(latest)}. Worth checking which is right."
        )
    if outcomes == "falling":
        warnings.append(
            "Results are falling too." if falling else "Results are falling while activity holds."
        )
    elif outcomes == "flat" and not falling:
        age = facts.age
        if age is None:
            warnings.append(
                "Results are flat while activity holds; with no start date, it is not known "
                "whether that is still the ramp."
            )
        elif facts.early:
            warnings.append(
                f"Results are flat while activity holds; {age} in, that can still be the "
                "normal ramp."
            )
        else:
            warnings.append(
                f"Results are still flat {age} after the kickoff while activity holds: this "
                "late, that is a finding, not a ramp."
            )
    elif outcomes == "flat":
        warnings.append("Results are flat as well.")
    return warnings, falling


def _follow_up(facts: Facts, found: list[Finding]) -> tuple[list[Finding], str | None]:
    """Last time's agreed fix: one that did not happen is evidence for the cause it was meant
    to fix (and makes that cause stronger); one that happened is said, not scored; one not
    done but not yet due is said as not due, not scored (no promise is broken yet). A step
    that was only proposed is said either way, never scored."""
    done, fix = facts.get("previous_fix_done"), facts.get("previous_fix")
    if not fix or done is None:
        return found, None
    details = []
    if facts.get("previous_fix_owner"):
        details.append(f"owner {facts.get('previous_fix_owner')}")
    owned = fix + (f" ({details[0]})" if details else "")
    due = facts.date("previous_fix_due")
    if due is not None:
        details.append(f"due {long_date(due)}")
    agreed = fix + (f" ({', '.join(details)})" if details else "")
    proposed = facts.get("previous_fix_status") == "proposed"
    if due is not None and due > facts.diagnosed_on and done in ("no", "partly"):
        # Not done yet, but not late either: no promise broken, nothing scored.
        which = "The step proposed last time" if proposed else "The fix agreed last time"
        return found, f"{which} is not due yet (due {long_date(due)}): {owned}."
    if proposed:
        return found, _proposed_follow_up(done, agreed)
    if done == "yes":
        return found, f"Last time's agreed fix happened: {agreed}."
    if done == "unsure":
        return (
            found,
            f"You're not sure whether the fix agreed last time happened: {agreed}; find out "
            "before the call.",
        )
    met = review_met_since(facts)
    if done == "no" and met is not None:  # the answers disagree: not scored, not asserted
        return (
            found,
            f"{DISPUTED} ({fix}) is said not to have happened, yet "
            f"the review last met on {long_date(met)}, after it was agreed. Worth checking "
            "which is right.",
        )
    sentence = (
        f"The fix agreed last time did not happen: {agreed}."
        if done == "no"
        else f"The fix agreed last time only partly happened: {agreed}."
    )
    weight = 2 if done == "no" else 1
    cause = facts.get("previous_cause")
    if cause not in CAUSES:
        return found, sentence
    updated = []
    matched = False
    for finding in found:
        if finding.cause == cause:
            finding = replace(
                finding, strength=finding.strength + weight, evidence=(sentence, *finding.evidence)
            )
            matched = True
        updated.append(finding)
    if not matched:
        updated.append(Finding(cause, weight, (sentence,), CAUSES[cause].fix))
    return updated, sentence


def _proposed_follow_up(done: str, step: str) -> str:
    """What became of a step last time's points only proposed: said, never scored, and never
    called agreed (nobody agreed to it, so its not happening is no promise broken)."""
    what = {
        "yes": "happened",
        "partly": "only partly happened",
        "no": "did not happen",
    }
    if done in what:
        return f"The step proposed last time (never recorded as agreed) {what[done]}: {step}."
    return (
        f"You're not sure whether the step proposed last time happened: {step}; find out "
        "before the call."
    )


def _review_state(facts: Facts) -> str:
    """``held`` (a standing review that meets), ``lapsed`` (booked but not meeting), or
    ``none``. A review is lapsed when it has not met for more than two of its intervals."""
    cadence = facts.review_cadence
    if cadence is None:
        return "none"
    interval = cadences.INTERVAL_DAYS[cadence]
    since_held = facts.days_since("review_last_held")
    if since_held is not None:
        return "lapsed" if since_held > 2 * interval else "held"
    since_talk = facts.days_since("last_conversation")
    if since_talk is not None and since_talk > 2 * interval + SLACK_DAYS:
        return "lapsed"
    return "held"


def next_meeting(cadence: str, held: date, after: date, limit: date | None = None) -> date | None:
    """The next meeting of a review that is held, counted on from when it last met: its first
    occurrence after ``after`` (moved to the next working day when it falls on a holiday), or
    ``None`` when that is later than ``limit``."""
    for moment in cadences.review_rule(cadence, held):
        day = moment.date()
        if day > after:
            day = workdays.next_working_day(day)
            return None if limit is not None and day > limit else day
    return None  # pragma: no cover - a recurrence never ends


def next_review_day(cadence: str, talk_on: date, held: date | None, review: str) -> date:
    """The first review after the conversation. A review that exists keeps its own days: the
    next meeting of its slot (counted on from when it last met, so a lapsed Friday review comes
    back on a Friday), when that falls within the four weeks after the conversation; otherwise
    (no review, no date it last met, or a slot further out) the first review of the rhythm
    from the conversation, at most four weeks after it."""
    if review in ("held", "lapsed") and held is not None:
        limit = date.fromordinal(talk_on.toordinal() + REVIEW_WITHIN)
        regular = next_meeting(cadence, held, talk_on, limit)
        if regular is not None:
            return regular
    return cadences.review_after(cadence, talk_on, REVIEW_WITHIN)


DISPUTED = "Check before the call: last time's step"
"""How a note begins that says last time's step and today's answers disagree."""


def met_since_last_time(facts: Facts) -> date | None:
    """The day the review last met, when that is after last time's step was agreed (the reset
    conversation, else the diagnosis); ``None`` otherwise."""
    held = facts.date("review_last_held")
    since = facts.date("previous_conversation_on") or facts.date("previous_diagnosed_on")
    return held if held is not None and since is not None and held > since else None


def review_met_since(facts: Facts) -> date | None:
    """The day the review last met, when last time's step was for the rhythm and the review
    has met since it was agreed: a step "not done" then disagrees with the answers, and one
    "done" is the review the step set up. ``None`` otherwise."""
    return met_since_last_time(facts) if facts.get("previous_cause") == "rhythm" else None


def keep_review_step(cadence: str) -> str:
    """A healthy partnership's step, as the keep points propose it: its review's next
    meeting."""
    return f"the next {cadences.ADJECTIVE[cadence]} review"


def new_review_step(cadence: str) -> str:
    """The rhythm's step when no review is on the calendar, as the talking points propose it
    and as a follow-up finds it again."""
    return f"a {cadences.ADJECTIVE[cadence]} review on both calendars"


def rhythm_steps(cadence: str) -> tuple[str, ...]:
    """The rhythm's own steps at ``cadence``, as the talking points note them: a review kept
    (or met by a date), a working session before it, a lapsed one brought back, a new one."""
    adjective = cadences.ADJECTIVE[cadence]
    return (
        f"our next {adjective} review goes ahead, with a working agenda",
        f"a working session ahead of the next {adjective} review, with a working agenda",
        f"the {adjective} review meets again",
        new_review_step(cadence),
    )


def rhythm_step(fix: str) -> bool:
    """Whether ``fix`` is one of the rhythm's own steps, at any cadence."""
    words = same_words(fix)
    return any(words == same_words(step) for c in cadences.ADJECTIVE for step in rhythm_steps(c))


def review_kept(facts: Facts, cadence: str, talk_on: date, review: str) -> date | None:
    """The first review agreed last time, when it is not due yet and still to come after
    this conversation (no review is on the calendar yet): its day stands. A new first review
    counted from this conversation would move it later, and the points would check that it
    is on track and propose another day in one breath. ``None`` otherwise."""
    due = facts.date("previous_fix_due")
    if review != "none" or due is None or due < talk_on or due <= facts.diagnosed_on:
        return None
    if facts.get("previous_fix_status") == "proposed":
        return None  # never agreed: nothing of theirs to keep to
    if facts.get("previous_fix_done") not in ("no", "partly"):
        return None
    agreed = same_words(facts.get("previous_fix") or "")
    return due if agreed == same_words(new_review_step(cadence)) else None


def conversation_day(diagnosed_on: date) -> date:
    """The proposed day of the reset conversation: the first working day at least two days
    after the diagnosis (never later than seven when any working day is left in that week)."""
    low, high = CONVERSATION_WITHIN
    for offset in range(low, high + 1):
        day = date.fromordinal(diagnosed_on.toordinal() + offset)
        if workdays.is_working_day(day):
            return day
    return workdays.next_working_day(date.fromordinal(diagnosed_on.toordinal() + low))


def unknown_ids(facts: Facts) -> tuple[str, ...]:
    """The diagnostic answers that apply and are missing or ``unsure``. The activity trend
    counts as known when its counts are given."""
    answers = facts.answers
    found = []
    for qid in DIAGNOSTIC_IDS:
        if qid.endswith("_in_role"):
            side = "ours" if "ours" in qid else "theirs"
            if (facts.ours if side == "ours" else facts.theirs) == "":
                continue
            if facts.in_role(side) not in (None, "unsure"):
                continue
        elif (qid == "activity" and facts.count("activity_last_month") is not None) or (
            not is_unknown(answers, qid)
        ):
            continue
        found.append(qid)
    return tuple(found)


def applying_count(facts: Facts) -> int:
    """How many of the diagnostic answers apply (an owner's role only with an owner)."""
    return sum(
        1
        for qid in DIAGNOSTIC_IDS
        if not (qid == "owner_ours_in_role" and facts.ours == "")
        and not (qid == "owner_theirs_in_role" and facts.theirs == "")
    )


def too_little_known(unknown: tuple[str, ...], facts: Facts) -> bool:
    """Whether more than half of the diagnostic answers that apply are ``unknown``: too
    little to say, so the verdict is ``unclear``."""
    return len(unknown) * 2 > applying_count(facts)


def decide(answers: Mapping[str, str]) -> Verdict:
    """The verdict for a set of clean answers (see :mod:`playbook.answers`)."""
    facts = Facts(answers)
    contradictions: list[str] = []
    review = _review_state(facts)
    found = [
        finding
        for finding in (
            _owner(facts),
            _rhythm(facts, review, contradictions),
            _expectations(facts, contradictions),
            _enablement(facts),
        )
        if finding is not None
    ]
    found, follow_up = _follow_up(facts, found)
    found.sort(key=lambda finding: (-finding.strength, PRECEDENCE.index(finding.cause)))
    warnings, falling = _activity(facts, contradictions)
    unknown = unknown_ids(facts)
    applied = facts.answers
    fit_failures = tuple(FIT_FAILED[qid] for qid in FIT_IDS if applied.get(qid) == "no")
    fit_concerns = tuple(FIT_PARTLY[qid] for qid in FIT_IDS if applied.get(qid) == "partly")
    value = tuple(
        sentence
        for qid, sentence in (
            ("value_theirs", f"We cannot name the value {facts.partner} brings us."),
            ("value_ours", f"We cannot name the value we bring {facts.partner}."),
        )
        if applied.get(qid) == ""
    )
    change = applied.get("changes_theirs")
    changed = (
        CHANGE_SENTENCES[change].format(partner=facts.partner, whose=possessive(facts.partner))
        if change in CHANGE_SENTENCES
        else None
    )
    cadence = facts.review_cadence or cadences.recommended(facts.kind)
    talk_on = conversation_day(facts.diagnosed_on)
    held_on = facts.date("review_last_held")
    first_review = review_kept(facts, cadence, talk_on, review) or next_review_day(
        cadence, talk_on, held_on, review
    )
    regular = (
        review == "held"
        and held_on is not None
        and first_review == next_meeting(cadence, held_on, talk_on)
    )
    gap = facts.days_since("last_conversation")
    momentum = applied.get("activity") == "rising" and gap is not None and gap < 21
    threshold = SIGNIFICANT_WITH_MOMENTUM if momentum else SIGNIFICANT
    significant = [finding for finding in found if finding.strength >= threshold]
    minor = [finding for finding in found if finding.strength < threshold]
    base = Verdict(
        verdict="healthy",
        dominant_cause=None,
        causes=(),
        early_warning=tuple(warnings),
        cadence=cadence,
        next_review=first_review,
        diagnosed_on=facts.diagnosed_on,
        fit_concerns=fit_concerns,
        fit_failures=fit_failures,
        unknown=unknown,
        activity_falling=falling,
        facts=dict(applied),
        follow_up=follow_up,
        value=value,
        changed=changed,
        contradictions=tuple(dict.fromkeys(contradictions)),
        conversation_on=talk_on,
        review=review,
        regular_review=regular,
    )
    if fit_failures:
        return replace(base, verdict="failed", causes=tuple(found))
    if too_little_known(unknown, facts):
        return replace(base, verdict="unclear", causes=tuple(found))
    if significant or (falling and minor):
        return replace(base, verdict="stalled", dominant_cause=found[0].cause, causes=tuple(found))
    if falling:
        return replace(base, verdict="unclear")
    watch = tuple(sentence for finding in minor for sentence in finding.evidence)
    held = facts.date("review_last_held")
    if review == "held" and held is not None and applied.get("still_want") != "no":
        # Nothing to reset: no conversation is proposed, and the next review is simply the
        # next meeting of the one that is held, however far out its rhythm puts it.
        regular = next_meeting(cadence, held, facts.diagnosed_on)
        if regular is not None:
            base = replace(base, next_review=regular, regular_review=True)
    return replace(base, watch=watch)
