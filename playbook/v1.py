"""Version 1 of the method, frozen: how diagnoses saved before playbook version 2 were decided.

A stored diagnosis is shown as it was decided. Diagnoses saved before version 2 carry no method
number; they are decided and drafted here, exactly as version 1 did (its rules, wording and
dates), so that opening an old diagnosis never changes what it said. Nothing new is decided
here: every new diagnosis goes through :mod:`playbook.verdict` and
:mod:`playbook.talking_points`. Do not edit the rules below; they are a record.
"""

# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, WEEKLY, rrule
from dateutil.rrule import weekdays as RRULE_WEEKDAYS

from playbook import cadence as cadences
from playbook import clock
from playbook.causes import CAUSES, PRECEDENCE
from playbook.dates import describe, long_date, to_date
from playbook.points import NextStep, TalkingPoints
from playbook.verdict import Finding, Verdict

_STEP = {
    "weekly": relativedelta(weeks=1),
    "biweekly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
}


def _first_review(cadence: str, diagnosed_on: date) -> date:
    """Version 1's first review: one interval after the diagnosis, moved off a weekend, kept
    on its place in the month (weekends only: version 1 knew no public holidays)."""
    target = diagnosed_on + _STEP[cadence]
    while target.weekday() >= 5:
        target += timedelta(days=1)
    start = datetime.combine(target, datetime.min.time())
    day = RRULE_WEEKDAYS[target.weekday()]
    if cadence in ("weekly", "biweekly"):
        rule = rrule(WEEKLY, interval=1 if cadence == "weekly" else 2, byweekday=day, dtstart=start)
    else:
        ordinal = (target.day - 1) // 7 + 1
        rule = rrule(
            MONTHLY,
            interval=1 if cadence == "monthly" else 3,
            byweekday=day(ordinal if ordinal <= 4 else -1),
            dtstart=start,
        )
    return rule[0].date()


@dataclass(frozen=True)
class _Step:
    what: str
    owner: str
    due: date


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
        self.next_review = _first_review(self.cadence, self.diagnosed_on)

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


def decide_v1(answers: Mapping[str, str]) -> Verdict:
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
        method=1,
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


PRIORITY_QUESTION = (
    '"Honestly, is this partnership still a priority for your team right now? '
    'A plain yes or no helps us both more than another quiet quarter."'
)


def path_for_v1(verdict: Verdict, answers: Mapping[str, str]) -> str:
    """Which conversation to prepare for."""
    if verdict.verdict == "failed" or answers.get("still_want") == "no":
        return "exit"
    if verdict.verdict == "unclear":
        return "prepare"
    return "revive"


def draft_v1(verdict: Verdict, answers: Mapping[str, str]) -> TalkingPoints:
    """The talking points for this verdict, built from the user's own facts."""
    path = path_for_v1(verdict, answers)
    if path == "exit":
        points = _exit(verdict, answers)
    elif path == "prepare":
        points = _prepare(verdict, answers)
    elif verdict.verdict == "healthy":
        points = _keep_going(verdict, answers)
    else:
        points = _revive(verdict, answers)
    step = points.pop()
    assert isinstance(step, _Step)
    sentence = f"Agreed next step: {step.what}. Owner: {step.owner}. By: {long_date(step.due)}."
    texts = tuple(point for point in points if isinstance(point, str))
    return TalkingPoints(
        path, (*texts, sentence), NextStep(step.what, step.owner, "ours", step.due)
    )


def _weekday_after(start: date, days: int) -> date:
    moment = start + timedelta(days=days)
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    return moment


def _owner_words(answers: Mapping[str, str]) -> str:
    return answers.get("owner_ours") or "me, until our side names an owner"


def _since(answers: Mapping[str, str]) -> str:
    started = to_date(answers.get("started"))
    return f" since we started in {started:%B %Y}" if started else ""


