"""Errors the store raises: each says what is wrong, where the file is, and what to do (nothing
above the store needs to know the file format, only these messages)."""

from __future__ import annotations

import errno
from pathlib import Path


class StoreError(Exception):
    """Base class: every store problem a user can cause or meet."""

    def __init__(
        self, path: Path | str, reason: str, advice: str = "", *, database: Path | str | None = None
    ) -> None:
        self.path = Path(path)
        #: The database the file belongs to (itself, or a journal's or answers file's main file).
        self.database = Path(database) if database is not None else self.path
        self.reason = reason
        super().__init__(f"{reason} ({self.path})" + (f". {advice}" if advice else ""))


class DatabaseUnreadable(StoreError):
    """A file this app cannot read (not JSON, truncated, wrong shape, newer): never written."""


class DatabaseNewer(DatabaseUnreadable):
    """Written by a newer Unstall (a higher schema version)."""


class DatabaseInUse(StoreError):
    """Another process holds the database and this one may not write now."""


def folder_problem(folder: Path, error: OSError, database: Path) -> DatabaseUnreadable:
    """Why the database folder ``folder`` (or a folder inside it) cannot be made or used, in
    the words of the real cause: a file where a folder should be, or permission denied."""
    blocking = next(
        (part for part in (folder, *folder.parents) if part.exists() and not part.is_dir()), None
    )
    if blocking is not None:
        reason = "this is a file, where the database needs a folder"
        advice = "Move the file away, or give --db the path of a folder"
    elif isinstance(error, PermissionError):
        reason = "permission denied: the database folder cannot be made or opened here"
        advice = "Give --db a folder you can write to"
    else:
        reason, advice = f"the database folder cannot be made ({error.strerror or error})", ""
    return DatabaseUnreadable(blocking or folder, reason, advice, database=database)


def change_failed(error: OSError, database: Path) -> StoreError:
    """A change the system refused part way (a full or read-only disk, a loop of links), with
    the file it names. Each write is whole or not at all; what the change wrote first stays."""
    where = Path(error.filename) if error.filename else database
    advice = "Check that this file is yours to write (a file, not a loop of links), then try again"
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        advice = "Free some space on that disk, then try again"
    elif error.errno == errno.EROFS:
        advice = "That disk is read-only: give --db a folder on a disk you can write to"
    reason = f"the database could not be changed ({error.strerror or error})"
    return StoreError(where, reason, advice, database=database)
