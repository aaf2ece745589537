"""The repository the app calls: diagnoses and drafts, saved and read back.

Nothing above this module knows the file format. Everything handed out is a copy (frozen
dataclasses and fresh dicts), so no caller can change the database by mutating what it got.

Layout of the TinyDB file:
- table ``meta``: one document ``{"schema": N}``;
- table ``diagnoses``: one document per diagnosis, with its answers, a summary for fast lists
  (partner, verdict, dominant cause, next review), the user's edited talking points, the outcome
  of the conversation, and when it was saved;
- table ``drafts``: unfinished questionnaires, saved answer by answer.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.queries import QueryInstance

from playbook import clock
from playbook.diagnosis import Diagnosis
from playbook.outcome import Outcome
from store.migrations import SCHEMA_VERSION, check_and_migrate
from store.storage import DEFAULT_STORAGE, UnstallTinyDB
from store.summary import partner_key, search_text, summary_fields

DIAGNOSES = "diagnoses"
DRAFTS = "drafts"


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
        """``worse``, ``better`` or ``same`` than the diagnosis before; ``first`` if none."""
        if self.previous is None:
            return "first"
        difference = self.latest.severity - self.previous.severity
        return "worse" if difference > 0 else "better" if difference < 0 else "same"


@dataclass(frozen=True)
class Draft:
    """An unfinished diagnosis, saved as each answer is given.

    ``answers`` holds the clean answers given so far; ``typed`` holds what was typed into each
    field, even text that is not valid yet, so nothing the user typed is ever lost.
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

    @property
    def partner(self) -> str:
        return self.answers.get("partner") or self.typed.get("partner", "")

    def to_document(self) -> dict[str, Any]:
        return {
            "answers": dict(self.answers),
            "typed": dict(self.typed),
            "position": self.position,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "seconds": self.seconds,
            "prefilled": list(self.prefilled),
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
        )


def _summary(doc_id: int, document: Mapping[str, Any]) -> DiagnosisSummary:
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


@dataclass(frozen=True)
class Filter:
    """What to look for in the history; every part given must match."""

    partner: str | None = None
    verdict: str | None = None
    cause: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None


def _all(conditions: list[QueryInstance]) -> QueryInstance:
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined & condition
    return combined


def _newest_first(summary: DiagnosisSummary) -> tuple[str, int]:
    return (summary.diagnosed_on, summary.id)


