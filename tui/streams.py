"""The encodings of standard input and output, set once where a command line starts.

Output never fails on a character the stream cannot encode: it is replaced (``?``), never an
exception (a partner named ``Łódź Software`` printed to a Windows pipe, cp1252). Output that
is not a terminal (a file, a pipe) is written in UTF-8 unless ``PYTHONIOENCODING`` says
otherwise, as ``export`` and ``ics`` write their files: every letter arrives.

Plain mode's input keeps the bytes that are not text as lone surrogates
(``errors="surrogateescape"``) so that a line which is not valid UTF-8 (or not valid in the
terminal's encoding) can be refused and asked again (:func:`is_unreadable`) instead of being
stored with ``�`` in it. Input that is not a terminal is read as UTF-8, as output is written,
unless ``PYTHONIOENCODING`` says otherwise.

Only public ``io.TextIOWrapper.reconfigure`` is used; streams without it (``io.StringIO``,
test captures) are left as they are.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from typing import Any

ESCAPED = re.compile("[\udc80-\udcff]")
"""A byte that could not be decoded, as ``surrogateescape`` keeps it."""


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal (``False`` for none, a closed one, or a capture)."""
    isatty: Callable[[], bool] | None = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def _chosen_encoding() -> bool:
    """Whether the user chose the encoding of the standard streams (``PYTHONIOENCODING``
    with an encoding in it, not only ``:errors``)."""
    return bool(os.environ.get("PYTHONIOENCODING", "").partition(":")[0].strip())


def _reconfigure(stream: Any, errors: str, encoding: str | None = None) -> None:
    """``stream.reconfigure(...)`` where the stream has it; the encoding left as it is when it
    can no longer change (input already read), the error handler set all the same."""
    reconfigure: Callable[..., None] | None = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    if encoding is not None:
        try:
            reconfigure(encoding=encoding, errors=errors)
        except (OSError, ValueError, LookupError):
            pass
        else:
            return
    with contextlib.suppress(OSError, ValueError, LookupError):
        reconfigure(errors=errors)


def _standard(stream: Any, errors: str) -> None:
    """A standard stream: UTF-8 when not a terminal (unless ``PYTHONIOENCODING`` chose), with
    the error handler ``errors``."""
    if stream is None:
        return
    utf8 = not is_terminal(stream) and not _chosen_encoding()
    _reconfigure(stream, errors, "utf-8" if utf8 else None)


def portable_output(stream: Any) -> None:
    """Standard output or error: UTF-8 when not a terminal (unless ``PYTHONIOENCODING``
    chose), and a character the stream cannot encode replaced, never an exception."""
    _standard(stream, "replace")


def tolerant_output(stream: Any) -> None:
    """A stream handed over by a caller: its encoding kept, what it cannot encode replaced."""
    if stream is not None:
        _reconfigure(stream, "replace")


def portable_input(stream: Any) -> None:
    """Plain mode's standard input: UTF-8 when not a terminal (unless ``PYTHONIOENCODING``
    chose), undecodable bytes kept apart for :func:`is_unreadable` to find."""
    _standard(stream, "surrogateescape")


def escaping_input(stream: Any) -> None:
    """A stream handed over by a caller: its encoding kept, undecodable bytes kept apart
    (``surrogateescape``) rather than raised or replaced."""
    if stream is not None:
        _reconfigure(stream, "surrogateescape")


def is_unreadable(line: str) -> bool:
    """Whether ``line`` holds a byte that was not text in the input's encoding."""
    return ESCAPED.search(line) is not None
