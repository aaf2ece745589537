"""Durable TinyDB storage (interim step: atomic rewrite, in-memory cache, inter-process lock).

``DEFAULT_STORAGE`` is a TinyDB ``Storage``; ``UnstallTinyDB`` is a TinyDB whose tables notice
changes made by another process. Use ``with db.storage.lock():`` around a read-modify-write.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import threading
from collections.abc import Iterator, Mapping
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from store.errors import DatabaseUnreadable, DatabaseWriteFailed

_TEMP_MARK = ".tmp-"
_StatKey = tuple[int, int, int, int] | None


def _stat_key(path: str) -> _StatKey:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _fsync_dir(directory: str) -> None:
    fd = os.open(directory or ".", os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_failed(path: str, error: OSError) -> DatabaseWriteFailed:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason, advice = "the disk is full", "Free some space and save again"
    elif isinstance(error, PermissionError) or error.errno in (errno.EROFS, errno.EACCES):
        reason, advice = "the database folder is not writable", "Check its permissions"
    else:
        reason, advice = f"the database could not be saved ({error.strerror or error})", ""
    return DatabaseWriteFailed(path, reason, advice or "Your last saved data is unchanged")


def _validate(path: str, data: Any) -> dict[str, dict[str, Any]]:
    advice = "It was left untouched; move it aside or restore a backup to start again"
    if not isinstance(data, dict):
        raise DatabaseUnreadable(path, "the file is not an Unstall database", advice)
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DatabaseUnreadable(path, f"table {name!r} is not a table", advice)
        for doc_id, doc in table.items():
            if not isinstance(doc, dict) or not doc_id.isdigit():
                raise DatabaseUnreadable(
                    path, f"table {name!r} holds a broken document ({doc_id!r})", advice
                )
    return data


class DurableJSONStorage(Storage):
    """A TinyDB storage: plain JSON, atomic writes, cached reads, an inter-process lock."""

    def __init__(self, path: str | os.PathLike[str], create_dirs: bool = True, **_: Any) -> None:
        self.path = os.path.abspath(os.fspath(path))
        self.directory = os.path.dirname(self.path)
        self.lock_path = self.path + ".lock"
        self._mutex = threading.RLock()
        self._depth = 0
        self._lock_fd: int | None = None
        self._data: dict[str, dict[str, Any]] | None = None
        self._key: _StatKey = None
        #: Bumped whenever this storage picks up a change made by someone else.
        self.generation = 0
        try:
            if create_dirs and not os.path.isdir(self.directory):
                os.makedirs(self.directory, mode=0o700, exist_ok=True)
            self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as error:
            if not os.path.exists(self.path):
                raise _write_failed(self.path, error) from error
            self._lock_fd = None  # read-only place: reads work, writes will fail clearly
        with self.lock():
            self._clean_temps()
            if not os.path.exists(self.path):
                try:
                    fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    os.fsync(fd)
                    os.close(fd)
                    _fsync_dir(self.directory)
                except FileExistsError:
                    pass
                except OSError as error:
                    raise _write_failed(self.path, error) from error
            self._load()

    # -- locking --------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the database exclusively (reentrant) for a multi-step read-modify-write."""
        with self._mutex:
            if self._depth == 0 and self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._lock_fd is not None:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    # -- Storage API ----------------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        with self._mutex:
            if self._data is None or _stat_key(self.path) != self._key:
                with self.lock():
                    self._load()
            assert self._data is not None
            return dict(self._data)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        with self.lock():
            text = json.dumps(data)
            try:
                self._replace_file(text.encode("utf-8"))
            except OSError as error:
                self._data = None
                self._key = None
                raise _write_failed(self.path, error) from error
            self._data = json.loads(text)
            self._key = _stat_key(self.path)

    def close(self) -> None:
        with self._mutex:
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    # -- internals ------------------------------------------------------------------------

    def _load(self) -> None:
        previous = self._key
        try:
            with open(self.path, "rb") as handle:
                key = _stat_key(self.path)
                raw = handle.read()
        except FileNotFoundError:
            raw, key = b"", None
        except OSError as error:
            raise DatabaseUnreadable(
                self.path, f"the file cannot be read ({error.strerror})", "Check its permissions"
            ) from error
        if not raw.strip():
            data: dict[str, dict[str, Any]] = {}
        else:
            try:
                data = _validate(self.path, json.loads(raw))
            except (ValueError, UnicodeDecodeError) as error:
                raise DatabaseUnreadable(
                    self.path,
                    "the file is not valid JSON (damaged or truncated)",
                    "It was left untouched; move it aside or restore a backup to start again",
                ) from error
        if previous is not None and key != previous:
            self.generation += 1
        self._data, self._key = data, key

    def _replace_file(self, payload: bytes) -> None:
        temp = f"{self.path}{_TEMP_MARK}{os.getpid()}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _fsync_dir(self.directory)

    def _clean_temps(self) -> None:
        prefix = os.path.basename(self.path) + _TEMP_MARK
        with contextlib.suppress(OSError):
            for name in os.listdir(self.directory):
                if name.startswith(prefix):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(self.directory, name))


class UnstallTable(Table):
    """A TinyDB table that forgets its cached next id and query results when another process
    changed the database, and takes the storage lock around every write."""

    def _lock(self) -> contextlib.AbstractContextManager[Any]:
        lock = getattr(self._storage, "lock", None)
        return lock() if lock is not None else contextlib.nullcontext()

    def _check_generation(self) -> None:
        generation = getattr(self._storage, "generation", None)
        if generation != getattr(self, "_seen_generation", None):
            self._seen_generation = generation
            self._next_id = None
            self.clear_cache()

    def _read_table(self) -> dict[str, Mapping]:  # type: ignore[override]
        table = super()._read_table()
        self._check_generation()
        return table

    def _get_next_id(self) -> int:
        self._read_table()
        return super()._get_next_id()

    def search(self, cond: Any) -> list[Any]:
        self._read_table()
        return super().search(cond)

    def insert(self, document: Mapping) -> int:
        with self._lock():
            return super().insert(document)

    def insert_multiple(self, documents: Any) -> list[int]:
        with self._lock():
            return super().insert_multiple(documents)

    def update(self, *args: Any, **kwargs: Any) -> list[int]:
        with self._lock():
            return super().update(*args, **kwargs)

    def update_multiple(self, *args: Any, **kwargs: Any) -> list[int]:
        with self._lock():
            return super().update_multiple(*args, **kwargs)

    def upsert(self, *args: Any, **kwargs: Any) -> list[int]:
        with self._lock():
            return super().upsert(*args, **kwargs)

    def remove(self, *args: Any, **kwargs: Any) -> list[int]:
        with self._lock():
            return super().remove(*args, **kwargs)

    def truncate(self) -> None:
        with self._lock():
            super().truncate()


class UnstallTinyDB(TinyDB):
    """TinyDB for files shared between processes (the TUI and the CLI)."""

    table_class = UnstallTable
    default_storage_class = DurableJSONStorage

    def _lock(self) -> contextlib.AbstractContextManager[Any]:
        lock = getattr(self.storage, "lock", None)
        return lock() if lock is not None else contextlib.nullcontext()

    def drop_table(self, name: str) -> None:
        with self._lock():
            super().drop_table(name)

    def drop_tables(self) -> None:
        with self._lock():
            super().drop_tables()


DEFAULT_STORAGE = DurableJSONStorage
AtomicJSONStorage = DurableJSONStorage  # the interim name
