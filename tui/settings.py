"""The few things the app remembers between runs (the theme), in the user config directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import platformdirs

from store.files import PRIVATE, PRIVATE_FOLDER, atomic_write, make_private_dirs, tighten


def settings_path() -> Path:
    return platformdirs.user_config_path("unstall", appauthor=False) / "settings.json"


def make_private() -> str | None:
    """Tighten the settings file and its folder if others could read them (0600 and 0700);
    what to tell the user when they were looser, else ``None``."""
    path = settings_path()
    loose = sum((tighten(path.parent, PRIVATE_FOLDER), tighten(path, PRIVATE)))
    if not loose:
        return None
    return f"Your settings ({path}) could be read by others: now only you can read them."


def load() -> dict[str, Any]:
    """The saved settings; an unreadable file counts as none (it only holds preferences)."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(**changes: Any) -> None:
    """Merge ``changes`` into the saved settings. Failing to save a preference is not fatal."""
    path = settings_path()
    data = {**load(), **changes}
    try:
        make_private_dirs(path.parent)
        atomic_write(path, json.dumps(data, indent=2).encode("utf-8"))
    except OSError:
        pass
