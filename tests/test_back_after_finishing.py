"""Escape on the verdict of a diagnosis just finished goes back to where the diagnosis was
started (home, or the partner's page), never into the finished questionnaire. The real app
over a real TinyDB file with the demo partners (the clock fixed at 2026-11-23 by conftest)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import type_keys

from store.repository import Repository
from tui.app import make_app
from tui.demo import seed
from tui.screens.home import HomeScreen
from tui.screens.partner import PartnerScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.review import ReviewScreen
from tui.screens.verdict import VerdictScreen

TODAY = date(2026, 11, 23)
SIZE = (100, 40)


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    seed(repo, TODAY)
    yield repo
    repo.close()


def no_questionnaire_left(app) -> bool:
    return not any(isinstance(screen, QuestionnaireScreen) for screen in app.screen_stack)


async def test_escape_after_finishing_a_new_diagnosis_goes_home(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await type_keys(pilot, ["Juniper Foods", "enter", "2", "enter", "enter", "ctrl+r"])
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("y")  # too little is known: finish anyway
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        assert app.screen.diagnosis.partner == "Juniper Foods"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert no_questionnaire_left(app)
        # Home shows the partner just diagnosed, and nothing is left to resume.
        assert "Juniper Foods" in [summary.partner for summary in app.screen.partners]
        assert app.screen.drafts == []
        await pilot.press("escape")  # escape on home stays on home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_escape_after_finishing_a_follow_up_goes_back_to_the_partner_page(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        names = [summary.partner for summary in home.partners]
        for _ in range(names.index("Northwind Analytics")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        partner = app.screen
        assert isinstance(partner, PartnerScreen)
        before = len(repository.list("Northwind Analytics"))
        await pilot.press("n")  # a follow-up, from last time's answers
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        await pilot.press("3", "ctrl+r")  # the fix agreed last time did not happen
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is partner
        assert no_questionnaire_left(app)
        assert len(repository.list("Northwind Analytics")) == before + 1
        assert len(partner.history) == before + 1  # the page shows the new diagnosis
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
