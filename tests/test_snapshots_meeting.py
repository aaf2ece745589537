"""The meeting companion and the drafts after the call, pinned as SVG snapshots at 80x24 and
60x20 (at their own size they are pinned in test_snapshots.py with the README's other scenes),
with the decision confirmed at the end of the call and the calendar and agreement tabs.

Update after a deliberate change of look:
``uv run pytest tests/test_snapshots_meeting.py --snapshot-update``
(and regenerate the README pictures with ``uv run python -m tui.screenshots``).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.screenshots import SCENES, build_app, settle

BY_NAME = {scene.name: scene for scene in SCENES}
MEETING = BY_NAME["meeting"]
DRAFTS = BY_NAME["drafts"]
EXTRA = {
    "meeting-finish": replace(MEETING, name="meeting-finish", press=(*MEETING.press, "ctrl+s")),
    "drafts-calendar": replace(DRAFTS, name="drafts-calendar", press=(*DRAFTS.press, "2")),
    "drafts-agreement": replace(DRAFTS, name="drafts-agreement", press=(*DRAFTS.press, "3")),
}
ALL = {"meeting": MEETING, "drafts": DRAFTS, "meeting-resume": BY_NAME["meeting-resume"], **EXTRA}


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("name", list(ALL))
def test_small_terminals_fit_and_scroll_instead_of_clipping(name, size, snap_compare, tmp_path):
    """(The scenes at their own size are pinned in test_snapshots.py, with the other screens.)"""
    scene = replace(ALL[name], size=size)
    app = build_app(scene, tmp_path)
    assert snap_compare(app, terminal_size=scene.size, run_before=settle(scene))
