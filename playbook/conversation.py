"""The reset conversation: what the user records after the call, and the meeting in progress.

PLAYBOOK.md's conversation contract: ``held_on`` (date), ``priority`` (``yes`` ``no``
``evasive``), the agreed ``fix``, ``owner``, ``side``, ``due``, and notes. That sets the
outcome: ``yes`` gives revive, ``no`` or ``evasive`` give exit, unless the user chooses
otherwise (``decision``). The recap email, the calendar file and the written agreement are
drafted from it (:mod:`playbook.recap`, :mod:`playbook.agreement`, :mod:`playbook.calendar`).

A :class:`Meeting` is the conversation while it is being held: what was typed into each field
(valid or not yet), which points were ticked as said. It is saved as it is typed, so a quit or a
kill mid-call loses nothing; :func:`make_conversation` turns it into a :class:`Conversation`
when the user finishes.

Pure Python: no screens, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from playbook.cadence import nth_weekday, review_after
from playbook.dates import DateError, long_date, parse_date, to_date
from playbook.diagnosis import Diagnosis
from playbook.outcome import (
    DECISIONS,
    MAX_DUE,
    MAX_FIX,
    MAX_OWNER,
    Outcome,
    due_problem,
    length_problems,
    make_outcome,
)
from playbook.points import SIDE_WORDS, NextStep, who_acts
from playbook.questions import MAX_NOTES
from playbook.verdict import next_meeting

PRIORITIES = ("yes", "no", "evasive")
"""The answer to the honest question: is this still a priority for your team?"""
PRIORITY_WORDS = {"yes": "yes", "no": "no", "evasive": "no clear answer"}
SIDES = tuple(SIDE_WORDS)
"""Who must act on the agreed fix: ``ours``, ``theirs`` or ``both``."""
FIELDS = ("held_on", "priority", "fix", "owner", "side", "due", "notes", "decision")
"""What a meeting records, in the order the meeting screen shows it."""
LIMITS = {
    "held_on": MAX_DUE,
    "priority": 20,
    "fix": MAX_FIX,
    "owner": MAX_OWNER,
    "side": 20,
    "due": MAX_DUE,
    "notes": MAX_NOTES,
    "decision": 20,
}
"""The longest each field may be, in characters: the same limits as the outcome's fields and
the questionnaire's notes."""
MAX_DRAFT = 20_000
"""The longest an edited recap or agreement is kept, in characters."""


def default_decision(priority: str, path: str = "") -> str:
    """What the answer to the priority question decides when the user picks nothing else: a yes
    revives; a no, or an evasive answer, is an answer too, and leads to a clean exit. When the
    talking points planned an exit (``path``: a failed fit, or a partnership we no longer
    want), a yes does not revive it: the exit stands."""
    return "revive" if priority == "yes" and path != "exit" else "exit"


