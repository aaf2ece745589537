"""A TinyDB storage that never loses a save and stays fast with thousands of documents.

Layout on disk, for a database ``unstall.json``:

- ``unstall.json``: the *snapshot*, plain TinyDB JSON (``{"_default": {...}, "diagnoses":
  {"1": {...}}}``), readable by TinyDB's own ``JSONStorage``. Only ever replaced atomically
  (temp file, fsync, ``os.replace``, fsync of the folder).
- ``unstall.json.journal``: an append-only journal of the changes made since the snapshot. A
  32-byte header names the snapshot it belongs to (its size and CRC32), then one record per
  ``write()``: ``>II`` (payload length, CRC32 of payload) followed by a JSON list of operations:
  ``["s", table, id, doc]`` set a document, ``["d", table, id]`` delete it, ``["t", table,
  {...}]`` replace a whole table, ``["x", table]`` drop a table. Every operation is absolute, so
  replaying a journal twice gives the same result. A save appends one record and fsyncs it: the
  cost follows what changed, not the size of the database. A torn last record (a kill or a power
  cut during the append) is ignored and cut off by the next writer. When the journal grows past
  ``compact_ratio`` x the snapshot (and ``min_journal_bytes``), the state is written as a new
  snapshot and the journal deleted (compaction); small databases are also compacted on
  ``close()``, so after a clean exit the file is usually plain JSON again.
- ``unstall.json.lock``: a sidecar file for ``fcntl.flock``: every change holds it exclusively.
  ``close()`` removes it (holding the lock); anyone still using the database makes it anew.

In memory the parsed state is kept, and re-read only when another process changed the files
(seen through ``os.stat``: inode, size and mtime of both files); when only the journal grew, only
its new records are read. ``storage.generation`` counts the changes picked up from others. The
snapshot is written one line per table (still plain JSON), and a table is kept as its text until
something reads it: ``read(only=name)`` parses just that one (TinyDB's own ``read()`` parses all).

Like ``JSONStorage``, it takes ``create_dirs``, ``encoding`` (the file is always UTF-8) and
``access_mode``: ``"r"`` opens an existing database for reading only, creates and changes no
file, and refuses a write with ``DatabaseReadOnly`` (an ``OSError``, as JSONStorage raises).

Assumptions a caller must respect (the repository does):

- Documents returned by ``read()`` may be mutated *at the top level* (``doc[key] = ...``,
  ``doc.update(...)``, ``del doc[key]``: TinyDB's ``update`` does exactly that) followed by a
  ``write()``: such mutations are tracked. Values *nested* inside a document (``doc["answers"]``)
  must be replaced, never mutated in place: such a change would not be seen.
- The table dicts returned by ``read()`` are the storage's own: build a new dict to change a
  table (TinyDB's Table always does) rather than mutating one in place. ``write()`` takes
  ownership of the table dicts it is given.
- For a multi-step read-modify-write shared with other processes, hold ``with storage.lock():``
  (reentrant in one process, thread safe). ``UnstallTinyDB`` does that around every write
  operation of its tables and refreshes their cached next id when another process changed the
  file, so two processes inserting at once never collide.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import itertools
import json
import operator
import os
import stat
import struct
import threading
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from store.errors import DatabaseReadOnly, DatabaseUnreadable, DatabaseWriteFailed

__all__ = [
    "DEFAULT_STORAGE",
    "JournaledJSONStorage",
    "UnstallTable",
    "UnstallTinyDB",
    "read_tables",
]

_TEMP_MARK = ".tmp-"
_MAGIC = b"UNSTALL-JOURNAL1"
_HEADER = struct.Struct(">16sQII")  # magic, snapshot size, snapshot crc32, header crc32
_RECORD = struct.Struct(">II")  # payload length, payload crc32
_UNREADABLE_ADVICE = "It was left untouched; move it aside or restore a backup to start again"

Tables = dict[str, dict[str, Any]]
_StatKey = tuple[int, int, int, int] | None
_Dirty = list[tuple[str, str, "TrackedDocument"]]


# -- low-level file helpers (module level so tests can simulate a full disk) --------------


def _write_all(fd: int, payload: bytes) -> None:
    """Write every byte (os.write may write less than asked)."""
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def _sync(fd: int) -> None:
    os.fsync(fd)


def _fsync_dir(directory: str) -> None:
    fd = os.open(directory or ".", os.O_RDONLY | os.O_CLOEXEC)
    try:
        _sync(fd)
    finally:
        os.close(fd)


def _make_dirs(directory: str) -> None:
    """Create missing folders, each 0700 (os.makedirs applies the mode to the last only)."""
    missing = []
    while directory and not os.path.isdir(directory):
        missing.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a snapshot is parsed: tens of thousands of
    new dicts would otherwise set off collections that walk them all, again and again, for
    nothing (JSON cannot hold cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _key_of(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _stat_key(path: str) -> _StatKey:
    try:
        return _key_of(os.stat(path))
    except FileNotFoundError:
        return None


def _write_failed(path: str, error: OSError) -> DatabaseWriteFailed:
    """The error to raise for ``error``: what went wrong in words, and what to do."""
    if isinstance(error, DatabaseWriteFailed):
        return error  # already said
    failed = _described_failure(path, error)
    failed.errno, failed.strerror, failed.filename = error.errno, error.strerror, path
    return failed


def _described_failure(path: str, error: OSError) -> DatabaseWriteFailed:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason, advice = "the disk is full", "Free some space and save again"
    elif isinstance(error, PermissionError) or error.errno in (errno.EROFS, errno.EACCES):
        reason, advice = "the database folder is not writable", "Check its permissions"
    elif error.errno in (errno.ENOTDIR, errno.EEXIST, errno.ENOENT):
        reason, advice = "the database folder cannot be created", "Check the database path"
    else:
        reason, advice = f"the database could not be saved ({error.strerror or error})", ""
    return DatabaseWriteFailed(path, reason, f"{advice}. " * bool(advice) + "Nothing was lost")


def _table_changes(
    old: Mapping[str, Any], new: Mapping[Any, Any]
) -> tuple[list[str], list[str]] | None:
    """The ids in ``new`` whose document is not the very object in ``old`` (new or replaced),
    and the ids of ``old`` missing from ``new``; None if ``new`` has ids that are not strings.

    The usual case (TinyDB rebuilt the table: same ids in the same order, maybe new ones at
    the end) is checked with C-level loops: about 0.3 ms for 10,000 documents."""
    count = len(old)
    if len(new) >= count and all(map(operator.eq, old, new)):
        changed: list[str] = []
        if not all(map(operator.is_, old.values(), new.values())):
            first = itertools.islice(new.items(), count)
            changed = [key for key, doc in first if old[key] is not doc]
        added = list(itertools.islice(new, count, None))
        if not all(type(key) is str for key in added):
            return None
        return changed + added, []
    if not all(type(key) is str for key in new):
        return None
    changed = [key for key, doc in new.items() if old.get(key) is not doc]
    removed: list[str] = []
    if len(old) > len(new) - len(changed):
        removed = [key for key in old if key not in new]
    return changed, removed


# -- tables parsed when first needed ---------------------------------------------------------


class _Unparsed:
    """A table of the snapshot that nobody has asked for yet: its JSON text. Parsed on first
    use, so that opening a database with 10,000 diagnoses to show its partners does not build
    10,000 documents. Kept decoded, so that parsing it needs no second copy of the text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _split_tables(raw: bytes) -> dict[str, _Unparsed] | None:
    """The tables of a snapshot in the layout this storage writes (``{``, then one line per
    table, ``"name": {...}``, then ``}``: plain JSON all the same), each as its JSON text;
    ``None`` for any other layout (TinyDB's own, an older Unstall), which is parsed whole.
    Each table is decoded straight from ``raw``: no copy of the lines is made on the way."""
    if not raw.startswith(b"{\n") or not raw.endswith(b"\n}"):
        return None
    view = memoryview(raw)
    tables: dict[str, _Unparsed] = {}
    last_end = len(raw) - 2  # where the last table's line ends
    start = 2
    while True:
        end = raw.find(b"\n", start)
        if end < 0:
            return None
        stop = end if end == last_end else end - 1  # the line without its comma
        if stop != end and raw[stop] != ord(","):
            return None
        split = raw.find(b'": {', start, stop)
        if raw[start] != ord('"') or split < start + 1 or raw[stop - 1] != ord("}"):
            return None
        name = raw[start + 1 : split]
        if b"\\" in name or b'"' in name:
            return None  # an escaped name: rare enough to parse the whole file
        try:
            tables[name.decode()] = _Unparsed(str(view[split + 3 : stop], "utf-8"))
        except UnicodeDecodeError:
            return None
        if end == last_end:
            return tables
        start = end + 1


