"""Reading a JSON file the user gives (an answers file, an import), within limits.

Whatever the file holds, the reader returns the parsed value or raises :class:`Refused` with a
sentence that names the file and the real cause: not there, a folder, not readable, larger than
the limit (read with a bounded read: ``/dev/zero`` or an endless pipe stop at the limit), not
UTF-8 (a UTF-8 byte-order mark is fine), not JSON, nested too deeply, an object with a key
given twice, a whole number too long to be an answer; standard input closed. Never a traceback.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from playbook.questions import MAX_NUMBER as MAX_COUNT
from store.records import KeyTwice, no_repeats

MAX_ANSWERS_BYTES = 1_000_000
"""The largest answers file read (1 MB): every answer at its longest fits in a third of it."""

MAX_IMPORT_BYTES = 64_000_000
"""The largest import file read (64 MB): tens of thousands of diagnoses."""

MAX_DEPTH = 16
"""The deepest nesting of arrays and objects accepted. An answers file is one level, an import
two: anything deeper is not ours (and JSON nested 100,000 deep would overflow the parser)."""

ANSWERS_SHAPE = 'An answers file is one JSON object, e.g. {"partner": "Acme", "kind": "referral"}.'
IMPORT_SHAPE = (
    "An import file is a JSON array of answers objects, as 'unstall export' writes, "
    'e.g. [{"partner": "Acme", "kind": "referral"}].'
)


class Refused(Exception):
    """The file cannot be read as the JSON asked for; the message says why."""


def size_words(size: int) -> str:
    """``1_000_000`` -> ``1 MB``; sizes under a megabyte in kB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    return f"{size / 1000:g} kB"


def read_json(source: str, *, what: str, limit: int, shape: str) -> Any:
    """The JSON value in the file ``source`` (``-`` for standard input), at most ``limit``
    bytes; ``what`` names the file in messages, ``shape`` says what it
    should hold. ``what`` starts with a vowel ("answers file", "import file")."""
    data, name = _read_bounded(source, what=what, limit=limit)
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # What Windows PowerShell 5 writes for 'unstall diagnose --template > answers.json'.
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(
            f"{name} is not UTF-8 text (byte 0x{data[error.start]:02x} at position "
            f"{error.start:,}): save it as UTF-8. {shape}"
        ) from error
    try:
        value = json.loads(text, object_pairs_hook=no_repeats, parse_int=_whole_number)
    except KeyTwice as error:
        raise Refused(
            f"{_cut(error.key)} is given twice in {name}: keep one of them (a key given twice "
            f"would silently lose one of the answers). {shape}"
        ) from error
    except _TooLong as error:
        raise Refused(
            f"{name} holds a number {error.digits:,} digits long: that is too large for any "
            f"answer (a count is at most {MAX_COUNT:,}). {shape}"
        ) from error
    except json.JSONDecodeError as error:
        before = text[: error.pos].rstrip()
        if before.endswith(",") and text[error.pos : error.pos + 1] in ("}", "]"):
            line = before.count("\n") + 1
            raise Refused(
                f"{name} is not valid JSON: line {line} ends in a comma after the last item, "
                f"which JSON does not allow; remove that comma. {shape}"
            ) from error
        raise Refused(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}). "
            f"{shape}"
        ) from error
    except RecursionError as error:
        raise Refused(_too_deep(name, shape)) from error
    except ValueError as error:  # pragma: no cover - the hooks above say what is wrong
        raise Refused(f"{name} cannot be read as JSON. {shape}") from error
    if depth_over(value, MAX_DEPTH):
        raise Refused(_too_deep(name, shape))
    return value


MAX_DIGITS = 100
"""The longest whole number read, in digits: far past any answer, well short of the 4,300
digits past which Python will not turn digits into a number."""

KEY_SHOWN = 40
"""At most this many characters of a key given twice are echoed in its message."""


class _TooLong(Exception):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _whole_number(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _TooLong(digits)
    return int(text)


def _cut(key: str) -> str:
    return key if len(key) <= KEY_SHOWN else key[: KEY_SHOWN - 1] + "…"


def _too_deep(name: str, shape: str) -> str:
    return (
        f"{name} is nested too deeply: arrays and objects more than {MAX_DEPTH} levels inside "
        f"each other. {shape}"
    )


def depth_over(value: Any, limit: int) -> bool:
    """Whether arrays and objects in ``value`` nest more than ``limit`` levels (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _read_bounded(source: str, *, what: str, limit: int) -> tuple[bytes, str]:
    if source == "-":
        name = "standard input"
        stream = sys.stdin
        if stream is None or getattr(stream, "closed", False):  # started with <&-
            raise Refused(
                f"standard input is closed: give the path of the {what} instead of '-', or "
                f"send the {what} into it (< FILE)"
            )
        buffer = getattr(stream, "buffer", None)
        try:
            if buffer is not None:
                data = buffer.read(limit + 1)
            else:  # a text stream (tests): as many characters, then bytes
                data = stream.read(limit + 1).encode("utf-8", "surrogateescape")
        except OSError as error:
            raise Refused(f"cannot read {name}: {error.strerror or error}") from error
        size = None
    else:
        path = Path(source).expanduser()
        name = str(path)
        try:
            with path.open("rb") as handle:
                info = os.fstat(handle.fileno())
                size = info.st_size if stat.S_ISREG(info.st_mode) else None
                too_large = size is not None and size > limit
                data = b"" if too_large else handle.read(limit + 1)
        except FileNotFoundError as error:
            raise Refused(f"no {what} at {source}: check the path") from error
        except IsADirectoryError as error:
            raise Refused(f"{name} is a folder: give the path of the {what} itself") from error
        except NotADirectoryError as error:
            raise Refused(
                f"no {what} at {source}: a part of that path is a file, not a folder"
            ) from error
        except PermissionError as error:
            raise Refused(f"cannot read the {what} {name}: permission denied") from error
        except OSError as error:
            raise Refused(f"cannot read the {what} {name}: {error.strerror or error}") from error
    if (size is not None and size > limit) or len(data) > limit:
        found = f"it is {size:,} bytes" if size is not None else "it goes on past that"
        raise Refused(
            f"{name} is too large: an {what} may be at most {size_words(limit)} "
            f"({limit:,} bytes), and {found}"
        )
    return data, name
