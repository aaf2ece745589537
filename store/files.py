"""Writing files whole and atomically, private permissions, and TinyDB's JSON storage on them.

Every file of ours is written by :func:`atomic_write` (or :func:`atomic_write_many`): a
temporary file beside it, flushed to disk, moved over it with ``os.replace``, the folder fsynced.
A reader sees the old bytes or the new, never a mix; a crash leaves one of the two. Symlinks are
followed, never replaced.
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

from store.records import ours

PRIVATE = 0o600
PRIVATE_FOLDER = 0o700
LOOSE = "could be read by others: now only you can read them (files 0600, folders 0700)."


def atomic_write(path: str | os.PathLike[str], data: bytes, *, mode: int = PRIVATE) -> None:
    """Replace the file at ``path`` with ``data``, with permissions ``mode`` whatever the umask
    and the old file. On failure the original is left as it was and the ``OSError`` raised."""
    atomic_write_many([(path, data)], mode=mode)


def atomic_write_many(
    files: Iterable[tuple[str | os.PathLike[str], bytes]], *, mode: int = PRIVATE
) -> None:
    """Replace several files, each as :func:`atomic_write` does, in the given order. Several
    are made durable together (one ``os.sync`` where there is one): an import of 10,000
    partners is spared 10,000 disk flushes. A crash leaves every file old or new."""
    many = []
    for path, data in files:
        try:
            special = not stat.S_ISREG(os.stat(path).st_mode)
        except FileNotFoundError:
            special = False
        if special:  # a device or a pipe (/dev/stdout): written to, never replaced by a file
            with open(path, "wb") as handle:
                handle.write(data)
        else:
            many.append((path, data))
    sync_once = len(many) > 1 and hasattr(os, "sync")
    pending: list[tuple[str, str]] = []  # temporary file, real target (symlinks followed)
    moved = 0
    try:
        for path, data in many:
            target = os.path.realpath(path)
            fd, temp = tempfile.mkstemp(
                prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target)
            )
            pending.append((temp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                os.chmod(handle.fileno() if os.chmod in os.supports_fd else temp, mode)
                handle.flush()
                if not sync_once:
                    os.fsync(handle.fileno())
        if sync_once:
            os.sync()
        for temp, target in pending:
            os.replace(temp, target)
            moved += 1
    except BaseException:
        for temp, _ in pending[moved:]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        raise
    for folder in dict.fromkeys(os.path.dirname(target) for _, target in pending):
        _fsync_folder(folder)


def make_private_dirs(path: str | os.PathLike[str]) -> None:
    """Create the folder ``path`` and any missing parents, each new one 0700 whatever the
    umask; a file in the way raises as ``os.makedirs`` does."""
    folder = os.path.abspath(path)
    if os.path.isdir(folder):
        return  # never mkdir what is there: some systems say EROFS or EACCES, not EEXIST
    parent = os.path.dirname(folder)
    if parent != folder and not os.path.lexists(parent):
        make_private_dirs(parent)
    try:
        os.mkdir(folder, PRIVATE_FOLDER)
    except FileExistsError:
        if os.path.isdir(folder):
            return  # made by another process meanwhile: left as it is
        raise FileExistsError(errno.EEXIST, "a file is in the way", os.fspath(path)) from None
    if os.name != "nt":
        os.chmod(folder, PRIVATE_FOLDER)


def tighten(path: str | os.PathLike[str], mode: int | None = None) -> bool:
    """Take away any permission of ``path`` beyond ``mode`` (by default 0700 for a folder, 0600
    for the rest); ``True`` if it had any. Symlinks, files of other users, Windows (no such
    bits) and files that cannot be changed are left alone (``False``)."""
    if os.name == "nt":
        return False
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) or st.st_uid != os.geteuid():
            return False
        if mode is None:
            mode = PRIVATE_FOLDER if stat.S_ISDIR(st.st_mode) else PRIVATE
        if not stat.S_IMODE(st.st_mode) & ~mode:
            return False
        os.chmod(path, stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        return False
    return True


def tighten_folder(folder: str | os.PathLike[str]) -> int:
    """:func:`tighten` a folder and all in it, following no symlink; how many were looser."""
    count = int(tighten(folder, PRIVATE_FOLDER))
    for root, folders, files in os.walk(folder):
        count += sum(tighten(os.path.join(root, name)) for name in folders + files)
    return count


def tighten_database(folder: Path) -> int:
    """:func:`tighten_folder` on the database's own files and folders (never another file
    beside them), walked only when the folder, ``partners`` or a file of its own was loose
    (an old or copied database): a 0700 folder keeps others out of the rest."""
    loose = sum(map(tighten, [folder, folder / "partners", *folder.glob("*.json")]))
    if not loose:
        return 0
    own = [folder / name for name in sorted(os.listdir(folder)) if ours(name)]
    folders = [path for path in own if path.is_dir() and not path.is_symlink()]
    files = [path for path in own if path not in folders]
    return loose + sum(map(tighten, files)) + sum(map(tighten_folder, folders))


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
    with :func:`atomic_write` and read afresh every call, so a write by another process is
    always seen. The file is created (0600) when ``access_mode`` allows writing."""

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
        if access_mode not in ("r", "rb", "r+", "rb+"):
            warnings.warn(
                "Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' can cause data loss "
                "or corruption",
                stacklevel=2,
            )
        self.writable = any(character in access_mode for character in "+wa")
        if not self.writable:
            open(self.path, "rb").close()  # a missing file raises here, as with JSONStorage
            return
        target = os.path.realpath(self.path)  # a dangling symlink gets its target created
        if create_dirs and not os.path.exists(os.path.dirname(target)):
            make_private_dirs(os.path.dirname(target))
        with contextlib.suppress(FileExistsError):
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
            try:
                os.chmod(fd if os.chmod in os.supports_fd else target, PRIVATE)
            finally:
                os.close(fd)

    def read(self) -> dict[str, dict[str, Any]] | None:
        self._check_open()
        text = Path(self.path).read_text(encoding=self.encoding)
        return json.loads(text) if text else None  # empty: TinyDB initialises the database

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._check_open()
        if not self.writable:
            raise OSError(f'Cannot write to the database. Access mode is "{self.access_mode}"')
        atomic_write(self.path, json.dumps(data, **self.kwargs).encode(self.encoding))

    def close(self) -> None:
        self.closed = True

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError(f"I/O operation on closed database file {self.path!r}")
