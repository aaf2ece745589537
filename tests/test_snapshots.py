"""Each screen pinned as an SVG snapshot: the same scenes as the README's screenshots, plus the
main screens at 80x24 and at the 60x20 minimum.

Update after a deliberate change of look:
``uv run pytest tests/test_snapshots.py --snapshot-update``
(and regenerate the README pictures with ``uv run python -m tui.screenshots``).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.screenshots import SCENES, build_app, settle

BY_NAME = {scene.name: scene for scene in SCENES}


@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
def test_screen_looks_as_pinned(scene, snap_compare, tmp_path):
    app = build_app(scene, tmp_path)
    assert snap_compare(app, terminal_size=scene.size, run_before=settle(scene))


BY_NAME["verdict-outcome"] = replace(
    BY_NAME["partner"], name="verdict-outcome", press=(*["down"] * 6, "enter", "enter")
)
"""A verdict with its outcome recorded (Northwind Analytics, #8): shown, and "Change outcome"."""

BY_NAME["delete-confirm"] = replace(BY_NAME["partner"], name="delete-confirm", press=("enter", "x"))
"""The partner page asking before it deletes a diagnosis."""
BY_NAME["rename"] = replace(BY_NAME["partner"], name="rename", press=("enter", "R"))
"""The partner page's rename dialog."""

SMALL = [
    "home",
    "questionnaire-fit",
    "verdict-stalled",
    "verdict-outcome",
    "talking-points",
    "review",
    "partner",
    "compare",
    "outcome",
    "find",
    "help",
    "talking-points-blame",
    "welcome",
    "resume",
    "questionnaire",
    "damaged-database",
    "delete-confirm",
    "rename",
]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("name", SMALL)
def test_small_terminals_scroll_instead_of_clipping(name, size, snap_compare, tmp_path):
    scene = replace(BY_NAME[name], size=size)
    app = build_app(scene, tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=settle(scene))
