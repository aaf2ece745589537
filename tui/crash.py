"""When Unstall itself fails (a bug, never the user's input): the details go to a private crash
log in the user's log folder, and the terminal gets one short sentence saying where.

The log folder is platformdirs' user log folder: ``$XDG_STATE_HOME/unstall/log`` (by default
``~/.local/state/unstall/log``) on Linux, ``~/Library/Logs/unstall`` on macOS,
``%LOCALAPPDATA%\\unstall\\Logs`` on Windows. Each crash writes ``crash-<time>-<pid>.log``,
readable by the user only (0600, in a folder made 0700): a traceback can quote answers.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import sys
import traceback
from datetime import datetime
from pathlib import Path

import platformdirs

from store.files import atomic_write, make_private_dirs

IDENTIFIER = re.compile(r"^[A-Z]\w*(Error|Exception|Exit|Interrupt)\b:?")
"""The last line of a traceback: the error's name (``RuntimeError: ...``)."""


class AppCrashed(Exception):
    """The app stopped on an unexpected error; ``details`` is its traceback as Textual
    rendered it, and ``kind`` the name of the error."""

    def __init__(self, details: str) -> None:
        super().__init__("the app stopped on an unexpected error")
        self.details = details
        lines = [line.strip() for line in details.splitlines() if line.strip()]
        found = [line.split(":", 1)[0] for line in lines if IDENTIFIER.match(line)]
        self.kind = found[-1] if found else "an error"


CRASH_EXIT = 70
"""The exit code of a crash (``EX_SOFTWARE``): 0 done, 1 refused or failed, 2 invalid input."""


def crash_dir() -> Path:
    return platformdirs.user_log_path("unstall", appauthor=False)


def write_crash_log(error: BaseException, version: str = "") -> Path:
    """Write the traceback of ``error`` to a new crash log; its path. ``OSError`` if it
    cannot be written. The log is dated by the real clock, never ``UNSTALL_TODAY`` (a bad
    value there must not stop the crash handler)."""
    now = datetime.now().replace(microsecond=0)
    folder = crash_dir()
    make_private_dirs(folder)
    path = folder / f"crash-{now:%Y%m%d-%H%M%S}-{os.getpid()}.log"
    lines = [
        f"Unstall {version or '?'} crashed on {now.isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} on {platform.platform()}",
        "",
        *(
            [error.details]
            if isinstance(error, AppCrashed)
            else traceback.format_exception(type(error), error, error.__traceback__)
        ),
    ]
    text = "\n".join(line.rstrip("\n") for line in lines) + "\n"
    atomic_write(path, text.encode("utf-8", "backslashreplace"))
    return path


def crash_message(error: BaseException, version: str = "") -> str:
    """Write the crash log and say, in one paragraph, what happened and where the details are."""
    kind = error.kind if isinstance(error, AppCrashed) else type(error).__name__
    try:
        path = write_crash_log(error, version)
    except Exception as failure:  # the crash handler itself never raises
        reason = failure.strerror if isinstance(failure, OSError) else None
        return (
            f"unstall: Unstall stopped on an unexpected error ({kind}): a bug, not your input. "
            f"The details could not be saved ({reason or failure or type(failure).__name__})."
        )
    return (
        f"unstall: Unstall stopped on an unexpected error ({kind}): a bug, not your input. "
        f"The details are in {path} (readable by you only): please attach it to a bug report."
    )


def report_crash(error: BaseException, version: str = "") -> int:
    """:func:`crash_message` on stderr; the exit code of a crash."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr closed or full
        print(crash_message(error, version), file=sys.stderr)
    return CRASH_EXIT
