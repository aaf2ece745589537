"""The meeting's footer fitted as home's and the partner page's are (:mod:`tui.footer_fit`):
measured at the screen's width, the answer keys (y n e) leave it only where Finish, Save &
leave, Keys and Quit would not fit with them, and they still answer, listed by ``?``. Real
keys in the real app over real TinyDB files; footer_fit's parameterised actions on a small
real app too."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_meeting_app import open_meeting, seed
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Input

from playbook.conversation import Meeting
from store.repository import Draft, Repository
from tui.app import make_app
from tui.footer_fit import (
    PALETTE_KEY,
    TWIN,
    covers,
    fitted_check,
    footer_width,
    left_out,
    listed_or_twin,
)
from tui.screens import meeting
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.meeting import FOOTER_LEAVES, MeetingScreen
from tui.screens.verdict import VerdictScreen


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    seed(repo)
    yield repo
    repo.close()


def footer_parts(app: App[object]) -> list[tuple[str, Region]]:
    """Each key and group label the footer draws: its text and where it is on screen."""
    found: list[tuple[str, Region]] = []
    for part in app.screen.query("Footer FooterKey, Footer FooterLabel"):
        width, height = part.outer_size
        strips = part.render_lines(Region(0, 0, width, height))
        found.append(("".join(s.text for strip in strips for s in strip).strip(), part.region))
    return found


def assert_meeting_footer_fits(app: App[object], keys: str = "? Keys") -> list[str]:
    """Finish, the way home, Keys and Quit whole; nothing under the palette key or past the
    screen's edge (so nothing cut mid-word); returns the texts (the palette's left out).
    (While the cursor is in a field, ``?`` is typed there: the footer shows f1 for Keys.)"""
    parts = footer_parts(app)
    (palette,) = [region for text, region in parts if "palette" in text]
    others = [(text, region) for text, region in parts if "palette" not in text]
    texts = [text for text, _ in others]
    for whole in ("^s Finish", "esc Save & leave", keys, "^q Quit"):
        assert whole in texts, texts
    for text, region in others:
        assert region.width and region.right <= palette.x, (text, region, palette)
    assert palette.right <= app.size.width
    return texts


def listed_keys(app: App[object]) -> list[str]:
    assert isinstance(app.screen, HelpScreen)
    return str(app.screen.query_one("#keys").render()).splitlines()


def is_listed(lines: list[str], key: str, what: str) -> bool:
    return any(line.split()[:1] == [key] and what in line for line in lines)


async def refit(pilot: Pilot[object], width: int, height: int) -> None:
    await pilot.resize_terminal(width, height)
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize(
    ("size", "answers_shown"),
    [((60, 20), False), ((80, 24), True), ((120, 30), True)],
    ids=["60x20", "80x24", "120x30"],
)
async def test_every_meeting_key_works_and_is_listed_whether_or_not_the_footer_has_room(
    repository, size, answers_shown
):
    app = make_app(repository)
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(pilot)
        texts = assert_meeting_footer_fits(app)
        assert ({"y", "n", "e", "Answer"} <= set(texts)) is answers_shown, texts
        assert screen.footer_left_out == (set() if answers_shown else {"priority"})
        for key, answer in (("y", "yes"), ("n", "no"), ("e", "evasive")):
            await pilot.press(key)
            await pilot.pause()
            if app.screen is not screen:  # changing an answer given: confirmed first
                await pilot.press("tab", "enter")
                await pilot.pause()
            assert screen.typed["priority"] == answer
        await pilot.press("question_mark")
        await pilot.pause()
        lines = listed_keys(app)
        for key, what in (
            ("y", "Yes"),
            ("n", "No"),
            ("e", "Evasive"),
            ("^s", "Finish"),
            ("esc", "Save & leave"),
            ("^d", "Discard meeting"),
        ):
            assert is_listed(lines, key, what), lines
        await pilot.press("escape")
        await pilot.pause()
        # Typing in a field, y n e are letters there and leave the footer at any width.
        await pilot.press("tab", "tab", "home", "ctrl+k", "y", "n", "e")
        assert screen.query_one("#fix", Input).value == "yne"
        assert screen.typed["priority"] == "evasive"
        texts = assert_meeting_footer_fits(app, keys="f1 Keys")
        assert not {"y", "n", "e", "Answer"} & set(texts), texts
        await pilot.press("shift+tab", "shift+tab")  # back on the points: y answers again
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("tab", "enter")  # evasive changed to yes, confirmed
        await pilot.pause()
        assert screen.typed["priority"] == "yes"
        assert ({"y", "n", "e"} <= set(assert_meeting_footer_fits(app))) is answers_shown
        await pilot.press("ctrl+d")  # never in the footer: still asks before discarding
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")  # the way back: saved, to the verdict it was opened from
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
    (found,) = repository.meetings()
    assert found.meeting.typed["priority"] == "yes" and found.meeting.typed["fix"] == "yne"


async def test_the_answer_keys_stay_in_the_footer_down_to_the_width_they_need(repository):
    """Measured, not a fixed 80 columns: at the narrowest width with room for every key the
    answer keys are shown; one column fewer, they leave (and still answer); wider again, they
    are back."""
    app = make_app(repository)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_meeting(pilot)
        parts = footer_parts(app)
        needed = max(r.right for t, r in parts if "palette" not in t) + PALETTE_KEY
        assert needed < 80  # below the old fixed width: the keys no longer leave too early
        await refit(pilot, needed, 24)
        texts = assert_meeting_footer_fits(app)
        assert {"y", "n", "e", "Answer"} <= set(texts), texts
        await pilot.press("n")
        assert screen.typed["priority"] == "no"
        await refit(pilot, needed - 1, 24)
        texts = assert_meeting_footer_fits(app)
        assert not {"y", "n", "e", "Answer"} & set(texts), texts
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "enter")  # no changed to evasive, confirmed
        await pilot.pause()
        assert screen.typed["priority"] == "evasive"
        await refit(pilot, 80, 24)
        assert {"y", "n", "e"} <= set(assert_meeting_footer_fits(app))


def drawn_width(app: App[object]) -> int:
    """How wide the footer's keys are drawn, the palette's key included."""
    parts = footer_parts(app)
    return max(r.right for t, r in parts if "palette" not in t) + PALETTE_KEY


async def test_footer_width_measures_what_textual_draws_on_the_meeting_and_home(db_path):
    """A group of keys (y n e Answer) measured as drawn, and home's single keys as before."""
    repository = Repository(db_path)
    seed(repository)
    (summary,) = repository.list()
    repository.save_meeting(summary.id, Meeting(typed={"notes": "kept"}))
    repository.save_draft(Draft(answers={"partner": "Quarry Street Media"}, position="kind"))
    app = make_app(repository)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and home.footer_left_out == set()
        shown = [active.binding for active in home.active_bindings.values() if active.binding.show]
        assert footer_width(app, shown) == drawn_width(app)
        await pilot.press("m")  # the meeting in progress
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        shown = [
            active.binding for active in screen.active_bindings.values() if active.binding.show
        ]
        assert [b.action for b in shown].count("priority('yes')") == 1
        assert footer_width(app, shown) == drawn_width(app)
    repository.close()


