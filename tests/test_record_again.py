"""`unstall conversation ID` recorded a second time, with no meeting in progress: what was
recorded before and is not given again (a fix of the user's own, its owner, side and date, the
notes, the decision for the same answer) is kept, and the output says so, over a real database
in a temporary folder. Before, the second record put the proposed step back in place of the
user's own fix and dropped their notes without a word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import example_db  # noqa: F401 (the db fixture)
from support import held_conversation as held
from support import run_cli as run

OWN = (
    "--fix",
    "Jo confirms the January slot",
    "--owner",
    "Jo Rivera",
    "--side",
    "theirs",
    "--due",
    "Dec 4",
    "--notes",
    "Jo is on holiday next week",
)


def record(capsys: pytest.CaptureFixture[str], db: Path, *options: str) -> tuple[int, str, str]:
    return run(capsys, "--db", str(db), "conversation", "1", *options)


def test_a_fix_of_ones_own_and_the_notes_are_kept_when_recorded_again(capsys, db):
    first = ("--held-on", "today", "--priority", "evasive", *OWN, "--decision", "pending")
    assert record(capsys, db, *first)[0] == 0
    code, out, err = record(capsys, db, "--held-on", "today", "--priority", "evasive")
    assert code == 0, err
    again = held(db)
    assert again.held_on == date(2026, 11, 23)
    assert again.fix == "Jo confirms the January slot"
    assert (again.owner, again.side, again.due) == ("Jo Rivera", "theirs", date(2026, 12, 4))
    assert again.notes == "Jo is on holiday next week"
    assert again.decision == "pending"  # the same answer: the decision taken then stands
    assert "fix 'Jo confirms the January slot'" in out  # the replaces line names the old fix
    assert (
        "Kept from it, as none was given here: --fix, --owner, --side, --due, --notes and "
        "--decision" in out
    )


def test_what_is_given_again_wins(capsys, db):
    assert record(capsys, db, "--held-on", "today", "--priority", "yes", *OWN)[0] == 0
    code, _, err = record(
        capsys, db, "--held-on", "today", "--priority", "yes", "--due", "Dec 11", "--notes", "x"
    )
    assert code == 0, err
    again = held(db)
    assert again.fix == "Jo confirms the January slot" and again.due == date(2026, 12, 11)
    assert again.notes == "x"


def test_another_fix_takes_nothing_else_from_the_old_one_but_the_notes(capsys, db):
    assert record(capsys, db, "--held-on", "today", "--priority", "yes", *OWN)[0] == 0
    code, _, err = record(
        capsys, db, "--held-on", "today", "--priority", "yes", "--fix", "We send the deck"
    )
    assert code == 0, err
    again = held(db)
    assert (again.fix, again.owner, again.due) == ("We send the deck", "", None)
    assert again.side != "theirs"  # the old fix's side is not this one's
    assert again.notes == "Jo is on holiday next week"


def test_a_different_answer_decides_again_and_an_exit_drops_the_plan(capsys, db):
    assert record(capsys, db, "--held-on", "today", "--priority", "yes", *OWN)[0] == 0
    code, out, err = record(capsys, db, "--held-on", "today", "--priority", "no")
    assert code == 0, err
    again = held(db)
    assert again.decision == "exit"
    assert again.fix == ""  # the plan for carrying on was never agreed on the way out
    assert again.notes == "Jo is on holiday next week"
    assert "Kept from it, as none was given here: --notes" in out


def test_an_exit_recorded_again_keeps_what_is_still_owed(capsys, db):
    owed = ("--fix", "We finish the December campaign", "--due", "Dec 18")
    assert record(capsys, db, "--held-on", "today", "--priority", "no", *owed)[0] == 0
    code, _, err = record(capsys, db, "--held-on", "today", "--priority", "no")
    assert code == 0, err
    again = held(db)
    assert again.decision == "exit"
    assert (again.fix, again.due) == ("We finish the December campaign", date(2026, 12, 18))


def test_the_first_record_still_takes_the_proposed_step(capsys, db):
    code, out, err = record(capsys, db, "--held-on", "today", "--priority", "yes")
    assert code == 0, err
    assert held(db).fix  # the points' next step, as before
    assert "Kept from it" not in out and "replaces" not in out


# -- a fix typed with blaming words is said so, as the app's drafts screen says it -----------


def test_a_blaming_fix_is_noted_when_recorded_and_when_the_drafts_are_printed(capsys, db):
    blaming = ("--fix", "Jo reads the brand kit you never opened", "--owner", "Jo Rivera")
    code, out, err = record(capsys, db, "--held-on", "today", "--priority", "yes", *blaming)
    assert code == 0, err
    assert "Note: the fix as typed may sound like blame to them:" in out
    assert "'you never': Absolutes invite a defence" in out
    for command, what in (("recap", "the recap"), ("agreement", "the agreement")):
        code, out, err = run(capsys, "--db", str(db), command, "1")
        assert code == 0, err
        assert "Jo reads the brand kit you never opened" in out  # quoted as typed, on stdout
        assert "unstall:" not in out
        assert f"unstall: note: {what} may sound like blame to them:" in err
        assert err.count("'you never'") == 1  # each phrase once, however often it comes


def test_a_fix_with_no_blame_gets_no_note(capsys, db):
    code, out, err = record(capsys, db, "--held-on", "today", "--priority", "yes", *OWN)
    assert code == 0, err
    assert "blame" not in out.replace(str(db), "DB")  # the folder's name is the test's
    for command in ("recap", "agreement"):
        code, _, err = run(capsys, "--db", str(db), command, "1")
        assert code == 0 and err == ""
