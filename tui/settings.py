"""The few things the app remembers between runs (the theme), in the user config directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import platformdirs

from store.files import atomic_write


def settings_path() -> Path:
    return platformdirs.user_config_path("unstall", appauthor=False) / "settings.json"


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
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, json.dumps(data, indent=2).encode("utf-8"))
    except OSError:
        pass
