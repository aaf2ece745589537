"""The layers stay apart: playbook is pure Python, store knows nothing of the screens."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def modules_of(package: str) -> list[str]:
    return sorted(
        f"{package}.{path.stem}" if path.stem != "__init__" else package
        for path in (ROOT / package).glob("*.py")
    )


PLAYBOOK_MODULES = modules_of("playbook")
STORE_MODULES = modules_of("store")


def test_the_expected_modules_are_checked():
    assert {"playbook.verdict", "playbook.report", "playbook.clock"} <= set(PLAYBOOK_MODULES)
    assert {"store.repository", "store.errors", "store.paths"} <= set(STORE_MODULES)


def imports_after(module: str, forbidden: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    code = (
        f"import {module}, sys\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r})\n"
        "assert not bad, bad\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("module", PLAYBOOK_MODULES)
def test_importing_playbook_loads_neither_textual_nor_tinydb(module):
    done = imports_after(module, ("textual", "tinydb", "tui", "store"))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("module", STORE_MODULES)
def test_importing_the_store_loads_neither_textual_nor_the_tui(module):
    done = imports_after(module, ("textual", "tui"))
    assert done.returncode == 0, done.stderr


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("playbook", {"textual", "tinydb", "tui", "store"}),
        ("store", {"textual", "tui"}),
    ],
)
def test_no_source_file_imports_a_layer_above_it(package, forbidden):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & forbidden) for path in files
    }
    assert {path: bad for path, bad in offenders.items() if bad} == {}


def test_the_static_check_would_see_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from textual.app import App\n    import tinydb.table\n")
    assert imported_roots(sample) == {"textual", "tinydb"}
