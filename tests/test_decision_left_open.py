"""A follow-up after a call that left the decision open ("pending") used to read as if nothing
had been left hanging: their answer to "is this still a priority?" and the open decision were
not carried, so the points asked the priority question again out of nowhere, and nothing warned
that leaving it open a second time is the worst outcome (PLAYBOOK: "Doing nothing is the worst
option"). Now the follow-up carries both, and the points and the notes before the call say it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, called, diagnosed_later, run_cli

from playbook.answers import validate
from playbook.diagnosis import Diagnosis
from playbook.session import follow_up_facts, follow_up_start
from store.repository import Repository

TODAY = date(2026, 12, 14)
LATER = date(2027, 1, 11)
SETTLE = "I'd like us to settle it today, one way or the other."
PREP = "Last time the decision was left open: go in ready to settle it"
CARRIED = {
    "previous_diagnosed_on": "2026-11-23",
    "previous_conversation_on": "2026-11-23",
    "previous_fix": "a monthly review on both calendars",
    "previous_fix_status": "proposed",
    "previous_fix_owner": "Alex Kim",
    "previous_fix_due": "2026-12-23",
    "previous_cause": "rhythm",
    "previous_fix_done": "no",
}


def follow_up(answers: dict[str, Any], **carried: str) -> Diagnosis:
    given = {k: v for k, v in answers.items() if k != "diagnosed_on"}
    validated = validate({**given, **CARRIED, **carried}, TODAY)
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers, id=2)


def spoken(found: Diagnosis) -> str:
    return " ".join(" ".join(found.talking_points.points).split())


@pytest.mark.parametrize(
    ("priority", "then", "asked"),
    [
        (
            "evasive",
            "When we last took stock, we didn't get to a clear answer on whether this is still "
            "a priority for your team, and we left the decision open.",
            "So, plainly: is this still a priority for your team?",
        ),
        (
            "no",  # never "still" after a no
            "When we last took stock, you told us this wasn't a priority for your team right "
            "now, and we left the decision open.",
            "So I'd like to ask again, honestly: is this a priority for your team now?",
        ),
        (
            "yes",
            "When we last took stock, you told us this was still a priority for your team, but "
            "we left open how we go on.",
            "Is this still a priority for your team, and do we carry on together?",
        ),
        (
            None,
            "When we last took stock, we left open how we go on.",
            "is this still a priority for your team, honestly?",
        ),
    ],
)
def test_a_decision_left_open_is_recalled_before_the_priority_question(
    priority: str | None, then: str, asked: str
) -> None:
    """The question after the recall starts from their answer then: found reading aloud, a
    "you told us this wasn't a priority" was followed by "is this still a priority"."""
    carried = {"previous_decision": "pending"}
    if priority:
        carried["previous_priority"] = priority
    found = follow_up(EXAMPLE, **carried)
    points = spoken(found)
    assert f"{then} {SETTLE}" in points
    assert points.index(SETTLE) < points.index(asked)
    assert priority != "no" or "still a priority" not in points
    assert any(line.startswith(PREP) for line in found.talking_points.prep)


def test_after_the_agreed_step_it_does_not_open_the_same_way_twice() -> None:
    found = follow_up(
        EXAMPLE,
        previous_fix_status="agreed",
        previous_fix_due="2026-12-07",  # late: the follow-up line says so first
        previous_decision="pending",
        previous_priority="evasive",
    )
    points = spoken(found)
    assert points.count("When we last took stock") == 1
    assert "That day, we didn't get to a clear answer" in points


@pytest.mark.parametrize("carried", [{"previous_decision": "revive"}, {}])
def test_a_decision_taken_or_not_known_adds_nothing(carried: dict[str, str]) -> None:
    found = follow_up(EXAMPLE, previous_priority="evasive", **carried)
    assert SETTLE not in spoken(found)
    assert not any(line.startswith(PREP) for line in found.talking_points.prep)


def test_the_decide_and_prepare_paths_say_it_too() -> None:
    no_owner = {**EXAMPLE, "owner_theirs": "", "owner_request": "declined"}
    decide = follow_up(no_owner, previous_decision="pending", previous_priority="no")
    assert decide.talking_points.path == "decide"
    assert SETTLE in spoken(decide)
    unknown = {k: v for k, v in EXAMPLE.items() if not k.startswith(("fit_", "owner", "last_"))}
    unknown |= {k: "unsure" for k in ("fit_audience", "fit_incentives", "fit_delivery")}
    prepare = follow_up(unknown, previous_decision="pending")
    assert prepare.talking_points.path == "prepare"
    assert SETTLE in spoken(prepare)


def test_the_command_line_carries_the_open_decision_into_the_follow_up(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", "evasive", "--decision", "pending")
    last = Repository(db).get(1)
    assert last is not None
    carried = follow_up_facts(last)
    assert carried["previous_decision"] == "pending"
    assert carried["previous_priority"] == "evasive"
    later = {**EXAMPLE, "previous_fix_done": "no", "last_conversation": "2026-11-23"}
    code, out, err = diagnosed_later(capsys, monkeypatch, db, later, TODAY)
    assert code == 0, err
    said = " ".join(out.split())
    assert "we didn't get to a clear answer on whether this is still a priority" in said
    assert SETTLE in said and PREP in said


def test_an_outcome_recorded_later_decides_what_is_carried(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A call left open, then an outcome to carry on: nothing is left open any more."""
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", "evasive", "--decision", "pending")
    code, _, err = run_cli(capsys, "--db", str(db), "outcome", "1", "--decision", "revive")
    assert code == 0, err
    last = Repository(db).get(1)
    assert last is not None
    assert follow_up_facts(last)["previous_decision"] == "revive"