class Repository:
    """Diagnoses and drafts in one TinyDB file."""

    def __init__(self, path: Path | str, *, storage: type = DEFAULT_STORAGE) -> None:
        self.path = Path(path).expanduser()
        self._db: TinyDB = UnstallTinyDB(self.path, storage=storage)
        try:
            with self._transaction():
                check_and_migrate(self._db, self.path)
        except Exception:
            self._db.close()
            raise

    # -- plumbing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """Hold the database lock for a read-modify-write, when the storage has one."""
        lock = getattr(self._db.storage, "lock", None)
        if lock is None:
            yield
            return
        with lock():
            yield

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- diagnoses --------------------------------------------------------------------------

    def save(
        self,
        answers: Mapping[str, str],
        *,
        edited_points: str | None = None,
        created_at: str | None = None,
    ) -> Diagnosis:
        """Save a finished diagnosis from clean answers; returns it with its id."""
        return self.save_many([answers], created_at=created_at, edited_points=edited_points)[0]

    def save_many(
        self,
        many: Iterable[Mapping[str, str]],
        *,
        created_at: str | None = None,
        edited_points: str | None = None,
    ) -> list[Diagnosis]:
        """Save several diagnoses in one write (used by import)."""
        stamp = created_at or clock.now().isoformat(timespec="seconds")
        diagnoses = [Diagnosis.from_answers(answers) for answers in many]
        documents = [
            {
                "schema": SCHEMA_VERSION,
                "answers": dict(diagnosis.answers),
                **summary_fields(diagnosis),
                "created_at": stamp,
                "edited_points": edited_points,
                "outcome": None,
            }
            for diagnosis in diagnoses
        ]
        with self._transaction():
            ids = self._db.table(DIAGNOSES).insert_multiple(documents)
        return [
            replace(
                diagnosis,
                id=doc_id,
                created_at=stamp,
                edited_points=edited_points,
                extra={"outcome": None},
            )
            for doc_id, diagnosis in zip(ids, diagnoses, strict=True)
        ]

    def all_answers(self) -> dict[int, dict[str, str]]:
        """Every diagnosis's answers by id (copies), in one read: for import's duplicate check."""
        return {
            document.doc_id: dict(document["answers"])
            for document in self._db.table(DIAGNOSES).all()
        }

    def get(self, diagnosis_id: int) -> Diagnosis | None:
        """One diagnosis, recomputed from its answers, or ``None``."""
        document = self._db.table(DIAGNOSES).get(doc_id=diagnosis_id)
        if document is None:
            return None
        document = copy.deepcopy(dict(document))
        return Diagnosis.from_answers(
            document["answers"],
            id=diagnosis_id,
            created_at=document.get("created_at"),
            edited_points=document.get("edited_points"),
            extra={"outcome": document.get("outcome")},
        )

    def list(self, partner: str | None = None) -> list[DiagnosisSummary]:
        """Summaries, newest first; only one partner's when ``partner`` is given (case and
        spacing do not matter; if no name matches exactly, names containing it are used)."""
        return self.find(Filter(partner=partner))

    def find(self, wanted: Filter) -> list[DiagnosisSummary]:
        """Summaries matching every part of ``wanted``, newest first."""
        table = self._db.table(DIAGNOSES)
        conditions = []
        entry = Query()
        if wanted.verdict:
            conditions.append(entry.verdict == wanted.verdict)
        if wanted.cause:
            conditions.append(entry.dominant_cause == wanted.cause)
        if wanted.since:
            conditions.append(entry.diagnosed_on >= wanted.since.isoformat())
        if wanted.until:
            conditions.append(entry.diagnosed_on <= wanted.until.isoformat())
        if wanted.text:
            needle = wanted.text.casefold()
            conditions.append(entry.search_text.test(lambda value: needle in (value or "")))
        documents = []
        if wanted.partner is not None:
            key = partner_key(wanted.partner)
            exact = [*conditions, entry.partner_key == key]
            documents = table.search(_all(exact))
            if not documents and key:
                near = [*conditions, entry.partner_key.test(lambda value: key in value)]
                documents = table.search(_all(near))
        else:
            documents = table.search(_all(conditions)) if conditions else table.all()
        summaries = [_summary(document.doc_id, document) for document in documents]
        return sorted(summaries, key=_newest_first, reverse=True)

    def history(self, partner: str) -> list[Diagnosis]:
        """Every diagnosis of one partner, oldest first, in full (for comparisons)."""
        found = [self.get(summary.id) for summary in reversed(self.list(partner))]
        return [diagnosis for diagnosis in found if diagnosis is not None]

    def partners(self) -> list[PartnerSummary]:
        """Every partner with its latest diagnosis, most recently diagnosed first."""
        latest: dict[str, DiagnosisSummary] = {}
        previous: dict[str, DiagnosisSummary] = {}
        counts: dict[str, int] = {}
        for summary in self.list():
            key = partner_key(summary.partner)
            counts[key] = counts.get(key, 0) + 1
            if key not in latest:
                latest[key] = summary
            elif key not in previous:
                previous[key] = summary
        return [
            PartnerSummary(s.partner, s, counts[key], previous.get(key))
            for key, s in latest.items()
        ]

    def partner_names(self) -> list[str]:
        """Every partner's name as last written, for completion."""
        return sorted({s.partner for s in (p.latest for p in self.partners())}, key=str.casefold)

    def delete(self, diagnosis_id: int) -> bool:
        """Remove one diagnosis; ``False`` if there was none with that id."""
        with self._transaction():
            table = self._db.table(DIAGNOSES)
            if not table.contains(doc_id=diagnosis_id):
                return False
            table.remove(doc_ids=[diagnosis_id])
        return True

    def set_edited_points(self, diagnosis_id: int, text: str | None) -> None:
        """Keep the user's own version of the talking points (``None`` restores the draft)."""
        with self._transaction():
            table = self._db.table(DIAGNOSES)
            document = table.get(doc_id=diagnosis_id)
            if document is None:
                return
            diagnosis = Diagnosis.from_answers(document["answers"], edited_points=text)
            table.update(
                {"edited_points": text, "search_text": search_text(diagnosis)},
                doc_ids=[diagnosis_id],
            )

    def set_outcome(self, diagnosis_id: int, outcome: Outcome | None) -> bool:
        """Record what came of the conversation; ``False`` if there is no such diagnosis."""
        with self._transaction():
            table = self._db.table(DIAGNOSES)
            if not table.contains(doc_id=diagnosis_id):
                return False
            value = outcome.to_dict() if outcome else None
            table.update({"outcome": value}, doc_ids=[diagnosis_id])
        return True

    def rename_partner(self, old: str, new: str) -> int:
        """Give every diagnosis of ``old`` the name ``new``; returns how many changed."""
        new = " ".join(new.split())
        if not new:
            raise ValueError("the new name is empty")
        key = partner_key(old)
        with self._transaction():
            table = self._db.table(DIAGNOSES)
            documents = table.search(Query().partner_key == key)
            for document in documents:
                answers = {**document["answers"], "partner": new}
                diagnosis = Diagnosis.from_answers(
                    answers, edited_points=document.get("edited_points")
                )
                table.update(
                    {
                        "answers": answers,
                        "partner": new,
                        "partner_key": partner_key(new),
                        "search_text": search_text(diagnosis),
                    },
                    doc_ids=[document.doc_id],
                )
        return len(documents)

    def restore(self, diagnosis: Diagnosis) -> Diagnosis:
        """Put back a deleted diagnosis (undo), with its edits and outcome, under a new id."""
        saved = self.save(
            diagnosis.answers,
            edited_points=diagnosis.edited_points,
            created_at=diagnosis.created_at,
        )
        outcome = Outcome.from_dict(diagnosis.extra.get("outcome"))
        if outcome is not None and saved.id is not None:
            self.set_outcome(saved.id, outcome)
        return self.get(saved.id) or saved if saved.id is not None else saved

    def count(self) -> int:
        return len(self._db.table(DIAGNOSES))

    # -- drafts -----------------------------------------------------------------------------

    def save_draft(self, draft: Draft) -> Draft:
        """Create or update a draft; returns it with its id and the time of the save."""
        stamp = clock.now().isoformat(timespec="seconds")
        document = draft.to_document()
        document["updated_at"] = stamp
        document["started_at"] = draft.started_at or stamp
        with self._transaction():
            table = self._db.table(DRAFTS)
            if draft.id is not None and table.contains(doc_id=draft.id):
                table.update(document, doc_ids=[draft.id])
                draft_id = draft.id
            else:
                draft_id = table.insert(document)
        return Draft.from_document(draft_id, document)

    def drafts(self) -> list[Draft]:
        """Unfinished diagnoses, most recently touched first."""
        found = [
            Draft.from_document(doc.doc_id, copy.deepcopy(dict(doc)))
            for doc in self._db.table(DRAFTS).all()
        ]
        return sorted(found, key=lambda draft: (draft.updated_at, draft.id or 0), reverse=True)

    def get_draft(self, draft_id: int) -> Draft | None:
        document = self._db.table(DRAFTS).get(doc_id=draft_id)
        if document is None:
            return None
        return Draft.from_document(draft_id, copy.deepcopy(dict(document)))

    def discard_draft(self, draft_id: int) -> None:
        with self._transaction():
            table = self._db.table(DRAFTS)
            if table.contains(doc_id=draft_id):
                table.remove(doc_ids=[draft_id])

    def finish_draft(self, draft: Draft, answers: Mapping[str, str]) -> Diagnosis:
        """Save the diagnosis of a finished draft and remove the draft."""
        diagnosis = self.save(answers)
        if draft.id is not None:
            self.discard_draft(draft.id)
        return diagnosis
