"""The folder's names and shapes: the schema, its tables, each partner's file name, and the
check that a file read holds documents of the shape the repository writes. (The values the
repository hands out are :mod:`playbook.history`'s.)"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from playbook.history import summary_of
from playbook.outcome import Outcome
from playbook.questions import ALL_QUESTIONS
from store.errors import DatabaseUnreadable, StoreError

SCHEMA = 5
DIAGNOSES, DRAFTS, META, PARTNERS, MEETINGS = "diagnoses", "drafts", "meta", "partners", "meetings"
LOCK_WAIT = 10.0
"""Seconds a change waits for another process's change to finish before it gives up."""
BACKUP = "backup-old-layout"
"""The folder of the database converted from the old layout that keeps a copy of its files."""
OWN = (
    "partners",
    "meta.json",
    "drafts.json",
    "index.json",
    "meetings.json",
    "unstall.lock",
    BACKUP,
)


def ours(name: str) -> bool:
    """Whether an entry of a database folder is one of its own: a file or folder it makes, a
    backup or a set-aside copy of one (``index.json.bak``, ``meta.json.damaged-<time>``), or a
    write killed before its rename (``.index.json.<random>.tmp``)."""
    base = name[1:] if name.startswith(".") and name.endswith(".tmp") else name
    return any(base == own or base.startswith(own + ".") for own in OWN)


def not_a_database(folder: Path) -> DatabaseUnreadable | None:
    """Why ``folder`` may not be made a database, or ``None``: it is not one (no meta.json)
    and holds files of something else (``--db ~``), which the database's own writes and
    permissions must never touch."""
    try:
        names = [] if (folder / "meta.json").exists() else sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return None  # nothing there yet (or a file: said when the folder is made)
    others = [name for name in names if not ours(name)]
    if not others:
        return None
    shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
    advice = "Give --db a new or empty folder, or the folder of an Unstall database"
    if "unstall.json" in others:
        advice = (
            f"It holds unstall.json, from an older Unstall: give --db {folder / 'unstall.json'}"
        )
        advice += " to convert it"
    return DatabaseUnreadable(
        folder,
        f"this folder is not an Unstall database, and it holds other files ({shown})",
        advice,
    )


class DiagnosisGone(StoreError):
    """A change to a diagnosis that no longer exists (deleted in another window)."""


@dataclass(frozen=True)
class Damaged:
    """A file that cannot be read: what is unavailable, where the file and its backup are."""

    path: Path
    reason: str
    backup: Path | None = None

    def __str__(self) -> str:
        backup = f"; the last good copy is {self.backup}" if self.backup else ""
        return f"{self.path}: {self.reason}{backup}"


def partner_file_name(key: str) -> str:
    """A partner's file: a readable, portable slug of its name and a hash that keeps two
    names with the same slug apart (``harbor-travel-3f2a9c1e.json``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", key.encode("ascii", "ignore").decode().lower()).strip("-")
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{slug[:40] or 'partner'}-{digest}.json"


class KeyTwice(ValueError):
    """A JSON object with a key given twice (``json`` would keep the last one silently)."""

    def __init__(self, key: str) -> None:
        super().__init__("a key appears twice in one object")
        self.key = key


def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object (an ``object_pairs_hook``), refused with :class:`KeyTwice` when a key
    comes twice (one document, or one answer, would be lost)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise KeyTwice(key)
            seen.add(key)
    return result


def may_hold(raw: bytes, text: str) -> bool:
    """Whether a partner file as written by us (``json.dumps``: ASCII, ``\\``-escapes only) may
    hold a diagnosis whose searchable text contains ``text``; ``False`` only when it surely
    does not. Each whitespace-free piece of ``text`` lies whole in one stored text, and if it
    is printable ASCII without quote or backslash, it is in the bytes as it is (lower case:
    the texts are case-folded, an edit is folded as read, and for ASCII that is lowering)."""
    pieces = text.casefold().split()
    plain = all(p.isascii() and p.isprintable() and not {'"', "\\"} & set(p) for p in pieces)
    if not plain or not raw.isascii() or b"\\u" in raw:
        return True  # an escape could hide a piece (a fold can make ASCII of other letters)
    lowered = raw.lower()
    return all(piece.encode() in lowered for piece in pieces)


def _iso(value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a date")
    date.fromisoformat(value)


STRINGS = frozenset({str})
DATE_ANSWERS = frozenset(key for key, q in ALL_QUESTIONS.items() if q.kind == "date")
"""The answers that are dates (each checked to be one when a file is read)."""


def check_shape(path: Path, table: str, documents: Mapping[int, Mapping[str, Any]]) -> None:
    """Raise ``ValueError``/``TypeError``/``KeyError`` unless every document has the shape
    the repository writes: a file that parses but is not ours is damaged, not half-read."""
    keys_here: set[str] = set()  # the partner keys seen to belong in this file
    for doc_id, document in documents.items():
        if table == DIAGNOSES:
            answers = document["answers"]
            if not isinstance(answers, dict) or not STRINGS.issuperset(map(type, answers.values())):
                raise TypeError(f"diagnosis {doc_id} has no answers")
            for key in DATE_ANSWERS.intersection(answers):
                _iso(answers[key])
            key = document["partner_key"]
            if key not in keys_here:
                if partner_file_name(key) != path.name:
                    raise ValueError(f"diagnosis {doc_id} belongs to another partner's file")
                keys_here.add(key)
            for name in ("partner", "verdict", "path"):
                if not isinstance(document[name], str):
                    raise TypeError(f"diagnosis {doc_id} has no {name}")
            _iso(document["diagnosed_on"])
            _iso(document["next_review"])
            if not isinstance(document["severity"], int) or isinstance(document["severity"], bool):
                raise TypeError(f"diagnosis {doc_id} has no severity")
            if not isinstance(document.get("draft"), (int, type(None))):
                raise TypeError(f"diagnosis {doc_id} names no draft")
            outcome = document.get("outcome")
            if outcome is not None:
                Outcome.from_dict(outcome)
        elif table == DRAFTS:
            if not isinstance(document["answers"], dict) or not isinstance(document["typed"], dict):
                raise TypeError(f"draft {doc_id} has no answers")
            int(document.get("revision", 0))
        elif table == META:
            for name in ("next_id", "next_draft"):
                if not isinstance(document[name], int) or document[name] < 1:
                    raise ValueError(f"the {name} counter is not a number from 1")
            renaming = document.get("renaming")
            if renaming is not None and (
                type(renaming) is not list or [*map(type, renaming)] != [str, str]
            ):
                raise TypeError("the rename under way does not name two partners")
        elif table == PARTNERS:
            if not isinstance(document["key"], str) or not isinstance(document["file"], str):
                raise TypeError(f"index entry {doc_id} names no partner")
            if not all(isinstance(n, int) for n in [*document["ids"], *document["drafts"]]):
                raise TypeError(f"index entry {doc_id} has no ids")
            if document["count"] != len(document["ids"]):
                raise ValueError(f"index entry {doc_id} miscounts its diagnoses")
            for which in ("latest", "previous"):
                entry = document[which]
                if entry is None and which == "previous":
                    continue
                summary_id, fields = entry
                summary_of(int(summary_id), fields)
                _iso(fields["diagnosed_on"])
