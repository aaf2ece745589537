"""The talking points for one honest, low-blame reset conversation.

Three paths:
- ``revive``: the fit is real and the cause is operational. Open with what we observed, ask the
  honest priority question, propose the one fix for the dominant cause with a real date, say what
  happens if the answer is no, and end with the fix, its owner and its date.
- ``exit``: the fit was never there, or we no longer want the partnership. Thank them, name the
  mismatch without blame, honour what is still owed, leave the door open, and end the same way.
- ``prepare``: too little is known. List what to find out first, and end with who re-runs the
  diagnosis by when.
Every draft uses "we" and facts; none trips the blame check (:mod:`playbook.blame`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from playbook.cadence import ADJECTIVE
from playbook.causes import CAUSES
from playbook.dates import long_date, to_date
from playbook.verdict import FIT_IDS, FIT_MISMATCH, Verdict
from playbook.verdict import join_words as _join

PRIORITY_QUESTION = (
    '"Honestly, is this partnership still a priority for your team right now? '
    'A plain yes or no helps us both more than another quiet quarter."'
)


@dataclass(frozen=True)
class NextStep:
    """The one fix, its one owner and its one date that every draft ends on."""

    what: str
    owner: str
    due: date

    @property
    def sentence(self) -> str:
        return f"Agreed next step: {self.what}. Owner: {self.owner}. By: {long_date(self.due)}."

    def to_dict(self) -> dict[str, str]:
        return {"fix": self.what, "owner": self.owner, "due": self.due.isoformat()}


@dataclass(frozen=True)
class TalkingPoints:
    path: str
    points: tuple[str, ...]
    next_step: NextStep | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"path": self.path, "points": list(self.points)}
        if self.next_step is not None:
            result["next_step"] = self.next_step.to_dict()
        return result

    def as_text(self) -> str:
        """The points as a Markdown bullet list, ready to paste into an email or notes."""
        return "\n".join(f"- {point}" for point in self.points) + "\n"


def path_for(verdict: Verdict, answers: Mapping[str, str]) -> str:
    """Which conversation to prepare for."""
    if verdict.verdict == "failed" or answers.get("still_want") == "no":
        return "exit"
    if verdict.verdict == "unclear":
        return "prepare"
    return "revive"


def draft(verdict: Verdict, answers: Mapping[str, str]) -> TalkingPoints:
    """The talking points for this verdict, built from the user's own facts."""
    path = path_for(verdict, answers)
    if path == "exit":
        points = _exit(verdict, answers)
    elif path == "prepare":
        points = _prepare(verdict, answers)
    elif verdict.verdict == "healthy":
        points = _keep_going(verdict, answers)
    else:
        points = _revive(verdict, answers)
    step = points.pop()
    assert isinstance(step, NextStep)
    return TalkingPoints(path, (*points, step.sentence), step)  # type: ignore[arg-type]


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


def _next_step(what: str, owner: str, when: date) -> NextStep:
    """The closing line every draft ends on: one fix, one owner, one date."""
    return NextStep(what, owner, when)


def _revive(verdict: Verdict, answers: Mapping[str, str]) -> list[str | NextStep]:
    dominant = verdict.dominant
    assert dominant is not None
    partner = answers.get("partner") or "the partner"
    first = verdict.next_review
    review = long_date(first)
    rhythm = ADJECTIVE[verdict.cadence]
    observed = " ".join(dominant.evidence + verdict.early_warning[:1])
    points: list[str | NextStep] = [
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
            f"{_join(others)}."
        )
    points.append(
        "If the answer is no, or stays vague: accept it as an answer, agree how to close what "
        "is still open, and part on good terms instead of letting it fade."
    )
    points.append(_next_step(step, owner, due))
    return points


def _keep_going(verdict: Verdict, answers: Mapping[str, str]) -> list[str | NextStep]:
    review = long_date(verdict.next_review)
    rhythm = ADJECTIVE[verdict.cadence]
    points: list[str | NextStep] = [
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


def _exit(verdict: Verdict, answers: Mapping[str, str]) -> list[str | NextStep]:
    partner = answers.get("partner") or "the partner"
    wrap_up = _weekday_after(verdict.diagnosed_on, 14)
    mismatches = [FIT_MISMATCH[qid] for qid in FIT_IDS if answers.get(qid) == "no"]
    points: list[str | NextStep] = [
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


def _prepare(verdict: Verdict, answers: Mapping[str, str]) -> list[str | NextStep]:
    partner = answers.get("partner") or "the partner"
    unknown = set(verdict.unknown)
    points: list[str | NextStep] = [
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
