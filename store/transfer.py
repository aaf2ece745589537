"""Moving diagnoses in and out of the repository: what an export holds, an import (checked
by :mod:`playbook.exchange`: invalid items rejected, exact duplicates skipped, the rest saved in
one write), and private files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playbook.diagnosis import Diagnosis
from playbook.exchange import ImportReport, canonical, check_import
from store.files import atomic_write
from store.repository import Repository


def load_diagnoses(repository: Repository, partner: str | None = None) -> list[Diagnosis]:
    """Every diagnosis (or one partner's, matched as :meth:`Repository.list` does), for an
    export."""
    found = (repository.get(summary.id) for summary in repository.list(partner))
    return [diagnosis for diagnosis in found if diagnosis is not None]


def stored_answers(repository: Repository) -> dict[str, int]:
    """Every stored diagnosis's canonical answers -> its id (the lowest, if repeated), read in
    one pass over the table: no per-diagnosis lookup and no recomputed verdicts."""
    found: dict[str, int] = {}
    for doc_id, answers in sorted(repository.all_answers().items()):
        found.setdefault(canonical(answers), doc_id)
    return found


def import_answers(repository: Repository, data: object, today: date) -> ImportReport:
    """Import a parsed answers export (a list of answers objects) into ``repository``, as
    :func:`playbook.exchange.check_import` says; what it accepts is saved in one write."""
    seen = stored_answers(repository) if isinstance(data, list) else {}
    report, accepted, held = check_import(data, today, seen)
    if accepted:
        saved = repository.save_many(accepted, conversations=held)
        report.added = [diagnosis.id for diagnosis in saved if diagnosis.id is not None]
    return report


def write_private(path: Path, text: str) -> None:
    """Create or replace ``path`` with ``text`` (UTF-8, line endings as given), readable and
    writable by its owner only (0600, even if the old file was wider), atomically (see
    :func:`store.files.atomic_write`, the one atomic write of the project)."""
    atomic_write(path, text.encode("utf-8"))