@dataclass(frozen=True)
class Conversation:
    """A reset conversation that was held, and what was agreed in it."""

    held_on: date
    priority: str
    decision: str
    fix: str = ""
    owner: str = ""
    side: str = ""
    due: date | None = None
    notes: str = ""
    said: tuple[int, ...] = ()
    """The talking points ticked as said (their positions in ``points``)."""
    recorded_on: date | None = None
    recap: str | None = None
    """The user's own version of the recap email (``None``: the draft)."""
    agreement: str | None = None
    """The user's own version of the written agreement (``None``: the draft)."""
    later: Outcome | None = None
    """The outcome recorded since the call (``unstall outcome``, the app's ``o``), when it
    differs from the call's: its decision is ``decision``; ``fix``, ``owner``, ``side`` and
    ``due`` stay what was agreed in the call (see :func:`outcome_after`)."""
    decision_in_call: str = ""
    """The decision taken in the call, when ``later`` changed it (empty: ``decision`` is)."""

    @property
    def outcome(self) -> Outcome:
        """The outcome this conversation sets: the one recorded since, else the call's."""
        if self.later is not None:
            return self.later
        return Outcome(self.decision, self.fix, self.owner, self.due, self.recorded_on)

    @property
    def outcome_in_call(self) -> Outcome:
        """The outcome the call itself set."""
        return Outcome(self.called, self.fix, self.owner, self.due, self.recorded_on)

    @property
    def called(self) -> str:
        """The decision taken in the call."""
        return self.decision_in_call or self.decision

    @property
    def promised(self) -> Conversation:
        """The conversation as the drafts (recap, agreement, calendar) state it: what the
        decision now in force promises. With no outcome recorded since, itself; else the fix,
        owner and due date of that outcome (on an exit from a revive, nothing of the plan for
        carrying on is promised), with the side agreed in the call only for the same fix. The
        record of the call is unchanged (:attr:`fix` and the rest)."""
        later = self.later
        if later is None:
            return self
        side = self.side if later.fix and later.fix == self.fix else ""
        return replace(self, fix=later.fix, owner=later.owner, side=side, due=later.due)

    @property
    def who(self) -> str:
        """Who acts, in words: "their side, owned by Priya" (see :func:`who_acts`)."""
        return who_acts(self.side, self.owner)

    @property
    def agreed_sentence(self) -> str:
        """The agreement in one line, e.g. "Priya names an owner (their side), by Fri 11 Dec
        2026"; empty when no fix was agreed."""
        if not self.fix:
            return ""
        who = f" ({self.who})" if self.who else ""
        due = f", by {long_date(self.due)}" if self.due else ""
        return f"{self.fix}{who}{due}"

    @property
    def agreed_label(self) -> str:
        """What :attr:`agreed_sentence` is, as a label: "Agreed", or "Agreed in the call" once
        an outcome recorded since changed it (the drafts then state that outcome)."""
        return "Agreed in the call" if self.later is not None else "Agreed"

    @property
    def decision_note(self) -> str:
        """The decision, with the call's when an outcome since changed it: "exit (revive in
        the call)"."""
        if self.called != self.decision:
            return f"{self.decision} ({self.called} in the call)"
        return self.decision

    def to_dict(self) -> dict[str, Any]:
        return {
            "held_on": self.held_on.isoformat(),
            "priority": self.priority,
            "decision": self.decision,
            "fix": self.fix,
            "owner": self.owner,
            "side": self.side or None,
            "due": self.due.isoformat() if self.due else None,
            "notes": self.notes,
            "said": list(self.said),
            "recorded_on": self.recorded_on.isoformat() if self.recorded_on else None,
            "recap": self.recap,
            "agreement": self.agreement,
        } | (
            {"later": self.later.to_dict(), "decision_in_call": self.called}
            if self.later is not None
            else {}
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Conversation | None:
        """The conversation stored as ``data``, or ``None`` when there is none or it is not
        one (a damaged value is never guessed at)."""
        if not isinstance(data, Mapping):
            return None
        try:
            return cls._read(data)
        except (ValueError, TypeError):
            return None

    @classmethod
    def _read(cls, data: Mapping[str, Any]) -> Conversation | None:
        held_on = to_date(data.get("held_on"))
        priority, decision = data.get("priority"), data.get("decision")
        if held_on is None or priority not in PRIORITIES or decision not in DECISIONS:
            return None
        said = data.get("said") or ()
        return cls(
            held_on=held_on,
            priority=str(priority),
            decision=str(decision),
            fix=_text(data.get("fix")),
            owner=_text(data.get("owner")),
            side=str(data["side"]) if data.get("side") in SIDES else "",
            due=to_date(data.get("due")),
            notes=_text(data.get("notes")),
            said=tuple(n for n in said if isinstance(n, int)) if isinstance(said, list) else (),
            recorded_on=to_date(data.get("recorded_on")),
            recap=data["recap"] if isinstance(data.get("recap"), str) else None,
            agreement=data["agreement"] if isinstance(data.get("agreement"), str) else None,
            **_later(data, str(decision)),
        )


def _later(data: Mapping[str, Any], decision: str) -> dict[str, Any]:
    """The stored outcome recorded since the call, with the call's decision; none when either
    is missing or does not fit (its decision must be the conversation's)."""
    later = data.get("later")
    called = data.get("decision_in_call")
    outcome = Outcome.from_dict(later) if isinstance(later, Mapping) else None
    if outcome is None or outcome.decision != decision or called not in DECISIONS:
        return {}
    return {"later": outcome, "decision_in_call": str(called)}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Meeting:
    """A conversation being held: the text typed into each field, valid or not yet, and the
    points ticked as said. ``revision`` counts the saves (as a draft's does)."""

    typed: Mapping[str, str] = field(default_factory=dict)
    said: tuple[int, ...] = ()
    started_at: str = ""
    revision: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "typed": {key: self.typed[key] for key in FIELDS if self.typed.get(key)},
            "said": sorted(set(self.said)),
            "started_at": self.started_at,
            "revision": self.revision,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Meeting | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("typed"), Mapping):
            return None
        typed = {k: v for k, v in data["typed"].items() if k in FIELDS and isinstance(v, str)}
        said = data.get("said")
        return cls(
            typed=typed,
            said=tuple(n for n in said if isinstance(n, int)) if isinstance(said, list) else (),
            started_at=_text(data.get("started_at")),
            revision=data["revision"] if isinstance(data.get("revision"), int) else 0,
        )


