"""What the history of diagnoses is made of, as the store keeps and hands it out: the fields
kept beside each diagnosis's answers (so lists, filters and trends never recompute a verdict),
the text search looks through, and the frozen values lists show. Pure Python: the store writes
and reads these documents, the screens show these values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from playbook.answers import same_words
from playbook.compare import severity, trend_between
from playbook.conversation import Conversation
from playbook.diagnosis import Diagnosis
from playbook.outcome import Outcome
from playbook.session import counts, nothing_given
from playbook.verdict import METHOD

KEPT_APART = (
    "Another window changed this draft after this one last saved it: the diagnosis is saved "
    "from the answers here, and the other window's answers stay as a draft on home."
)
"""Said when a finished draft stays because another window changed it (see finish_draft)."""
GONE_ELSEWHERE = (
    "This draft was finished or discarded in another window; your answers here are kept as a "
    "new draft, so nothing is lost."
)
"""Said once when a save finds its draft gone (``Draft.forked_because == "gone"``)."""

INFO_IDS = ("notes", "value_ours", "value_theirs")
"""The answers text search looks through, besides the talking points."""

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
"""What the index keeps of a partner's latest and previous diagnosis (what home shows)."""


def partner_key(name: str) -> str:
    """How partner names are compared: case and spacing do not matter."""
    return same_words(name)


def summary_fields(diagnosis: Diagnosis) -> dict[str, Any]:
    """Partner, verdict, dominant cause, next review, severity, the proposed fix's due date."""
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


def search_fields(diagnosis: Diagnosis) -> dict[str, str]:
    """What text search looks through, kept so a search never recomputes a diagnosis: the
    free-text answers, and the drafted talking points (a user's edit is searched where it is
    kept, see :func:`searchable`)."""
    info = " ".join(diagnosis.answers.get(key, "") for key in INFO_IDS)
    points = diagnosis.talking_points.as_text()
    return {"search_info": info.casefold(), "search_points": points.casefold()}


def stored_fields(diagnosis: Diagnosis) -> dict[str, Any]:
    """What a diagnosis document keeps beside its answers: its summary and search fields."""
    return {**summary_fields(diagnosis), **search_fields(diagnosis)}


def searchable(document: Mapping[str, Any]) -> str:
    """The text of a stored diagnosis that search looks through: the free-text answers and
    the talking points as the user last left them (their edit, or the draft)."""
    edited = document.get("edited_points")
    points = edited.casefold() if edited is not None else document.get("search_points", "")
    return f"{document.get('search_info', '')} {points}"


def method_of(document: Mapping[str, Any]) -> int:
    """The playbook version a stored diagnosis was decided with (version 1 when absent)."""
    method = document.get("method")
    return method if isinstance(method, int) else 1


def read_conversation(value: object) -> Conversation | None:
    """The conversation a document stores, or ``None`` when there is none or it is damaged
    (never guessed at, and never in the way of the rest of the diagnosis)."""
    try:
        return Conversation.from_dict(value if isinstance(value, dict) else None)
    except (ValueError, TypeError):
        return None


def held_fields(conversation: Conversation | None) -> dict[str, Any]:
    """What a new diagnosis stores of the conversation it comes with: it and its outcome."""
    if conversation is None:
        return {"outcome": None, "conversation": None}
    return {"outcome": conversation.outcome.to_dict(), "conversation": conversation.to_dict()}


@dataclass(frozen=True)
class Kept:
    """What a diagnosis saved again (an import, an undo) keeps beside its answers: the playbook
    version that decided it, the user's edit of the points, the outcome recorded and the
    conversation held. The outcome is the conversation's unless one is given."""

    method: int = METHOD
    edited_points: str | None = None
    outcome: Outcome | None = None
    conversation: Conversation | None = None

    def fields(self) -> dict[str, Any]:
        """The document fields these set (``method``, ``edited_points``, ``outcome``,
        ``conversation``)."""
        held = held_fields(self.conversation)
        if self.outcome is not None:
            held["outcome"] = self.outcome.to_dict()
        return {"method": self.method, "edited_points": self.edited_points, **held}


def kept_of(diagnosis: Diagnosis) -> Kept:
    """What a diagnosis as loaded keeps beside its answers (for an undo, or an export)."""
    return Kept(
        method=diagnosis.verdict.method,
        edited_points=diagnosis.edited_points,
        outcome=Outcome.from_dict(diagnosis.extra.get("outcome")),
        conversation=read_conversation(diagnosis.extra.get("conversation")),
    )


