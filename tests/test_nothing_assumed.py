"""Nothing is recorded that the user did not choose: the outcome form picks no decision for
them, an exit does not carry the plan to carry on (the step the points proposed, pre-filled and
left as it was) into what is owed, in the form, the meeting and `unstall conversation`; and
leaving a form whose typing is not yet saved asks first. Keys pressed in the real app over a
real database (the clock fixed by conftest), the diagnosis made by a real `unstall diagnose`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import diagnosed, type_keys
from support import run_cli as run
from textual.widgets import Input, RadioSet, Static

from playbook.conversation import Conversation, as_agreed, start_meeting
from playbook.diagnosis import Diagnosis
from playbook.recap import recap
from store.repository import Repository
from tui.app import make_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.home import HomeScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.outcome import OutcomeScreen
from tui.screens.partner import PartnerScreen

SIZE = (100, 40)


@pytest.fixture
def db(capsys, tmp_path: Path, example_answers: dict[str, Any]) -> Path:
    """#1: the example partner, a revive planned (the points propose one fix)."""
    return diagnosed(capsys, tmp_path, example_answers)


def stored(db: Path) -> Diagnosis:
    diagnosis = Repository(db).get(1)
    assert diagnosis is not None
    return diagnosis


async def open_form(pilot: Any) -> OutcomeScreen:
    app = pilot.app
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, PartnerScreen)
    await pilot.press("o")
    await pilot.pause()
    assert isinstance(app.screen, OutcomeScreen)
    return app.screen


def message(form: OutcomeScreen) -> str:
    return str(form.query_one("#message", Static).render())


async def test_the_form_picks_no_decision_and_saving_without_one_says_what_to_do(db):
    app = make_app(Repository(db))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        form = await open_form(pilot)
        assert form.query_one(RadioSet).pressed_button is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert message(form).startswith("✗ Pick what was decided first: Revive, Exit or Pending")
        assert app.focused is form.query_one(RadioSet)
    assert stored(db).extra.get("outcome") is None


async def test_an_exit_in_the_form_does_not_record_the_proposed_fix_as_owed(db):
    proposed = stored(db).talking_points.next_step
    assert proposed is not None
    app = make_app(Repository(db))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        form = await open_form(pilot)
        assert form.query_one("#fix", Input).value == proposed.fix  # offered, not assumed
        await pilot.press("down", "enter")  # Exit
        assert form.query_one(RadioSet).pressed_button.name == "exit"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
    outcome = stored(db).extra["outcome"]
    assert outcome["decision"] == "exit"
    assert outcome["fix"] == "" and outcome["owner"] == "" and outcome["due"] is None


