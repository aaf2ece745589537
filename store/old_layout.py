"""Reads, never writes or locks, a database in the layout Unstall used up to schema 4.

The main file is a TinyDB snapshot; ``.journal`` the changes since (a header naming the snapshot
by size and CRC32, then checksummed records), applied as the old storage did (a record torn by a
kill is ignored, a journal of another main file is stale) except that what it dropped silently
(a damaged header or record, a main file changed under it) is refused; ``.details.N`` the answers
in checksummed records (``"detail": [N, offset, size]``, schema 3 on; before, inline)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.errors import StoreError

JOURNAL_MAGIC = b"UNSTALL-JOURNAL1"
DETAILS_MAGIC = b"UNSTALL-DETAILS 1\n"
NEWEST_SCHEMA = 4
_HEADER = struct.Struct(">16sQII")  # magic, snapshot size, snapshot crc32, header crc32
_RECORD = struct.Struct(">II")  # payload length, payload crc32
_OP_START = re.compile(rb'\[\["')  # how every journal payload starts: a list of operations
# What follows the main file's name in the name of each of its files (nothing: itself).
_BESIDE = r"(\.journal(\.old)?|\.lock|\.details\.\d+|\.v\d+(\.\d+)?\.bak)?"
_ID = re.compile(r"0|[1-9][0-9]*")  # a document id as TinyDB writes it


class OldLayoutDamaged(StoreError):
    """A file of an old-layout database is missing, damaged or not Unstall's."""


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


def _record_at(raw: bytes, pos: int, parse: Callable[[bytes], Any]) -> tuple[Any, int] | None:
    """``parse`` of the payload of the intact record at ``pos``, and where it ends; or None."""
    length, crc = _RECORD.unpack_from(raw, pos) if len(raw) - pos >= _RECORD.size else (0, 0)
    end = pos + _RECORD.size + length
    payload = raw[pos + _RECORD.size : end]
    if length and len(payload) == length and zlib.crc32(payload) == crc:
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            return parse(payload), end
    return None


def _torn(raw: bytes, pos: int) -> bool:
    """Whether the bytes from ``pos`` on are what a kill during an append leaves (the start of a
    record, or zeros), not damage (a record all there, or an intact one after it)."""
    rest = raw[pos:]
    if len(rest) >= _RECORD.size and not rest.endswith(b"\0"):  # a record ends with "]"
        length, crc = _RECORD.unpack_from(rest)
        if _RECORD.size + length <= len(rest) or zlib.crc32(rest[_RECORD.size :]) == crc:
            return False
    later = _OP_START.finditer(raw, pos + _RECORD.size + 1)
    return all(_record_at(raw, at.start() - _RECORD.size, json.loads) is None for at in later)


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

    def tables(self) -> dict[str, dict[str, Any]]:
        """The main file's tables with its journal applied. A journal naming another main file
        is stale (a kill in a compaction): accepted only if it adds nothing."""
        raw = _read(self.main)
        if raw is None:
            raise OldLayoutDamaged(self.main, "there is no database file here")
        try:
            parsed = json.loads(raw) if raw.strip() else {}  # blank: created, never written
        except (ValueError, UnicodeDecodeError):
            raise OldLayoutDamaged(self.main, "the file is not valid JSON (damaged)") from None
        if not isinstance(parsed, dict):
            raise OldLayoutDamaged(self.main, "the file is not an Unstall database")
        # Copies of each table, for the journal to change: ``parsed`` stays the main file's.
        data = {name: dict(self.table(self.main, name, table)) for name, table in parsed.items()}
        journal = _read(self.journal)
        if journal is None:
            return data
        if len(journal) < _HEADER.size:
            raise OldLayoutDamaged(self.journal, "the journal's header is truncated")
        magic, size, crc, header_crc = _HEADER.unpack_from(journal)
        if magic != JOURNAL_MAGIC or header_crc != zlib.crc32(journal[: _HEADER.size - 4]):
            raise OldLayoutDamaged(self.journal, "the journal's header is damaged")
        pos = _HEADER.size
        while (found := _record_at(journal, pos, json.loads)) is not None:
            ops, pos = found
            for op in ops if isinstance(ops, list) else [ops]:  # not a list: refused below
                self.apply(op, data)
        if pos < len(journal) and not _torn(journal, pos):
            raise OldLayoutDamaged(self.journal, f"the journal record at offset {pos} is damaged")
        if (size, crc) != (len(raw), zlib.crc32(raw)) and data != parsed:
            why = "the file was changed or damaged since the saves in its journal were made"
            raise OldLayoutDamaged(self.main, why)
        return data

    def apply(self, op: Any, data: dict[str, dict[str, Any]]) -> None:
        """One journal operation, applied as the old storage did."""
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
        # The payload: the answers as JSON, a newline, then text for search.
        found = _record_at(blob, offset, lambda data: json.loads(data[: data.index(b"\n")]))
        if found is None or found[1] != offset + size:
            why = f"the answers of diagnosis {number} are damaged (offset {offset})"
            raise OldLayoutDamaged(path, why)
        return found[0]

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

    def schema(self, tables: dict[str, dict[str, Any]]) -> int | None:
        meta, foreign = tables.get("meta"), sorted(set(tables) - {"meta", "diagnoses", "drafts"})
        if not meta and foreign:
            why = f"a TinyDB file, but not Unstall's (tables {foreign})"
            raise OldLayoutDamaged(self.main, why)
        if not meta:  # version 0 recorded none
            return 0 if set(tables) - {"meta"} else None
        version = next(iter(meta.values())).get("schema")
        if type(version) is not int or not 0 <= version <= NEWEST_SCHEMA:
            why = f"schema {version!r} is not one this reads (0 to {NEWEST_SCHEMA}; a newer one?)"
            raise OldLayoutDamaged(self.main, why)
        return version

    def files(self) -> list[Path]:
        """Main file, journal (and one kept aside), lock, answers, migration backups on disk."""
        folder, beside = self.main.parent, re.compile(re.escape(self.main.name) + _BESIDE)
        try:
            names = sorted(os.listdir(folder))
        except OSError as error:
            why = f"the folder cannot be listed ({error.strerror})"
            raise OldLayoutDamaged(folder, why) from None
        found = [folder / name for name in names if beside.fullmatch(name)]
        return [path for path in found if path.is_file()]


def read_old(path: Path) -> OldDatabase:
    """What the old-layout database whose main file is ``path`` holds, as of its newest
    acknowledged save. It takes no lock: convert when no older Unstall has it open."""
    reader = _Reader(Path(os.path.abspath(path)))
    tables = reader.tables()
    schema = reader.schema(tables)
    diagnoses = [reader.diagnosis(key, doc) for key, doc in _by_id(tables.get("diagnoses", {}))]
    reader.seen.update(diagnosis.id for diagnosis in diagnoses)
    drafts = [{**doc, "id": key} for key, doc in _by_id(tables.get("drafts", {}))]
    return OldDatabase(diagnoses, drafts, max(reader.seen, default=0) + 1, reader.files(), schema)
