"""A child for tests/test_meeting_app.py's kill: the real app, headless, over the database
given, a meeting opened from the verdict and typed into; once the meeting screen's writer has
caught up, one JSON line says what was typed, and the child waits to be killed."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date
from pathlib import Path

from support import type_keys

from playbook import clock
from store.repository import Repository
from tui.app import make_app
from tui.screens.meeting import MeetingScreen


async def hold(db_path: Path) -> None:
    app = make_app(Repository(db_path), export_dir=db_path.parent / "exports")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")  # the partner, its diagnosis
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen), screen
        await pilot.press("space", "n", "tab", "tab", "tab")  # ticked, no, to the owner
        await pilot.press("home", "ctrl+k")
        await type_keys(pilot, ["Sam Okafor", "tab", "tab", "tab"])  # to the notes
        await type_keys(pilot, ["They are moving to a new agency", "enter", "in January."])
        assert screen.writer is not None and screen.writer.flush()
        typed = {"owner": screen.typed["owner"], "notes": screen.typed["notes"]}
        print(json.dumps(typed), flush=True)
        await asyncio.sleep(3600)  # killed here, mid-call


if __name__ == "__main__":
    clock.fix(date(2026, 11, 23))
    asyncio.run(hold(Path(sys.argv[1])))
