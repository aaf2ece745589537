"""The names of the files the app saves (Markdown, recap, agreement, calendar): a partner's
name in any script, safe on every common file system, and never a file that holds something
else replaced.

Kept apart from :mod:`tui.app` so that the screens can use it without an import circle."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

SLUG_CHARACTERS = 60
"""The longest slug, in characters: a saved name (``unstall-agreement-…-2026-11-23-2.md``)
stays well under the 255 characters (or bytes) that common file systems allow."""

SLUG_BYTES = 150
"""The longest slug in UTF-8 bytes (ext4 counts bytes: 60 CJK letters take 180 or 240)."""

WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{digit}" for port in ("com", "lpt") for digit in "123456789¹²³"}
)
"""Names Windows will not give a file, whatever comes after the first dot (``nul.md`` too)."""


def _is_mark(character: str) -> bool:
    return unicodedata.category(character).startswith("M")


def slug(text: str) -> str:
    """``text`` as a part of a file name: NFC, casefolded; the letters and digits of any
    script kept (with the combining marks on them: Devanagari's vowel signs, Thai's tones);
    every other run (spaces, punctuation, ``<>:"/\\|?*``, control characters) one hyphen; no
    hyphen at either end; at most :data:`SLUG_CHARACTERS` characters and :data:`SLUG_BYTES`
    bytes, cut between letters; never a Windows reserved name; never empty (``partner``).

    ASCII names come out as they always did: ``Harbor Travel`` is ``harbor-travel``."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    pieces: list[str] = []
    for character in folded:
        after_kept = bool(pieces) and pieces[-1] != "-"
        if character.isalnum() or (after_kept and _is_mark(character)):
            pieces.append(character)
        elif after_kept:
            pieces.append("-")
    result = "".join(pieces).strip("-")
    end = min(len(result), SLUG_CHARACTERS)
    while len(result[:end].encode("utf-8")) > SLUG_BYTES:
        end -= 1
    while 0 < end < len(result) and _is_mark(result[end]):
        end -= 1  # never a letter cut from its marks
    result = result[:end].rstrip("-")
    if not result:
        return "partner"
    if result in WINDOWS_RESERVED:
        return f"{result}-partner"
    return result


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file holding exactly ``data`` (a folder, an unreadable file: no)."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def free_path(folder: Path, name: str, text: str) -> Path:
    """Where to save ``text`` as ``name`` in ``folder`` without replacing anything else:
    ``name`` when nothing is there or it holds this very text (saving twice gives one file),
    else the first of ``stem-2.ext``, ``stem-3.ext``, … that is free or holds this text.
    A stem Windows reserves (``nul.md``) gets ``-file`` after it."""
    stem, dot, ending = name.partition(".")
    if stem.casefold() in WINDOWS_RESERVED:
        stem = f"{stem}-file"
    data = text.encode("utf-8")
    candidate = folder / f"{stem}{dot}{ending}"
    number = 1
    while os.path.lexists(candidate) and not _holds(candidate, data):
        number += 1
        candidate = folder / f"{stem}-{number}{dot}{ending}"
    return candidate
