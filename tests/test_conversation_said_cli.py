"""`unstall conversation ID --said 1,3`: the talking points said, as the meeting screen ticks
them, recorded from the command line over a real database in a temporary folder."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from support import example_db  # noqa: F401 (the db fixture)
from support import held_conversation as held
from support import run_cli as run

from playbook.conversation import start_meeting
from store.repository import Repository
from tui.cli import main
from tui.screens.meeting import spoken_points


def record(capsys: pytest.CaptureFixture[str], db: Path, *options: str) -> tuple[int, str, str]:
    return run(capsys, "--db", str(db), "conversation", "1", "--held-on", "today", *options)


def point_count(db: Path) -> int:
    diagnosis = Repository(db).get(1)
    assert diagnosis is not None
    return len(spoken_points(diagnosis))


def files(db: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(db.rglob("*")) if p.is_file()}


def test_the_points_said_are_stored_counted_from_one(capsys, db):
    count = point_count(db)
    assert count >= 4  # the example's points: the numbers below are all real ones
    code, out, err = record(capsys, db, "--priority", "yes", "--said", "1,3")
    assert code == 0, err
    assert held(db).said == (0, 2)  # the positions the meeting screen ticks
    assert f"  Points said: 1 and 3 (2 of {count})\n" in out
    shown = json.loads(run(capsys, "--db", str(db), "show", "1", "--json")[1])
    assert shown["conversation"]["said"] == [0, 2]


def test_spaces_repeats_and_any_order_are_fine_and_the_last_point_counts(capsys, db):
    count = point_count(db)
    code, out, err = record(capsys, db, "--priority", "no", "--said", f" {count}, 2 2,,1 ")
    assert code == 0, err
    assert held(db).said == (0, 1, count - 1)
    assert f"Points said: 1, 2 and {count} (3 of {count})" in out


def test_none_clears_the_points_said_before(capsys, db):
    assert record(capsys, db, "--priority", "yes", "--said", "2")[0] == 0
    code, out, err = record(capsys, db, "--priority", "yes", "--said", "None")
    assert code == 0, err
    assert held(db).said == ()
    assert f"Points said: none of {point_count(db)}\n" in out


def test_without_the_option_the_points_said_before_are_kept(capsys, db):
    # Ticked in the app's meeting screen, then recorded again from the command line.
    assert record(capsys, db, "--priority", "yes")[0] == 0
    Repository(db).set_conversation(1, replace(held(db), said=(1, 3)))
    code, out, err = record(capsys, db, "--priority", "no")
    assert code == 0, err
    conversation = held(db)
    assert conversation.priority == "no" and conversation.said == (1, 3)
    assert "Points said: 2 and 4 (2 of" in out
    assert "kept from the conversation recorded before" in out


def test_without_the_option_and_nothing_ticked_none_are_recorded_and_the_option_is_named(
    capsys, db
):
    code, out, err = record(capsys, db, "--priority", "yes")
    assert code == 0, err
    assert held(db).said == ()
    assert f"Points said: none of {point_count(db)} (--said 1,3 records which you said" in out


def test_the_ticks_of_a_meeting_in_progress_are_kept_unless_said_otherwise(capsys, db):
    repository = Repository(db)
    diagnosis = repository.get(1)
    assert diagnosis is not None
    meeting = start_meeting(diagnosis, today=diagnosis.diagnosed_on)
    repository.save_meeting(1, replace(meeting, said=(0, 4)))
    code, out, err = record(capsys, db, "--priority", "yes")
    assert code == 0, err
    assert held(db).said == (0, 4)
    assert "Points said: 1 and 5 (2 of" in out
    assert "kept from the meeting in progress in the app" in out
    assert Repository(db).meetings() == []


def test_the_numbers_follow_the_users_own_edit_of_the_points(capsys, db):
    Repository(db).set_edited_points(
        1, "## Before the call\n\n- check the numbers\n\n## What to say\n\n- first\n- second\n"
    )
    code, _, err = record(capsys, db, "--priority", "yes", "--said", "3")
    assert code == 2
    assert "--said: 3 is past the last point: #1 has 2 points to say, numbered from 1 to 2" in err
    code, out, err = record(capsys, db, "--priority", "yes", "--said", "2")
    assert code == 0, err
    assert held(db).said == (1,) and "Points said: 2 (1 of 2)" in out


def test_an_outcome_recorded_afterwards_keeps_the_points_said(capsys, db):
    assert record(capsys, db, "--priority", "yes", "--said", "1,2")[0] == 0
    code, _, err = run(capsys, "--db", str(db), "outcome", "1", "--decision", "pending")
    assert code == 0, err
    assert held(db).decision == "pending" and held(db).said == (0, 1)


BAD = [
    ("", "--said: give the numbers of the points you said, counted from 1, such as --said 1,3"),
    (" , ", "--said: give the numbers of the points you said"),
    ("0", "--said: 0 is not a point number: the first point is 1"),
    ("1,0", "--said: 0 is not a point number: the first point is 1"),
    ("two", "--said: 'two' is not a point number; give whole numbers from 1 to {count}"),
    ("1.5", "--said: '1.5' is not a point number"),
    ("-1", "--said: '-1' is not a point number"),
    ("1-3", "--said: '1-3' is not a point number"),
    ("{past}", "--said: {past} is past the last point: #1 has {count} points to say"),
    ("1,{far}", "--said: {far} is past the last point"),
    (
        "none,2",
        "--said: 'none' can't be mixed with numbers: give --said none, or numbers such as "
        "--said 1,3",
    ),
    ("x" * 500, "--said: '" + "x" * 39 + "…' is not a point number"),
    ("\x1b[31m", "--said: '␛[31m' is not a point number"),  # shown inert
]


@pytest.mark.parametrize(("said", "named"), BAD, ids=[f"bad-{n}" for n in range(len(BAD))])
def test_bad_points_exit_2_saying_what_to_do_and_save_nothing(capsys, db, said, named):
    assert record(capsys, db, "--priority", "yes", "--said", "2")[0] == 0
    before = files(db)
    count = point_count(db)
    values = {"count": count, "past": count + 1, "far": 10**30}
    code, out, err = record(capsys, db, "--priority", "no", "--said", said.format(**values))
    assert code == 2
    assert out == "" and "Traceback" not in err
    assert "nothing was saved" in err
    assert named.format(**values) in err
    assert "\x1b" not in err
    assert files(db) == before
    assert held(db).priority == "yes" and held(db).said == (1,)


def test_a_bad_said_is_listed_with_every_other_problem(capsys, db):
    before = files(db)
    code, out, err = record(capsys, db, "--priority", "maybe", "--said", "0,x")
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert any(line.startswith("  --priority:") for line in lines)
    assert any(line.startswith("  --said: 0 is not a point number") for line in lines)
    assert any(line.startswith("  --said: 'x' is not a point number") for line in lines)
    assert files(db) == before


def test_a_bad_said_alone_refuses_an_otherwise_good_conversation(capsys, db):
    before = files(db)
    code, _, err = record(capsys, db, "--priority", "yes", "--said", "0")
    assert code == 2 and "--said: 0" in err
    assert files(db) == before
    diagnosis = Repository(db).get(1)
    assert diagnosis is not None and diagnosis.extra.get("conversation") is None


def test_help_names_the_option_with_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "unstall conversation 12 --held-on today --priority yes --said 1,3" in (
        capsys.readouterr().out
    )
    with pytest.raises(SystemExit):
        main(["conversation", "--help"])
    out = capsys.readouterr().out
    assert "--said N,N,..." in out and "counted from 1" in out
    assert "--said 1,3,4" in out
