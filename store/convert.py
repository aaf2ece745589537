"""Where the database is: a folder, or a path not there yet. A file is in the layout before
schema 5 (``unstall.json`` with its ``.details.N`` and journal): it is converted once into the
folder beside it (``unstall.json`` -> ``unstall/``), after a copy of each of its files is kept in
``<folder>/backup-old-layout/``. The old files are never changed: nothing can be lost."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

from playbook.diagnosis import Diagnosis
from playbook.history import partner_key, stored_fields
from store.errors import DatabaseUnreadable
from store.files import make_private_dirs
from store.folder import Folder
from store.old_layout import OldDatabase, OldLayoutDamaged, read_old
from store.records import BACKUP, DRAFTS, META, SCHEMA


def resolve(path: Path) -> tuple[Path, OldDatabase | None]:
    """The database folder for ``path``; and, when ``path`` is an old-layout file not yet
    converted, what it holds (every file of it already copied into the folder's backup)."""
    if not path.is_file():
        return path, None
    folder = path.with_suffix("") if path.suffix == ".json" else path.with_name(path.name + ".d")
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
        for target in (folder / "partners", folder / "drafts.json", folder / "index.json"):
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
    return (
        f"Your database was converted to the new layout: it is now the folder {folder}. The "
        f"old file {source} is kept as it was, and a copy of it is in {folder / BACKUP}."
    )


def adopt(folder: Folder, old: OldDatabase) -> None:
    """Write an old-layout database into this new folder, keeping every id, draft, edit and
    outcome; meta.json last, so a conversion cut short starts again."""
    by_partner: dict[str, dict[int, dict[str, Any]]] = {}
    for item in old.diagnoses:
        diagnosis = Diagnosis.from_answers(item.answers, method=item.method)
        document = {**asdict(item), **stored_fields(diagnosis), "draft": None}
        by_partner.setdefault(partner_key(diagnosis.partner), {})[document.pop("id")] = document
    folder._put_partners(by_partner)  # the partner files, then the index
    drafts = {int(d["id"]): {k: v for k, v in d.items() if k != "id"} for d in old.drafts}
    folder._write(folder.path / "drafts.json", DRAFTS, drafts)
    meta = {"schema": SCHEMA, "next_id": old.next_id, "next_draft": max(drafts, default=0) + 1}
    folder._write(folder.path / "meta.json", META, {1: meta})
