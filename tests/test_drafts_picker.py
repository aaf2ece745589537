"""Several unfinished diagnoses: found by a first-time-user audit, home said "(+1 more)" but
`r`, `x` and the palette's Resume always took the newest, so an older draft could be reached
only by finishing or discarding the newer ones first."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from support import screen_text
from textual.widgets import OptionList

from playbook import clock
from store.repository import Draft, Repository
from tui.app import make_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.home import DraftPicker, HomeScreen
from tui.screens.questionnaire import QuestionnaireScreen

TODAY = date(2026, 11, 23)
SIZE = (100, 30)


def two_drafts(db_path: Path) -> Repository:
    """Acme's draft saved at 09:15 with two answers, Beta Co's at 11:40 with one (listed
    first: the last saved)."""
    repository = Repository(db_path)
    for at, answers in (
        ("09:15", {"partner": "Acme", "kind": "referral"}),
        ("11:40", {"partner": "Beta Co"}),
    ):
        clock.fix(datetime.fromisoformat(f"{TODAY.isoformat()}T{at}"))
        repository.save_draft(Draft(answers=answers, typed=dict(answers)))
    clock.fix(TODAY)
    return repository


async def test_r_with_several_drafts_lets_the_user_choose_which(db_path: Path) -> None:
    repository = two_drafts(db_path)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#resume").render())
        assert "Press r to choose one to resume, x to choose one to discard." in banner
        await pilot.press("r")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, DraftPicker)  # not the newest opened at once
        assert "2 unfinished diagnoses, the last saved first" in screen_text(app)
        choices = picker.query_one(OptionList)
        assert [str(choices.get_option_at_index(n).prompt) for n in range(2)] == [
            "Beta Co · saved today at 11:40 · 1 answer typed",
            "Acme · saved today at 09:15 · 2 answers typed",
        ]
        await pilot.press("escape")  # cancels: home again, nothing opened
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("down", "enter")  # the older one
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert screen.session.answers["partner"] == "Acme"


async def test_x_with_several_drafts_asks_which_then_asks_to_be_sure(db_path: Path) -> None:
    repository = two_drafts(db_path)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DraftPicker)
        assert "Which one do you want to discard?" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard the unfinished diagnosis of Acme?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert [draft.partner for draft in repository.drafts()] == ["Beta Co"]


async def test_the_palettes_resume_asks_which_too(db_path: Path) -> None:
    repository = two_drafts(db_path)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_resume()
        await pilot.pause()
        assert isinstance(app.screen, DraftPicker)


async def test_one_draft_is_resumed_at_once(db_path: Path) -> None:
    repository = Repository(db_path)
    repository.save_draft(Draft(answers={"partner": "Acme"}, typed={"partner": "Acme"}))
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#resume").render())
        assert "Press r to resume it, x to discard it." in banner
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
