"""The fields kept beside each diagnosis's answers so lists, filters and trends never have to
recompute a verdict: partner, verdict, dominant cause, next review, severity, the proposed fix's
due date.
Computed in one place, used by the repository when saving and by migrations when upgrading."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playbook.compare import severity
from playbook.diagnosis import Diagnosis


def partner_key(name: str) -> str:
    """How partner names are compared: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def summary_fields(diagnosis: Diagnosis) -> dict[str, Any]:
    verdict = diagnosis.verdict
    return {
        "partner": diagnosis.partner,
        "partner_key": partner_key(diagnosis.partner),
        "diagnosed_on": diagnosis.diagnosed_on.isoformat(),
        "verdict": verdict.verdict,
        "dominant_cause": verdict.dominant_cause,
        "next_review": verdict.next_review.isoformat(),
        "path": diagnosis.talking_points.path,
        "fix_due": step.due.isoformat() if (step := diagnosis.talking_points.next_step) else None,
        "severity": severity(diagnosis),
    }


INFO_IDS = ("notes", "value_ours", "value_theirs")
"""The answers text search looks through, besides the talking points."""


def search_info(answers: Mapping[str, str]) -> str:
    """The free-text answers that search looks through, as one string."""
    return " ".join(answers.get(key, "") for key in INFO_IDS)


def search_parts(diagnosis: Diagnosis) -> tuple[str, str]:
    """What text search looks through: the free-text answers, and the drafted talking points
    (a user's edited points are searched where they are kept, beside the summary)."""
    return search_info(diagnosis.answers), diagnosis.talking_points.as_text()
