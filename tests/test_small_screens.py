"""Home and the partner's page at the 60x20 minimum (and at 80x24): every key reachable, Keys
and Quit whole in the footer, and the partner's outcome readable. Real keys, real files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable

from playbook.answers import validate
from playbook.conversation import Meeting
from playbook.outcome import Outcome
from store.repository import Draft, Repository
from tui.app import make_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.partner import PartnerScreen
from tui.screens.questionnaire import QuestionnaireScreen

TODAY = date(2026, 11, 23)


def footer_keys(app: App[object]) -> list[tuple[str, Region]]:
    """Each key the footer draws: its text and where it is on screen."""
    found: list[tuple[str, Region]] = []
    for key in app.screen.query("Footer FooterKey"):
        width, height = key.outer_size
        strips = key.render_lines(Region(0, 0, width, height))
        found.append(("".join(s.text for strip in strips for s in strip).strip(), key.region))
    return found


def assert_footer_fits(app: App[object]) -> list[str]:
    """Keys and Quit whole, and no key under the palette key or past the screen's edge;
    returns the keys' texts (the palette's left out)."""
    keys = footer_keys(app)
    (palette,) = [region for text, region in keys if "palette" in text]
    others = [(text, region) for text, region in keys if "palette" not in text]
    texts = [text for text, _ in others]
    assert "? Keys" in texts and "^q Quit" in texts, texts
    for text, region in others:
        assert region.width and region.right <= palette.x, (text, region, palette)
    assert palette.right <= app.size.width
    return texts


@pytest.fixture
def busy(db_path: Path) -> Iterator[Repository]:
    """The example partner with a conversation in progress, and an unfinished diagnosis."""
    repository = Repository(db_path)
    repository.save(validate(EXAMPLE, TODAY).answers)
    (summary,) = repository.list()
    repository.save_meeting(summary.id, Meeting(typed={"notes": "kept"}))
    repository.save_draft(Draft(answers={"partner": "Quarry Street Media"}, position="kind"))
    yield repository
    repository.close()


@pytest.mark.parametrize(
    ("size", "kept"), [((60, 20), ""), ((80, 24), "m")], ids=["60x20", "80x24"]
)
async def test_home_footer_keeps_keys_and_quit_whole_with_a_draft_and_a_meeting(busy, size, kept):
    app = make_app(busy)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        texts = assert_footer_fits(app)
        assert {"n New diagnosis", "/ Find"} <= set(texts)
        # x, then r, then m leave the footer (the banners above name them) but still work.
        assert [text[0] for text in texts if text[:2] in ("r ", "x ", "m ")] == list(kept)
        draft_banner = str(app.screen.query_one("#resume").render())
        assert "Press r to resume it, x to discard it" in draft_banner
        assert "Press m to go back to it" in str(app.screen.query_one("#meeting-resume").render())
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = str(app.screen.query_one("#keys").render()).splitlines()
        for key, what in (("r", "Resume draft"), ("x", "Discard draft"), ("m", "Resume meeting")):
            assert any(line.split()[:1] == [key] and what in line for line in listed), listed
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.typed["notes"] == "kept"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
    assert busy.drafts()  # escape on the confirmation kept the draft


async def test_home_footer_shows_every_key_where_there_is_room_and_refits_on_resize(busy):
    app = make_app(busy)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        texts = assert_footer_fits(app)
        for wanted in ("r Resume draft", "x Discard draft", "m Resume meeting"):
            assert wanted in texts, texts
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        texts = assert_footer_fits(app)
        assert "r Resume draft" not in texts and "m Resume meeting" not in texts
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        await pilot.pause()
        assert "m Resume meeting" in assert_footer_fits(app)


@pytest.fixture
def demo(db_path: Path) -> Iterator[Repository]:
    """The sample partners: Northwind Analytics's agreed fix is overdue."""
    from tui.demo import seed

    repository = Repository(db_path)
    seed(repository, TODAY)
    yield repository
    repository.close()


