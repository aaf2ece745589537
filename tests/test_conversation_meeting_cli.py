"""`unstall conversation` run while a meeting is in progress in the app: the options given win,
and what was typed in the meeting and not given (notes, owner, ...) is kept, and the message
says so. The meeting is typed in the real app (Pilot) or saved through the repository; the
command is a real CLI run over the same database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE, type_keys
from support import held_conversation as held
from support import run_cli as run

from playbook.answers import validate
from playbook.conversation import start_meeting
from store.repository import Repository
from tui.app import make_app
from tui.screens.meeting import MeetingScreen
from tui.screens.partner import PartnerScreen
from tui.screens.verdict import VerdictScreen

TODAY = date(2026, 11, 23)
SIZE = (100, 40)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database folder with the example partner, #1, diagnosed today."""
    path = tmp_path / "db"
    repository = Repository(path)
    validated = validate(EXAMPLE, TODAY)
    assert validated.ok, validated.errors
    repository.save(validated.answers)
    repository.close()
    return path


def record(capsys, db: Path, *options: str) -> tuple[int, str, str]:
    return run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes",
        *options,
    )  # fmt: skip


def save_meeting(db: Path, **typed: str) -> None:
    repository = Repository(db)
    diagnosis = repository.get(1)
    assert diagnosis is not None
    meeting = start_meeting(diagnosis, today=TODAY)
    repository.save_meeting(1, replace(meeting, typed={**meeting.typed, **typed}))
    repository.close()


async def test_the_notes_typed_in_the_app_survive_a_conversation_recorded_on_the_cli(capsys, db):
    repository = Repository(db)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # home: the one partner
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        await pilot.press("enter")  # its one diagnosis
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("tab", "tab", "tab")  # who owns it
        await pilot.press("home", "ctrl+k")
        await type_keys(pilot, ["Priya"])
        await pilot.press("tab", "tab", "tab")  # the notes
        await type_keys(pilot, ["they will come back to us"])
        await pilot.press("ctrl+q")
    repository.close()
    assert Repository(db).get_meeting(1) is not None

    code, out, err = record(capsys, db, "--fix", "Jo sends the materials")
    assert code == 0, err
    conversation = held(db)
    assert conversation.notes == "they will come back to us"
    assert conversation.owner == "Priya"
    assert conversation.fix == "Jo sends the materials"  # given: it wins
    assert "Notes: they will come back to us" in out
    assert "The meeting in progress in the app ends with this: what was typed in it for" in out
    assert "--owner" in out and "--notes is kept" in out
    assert "--fix as given here replaces what was typed" in out
    assert Repository(db).meetings() == []


def test_options_given_win_over_what_was_typed_in_the_meeting(capsys, db):
    save_meeting(db, notes="typed in the meeting", owner="Priya")
    code, out, err = record(capsys, db, "--notes", "given on the command line")
    assert code == 0, err
    conversation = held(db)
    assert conversation.notes == "given on the command line" and conversation.owner == "Priya"
    assert "--notes as given here replaces what was typed" in out


def test_the_decision_typed_in_the_meeting_is_kept_unless_given(capsys, db):
    save_meeting(db, decision="pending", notes="call back in January")
    code, out, err = record(capsys, db)
    assert code == 0, err
    assert held(db).decision == "pending" and "Decision: pending" in out
    save_meeting(db, decision="pending")
    code, out, err = record(capsys, db, "--decision", "revive")
    assert code == 0, err
    assert held(db).decision == "revive"


def test_a_bad_field_typed_in_the_meeting_is_named_and_nothing_is_saved(capsys, db):
    save_meeting(db, due="someday", notes="kept for later")
    code, out, err = record(capsys, db)
    assert code == 2 and out == ""
    assert "--due:" in err
    assert "as typed in the meeting in progress in the app: give --due to replace it" in err
    assert Repository(db).get_meeting(1) is not None, "nothing saved: the meeting stays"
    code, _, err = record(capsys, db, "--due", "next friday")
    assert code == 0, err
    assert held(db).notes == "kept for later"


def test_without_a_meeting_the_message_says_nothing_of_one(capsys, db):
    code, out, err = record(capsys, db)
    assert code == 0, err
    assert "meeting in progress" not in out