@dataclass(frozen=True)
class DiagnosisSummary:
    """What lists show of a diagnosis, without recomputing it."""

    id: int
    partner: str
    diagnosed_on: str
    verdict: str
    dominant_cause: str | None
    next_review: str
    path: str
    created_at: str
    outcome: Outcome | None = None
    fix_due: str | None = None
    """The due date of the fix the talking points propose (until an outcome is recorded)."""
    severity: int = 0
    """How bad it looks: the verdict first, then the total strength of the causes."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "partner": self.partner,
            "diagnosed_on": self.diagnosed_on,
            "verdict": self.verdict,
            "dominant_cause": self.dominant_cause,
            "next_review": self.next_review,
            "path": self.path,
            "created_at": self.created_at,
            "outcome": self.outcome.to_dict() if self.outcome else None,
        }


def summary_of(doc_id: int, document: Mapping[str, Any]) -> DiagnosisSummary:
    return DiagnosisSummary(
        id=doc_id,
        partner=document["partner"],
        diagnosed_on=document["diagnosed_on"],
        verdict=document["verdict"],
        dominant_cause=document.get("dominant_cause"),
        next_review=document["next_review"],
        path=document.get("path", ""),
        created_at=document.get("created_at", ""),
        outcome=Outcome.from_dict(document.get("outcome")),
        fix_due=document.get("fix_due"),
        severity=int(document.get("severity", 0)),
    )


def newest_first(summary: DiagnosisSummary) -> tuple[str, int]:
    return (summary.diagnosed_on, summary.id)


@dataclass(frozen=True)
class PartnerSummary:
    """A partner with its latest diagnosis, the one before, and how many there are."""

    partner: str
    latest: DiagnosisSummary
    count: int
    previous: DiagnosisSummary | None = None

    @property
    def trend(self) -> str:
        """``worse``, ``better`` or ``same`` than the diagnosis before, ``unknown`` when too
        little is known now to say (an unclear latest diagnosis); ``first`` if none."""
        if self.previous is None:
            return "first"
        previous, latest = self.previous, self.latest
        return trend_between(previous.verdict, previous.severity, latest.verdict, latest.severity)


@dataclass(frozen=True)
class Draft:
    """An unfinished diagnosis, saved as each answer is given.

    ``answers`` holds the clean answers given so far; ``typed`` holds what was typed into each
    field, even text that is not valid yet, so nothing the user typed is ever lost.
    ``revision`` counts the saves: a save made from an older revision than the one stored (the
    same draft open in two windows) is kept as a new draft instead of overwriting the other.
    """

    id: int | None = None
    answers: Mapping[str, str] = field(default_factory=dict)
    typed: Mapping[str, str] = field(default_factory=dict)
    position: str = "partner"
    started_at: str = ""
    updated_at: str = ""
    seconds: float = 0.0
    prefilled: tuple[str, ...] = ()
    """Answers copied from the partner's last diagnosis and not yet confirmed."""
    revision: int = 0
    forked_from: int | None = None
    """Set on the draft a save returns when it had to be kept apart from ``forked_from``."""
    forked_because: Literal["changed", "gone"] | None = None
    """Why it was kept apart: ``forked_from`` was saved in another window since (``"changed"``),
    or finished or discarded in another window, so it is no longer there (``"gone"``)."""

    @property
    def partner(self) -> str:
        return self.answers.get("partner") or self.typed.get("partner", "")

    @property
    def empty(self) -> bool:
        """Nothing was answered or typed yet."""
        return not self.answers and not any(self.typed.values())

    def to_document(self) -> dict[str, Any]:
        return {
            "answers": dict(self.answers),
            "typed": dict(self.typed),
            "position": self.position,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "seconds": self.seconds,
            "prefilled": list(self.prefilled),
            "revision": self.revision,
        }

    @classmethod
    def from_document(cls, doc_id: int, document: Mapping[str, Any]) -> Draft:
        return cls(
            id=doc_id,
            answers=dict(document.get("answers", {})),
            typed=dict(document.get("typed", {})),
            position=str(document.get("position", "partner")),
            started_at=str(document.get("started_at", "")),
            updated_at=str(document.get("updated_at", "")),
            seconds=float(document.get("seconds", 0.0)),
            prefilled=tuple(document.get("prefilled", ())),
            revision=int(document.get("revision", 0)),
        )


def is_empty(draft: Draft) -> bool:
    """Whether ``draft`` holds nothing the person gave: such a draft is not kept."""
    return draft.empty or nothing_given(draft.answers, draft.typed, draft.prefilled)


def draft_counts(draft: Draft) -> tuple[int, int]:
    """``(typed, carried)``: how many answers of ``draft`` the person gave, and how many still
    carry last time's value unconfirmed (for the resume banner)."""
    return counts(draft.answers, draft.prefilled)


@dataclass(frozen=True)
class Filter:
    """What to look for in the history; every part given must match."""

    partner: str | None = None
    verdict: str | None = None
    cause: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None

    def matches(self, document: Mapping[str, Any]) -> bool:
        """Whether a stored diagnosis document matches every part given but ``partner`` (which
        chooses the files looked in)."""
        return not (
            (self.verdict and document.get("verdict") != self.verdict)
            or (self.cause and document.get("dominant_cause") != self.cause)
            or (self.since and document["diagnosed_on"] < self.since.isoformat())
            or (self.until and document["diagnosed_on"] > self.until.isoformat())
            or (self.text and self.text.casefold() not in searchable(document))
        )
