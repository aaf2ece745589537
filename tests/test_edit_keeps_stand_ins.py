"""Editing stored text keeps what the person did not change (the audit of edits of inert text).

Stored text is shown inert (a right-to-left mark as ``<U+200F>``, an override as ``<U+202E>``,
an escape as ``␛``), and the editors are filled with it. An edit must still store every
untouched stand-in as the character it stands for, and what was typed as typed: a literal
``<U+200F>`` typed or stored stays those eight characters. Keys pressed in the real app over
real TinyDB files (the clock fixed by conftest); nothing raw ever reaches the screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, screen_text, type_keys
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from playbook.answers import validate
from playbook.conversation import Conversation, Meeting
from playbook.diagnosis import Diagnosis
from playbook.history import Draft
from playbook.inert import shown
from playbook.outcome import Outcome, make_outcome
from store.repository import Repository
from tui.app import make_app
from tui.screens.drafts import DraftsScreen, drafted_text
from tui.screens.meeting import MeetingScreen
from tui.screens.outcome import OutcomeScreen
from tui.screens.partner import PartnerScreen
from tui.screens.points import PointsScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.rename import RenameScreen
from tui.screens.verdict import VerdictScreen

TODAY = date(2026, 11, 23)
SIZE = (100, 40)
NOTES = "המשרד\u200f (HQ)\tfloor 2, room <U+200F> \x1b[2J"
"""A right-to-left mark, a tab, a literal "<U+200F>" (eight characters) and an escape."""
PARTNER = "Acme\u202eLtd <U+202E>"
"""An override, and a literal "<U+202E>" that looks the same on screen."""


def harmful(character: str) -> bool:
    code = ord(character)
    return (
        (code < 0x20 and character not in "\n\t")
        or 0x7F <= code <= 0x9F
        or code in (0x061C, 0x200E, 0x200F, 0x2028, 0x2029)
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
    )


def assert_inert(app: App[Any]) -> None:
    text = screen_text(app)
    assert not [c for c in text if harmful(c)], "a raw control character reached the screen"


@pytest.fixture
def repository(db_path: Path) -> Iterator[Repository]:
    repo = Repository(db_path)
    validated = validate({**EXAMPLE, "partner": PARTNER, "notes": NOTES}, TODAY)
    assert validated.ok, validated.errors
    repo.save(validated.answers)
    yield repo
    repo.close()


def stored(db_path: Path) -> Diagnosis:
    reopened = Repository(db_path)
    try:
        (summary,) = reopened.list()
        diagnosis = reopened.get(summary.id)
        assert diagnosis is not None
        return diagnosis
    finally:
        reopened.close()


async def open_verdict(pilot: Pilot[Any]) -> VerdictScreen:
    app = pilot.app
    await pilot.pause()
    await pilot.press("enter")  # home: the one partner
    await pilot.pause()
    assert isinstance(app.screen, PartnerScreen)
    await pilot.press("enter")  # its one diagnosis
    await pilot.pause()
    assert isinstance(app.screen, VerdictScreen)
    return app.screen


def test_the_stored_text_holds_what_the_tests_edit(repository: Repository) -> None:
    (summary,) = repository.list()
    diagnosis = repository.get(summary.id)
    assert diagnosis is not None
    assert diagnosis.partner == PARTNER
    assert diagnosis.answers["notes"] == NOTES
    assert NOTES in diagnosis.points_text  # the notes are quoted in the points


async def test_an_edit_of_the_talking_points_keeps_every_mark_it_did_not_touch(
    repository: Repository, db_path: Path
) -> None:
    drafted = stored(db_path).points_text
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_verdict(pilot)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PointsScreen)
        editor = screen.query_one("#editor", TextArea)
        assert editor.text == shown(drafted)  # seen inert
        await pilot.press("i")  # the cursor at the end
        await type_keys(pilot, ["!"])
        assert_inert(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
    edited = stored(db_path).edited_points
    assert edited == drafted + "!"
    assert "המשרד\u200f (HQ)\tfloor 2, room <U+200F> \x1b[2J" in edited
    assert "<U+202E>" in edited and "\u202e" in edited  # the name's override and its lookalike


async def test_editing_the_points_again_and_restoring_keep_the_marks(
    repository: Repository, db_path: Path
) -> None:
    drafted = stored(db_path).points_text
    (summary,) = repository.list()
    repository.set_edited_points(summary.id, "Mine: \u200f<U+200F>\n" + drafted)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_verdict(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, PointsScreen)
        # Typed at the very start (before a stand-in), then in the middle and at the end.
        await pilot.press("i")
        app.screen.query_one("#editor", TextArea).move_cursor((0, 0))
        await type_keys(pilot, ["<"])
        editor = app.screen.query_one("#editor", TextArea)
        editor.move_cursor(editor.document.end)
        await type_keys(pilot, ["?"])
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert stored(db_path).edited_points == "<Mine: \u200f<U+200F>\n" + drafted + "?"
        await pilot.press("r", "y")  # the draft back (confirmed), as no edit at all
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert stored(db_path).edited_points is None
        await pilot.press("i")
        await type_keys(pilot, ["."])
        await pilot.press("escape", "escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert stored(db_path).edited_points == drafted + "."


async def test_an_edit_of_the_recap_and_the_agreement_keeps_their_marks(
    repository: Repository, db_path: Path
) -> None:
    (summary,) = repository.list()
    recap = "Subject: Thanks\n\nHi \u200fJo,\tsee <U+200F> \x1b[1m.\r\nBye\n"
    conversation = Conversation(
        held_on=TODAY,
        priority="yes",
        decision="revive",
        fix="Jo names an owner \u202eslots",
        owner="Jo Rivera",
        side="both",
        due=date(2026, 11, 27),
        recorded_on=TODAY,
        recap=recap,
    )
    repository.set_conversation(summary.id, conversation)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_verdict(pilot)
        await pilot.press("m")
        await pilot.pause()
        drafts = app.screen
        assert isinstance(drafts, DraftsScreen)
        assert drafts.query_one("#recap-editor", TextArea).text == shown(recap)
        await pilot.press("i")  # the cursor at the end
        await type_keys(pilot, ["!"])
        assert_inert(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("3")  # the agreement: the draft (its Markdown holds no mark)
        await pilot.pause()
        await pilot.press("i")  # the cursor at the end
        await type_keys(pilot, ["?"])
        await pilot.press("escape")
        await pilot.pause()
        agreement = drafted_text(stored(db_path), conversation, "agreement")
        await pilot.press("1", "r")  # the recap's draft back (confirmed), then a letter added
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("i")  # the cursor at the end
        await type_keys(pilot, ["."])
        await pilot.press("escape", "escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
    kept = Conversation.from_dict(stored(db_path).extra.get("conversation"))
    assert kept is not None
    assert kept.agreement == agreement + "?"
    drafted_recap = drafted_text(stored(db_path), replace(kept, recap=None), "recap")
    assert "\u202e" in drafted_recap  # the partner's override, and the fix's
    assert kept.recap == drafted_recap + "."


async def test_an_edit_of_the_first_recap_keeps_its_marks(
    repository: Repository, db_path: Path
) -> None:
    (summary,) = repository.list()
    recap = "Subject: Thanks\n\nHi \u200fJo,\tsee <U+200F> \x1b[1m.\r\nBye\n"
    conversation = Conversation(
        held_on=TODAY, priority="yes", decision="revive", recorded_on=TODAY, recap=recap
    )
    repository.set_conversation(summary.id, conversation)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_verdict(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("i")  # the cursor at the end
        await type_keys(pilot, ["!"])
        await pilot.press("escape", "escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
    kept = Conversation.from_dict(stored(db_path).extra.get("conversation"))
    assert kept is not None
    assert kept.recap == recap + "!"


async def test_a_rename_keeps_the_override_in_the_name_and_the_lookalike_typed(
    repository: Repository, db_path: Path
) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, RenameScreen)
        name = app.screen.query_one(Input)
        assert name.value == "Acme<U+202E>Ltd <U+202E>"
        await pilot.press("end")
        await type_keys(pilot, [" GmbH <U", "+", "200F>"])  # a "+" in a string is a key
        assert_inert(app)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert stored(db_path).partner == "Acme\u202eLtd <U+202E> GmbH <U+200F>"


async def test_an_outcome_edit_keeps_the_mark_in_the_fix_and_the_owner_untouched(
    repository: Repository, db_path: Path
) -> None:
    (summary,) = repository.list()
    fix, owner = "\u200fFirst \u202e <U+200F>", "Jo\u200f Rivera \x1b"
    recorded, problems = make_outcome("revive", fix=fix, owner=owner, due="", today=TODAY)
    assert recorded is not None, problems
    repository.set_outcome(summary.id, recorded)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_verdict(pilot)
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OutcomeScreen)
        assert screen.query_one("#fix", Input).value == "<U+200F>First <U+202E> <U+200F>"
        screen.query_one("#fix", Input).focus()
        await pilot.press("end")
        await type_keys(pilot, ["!"])
        assert_inert(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
    outcome = Outcome.from_dict(stored(db_path).extra.get("outcome"))
    assert outcome is not None
    assert outcome.fix == fix + "!"
    assert outcome.owner == owner


async def test_a_meeting_edit_keeps_the_marks_of_what_was_typed_before(
    repository: Repository, db_path: Path
) -> None:
    (summary,) = repository.list()
    typed = {
        "held_on": TODAY.isoformat(),
        "fix": "Jo \u202enames <U+202E> an owner",
        "owner": "Jo\u200f Rivera",
        "notes": "She \u200fsaid\tyes <U+200F>\r\nThen \x1b left",
    }
    repository.save_meeting(summary.id, Meeting(typed, started_at="2026-11-23T09:00:00"))
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")  # home: the one meeting in progress
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.query_one("#fix", Input).value == "Jo <U+202E>names <U+202E> an owner"
        screen.query_one("#fix", Input).focus()
        await pilot.press("end")
        await type_keys(pilot, ["!"])
        notes = screen.query_one("#notes", TextArea)
        notes.focus()
        notes.move_cursor(notes.document.end)
        await type_keys(pilot, ["?"])
        assert_inert(app)
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+q")
    reopened = Repository(db_path)
    try:
        meeting = reopened.get_meeting(summary.id)
    finally:
        reopened.close()
    assert meeting is not None
    assert meeting.typed["fix"] == typed["fix"] + "!"
    assert meeting.typed["notes"] == typed["notes"] + "?"
    assert meeting.typed["owner"] == typed["owner"]  # untouched: as it was


async def test_a_questionnaire_edit_keeps_the_marks_of_the_answer_it_was_filled_with(
    repository: Repository, db_path: Path
) -> None:
    typed = {
        **{name: str(value) for name, value in EXAMPLE.items()},
        "partner": "Beta\u202e Co",
        "notes": "See \u200fJo <U+200F>\tnow",
    }
    validated = validate(typed, TODAY)
    assert validated.ok, validated.errors
    repository.save_draft(Draft(answers=validated.answers, typed=typed))
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")  # home: resume the draft
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen), screen
        screen.jump_to("notes")  # a section's fields are built when it is first shown
        await pilot.pause()
        notes = screen.query_one("#answer-notes", TextArea)
        assert notes.text == "See <U+200F>Jo <U+200F>\tnow"
        notes.focus()
        notes.move_cursor(notes.document.end)
        await type_keys(pilot, ["!"])
        partner = screen.query_one("#answer-partner", Input)
        partner.focus()
        await pilot.press("end")
        await type_keys(pilot, ["s"])
        assert_inert(app)
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+q")
    reopened = Repository(db_path)
    try:
        kept = [draft.typed for draft in reopened.drafts() if "Beta" in draft.partner]
    finally:
        reopened.close()
    assert kept and kept[0]["notes"] == "See \u200fJo <U+200F>\tnow!"
    assert kept[0]["partner"] == "Beta\u202e Cos"