def start_meeting(diagnosis: Diagnosis, *, today: date, started_at: str = "") -> Meeting:
    """A new meeting for ``diagnosis``, pre-filled from the talking points' next step: the fix,
    its owner, the side that acts and the due date; held today."""
    typed: dict[str, str] = {"held_on": today.isoformat()}
    step = diagnosis.talking_points.next_step
    if step is not None:
        typed.update(fix=step.fix, owner=step.owner, side=step.side, due=step.due.isoformat())
    return Meeting(typed=typed, started_at=started_at)


def as_agreed(typed: Mapping[str, str], diagnosis: Diagnosis, decision: str) -> dict[str, str]:
    """``typed`` as the ``decision`` makes it, where the talking points' next step is still just
    as they proposed it (pre-filled, untouched); what the user typed there is kept.

    - On the way out of a plan to carry on (exit, the points not an exit), that step was never
      agreed: its fix, owner, side and due date are left out, so the drafts do not promise it.
    - On the decide path, a revive is the yes to "could you name one person to own it": the
      step is theirs naming one owner (:attr:`TalkingPoints.if_yes`), not the decision itself.
    """
    points = diagnosis.talking_points
    step = points.next_step
    if step is None or typed.get("fix", "").strip() != step.fix.strip():
        return dict(typed)  # a fix of the user's own: all of it is theirs
    untouched = {
        name for name, text in _step_fields(step).items() if typed.get(name, "").strip() == text
    }
    if decision == "exit" and points.path != "exit":
        return {name: text for name, text in typed.items() if name not in untouched}
    if decision == "revive" and points.if_yes is not None:
        named = _step_fields(points.if_yes)
        return {**typed, **{name: named[name] for name in untouched}}
    return dict(typed)


def _step_fields(step: NextStep) -> dict[str, str]:
    return {"fix": step.fix, "owner": step.owner, "side": step.side, "due": step.due.isoformat()}