def test_a_decision_asked_for_and_taken_in_the_next_call_is_not_reopened(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The decide path's step ("you let us know whether we go on ... or wrap up together"),
    left pending, then answered yes in the follow-up's call: the recap said "One thing is still
    open from last time ... let's settle whether it still stands", of the question just
    answered."""
    declined = json.loads(
        (Path(__file__).parents[1] / "examples" / "owner-declined.json").read_text()
    )
    db, _ = called(capsys, tmp_path, declined, "--priority", "evasive", "--decision", "pending")
    later = {**declined, "previous_fix_done": "partly"}
    assert diagnosed_later(capsys, monkeypatch, db, later, LATER)[0] == 0
    call = ("conversation", "2", "--held-on", "today", "--priority")
    assert run_cli(capsys, "--db", str(db), *call, "yes")[0] == 0
    code, recap, err = run_cli(capsys, "--db", str(db), "recap", "2")
    assert code == 0, err
    assert "you name one person on your side who owns this" in recap
    assert "still open from last time" not in recap and "whether we go on" not in recap
    code, agreement, err = run_cli(capsys, "--db", str(db), "agreement", "2")
    assert code == 0, err
    assert "last time" not in agreement


WRAPPED_UP = (
    "When we last took stock, you told us this wasn't a priority for your team any more, and we "
    "agreed to wrap it up."
)
ASKED_AGAIN = (
    "So I'd like to ask honestly: has that changed, and is this a priority for your team again?"
)


def test_a_diagnosis_after_a_wrap_up_starts_from_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found reading aloud: after a call where they said it was no longer a priority and we
    agreed to wrap up, the next diagnosis's points said "I don't think either of us lost
    interest; ... it simply slipped", as if that call had never happened."""
    db, out = called(capsys, tmp_path, EXAMPLE, "--priority", "no")
    assert "Decision: exit" in out
    last = Repository(db).get(1)
    assert last is not None
    started = follow_up_start(last).answers
    assert started["previous_conversation_on"] == "2026-11-23"
    assert started["previous_priority"] == "no" and started["previous_decision"] == "exit"
    assert "previous_fix" not in started  # nothing to ask about
    later = {**EXAMPLE, "previous_fix_done": "no"}
    code, out, err = diagnosed_later(capsys, monkeypatch, db, later, LATER)
    assert code == 0, err
    assert "previous_fix_done was ignored" in err and "ended in an exit" in err
    assert "(its conversation of Mon 23 Nov 2026 is carried, for the points)" in err
    found = Repository(db).get(2)
    assert found is not None and found.talking_points.path == "revive"
    points = list(found.talking_points.points)
    assert points[1] == WRAPPED_UP
    said = " ".join(points)
    assert "lost interest" not in said and "slipped" not in said
    # asked once, after what we observed, and never "still" after their no
    assert points.index(ASKED_AGAIN) > 2 and said.count("priority for your team") == 2
    assert any(
        line.startswith("Last time ended in agreeing to wrap up")
        for line in found.talking_points.prep
    )


def test_a_wrap_up_with_no_call_recorded_carries_nothing() -> None:
    """An exit recorded as an outcome alone (no conversation): no day to start from."""
    validated = validate({k: v for k, v in EXAMPLE.items()}, date(2026, 11, 23))
    first = Diagnosis.from_answers(validated.answers, id=1)
    first.extra["outcome"] = {"decision": "exit", "fix": "", "owner": "", "due": None}
    assert follow_up_facts(first) == {}


def test_after_a_wrap_up_a_yes_is_a_priority_again_not_still(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", "no")
    later = {**EXAMPLE, "previous_fix_done": "no"}
    assert diagnosed_later(capsys, monkeypatch, db, later, LATER)[0] == 0
    call = ("conversation", "2", "--held-on", "today", "--priority", "yes")
    assert run_cli(capsys, "--db", str(db), *call)[0] == 0
    code, recap, err = run_cli(capsys, "--db", str(db), "recap", "2")
    assert code == 0, err
    assert "it helps to know this is a priority for your team again" in recap
    assert "still a priority" not in recap
    code, agreement, err = run_cli(capsys, "--db", str(db), "agreement", "2")
    assert code == 0, err
    assert "that this is again a priority for their team" in agreement
