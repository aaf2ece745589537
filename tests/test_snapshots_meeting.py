"""The meeting companion and the drafts after the call, pinned as SVG snapshots: the same
scenes as the README's screenshots (``meeting``, ``drafts``, ``meeting-resume`` on home), at
their size and at 80x24, plus the decision confirmed at the end of the call and the calendar and
agreement tabs.

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


@pytest.mark.parametrize("name", ["meeting", "drafts", "meeting-resume"])
def test_the_screen_looks_as_pinned(name, snap_compare, tmp_path):
    scene = ALL[name]
    app = build_app(scene, tmp_path)
    assert snap_compare(app, terminal_size=scene.size, run_before=settle(scene))


@pytest.mark.parametrize("name", list(ALL))
def test_at_80x24_it_fits_and_scrolls_instead_of_clipping(name, snap_compare, tmp_path):
    scene = replace(ALL[name], size=(80, 24))
    app = build_app(scene, tmp_path)
    assert snap_compare(app, terminal_size=scene.size, run_before=settle(scene))
