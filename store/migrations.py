"""Schema versions of the database and the steps between them.

The version lives in the ``meta`` table. A database from an older version is migrated step by
step after a copy of the original is kept beside it (``<name>.v<N>.bak``, plain TinyDB JSON
holding everything the file and its journal held). A database from a
newer version of Unstall is refused, never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from tinydb import TinyDB

from store.errors import DatabaseNewer, DatabaseUnreadable

SCHEMA_VERSION = 4
META = "meta"

Migration = Callable[[TinyDB, Path], None]


def _from_0(db: TinyDB, path: Path) -> None:
    """Version 0 had no meta table; its documents are already in the version 1 shape."""


def _from_1(db: TinyDB, path: Path) -> None:
    """Version 2 keeps more beside each diagnosis (severity for trends, the proposed fix's due
    date, searchable text): recompute every summary from the stored answers."""
    from playbook.diagnosis import Diagnosis
    from store.summary import summary_fields

    data = db.storage.read() or {}
    documents = data.get("diagnoses", {})
    upgraded = {}
    for doc_id, document in documents.items():
        diagnosis = Diagnosis.from_answers(
            document["answers"], edited_points=document.get("edited_points"), method=1
        )
        upgraded[doc_id] = {
            **document,
            **summary_fields(diagnosis),
            "schema": 2,
            "outcome": document.get("outcome"),
        }
    # One write for the whole table, so a kill leaves either the old or the new version.
    db.storage.write({**data, "diagnoses": upgraded})
    db.clear_cache()


def _from_2(db: TinyDB, path: Path) -> None:
    """Version 3 keeps the answers out of memory, in a side file (``store.details``), with
    the text search looks through; the table keeps the summaries and where each record is."""
    from playbook.diagnosis import Diagnosis
    from store.details import DetailFiles, encode, search_tail
    from store.summary import search_info

    data = db.storage.read() or {}
    documents = data.get("diagnoses", {})
    todo = [(doc_id, doc) for doc_id, doc in documents.items() if "answers" in doc]
    if not todo:
        return
    payloads = []
    for _, document in todo:
        answers = document["answers"]
        info = search_info(answers).casefold()
        stored = document.get("search_text") or ""
        if document.get("edited_points") is None and stored.startswith(info + " "):
            points = stored[len(info) + 1 :]
        else:
            points = Diagnosis.from_answers(answers, method=1).talking_points.as_text()
        payloads.append(encode(answers, search_tail(info, points)))
    details = DetailFiles(path)
    try:
        # A fresh file: whatever an interrupted attempt left is not pointed at, and goes.
        generation = max(details.generations(), default=0) + 1
        pointers = details.append(generation, payloads)
    finally:
        details.close()
    upgraded = dict(documents)
    for (doc_id, document), pointer in zip(todo, pointers, strict=True):
        kept = {k: v for k, v in document.items() if k not in ("answers", "search_text")}
        upgraded[doc_id] = {**kept, "schema": 3, "detail": list(pointer)}
    # One write for the whole table, so a kill leaves either the old or the new version.
    db.storage.write({**data, "diagnoses": upgraded})
    db.clear_cache()


def _from_3(db: TinyDB, path: Path) -> None:
    """Version 4 keeps an index of partners (each one's latest diagnosis and the one before),
    so that home shows them without reading every diagnosis."""
    from store.summary import PARTNERS, partner_entries

    data = db.storage.read() or {}
    entries = partner_entries(data.get("diagnoses", {}))
    table = {str(number): entry for number, entry in enumerate(entries.values(), start=1)}
    db.storage.write({**data, PARTNERS: table})
    db.clear_cache()


VERSION_0_TABLES = frozenset({"diagnoses", "drafts"})
"""What a database held before it recorded its version: any other table is someone else's."""

MIGRATIONS: dict[int, Migration] = {0: _from_0, 1: _from_1, 2: _from_2, 3: _from_3}
"""Step ``n`` turns a version-``n`` database into version ``n + 1``."""


def stored_version(db: TinyDB, path: Path) -> int | None:
    """The schema version written in the file; ``None`` for a brand-new, empty database."""
    meta = db.table(META).all()
    if not meta:
        tables = sorted(name for name in db.tables() if name != META)
        foreign = [name for name in tables if name not in VERSION_0_TABLES]
        if foreign:
            raise DatabaseUnreadable(
                path,
                "the file is a TinyDB database, but not Unstall's (it has "
                f"{'a table' if len(foreign) == 1 else 'tables'} {', '.join(map(repr, foreign))})",
                "It was left untouched. Give --db the path of your Unstall database, or start "
                "a new one with --db NEW_FILE",
            )
        return 0 if tables else None
    version = meta[0].get("schema")
    if not isinstance(version, int) or version < 0:
        raise DatabaseUnreadable(
            path,
            f"the database records an invalid schema version ({version!r})",
            "Start a new database with --db NEW_FILE, or restore a backup.",
        )
    return version


def backup_path(path: Path, version: int) -> Path:
    candidate = path.with_name(f"{path.name}.v{version}.bak")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.v{version}.{number}.bak")
    return candidate


def write_backup(db: TinyDB, target: Path) -> None:
    """Everything the database holds, as plain TinyDB JSON, readable by the user only."""
    from store.storage import _fsync_dir, _sync, _write_all

    payload = json.dumps(db.storage.read() or {}).encode()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        _write_all(fd, payload)
        _sync(fd)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        _fsync_dir(str(target.parent))


def check_and_migrate(db: TinyDB, path: Path) -> int | None:
    """Refuse newer databases, migrate older ones (after a backup), stamp new ones.
    Returns the version found before any migration."""
    version = stored_version(db, path)
    if version is None:
        db.table(META).insert({"schema": SCHEMA_VERSION})
        return None
    if version > SCHEMA_VERSION:
        raise DatabaseNewer(
            path,
            f"this database was written by a newer version of Unstall (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION})",
            "Upgrade Unstall to open it, or start a new database with --db NEW_FILE.",
        )
    if version < SCHEMA_VERSION:
        backup = backup_path(path, version) if path.exists() else None
        if backup is not None:
            write_backup(db, backup)
        try:
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](db, path)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            kept = f"Everything it held is kept in {backup}. " if backup else ""
            what = (
                f"a document without its {error.args[0]!r} field"
                if isinstance(error, KeyError)
                else f"a document of a shape this version cannot upgrade ({error})"
            )
            raise DatabaseUnreadable(
                path,
                f"the database (schema {version}) holds {what}",
                f"{kept}Start a new database with --db NEW_FILE, or restore a backup",
            ) from error
        db.table(META).truncate()
        db.table(META).insert({"schema": SCHEMA_VERSION})
    return version