def _next_step(what: str, owner: str, when: date) -> _Step:
    """The closing line every draft ends on: one fix, one owner, one date."""
    return _Step(what, owner, when)


def _revive(verdict: Verdict, answers: Mapping[str, str]) -> list[str | _Step]:
    dominant = verdict.dominant
    assert dominant is not None
    partner = answers.get("partner") or "the partner"
    first = verdict.next_review
    review = long_date(first)
    rhythm = cadences.ADJECTIVE[verdict.cadence]
    observed = " ".join(dominant.evidence + verdict.early_warning[:1])
    points: list[str | _Step] = [
        "Open with what we have observed, not with who is to blame. "
        f"{observed} That is a pattern many partnerships fall into after the launch, "
        "and it can be fixed.",
        f"Ask the honest question: {PRIORITY_QUESTION}",
    ]
    owner = _owner_words(answers)
    ours, theirs = answers.get("owner_ours"), answers.get("owner_theirs")
    due = first
    if dominant.cause == "owner":
        if theirs == "" and ours:
            proposal = (
                f"each side has one named owner with the partnership in their job. On our side "
                f"that is {ours}. Could {partner} name theirs before {review}, when our first "
                f"{rhythm} review would take place? If nobody can be named, that tells us "
                "where the partnership stands in their priorities."
            )
            step = f"{partner} names one owner for the partnership"
        elif ours == "" and theirs:
            proposal = (
                f"we name one owner on our side, with the partnership in their goals, and "
                f"introduce them to {theirs} before {review}."
            )
            step = "our side names its owner and introduces them"
        elif ours == "" and theirs == "":
            proposal = (
                "each side names one person who owns the partnership as part of their job, "
                f"not a committee, with both names confirmed before {review}."
            )
            step = "both sides name one owner each"
        else:
            who = " and ".join(name for name in (ours, theirs) if name) or "both owners"
            proposal = (
                f"the partnership goes into the goals of {who}, with time set aside for it, "
                f"confirmed before {review}."
            )
            step = "the partnership is written into both owners' goals"
    elif dominant.cause == "rhythm":
        proposal = (
            f"a short {rhythm} review on both calendars, the first on {review}, with the same "
            "three items each time: what moved, what is stuck, what each side does next."
        )
        step = f"the {rhythm} review is on both calendars, first meeting on {review}"
        due = _weekday_after(verdict.diagnosed_on, 7)
    elif dominant.cause == "expectations":
        proposal = (
            f"{dominant.fix[0].lower()}{dominant.fix[1:-1]}, agreed before {review}, "
            f"our first {rhythm} review."
        )
        step = "a one-page agreement, signed off by both sides"
    else:
        due = _weekday_after(verdict.diagnosed_on, 14)
        proposal = (
            f"{dominant.fix[0].lower()}{dominant.fix[1:-1]}, in place by {long_date(due)}; at "
            f"the first {rhythm} review on {review} we check together whether it helped."
        )
        step = f"materials and one named contact in place for {partner}"
    points.append(f"Propose one fix: {proposal}")
    others = [CAUSES[f.cause].topic for f in verdict.causes if f is not dominant]
    if others:
        points.append(
            "Keep the smaller gaps for the first review rather than this conversation: "
            f"{join_words(others)}."
        )
    points.append(
        "If the answer is no, or stays vague: accept it as an answer, agree how to close what "
        "is still open, and part on good terms instead of letting it fade."
    )
    points.append(_next_step(step, owner, due))
    return points