async def open_partner(pilot: Pilot[object], partner: str) -> PartnerScreen:
    """From home, down to ``partner``'s row and enter, as a person would."""
    await pilot.pause()
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    index = [summary.partner for summary in home.partners].index(partner)
    await pilot.press(*["down"] * index, "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PartnerScreen) and screen.partner == partner
    return screen


def table_lines(screen: PartnerScreen) -> list[str]:
    """The rows of the diagnoses' table as drawn (its title row first)."""
    table = screen.query_one(DataTable)
    width, height = table.outer_size
    return [
        "".join(segment.text for segment in strip).rstrip()
        for strip in table.render_lines(Region(0, 0, width, height))
    ]


async def test_the_partner_page_at_60x20_shows_the_outcome_readable(demo):
    outcome = Outcome.from_dict(demo.history("Northwind Analytics")[-1].extra.get("outcome"))
    assert outcome is not None and outcome.due is not None and outcome.due < TODAY
    app = make_app(demo)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_partner(pilot, "Northwind Analytics")
        table = screen.query_one(DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels == ["#", "Date", "Verdict", "Cause", "Outcome"]
        assert table.max_scroll_x == 0  # every column in view, none past the edge
        title, newest, *_ = table_lines(screen)
        assert "Outcome" in title.split()
        # The decision and that it is overdue first; the long fix cut with an ellipsis.
        assert "⚠ revive, overdue: N" in newest and newest.endswith("…"), newest
        assert "24 Sep" in newest and "Ownership" in newest
        # The change it leaves out is above, and w shows it for the highlighted diagnosis.
        assert "worse than the diagnosis before" in str(screen.query_one("#summary").render())


async def test_the_partner_page_at_80x24_keeps_its_six_columns(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_partner(pilot, "Northwind Analytics")
        table = screen.query_one(DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels == ["#", "Diagnosed", "Verdict", "Dominant cause", "Change", "Outcome"]
        assert table.max_scroll_x == 0
        title, newest, *_ = table_lines(screen)
        assert "Outcome" in title.split() and "⚠ revive: Northwi" in newest, newest
        await pilot.resize_terminal(60, 20)  # narrower: the narrow columns
        await pilot.pause()
        await pilot.pause()
        labels = [str(column.label) for column in table.columns.values()]
        assert labels[-1] == "Outcome" and "Change" not in labels
        assert table.max_scroll_x == 0


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_the_partner_footer_keeps_home_keys_and_quit_whole(demo, size):
    from tui.screens.compare import CompareScreen
    from tui.screens.outcome import OutcomeScreen
    from tui.screens.rename import RenameScreen

    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        screen = await open_partner(pilot, "Harbor Travel")
        texts = assert_footer_fits(app)
        # The next diagnosis, the page's main action, is the last key to leave.
        assert "esc Home" in texts and "n New diagnosis" in texts, texts
        assert "R Rename partner" not in texts and "x Delete" not in texts, texts
        # The keys left out of the footer still work, and the keys screen lists them.
        await pilot.press("question_mark")
        await pilot.pause()
        listed = str(app.screen.query_one("#keys").render()).splitlines()
        for key, what in (("R", "Rename partner"), ("x", "Delete"), ("w", "What changed")):
            assert any(line.split()[:1] == [key] and what in line for line in listed), listed
        await pilot.press("escape", "R")
        await pilot.pause()
        assert isinstance(app.screen, RenameScreen)
        await pilot.press("escape", "w")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape", "o")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        before = len(demo.history("Harbor Travel"))
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and len(demo.history("Harbor Travel")) == before - 1
        assert_footer_fits(app)  # u can undo now: the footer still fits
        await pilot.press("u")
        await pilot.pause()
        assert len(demo.history("Harbor Travel")) == before


@pytest.mark.parametrize("screen_class", [HomeScreen, PartnerScreen], ids=["home", "partner"])
def test_every_key_that_may_leave_the_footer_has_its_twin(screen_class: type[Screen[None]]) -> None:
    """The same keys and words, out of the footer, and the same method: the key still works
    (and the keys screen lists it) when the footer leaves it out."""
    from textual.binding import Binding

    from tui.footer_fit import TWIN

    module = __import__(screen_class.__module__, fromlist=["FOOTER_LEAVES"])
    bindings = list(Binding.make_bindings(screen_class.BINDINGS))
    for action in module.FOOTER_LEAVES:
        listed = [(b.key, b.description) for b in bindings if b.action == action and b.show]
        twins = [(b.key, b.description) for b in bindings if b.action == action + TWIN]
        assert listed and twins == listed, action
        assert not any(b.show for b in bindings if b.action == action + TWIN), action
        method = getattr(screen_class, f"action_{action}")
        assert getattr(screen_class, f"action_{action}{TWIN}") is method, action
