"""The verdict engine: from a set of clean answers to a verdict, its causes and evidence.

The rules, from the method:
- ``failed`` only on fit evidence: two or more of the three fit answers are ``no``.
- ``unclear`` when most of the diagnostic answers are missing or ``unsure``.
- ``stalled`` when at least one cause has real evidence; the dominant cause is the strongest,
  and a missing owner outranks the others when strengths are equal.
- ``healthy`` when no cause has real evidence and activity is not falling. Minor points are
  kept as things to watch.
Evidence sentences quote the user's own facts: dates and how long ago, which side has no owner,
what was never written down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from playbook import cadence as cadences
from playbook import clock
from playbook.causes import CAUSES, PRECEDENCE
from playbook.dates import describe, long_date, to_date

FIT_IDS = ("fit_audience", "fit_incentives", "fit_delivery")

DIAGNOSTIC_IDS = (
    "fit_audience",
    "fit_incentives",
    "fit_delivery",
    "owner_ours",
    "owner_theirs",
    "owner_in_role",
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
"""The answers the diagnosis rests on; when most are unknown the verdict is ``unclear``."""

SIGNIFICANT = 2
"""A cause with at least this strength is a cause; below it, a point to watch."""

SIGNIFICANT_WITH_MOMENTUM = 3
"""While activity is rising and the partners spoke in the last three weeks, nothing has lost
momentum yet: a single gap (say, no review booked yet) is a point to watch, not a stall."""

FIT_MISMATCH = {
    "fit_audience": "our audiences overlap less than we both expected",
    "fit_incentives": "the partnership does not pay off for both sides",
    "fit_delivery": "one of us cannot deliver its part as planned",
}

FIT_SENTENCES = {
    ("fit_audience", "no"): "Our audiences or customer bases do not overlap.",
    ("fit_audience", "partly"): "Our audiences overlap only in part.",
    ("fit_incentives", "no"): "The partnership does not pay off for both sides.",
    ("fit_incentives", "partly"): "Only one side clearly gains when the partnership works.",
    ("fit_delivery", "no"): "One side cannot deliver its part.",
    ("fit_delivery", "partly"): "One side can deliver only part of what it agreed.",
}


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
    """What became of the fix agreed at the partner's previous diagnosis, in a sentence."""

    def sentence_groups(self) -> list[tuple[str, tuple[str, ...]]]:
        """The other things worth saying, headed, in reading order (fit first when the fit
        is what failed); empty groups left out."""
        fit = ("Fit", self.fit_concerns)
        groups = [("Early warnings", self.early_warning), ("Worth watching", self.watch)]
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
            "cadence": self.cadence,
            "next_review": self.next_review.isoformat(),
            "watch": list(self.watch),
            "fit_concerns": list(self.fit_concerns),
            "unknown": list(self.unknown),
            "follow_up": self.follow_up,
        }


def is_unknown(answers: Mapping[str, str], question_id: str) -> bool:
    value = answers.get(question_id)
    return value is None or value == "unsure"


