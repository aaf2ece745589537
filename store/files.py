"""Writing files whole and atomically: the one atomic-write helper, and TinyDB's JSON storage on it.

:func:`atomic_write` is how every file of ours is written (databases, exports, backups, calendar
files, settings): a temporary file in the same folder, flushed and fsynced, moved over the target
with ``os.replace``, then the folder fsynced. A reader sees the old bytes or the new ones, never a
mix, and a crash at any point leaves one of the two. Symlinks are followed, never replaced.

:class:`AtomicJSONStorage` is TinyDB's ``JSONStorage`` with that write and a fresh read each time
(no long-lived handle on an inode another process has since replaced):
``TinyDB(path, storage=AtomicJSONStorage)`` is all a caller needs.
"""

from __future__ import annotations

import contextlib
import errno
import json
import locale
import os
import stat
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

PRIVATE = 0o600
PRIVATE_FOLDER = 0o700
_WRITING_MODES = ("+", "w", "a")
_SAFE_MODES = ("r", "rb", "r+", "rb+")


def atomic_write(path: str | os.PathLike[str], data: bytes, *, mode: int = PRIVATE) -> None:
    """Replace the file at ``path`` (or, for a symlink, the file it points to) with ``data``,
    with permissions ``mode`` whatever the umask and the old file. On failure the temporary
    file is removed, the original is left as it was, and the ``OSError`` is raised."""
    temp, target = _temporary(path, data, mode, durable=True)
    try:
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_folder(os.path.dirname(target))


def _temporary(
    path: str | os.PathLike[str], data: bytes, mode: int, *, durable: bool
) -> tuple[str, str]:
    """``data`` in a new temporary file beside the real target of ``path`` (fsynced if
    ``durable``): its path and the target's. Nothing is left behind on failure."""
    target = os.path.realpath(path)
    fd, temp = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target)
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            _set_mode(handle.fileno(), temp, mode)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return temp, target


def atomic_write_many(
    files: Iterable[tuple[str | os.PathLike[str], bytes]], *, mode: int = PRIVATE
) -> None:
    """Replace several files, each as :func:`atomic_write` does, with one flush to disk: every
    temporary file is written first and made durable together (one ``os.sync`` where there is
    one, else an ``fsync`` each), then each is moved over its target in order, and each folder
    fsynced once. A crash leaves every file old or new; an import of 10,000 partners is spared
    10,000 disk flushes. On failure, temporary files not yet moved are removed."""
    pending: list[tuple[str, str]] = []
    try:
        for path, data in files:
            pending.append(_temporary(path, data, mode, durable=not hasattr(os, "sync")))
        if pending and hasattr(os, "sync"):
            os.sync()
        folders = dict.fromkeys(os.path.dirname(target) for _, target in pending)
        pending.reverse()  # moved in the given order, popped from the end
        while pending:
            temp, target = pending[-1]
            os.replace(temp, target)
            pending.pop()
    except BaseException:
        for temp, _ in pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        raise
    for folder in folders:
        _fsync_folder(folder)


def make_private_dirs(path: str | os.PathLike[str]) -> None:
    """Create the folder ``path`` and any missing parents, each new one 0700 whatever the
    umask; a file in the way raises as ``os.makedirs`` does."""
    missing: list[str] = []
    current = os.path.abspath(path)
    while not os.path.lexists(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, PRIVATE_FOLDER)
        except FileExistsError:
            if not os.path.isdir(folder):
                raise
            continue  # made by another process meanwhile: theirs to set
        if os.name != "nt":
            os.chmod(folder, PRIVATE_FOLDER)
    if not os.path.isdir(path):
        raise (
            FileExistsError(errno.EEXIST, "a file is in the way", os.fspath(path))
            if os.path.lexists(path)
            else NotADirectoryError(errno.ENOTDIR, "not a folder", os.fspath(path))
        )


