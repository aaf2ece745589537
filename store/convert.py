"""Where the database is, and the one-time conversion of the old single-file layout.

``--db PATH``, else ``$UNSTALL_DB``, else the user data folder. A folder (or a path that does
not exist yet) is the database. A file is a database in the layout before schema 5
(``unstall.json`` with its ``.details.N`` answers files and its journal): it is converted once
into a folder beside it (``unstall.json`` -> ``unstall/``), after a copy of every one of its
files is kept in ``<folder>/backup-old-layout/``. The old files themselves are never changed,
so nothing can be lost; the next open with the same path finds the folder and uses it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from playbook.diagnosis import Diagnosis
from playbook.history import partner_key, stored_fields
from store.errors import DatabaseUnreadable
from store.files import make_private_dirs
from store.folder import Folder, _stat
from store.old_layout import OldDatabase, OldLayoutDamaged, read_old
from store.records import DIAGNOSES, DRAFTS, META, PARTNERS, SCHEMA

BACKUP = "backup-old-layout"


def folder_for(path: Path) -> Path:
    """The folder an old-layout file converts into: its name without ``.json``."""
    return path.with_suffix("") if path.suffix == ".json" else path.with_name(path.name + ".d")


def resolve(path: Path) -> tuple[Path, OldDatabase | None]:
    """The database folder for ``path``; and, when ``path`` is an old-layout file not yet
    converted, what it holds (read only, every file of it already copied into the folder's
    backup), for the repository to write into the folder."""
    if not path.is_file():
        return path, None
    folder = folder_for(path)
    if (folder / "meta.json").is_file():
        return folder, None  # converted before
    backup = folder / BACKUP
    if folder.exists() and any(folder.iterdir()):
        if not backup.is_dir():
            raise DatabaseUnreadable(
                path,
                f"this database should be converted into {folder}, but that folder is in use",
                "Move that folder away and open the database again",
            )
        # A conversion cut short (it writes meta.json last): start it again.
        for name in ("partners", "drafts.json", "index.json"):
            target = folder / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    try:
        old = read_old(path)
    except OldLayoutDamaged as error:
        raise DatabaseUnreadable(
            error.path,
            f"{error.reason}; the database cannot be converted to the new layout",
            "Nothing was changed. Restore the file from a backup, or use --db with a new folder",
            database=path,
        ) from error
    make_private_dirs(backup)
    for file in old.files:
        if file.is_file():
            shutil.copy2(file, backup / file.name)
    return folder, old


def notice(source: Path, folder: Path) -> str:
    """What to tell the user once a conversion is done."""
    return (
        f"Your database was converted to the new layout: it is now the folder {folder}. The "
        f"old file {source} is kept as it was, and a copy of it is in {folder / BACKUP}."
    )


def adopt(folder: Folder, old: OldDatabase) -> None:
    """Write an old-layout database into this (new) folder, keeping every id, draft,
    edit and outcome; the meta record last, so a conversion cut short starts again."""
    by_partner: dict[str, dict[int, dict[str, Any]]] = {}
    for item in old.diagnoses:
        diagnosis = Diagnosis.from_answers(item.answers, method=item.method)
        by_partner.setdefault(partner_key(diagnosis.partner), {})[item.id] = {
            "answers": dict(item.answers),
            **stored_fields(diagnosis),
            "method": item.method,
            "created_at": item.created_at,
            "edited_points": item.edited_points,
            "outcome": item.outcome,
            "draft": None,
        }
    index: dict[int, dict[str, Any]] = {}
    for key, documents in by_partner.items():
        path = folder._partner_path(key)
        folder._write(path, DIAGNOSES, documents)
        index[len(index) + 1] = folder._entry(key, path.name, documents, _stat(path))
    drafts = {int(d["id"]): {k: v for k, v in d.items() if k != "id"} for d in old.drafts}
    folder._write(folder.path / "drafts.json", DRAFTS, drafts)
    folder._write(folder.path / "index.json", PARTNERS, index)
    next_draft = max(drafts, default=0) + 1
    folder._write(
        folder.path / "meta.json",
        META,
        {1: {"schema": SCHEMA, "next_id": old.next_id, "next_draft": next_draft}},
    )
