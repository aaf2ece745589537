"""The app's outcome form (``o``) after a reset conversation updates the conversation too, as
`unstall outcome` does: keys pressed in the real app over a real database folder, the
conversation recorded first by a real `unstall conversation` run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import diagnosed, toast_texts
from support import run_cli as run
from textual.widgets import RadioSet

from playbook.conversation import Conversation
from playbook.recap import recap
from store.repository import Repository
from tui.app import make_app
from tui.screens.home import HomeScreen
from tui.screens.outcome import OutcomeScreen
from tui.screens.partner import PartnerScreen

SIZE = (100, 40)


@pytest.fixture
def db(capsys, tmp_path: Path, example_answers: dict[str, Any]) -> Path:
    """#1, with a revive agreed in the call: Priya names an owner by 11 Dec."""
    path = diagnosed(capsys, tmp_path, example_answers)
    code, _, err = run(
        capsys, "--db", str(path), "conversation", "1", "--held-on", "today", "--priority", "yes",
        "--fix", "Priya names an owner", "--owner", "Priya", "--side", "theirs",
        "--due", "2026-12-11",
    )  # fmt: skip
    assert code == 0, err
    return path


def held(db: Path) -> Conversation:
    diagnosis = Repository(db).get(1)
    assert diagnosis is not None
    conversation = Conversation.from_dict(diagnosis.extra["conversation"])
    assert conversation is not None
    return conversation


async def record_outcome(pilot: Any, decision: str) -> None:
    """From home: open the one partner, press o, choose ``decision`` with the arrow keys and
    enter (as a person does, looking at which is chosen), save."""
    app = pilot.app
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, PartnerScreen)
    await pilot.press("o")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, OutcomeScreen)
    assert app.focused is form.query_one(RadioSet)
    radios = form.query_one(RadioSet)
    for _ in range(3):
        await pilot.press("enter")
        if radios.pressed_button is not None and radios.pressed_button.name == decision:
            break
        await pilot.press("down")
    assert radios.pressed_button is not None and radios.pressed_button.name == decision
    await pilot.press("ctrl+s")
    await pilot.pause()
    await app.workers.wait_for_complete()
    assert isinstance(app.screen, PartnerScreen)


async def test_an_exit_in_the_form_updates_the_conversation_and_keeps_the_agreement(db):
    repository = Repository(db)
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await record_outcome(pilot, "exit")
        assert any("the reset conversation says so too" in text for text in toast_texts(app))
    repository.close()
    conversation = held(db)
    assert conversation.decision == "exit"
    assert (conversation.fix, conversation.owner, conversation.side) == (
        "Priya names an owner",
        "Priya",
        "theirs",
    )
    diagnosis = Repository(db).get(1)
    assert diagnosis is not None
    assert diagnosis.extra["outcome"]["decision"] == "exit"
    email = recap(diagnosis, conversation)
    assert "wrapping up" in email.subject and "still owed" not in email.body
    # Named once, as what we talked about in the call, never as still owed.
    said = "starting with one step: Priya names an owner. Since then, we've decided"
    assert email.body.count("Priya names an owner") == 1 and said in " ".join(email.body.split())


async def test_a_revive_in_the_form_after_an_exit_needs_no_fix_typed_again(capsys, db):
    assert run(capsys, "--db", str(db), "outcome", "1", "--decision", "exit")[0] == 0
    repository = Repository(db)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await record_outcome(pilot, "revive")
    repository.close()
    conversation = held(db)
    assert conversation.decision == "revive" and conversation.later is None
    body = run(capsys, "--db", str(db), "recap", "1")[1]
    assert "We agreed on one next step: Priya names an owner." in body
