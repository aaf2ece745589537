"""Moving diagnoses in and out of the repository: what an export holds, an import (checked by
:mod:`playbook.exchange`), and private files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playbook.diagnosis import Diagnosis
from playbook.exchange import ImportReport, canonical, check_import
from store.files import atomic_write
from store.repository import Repository


def load_diagnoses(repository: Repository, partner: str | None = None) -> list[Diagnosis]:
    """Every diagnosis (or one partner's, as :meth:`Repository.list` matches), for an export."""
    found = (repository.get(summary.id) for summary in repository.list(partner))
    return [diagnosis for diagnosis in found if diagnosis is not None]


def import_answers(repository: Repository, data: object, today: date) -> ImportReport:
    """Import a parsed answers export (a list of answers objects) into ``repository``, as
    :func:`playbook.exchange.check_import` says; what it accepts is saved in one write."""
    seen: dict[str, int] = {}  # each stored diagnosis's canonical answers -> its lowest id
    if isinstance(data, list):  # one pass over the table, no verdicts recomputed
        for doc_id, answers in sorted(repository.all_answers().items()):
            seen.setdefault(canonical(answers), doc_id)
    report, accepted, held = check_import(data, today, seen)
    if accepted:
        saved = repository.save_many(accepted, conversations=held)
        report.added = [diagnosis.id for diagnosis in saved if diagnosis.id is not None]
    return report


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line endings as given) atomically, 0600."""
    atomic_write(path, text.encode("utf-8"))