def test_each_answer_key_has_its_twin_out_of_the_footer() -> None:
    """The same key, words and parameters, the action's twin, the same method: the key still
    works (and the keys screen lists it) when the footer leaves it out."""
    from textual.actions import parse

    bindings = list(Binding.make_bindings(MeetingScreen.BINDINGS))
    assert FOOTER_LEAVES == ("priority",) and not hasattr(meeting, "NARROW")
    listed = [
        (b.key, b.description, parse(b.action)[2])
        for b in bindings
        if b.show and parse(b.action)[1] == "priority"
    ]
    twins = [
        (b.key, b.description, parse(b.action)[2])
        for b in bindings
        if parse(b.action)[1] == "priority" + TWIN
    ]
    assert len(listed) == 3 and twins == listed
    assert not any(b.show for b in bindings if parse(b.action)[1] == "priority" + TWIN)
    assert MeetingScreen.action_priority_unlisted is MeetingScreen.action_priority


def test_an_entry_names_an_action_with_any_parameters_or_with_its_own() -> None:
    assert covers("priority", "priority", ("yes",)) and covers("resume", "resume", ())
    assert covers("pick('a')", "pick", ("a",)) and not covers("pick('a')", "pick", ("b",))
    assert not covers("pick", "picked", ())
    out = {"pick('b')"}
    assert listed_or_twin("pick", out, ("a",)) and not listed_or_twin("pick", out, ("b",))
    assert listed_or_twin("pick_unlisted", out, ("b",))
    assert not listed_or_twin("pick_unlisted", out, ("a",))
    assert listed_or_twin("resume_unlisted", {"resume"})  # home's unparameterised twins


class Picks(Screen[None]):
    """Two parameterised keys, each with its twin; b leaves the footer first, then a."""

    LEAVING = ("pick('b')", "pick('a')")
    BINDINGS = [
        Binding("a", "pick('a')", "Pick the first one"),
        Binding("a", "pick_unlisted('a')", "Pick the first one", show=False),
        Binding("b", "pick('b')", "Pick the second one"),
        Binding("b", "pick_unlisted('b')", "Pick the second one", show=False),
        Binding("question_mark", "app.help", "Keys"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.picked: list[str] = []

    def compose(self) -> ComposeResult:
        yield Footer()

    def action_pick(self, which: str) -> None:
        self.picked.append(which)

    action_pick_unlisted = action_pick

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return fitted_check(self, action, self.available, self.LEAVING, parameters)

    def available(self, action: str) -> bool:
        return True

    def on_resize(self) -> None:
        self.refresh_bindings()


class PicksApp(App[None]):
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def on_mount(self) -> None:
        self.push_screen(Picks())


async def test_parameterised_keys_leave_the_footer_one_at_a_time_and_still_work() -> None:
    app = PicksApp()
    async with app.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Picks)
        # The pushed screen's keys reach the footer a refresh later on a loaded machine.
        for _ in range(20):
            if {"a Pick the first one", "^q Quit"} <= {text for text, _ in footer_parts(app)}:
                break
            await pilot.pause()
        whole = drawn_width(app)
        shown = [
            active.binding for active in screen.active_bindings.values() if active.binding.show
        ]
        assert footer_width(app, shown) == whole
        first = footer_width(app, [b for b in shown if b.action != "pick('b')"])
        for width, out, texts in (
            (whole, set(), {"a Pick the first one", "b Pick the second one"}),
            (whole - 1, {"pick('b')"}, {"a Pick the first one"}),
            (first, {"pick('b')"}, {"a Pick the first one"}),
            (first - 1, {"pick('b')", "pick('a')"}, set()),
        ):
            await refit(pilot, width, 10)
            assert left_out(screen, screen.available, Picks.LEAVING) == out
            drawn = {text for text, _ in footer_parts(app)}
            assert drawn & {"a Pick the first one", "b Pick the second one"} == texts, drawn
            assert {"? Keys", "^q Quit"} <= drawn
            await pilot.press("a", "b")
        assert screen.picked == ["a", "b"] * 4
