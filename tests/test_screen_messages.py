"""Screens tell the app what happened with messages (tui/messages.py), and the app does what
follows: the real app over a real TinyDB file with the demo partners."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import toast_texts

from store.repository import Repository
from tui.app import make_app
from tui.demo import seed
from tui.messages import HomeShown
from tui.screens.home import HomeScreen
from tui.screens.partner import PartnerScreen

TODAY = date(2026, 11, 23)


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    seed(repo, TODAY)
    yield repo
    repo.close()


async def test_a_delete_on_the_partner_page_is_kept_by_the_app_for_undo(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # Harbor Travel, the first partner
        await pilot.pause()
        partner = app.screen
        assert isinstance(partner, PartnerScreen)
        await pilot.press("x", "y")
        await pilot.pause()
        assert [r.diagnosis.id for r in app.deleted] == [14] and repository.get(14) is None
        assert any("Deleted #14 of Harbor Travel. Press u to undo." in t for t in toast_texts(app))
        await pilot.press("u")
        await pilot.pause()
        assert app.deleted == [] and len(partner.history) == 3


async def test_home_on_screen_tells_the_app_which_then_reads_the_diagnoses(repository):
    app = make_app(repository)
    warmed: list[bool] = []
    app.warm_repository = lambda: warmed.append(True)  # counted, not measured
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert warmed == [True]
        app.screen.post_message(HomeShown())
        await pilot.pause()
        assert warmed == [True, True]