def _loads(text: str | bytes) -> Any:
    """``json.loads``, with equal strings in documents made one object: a history repeats its
    partners' names, dates, verdicts and causes thousands of times, and ``json`` makes a new
    string for each (it shares only the keys). Halves the memory of 10,000 summaries."""
    shared: dict[str, str] = {}
    share = shared.setdefault

    def hook(document: dict[str, Any]) -> dict[str, Any]:
        for key, value in document.items():
            if type(value) is str:
                document[key] = share(value, value)
        return document

    return json.loads(text, object_hook=hook)


def _snapshot_text(state: Mapping[str, Any]) -> bytes:
    """``state`` in the layout ``_split_tables`` reads."""
    dumps = json.dumps
    lines = [
        dumps(name).encode()
        + b": "
        + (table.text if type(table) is _Unparsed else dumps(table)).encode()
        for name, table in state.items()
    ]
    return b"{\n" + b",\n".join(lines) + b"\n}" if lines else b"{}"


# -- documents that notice top-level mutation -----------------------------------------------


class TrackedDocument(dict):
    """A document as kept in memory: any top-level mutation reports it to the storage, so a
    write only has to look at documents that really changed."""

    __slots__ = ("_where",)

    def __init__(self, value: Mapping[str, Any], sink: _Dirty, table: str, doc_id: str) -> None:
        super().__init__(value)
        self._where: tuple[_Dirty, str, str] | None = (sink, table, doc_id)

    def _touch(self) -> None:
        where = self._where
        if where is not None:
            self._where = None
            where[0].append((where[1], where[2], self))

    def __setitem__(self, key: Any, value: Any) -> None:
        self._touch()
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self._touch()
        super().__delitem__(key)

    def __ior__(self, other: Any) -> TrackedDocument:  # type: ignore[override,misc]
        self._touch()
        return super().__ior__(other)  # type: ignore[return-value]

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._touch()
        super().update(*args, **kwargs)

    def pop(self, *args: Any) -> Any:
        self._touch()
        return super().pop(*args)

    def popitem(self) -> tuple[Any, Any]:
        self._touch()
        return super().popitem()

    def clear(self) -> None:
        self._touch()
        super().clear()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self._touch()
        return super().setdefault(key, default)

    def __copy__(self) -> dict[str, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        import copy

        return copy.deepcopy(dict(self), memo)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))