def make_conversation(
    typed: Mapping[str, str],
    *,
    diagnosed_on: date,
    today: date,
    said: Iterable[int] = (),
) -> tuple[Conversation | None, list[str]]:
    """The conversation the user recorded, or every problem with it, each starting with the
    field's name and saying what to do ("due: ..."). Nothing typed is changed.

    - ``held_on``: a date (words as on the questionnaire), not after ``today`` and not before
      the diagnosis; empty means today.
    - ``priority``: ``yes``, ``no`` or ``evasive``; required.
    - ``decision``: ``revive``, ``exit`` or ``pending``; empty follows the priority answer.
    - ``fix``, ``owner``: text; a revive needs a fix. ``side``: ``ours``, ``theirs`` or
      ``both`` (empty: ``both`` when there is a fix).
    - ``due``: a date on or after the conversation.
    """
    problems = length_problems(typed, LIMITS)
    too_long = {problem.split(":", 1)[0] for problem in problems}

    def value(name: str) -> str:
        return "" if name in too_long else typed.get(name, "").strip()

    held_on = today
    held_known = True
    if value("held_on"):
        try:
            held_on = parse_date(value("held_on"), today, past=True)
            if held_on < diagnosed_on:
                # "Dec 4" typed on 1 Dec: last year's is before the diagnosis, so the user
                # meant this year's, which has not come yet: say that, not "before".
                ahead = parse_date(value("held_on"), today)
                held_on = ahead if ahead > today else held_on
        except DateError as error:
            problems.append(f"held_on: {error}")
            held_known = False
        else:
            held_known = diagnosed_on <= held_on <= today
            if held_on > today:
                problems.append(
                    f"held_on: {long_date(held_on)} is after today ({long_date(today)}); "
                    "record the conversation once it has been held"
                )
            elif held_on < diagnosed_on:
                problems.append(
                    f"held_on: {long_date(held_on)} is before the diagnosis "
                    f"({long_date(diagnosed_on)}); give the day the conversation took place"
                )
    priority = value("priority").lower()
    if priority not in PRIORITIES:
        problems.append(
            "priority: say what they answered to 'is this still a priority?': yes, no or evasive"
            if not priority
            else f"priority: '{priority}' is not one of yes, no, evasive"
        )
    decision = value("decision").lower() or default_decision(priority)
    if decision not in DECISIONS:
        problems.append(f"decision: '{decision}' is not one of {', '.join(DECISIONS)}")
    fix, owner = value("fix"), value("owner")
    side = value("side").lower()
    if side and side not in SIDES:
        problems.append(f"side: '{side}' is not one of ours, theirs, both")
    if not side and fix:
        side = "both"
    due = None
    if value("due"):
        try:
            due = parse_date(value("due"), held_on, ahead=True)
        except DateError as error:
            problems.append(f"due: {error}")
        else:
            if problem := due_problem(due):
                problems.append(problem)
            elif due < held_on and held_known:  # else the day held is what is wrong
                problems.append(
                    f"due: {long_date(due)} is before the conversation ({long_date(held_on)}); "
                    "give the day the fix is due"
                )
    if decision == "revive" and not fix and "fix" not in too_long:
        problems.append("fix: say which one fix was agreed (e.g. 'Priya names an owner')")
    if problems:
        return None, problems
    return (
        Conversation(
            held_on=held_on,
            priority=priority,
            decision=decision,
            fix=fix,
            owner=owner,
            side=side,
            due=due,
            notes=value("notes"),
            said=tuple(sorted(set(said))),
            recorded_on=today,
        ),
        [],
    )


def outcome_for(
    held: Conversation | None,
    decision: str,
    *,
    fix: str = "",
    owner: str = "",
    due: str = "",
    today: date,
) -> tuple[Outcome | None, Conversation | None, list[str]]:
    """An outcome recorded by hand (``unstall outcome``, the app's ``o``): the outcome, the
    conversation ``held`` updated by it (:func:`outcome_after`; ``None`` when none was held),
    or every problem with it."""
    if held is None:
        outcome, problems = make_outcome(decision, fix=fix, owner=owner, due=due, today=today)
        return outcome, None, problems
    updated, problems = outcome_after(held, decision, fix=fix, owner=owner, due=due, today=today)
    return (updated.outcome if updated is not None else None), updated, problems


def outcome_after(
    held: Conversation,
    decision: str,
    *,
    fix: str = "",
    owner: str = "",
    due: str = "",
    today: date,
) -> tuple[Conversation | None, list[str]]:
    """The conversation ``held``, updated by an outcome recorded after it (``unstall outcome``,
    the app's ``o``), or every problem with that outcome (as :func:`make_outcome` names them).

    An outcome recorded after a conversation updates it: the decision and the outcome change
    (:attr:`Conversation.later`, :attr:`Conversation.outcome`); what was said and agreed in
    the call (the fix, owner, side and due date, the notes, the points said, the drafts the user
    edited) is kept as it was. What the outcome says of the fix:

    - to revive or to wait (``pending``), a field left empty is the one agreed in the call, so
      a revive after an exit needs no fix typed again when one was agreed;
    - to exit from a call that did not decide it, the plan for carrying on is not owed: a fix
      equal to the one agreed in the call is left out (and with no fix, an owner or date equal
      to the call's too); a fix given is what is still owed;
    - to exit from a call that decided it, a field left empty is the call's (what is still owed).

    An outcome that says just what the call did gives the conversation back as recorded.
    """
    chosen = decision.strip().lower()
    called = held.called
    agreed = {"fix": held.fix, "owner": held.owner, "due": held.due.isoformat() if held.due else ""}
    typed = {"fix": fix, "owner": owner, "due": due}
    if chosen in ("revive", "pending") or (chosen == "exit" and called == "exit"):
        typed = {name: text if text.strip() else agreed[name] for name, text in typed.items()}
    outcome, problems = make_outcome(chosen, today=today, **typed)
    if outcome is not None and outcome.due is not None and outcome.due < held.held_on:
        # As make_conversation says it: a fix is not due before the call that agreed it.
        before = f"({long_date(held.held_on)}); give the day the fix is due"
        return None, [f"due: {long_date(outcome.due)} is before the conversation {before}"]
    if outcome is None:
        return None, problems
    if outcome.decision == "exit" and called != "exit" and outcome.fix == held.fix:
        outcome = replace(
            outcome,
            fix="",
            owner="" if outcome.owner == held.owner else outcome.owner,
            due=None if outcome.due == held.due else outcome.due,
        )
    if replace(outcome, recorded_on=None) == replace(held.outcome_in_call, recorded_on=None):
        return replace(held, decision=called, later=None, decision_in_call=""), []
    return replace(held, decision=outcome.decision, later=outcome, decision_in_call=called), []