class _Facts:
    """Reads the clean answers once, with names and dates ready for sentences."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        self.answers = answers
        self.diagnosed_on = to_date(answers.get("diagnosed_on")) or clock.today()
        self.partner = answers.get("partner") or "the partner"
        self.kind = answers.get("kind")
        self.cadence = cadences.recommended(self.kind)
        self.next_review = cadences.first_review(self.cadence, self.diagnosed_on)

    def get(self, question_id: str) -> str | None:
        return self.answers.get(question_id)

    def date(self, question_id: str) -> date | None:
        value = self.answers.get(question_id)
        return to_date(value) if value else None

    def days_since(self, question_id: str) -> int | None:
        then = self.date(question_id)
        return None if then is None else (self.diagnosed_on - then).days

    def when(self, question_id: str) -> str:
        then = self.date(question_id)
        return "" if then is None else describe(then, self.diagnosed_on)

    @property
    def kind_words(self) -> str:
        return "partnership" if self.kind in (None, "other") else f"{self.kind} partnership"


def _owner(facts: _Facts) -> Finding | None:
    ours, theirs, in_role = (
        facts.get("owner_ours"),
        facts.get("owner_theirs"),
        facts.get("owner_in_role"),
    )
    strength = 0
    evidence: list[str] = []
    if ours == "" and theirs == "":
        strength += 10
        evidence.append(
            f"Nobody is named as owner of the partnership, neither on our side nor at "
            f"{facts.partner}."
        )
    elif theirs == "":
        strength += 5
        evidence.append(f"Nobody at {facts.partner} is named as owner of the partnership.")
    elif ours == "":
        strength += 5
        evidence.append("Nobody on our side is named as owner of the partnership.")
    names = [name for name in (ours, theirs) if name]
    who = " and ".join(names) if names else "the people involved"
    if in_role == "no":
        strength += 3
        evidence.append(f"The partnership is not part of the actual job of {who}.")
    elif in_role == "partly":
        strength += 1
        evidence.append(f"The partnership is only partly written into the actual job of {who}.")
    if not strength:
        return None
    if theirs == "" and ours != "":
        fix = (
            f"Ask {facts.partner} to name one accountable owner, with the partnership in their "
            f"job, to work with {ours or 'our owner'}. If they will not name anyone, take that "
            "as an answer about priority."
        )
    elif ours == "" and theirs != "":
        fix = (
            f"Name one accountable owner on our side to work with {theirs or 'their owner'}, "
            "and put the partnership in that person's goals."
        )
    else:
        fix = CAUSES["owner"].fix
    return Finding("owner", strength, tuple(evidence), fix)


def _rhythm(facts: _Facts) -> Finding | None:
    standing, cadence = facts.get("standing_review"), facts.get("review_cadence")
    recommended = facts.cadence
    strength = 0
    evidence: list[str] = []
    no_review = standing == "no" or cadence == "none"
    if no_review:
        strength += 2
        evidence.append(
            "No recurring review is on the calendar."
            if standing != "yes"
            else "A review was mentioned, but nothing recurs on the calendar."
        )
    elif cadence in cadences.INTERVAL_DAYS and (
        cadences.INTERVAL_DAYS[cadence] > cadences.INTERVAL_DAYS[recommended]
    ):
        strength += 1
        evidence.append(
            f"The review recurs {cadences.ADJECTIVE[cadence]}, less often than the "
            f"{cadences.ADJECTIVE[recommended]} rhythm a {facts.kind_words} usually needs."
        )
    gap = facts.days_since("last_conversation")
    if gap is not None:
        scale = 2 if recommended == "quarterly" else 1
        if gap >= 42 * scale:
            strength += 2
        elif gap >= 21 * scale:
            strength += 1
        if gap >= 21 * scale:
            evidence.insert(
                0,
                f"The last real working conversation was on {facts.when('last_conversation')}.",
            )
            if (
                not no_review
                and cadence in cadences.INTERVAL_DAYS
                and gap > 2 * cadences.INTERVAL_DAYS[cadence] + 7
            ):
                strength += 1
                evidence.append(
                    f"A {cadences.ADJECTIVE[cadence]} review is on the calendar, but it has "
                    "not been taking place."
                )
    if not strength:
        return None
    first = describe(facts.next_review, facts.diagnosed_on).split(",")[0]
    fix = (
        f"Put a {cadences.ADJECTIVE[recommended]} review on both calendars, starting {first}, "
        "with three items: what moved, what is stuck, what each side does next."
    )
    return Finding("rhythm", strength, tuple(evidence), fix)


def _expectations(facts: _Facts) -> Finding | None:
    written, metrics, workload = (
        facts.get("expectations_written"),
        facts.get("success_metrics"),
        facts.get("workload"),
    )
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
    if workload in ("mostly-us", "mostly-them"):
        strength += 2
        side = "our side" if workload == "mostly-us" else f"{facts.partner}'s side"
        evidence.append(f"Most of the work falls on {side}, a split the two teams never agreed.")
    if not strength:
        return None
    items = ["who owns which task", "what each side committed to"]
    if workload in ("mostly-us", "mostly-them"):
        items.insert(0, "how the work is divided")
    if metrics:
        items.append(f"the metric that defines 'working' (today: {metrics})")
    else:
        items.append("the one or two metrics that define 'working'")
    fix = f"Write down on one page, signed off by both sides: {join_words(items)}."
    return Finding("expectations", strength, tuple(evidence), fix)


def join_words(items: list[str]) -> str:
    """``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _enablement(facts: _Facts) -> Finding | None:
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
    fix = f"Give {facts.partner} {join_words(gaps)}, with fast answers in the coming weeks."
    return Finding("enablement", strength, tuple(evidence), fix)


