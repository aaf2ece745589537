"""Shared fixtures: a fixed clock and a private data directory for every test, so no test
depends on the real date or ever touches the user's own database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE

from playbook import clock

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_world(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("UNSTALL_TODAY", TODAY.isoformat())
    monkeypatch.setenv("UNSTALL_DB", str(home / "never-the-users.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # crash logs
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "documents"))  # files saved by e, i
    monkeypatch.setenv("TMPDIR", str(home / "tmp"))
    (home / "tmp").mkdir()
    # No country: only 1 January and 25 December are holidays, on any machine.
    for name in ("UNSTALL_COUNTRY", "LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")
    clock.fix(TODAY)
    yield
    clock.fix(None)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "unstall.json"


@pytest.fixture
def example_answers() -> dict[str, str]:
    import json

    shared = Path(__file__).resolve().parents[2] / "shared" / "examples" / "answers.json"
    if shared.exists():
        return json.loads(shared.read_text(encoding="utf-8"))
    return dict(EXAMPLE)
