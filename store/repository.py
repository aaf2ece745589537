"""The repository the app calls: diagnoses, drafts and meetings in a folder of small TinyDB
files, each plain TinyDB JSON rewritten whole and atomically: ``partners/<name>.json`` (one
partner's diagnoses: the truth), ``drafts.json``, ``meetings.json`` (:mod:`store.meetings`),
``meta.json`` (the schema and id counters: an id is never given twice) and ``index.json``
(what home shows; derived, made again from a partner file that disagrees with it). Every change
holds ``unstall.lock`` and reads what it changes fresh. A file that cannot be read is refused
and never written: only what it holds is unavailable (:attr:`Repository.damaged`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from filelock import FileLock

from playbook import clock
from playbook.conversation import Meeting
from playbook.diagnosis import Diagnosis
from playbook.history import (
    DiagnosisSummary,
    Draft,
    Filter,
    Kept,
    PartnerSummary,
    kept_of,
    method_of,
    newest_first,
    partner_key,
    read_conversation,
    stored_fields,
    summary_of,
)
from playbook.outcome import Outcome
from store import convert
from store.drafts import Drafts
from store.errors import StoreError, folder_problem
from store.files import LOOSE, make_private_dirs, tighten_database
from store.folder import backup_of
from store.meetings import MeetingChanged, Meetings
from store.records import DIAGNOSES, DRAFTS, LOCK_WAIT, Damaged, DiagnosisGone, not_a_database

__all__ = [
    "DiagnosisGone",
    "Draft",
    "Filter",
    "MeetingChanged",
    "PartnerSummary",
    "Removed",
    "Repository",
]


@dataclass(frozen=True)
class Removed:
    """What :meth:`Repository.remove` took away, for an undo (:meth:`Repository.restore`): the
    diagnosis as it was, and its meeting in progress (the reset conversation being typed), if
    one was."""

    diagnosis: Diagnosis
    meeting: Meeting | None = None


class Repository(Drafts, Meetings):
    """Diagnoses, drafts and meetings in a folder of TinyDB files (see the module docstring)."""

    def __init__(self, path: Path | str) -> None:
        source = Path(path).expanduser()
        self.path, old = convert.resolve(source)
        self.partners_dir = self.path / "partners"
        self.damaged: dict[Path, Damaged] = {}
        """Files found damaged, by path: refused, never written, reported."""
        self._cache: dict[Path, tuple[list[int], dict[int, dict[str, Any]]]] = {}
        self.notice: str | None = None
        """Something to tell the user once (the database was converted)."""
        refused = not_a_database(self.path) if old is None else None
        if refused is not None:
            raise refused
        try:
            make_private_dirs(self.partners_dir)
        except OSError as error:
            raise folder_problem(self.partners_dir, error, self.path) from error
        self._lock = FileLock(self.path / "unstall.lock", timeout=LOCK_WAIT, mode=0o600)
        with self._changing():
            if old is not None:
                convert.adopt(self, old)
                self.notice = convert.notice(source, self.path)
            self._check_meta()
            self._reconcile()
            self._finish_renaming()
            self._settle_meetings()
            loose = tighten_database(self.path)
        if loose:
            said = f"{loose} file{'s' if loose != 1 else ''} of the database {self.path} {LOOSE}"
            self.notice = f"{self.notice} {said}" if self.notice else said

    # -- files ------------------------------------------------------------------------------

    def save(
        self, answers: Mapping[str, str], *, kept: Kept | None = None, **options: Any
    ) -> Diagnosis:
        """Save a finished diagnosis from clean answers (``kept`` and ``options`` as
        :meth:`save_many`'s); returns it with its id."""
        return self.save_many([answers], kept=[kept] if kept else (), **options)[0]

    def save_many(
        self,
        many: Iterable[Mapping[str, str]],
        *,
        created_at: str | None = None,
        draft: int | None = None,
        kept: Iterable[Kept] = (),
    ) -> list[Diagnosis]:
        """Save several diagnoses (used by import): one write per partner. ``draft`` is the
        draft they came from; ``kept``, when given, what each one keeps beside its answers
        (an import's or an undo's: the playbook version that decides it, edits, outcome,
        conversation); else each is new, decided by this version."""
        stamp = created_at or clock.now().isoformat(timespec="seconds")
        answers_given = list(many)
        each = list(kept) or [Kept()] * len(answers_given)
        diagnoses = [
            Diagnosis.from_answers(answers, method=k.method)
            for answers, k in zip(answers_given, each, strict=True)
        ]
        fields = [k.fields() for k in each]
        with self._changing():
            keys = {partner_key(diagnosis.partner) for diagnosis in diagnoses}
            files = {key: self._partner(key) for key in keys}  # all readable, or nothing written
            ids = self._ids("next_id", len(diagnoses))
            for doc_id, diagnosis, stored in zip(ids, diagnoses, fields, strict=True):
                files[partner_key(diagnosis.partner)][doc_id] = {
                    "answers": dict(diagnosis.answers),
                    **stored_fields(diagnosis),
                    "created_at": stamp,
                    **stored,
                    "draft": draft,
                }
            self._put_partners(files)
        return [
            replace(
                d,
                id=doc_id,
                created_at=stamp,
                edited_points=k.edited_points,
                extra={"outcome": stored["outcome"], "conversation": stored["conversation"]},
            )
            for doc_id, d, k, stored in zip(ids, diagnoses, each, fields, strict=True)
        ]

    def _diagnosis(self, doc_id: int, document: Mapping[str, Any]) -> Diagnosis:
        held = read_conversation(document.get("conversation"))  # damaged: None
        return Diagnosis.from_answers(
            dict(document["answers"]),
            id=doc_id,
            created_at=document.get("created_at"),
            edited_points=document.get("edited_points"),
            extra={"outcome": document.get("outcome"), "conversation": held and held.to_dict()},
            method=method_of(document),
        )

    def get(self, diagnosis_id: int) -> Diagnosis | None:
        """One diagnosis, recomputed from its answers, or ``None``."""
        found = self._locate(diagnosis_id)
        return None if found is None else self._diagnosis(diagnosis_id, found[1][diagnosis_id])

    def all_answers(self) -> dict[int, dict[str, str]]:
        """Every diagnosis's answers by id (copies), for import's duplicate check; damaged
        files are skipped (and recorded)."""
        found = [
            (doc_id, dict(document["answers"]))
            for path in self._partner_files().values()
            for doc_id, document in (self._read(path, DIAGNOSES) or {}).items()
        ]
        return dict(sorted(found))

    def list(self, partner: str | None = None) -> list[DiagnosisSummary]:
        """Summaries, newest first; only one partner's when ``partner`` is given (case and
        spacing do not matter; if no name matches exactly, names containing it are used)."""
        return self.find(Filter(partner=partner))

    def find(self, wanted: Filter) -> list[DiagnosisSummary]:
        """Summaries matching every part of ``wanted``, newest first."""
        found = [summary for piece in self.find_pieces(wanted) for summary in piece]
        return sorted(found, key=newest_first, reverse=True)

    def find_pieces(self, wanted: Filter) -> Iterator[list[DiagnosisSummary]]:
        """What :meth:`find` returns, one piece per partner file read (empty when nothing in
        it matches), the most recently diagnosed partners first, each piece newest first: a
        search in a worker shows the first matches as soon as the first files are read, and
        can stop or give way between files. A damaged file is skipped (and recorded) unless it
        is the one partner asked for."""
        for documents in self._files_for(wanted):
            found = [summary_of(i, doc) for i, doc in documents.items() if wanted.matches(doc)]
            yield sorted(found, key=newest_first, reverse=True)

    def _files_for(self, wanted: Filter) -> Iterator[dict[int, dict[str, Any]]]:
        if wanted.partner is not None:
            key = partner_key(wanted.partner)
            if self._partner_path(key).exists():
                yield self._partner(key)
                return
            for entry in list(self._index().values()):
                if key and key in entry["key"]:
                    yield self._partner(entry["key"])
            return
        entries = sorted(
            self._index().values(),
            key=lambda entry: (entry.get("latest") or [0, {}])[1].get("diagnosed_on") or "",
            reverse=True,
        )
        listed = {entry["file"]: entry.get("stat") for entry in entries}
        paths = [(self.partners_dir / name, stat) for name, stat in listed.items()]
        paths += [(p, None) for name, p in self._partner_files().items() if name not in listed]
        for path, known in paths:
            documents = self._read(path, DIAGNOSES, known, wanted.text)
            if documents is not None:  # skipped by the quick look: an empty piece
                yield documents

    def history(self, partner: str) -> list[Diagnosis]:
        """Every diagnosis of one partner (matched as :meth:`list` matches), oldest first."""
        found = [pair for docs in self._files_for(Filter(partner=partner)) for pair in docs.items()]
        ranked = sorted(found, key=lambda item: (item[1]["diagnosed_on"], item[0]))
        return [self._diagnosis(doc_id, document) for doc_id, document in ranked]

    def partners(self) -> list[PartnerSummary]:
        """Every partner with its latest diagnosis, most recently diagnosed first, from the
        index (no partner file is read: home calls this on every visit)."""
        result = []
        for entry in self._index().values():
            if not entry.get("latest"):
                continue
            latest = summary_of(*entry["latest"])
            before = entry.get("previous")
            previous = summary_of(*before) if before else None
            result.append(PartnerSummary(latest.partner, latest, int(entry["count"]), previous))
        return sorted(result, key=lambda p: newest_first(p.latest), reverse=True)

    def partner_names(self) -> list[str]:
        """Every partner's name as last written, for completion."""
        return sorted({p.latest.partner for p in self.partners()}, key=str.casefold)

    def count(self) -> int:
        """How many diagnoses there are (from the index)."""
        return sum(int(entry.get("count", 0)) for entry in self._index().values())

    def set_edited_points(self, diagnosis_id: int, text: str | None) -> None:
        """Keep the user's own version of the talking points (``None`` restores the draft)."""
        self._change(diagnosis_id, {"edited_points": text})

    def set_outcome(self, diagnosis_id: int, outcome: Outcome | None) -> bool:
        """Record what came of the conversation. A diagnosis deleted meanwhile raises
        :class:`DiagnosisGone`, so nothing is ever reported saved that was not."""
        self._change(diagnosis_id, {"outcome": outcome.to_dict() if outcome else None})
        return True

    def delete(self, diagnosis_id: int) -> bool:
        """Remove one diagnosis: its partner file is rewritten without it (and its backup
        copy too), so no text of it stays in any file of ours. ``False`` if there was none."""
        return self.remove(diagnosis_id) is not None

    def remove(self, diagnosis_id: int) -> Removed | None:
        """:meth:`delete`, returning what went (the diagnosis and its meeting in progress, read
        under the same lock) for an undo (:meth:`restore`); ``None`` if there was none."""
        with self._changing():
            found = self._locate(diagnosis_id)
            if found is None:
                return None
            key, documents = found
            removed = documents.pop(diagnosis_id)
            gone = Removed(self._diagnosis(diagnosis_id, removed), self.get_meeting(diagnosis_id))
            self._put_partners({key: documents})
            # The previous versions held its text (answers, notes, outcome): they go too.
            backup_of(self._partner_path(key)).unlink(missing_ok=True)
            (self.path / "index.json.bak").unlink(missing_ok=True)
            self._forget_draft(removed.get("draft"))
            self._forget_meeting(diagnosis_id)
        return gone

    def rename_partner(self, old: str, new: str) -> int:
        """Give every diagnosis of ``old`` the name ``new``, and every draft of ``old`` too
        (matched as names are: case and spacing do not matter); returns how many diagnoses
        changed. A ``new`` that another partner has merges the two (the app asks first). The
        rename is noted in ``meta.json`` before its writes: one cut short by a kill is finished
        at the next open, so diagnoses and drafts never end up under two names."""
        new = " ".join(new.split())
        if not new:
            raise ValueError("the new name is empty")
        with self._changing():
            self._finish_renaming()  # one cut short in another window since this one opened
            return self._rename(old, new)

    def _finish_renaming(self) -> None:
        """Inside a change: finish a rename a kill cut short (see :meth:`rename_partner`); one
        that cannot be finished now (a damaged file) is left noted, for a later open."""
        pending = self._meta().get("renaming")
        if pending:
            with contextlib.suppress(StoreError, OSError):
                self._rename(*pending)

    def _rename(self, old: str, new: str) -> int:
        """Inside a change: read both partners (a damaged file raises before anything is
        noted), note the rename, write it, and clear the note."""
        old_key, new_key = partner_key(old), partner_key(new)
        moving = self._partner(old_key)
        target = self._partner(new_key) if new_key != old_key else {}
        drafts = self._read(self.path / "drafts.json", DRAFTS)  # damaged: None, kept as is
        self._note("renaming", [old, new])
        for doc_id, document in moving.items():
            answers = {**document["answers"], "partner": new}
            renamed = Diagnosis.from_answers(answers, method=method_of(document))
            target[doc_id] = {**document, "answers": answers, **stored_fields(renamed)}
        if moving:
            # The new file first: a kill before the old one goes leaves both, and the
            # folder's reconciliation keeps the renamed copy.
            self._put_partners({new_key: target} | ({old_key: {}} if new_key != old_key else {}))
            if new_key != old_key:
                backup_of(self._partner_path(old_key)).unlink(missing_ok=True)
        if drafts is not None:
            self._rename_drafts(drafts, old_key, new)
        self._note("renaming", None)
        return len(moving)

    def _rename_drafts(self, drafts: dict[int, dict[str, Any]], old_key: str, new: str) -> None:
        """Inside a change: the drafts whose partner is ``old_key`` named ``new``, as typed
        too, each one revision on (a window holding the old one keeps its save apart)."""
        if not old_key:
            return
        changed = {}
        for draft_id, document in drafts.items():
            answers, typed = dict(document.get("answers", {})), dict(document.get("typed", {}))
            if partner_key(str(answers.get("partner", ""))) != old_key:
                continue
            answers["partner"] = new
            if "partner" in typed:
                typed["partner"] = new
            changed[draft_id] = {
                **document,
                "answers": answers,
                "typed": typed,
                "revision": int(document.get("revision", 0)) + 1,
            }
        if changed:
            self._write(self.path / "drafts.json", DRAFTS, drafts | changed)

    def restore(self, diagnosis: Diagnosis, meeting: Meeting | None = None) -> Diagnosis:
        """Put back a deleted diagnosis (undo), with its edits, outcome and conversation, under
        a new id, in one write; then ``meeting``, its meeting in progress when it went (see
        :meth:`remove`), under that new id, as typed (its revisions start again there)."""
        with self._changing():
            restored = self.save(
                diagnosis.answers, created_at=diagnosis.created_at, kept=kept_of(diagnosis)
            )
            if meeting is not None and restored.id is not None:
                self.save_meeting(restored.id, replace(meeting, revision=0))
        return restored

    def finish_draft(self, draft: Draft, answers: Mapping[str, str]) -> Diagnosis:
        """Save the diagnosis of a finished draft and remove the draft: the partner file
        first (recording the draft it came from), then the index, then the draft, so a kill
        anywhere leaves the draft or the diagnosis, never both as two. A draft changed in
        another window since ``draft.revision`` stays, with that window's answers."""
        with self._changing():
            stored = (self._read(self.path / "drafts.json", DRAFTS) or {}).get(draft.id or 0)
            changed = stored is not None and int(stored.get("revision", 0)) != draft.revision
            diagnosis = self.save(answers, draft=None if changed else draft.id)
            if not changed:
                self._forget_draft(draft.id)
        return diagnosis

    def warm(self) -> None:
        """Check the folder against the index (cheap: a stat per partner file)."""
        with self._changing():
            self._reconcile()

    def close(self) -> None:
        """Nothing is held open between changes; kept for callers that close."""

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
