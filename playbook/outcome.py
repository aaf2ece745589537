"""What came of the reset conversation: revive, exit or still pending; the one fix agreed, its
owner and its due date. Recorded after the conversation, checked at the next diagnosis."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from playbook.answers import EARLIEST, LATEST
from playbook.dates import DateError, parse_date, to_date
from playbook.questions import MAX_TEXT

DECISIONS = ("revive", "exit", "pending")

DUE_SOON_DAYS = 7

MAX_FIX = MAX_TEXT
"""The longest the fix agreed may be, in characters: as long as a one-line answer."""
MAX_OWNER = MAX_TEXT
"""The longest the owner's name may be, in characters."""
MAX_DUE = 100
"""The longest a due date may be as typed ("next Friday", "2026-12-04")."""
LIMITS = {"fix": MAX_FIX, "owner": MAX_OWNER, "due": MAX_DUE}


def length_problems(typed: Mapping[str, str], limits: Mapping[str, int]) -> list[str]:
    """One problem for each field of ``typed`` longer than its limit (spaces around it do not
    count), naming the field: "fix: is 2,001 characters long; keep it to 2,000 or fewer"."""
    return [
        f"{name}: is {len(typed.get(name, '').strip()):,} characters long; keep it to "
        f"{limit:,} or fewer"
        for name, limit in limits.items()
        if len(typed.get(name, "").strip()) > limit
    ]


@dataclass(frozen=True)
class Outcome:
    decision: str
    fix: str = ""
    owner: str = ""
    due: date | None = None
    recorded_on: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "fix": self.fix,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "recorded_on": self.recorded_on.isoformat() if self.recorded_on else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Outcome | None:
        if not data or data.get("decision") not in DECISIONS:
            return None
        return cls(
            decision=str(data["decision"]),
            fix=str(data.get("fix") or ""),
            owner=str(data.get("owner") or ""),
            due=to_date(data.get("due")),
            recorded_on=to_date(data.get("recorded_on")),
        )

    def state(self, today: date) -> str:
        """``overdue``, ``due soon``, ``open`` (a fix with a later date), or ``none``."""
        if self.decision == "exit" or not self.fix or self.due is None:
            return "none"
        days = (self.due - today).days
        if days < 0:
            return "overdue"
        if days <= DUE_SOON_DAYS:
            return "due soon"
        return "open"


def due_problem(due: date) -> str | None:
    """Why ``due`` is no day a fix can be due (outside the days a diagnosis may be dated, so a
    calendar can hold it), as a problem naming the field, or ``None``."""
    if EARLIEST <= due <= LATEST:
        return None
    return (
        f"due: {due.isoformat()} is not a plausible due date: give a day between "
        f"{EARLIEST.isoformat()} and {LATEST.isoformat()}"
    )


def make_outcome(
    decision: str,
    *,
    fix: str = "",
    owner: str = "",
    due: str = "",
    today: date,
) -> tuple[Outcome | None, list[str]]:
    """An outcome from what the user typed, or the problems with it (each names the field)."""
    problems = length_problems({"fix": fix, "owner": owner, "due": due}, LIMITS)
    if any(problem.startswith("due:") for problem in problems):
        due = ""  # too long to read as a date: said once
    decision = decision.strip().lower()
    if decision not in DECISIONS:
        problems.append(f"decision: '{decision}' is not one of {', '.join(DECISIONS)}")
    due_date = None
    if due.strip():
        try:
            due_date = parse_date(due, today, ahead=True)
        except DateError as error:
            problems.append(f"due: {error}")
        else:
            if problem := due_problem(due_date):
                problems.append(problem)
    if decision == "revive" and not fix.strip():
        problems.append("fix: say which one fix was agreed (e.g. 'a monthly review')")
    if problems:
        return None, problems
    return Outcome(decision, fix.strip(), owner.strip(), due_date, today), []
