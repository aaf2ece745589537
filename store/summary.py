"""The fields kept beside each diagnosis's answers so lists, filters and trends never have to
recompute a verdict: partner, verdict, dominant cause, next review, severity, searchable text.
Computed in one place, used by the repository when saving and by migrations when upgrading."""

from __future__ import annotations

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
        "search_text": search_text(diagnosis),
        "severity": severity(diagnosis),
    }


def search_text(diagnosis: Diagnosis) -> str:
    """What text search looks through: notes, the values, and the talking points."""
    parts = [diagnosis.answers.get(key, "") for key in ("notes", "value_ours", "value_theirs")]
    parts.append(diagnosis.points_text)
    return " ".join(parts).casefold()