def tighten(path: str | os.PathLike[str], mode: int) -> bool:
    """Take away any permission of ``path`` beyond ``mode`` (0600 for a file, 0700 for a
    folder); ``True`` if it had any. Symlinks, files of other users, Windows (no such bits)
    and files that cannot be changed are left alone (``False``)."""
    if os.name == "nt":
        return False
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) or st.st_uid != os.geteuid():
            return False
        if not stat.S_IMODE(st.st_mode) & ~mode:
            return False
        os.chmod(path, stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        return False
    return True


def tighten_folder(folder: str | os.PathLike[str]) -> int:
    """:func:`tighten` a folder of ours and everything in it (files 0600, folders 0700),
    without following symlinks; how many were looser."""
    count = int(tighten(folder, PRIVATE_FOLDER))
    for root, folders, files in os.walk(folder):
        count += sum(tighten(os.path.join(root, name), PRIVATE_FOLDER) for name in folders)
        count += sum(tighten(os.path.join(root, name), PRIVATE) for name in files)
    return count


LOOSE = "could be read by others: now only you can read them (files 0600, folders 0700)."


def tighten_database(folder: Path) -> int:
    """:func:`tighten_folder` for a database folder, walked whole only when the folder, its
    ``partners`` folder or one of its own files was loose (an old or copied database): a walk
    of every file costs a few ms at 10,000 diagnoses, and a 0700 folder keeps others out."""
    top = [folder, folder / "partners", *folder.glob("*.json")]
    loose = sum(tighten(path, PRIVATE_FOLDER if path.is_dir() else PRIVATE) for path in top)
    return loose + tighten_folder(folder) if loose else 0


def _create_private(path: str | os.PathLike[str], create_dirs: bool = False) -> None:
    """Create an empty file at ``path`` (0600) unless it exists, as ``tinydb.storages.touch``
    does (a dangling symlink gets its target created)."""
    target = os.path.realpath(path)
    if create_dirs:
        folder = os.path.dirname(target)
        if folder and not os.path.exists(folder):
            make_private_dirs(folder)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        return
    try:
        _set_mode(fd, target, PRIVATE)
    finally:
        os.close(fd)


def _set_mode(fd: int, path: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # Windows before Python 3.13: only the read-only flag exists anyway.
        os.chmod(path, mode)


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable. Skipped where a folder cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as error:  # some file systems refuse fsync on a folder
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


class AtomicJSONStorage(Storage):
    """TinyDB's ``JSONStorage`` (the same constructor; ``kwargs`` go to ``json.dumps``), written
    with :func:`atomic_write` and read afresh every call, so a write by another process or
    instance is always seen. The file is created (0600) when ``access_mode`` allows writing."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self.path = os.fspath(path)
        self.access_mode = access_mode
        self.kwargs = kwargs
        self.encoding = encoding or locale.getpreferredencoding(False)
        self.closed = False

        if access_mode not in _SAFE_MODES:
            warnings.warn(
                "Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' can cause data loss "
                "or corruption",
                stacklevel=2,
            )
        self.writable = any(character in access_mode for character in _WRITING_MODES)
        if self.writable:
            _create_private(self.path, create_dirs=create_dirs)
        else:
            with open(self.path, "rb"):  # a missing file raises here, as with JSONStorage
                pass

    def read(self) -> dict[str, dict[str, Any]] | None:
        self._check_open()
        with open(self.path, encoding=self.encoding) as handle:
            text = handle.read()
        if not text:
            return None  # a new, empty file: TinyDB initialises the database
        return json.loads(text)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._check_open()
        if not self.writable:
            raise OSError(f'Cannot write to the database. Access mode is "{self.access_mode}"')
        serialized = json.dumps(data, **self.kwargs)
        atomic_write(self.path, serialized.encode(self.encoding))

    def close(self) -> None:
        self.closed = True

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError(f"I/O operation on closed database file {self.path!r}")