def review_raised(diagnosis: Diagnosis) -> bool:
    """Whether the talking points put the review to the partner (a rhythm stall's fix, or a
    point naming its day): else the drafts propose it, never announce it as agreed."""
    day = long_date(diagnosis.verdict.next_review)
    said = any(day in point for point in diagnosis.talking_points.points)
    return said or diagnosis.verdict.dominant_cause == "rhythm"


def agrees_the_review(diagnosis: Diagnosis, conversation: Conversation) -> bool:
    """Whether the fix agreed is the review the points proposed (a rhythm stall's, a healthy
    partnership's): its due day is then the first review's, not a day of its own."""
    verdict, points = diagnosis.verdict, diagnosis.talking_points
    step = points.next_step
    return (
        step is not None
        and conversation.fix == step.fix
        and step.due == verdict.next_review
        and (points.path == "keep" or verdict.dominant_cause == "rhythm")
    )


def first_review(diagnosis: Diagnosis, conversation: Conversation) -> date:
    """The first review after the conversation: the day agreed for it when the step agreed is
    that review (a rhythm stall's, a healthy partnership's); else the one the verdict proposed
    when it still comes after the day the conversation was held; else, for a review already on
    the calendar, its next meeting after that day (it keeps its day); else the first of the same
    rhythm after that day (at most four weeks later, on a working day)."""
    verdict, proposed = diagnosis.verdict, diagnosis.verdict.next_review
    is_review = agrees_the_review(diagnosis, conversation)
    if is_review and conversation.due is not None and conversation.due > conversation.held_on:
        return conversation.due  # the step agreed is this review: the day given is its day
    if proposed > conversation.held_on:
        return proposed
    if verdict.review == "held" and verdict.regular_review:
        # A review on the calendar keeps its day: its next meeting after the call, counted
        # from the day it last met (not from a meeting moved off a holiday).
        upcoming = next_meeting(verdict.cadence, verdict.review_anchor, conversation.held_on)
        if upcoming is not None:
            return upcoming
    return review_after(verdict.cadence, conversation.held_on)


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def day_words(value: date, held_on: date) -> str:
    """A date as the drafts say it: ``Fri 11 Dec``, with the year only when it is not the
    year the conversation was held (``Mon 4 Jan 2027``)."""
    words = f"{value:%a} {value.day} {value:%b}"
    return words if value.year == held_on.year else f"{words} {value.year}"


def rhythm_words(cadence: str, first: date) -> str:
    """How the review recurs from ``first``, in words, as :func:`playbook.cadence.review_rule`
    repeats it: "every Wednesday", "every other Wednesday", "on the fourth Wednesday of each
    month", "every three months, on the last Thursday of the month"."""
    weekday = f"{first:%A}"
    if cadence == "weekly":
        return f"every {weekday}"
    if cadence == "biweekly":
        return f"every other {weekday}"
    place = f"the {_ORDINALS[nth_weekday(first).n or 1]} {weekday}"
    if cadence == "quarterly":
        return f"every three months, on {place} of the month"
    return f"on {place} of each month"
