"""What the user records after the reset conversation: every field checked, with a message that
names the field and says what to do (playbook.conversation)."""

from __future__ import annotations

from datetime import date

import pytest

from playbook.conversation import (
    Conversation,
    Meeting,
    default_decision,
    make_conversation,
)

DIAGNOSED = date(2026, 11, 23)
TODAY = date(2026, 12, 1)


def record(**typed: str) -> tuple[Conversation | None, list[str]]:
    return make_conversation(typed, diagnosed_on=DIAGNOSED, today=TODAY)


def test_a_yes_revives_and_a_no_or_evasive_answer_exits() -> None:
    assert [default_decision(p) for p in ("yes", "no", "evasive")] == ["revive", "exit", "exit"]
    held, problems = record(held_on="Nov 27", priority="evasive")
    assert problems == [] and held is not None
    assert (held.held_on, held.decision, held.fix) == (date(2026, 11, 27), "exit", "")


def test_the_user_may_choose_otherwise() -> None:
    held, problems = record(priority="no", decision="pending")
    assert problems == [] and held is not None
    assert (held.held_on, held.decision) == (TODAY, "pending")


def test_a_day_not_come_yet_is_said_to_be_after_today_not_before_the_diagnosis() -> None:
    _, problems = record(held_on="Dec 4", priority="yes", fix="a monthly review")
    assert problems == [
        "held_on: Fri 4 Dec 2026 is after today (Tue 1 Dec 2026); "
        "record the conversation once it has been held"
    ]


def test_a_day_before_the_diagnosis_is_refused() -> None:
    _, problems = record(held_on="Nov 20", priority="yes", fix="a monthly review")
    assert len(problems) == 1 and problems[0].startswith("held_on: Fri 20 Nov 2026 is before")


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"priority": "maybe"}, "priority"),
        ({"priority": ""}, "priority"),
        ({"priority": "yes"}, "fix"),  # a revive needs the fix agreed
        ({"priority": "yes", "fix": "x", "side": "mine"}, "side"),
        ({"priority": "yes", "fix": "x", "due": "July 32"}, "due"),
        ({"priority": "yes", "fix": "x", "due": "Nov 24"}, "due"),  # before the conversation
        ({"priority": "no", "decision": "later"}, "decision"),
        ({"priority": "no", "notes": "n" * 10_001}, "notes"),
        ({"priority": "yes", "fix": "f" * 2_001}, "fix"),
    ],
)
def test_every_problem_names_its_field(typed: dict[str, str], field: str) -> None:
    held, problems = record(**typed)
    assert held is None
    assert [problem.split(":", 1)[0] for problem in problems] == [field]


def test_a_fix_without_a_side_is_both_sides_and_the_dates_read_in_words() -> None:
    held, problems = record(
        held_on="yesterday", priority="yes", fix="Priya names an owner", due="in 10 days"
    )
    assert problems == [] and held is not None
    assert (held.side, held.held_on, held.due) == ("both", date(2026, 11, 30), date(2026, 12, 10))
    assert held.agreed_sentence == "Priya names an owner (both sides), by Thu 10 Dec 2026"


def test_stored_values_round_trip_and_damage_reads_as_none() -> None:
    held, _ = record(priority="yes", fix="a review", owner="Alex", side="ours", due="Dec 9")
    assert held is not None
    assert Conversation.from_dict(held.to_dict()) == held
    for damaged in (
        None,
        [],
        {"held_on": "soon", "priority": "yes", "decision": "revive"},
        {"held_on": "2026-11-30", "priority": "perhaps", "decision": "revive"},
    ):
        assert Conversation.from_dict(damaged) is None  # type: ignore[arg-type]
    meeting = Meeting(typed={"fix": "a review", "bogus": "x"}, said=(2, 0, 2), revision=3)
    assert Meeting.from_dict(meeting.to_dict()) == Meeting(
        typed={"fix": "a review"}, said=(0, 2), revision=3
    )
    assert Meeting.from_dict({"typed": "not a mapping"}) is None


def test_a_side_given_as_the_owner_is_said_once() -> None:
    held, problems = record(
        priority="yes", fix="one owner named", owner="their side", side="theirs"
    )
    assert problems == [] and held is not None
    assert held.who == "their side"
    assert held.agreed_sentence == "one owner named (their side)"


def test_a_yes_does_not_revive_what_the_points_planned_to_close() -> None:
    assert default_decision("yes", "exit") == "exit"  # a failed fit, or we no longer want it
    assert [default_decision("yes", p) for p in ("revive", "decide", "keep", "prepare")] == [
        "revive"
    ] * 4
