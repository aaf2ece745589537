"""Keys that act where a person may type, made safe, and screens that say what is stored:

- ``r`` on the talking points and the after-call drafts asks before it puts the draft back
  over an edit, and ``u`` brings the edit back; the read-only editors show no cursor;
- in the meeting, a letter typed at the checklist changes an answer already given only once
  confirmed (a typed note, "they need it", leaves it as it was);
- the verdict, shown again after a meeting held from the talking points, says the outcome
  stored, and its keys follow;
- the verdict's, the points' and the drafts' footers fit the screen (Keys and Quit whole), the
  keys left out still working;
- the copy toast is short, and a discarded meeting leaves no toast saying it is saved.

Real keys in the real app over real TinyDB files."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import screen_text, toast_texts, type_keys
from test_meeting_app import hold_meeting, open_meeting, open_verdict, seed
from test_meeting_footer import footer_parts, is_listed, listed_keys
from textual.app import App
from textual.widgets import TextArea

from playbook.conversation import Conversation
from store.repository import Repository
from tui.app import make_app
from tui.clipboard import CopyReport
from tui.screens.confirm import ConfirmScreen
from tui.screens.drafts import DraftsScreen
from tui.screens.meeting import ChangeAnswerScreen, MeetingScreen
from tui.screens.points import PointsScreen
from tui.screens.verdict import VerdictScreen

SIZE = (100, 40)


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    seed(repo)
    yield repo
    repo.close()


def stored_points(db_path: Path) -> str | None:
    reopened = Repository(db_path)
    try:
        diagnosis = reopened.get(reopened.list()[0].id)
        assert diagnosis is not None
        return diagnosis.edited_points
    finally:
        reopened.close()


async def open_points(pilot) -> PointsScreen:
    await open_verdict(pilot)
    await pilot.press("t")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PointsScreen)
    return screen


# -- r asks first, u brings the edit back --------------------------------------------------


async def test_r_on_edited_points_asks_and_u_brings_the_edits_back(repository, db_path):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_points(pilot)
        editor = screen.query_one("#editor", TextArea)
        drafted = editor.text
        # Read only: no cursor drawn, so nothing invites typing there.
        assert editor.read_only and not editor.show_cursor
        await pilot.press("i", "ctrl+end")
        await type_keys(pilot, [" Mine."])
        await pilot.press("escape")
        await pilot.pause()
        edited = editor.text
        assert edited == drafted + " Mine."
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # asked, nothing changed yet
        assert editor.text == edited
        await pilot.press("escape")  # keep the edits
        await pilot.pause()
        assert app.screen is screen and editor.text == edited
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")  # put the draft back
        await pilot.pause()
        assert app.screen is screen and editor.text == drafted
        assert "u brings your edits back" in str(screen.query_one("#hint").render())
        assert screen.keeper.flush()
        assert stored_points(db_path) is None
        await pilot.press("u")
        await pilot.pause()
        assert editor.text == edited
        assert screen.keeper.flush()
        assert stored_points(db_path) == edited
        await pilot.press("u")  # nothing set aside any more: u does nothing
        await pilot.pause()
        assert editor.text == edited


async def test_a_sentence_typed_at_the_read_only_points_loses_no_edit(repository, db_path):
    """ "Hello everyone": r then y among the letters. The edit is set aside, and u is said."""
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_points(pilot)
        editor = screen.query_one("#editor", TextArea)
        await pilot.press("i", "ctrl+end")
        await type_keys(pilot, [" Mine."])
        await pilot.press("escape")
        await pilot.pause()
        edited = editor.text
        await type_keys(pilot, ["Hello everyone"])
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("u")
        await pilot.pause()
        assert editor.text == edited
        assert screen.keeper.flush()
        assert stored_points(db_path) == edited


async def test_r_on_the_unedited_points_changes_nothing_and_says_so(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_points(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen  # nothing to lose: no question
        assert any("nothing was edited" in text for text in toast_texts(app))


async def test_r_on_an_edited_recap_asks_and_u_brings_the_edit_back(repository, db_path):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await hold_meeting(pilot, "y")
        drafts = app.screen
        assert isinstance(drafts, DraftsScreen)
        editor = drafts.query_one("#recap-editor", TextArea)
        assert editor.read_only and not editor.show_cursor
        drafted = editor.text
        await pilot.press("i", "ctrl+end")
        await type_keys(pilot, [" Mine."])
        await pilot.press("escape")
        await pilot.pause()
        edited = editor.text
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert editor.text == edited
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert editor.text == drafted
        await pilot.press("u")
        await pilot.pause()
        assert editor.text == edited
        assert drafts.keeper is not None and drafts.keeper.flush()
    diagnosis = repository.get(repository.list()[0].id)
    assert diagnosis is not None
    conversation = Conversation.from_dict(diagnosis.extra.get("conversation"))
    assert conversation is not None and conversation.recap == edited


# -- the meeting's answer keys ---------------------------------------------------------------


async def test_a_note_typed_at_the_checklist_does_not_change_the_answer(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press("y")
        assert screen.typed["priority"] == "yes"
        status = str(screen.query_one("#status").render())
        assert "is set: YES (y)" in status and "To change it, press n or e" in status
        await type_keys(pilot, ["they need it"])
        await pilot.pause()
        assert app.screen is screen
        assert screen.typed["priority"] == "yes"
        assert "kept" in str(screen.query_one("#status").render())


async def test_an_answer_changes_once_confirmed(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press("y", "n")
        await pilot.pause()
        assert isinstance(app.screen, ChangeAnswerScreen)
        assert "Change it to NO?" in screen_text(app)
        assert screen.typed["priority"] == "yes"
        await pilot.press("tab", "enter")  # to the Change button, pressed
        await pilot.pause()
        assert app.screen is screen
        assert screen.typed["priority"] == "no"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")  # kept
        await pilot.pause()
        assert app.screen is screen and screen.typed["priority"] == "no"


# -- the verdict shows what is stored ------------------------------------------------------


async def test_the_verdict_after_a_meeting_held_from_the_points_shows_the_outcome(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_points(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("y", "ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # record: revive
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PointsScreen)
        await pilot.press("escape")
        await pilot.pause()
        verdict = app.screen
        assert isinstance(verdict, VerdictScreen)
        assert "Outcome: revive" in str(verdict.query_one("#outcome").render())
        assert "m for the recap email" in str(verdict.query_one("#next").render())
        texts = [text for text, _ in footer_parts(app)]
        assert "o Change outcome" in texts and "m Recap & drafts" in texts
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)


# -- footers that fit --------------------------------------------------------------------


def assert_footer_fits(app: App[object], *whole: str) -> list[str]:
    parts = footer_parts(app)
    (palette,) = [region for text, region in parts if "palette" in text]
    others = [(text, region) for text, region in parts if "palette" not in text]
    texts = [text for text, _ in others]
    for text in (*whole, "? Keys", "^q Quit"):
        assert text in texts, texts
    for text, region in others:
        assert region.width and region.right <= palette.x, (text, region, palette)
    assert palette.right <= app.size.width
    return texts


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_verdict_points_and_drafts_footers_fit(repository, tmp_path, size):
    app = make_app(repository, export_dir=tmp_path / "exports")
    async with app.run_test(size=size) as pilot:
        await open_verdict(pilot)
        texts = assert_footer_fits(app, "t Talking points", "esc Back")
        if size[0] >= 80:
            assert "m Meeting" in texts
        await pilot.press("i")  # left out of the footer at 80 and less: it still works
        await pilot.pause()
        assert len(list((tmp_path / "exports").glob("*.ics"))) == 1
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, PointsScreen)
        assert_footer_fits(app, "i Edit", "esc Done")
        await pilot.press("escape")
        await pilot.pause()
    async with make_app(repository, export_dir=tmp_path / "exports").run_test(
        size=(100, 40)
    ) as pilot:
        await hold_meeting(pilot, "y")
    async with make_app(repository, export_dir=tmp_path / "exports").run_test(size=size) as pilot:
        await open_verdict(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DraftsScreen)
        assert_footer_fits(pilot.app, "i Edit", "esc Done")
        await pilot.press("3")  # a tab key, left out at 60: it still works
        await pilot.pause()
        assert pilot.app.screen.tab == "agreement"
        await pilot.press("question_mark")
        await pilot.pause()
        keys = listed_keys(pilot.app)
        assert is_listed(keys, "r", "Restore draft") and is_listed(keys, "c", "Copy")


async def test_the_keys_screen_lists_the_verdict_keys_left_out(repository):
    app = make_app(repository)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_verdict(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        keys = listed_keys(app)
        for key, what in (("i", "Calendar"), ("h", "Home"), ("o", "Record outcome")):
            assert is_listed(keys, key, what), keys


# -- toasts ----------------------------------------------------------------------------------


def test_the_copy_messages_are_short_and_name_e():
    for report in (CopyReport(False, True, "no xclip"), CopyReport(False, False, "")):
        assert len(report.message) <= 72, report.message  # two lines of a narrow toast
        assert "e saves a file" in report.message or "Press e" in report.message
    assert "Copied" in CopyReport(True, True).message


async def test_the_copy_toast_is_at_most_four_lines_high(repository):
    app = make_app(repository)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_points(pilot)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        assert toasts
        for toast in toasts:
            assert toast.outer_size.height <= 5, toast.outer_size  # padding, title, two lines


async def test_a_discarded_meeting_leaves_no_toast_saying_it_is_saved(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_meeting(pilot)
        await pilot.press("escape")  # saved and left: "Press m on home to go back to it"
        await pilot.pause()
        assert any("is saved" in text for text in toast_texts(app))
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        texts = toast_texts(app)
        assert any("Discarded the meeting" in text for text in texts), texts
        assert not any("is saved" in text for text in texts), texts
