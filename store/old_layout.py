"""Reads, never writes, a database in the layout Unstall used up to schema 4, to convert it.

The main file is a TinyDB snapshot; ``.journal`` holds the changes since (a header naming the
snapshot by size and CRC32, then checksummed records); ``.details.N`` the answers in checksummed
records that diagnoses point at (``"detail": [N, offset, size]``, schema 3 on; before, inline).
Nothing is written, moved, created or locked. The journal is applied as the old storage did on
open (a record torn by a kill is ignored, a journal of another main file is stale), except that
what it dropped silently (a damaged header or record, a main file changed under its journal) is
refused: all damage raises :class:`OldLayoutDamaged`, naming the file.
"""

from __future__ import annotations

import json
import os
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

JOURNAL_MAGIC = b"UNSTALL-JOURNAL1"
DETAILS_MAGIC = b"UNSTALL-DETAILS 1\n"
NEWEST_SCHEMA = 4
_HEADER = struct.Struct(">16sQII")  # magic, snapshot size, snapshot crc32, header crc32
_RECORD = struct.Struct(">II")  # payload length, payload crc32
_OP_START = b'[["'  # how every journal payload starts: a list of operations, each led by its kind
# What follows the main file's name in the name of each of its files (nothing: itself).
_BESIDE = re.compile(r"(\.journal(\.old)?|\.lock|\.details\.\d+|\.v\d+(\.\d+)?\.bak)?")
_ID = re.compile(r"0|[1-9][0-9]*")  # a document id as TinyDB writes it
Tables = dict[str, dict[str, Any]]


