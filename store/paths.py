"""Where the database lives: ``--db PATH``, else ``$UNSTALL_DB``, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def default_db_path() -> Path:
    """The database when no ``--db`` is given: ``$UNSTALL_DB``, else the user data folder's
    ``database`` (or its old ``unstall.json``, when only that exists: it is converted on open)."""
    from_env = os.environ.get("UNSTALL_DB", "").strip()
    if from_env:
        return Path(from_env).expanduser()
    home = platformdirs.user_data_path("unstall", appauthor=False)
    folder, old = home / "database", home / "unstall.json"
    return old if old.is_file() and not folder.exists() else folder
