"""The answers of every diagnosis, kept on disk rather than in memory.

TinyDB keeps a whole table in memory. The lists, filters and trends only need a diagnosis's
summary (partner, verdict, cause, dates, outcome), about a tenth of its size; its answers are
read when one diagnosis is opened. So the ``diagnoses`` table holds summaries, and each
summary points (``"detail": [generation, offset, size]``) at a record in a side file,
``<database>.details.<generation>``:

- the file starts with :data:`MAGIC`, then holds records appended one after the other;
- a record is ``>II`` (payload length, CRC32 of the payload) and the payload: the answers as
  JSON, a newline, then the text that search looks through, casefolded UTF-8: the notes and
  what each side brings, a NUL byte, the drafted talking points.

Records are written before the summary that points at them, and fsynced: a kill in between
leaves an unreferenced record, never a summary without its answers. Callers hold the database
lock around an append and the summary write that follows (:class:`store.repository.Repository`
does). A record that is no longer referenced (a deleted diagnosis, a renamed partner's old
version) is overwritten with zeros, so deleted answers do not linger; when such dead space
outweighs the live records, :meth:`DetailFiles.compact` copies the live records into the next
generation, and the summaries are pointed at it in one write.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import re
import struct
import threading
import zlib
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from store.errors import DatabaseUnreadable
from store.storage import _fsync_dir, _sync, _write_all, _write_failed

MAGIC = b"UNSTALL-DETAILS 1\n"
_RECORD = struct.Struct(">II")
_NAME = re.compile(r"\.details\.(\d+)$")
_BLOCK = 1 << 20
_ADVICE = "It was left untouched; restore a backup, or start a new database with --db NEW_FILE"

Pointer = tuple[int, int, int]
"""(generation, offset of the record, size of the record including its header)."""


def search_tail(info: str, points: str) -> bytes:
    """The searchable part of a record: ``info`` and ``points`` casefolded, NUL between."""
    return (
        info.casefold().replace("\0", " ").encode()
        + b"\0"
        + points.casefold().replace("\0", " ").encode()
    )


def encode(answers: Mapping[str, str], tail: bytes) -> bytes:
    """One record's payload: the answers as JSON (ASCII, so without raw newlines), then the
    searchable tail."""
    return json.dumps(answers).encode() + b"\n" + tail


def decode_answers(payload: bytes | memoryview) -> dict[str, str]:
    raw = bytes(payload)
    answers = json.loads(raw[: raw.index(b"\n")])
    if not isinstance(answers, dict):
        raise ValueError("the answers are not an object")
    return answers


class DetailDamaged(DatabaseUnreadable):
    """A record a summary points at is missing or fails its checksum."""


@dataclass(frozen=True)
class Located:
    """A record read back: where it was, and its payload."""

    pointer: Pointer
    payload: bytes


class DetailFiles:
    """The side files of one database. Thread safe; appends assume the database lock."""

    def __init__(self, database: str | os.PathLike[str]) -> None:
        self.database = os.path.abspath(os.fspath(database))
        self.directory = os.path.dirname(self.database)
        self._mutex = threading.RLock()
        self._fds: dict[int, tuple[int, tuple[int, int]]] = {}

    def path(self, generation: int) -> str:
        return f"{self.database}.details.{generation}"

    def _damaged(self, path: str, reason: str) -> DetailDamaged:
        return DetailDamaged(path, reason, _ADVICE, database=self.database)

    def _missing(self, path: str) -> DetailDamaged:
        return self._damaged(path, "the file with the diagnoses' answers is missing")

    def generations(self) -> list[int]:
        """The generations with a file on disk."""
        prefix = os.path.basename(self.database)
        found = []
        with contextlib.suppress(OSError):
            for name in os.listdir(self.directory):
                if name.startswith(prefix):
                    match = _NAME.search(name[len(prefix) :])
                    if match and name == f"{prefix}.details.{match.group(1)}":
                        found.append(int(match.group(1)))
        return sorted(found)

    # -- files ----------------------------------------------------------------------------

    def _fd(self, generation: int, *, create: bool = False) -> int:
        """An open descriptor for the generation's file, reopened if the file was replaced
        or deleted since (another process compacted)."""
        path = self.path(generation)
        with self._mutex:
            held = self._fds.get(generation)
            try:
                st = os.stat(path)
            except FileNotFoundError:
                st = None
            if held is not None:
                if st is not None and (st.st_dev, st.st_ino) == held[1]:
                    return held[0]
                self._close(generation)
            if st is None and not create:
                raise FileNotFoundError(path)
            flags = os.O_RDWR | os.O_CLOEXEC | (os.O_CREAT if create else 0)
            fd = os.open(path, flags, 0o600)
            st = os.fstat(fd)
            self._fds[generation] = (fd, (st.st_dev, st.st_ino))
            return fd

    def _close(self, generation: int) -> None:
        held = self._fds.pop(generation, None)
        if held is not None:
            with contextlib.suppress(OSError):
                os.close(held[0])

    def close(self) -> None:
        with self._mutex:
            for generation in list(self._fds):
                self._close(generation)

    def check(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        """Refuse to go on when a file the summaries point into is missing, foreign or too
        short: the database would open without its answers. Returns the generations in use."""
        ends: dict[int, int] = {}
        for document in documents:
            value = document.get("detail")
            try:
                generation, offset, size = value  # type: ignore[misc]
                end = offset + size
                if end > ends.get(generation, -1) and type(end) is int:
                    if type(generation) is not int or offset < 0 or size <= _RECORD.size:
                        raise TypeError
                    ends[generation] = end
            except (TypeError, ValueError):
                raise self._damaged(
                    self.database, f"a diagnosis does not say where its answers are ({value!r})"
                ) from None
        for generation, end in ends.items():
            path = self.path(generation)
            try:
                fd = self._fd(generation)
                head = os.pread(fd, len(MAGIC), 0)
                size = os.fstat(fd).st_size
            except FileNotFoundError:
                raise self._missing(path) from None
            except OSError as error:
                raise self._damaged(
                    path, f"the file with the answers cannot be read ({error.strerror})"
                ) from error
            if head != MAGIC:
                raise self._damaged(path, "the file with the answers is not Unstall's")
            if size < end:
                raise self._damaged(path, "the file with the answers is truncated")
        return sorted(ends)

    # -- writing ----------------------------------------------------------------------------

    def append(self, generation: int, payloads: Sequence[bytes]) -> list[Pointer]:
        """Append records and make them durable; returns where each one is."""
        path = self.path(generation)
        with self._mutex:
            try:
                fd = self._fd(generation, create=True)
                start = os.fstat(fd).st_size
                prefix = b""
                if start == 0:
                    prefix = MAGIC
                elif start < len(MAGIC):  # a kill while the file was being started
                    prefix, start = MAGIC, 0
                pieces = [prefix]
                pointers = []
                offset = start + len(prefix)
                for payload in payloads:
                    record = _RECORD.pack(len(payload), zlib.crc32(payload)) + payload
                    pieces.append(record)
                    pointers.append((generation, offset, len(record)))
                    offset += len(record)
                os.lseek(fd, start, os.SEEK_SET)
                try:
                    _write_all(fd, b"".join(pieces))
                    _sync(fd)
                except OSError:
                    with contextlib.suppress(OSError):
                        os.ftruncate(fd, start)
                    raise
                if start == 0:
                    _fsync_dir(self.directory)
            except OSError as error:
                raise _write_failed(path, error) from error
            return pointers

    def erase(self, pointers: Iterable[Sequence[int]]) -> None:
        """Overwrite records nobody points at any more with zeros (best effort: they are
        already unreferenced, so a failure here loses nothing)."""
        with self._mutex:
            touched = set()
            for generation, offset, size in pointers:
                try:
                    fd = self._fd(generation)
                    os.pwrite(fd, bytes(size), offset)
                    touched.add(fd)
                except OSError:
                    continue
            for fd in touched:
                with contextlib.suppress(OSError):
                    _sync(fd)

    # -- reading ----------------------------------------------------------------------------

    def read(self, pointer: Sequence[int]) -> bytes:
        """One record's payload; raises :class:`DetailDamaged` if it is not there intact."""
        generation, offset, size = pointer
        path = self.path(generation)
        try:
            raw = os.pread(self._fd(generation), size, offset)
        except FileNotFoundError:
            raise self._missing(path) from None
        except OSError as error:
            raise self._damaged(path, f"the answers cannot be read ({error.strerror})") from error
        payload = self._payload(raw, size)
        if payload is None:
            raise self._damaged(path, f"the answers of a diagnosis are damaged (offset {offset})")
        return payload

    @staticmethod
    def _payload(raw: bytes | memoryview, size: int) -> bytes | None:
        if len(raw) != size or size < _RECORD.size:
            return None
        length, crc = _RECORD.unpack_from(raw)
        payload = bytes(raw[_RECORD.size :])
        if length != len(payload) or zlib.crc32(payload) != crc:
            return None
        return payload

    def _blocks(
        self, pointers: Iterable[Sequence[int]]
    ) -> Iterator[tuple[str, int, bytes, list[Pointer]]]:
        """The records at ``pointers`` in file order, grouped into blocks of about
        :data:`_BLOCK` bytes read at once: (file, offset of the block, its bytes, records)."""
        ordered = sorted((int(g), int(o), int(s)) for g, o, s in pointers)
        index = 0
        while index < len(ordered):
            generation, first, _ = ordered[index]
            stop = index
            end = first
            while (
                stop < len(ordered)
                and ordered[stop][0] == generation
                and ordered[stop][1] + ordered[stop][2] - first <= max(_BLOCK, ordered[stop][2])
            ):
                end = max(end, ordered[stop][1] + ordered[stop][2])
                stop += 1
            path = self.path(generation)
            try:
                block = os.pread(self._fd(generation), end - first, first)
            except FileNotFoundError:
                raise self._missing(path) from None
            yield path, first, block, ordered[index:stop]
            index = stop

    def scan(self, pointers: Iterable[Sequence[int]]) -> Iterator[Located]:
        """The records at ``pointers``, read in large sequential blocks (for import, export
        and renames). Records that are not intact raise :class:`DetailDamaged`."""
        for path, first, block, records in self._blocks(pointers):
            view = memoryview(block)
            for pointer in records:
                _, offset, size = pointer
                payload = self._payload(view[offset - first : offset - first + size], size)
                if payload is None:
                    raise self._damaged(
                        path, f"the answers of a diagnosis are damaged (offset {offset})"
                    )
                yield Located(pointer, payload)

    def search(
        self,
        pointers: Iterable[Sequence[int]],
        needle: bytes,
        answers_only: Container[Pointer] = (),
    ) -> set[Pointer]:
        """The records whose searchable tail holds ``needle`` (only its answers part for
        records in ``answers_only``). Each block is searched with ``bytes.find``, jumping from
        hit to hit, so the time follows the bytes and the hits, not the number of records.
        Checksums are not verified here; opening a diagnosis does that."""
        found: set[Pointer] = set()
        if not needle:
            return {tuple(p) for p in pointers}  # type: ignore[misc]
        for _, first, block, records in self._blocks(pointers):
            starts = [offset - first for _, offset, _ in records]
            position = block.find(needle)
            while position != -1:
                index = bisect.bisect_right(starts, position) - 1
                if index < 0:
                    position = block.find(needle, starts[0])
                    continue
                pointer = records[index]
                start = starts[index]
                end = start + pointer[2]
                if position + len(needle) > end:  # across two records, or in a gap
                    position = block.find(needle, position + 1)
                    continue
                text = block.find(b"\n", start + _RECORD.size, end) + 1
                limit = end
                if pointer in answers_only:
                    nul = block.find(b"\0", text, end)
                    limit = nul if nul >= 0 else end
                if text > 0 and block.find(needle, max(position, text), limit) != -1:
                    found.add(pointer)
                position = block.find(needle, end)
        return found

    # -- housekeeping -----------------------------------------------------------------------

    def dead_bytes(self, pointers: Iterable[Sequence[int]]) -> tuple[int, int]:
        """(bytes on disk no summary points at, bytes that are pointed at)."""
        live = sum(int(pointer[2]) for pointer in pointers)
        total = 0
        for generation in self.generations():
            with contextlib.suppress(OSError):
                total += max(0, os.stat(self.path(generation)).st_size - len(MAGIC))
        return max(0, total - live), live

    def copy_to(self, generation: int, pointers: Sequence[Sequence[int]]) -> dict[Pointer, Pointer]:
        """Write the records at ``pointers`` into a new file for ``generation`` (atomically:
        a temp file, fsync, rename); returns where each one went."""
        path = self.path(generation)
        temp = f"{path}.tmp-{os.getpid()}"
        moved: dict[Pointer, Pointer] = {}
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
            try:
                offset = len(MAGIC)
                chunks = [MAGIC]
                buffered = len(MAGIC)
                for located in self.scan(pointers):
                    payload = located.payload
                    record = _RECORD.pack(len(payload), zlib.crc32(payload)) + payload
                    moved[located.pointer] = (generation, offset, len(record))
                    offset += len(record)
                    chunks.append(record)
                    buffered += len(record)
                    if buffered >= _BLOCK:
                        _write_all(fd, b"".join(chunks))
                        chunks, buffered = [], 0
                _write_all(fd, b"".join(chunks))
                _sync(fd)
            finally:
                os.close(fd)
            os.replace(temp, path)
            _fsync_dir(self.directory)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise _write_failed(path, error) from error
        return moved

    def remove(self, generations: Iterable[int]) -> None:
        """Delete the files of generations nothing points at (under the database lock)."""
        removed = False
        for generation in generations:
            self._close(generation)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path(generation))
                removed = True
        if removed:
            with contextlib.suppress(OSError):
                _fsync_dir(self.directory)

    def clean_temps(self) -> None:
        prefix = os.path.basename(self.database) + ".details."
        with contextlib.suppress(OSError):
            for name in os.listdir(self.directory):
                if name.startswith(prefix) and ".tmp-" in name:
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(self.directory, name))


def pointer_of(document: Mapping[str, Any]) -> Pointer | None:
    """Where a summary's answers are (:meth:`DetailFiles.check` vets the values)."""
    value = document.get("detail")
    if type(value) is list and len(value) == 3:
        return tuple(value)  # type: ignore[return-value]
    return None
