"""What the store hands out: diagnosis summaries, partners, drafts, filters, damage; and
the names and search text kept with each diagnosis. Frozen values: nothing handed out can
change the database."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from playbook.compare import trend_between
from playbook.diagnosis import Diagnosis
from playbook.outcome import Outcome
from playbook.questions import ALL_QUESTIONS
from store.errors import StoreError
from store.summary import search_parts

SCHEMA = 5
DIAGNOSES, DRAFTS, META, PARTNERS = "diagnoses", "drafts", "meta", "partners"
MEETINGS = "meetings"
LOCK_WAIT = 10.0
"""Seconds a change waits for another process's change to finish before it gives up."""


class DiagnosisGone(StoreError):
    """A change to a diagnosis that no longer exists (deleted in another window)."""


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


@dataclass(frozen=True)
class Filter:
    """What to look for in the history; every part given must match."""

    partner: str | None = None
    verdict: str | None = None
    cause: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None


@dataclass(frozen=True)
class Damaged:
    """A file that cannot be read: what is unavailable, where the file and its backup are."""

    path: Path
    reason: str
    backup: Path | None = None

    def __str__(self) -> str:
        backup = f"; the last good copy is {self.backup}" if self.backup else ""
        return f"{self.path}: {self.reason}{backup}"


def method_of(document: Mapping[str, Any]) -> int:
    """The playbook version a stored diagnosis was decided with (version 1 when absent)."""
    method = document.get("method")
    return method if isinstance(method, int) else 1


def partner_file_name(key: str) -> str:
    """A partner's file: a readable, portable slug of its name and a hash that keeps two
    names with the same slug apart (``harbor-travel-3f2a9c1e.json``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", key.encode("ascii", "ignore").decode().lower()).strip("-")
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{slug[:40] or 'partner'}-{digest}.json"


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


def search_fields(diagnosis: Diagnosis) -> dict[str, str]:
    """What text search looks through, kept with each diagnosis so a search never recomputes
    one: the free-text answers, and the drafted talking points."""
    info, points = search_parts(diagnosis)
    return {"search_info": info.casefold(), "search_points": points.casefold()}


def searchable(document: Mapping[str, Any]) -> str:
    """The text of a stored diagnosis that search looks through: the free-text answers and
    the talking points as the user last left them (their edit, or the draft)."""
    edited = document.get("edited_points")
    points = edited.casefold() if edited is not None else document.get("search_points", "")
    return f"{document.get('search_info', '')} {points}"


def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when a key comes twice (one document would be lost)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("a key appears twice in one object")
    return result


def _iso(value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a date")
    date.fromisoformat(value)


STRINGS = frozenset({str})
DATE_ANSWERS = frozenset(key for key, q in ALL_QUESTIONS.items() if q.kind == "date")
"""The answers that are dates (each checked to be one when a file is read)."""


def check_shape(path: Path, table: str, documents: Mapping[int, Mapping[str, Any]]) -> None:
    """Raise ``ValueError``/``TypeError``/``KeyError`` unless every document has the shape
    the repository writes: a file that parses but is not ours is damaged, not half-read."""
    keys_here: set[str] = set()  # the partner keys seen to belong in this file
    for doc_id, document in documents.items():
        if table == DIAGNOSES:
            answers = document["answers"]
            if not isinstance(answers, dict) or not STRINGS.issuperset(map(type, answers.values())):
                raise TypeError(f"diagnosis {doc_id} has no answers")
            for key in DATE_ANSWERS.intersection(answers):
                _iso(answers[key])
            key = document["partner_key"]
            if key not in keys_here:
                if partner_file_name(key) != path.name:
                    raise ValueError(f"diagnosis {doc_id} belongs to another partner's file")
                keys_here.add(key)
            for name in ("partner", "verdict", "path"):
                if not isinstance(document[name], str):
                    raise TypeError(f"diagnosis {doc_id} has no {name}")
            _iso(document["diagnosed_on"])
            _iso(document["next_review"])
            if not isinstance(document["severity"], int) or isinstance(document["severity"], bool):
                raise TypeError(f"diagnosis {doc_id} has no severity")
            if not isinstance(document.get("draft"), (int, type(None))):
                raise TypeError(f"diagnosis {doc_id} names no draft")
            outcome = document.get("outcome")
            if outcome is not None:
                Outcome.from_dict(outcome)
        elif table == DRAFTS:
            if not isinstance(document["answers"], dict) or not isinstance(document["typed"], dict):
                raise TypeError(f"draft {doc_id} has no answers")
            int(document.get("revision", 0))
        elif table == META:
            for name in ("next_id", "next_draft"):
                if not isinstance(document[name], int) or document[name] < 1:
                    raise ValueError(f"the {name} counter is not a number from 1")
        elif table == PARTNERS:
            if not isinstance(document["key"], str) or not isinstance(document["file"], str):
                raise TypeError(f"index entry {doc_id} names no partner")
            if not all(isinstance(n, int) for n in [*document["ids"], *document["drafts"]]):
                raise TypeError(f"index entry {doc_id} has no ids")
            if document["count"] != len(document["ids"]):
                raise ValueError(f"index entry {doc_id} miscounts its diagnoses")
            for which in ("latest", "previous"):
                entry = document[which]
                if entry is None and which == "previous":
                    continue
                summary_id, fields = entry
                summary_of(int(summary_id), fields)
                _iso(fields["diagnosed_on"])
