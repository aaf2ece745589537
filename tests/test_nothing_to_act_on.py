"""A key with nothing to act on says so, in a toast, instead of doing nothing: on home r, x, m
and u with no unfinished diagnosis, no conversation in progress and nothing deleted (the list of
partners empty too), on the partner's page u with nothing deleted. With something to act on,
each key does what it did, and no such toast appears. The keys screen says that R is shift+r.
And at 60x20 the outcome dialog keeps its question in view while the form scrolls under it.
Keys pressed in the real app over real TinyDB files (the demo partners; the clock fixed by
conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE, toast_texts
from textual.pilot import Pilot
from textual.widgets import Input, Static

from playbook.answers import validate
from playbook.conversation import Meeting
from store.repository import Draft, Repository
from tui.app import make_app
from tui.demo import seed
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.outcome import OutcomeScreen
from tui.screens.partner import PartnerScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.rename import RenameScreen

TODAY = date(2026, 11, 23)
SIZE = (100, 40)

NO_DRAFT_TO_RESUME = "There is no unfinished diagnosis to resume. Press n to start a new one."
NO_DRAFT_TO_DISCARD = (
    "There is no unfinished diagnosis to discard: each one started was finished or discarded."
)
NO_MEETING = (
    "There is no conversation in progress to resume. To start one, open a partner's diagnosis "
    "and press m on its verdict."
)
NOTHING_TO_UNDO = "Nothing to undo: no diagnosis was deleted since Unstall was opened."
SAID_WHEN_OFF = {"r": NO_DRAFT_TO_RESUME, "x": NO_DRAFT_TO_DISCARD, "m": NO_MEETING}
SAID_WHEN_OFF["u"] = NOTHING_TO_UNDO


@pytest.fixture
def demo(db_path: Path) -> Iterator[Repository]:
    """The demo partners: no unfinished diagnosis, no conversation in progress."""
    repository = Repository(db_path)
    seed(repository, TODAY)
    assert not repository.drafts() and not repository.meetings()
    yield repository
    repository.close()


@pytest.fixture
def empty(db_path: Path) -> Iterator[Repository]:
    """No partner at all: home shows its welcome."""
    repository = Repository(db_path)
    yield repository
    repository.close()


@pytest.fixture
def busy(db_path: Path) -> Iterator[Repository]:
    """One partner with a conversation in progress, and an unfinished diagnosis."""
    repository = Repository(db_path)
    repository.save(validate(EXAMPLE, TODAY).answers)
    (summary,) = repository.list()
    repository.save_meeting(summary.id, Meeting(typed={"notes": "kept"}))
    repository.save_draft(Draft(answers={"partner": "Quarry Street Media"}, position="kind"))
    yield repository
    repository.close()


def said(app: object, text: str) -> bool:
    return any(text in toast for toast in toast_texts(app))


def nothing_said(app: object) -> bool:
    """None of the toasts of a key with nothing to act on is on screen."""
    return not any(said(app, text) for text in SAID_WHEN_OFF.values())


async def open_partner(pilot: Pilot[None], name: str) -> PartnerScreen:
    """From home, down to ``name``'s row and enter, as a person would."""
    await pilot.pause()
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    index = [summary.partner for summary in home.partners].index(name)
    await pilot.press(*["down"] * index, "enter")
    await pilot.pause()
    page = pilot.app.screen
    assert isinstance(page, PartnerScreen) and page.partner == name
    return page


async def delete_highlighted(pilot: Pilot[None]) -> None:
    """On the partner's page: x, then yes."""
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("y")
    await pilot.pause()


# -- nothing to act on: a toast says what is missing and what to do -----------------------------


@pytest.mark.parametrize("key", ["r", "x", "m", "u"])
@pytest.mark.parametrize("database", ["demo", "empty"])
async def test_a_home_key_with_nothing_to_act_on_says_so(key, database, request):
    repository = request.getfixturevalue(database)
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert nothing_said(app)
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is home  # nothing opened
        assert said(app, SAID_WHEN_OFF[key]), toast_texts(app)


