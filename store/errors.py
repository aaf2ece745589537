"""Errors the store raises: each says what is wrong, where the file is, and what to do.

Nothing above the store needs to know the file format; it only needs these messages.
"""

from __future__ import annotations

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
        self.advice = advice
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message  # also where OSError would format errno and filename instead

    @property
    def message(self) -> str:
        text = f"{self.reason} ({self.path})"
        if self.advice:
            text += f". {self.advice}"
        return text


class DatabaseUnreadable(StoreError):
    """The file exists but is not a database this app can read (not JSON, truncated,
    wrong shape, or written by a newer version). It is never overwritten."""


class DatabaseNewer(DatabaseUnreadable):
    """The file was written by a newer version of Unstall (a higher schema version)."""


class DatabaseInUse(StoreError):
    """Another process holds the database and this one may not write now."""


class DatabaseWriteFailed(StoreError, OSError):
    """A write could not be completed (disk full, read-only directory, ...).
    The database on disk is unchanged: the last save that returned is still there.

    An ``OSError`` too (with the ``errno`` of the failure where there was one), as TinyDB's
    ``JSONStorage`` raises for the same failures."""


class DatabaseReadOnly(DatabaseWriteFailed):
    """The database was opened read-only (``access_mode="r"``, as TinyDB's ``JSONStorage``
    allows) and something tried to write."""


def folder_problem(folder: Path, error: OSError, database: Path) -> DatabaseUnreadable:
    """Why the database folder ``folder`` (or a folder inside it) cannot be made or used, in
    the words of the real cause: a file where a folder should be, or permission denied."""
    blocking = next(
        (part for part in (folder, *folder.parents) if part.exists() and not part.is_dir()), None
    )
    if blocking is not None:
        return DatabaseUnreadable(
            blocking,
            "this is a file, where the database needs a folder",
            "Move the file away, or give --db the path of a folder",
            database=database,
        )
    if isinstance(error, PermissionError):
        return DatabaseUnreadable(
            folder,
            "permission denied: the database folder cannot be made or opened here",
            "Give --db a folder you can write to",
            database=database,
        )
    return DatabaseUnreadable(
        folder,
        f"the database folder cannot be made ({error.strerror or error})",
        database=database,
    )
