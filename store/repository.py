"""The repository the app calls: diagnoses and drafts, saved and read back.

Nothing above this module knows the file format. Everything handed out is a copy (frozen
dataclasses and fresh dicts), so no caller can change the database by mutating what it got.

Layout of the TinyDB file:
- table ``meta``: one document ``{"schema": N}``;
- table ``diagnoses``: one document per diagnosis: a summary for fast lists (partner, verdict,
  dominant cause, next review, severity), the user's edited talking points, the outcome of the
  conversation, when it was saved, and where its answers are (``detail``);
- table ``drafts``: unfinished questionnaires, saved answer by answer;
- table ``partners``: an index, one document per partner with its latest diagnosis and the one
  before (``store.summary.partner_entries``), written in the same record as every change to the
  diagnoses it reflects. Home reads this, so it opens as fast with 10,000 diagnoses as with 100:
  the storage parses the diagnoses table only when something asks for it.

The answers themselves, and the text that search looks through, are in side files read on
demand (:mod:`store.details`), so memory and start-up follow the number of summaries, not the
size of the whole history.
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
from playbook.compare import trend_between
from playbook.diagnosis import Diagnosis
from playbook.outcome import Outcome
from playbook.verdict import METHOD
from store.details import (
    DetailDamaged,
    DetailFiles,
    Pointer,
    decode_answers,
    encode,
    pointer_of,
    search_tail,
)
from store.errors import StoreError
from store.migrations import SCHEMA_VERSION, check_and_migrate
from store.storage import DEFAULT_STORAGE, UnstallTinyDB, read_tables
from store.summary import (
    PARTNERS,
    partner_entries,
    partner_key,
    search_parts,
    summary_fields,
)

DIAGNOSES = "diagnoses"
DRAFTS = "drafts"


def method_of(document: Mapping[str, Any]) -> int:
    """The playbook version a stored diagnosis was decided with: diagnoses saved before
    version 2 carry none, and are shown as version 1 decided them."""
    method = document.get("method")
    return method if isinstance(method, int) else 1


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
        self._db: TinyDB = UnstallTinyDB(self.path, storage=storage, create_dirs=True)
        self._details = DetailFiles(self.path)
        self._checked = False
        try:
            with self._transaction():
                check_and_migrate(self._db, self.path)
                tables = self._db.tables()
                if DIAGNOSES in tables and PARTNERS not in tables:
                    self._reindex(None)  # a safety net: migrations build the index
        except Exception:
            self._details.close()
            self._db.close()
            raise

    def warm(self) -> None:
        """Read the diagnoses and check that every answer they point at is there (a missing,
        foreign or truncated answers file raises ``StoreError``). Whatever needs the
        diagnoses does this first; the app calls it once home is on screen, so that opening
        a partner is instant and damage is reported at once."""
        if self._checked:
            return
        with self._transaction():
            in_use = self._details.check(self._documents().values())
            self._tidy_details(set(in_use))
            self._checked = True

    def _diagnoses(self) -> Any:
        """The diagnoses table, checked (see ``warm``)."""
        self.warm()
        return self._db.table(DIAGNOSES)

    # -- plumbing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """Hold the database lock for a read-modify-write, and put its writes on disk as one
        record (all or none), when the storage can."""
        storage = self._db.storage
        hold = getattr(storage, "batch", None) or getattr(storage, "lock", None)
        if hold is None:
            yield
            return
        with hold():
            yield

    def close(self) -> None:
        try:
            with contextlib.suppress(StoreError, OSError):
                self.compact_details()
        finally:
            self._details.close()
            self._db.close()

    def _documents(self) -> Mapping[str, Mapping[str, Any]]:
        """The diagnoses table as the storage holds it (read only: never mutate it)."""
        return read_tables(self._db.storage, DIAGNOSES).get(DIAGNOSES, {})

    def _reindex(self, keys: set[str] | None) -> None:
        """Bring the partners index up to date for ``keys`` (every partner when ``None``),
        inside the transaction that changed their diagnoses."""
        entries = partner_entries(self._documents(), keys)
        index = self._db.table(PARTNERS)
        stale = [
            document.doc_id
            for document in index.all()
            if keys is None or document.get("key") in keys
        ]
        if stale:
            index.remove(doc_ids=stale)
        if entries:
            index.insert_multiple(entries.values())
        elif keys is None and not stale:
            index.truncate()  # the table exists, empty: the index is known to be built

    def _ids_by_pointer(self) -> dict[Pointer, int]:
        """Every diagnosis's id, by where its answers are."""
        self.warm()
        return {
            pointer: int(doc_id)
            for doc_id, document in self._documents().items()
            if (pointer := pointer_of(document)) is not None
        }

    def _tidy_details(self, referenced: set[int]) -> None:
        """Remove side files nothing points at (left by a kill during a compaction or a
        migration), under the lock. A read-only folder just keeps them."""
        with contextlib.suppress(OSError):
            self._details.clean_temps()
            self._details.remove(
                generation
                for generation in self._details.generations()
                if generation not in referenced
            )

    def _generation(self) -> int:
        """The side file new answers go to: the newest one summaries point at."""
        self.warm()
        newest = 0
        for document in self._documents().values():
            pointer = pointer_of(document)
            if pointer is not None and pointer[0] > newest:
                newest = pointer[0]
        return newest or max(self._details.generations(), default=1)

    def _read_answers(self, diagnosis_id: int) -> tuple[dict[str, Any], dict[str, str]] | None:
        """A diagnosis's summary document (a copy) and its answers; ``None`` if there is none.
        A record that changed under us (another process deleted or compacted) is looked up
        again once before it counts as damaged."""
        table = self._diagnoses()
        for attempt in (1, 2):
            document = table.get(doc_id=diagnosis_id)
            if document is None:
                return None
            document = copy.deepcopy(dict(document))
            pointer = pointer_of(document)
            if pointer is None:
                raise DetailDamaged(
                    self.path, f"diagnosis {diagnosis_id} does not say where its answers are"
                )
            try:
                return document, decode_answers(self._details.read(pointer))
            except (DetailDamaged, ValueError) as error:
                if attempt == 2:
                    if isinstance(error, DetailDamaged):
                        raise
                    raise DetailDamaged(
                        self._details.path(pointer[0]),
                        f"the answers of diagnosis {diagnosis_id} are damaged",
                        database=self.path,
                    ) from error
        return None

    def compact_details(self, *, force: bool = False) -> bool:
        """Copy the live answers into a fresh side file when dead space (deleted diagnoses,
        renamed partners) outweighs them; ``True`` if it did."""
        with self._transaction():
            ids = self._ids_by_pointer()
            dead, live = self._details.dead_bytes(ids)
            if not force and dead <= max(1 << 20, live):
                return False
            generation = max(self._details.generations(), default=0) + 1
            moved = self._details.copy_to(generation, list(ids))

            def repoint(document: dict[str, Any]) -> None:
                pointer = pointer_of(document)
                if pointer is not None and pointer in moved:
                    document["detail"] = list(moved[pointer])

            self._diagnoses().update(repoint, doc_ids=list(ids.values()))
            self._tidy_details({generation})
        return True

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
        method: int = METHOD,
    ) -> Diagnosis:
        """Save a finished diagnosis from clean answers; returns it with its id. ``method``
        is the playbook version that decides it (an undo keeps the deleted one's)."""
        return self.save_many(
            [answers], created_at=created_at, edited_points=edited_points, method=method
        )[0]

    def save_many(
        self,
        many: Iterable[Mapping[str, str]],
        *,
        created_at: str | None = None,
        edited_points: str | None = None,
        method: int = METHOD,
    ) -> list[Diagnosis]:
        """Save several diagnoses in one write (used by import)."""
        stamp = created_at or clock.now().isoformat(timespec="seconds")
        diagnoses = [Diagnosis.from_answers(answers, method=method) for answers in many]
        payloads = [
            encode(diagnosis.answers, search_tail(*search_parts(diagnosis)))
            for diagnosis in diagnoses
        ]
        with self._transaction():
            # The answers first, durably; then the summaries that point at them.
            pointers = self._details.append(self._generation(), payloads)
            documents = [
                {
                    "schema": SCHEMA_VERSION,
                    "method": method,
                    **summary_fields(diagnosis),
                    "created_at": stamp,
                    "edited_points": edited_points,
                    "outcome": None,
                    "detail": list(pointer),
                }
                for diagnosis, pointer in zip(diagnoses, pointers, strict=True)
            ]
            ids = self._diagnoses().insert_multiple(documents)
            self._reindex({document["partner_key"] for document in documents})
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
        """Every diagnosis's answers by id (copies), in one pass: for import's duplicate check."""
        ids = self._ids_by_pointer()
        found = {
            ids[located.pointer]: decode_answers(located.payload)
            for located in self._details.scan(ids)
        }
        return dict(sorted(found.items()))

    def get(self, diagnosis_id: int) -> Diagnosis | None:
        """One diagnosis, recomputed from its answers, or ``None``."""
        found = self._read_answers(diagnosis_id)
        if found is None:
            return None
        document, answers = found
        return Diagnosis.from_answers(
            answers,
            id=diagnosis_id,
            created_at=document.get("created_at"),
            edited_points=document.get("edited_points"),
            extra={"outcome": document.get("outcome")},
            method=method_of(document),
        )

    def list(self, partner: str | None = None) -> list[DiagnosisSummary]:
        """Summaries, newest first; only one partner's when ``partner`` is given (case and
        spacing do not matter; if no name matches exactly, names containing it are used)."""
        return self.find(Filter(partner=partner))

    def find(self, wanted: Filter) -> list[DiagnosisSummary]:
        """Summaries matching every part of ``wanted``, newest first."""
        table = self._diagnoses()
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
        documents: list[tuple[int, Mapping[str, Any]]]
        if wanted.partner is not None:
            key = partner_key(wanted.partner)
            exact = [*conditions, entry.partner_key == key]
            found = table.search(_all(exact))
            if not found and key:
                near = [*conditions, entry.partner_key.test(lambda value: key in value)]
                found = table.search(_all(near))
            documents = [(document.doc_id, document) for document in found]
        elif conditions:
            documents = [(document.doc_id, document) for document in table.search(_all(conditions))]
        else:
            self.warm()
            documents = [(int(doc_id), doc) for doc_id, doc in self._documents().items()]
        if wanted.text:
            documents = self._with_text(documents, wanted.text)
        summaries = [_summary(doc_id, document) for doc_id, document in documents]
        return sorted(summaries, key=_newest_first, reverse=True)

    def _with_text(
        self, documents: list[tuple[int, Mapping[str, Any]]], text: str
    ) -> list[tuple[int, Mapping[str, Any]]]:
        """The documents whose notes, values or talking points (as last edited) hold
        ``text``, case not mattering. The answers are read from disk in large blocks."""
        needle = text.casefold()
        by_pointer = {}
        edited_ones = set()
        kept = []
        for doc_id, document in documents:
            pointer = pointer_of(document)
            edited = document.get("edited_points")
            if edited is not None:
                if needle in edited.casefold():
                    kept.append((doc_id, document))
                    continue
                edited_ones.add(pointer)
            if pointer is not None:
                by_pointer[pointer] = (doc_id, document)
        hits = self._details.search(by_pointer, needle.encode(), edited_ones)
        kept.extend(by_pointer[pointer] for pointer in hits)
        return kept

    def history(self, partner: str) -> list[Diagnosis]:
        """Every diagnosis of one partner, oldest first, in full (for comparisons)."""
        found = [self.get(summary.id) for summary in reversed(self.list(partner))]
        return [diagnosis for diagnosis in found if diagnosis is not None]

    def partners(self) -> list[PartnerSummary]:
        """Every partner with its latest diagnosis, most recently diagnosed first.

        From the partners index, so the diagnoses are not read: the home screen calls this on
        every visit, at 10,000 diagnoses too."""
        result = []
        for entry in self._db.table(PARTNERS).all():
            latest = _summary(*entry["latest"])
            before = entry.get("previous")
            previous = _summary(*before) if before else None
            result.append(PartnerSummary(latest.partner, latest, int(entry["count"]), previous))
        return sorted(result, key=lambda p: _newest_first(p.latest), reverse=True)

    def partner_names(self) -> list[str]:
        """Every partner's name as last written, for completion."""
        return sorted({s.partner for s in (p.latest for p in self.partners())}, key=str.casefold)

    def delete(self, diagnosis_id: int) -> bool:
        """Remove one diagnosis; ``False`` if there was none with that id."""
        with self._transaction():
            table = self._diagnoses()
            document = table.get(doc_id=diagnosis_id)
            if document is None:
                return False
            pointer = pointer_of(document)
            table.remove(doc_ids=[diagnosis_id])
            self._reindex({document["partner_key"]})
        if pointer is not None:  # the answers go too, once the summary is gone for good
            self._details.erase([pointer])
        return True

    def set_edited_points(self, diagnosis_id: int, text: str | None) -> None:
        """Keep the user's own version of the talking points (``None`` restores the draft)."""
        with self._transaction():
            table = self._diagnoses()
            if table.contains(doc_id=diagnosis_id):
                table.update({"edited_points": text}, doc_ids=[diagnosis_id])

    def set_outcome(self, diagnosis_id: int, outcome: Outcome | None) -> bool:
        """Record what came of the conversation; ``False`` if there is no such diagnosis."""
        with self._transaction():
            table = self._diagnoses()
            document = table.get(doc_id=diagnosis_id)
            if document is None:
                return False
            value = outcome.to_dict() if outcome else None
            table.update({"outcome": value}, doc_ids=[diagnosis_id])
            self._reindex({document["partner_key"]})
        return True

    def rename_partner(self, old: str, new: str) -> int:
        """Give every diagnosis of ``old`` the name ``new``; returns how many changed."""
        new = " ".join(new.split())
        if not new:
            raise ValueError("the new name is empty")
        key = partner_key(old)
        with self._transaction():
            table = self._diagnoses()
            documents = table.search(Query().partner_key == key)
            old_pointers = [p for p in map(pointer_of, documents) if p is not None]
            methods = {pointer_of(document): method_of(document) for document in documents}
            payloads: dict[Pointer, bytes] = {}
            for located in self._details.scan(old_pointers):
                answers = {**decode_answers(located.payload), "partner": new}
                renamed = Diagnosis.from_answers(answers, method=methods[located.pointer])
                tail = search_tail(*search_parts(renamed))
                payloads[located.pointer] = encode(answers, tail)
            if not payloads:
                return len(documents)
            # The renamed answers first, durably; then the summaries, in one write.
            appended = self._details.append(self._generation(), list(payloads.values()))
            moved = dict(zip(payloads, appended, strict=True))
            fields = {"partner": new, "partner_key": partner_key(new)}

            def rename(document: dict[str, Any]) -> None:
                document.update(fields)
                pointer = pointer_of(document)
                if pointer in moved:
                    document["detail"] = list(moved[pointer])

            table.update(rename, doc_ids=[document.doc_id for document in documents])
            self._reindex({key, fields["partner_key"]})
        self._details.erase(old_pointers)  # once the summaries point elsewhere for good
        return len(documents)

    def restore(self, diagnosis: Diagnosis) -> Diagnosis:
        """Put back a deleted diagnosis (undo), with its edits and outcome, under a new id."""
        saved = self.save(
            diagnosis.answers,
            edited_points=diagnosis.edited_points,
            created_at=diagnosis.created_at,
            method=diagnosis.verdict.method,
        )
        outcome = Outcome.from_dict(diagnosis.extra.get("outcome"))
        if outcome is not None and saved.id is not None:
            self.set_outcome(saved.id, outcome)
        return self.get(saved.id) or saved if saved.id is not None else saved

    def count(self) -> int:
        """How many diagnoses there are (from the index: the diagnoses are not read)."""
        return sum(int(entry.get("count", 0)) for entry in self._db.table(PARTNERS).all())

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