# -- the storage ------------------------------------------------------------------------------


class _Corrupt(Exception):
    """A journal record that is damaged (as opposed to torn at the end)."""


class JournaledJSONStorage(Storage):
    """TinyDB storage: JSON snapshot + checksummed append-only journal, cached in memory,
    atomic and durable writes, an inter-process lock. See the module docstring."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        *,
        compact_ratio: float = 0.5,
        min_journal_bytes: int = 1 << 20,
        compact_on_close_bytes: int = 4 << 20,
        **_: Any,
    ) -> None:
        self.path = os.path.abspath(os.fspath(path))
        self.directory = os.path.dirname(self.path)
        self.journal_path = self.path + ".journal"
        self.lock_path = self.path + ".lock"
        self.compact_ratio = compact_ratio
        self.min_journal_bytes = min_journal_bytes
        self.compact_on_close_bytes = compact_on_close_bytes
        # As TinyDB's JSONStorage: "r" opens an existing database for reading only (the file
        # is always UTF-8 JSON, whatever ``encoding`` says).
        self.access_mode = access_mode
        self._read_only = not any(mode in access_mode for mode in "+wa")
        if access_mode not in ("r", "rb", "r+", "rb+"):
            warnings.warn(
                f"Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' ({access_mode!r}) "
                "is read here as 'r+': the database is opened to read and write, never emptied",
                UserWarning,
                stacklevel=2,
            )
        #: Bumped whenever this storage picks up a change made by someone else (or re-reads
        #: the disk after a failed write): cached next ids / query results must be dropped.
        self.generation = 0

        self._mutex = threading.RLock()
        self._depth = 0
        self._closed = False
        self._lock_fd: int | None = None
        self._journal_fd: int | None = None
        self._data: Tables | None = None
        self._dirty: _Dirty = []
        self._main_key: _StatKey = None
        self._journal_key: _StatKey = None
        self._snapshot: tuple[int, int] = (0, 0)  # size, crc32 of the snapshot in memory
        self._journal_ok = False  # the journal on disk belongs to our snapshot
        self._journal_end = 0  # end of its last valid record
        self._batch: list[str] | None = None  # pieces of the record being gathered

        self._create_dirs = create_dirs
        self._open()

    def _open(self) -> None:
        self._closed = False
        if self._read_only:
            # Nothing is created, cleaned or written; the lock is taken for reads if its file
            # is there, so that a writer's record is never read half-way.
            if not os.path.isfile(self.path):
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), self.path)
            with contextlib.suppress(OSError):
                self._lock_fd = self._open_lock_file()
        else:
            if not self._create_dirs and not os.path.isdir(self.directory):
                missing = DatabaseWriteFailed(
                    self.path,
                    "the database folder does not exist",
                    "Create it, or pass create_dirs=True (as with TinyDB's JSONStorage)",
                )
                missing.errno, missing.strerror = errno.ENOENT, os.strerror(errno.ENOENT)
                raise missing
            try:
                if self._create_dirs:
                    _make_dirs(self.directory)
                self._lock_fd = self._open_lock_file()
            except OSError as error:
                if not os.path.isfile(self.path):
                    raise _write_failed(self.path, error) from error
                self._lock_fd = None  # a read-only place: reads work, writes fail clearly
        with self.lock():
            if not self._read_only:
                self._clean_temps()
                if not os.path.exists(self.path) and self._lock_fd is not None:
                    self._create_empty()
            try:
                self._load()
            except DatabaseUnreadable:
                # Nothing of ours stays beside a file we cannot read (the lock is held).
                if not self._read_only and self._lock_fd is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(self.lock_path)
                self._release()
                raise

    def _open_lock_file(self) -> int:
        """The lock file, opened (made if missing, unless read-only); raises OSError."""
        flags = os.O_RDONLY if self._read_only else os.O_RDWR | os.O_CREAT
        return os.open(self.lock_path, flags | os.O_CLOEXEC, 0o600)

    # -- locking ------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the database exclusively for a multi-step read-modify-write.

        Reentrant within a process, and thread safe. Reads inside pick up other processes'
        changes first, so ``read(); modify; write()`` inside one ``lock()`` never loses an
        update."""
        with self._mutex:
            if self._closed and self._depth == 0:
                self._open()  # used again after close(): TinyDB allows it for some storages
            if self._depth == 0 and self._lock_fd is not None:
                self._acquire()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._lock_fd is not None:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _acquire(self) -> None:
        """Lock the lock file. A process that closes the database removes the lock file
        (holding the lock), so once locked, check that the file locked is still the one on
        disk; if not, lock the one there now (made anew if need be)."""
        while self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            held = os.fstat(self._lock_fd)
            try:
                there = os.stat(self.lock_path)
            except FileNotFoundError:
                there = None
            if there is not None and (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino):
                return
            os.close(self._lock_fd)  # releases the lock on the removed file
            self._lock_fd = None
            with contextlib.suppress(OSError):  # none to be had: read as a read-only place
                self._lock_fd = self._open_lock_file()

    # -- Storage API --------------------------------------------------------------------

    def read(self, only: str | None = None) -> Tables | None:
        """Every table (TinyDB's call); ``None`` for a database never written to. With
        ``only``, just that table is sure to be parsed: the others may be placeholders, which
        ``write()`` takes back as "not changed" (for ``UnstallTable``, which touches one
        table)."""
        with self._mutex:
            self._check_open()
            if self._data is None or self._dirty or not self._disk_unchanged():
                with self.lock():
                    if self._dirty:  # documents were mutated but never written: forget it
                        self._invalidate()
                    self._refresh()
            data = self._data
            assert data is not None
            if not data and self._snapshot[0] == 0 and not self._journal_end:
                return None  # an empty file, never written: None, as JSONStorage says it
            for name in [only] if only is not None else list(data):
                if type(data.get(name)) is _Unparsed:
                    self._parsed(data, name)
            return dict(data)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Hold the lock, and put every write inside on disk as one journal record at the end:
        all of them or none, whatever happens in between. An exception inside forgets them."""
        with self.lock():
            if self._batch is not None:
                yield
                return
            self._batch = []
            try:
                yield
            except BaseException:
                self._batch = None
                self._invalidate()
                raise
            pieces, self._batch = self._batch, None
            if pieces:
                with self._forgotten_on_failure():
                    assert self._data is not None
                    self._commit(pieces, self._data)

    @contextlib.contextmanager
    def _forgotten_on_failure(self) -> Iterator[None]:
        """A write that fails leaves nothing in memory ahead of the disk, and says why."""
        try:
            yield
        except OSError as error:
            self._invalidate()
            raise _write_failed(self.path, error) from error
        except BaseException:
            self._invalidate()
            raise

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        with self.lock():
            self._check_open()
            if self._read_only:
                self._invalidate()
                raise DatabaseReadOnly(
                    self.path,
                    f'the database was opened read-only (access mode "{self.access_mode}")',
                    'Open it with access_mode="r+" to save. Nothing was changed',
                )
            if self._lock_fd is None:
                self._invalidate()
                raise _write_failed(self.path, PermissionError(errno.EACCES, "read-only"))
            with self._forgotten_on_failure():
                self._write(data)

    def close(self) -> None:
        with self._mutex:
            if self._closed:
                return
            try:
                if not self._read_only and self._lock_fd is not None:
                    with self.lock():
                        if self._journal_end:
                            self._refresh()
                            size = self._snapshot[0] + self._journal_end
                            if self._journal_ok and (
                                size <= self.compact_on_close_bytes
                                or self._journal_end > self._threshold() // 2
                            ):
                                assert self._data is not None
                                self._compact(self._data)
                        # Leave only the database behind (as JSONStorage does). Anyone still
                        # using it makes a new lock file when it next locks (see _acquire).
                        os.unlink(self.lock_path)
            except (OSError, DatabaseUnreadable):
                pass  # every save is already durable in the journal
            finally:
                self._release()

    def _release(self) -> None:
        """Closed: files let go, memory dropped."""
        self._closed = True
        for fd in (self._journal_fd, self._lock_fd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._journal_fd = self._lock_fd = None
        self._data = None

    # -- reading ------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            self._open()

    def _disk_unchanged(self) -> bool:
        return (
            _stat_key(self.path) == self._main_key
            and _stat_key(self.journal_path) == self._journal_key
        )

    def _invalidate(self) -> None:
        if self._data is not None:
            self.generation += 1  # what callers cached may not be on disk
        self._data = None
        self._dirty.clear()  # cleared in place: documents hold this list
        self._main_key = self._journal_key = None

    def _refresh(self) -> None:
        """Bring the memory up to date with the disk (under the lock)."""
        if self._data is not None and self._disk_unchanged():
            return
        journal_key = _stat_key(self.journal_path)
        if (
            self._data is not None
            and self._journal_ok
            and _stat_key(self.path) == self._main_key
            and journal_key is not None
            and self._journal_key is not None
            and journal_key[:2] == self._journal_key[:2]
            and journal_key[2] >= self._journal_end
        ):
            self._read_journal_tail()
        else:
            self._load()

    def _read_journal_tail(self) -> None:
        fd = self._open_journal()
        size = os.fstat(fd).st_size
        raw = os.pread(fd, size - self._journal_end, self._journal_end)
        assert self._data is not None
        data = dict(self._data)
        copied: set[str] = set()
        try:
            used = self._replay(raw, data, copied)
        except _Corrupt as error:
            self._invalidate()
            raise self._journal_unreadable(str(error)) from None
        if used:
            self.generation += 1
        self._journal_end += used
        self._data = data
        self._journal_key = _key_of(os.fstat(fd))

    def _load(self) -> None:
        """Read the snapshot and replay its journal (under the lock)."""
        self._invalidate()
        self._close_journal()
        try:
            with open(self.path, "rb") as handle:
                main_key: _StatKey = _key_of(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            raw, main_key = b"", None
        except OSError as error:
            raise DatabaseUnreadable(
                self.path, f"the file cannot be read ({error.strerror})", "Check its permissions"
            ) from error
        self._snapshot = (len(raw), zlib.crc32(raw))
        with _collector_paused():
            data = self._parse_snapshot(raw)

        journal_ok, journal_end, journal_key = False, 0, None
        try:
            with open(self.journal_path, "rb") as handle:
                journal_key = _key_of(os.fstat(handle.fileno()))
                journal = handle.read()
        except FileNotFoundError:
            journal = b""
        except OSError as error:
            raise self._journal_unreadable(f"it cannot be read ({error.strerror})") from error
        if len(journal) >= _HEADER.size:
            magic, size, crc, header_crc = _HEADER.unpack_from(journal)
            if (
                magic == _MAGIC
                and header_crc == zlib.crc32(journal[: _HEADER.size - 4])
                and (size, crc) == self._snapshot
            ):
                journal_ok = True
                try:
                    used = self._replay(memoryview(journal)[_HEADER.size :], data, set())
                except _Corrupt as error:
                    raise self._journal_unreadable(str(error)) from None
                journal_end = _HEADER.size + used
        # A journal that names another snapshot is stale (left by a kill between a compaction
        # and the journal's deletion, so already included): it is ignored, and removed when
        # the next journal is started.
        self._data = data
        self._main_key, self._journal_key = main_key, journal_key
        self._journal_ok, self._journal_end = journal_ok, journal_end

    def _parse_snapshot(self, raw: bytes) -> Tables:
        if not raw.strip():
            return {}
        lazy = _split_tables(raw)
        if lazy is not None:
            return dict(lazy)
        try:
            parsed = _loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise DatabaseUnreadable(
                self.path, "the file is not valid JSON (damaged or truncated)", _UNREADABLE_ADVICE
            ) from error
        if not isinstance(parsed, dict):
            raise DatabaseUnreadable(
                self.path, "the file is not an Unstall database", _UNREADABLE_ADVICE
            )
        return {name: self._tracked(name, table) for name, table in parsed.items()}

    def _parsed(self, data: Tables, name: str) -> dict[str, Any]:
        """Parse the table ``name`` of ``data`` if it is still text, in ``data`` and in the
        state in memory if that holds the same text."""
        table = data[name]
        if type(table) is not _Unparsed:
            return table
        with _collector_paused():
            tracked = self._tracked(name, self._table_json(name, table))
        data[name] = tracked
        if self._data is not None and self._data is not data and self._data.get(name) is table:
            self._data[name] = tracked
        return tracked

    def _table_json(self, name: str, table: _Unparsed) -> Any:
        """The parsed text of a table not parsed yet; unreadable if it is not JSON."""
        try:
            return _loads(table.text)
        except (ValueError, UnicodeDecodeError) as error:
            raise DatabaseUnreadable(
                self.path,
                f"the file is not valid JSON (damaged in table {name!r})",
                _UNREADABLE_ADVICE,
            ) from error

    def _tracked(self, name: str, table: Any) -> dict[str, Any]:
        if not isinstance(table, dict):
            raise DatabaseUnreadable(
                self.path,
                f"the file is not an Unstall database ({name!r})",
                _UNREADABLE_ADVICE,
            )
        sink = self._dirty
        # In place, so each parsed dict is freed as soon as its tracked copy exists.
        for doc_id, doc in table.items():
            if type(doc) is not dict or not doc_id.isdigit():
                raise DatabaseUnreadable(
                    self.path,
                    f"the file holds a broken document ({name!r}, {doc_id!r})",
                    _UNREADABLE_ADVICE,
                )
            table[doc_id] = TrackedDocument(doc, sink, name, doc_id)
        return table

    def _journal_unreadable(self, why: str) -> DatabaseUnreadable:
        return DatabaseUnreadable(
            self.journal_path,
            f"the database journal is damaged: {why}",
            "It was left untouched; move it aside to open the database as of its last "
            "compaction, or restore a backup",
            database=self.path,
        )

    def _replay(self, raw: bytes | memoryview, data: Tables, copied: set[str]) -> int:
        """Apply the complete records in ``raw`` to ``data``; return the bytes used. A torn
        last record stops the replay; a damaged record followed by a good one raises."""
        pos, end = 0, len(raw)
        while pos < end:
            ops = self._record_at(raw, pos)
            if ops is None:
                # Torn or damaged. If a valid record follows, this is damage, not a tear.
                if end - pos >= _RECORD.size:
                    length = _RECORD.unpack_from(raw, pos)[0]
                    after = pos + _RECORD.size + length
                    if length > 0 and after < end and self._record_at(raw, after) is not None:
                        raise _Corrupt(f"record at offset {pos} fails its checksum")
                break
            try:
                self._apply(ops, data, copied)
            except (IndexError, KeyError, TypeError, AttributeError, ValueError) as error:
                raise _Corrupt(f"record at offset {pos} is malformed ({error!r})") from None
            pos += _RECORD.size + _RECORD.unpack_from(raw, pos)[0]
        return pos

    def _record_at(self, raw: bytes | memoryview, pos: int) -> list[Any] | None:
        if len(raw) - pos < _RECORD.size:
            return None
        length, crc = _RECORD.unpack_from(raw, pos)
        start = pos + _RECORD.size
        if length == 0 or start + length > len(raw):
            return None
        payload = raw[start : start + length]
        if zlib.crc32(payload) != crc:
            return None
        try:
            ops = json.loads(bytes(payload))
        except ValueError:
            return None
        return ops if isinstance(ops, list) else None

    def _apply(self, ops: Iterable[Any], data: Tables, copied: set[str]) -> None:
        """Apply journal operations to ``data`` (copying each table once before touching it:
        table dicts handed out by read() are never changed)."""
        sink = self._dirty

        def table_for(name: str) -> dict[str, Any]:
            if name not in copied:
                data[name] = dict(self._parsed(data, name) if name in data else {})
                copied.add(name)
            return data[name]

        for op in ops:
            kind, name = op[0], op[1]
            if kind == "s":
                doc_id, doc = op[2], op[3]
                if not isinstance(doc, dict):
                    raise _Corrupt("a document is not an object")
                if type(doc) is not TrackedDocument:
                    doc = TrackedDocument(doc, sink, name, doc_id)
                table_for(name)[doc_id] = doc
            elif kind == "d":
                table_for(name).pop(op[2], None)
            elif kind == "t":
                data[name] = {
                    doc_id: doc
                    if type(doc) is TrackedDocument
                    else TrackedDocument(doc, sink, name, doc_id)
                    for doc_id, doc in op[2].items()
                }
                copied.add(name)
            elif kind == "x":
                data.pop(name, None)
                copied.discard(name)
            else:
                raise _Corrupt(f"unknown operation {kind!r}")

    # -- writing ------------------------------------------------------------------------

    def _threshold(self) -> int:
        return max(self.min_journal_bytes, int(self.compact_ratio * self._snapshot[0]))

    def _write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        if self._data is None:
            self._refresh()
        base = self._data
        assert base is not None
        tables, ops, pieces = self._diff(base, data)
        if self._disk_unchanged():
            state: Tables = {}
            for name, table in tables.items():
                # Adopt the caller's table dicts (write() takes ownership, as TinyDB's Table
                # never touches them again); our parsed copies of changed documents go in.
                kind = type(table)
                state[name] = table if kind is dict or kind is _Unparsed else dict(table)
            self._apply(ops, state, set(state))
        else:
            # Someone else wrote since this state was read: apply our changes on top of theirs.
            self._refresh()
            assert self._data is not None
            state = dict(self._data)
            self._apply(ops, state, set())
        self._dirty.clear()
        if not ops:
            self._data = state
            return
        if self._batch is not None:
            self._batch.extend(pieces)
            self._data = state
            return
        self._commit(pieces, state)
        self._data = state

    def _commit(self, pieces: list[str], state: Tables) -> None:
        """Put operations on disk as one journal record, or compact if the journal is full."""
        payload = ("[" + ",".join(pieces) + "]").encode()
        record = _RECORD.pack(len(payload), zlib.crc32(payload)) + payload
        if self._journal_end + len(record) > self._threshold() or (
            not self._journal_ok and self._snapshot[0] <= len(record)
        ):
            self._compact(state)
        else:
            self._append(record)

    def _diff(
        self, base: Tables, data: Mapping[str, Mapping[str, Any]]
    ) -> tuple[dict[str, Mapping[str, Any]], list[list[Any]], list[str]]:
        """The tables of ``data`` (ids as strings), the operations turning ``base`` into them,
        and the operations' JSON text. Only tables whose dict is not the one read() handed out,
        and documents mutated since (tracked), are looked at. Changed documents are serialized
        and parsed back, so memory holds exactly what the disk holds, shared with nobody."""
        sink = self._dirty
        dumps, loads = json.dumps, json.loads
        ops: list[list[Any]] = []
        pieces: list[str] = []
        tables: dict[str, Mapping[str, Any]] = {}
        done: set[tuple[str, str]] = set()

        def check(name: str, doc_id: str, doc: Any) -> None:
            if not doc_id.isdigit():
                raise ValueError(f"document id {doc_id!r} of table {name!r} is not a number")
            if not isinstance(doc, Mapping):
                raise ValueError(f"document {doc_id} of table {name!r} is not a mapping")

        def doc_op(name: str, doc_id: str, doc: Any) -> None:
            check(name, doc_id, doc)
            text = dumps(doc)
            ops.append(["s", name, doc_id, TrackedDocument(loads(text), sink, name, doc_id)])
            pieces.append(f'["s",{dumps(name)},{dumps(doc_id)},{text}]')
            done.add((name, doc_id))

        for name, table in data.items():
            if not isinstance(name, str):
                raise TypeError(f"table names must be strings, not {name!r}")
            if not isinstance(table, Mapping) and type(table) is not _Unparsed:
                raise TypeError(
                    f"table {name!r} must map document ids to documents, not be a "
                    f"{type(table).__name__}: this storage keeps TinyDB's layout only"
                )
            old = base.get(name)
            if table is old:
                tables[name] = table
                continue
            if type(table) is _Unparsed:  # not read, so not changed
                if old is not None:
                    tables[name] = old
                continue
            if type(old) is _Unparsed:
                old = self._parsed(base, name)
            changes = _table_changes(old or {}, table)
            if changes is None:  # ids that are not strings (as JSON would write them)
                table = {str(key): doc for key, doc in table.items()}
                changes = _table_changes(old or {}, table)
                assert changes is not None
            tables[name] = table
            if old is not None:
                changed, removed = changes
                if len(changed) + len(removed) <= max(8, len(table) // 2):
                    for key in removed:
                        ops.append(["d", name, key])
                        pieces.append(f'["d",{dumps(name)},{dumps(key)}]')
                    for key in changed:
                        doc_op(name, key, table[key])
                    continue
            # A new table, or most of it changed: write it whole.
            texts = []
            docs = {}
            for key, doc in table.items():
                check(name, key, doc)
                text = dumps(doc)
                texts.append(f"{dumps(key)}:{text}")
                docs[key] = TrackedDocument(loads(text), sink, name, key)
                done.add((name, key))
            ops.append(["t", name, docs])
            pieces.append(f'["t",{dumps(name)},{{{",".join(texts)}}}]')
        for name in base:
            if name not in tables:
                ops.append(["x", name])
                pieces.append(f'["x",{dumps(name)}]')
        for name, doc_id, doc in list(sink):  # documents mutated in place (Table.update)
            table = tables.get(name)
            if table is not None and (name, doc_id) not in done and table.get(doc_id) is doc:
                doc_op(name, doc_id, doc)
        return tables, ops, pieces

    def _append(self, record: bytes) -> None:
        if not self._journal_ok:
            self._start_journal(record)
            return
        fd = self._open_journal()
        end = self._journal_end
        if os.fstat(fd).st_size != end:
            os.ftruncate(fd, end)  # cut a torn record left by a killed writer
        try:
            os.lseek(fd, end, os.SEEK_SET)
            _write_all(fd, record)
            _sync(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, end)
                _sync(fd)
            raise
        self._journal_end = end + len(record)
        self._journal_key = _key_of(os.fstat(fd))

    def _start_journal(self, record: bytes) -> None:
        """Create the journal for the current snapshot, holding ``record``, atomically."""
        size, crc = self._snapshot
        header = _HEADER.pack(_MAGIC, size, crc, 0)
        header = header[:-4] + struct.pack(">I", zlib.crc32(header[:-4]))
        try:
            stale = os.stat(self.journal_path)
        except FileNotFoundError:
            stale = None
        if stale is not None:
            # A journal for another snapshot. Every snapshot is written under the lock from a
            # state that had read the whole journal, so one last changed before the snapshot
            # was written is already in it (a kill between a compaction and the journal's
            # deletion): it goes. A newer one (a snapshot put back by hand) is kept aside.
            snapshot = os.stat(self.path)
            if stale.st_mtime_ns <= snapshot.st_mtime_ns:
                os.unlink(self.journal_path)
            else:
                os.replace(self.journal_path, self.journal_path + ".old")
        self._close_journal()
        self._replace_file(self.journal_path, header + record)
        self._journal_ok = True
        self._journal_end = len(header) + len(record)
        self._journal_key = _stat_key(self.journal_path)

    def _compact(self, state: Tables) -> None:
        """Write ``state`` as the new snapshot and drop the journal. A table still in text is
        copied as it is, after a check that it parses: damage is never carried over."""
        for name, table in state.items():
            if type(table) is _Unparsed:
                with _collector_paused():
                    self._table_json(name, table)
        payload = _snapshot_text(state)
        self._replace_file(self.path, payload)
        self._snapshot = (len(payload), zlib.crc32(payload))
        self._main_key = _stat_key(self.path)
        self._close_journal()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.journal_path)
            _fsync_dir(self.directory)
        self._journal_ok, self._journal_end, self._journal_key = False, 0, None

    def _replace_file(self, path: str, payload: bytes) -> None:
        temp = f"{self.path}{_TEMP_MARK}{os.getpid()}-{threading.get_ident()}"
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o600
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            try:
                if mode != 0o600:
                    os.fchmod(fd, mode)
                _write_all(fd, payload)
                _sync(fd)
            finally:
                os.close(fd)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _fsync_dir(self.directory)

    def _create_empty(self) -> None:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        except FileExistsError:
            return
        except OSError as error:
            raise _write_failed(self.path, error) from error
        os.close(fd)
        with contextlib.suppress(OSError):
            _fsync_dir(self.directory)

    def _open_journal(self) -> int:
        fd = self._journal_fd
        if fd is not None and self._journal_key is not None:
            st = os.fstat(fd)
            if (st.st_dev, st.st_ino) == self._journal_key[:2] and st.st_nlink:
                return fd
        self._close_journal()
        mode = os.O_RDONLY if self._read_only else os.O_RDWR
        self._journal_fd = os.open(self.journal_path, mode | os.O_CLOEXEC)
        return self._journal_fd

    def _close_journal(self) -> None:
        if self._journal_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._journal_fd)
            self._journal_fd = None

    def _clean_temps(self) -> None:
        prefix = os.path.basename(self.path) + _TEMP_MARK
        with contextlib.suppress(OSError):
            for name in os.listdir(self.directory):
                if name.startswith(prefix):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(self.directory, name))


# -- TinyDB glue ------------------------------------------------------------------------------


def read_tables(storage: Storage, only: str) -> Tables:
    """The storage's tables (``{}`` if it holds none) with the table ``only`` parsed: just that
    one from this storage (``""`` parses none), every one from any other."""
    if isinstance(storage, JournaledJSONStorage):
        return storage.read(only=only) or {}
    return storage.read() or {}


def _lock_of(storage: Storage) -> contextlib.AbstractContextManager[Any]:
    lock: Callable[[], contextlib.AbstractContextManager[Any]] | None = getattr(
        storage, "lock", None
    )
    return lock() if lock is not None else contextlib.nullcontext()


class UnstallTable(Table):
    """A TinyDB table for a file shared between processes: every write runs under the
    storage lock, and the cached next id and query results are dropped when the storage picked
    up another process's change (its ``generation`` moved)."""

    _seen_generation: int | None = None
    #: (the storage's table dict, the same table keyed by int) as of our last write
    _int_view: tuple[Mapping[str, Any], dict[int, Any]] | None = None

    def _check_generation(self) -> None:
        generation = getattr(self._storage, "generation", None)
        if generation != self._seen_generation:
            self._seen_generation = generation
            self._next_id = None
            self.clear_cache()

    def _tables(self) -> Tables:
        """The storage's tables, with this one parsed (and maybe not the others)."""
        return read_tables(self._storage, self.name)

    def _read_table(self) -> dict[str, Mapping]:  # type: ignore[override]
        table = self._tables().get(self.name, {})
        self._check_generation()
        return table

    def _update_table(self, updater: Callable[[dict[int, Mapping]], None]) -> None:
        """Table._update_table, in time that follows what changed: TinyDB rebuilds the whole
        table twice (ids to int and back to str, ~3.5 ms at 10,000 documents); this keeps the
        int-keyed table of its last write and patches the str-keyed one."""
        if self.document_id_class is not int:
            super()._update_table(updater)
            return
        tables = self._tables()
        raw = tables.get(self.name, {})
        view = self._int_view
        if view is not None and view[0] is raw:
            before = view[1]
        else:
            before = {int(doc_id): doc for doc_id, doc in raw.items()}
        work = dict(before)
        updater(work)
        new_raw = self._patched(raw, before, work)
        tables[self.name] = new_raw
        self._int_view = None
        self._storage.write(tables)
        # The storage adopted ``new_raw`` and put its own copies of changed documents in it
        # (same ids, same order): take those into the int-keyed view too.
        if type(new_raw) is dict and len(new_raw) == len(work):
            stale = list(
                itertools.compress(
                    range(len(work)), map(operator.is_not, work.values(), new_raw.values())
                )
            )
            if stale:
                doc_ids, docs = list(work), list(new_raw.values())
                for index in stale:
                    work[doc_ids[index]] = docs[index]
            self._int_view = (new_raw, work)
        self.clear_cache()

    @staticmethod
    def _patched(
        raw: Mapping[str, Any], before: dict[int, Any], work: dict[int, Any]
    ) -> dict[str, Any]:
        """The str-keyed table equal to ``work``, in its order, built from ``raw`` (equal
        to ``before``) by patching rather than rebuilding, when the change is the usual one."""
        count = len(before)
        if len(work) >= count and all(map(operator.eq, before, work)):
            new_raw = dict(raw)
            if not all(map(operator.is_, before.values(), work.values())):
                for doc_id, doc in itertools.islice(work.items(), count):
                    if before[doc_id] is not doc:
                        new_raw[str(doc_id)] = doc
            for doc_id, doc in itertools.islice(work.items(), count, None):
                new_raw[str(doc_id)] = doc
            return new_raw
        return {str(doc_id): doc for doc_id, doc in work.items()}

    def _get_next_id(self) -> int:
        if self._next_id is not None:
            self._read_table()  # may reset _next_id if another process inserted
        return super()._get_next_id()

    def search(self, cond: Any) -> list[Any]:
        self._read_table()
        return super().search(cond)

    def insert(self, document: Mapping) -> int:
        with _lock_of(self._storage):
            return super().insert(document)

    def insert_multiple(self, documents: Iterable[Mapping]) -> list[int]:
        with _lock_of(self._storage):
            return super().insert_multiple(documents)

    def update(self, *args: Any, **kwargs: Any) -> list[int]:
        with _lock_of(self._storage):
            return super().update(*args, **kwargs)

    def update_multiple(self, *args: Any, **kwargs: Any) -> list[int]:
        with _lock_of(self._storage):
            return super().update_multiple(*args, **kwargs)

    def upsert(self, *args: Any, **kwargs: Any) -> list[int]:
        with _lock_of(self._storage):
            return super().upsert(*args, **kwargs)

    def remove(self, *args: Any, **kwargs: Any) -> list[int]:
        with _lock_of(self._storage):
            return super().remove(*args, **kwargs)

    def truncate(self) -> None:
        with _lock_of(self._storage):
            super().truncate()


class UnstallTinyDB(TinyDB):
    """TinyDB for a file shared between processes (the TUI and the CLI at once)."""

    table_class = UnstallTable
    default_storage_class = JournaledJSONStorage

    def tables(self) -> set[str]:
        return set(read_tables(self.storage, ""))  # the names, without parsing any table

    def drop_table(self, name: str) -> None:
        with _lock_of(self.storage):
            super().drop_table(name)

    def drop_tables(self) -> None:
        with _lock_of(self.storage):
            super().drop_tables()


DEFAULT_STORAGE = JournaledJSONStorage
AtomicJSONStorage = JournaledJSONStorage  # the interim name