async def test_u_on_the_partner_page_with_nothing_deleted_says_so(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        page = await open_partner(pilot, "Harbor Travel")
        before = [d.id for d in demo.history("Harbor Travel")]
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is page
        assert said(app, NOTHING_TO_UNDO), toast_texts(app)
        assert [d.id for d in demo.history("Harbor Travel")] == before


@pytest.mark.parametrize("size", [(60, 20), (120, 30)], ids=["60x20", "120x30"])
async def test_the_keys_that_say_why_they_are_off_are_in_neither_footer_nor_keys_screen(demo, size):
    """Off, r, x, m and u stay out of the footer and of the keys screen's list for home, as
    before: only their toast is new."""
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = [str(key.render()) for key in app.screen.query("Footer FooterKey")]
        for words in ("Resume draft", "Discard draft", "Resume meeting", "Undo delete"):
            assert not any(words in key for key in footer), footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = str(app.screen.query_one("#keys", Static).render())
        for words in ("Resume draft", "Discard draft", "Resume meeting", "Undo delete"):
            assert words not in listed, listed
        assert listed.count("\n") == len(app.screen.keys)  # no line without words


# -- something to act on: each key does what it did, and says none of that ----------------------


async def test_r_with_an_unfinished_diagnosis_resumes_it(busy):
    app = make_app(busy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert nothing_said(app), toast_texts(app)


async def test_x_with_an_unfinished_diagnosis_asks_before_discarding_it(busy):
    app = make_app(busy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert nothing_said(app), toast_texts(app)
        await pilot.press("escape")
        await pilot.pause()
    assert busy.drafts()


async def test_m_with_a_conversation_in_progress_goes_back_to_it(busy):
    app = make_app(busy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.typed["notes"] == "kept"
        assert nothing_said(app), toast_texts(app)


@pytest.mark.parametrize("where", ["home", "partner"])
async def test_u_after_a_delete_puts_it_back(demo, where):
    app = make_app(demo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        page = await open_partner(pilot, "Harbor Travel")
        before = [d.id for d in demo.history("Harbor Travel")]
        await delete_highlighted(pilot)
        assert app.screen is page and len(demo.history("Harbor Travel")) == len(before) - 1
        if where == "home":
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        await pilot.press("u")
        await pilot.pause()
        assert len(demo.history("Harbor Travel")) == len(before)
        assert said(app, "Restored the diagnosis of Harbor Travel as #"), toast_texts(app)
        assert nothing_said(app), toast_texts(app)
        assert app.deleted == []


async def test_x_and_shift_r_on_the_partner_page_act_on_the_page_as_before(demo):
    """The page always has a diagnosis highlighted and its partner (it closes once the last
    diagnosis is deleted): x asks before it deletes, R renames."""
    app = make_app(demo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        page = await open_partner(pilot, "Harbor Travel")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape", "R")
        await pilot.pause()
        assert isinstance(app.screen, RenameScreen)
        assert app.screen.query_one(Input).value == "Harbor Travel"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is page
        assert nothing_said(app), toast_texts(app)


async def test_the_keys_screen_says_a_capital_letter_is_shift_with_that_letter(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = str(app.screen.query_one("#keys", Static).render()).splitlines()
        assert any(line.split()[:1] == ["R"] and "Rename partner" in line for line in listed)
        general = str(app.screen.query_one("#general", Static).render())
        assert "R is shift+r" in general


# -- the outcome dialog keeps its question in view ----------------------------------------------


def assert_title_in_view(app: object) -> None:
    """The dialog's question inside the screen and inside the part of the dialog drawn (under
    its border: not scrolled away), at the top of it."""
    form = app.screen
    assert isinstance(form, OutcomeScreen)
    box = form.query_one("#outcome")
    title = form.query_one("#outcome-title", Static)
    assert "What came of the conversation with" in str(title.render())
    assert app.screen.region.contains_region(title.region), (title.region, app.size)
    assert box.content_region.contains_region(title.region), (title.region, box.content_region)
    assert title.region.y == box.content_region.y


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=["60x20", "80x24", "120x40"])
async def test_the_outcome_dialog_keeps_its_question_in_view(demo, size):
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        assert_title_in_view(app)
        await pilot.press("tab", "tab", "tab")  # the decision, then the fix, the owner, the due
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#due", Input)
        assert_title_in_view(app)
        # The form as tall as it gets (no decision picked: the longest message), scrolled to
        # its end: the question stays, the message's last line is in view under it.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Pick what was decided first" in str(app.screen.query_one("#message").render())
        box = app.screen.query_one("#outcome")
        box.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert_title_in_view(app)
        message = app.screen.query_one("#message", Static)
        assert box.content_region.contains_region(message.region), (message.region, box)
