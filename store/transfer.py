"""Moving diagnoses in and out of the repository: what an export holds, an import (checked by
:mod:`playbook.exchange`), and private files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playbook.diagnosis import Diagnosis
from playbook.exchange import ImportReport, canonical, check_import, completion
from playbook.history import Kept, kept_of
from store.files import atomic_write
from store.repository import Repository


def load_diagnoses(repository: Repository, partner: str | None = None) -> list[Diagnosis]:
    """Every diagnosis (or one partner's, as :meth:`Repository.list` matches), for an export."""
    found = (repository.get(summary.id) for summary in repository.list(partner))
    return [diagnosis for diagnosis in found if diagnosis is not None]


def import_answers(repository: Repository, data: object, today: date) -> ImportReport:
    """Import a parsed answers export (a list of items) into ``repository``, as
    :func:`playbook.exchange.check_import` says: what it accepts is saved in one write; an item
    equal to a stored diagnosis gives it what it lacks (its conversation, edited points,
    outcome), never replacing what it has."""
    seen: dict[str, int] = {}  # each stored diagnosis's canonical answers -> its lowest id
    if isinstance(data, list):  # one pass over the table, no verdicts recomputed
        for doc_id, answers in sorted(repository.all_answers().items()):
            seen.setdefault(canonical(answers), doc_id)
    report, accepted, duplicates = check_import(data, today, seen)
    if accepted:
        saved = repository.save_many([a for a, _ in accepted], kept=[k for _, k in accepted])
        report.added = [diagnosis.id for diagnosis in saved if diagnosis.id is not None]
    for index, doc_id, kept in duplicates:
        _complete(repository, report, index, doc_id, kept)
    report.skipped.sort()
    return report


def _complete(
    repository: Repository, report: ImportReport, index: int, doc_id: int, kept: Kept
) -> None:
    """Give stored diagnosis ``doc_id`` what item ``index`` keeps and it lacks."""
    diagnosis = repository.get(doc_id)
    add, added, differs = completion(kept_of(diagnosis) if diagnosis else Kept(), kept)
    if add.conversation is not None:
        repository.set_conversation(doc_id, add.conversation)
    if add.edited_points is not None:
        repository.set_edited_points(doc_id, add.edited_points)
    if add.outcome is not None:
        repository.set_outcome(doc_id, add.outcome)
    report.duplicate(index, doc_id, added, differs)


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line endings as given) atomically, 0600."""
    atomic_write(path, text.encode("utf-8"))