async def test_a_form_problem_names_the_field_as_the_form_does(db):
    app = make_app(Repository(db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_form(pilot)
        await pilot.press("enter")  # Revive
        form.query_one("#fix", Input).value = ""
        form.query_one("#due", Input).value = "someday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = message(form)
        assert app.screen is form
        assert "The due date: 'someday' is not a date" in said
        assert "The one fix agreed: say which one fix was agreed" in said
        assert "due:" not in said and "fix:" not in said


async def test_escape_and_quit_ask_before_losing_an_outcome_typed(db):
    app = make_app(Repository(db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_form(pilot)
        await pilot.press("escape")  # nothing typed: it just closes
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OutcomeScreen)
        await pilot.press("tab")
        await type_keys(pilot, [" and a call"])
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#fix", Input).value.endswith(" and a call")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Quit without saving the outcome typed here?"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_an_exit_in_the_meeting_does_not_promise_the_plan_to_carry_on(db):
    diagnosis = stored(db)
    proposed = diagnosis.talking_points.next_step
    assert proposed is not None
    app = make_app(Repository(db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the verdict of #1
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        assert meeting.typed["fix"] == proposed.fix  # pre-filled from the points
        await pilot.press("n")  # their answer: no
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert proposed.fix not in " ".join(
            str(s.render()) for s in dialog.query(Static)
        )  # the finish dialog says no fix was agreed
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
    held = Conversation.from_dict(stored(db).extra["conversation"])
    assert held is not None and held.decision == "exit"
    assert held.fix == "" and held.owner == "" and held.due is None
    body = recap(stored(db), held).body
    assert proposed.fix not in body and "still owed" not in body


def test_the_command_line_leaves_the_meetings_pre_filled_step_out_on_an_exit(capsys, db):
    diagnosis = stored(db)
    proposed = diagnosis.talking_points.next_step
    assert proposed is not None and diagnosis.id is not None
    Repository(db).save_meeting(
        diagnosis.id, start_meeting(diagnosis, today=diagnosis.diagnosed_on)
    )
    code, out, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "no"
    )
    assert code == 0, err
    held = Conversation.from_dict(stored(db).extra["conversation"])
    assert held is not None and held.decision == "exit" and held.fix == ""
    assert "Agreed: no fix" in out


def test_as_agreed_keeps_what_the_user_typed_and_any_plan_on_the_exit_path(db):
    diagnosis = stored(db)
    step = diagnosis.talking_points.next_step
    assert step is not None
    typed = {"fix": step.fix, "owner": step.owner, "side": step.side, "due": step.due.isoformat()}
    assert as_agreed(typed, diagnosis, "revive") == typed
    assert as_agreed(typed, diagnosis, "pending") == typed
    assert as_agreed({**typed, "notes": "x"}, diagnosis, "exit") == {"notes": "x"}
    changed = {**typed, "due": "2026-12-18"}
    assert as_agreed(changed, diagnosis, "exit") == {"due": "2026-12-18"}
    own = {**typed, "fix": "we finish the two campaigns in flight"}
    assert as_agreed(own, diagnosis, "exit") == own


def test_a_yes_on_the_decide_path_agrees_that_their_side_names_an_owner(
    capsys, tmp_path, example_answers
):
    """Asked for an owner, they declined; in the call they say it is still a priority: what
    is agreed is the points' "could you name one person to own it", not the decision again."""
    answers = {**example_answers, "owner_theirs": "", "owner_request": "declined"}
    answers.pop("owner_theirs_in_role")
    db = diagnosed(capsys, tmp_path, answers)
    diagnosis = stored(db)
    assert diagnosis.talking_points.path == "decide"
    yes = diagnosis.talking_points.if_yes
    assert yes is not None and yes.side == "theirs"
    assert yes.due == diagnosis.talking_points.next_step.due
    code, out, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes"
    )
    assert code == 0, err
    held = Conversation.from_dict(stored(db).extra["conversation"])
    assert held is not None and held.decision == "revive"
    assert (
        held.fix
        == yes.fix
        == "Example Harbor Travel names one owner for the partnership; Alex Kim follows up"
    )
    body = recap(stored(db), held).body
    assert "whether we go on" not in body and "wrap up" not in body
    assert "We agreed on one next step: you name one person on your side who owns this" in body
    # An evasive answer leaves the decision step as it was: theirs to make.
    code, out, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority",
        "evasive", "--decision", "pending",
    )  # fmt: skip
    assert code == 0, err
    held = Conversation.from_dict(stored(db).extra["conversation"])
    assert held is not None and held.fix == diagnosis.talking_points.next_step.fix


def test_the_recap_says_you_to_the_owner_it_is_written_to(capsys, db):
    code, _, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes",
        "--fix", "Jo sends the Q1 campaign calendar", "--owner", "jo  rivera", "--side", "theirs",
        "--due", "2026-12-11",
    )  # fmt: skip
    assert code == 0, err
    diagnosis = stored(db)
    held = Conversation.from_dict(diagnosis.extra["conversation"])
    assert held is not None
    body = recap(diagnosis, held).body
    assert body.startswith("Hi Jo Rivera,")
    assert "You own it, and it's due by Fri 11 Dec." in body
    assert "Jo Rivera owns it" not in body and "jo rivera owns it" not in body


def test_the_prep_counts_the_day_of_the_call_from_the_diagnosis_not_from_today(db):
    """Read again a week later, the notes must not still say "in 2 days"."""
    diagnosis = stored(db)
    talk = diagnosis.talking_points.conversation_on
    assert talk is not None
    days = (talk - diagnosis.diagnosed_on).days
    (when,) = [line for line in diagnosis.talking_points.prep if "Hold the conversation" in line]
    assert f"{days} days after this diagnosis: soon" in when
    assert " in " not in when.split(":")[0]


def test_a_planned_close_out_does_not_record_a_priority_it_never_asked(
    capsys, tmp_path, example_answers
):
    db = diagnosed(capsys, tmp_path, {**example_answers, "fit_audience": "no"})
    assert stored(db).talking_points.path == "exit"
    code, _, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes"
    )
    assert code == 0, err
    code, out, err = run(capsys, "--db", str(db), "agreement", "1")
    assert code == 0, err
    assert "we close the partnership" in out
    assert "Priority" not in out and "still a priority" not in out


def test_an_exit_with_a_date_and_no_fix_gives_the_date_in_the_recap(capsys, db):
    code, _, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "no",
        "--due", "2026-12-11",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(capsys, "--db", str(db), "recap", "1")
    assert code == 0, err
    assert "is finished or handed over, all of it by Fri 11 Dec;" in " ".join(out.split())


def test_a_due_date_on_a_weekend_is_recorded_and_said_to_be_one(capsys, db):
    code, out, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes",
        "--due", "2026-12-05",
    )  # fmt: skip
    assert code == 0, err
    assert "  Note: the due date is a Saturday: the next working day is Mon 7 Dec 2026." in out
    held = Conversation.from_dict(stored(db).extra["conversation"])
    assert held is not None and str(held.due) == "2026-12-05"  # as given: said, not changed


def test_a_close_out_asks_who_sees_the_wrap_up_through_not_for_an_owner(
    capsys, tmp_path, example_answers
):
    answers = {**example_answers, "owner_theirs": "", "owner_request": "declined"}
    answers.pop("owner_theirs_in_role")
    db = diagnosed(capsys, tmp_path, answers)
    code, _, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "no"
    )
    assert code == 0, err
    out = run(capsys, "--db", str(db), "agreement", "1")[1]
    assert "To agree: who at Example Harbor Travel sees the wrap-up through (one person)." in out
    assert "one named owner at" not in out


def test_the_app_does_not_animate_so_page_keys_land_at_once(db):
    """A smooth scroll kept the help's end key waiting a second on a real terminal (headless
    runs jump at once either way, so the setting itself is what is checked)."""
    assert make_app(Repository(db)).animation_level == "none"


def test_with_nobody_on_either_side_a_yes_on_the_decide_path_is_both_sides_to_act(
    capsys, tmp_path, example_answers
):
    answers = {**example_answers, "owner_theirs": "", "owner_request": "declined"}
    answers.update(owner_ours="")
    for name in ("owner_theirs_in_role", "owner_ours_in_role"):
        answers.pop(name)
    db = diagnosed(capsys, tmp_path, answers)
    yes = stored(db).talking_points.if_yes
    assert yes is not None and yes.side == "both"
    assert yes.fix == "each side names one owner for the partnership"
    code, _, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes"
    )
    assert code == 0, err
    body = " ".join(run(capsys, "--db", str(db), "recap", "1")[1].split())
    assert "It needs both our teams" in body and "It sits with your team" not in body