class OldLayoutDamaged(Exception):
    """A file of an old-layout database is missing, damaged or not Unstall's."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{reason} ({path})")


@dataclass(frozen=True)
class OldDiagnosis:
    id: int
    answers: dict[str, str]
    created_at: str | None
    edited_points: str | None
    outcome: dict[str, Any] | None
    method: int  # the playbook version it was decided with (1 when the document names none)


@dataclass(frozen=True)
class OldDatabase:
    diagnoses: list[OldDiagnosis]  # by id
    drafts: list[dict[str, Any]]  # each draft's document as stored, with its "id"; by id
    next_id: int  # one more than the highest diagnosis id the files show was ever given
    files: list[Path]  # every file of it on disk: main, journal(s), lock, answers, backups
    schema: int | None  # the version recorded (0 for none); None for a file never written to


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OldLayoutDamaged(path, f"the file cannot be read ({error.strerror})") from None


def _record_at(raw: bytes, pos: int) -> tuple[Any, int] | None:
    """The JSON payload of the intact record at ``pos`` and where it ends, or ``None``."""
    length, crc = _RECORD.unpack_from(raw, pos) if len(raw) - pos >= _RECORD.size else (0, 0)
    end = pos + _RECORD.size + length
    payload = raw[pos + _RECORD.size : end]
    if length == 0 or len(payload) != length or zlib.crc32(payload) != crc:
        return None
    try:
        return json.loads(payload), end
    except (ValueError, UnicodeDecodeError):
        return None


def _torn(raw: bytes, pos: int) -> bool:
    """Whether the bytes from ``pos`` on (not an intact record) are what a kill or power cut
    during an append leaves, for a save never acknowledged: the start of a record, or zeros at
    the end. A record all there, or with an intact one after it, is damage instead."""
    rest = raw[pos:]
    if len(rest) >= _RECORD.size and not rest.endswith(b"\0"):  # a record ends with "]"
        length, crc = _RECORD.unpack_from(rest)
        if _RECORD.size + length <= len(rest) or zlib.crc32(rest[_RECORD.size :]) == crc:
            return False
    found = raw.find(_OP_START, pos + _RECORD.size + 1)
    while found != -1 and _record_at(raw, found - _RECORD.size) is None:
        found = raw.find(_OP_START, found + 1)
    return found == -1


def _by_id(table: dict[str, Any]) -> list[tuple[int, Any]]:
    return sorted(((int(key), doc) for key, doc in table.items()), key=lambda item: item[0])


class _Reader:
    """One pass over the files of the database whose main file is ``main``."""

    def __init__(self, main: Path) -> None:
        self.main, self.journal = main, Path(f"{main}.journal")
        self.seen: set[int] = set()  # every diagnosis id the files name
        self.details: dict[int, bytes | None] = {}

    def table(self, path: Path, name: str, table: Any) -> dict[str, Any]:
        if isinstance(table, dict) and all(
            _ID.fullmatch(key) and isinstance(doc, dict) for key, doc in table.items()
        ):
            return table
        raise OldLayoutDamaged(path, f"table {name!r} is not a table of documents")

    def tables(self) -> Tables:
        raw = _read(self.main)
        if raw is None:
            raise OldLayoutDamaged(self.main, "there is no database file here")
        try:
            parsed = json.loads(raw) if raw.strip() else {}  # blank: created, never written
        except (ValueError, UnicodeDecodeError):
            raise OldLayoutDamaged(self.main, "the file is not valid JSON (damaged)") from None
        if not isinstance(parsed, dict):
            raise OldLayoutDamaged(self.main, "the file is not an Unstall database")
        tables = {name: self.table(self.main, name, table) for name, table in parsed.items()}
        journal = _read(self.journal)
        if journal is not None:
            self.replay(journal, raw, tables)
        return tables

    def replay(self, raw: bytes, snapshot: bytes, data: Tables) -> None:
        """Apply the journal ``raw`` to the tables ``data`` of the main file ``snapshot``; one
        naming another main file is stale (a kill in a compaction) only if it adds nothing."""
        if len(raw) < _HEADER.size:
            raise OldLayoutDamaged(self.journal, "the journal's header is truncated")
        magic, size, crc, header_crc = _HEADER.unpack_from(raw)
        if magic != JOURNAL_MAGIC or header_crc != zlib.crc32(raw[: _HEADER.size - 4]):
            raise OldLayoutDamaged(self.journal, "the journal's header is damaged")
        pos = _HEADER.size
        while (found := _record_at(raw, pos)) is not None:
            ops, pos = found
            for op in ops if isinstance(ops, list) else [ops]:  # not a list: refused below
                self.apply(op, data)
        if pos < len(raw) and not _torn(raw, pos):
            raise OldLayoutDamaged(self.journal, f"the journal record at offset {pos} is damaged")
        named = (size, crc) == (len(snapshot), zlib.crc32(snapshot))
        if not named and data != (json.loads(snapshot) if snapshot.strip() else {}):
            why = "the file was changed or damaged since the saves in its journal were made"
            raise OldLayoutDamaged(self.main, why)

    def apply(self, op: Any, data: Tables) -> None:
        """One operation, applied as the old storage did (``data`` is ours to change)."""
        match op:
            case ["s", str(name), str(key), dict(doc)] if _ID.fullmatch(key):
                data.setdefault(name, {})[key] = doc
            case ["d", str(name), str(key)] if _ID.fullmatch(key):
                data.setdefault(name, {}).pop(key, None)
            case ["t", str(name), table]:
                data[name] = self.table(self.journal, name, table)
            case ["x", str(name)]:
                data.pop(name, None)
            case _:
                why = f"the journal holds a broken operation ({op!r:.60})"
                raise OldLayoutDamaged(self.journal, why)
        if name == "diagnoses" and op[0] != "x":  # ids given, even if deleted since
            self.seen.update(map(int, op[2]) if op[0] == "t" else [int(op[2])])

    def answers(self, number: int, pointer: Any) -> Any:
        """The answers of diagnosis ``number``, from the record ``pointer`` names, checked."""
        match pointer:
            case [int(generation), int(offset), int(size)] if offset > 0 and size > _RECORD.size:
                path = Path(f"{self.main}.details.{generation}")
            case _:
                why = f"diagnosis {number} does not say where its answers are ({pointer!r})"
                raise OldLayoutDamaged(self.main, why)
        blob = self.details.get(generation) or self.details.setdefault(generation, _read(path))
        if blob is None or not blob.startswith(DETAILS_MAGIC):
            why = "missing" if blob is None else "not Unstall's"
            raise OldLayoutDamaged(path, f"the file with the answers is {why}")
        raw = blob[offset : offset + size]
        length, crc = _RECORD.unpack_from(raw) if len(raw) == size else (-1, 0)
        payload = raw[_RECORD.size :]
        try:
            if length != len(payload) or zlib.crc32(payload) != crc:
                raise ValueError
            return json.loads(payload[: payload.index(b"\n")])
        except (ValueError, UnicodeDecodeError):
            why = f"the answers of diagnosis {number} are damaged (offset {offset})"
            raise OldLayoutDamaged(path, why) from None

    def diagnosis(self, number: int, doc: dict[str, Any]) -> OldDiagnosis:
        answers = self.answers(number, doc["detail"]) if "detail" in doc else doc.get("answers")
        texts = created_at, edited_points = doc.get("created_at"), doc.get("edited_points")
        outcome, method = doc.get("outcome"), doc.get("method")  # no method before version 2
        if (
            not isinstance(answers, dict)
            or not all(isinstance(value, str) for value in answers.values())
            or not all(text is None or isinstance(text, str) for text in texts)
            or not (outcome is None or isinstance(outcome, dict))
        ):
            why = f"diagnosis {number} is missing its answers or has the wrong shape"
            raise OldLayoutDamaged(self.main, why)
        method = method if type(method) is int else 1
        return OldDiagnosis(number, answers, created_at, edited_points, outcome, method)

    def schema(self, tables: Tables) -> int | None:
        meta = tables.get("meta")
        if not meta:  # version 0 recorded none
            foreign = sorted(set(tables) - {"meta", "diagnoses", "drafts"})
            if foreign:
                why = f"a TinyDB file, but not Unstall's (tables {foreign})"
                raise OldLayoutDamaged(self.main, why)
            return 0 if set(tables) - {"meta"} else None
        version = next(iter(meta.values())).get("schema")
        if type(version) is not int or not 0 <= version <= NEWEST_SCHEMA:
            why = f"schema {version!r} is not one this reads (0 to {NEWEST_SCHEMA}; a newer one?)"
            raise OldLayoutDamaged(self.main, why)
        return version

    def files(self) -> list[Path]:
        """Main file, journal (and one kept aside), lock, answers, migration backups on disk."""
        try:
            names = sorted(os.listdir(self.main.parent))
        except OSError as error:
            raise OldLayoutDamaged(
                self.main.parent, f"the folder cannot be listed ({error.strerror})"
            ) from None
        size = len(self.main.name)
        found = [self.main.parent / name for name in names if name[:size] == self.main.name]
        return [path for path in found if _BESIDE.fullmatch(path.name[size:]) and path.is_file()]

    def read(self) -> OldDatabase:
        tables = self.tables()
        schema = self.schema(tables)
        diagnoses = [self.diagnosis(key, doc) for key, doc in _by_id(tables.get("diagnoses", {}))]
        self.seen.update(diagnosis.id for diagnosis in diagnoses)
        drafts = [{**doc, "id": key} for key, doc in _by_id(tables.get("drafts", {}))]
        return OldDatabase(diagnoses, drafts, max(self.seen, default=0) + 1, self.files(), schema)


def read_old(path: Path) -> OldDatabase:
    """What the old-layout database whose main file is ``path`` holds, as of its newest
    acknowledged save; :class:`OldLayoutDamaged` for a missing, damaged or foreign file. It
    takes no lock: convert when no older Unstall has the database open."""
    return _Reader(Path(os.path.abspath(path))).read()
