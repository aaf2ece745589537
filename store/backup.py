"""The ``.bak`` of a file before it changes: a hard link where the file system has them, else
a copy."""

from __future__ import annotations

import os
from pathlib import Path

from store.files import PRIVATE


def keep_backup(path: Path, backup: Path) -> None:
    """``backup`` made the version of ``path`` there now: a hard link (no copy), else, where
    links do not work (exFAT or FAT sticks, some SMB shares, another file system behind a
    symlink), a copy readable by the user only. ``backup`` is gone already; raises ``OSError``
    when neither can be made."""
    try:
        os.link(os.path.realpath(path), backup)  # Linux's link() never follows a symlink
    except OSError:
        data = path.read_bytes()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(backup, flags, PRIVATE)
        try:
            with os.fdopen(fd, "wb") as handle:
                if os.chmod in os.supports_fd:
                    os.chmod(handle.fileno(), PRIVATE)  # 0600 whatever the umask
                handle.write(data)
        except BaseException:
            backup.unlink(missing_ok=True)  # never half a backup (a full disk)
            raise