def _early_warning(facts: _Facts) -> tuple[list[str], bool]:
    activity, outcomes = facts.get("activity"), facts.get("outcomes")
    warnings: list[str] = []
    falling = activity in ("slowing", "stopped")
    if activity == "slowing":
        warnings.append("Introductions, content and deals are slowing down.")
    elif activity == "stopped":
        warnings.append("Introductions, content and deals have stopped.")
    quiet = facts.days_since("last_activity")
    scale = 2 if facts.cadence == "quarterly" else 1
    if quiet is not None and quiet >= 28 * scale:
        warnings.append(
            f"The last introduction, piece of content or deal was on {facts.when('last_activity')}."
        )
        if activity in (None, "unsure") and quiet >= 42 * scale:
            falling = True
    if outcomes == "falling":
        warnings.append(
            "Results are falling too." if falling else "Results are falling while activity holds."
        )
    elif outcomes == "flat" and activity in ("steady", "rising"):
        warnings.append(
            "Results are flat while activity holds: that can be a normal ramp, not a stall."
        )
    return warnings, falling


def _follow_up(facts: _Facts, found: list[Finding]) -> tuple[list[Finding], str | None]:
    """Last time's agreed fix: one that did not happen is evidence for the cause it was meant
    to fix (and makes that cause stronger); one that happened is said, not scored."""
    done, fix = facts.get("previous_fix_done"), facts.get("previous_fix")
    if not fix or done is None:
        return found, None
    details = []
    if facts.get("previous_fix_owner"):
        details.append(f"owner {facts.get('previous_fix_owner')}")
    due = facts.date("previous_fix_due")
    if due is not None:
        details.append(f"due {long_date(due)}")
    agreed = fix + (f" ({', '.join(details)})" if details else "")
    if done == "yes":
        return found, f"Last time's agreed fix happened: {agreed}."
    if done == "unsure":
        return found, f"Nobody is sure whether last time's agreed fix happened: {agreed}."
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
                finding,
                strength=finding.strength + weight,
                evidence=(sentence, *finding.evidence),
            )
            matched = True
        updated.append(finding)
    if not matched:
        updated.append(Finding(cause, weight, (sentence,), CAUSES[cause].fix))
    return updated, sentence


def decide(answers: Mapping[str, str]) -> Verdict:
    """The verdict for a set of clean answers (see :mod:`playbook.answers`)."""
    facts = _Facts(answers)
    found = [
        finding
        for finding in (_owner(facts), _rhythm(facts), _expectations(facts), _enablement(facts))
        if finding is not None
    ]
    found, follow_up = _follow_up(facts, found)
    found.sort(key=lambda finding: (-finding.strength, PRECEDENCE.index(finding.cause)))
    warnings, falling = _early_warning(facts)
    unknown = tuple(qid for qid in DIAGNOSTIC_IDS if is_unknown(answers, qid))
    fit_no = [qid for qid in FIT_IDS if answers.get(qid) == "no"]
    fit_concerns = tuple(
        FIT_SENTENCES[(qid, answers[qid])]
        for qid in FIT_IDS
        if answers.get(qid) in ("no", "partly")
    )
    gap = facts.days_since("last_conversation")
    momentum = answers.get("activity") == "rising" and gap is not None and gap < 21
    threshold = SIGNIFICANT_WITH_MOMENTUM if momentum else SIGNIFICANT
    significant = [finding for finding in found if finding.strength >= threshold]
    minor = [finding for finding in found if finding.strength < threshold]

    base = Verdict(
        verdict="healthy",
        dominant_cause=None,
        causes=(),
        early_warning=tuple(warnings),
        cadence=facts.cadence,
        next_review=facts.next_review,
        diagnosed_on=facts.diagnosed_on,
        fit_concerns=fit_concerns,
        unknown=unknown,
        activity_falling=falling,
        facts=dict(answers),
        follow_up=follow_up,
    )
    if len(fit_no) >= 2:
        return replace(base, verdict="failed", causes=tuple(found))
    if len(unknown) * 2 > len(DIAGNOSTIC_IDS):
        return replace(base, verdict="unclear", causes=tuple(found))
    if significant or (falling and minor):
        return replace(base, verdict="stalled", dominant_cause=found[0].cause, causes=tuple(found))
    if falling:
        return replace(base, verdict="unclear")
    watch = tuple(sentence for finding in minor for sentence in finding.evidence)
    return replace(base, watch=watch)
