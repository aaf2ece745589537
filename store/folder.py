"""The folder's files, one layer under the repository: read fresh and checked for shape,
written whole and atomically (with a ``.bak`` of the version before), under the folder's
lock; the ids; the index kept in line with the partner files; damaged files set aside or
refused, never written."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout

from playbook import clock
from playbook.history import INDEX_FIELDS, partner_key
from store.backup import keep_backup
from store.errors import DatabaseInUse, DatabaseNewer, DatabaseUnreadable, change_failed
from store.files import atomic_write_many
from store.records import (
    DIAGNOSES,
    DRAFTS,
    LOCK_WAIT,
    META,
    PARTNERS,
    SCHEMA,
    Damaged,
    check_shape,
    may_hold,
    no_repeats,
    partner_file_name,
)


def backup_of(path: Path) -> Path:
    """Where the version of ``path`` before its last change is kept."""
    return path.with_name(path.name + ".bak")


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


class Folder:
    """The file layer the repository is built on (see the module docstring)."""

    path: Path
    partners_dir: Path
    damaged: dict[Path, Damaged]
    _lock: FileLock

    def _read(
        self, path: Path, table: str, known: list[int] | None = None, text: str | None = None
    ) -> dict[int, dict[str, Any]] | None:
        """A file's table as ``{doc_id: document}`` (``{}`` when the file is absent), or
        ``None`` when it cannot be read or is not the shape it should be (then it is recorded
        in :attr:`damaged`, and never written). A file whose stat is still ``known`` (the
        index's: as written and checked) is parsed without the checks, and skipped (``{}``)
        when its bytes show it cannot hold ``text`` (see :func:`may_hold`)."""
        stat = _stat(path)
        if stat is None:
            return {}
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stat:
            return dict(cached[1])  # unchanged on disk since it was read: no parse again
        try:
            with path.open("rb") as handle:
                raw = handle.read()
            if known == stat:
                if text is not None and not may_hold(raw, text):
                    return {}
                return {int(key): doc for key, doc in orjson.loads(raw)[table].items()}
            if not raw.strip():
                raise ValueError("the file is empty")
            # The index is derived: an entry a repeated key hides is made again from its file.
            data = (
                orjson.loads(raw)
                if table == PARTNERS
                else json.loads(raw, object_pairs_hook=no_repeats)
            )
            if not isinstance(data, dict) or (data and not isinstance(data.get(table), dict)):
                raise ValueError(f"it does not hold the TinyDB table '{table}'")
            result = {}
            for key, document in data.get(table, {}).items():
                if not key.isdigit() or not isinstance(document, dict):
                    raise ValueError(f"document {key!r} is not a TinyDB document")
                result[int(key)] = document
            check_shape(path, table, result)
        except (OSError, ValueError, TypeError, KeyError, RecursionError) as error:
            backup = backup_of(path)
            reason = (
                "it is a folder, where a file should be"
                if isinstance(error, IsADirectoryError)
                else f"it cannot be read ({error})"
            )
            self.damaged[path] = Damaged(path, reason, backup if backup.exists() else None)
            return None
        self.damaged.pop(path, None)
        if path.parent == self.path:  # the small files: kept parsed while they are unchanged
            self._cache[path] = (stat, result)
        return dict(result)

    def _write(self, path: Path, table: str, documents: Mapping[int, Mapping[str, Any]]) -> None:
        """Replace a file's table with ``documents``, keeping the previous version as
        ``<file>.bak`` (a hard link, a copy where links fail). Never called for a damaged file."""
        self._write_many([(path, table, documents)])

    def _write_many(self, files: list[tuple[Path, str, Mapping[int, Mapping[str, Any]]]]) -> None:
        """:meth:`_write` for several files, flushed to disk together (an import)."""
        contents = []
        for path, table, documents in files:
            assert path not in self.damaged, path
            if path.exists():
                with contextlib.suppress(OSError):
                    backup_of(path).unlink(missing_ok=True)
                    keep_backup(path, backup_of(path))
            # One write of the whole file: all of the change or none of it (never empty).
            data = {table: {str(doc_id): dict(doc) for doc_id, doc in documents.items()}}
            # Partner files in ASCII, as the search's quick look wants them (see may_hold).
            encoded = orjson.dumps(data) if table == PARTNERS else json.dumps(data).encode()
            contents.append((path, encoded))
        atomic_write_many(contents)
        for path, _, documents in files:
            self._cache.pop(path, None)
            stat = _stat(path)
            if path.parent == self.path and stat is not None:  # what was written is there
                self._cache[path] = (stat, {k: dict(v) for k, v in documents.items()})

    def _partner_path(self, key: str) -> Path:
        return self.partners_dir / partner_file_name(key)

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """Hold the database's lock for one change: another process's change finishes first,
        and everything read inside is read fresh from disk."""
        try:
            with self._lock:
                yield
        except Timeout as error:
            raise DatabaseInUse(
                self.path,
                f"another Unstall has held the database for more than {LOCK_WAIT:.0f} seconds",
                "Close the other window, or try again in a moment",
            ) from error
        except OSError as error:
            lock = Path(os.path.abspath(self._lock.lock_file))
            if error.filename is None or Path(os.path.abspath(error.filename)) != lock:
                raise change_failed(error, self.path) from error  # a write inside the change
            what = (
                "is a folder" if lock.is_dir() else f"cannot be opened ({error.strerror or error})"
            )
            raise DatabaseUnreadable(
                lock,
                f"the lock file {what}: every change to the database holds it",
                "Remove it (it holds no data), or make it a file you can read and write",
                database=self.path,
            ) from error

    # -- meta, ids and the index ------------------------------------------------------------

    def _check_meta(self) -> None:
        """The schema and the id counters. A counter is never behind an id in use; a damaged
        record is set aside and rebuilt from the ids the files show."""
        path = self.path / "meta.json"
        raw = None
        with contextlib.suppress(OSError, ValueError, AttributeError):
            raw = json.loads(path.read_bytes()).get(META, {}).get("1", {}).get("schema")
        if isinstance(raw, int) and raw > SCHEMA:
            raise DatabaseNewer(
                path, "this database was written by a newer Unstall", "Update Unstall to open it"
            )
        meta = self._read(path, META)
        if meta is None:
            self._set_aside(path)
            meta = {}
        document = dict(meta.get(1, {}))
        index = self._index()
        used = max((i for entry in index.values() for i in entry["ids"]), default=0)
        drafts = self._read(self.path / "drafts.json", DRAFTS) or {}
        wanted = {
            **document,
            "schema": SCHEMA,
            "next_id": max(int(document.get("next_id", 1)), used + 1),
            "next_draft": max(int(document.get("next_draft", 1)), max(drafts, default=0) + 1),
        }
        if wanted != document:
            self._write(path, META, {1: wanted})

    def _ids(self, counter: str, count: int) -> list[int]:
        """``count`` fresh ids from ``counter`` (inside a change): never one given before."""
        if not count:
            return []
        first = int(self._meta().get(counter, 1))
        self._note(counter, first + count)
        return list(range(first, first + count))

    def _meta(self) -> dict[str, Any]:
        """meta.json's record, read inside a change; a damaged one raises."""
        path = self.path / "meta.json"
        meta = self._read(path, META)
        if meta is None:
            raise DatabaseUnreadable(path, "the database's own record cannot be read")
        return dict(meta.get(1, {"schema": SCHEMA}))

    def _note(self, name: str, value: Any) -> None:
        """Inside a change: set (``None``: remove) one value of meta.json's record."""
        document = self._meta()
        document[name] = value
        if value is None:
            del document[name]
        self._write(self.path / "meta.json", META, {1: document})

    def _index(self) -> dict[int, dict[str, Any]]:
        """The index; a damaged one is moved aside (it is derived) and built again."""
        path = self.path / "index.json"
        index = self._read(path, PARTNERS)
        if index is None:
            self._set_aside(path)
            index = self._in_line({}, self._partner_files())[0]
            self._write(path, PARTNERS, index)
        return index

    def _partner_files(self) -> dict[str, Path]:
        found = os.listdir(self.partners_dir) if self.partners_dir.is_dir() else []
        names = sorted(name for name in found if name.endswith(".json"))
        return {name: self.partners_dir / name for name in names}

    def _in_line(
        self, index: dict[int, dict[str, Any]], files: Mapping[str, Path]
    ) -> tuple[dict[int, dict[str, Any]], bool]:
        """``index`` brought in line with the partner ``files``, and whether it changed: an
        entry whose file changed since it was written is made again, a file with no entry gets
        one, an entry with no file goes. A damaged file keeps whatever the index says."""
        by_file = {entry.get("file"): (doc_id, entry) for doc_id, entry in index.items()}
        changed, dirty = dict(index), False
        for name, path in files.items():
            found, stat = by_file.get(name), _stat(path)
            if found is not None and found[1].get("stat") == stat:
                continue
            documents = self._read(path, DIAGNOSES)
            if documents is None:
                continue  # damaged: reported
            dirty = True
            if found is not None:
                del changed[found[0]]
            if documents:
                key = next(iter(documents.values()))["partner_key"]
                changed[max(changed, default=0) + 1] = self._entry(key, name, documents, stat)
        for doc_id, entry in index.items():
            if entry.get("file") not in files:
                changed.pop(doc_id, None)
                dirty = True
        return changed, dirty

    def _set_aside(self, path: Path) -> Path:
        """Move a damaged file that can be rebuilt (the index, the ids) out of the way: it is
        kept, never overwritten, as ``<name>.damaged-<time>[-n]``."""
        stamp = f"{path.name}.damaged-{clock.now():%Y%m%d-%H%M%S}"
        aside, number = path.with_name(stamp), 1
        while aside.exists():
            number += 1
            aside = path.with_name(f"{stamp}-{number}")
        os.replace(path, aside)
        self.damaged.pop(path, None)
        return aside

    @staticmethod
    def _entry(
        key: str, file: str, documents: Mapping[int, Mapping[str, Any]], stat: list[int] | None
    ) -> dict[str, Any]:
        ranked = sorted(documents.items(), key=lambda item: (item[1]["diagnosed_on"], item[0]))

        def pick(position: int) -> list[Any] | None:
            if len(ranked) < position:
                return None
            doc_id, document = ranked[-position]
            return [doc_id, {name: document.get(name) for name in INDEX_FIELDS}]

        return {
            "key": key,
            "file": file,
            "count": len(ranked),
            "ids": sorted(documents),
            "drafts": sorted({int(d["draft"]) for d in documents.values() if d.get("draft")}),
            "stat": stat,
            "latest": pick(1),
            "previous": pick(2),
        }

    def _reconcile(self) -> None:
        """Bring the index in line with the partner files (inside a change, see
        :meth:`_in_line`); a diagnosis in two files keeps one; a draft that a saved diagnosis
        came from (a kill before it was removed) goes."""
        files = self._partner_files()
        changed, dirty = self._in_line(self._index(), files)
        ids = [entry["ids"] for entry in changed.values()]
        if sum(map(len, ids)) != len(set().union(*ids)):  # a diagnosis in two files
            self._one_copy_each(changed, files)
            dirty = True
        for leftover in [*self.path.glob(".*.tmp"), *self.partners_dir.glob(".*.tmp")]:
            leftover.unlink(missing_ok=True)  # a write killed before its rename: not data
        if dirty:
            self._write(self.path / "index.json", PARTNERS, changed)
        finished = {d: entry["key"] for entry in changed.values() for d in entry.get("drafts", ())}
        drafts = self._read(self.path / "drafts.json", DRAFTS) or {}
        kept = {
            draft_id: document
            for draft_id, document in drafts.items()
            if finished.get(draft_id) != partner_key(str(document["answers"].get("partner", "")))
        }
        if len(kept) != len(drafts):
            self._write(self.path / "drafts.json", DRAFTS, kept)

    def _one_copy_each(self, entries: dict[int, dict[str, Any]], files: Mapping[str, Path]) -> None:
        """A diagnosis in two partner files (a rename killed between its two writes) stays
        only in the newer file, the one the rename wrote first."""
        seen: set[int] = set()
        newest_first = sorted(entries.items(), key=lambda item: -(item[1]["stat"] or [0, 0])[1])
        for number, entry in newest_first:
            twice = seen.intersection(entry["ids"])
            seen.update(entry["ids"])
            if not twice:
                continue
            del entries[number]
            path = files[entry["file"]]
            documents = self._read(path, DIAGNOSES)
            if documents is None:
                continue
            kept = {k: v for k, v in documents.items() if k not in twice}
            if kept:
                self._write(path, DIAGNOSES, kept)
                entries[number] = self._entry(entry["key"], path.name, kept, _stat(path))
            else:
                path.unlink(missing_ok=True)

    def _put_partners(self, files: Mapping[str, Mapping[int, Mapping[str, Any]]]) -> None:
        """Write partners' files, then remove the emptied ones, then write the index once."""
        paths = {key: self._partner_path(key) for key in files}
        # Written before any is removed: a diagnosis moving files is never on neither.
        self._write_many([(paths[key], DIAGNOSES, docs) for key, docs in files.items() if docs])
        for key, documents in files.items():
            if not documents:
                paths[key].unlink(missing_ok=True)
        index = self._index()
        names = {path.name for path in paths.values()}
        kept = {doc_id: entry for doc_id, entry in index.items() if entry["file"] not in names}
        number = max(index, default=0)
        for key, documents in files.items():
            if documents:
                number += 1
                kept[number] = self._entry(key, paths[key].name, documents, _stat(paths[key]))
        self._write(self.path / "index.json", PARTNERS, kept)

    def _forget(self, path: Path, table: str, doc_id: int | None) -> None:
        """Inside a change: remove one document, and the backup that still holds its text (a
        damaged file is never written, and its backup is kept)."""
        documents = None if doc_id is None else self._read(path, table)
        if documents is None:
            return
        if doc_id in documents:
            del documents[doc_id]
            self._write(path, table, documents)
        backup_of(path).unlink(missing_ok=True)

    def _partner(self, key: str) -> dict[int, dict[str, Any]]:
        """One partner's diagnoses, read fresh; a damaged file raises."""
        return self._must_read(self._partner_path(key), DIAGNOSES)

    def _must_read(self, path: Path, table: str) -> dict[int, dict[str, Any]]:
        """:meth:`_read`, where a damaged file raises, naming its backup when there is one."""
        documents = self._read(path, table)
        if documents is None:
            damage, advice = self.damaged[path], "Restore it from a copy, or move it away"
            if damage.backup:
                advice = f"Restore it from {damage.backup.name}, the copy beside it"
            raise DatabaseUnreadable(path, damage.reason, advice, database=self.path)
        return documents

    def _locate(self, diagnosis_id: int) -> tuple[str, dict[int, dict[str, Any]]] | None:
        """The partner key and diagnoses of the file holding ``diagnosis_id``."""
        for entry in self._index().values():
            if diagnosis_id in entry.get("ids", ()):
                documents = self._partner(entry["key"])
                if diagnosis_id in documents:
                    return entry["key"], documents
        for path in self._partner_files().values():  # an index behind the files
            documents = self._read(path, DIAGNOSES)
            if documents and diagnosis_id in documents:
                return next(iter(documents.values()))["partner_key"], documents
        return None

    # -- diagnoses --------------------------------------------------------------------------