def _keep_going(verdict: Verdict, answers: Mapping[str, str]) -> list[str | _Step]:
    review = long_date(verdict.next_review)
    rhythm = cadences.ADJECTIVE[verdict.cadence]
    points: list[str | _Step] = [
        "No reset is needed: owners, rhythm, expectations and enablement all hold, and activity "
        "is not falling. Use the next review to keep it that way.",
        f"Say what is working{_since(answers)}, with one specific example, and thank them for it.",
        f"Check the priority is still shared: {PRIORITY_QUESTION}",
    ]
    for sentence in verdict.watch:
        points.append(f"Worth a minute at the review: {sentence}")
    for sentence in verdict.early_warning:
        points.append(f"Keep an eye on: {sentence}")
    points.append(
        "If the answer is no, or stays vague: agree together how to wind down what is open, "
        "rather than let a working partnership fade unnoticed."
    )
    points.append(
        _next_step(
            f"the next {rhythm} review on {review}", _owner_words(answers), verdict.next_review
        )
    )
    return points


def _exit(verdict: Verdict, answers: Mapping[str, str]) -> list[str | _Step]:
    partner = answers.get("partner") or "the partner"
    wrap_up = _weekday_after(verdict.diagnosed_on, 14)
    mismatches = [FIT_MISMATCH[qid] for qid in FIT_IDS if answers.get(qid) == "no"]
    points: list[str | _Step] = [
        f"Thank them: for the time and work both teams have put into this{_since(answers)}, "
        f"and for what we learned working with {partner}.",
    ]
    if mismatches:
        points.append(
            "Name the mismatch plainly and without blame: looking at it honestly, "
            f"{' and '.join(mismatches)}. More effort from either side would not change that, "
            "so it is fairer to both teams to say so now."
        )
    else:
        points.append(
            "Say it plainly and without blame: our priorities have moved, and we cannot give "
            "this partnership the attention it deserves. Saying so now is fairer than a slow fade."
        )
    points.append(
        "Honour what is still owed: list every open commitment on both sides (introductions, "
        "content, payments, customers in flight) and agree how each one is completed or "
        "handed over."
    )
    points.append("Leave the door open: if circumstances change, we would be glad to talk again.")
    points.append(
        _next_step(
            "a short written wrap-up to the partner, listing every open item and who completes it",
            _owner_words(answers),
            wrap_up,
        )
    )
    return points


_FIND_OUT: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("fit_audience", "fit_incentives", "fit_delivery"),
        "whether the fit is real: a shared audience, a gain for both sides, and each side able "
        "to deliver its part",
    ),
    (
        ("owner_ours", "owner_theirs", "owner_in_role"),
        "who owns the partnership on each side, by name, and whether it is part of their job",
    ),
    (
        ("last_conversation", "standing_review"),
        "when the last real working conversation took place (a meeting or call, not an email), "
        "and whether a review recurs on the calendar",
    ),
    (
        ("expectations_written", "success_metrics", "workload"),
        "whether scope, ownership and success were written down at kickoff, which metric defines "
        "'working', and who carries the work today",
    ),
    (
        ("enablement_materials", "enablement_contact"),
        "whether {partner} got clear materials and a contact who answers quickly",
    ),
    (
        ("activity", "outcomes", "last_activity"),
        "whether introductions, content or deals are still flowing, and when the last one was",
    ),
)


def _prepare(verdict: Verdict, answers: Mapping[str, str]) -> list[str | _Step]:
    partner = answers.get("partner") or "the partner"
    unknown = set(verdict.unknown)
    points: list[str | _Step] = [
        f"Not yet: too little is known to go to {partner} with a clear picture. "
        "Twenty minutes of fact-finding first will make the conversation far easier."
    ]
    if verdict.activity_falling and not verdict.causes:
        points.append(
            "Activity is falling, yet none of the four usual causes shows. Find out what changed "
            f"at {partner}: new people, new priorities, a budget cut."
        )
    for ids, what in _FIND_OUT:
        if any(qid in unknown for qid in ids):
            points.append(f"Find out {what.format(partner=partner)}.")
    for finding in verdict.causes:
        points.append(f"Already visible: {' '.join(finding.evidence)}")
    points.append(
        _next_step(
            "these facts gathered and the diagnosis run again, then the reset conversation",
            _owner_words(answers),
            _weekday_after(verdict.diagnosed_on, 7),
        )
    )
    return points
