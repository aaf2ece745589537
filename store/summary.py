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


# -- the partners index: what home shows, kept so that home never reads every diagnosis ------

PARTNERS = "partners"
"""The table of the index: one document per partner (see ``partner_entries``)."""

INDEX_FIELDS = (
    "partner",
    "diagnosed_on",
    "verdict",
    "dominant_cause",
    "next_review",
    "path",
    "created_at",
    "outcome",
    "fix_due",
    "severity",
)


def partner_entries(
    documents: Mapping[str, Mapping[str, Any]], keys: set[str] | None = None
) -> dict[str, dict[str, Any]]:
    """For each partner (of ``keys``, or every one), its index document: ``key``, ``count``,
    and the summary fields of its ``latest`` diagnosis and the one ``previous`` to it (for the
    trend), each as ``[id, fields]``. Newest means latest diagnosis date, then highest id."""
    latest: dict[str, tuple[str, int]] = {}
    previous: dict[str, tuple[str, int]] = {}
    counts: dict[str, int] = {}
    for doc_id, document in documents.items():
        key = document["partner_key"]
        if keys is not None and key not in keys:
            continue
        rank = (document["diagnosed_on"], int(doc_id))
        counts[key] = counts.get(key, 0) + 1
        best = latest.get(key)
        if best is None or rank > best:
            if best is not None:
                previous[key] = best
            latest[key] = rank
        elif (second := previous.get(key)) is None or rank > second:
            previous[key] = rank

    def entry(rank: tuple[str, int] | None) -> list[Any] | None:
        if rank is None:
            return None
        document = documents[str(rank[1])]
        return [rank[1], {field: document.get(field) for field in INDEX_FIELDS}]

    return {
        key: {
            "key": key,
            "count": counts[key],
            "latest": entry(rank),
            "previous": entry(previous.get(key)),
        }
        for key, rank in latest.items()
    }
