"""Where the database lives: ``--db PATH``, else ``$UNSTALL_DB``, else the user data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "UNSTALL_DB"
FILE_NAME = "unstall.json"


def default_db_path() -> Path:
    """The database used when no ``--db`` is given."""
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_data_path("unstall", appauthor=False) / FILE_NAME
