"""Killed at any moment, the store loses no acknowledged change and never duplicates one.

Two harnesses, both in ``tests/store_child.py``:

- random kills: a child makes changes through the Repository (answer saves, finishes, deletes,
  renames, outcomes, edited points, meetings saved as typed, finished with ``set_conversation``
  and discarded) and reports each once it returned; it is SIGKILLed at a random moment, or
  SIGKILLed / SIGHUPed while the app's exit flushes its writers (a draft, talking points, a
  meeting) and closes, or a whole ``python -m tui.cli diagnose --answers`` is killed mid-run.
  After each kill a fresh Repository must open the folder, hold every acknowledged change,
  hold the change under way entirely or not at all, hold no finished draft as both a draft and
  a diagnosis, offer no finished meeting as in progress again, and never give an id twice.
  ``uv run python tests/bench_store.py --kill 200`` runs 200.
- every crash point: each kind of change is killed (by fork, SIGKILL) before and after each of
  its file-system steps (every file replaced, unlinked, linked), one point after the other, and
  each time the folder must hold the change entirely or not at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from store_child import CHANGES, HERE, child_env, run_kills

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")


def test_twenty_random_kills_lose_no_acknowledged_change(tmp_path: Path) -> None:
    report = run_kills(tmp_path / "db", rounds=20, seed=13)  # raises at the first broken promise
    assert report.kills == 20
    assert report.changes >= 100, report.summary()
    # the reset conversation is in the mix: meetings saved and conversations held
    assert report.by_op.get("M", 0) >= 5 and report.by_op.get("H", 0) >= 2, report.by_op
    assert set(report.rounds) == {"loop", "exit-kill", "exit-hup", "cli"}


@pytest.fixture(scope="module")
def crash_points(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    work = tmp_path_factory.mktemp("crash-points")
    done = subprocess.run(
        [sys.executable, str(HERE), "points", str(work)],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("change", CHANGES)
def test_a_kill_at_any_step_leaves_the_change_whole_or_not_at_all(
    crash_points: list[dict[str, Any]], change: str
) -> None:
    points = [point for point in crash_points if point["change"] == change]
    assert points, f"no crash point for {change}"
    assert not points[-1]["killed"]  # the last point is past the end: the change finished
    assert any(point["result"] == "not happened" for point in points)
    broken = [
        f"killed {'after' if point['after'] else 'before'} step {point['step']} "
        f"({point['does']}): {point['result']}"
        for point in points
        if point["result"].startswith("broken")
    ]
    assert not broken, "\n".join(broken)
