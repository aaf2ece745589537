"""A follow-up whose agreed review never happened, read aloud as the partner hears it.

It used to say the missing review three times as if for the first time: "We don't have a
regular review on the calendar", then "we agreed on this: a monthly review ... That hasn't
happened yet", then "Could we put a short monthly review on both our calendars ... I'll send
the invitation", the very step that did not work, with "without a fixed slot, it simply slipped"
answering the "what got in the way" it had just asked. Now the review is said missing once, the
proposal tries it again and books it in the call, and nothing guesses why it slipped.

Diagnosed again before that first review was due, the points checked it was on track and then
proposed a new one "starting on" a later day: now the agreed day stands."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, called, diagnosed_later, run_cli

from playbook.agreement import missed_fix
from playbook.answers import validate
from playbook.conversation import make_conversation
from playbook.diagnosis import Diagnosis
from playbook.recap import recap

TODAY = date(2027, 1, 11)
NO_REVIEW = "a monthly review on both calendars"
LAPSED = "the monthly review meets again"


MET = {
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2026-12-23",
    "last_conversation": "2026-12-23",
}
"""A monthly review, met on 23 Dec since last time."""


def later(**answers: str) -> Diagnosis:
    """#2, diagnosed on ``TODAY``: the example's answers and an agreed step of 23 Nov, with
    ``answers`` over them."""
    given = {
        **{k: v for k, v in EXAMPLE.items() if k != "diagnosed_on"},
        "previous_diagnosed_on": "2026-11-23",
        "previous_fix_status": "agreed",
        **answers,
    }
    validated = validate(given, TODAY)
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers, id=2)


def follow_up(fix: str, done: str, due: str = "2026-12-23", **more: str) -> Diagnosis:
    found = later(
        **{
            "last_conversation": "2026-11-23",
            "previous_conversation_on": "2026-11-23",
            "previous_cause": "rhythm",
            "previous_fix": fix,
            "previous_fix_owner": "Alex Kim",
            "previous_fix_due": due,
            "previous_fix_done": done,
            **more,
        }
    )
    assert found.verdict.dominant_cause == "rhythm" and found.talking_points.path == "revive"
    return found


def spoken(found: Diagnosis) -> str:
    return " ".join(" ".join(found.talking_points.points).split())


@pytest.mark.parametrize("done", ["no", "partly"])
def test_a_missed_review_is_said_once_and_tried_again_in_the_call(done: str) -> None:
    points = spoken(follow_up(NO_REVIEW, done))
    assert points.count("monthly review") == 2  # the miss, then the proposal: not a third time
    assert "We don't have a regular review on the calendar" not in points
    assert f"we agreed on this: {NO_REVIEW}." in points
    assert "what got in the way" in points
    assert "slipped" not in points and "slip behind" not in points  # the cause is asked, not told
    assert "Could we give it another go: a short monthly review on both our calendars" in points
    assert "starting on Wed 10 Feb 2027" in points
    assert "This time, let's put it in our calendars before we hang up." in points
    assert "I'll send the invitation" not in points
    # That day was the reset conversation itself: named as it, not as another meeting.
    assert "We haven't sat down to work on this since our conversation on Mon 23 Nov 2026" in points
    assert "sat down properly" not in points


def test_a_lapsed_review_missed_again_is_brought_back_again() -> None:
    found = follow_up(
        LAPSED, "no", standing_review="yes", review_cadence="monthly", review_last_held="2026-09-01"
    )
    points = spoken(found)
    assert "could we try again to bring our monthly review back, starting on" in points
    assert "This time, let's both confirm the day before we hang up." in points
    assert "I'll send the invitation" not in points
    assert "quietly stops happening" not in points  # no guess at what got in the way
    assert points.count("the last one we actually held was on Tue 1 Sep 2026") == 1


@pytest.mark.parametrize(
    ("fix", "done", "due", "status"),
    [
        (NO_REVIEW, "yes", "2026-12-23", "agreed"),  # it happened
        (NO_REVIEW, "no", "2026-12-23", "proposed"),  # never agreed with them
        ("a one-page agreement of who does what", "no", "2026-12-23", "agreed"),  # another step
    ],
)
def test_anything_else_is_proposed_as_before(fix: str, done: str, due: str, status: str) -> None:
    points = spoken(follow_up(fix, done, due, previous_fix_status=status))
    assert "Could we put a short monthly review on both our calendars" in points
    assert "I'll send the invitation." in points
    assert "another go" not in points and "before we hang up" not in points
    assert "We don't have a regular review on the calendar, and" in points


def test_the_follow_up_made_by_the_command_line_tries_the_review_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole way a user goes: diagnose, record the call that agreed the review, and
    diagnose again seven weeks on with the review never held."""
    db, out = called(capsys, tmp_path, EXAMPLE, "--priority", "yes")
    assert f"Agreed: {NO_REVIEW}" in out
    later = {**EXAMPLE, "previous_fix_done": "no", "last_conversation": "2026-11-23"}
    code, out, err = diagnosed_later(capsys, monkeypatch, db, later, TODAY)
    assert code == 0, err
    said = " ".join(out.split())
    assert "Could we give it another go: a short monthly review on both our calendars" in said
    assert "This time, let's put it in our calendars before we hang up." in said
    assert "We don't have a regular review on the calendar" not in said


def test_a_first_review_agreed_and_not_due_yet_is_kept_to_not_moved() -> None:
    """Diagnosed again before the agreed first review: its day stands everywhere (the points,
    the next step, the verdict's rhythm), instead of "let's check it's on track" followed by a
    new review "starting on" a later day."""
    found = follow_up(NO_REVIEW, "no", due="2026-12-23", diagnosed_on="2026-12-14")
    points = spoken(found)
    kept = "Could we keep to what we agreed: our first monthly review on Wed 23 Dec 2026"
    assert kept in points and "I'll send the invitation today." in points
    assert "starting on" not in points and "another go" not in points
    assert "still on track" not in points  # the proposal says what was agreed, once
    assert points.count("monthly review") == 1
    assert "slip" not in points  # the slot is agreed: nothing "without a fixed slot"
    assert found.verdict.next_review == date(2026, 12, 23)
    step = found.talking_points.next_step
    assert step is not None and step.due == date(2026, 12, 23)


@pytest.mark.parametrize(
    ("fix", "due", "status", "done"),
    [
        (NO_REVIEW, "2026-12-23", "proposed", "no"),  # never agreed
        (NO_REVIEW, "2026-12-23", "agreed", "yes"),  # said to have happened
        (NO_REVIEW, "2026-12-15", "agreed", "no"),  # due before this call can be held
        ("a one-page agreement of who does what", "2026-12-23", "agreed", "no"),
    ],
)
def test_otherwise_the_first_review_is_counted_from_this_call(
    fix: str, due: str, status: str, done: str
) -> None:
    found = follow_up(fix, done, due=due, diagnosed_on="2026-12-14", previous_fix_status=status)
    assert found.verdict.next_review == date(2027, 1, 13)  # the Wed call of 16 Dec, 4 weeks on
    assert "keep to what we agreed" not in spoken(found)


def test_a_review_said_to_have_happened_yet_not_on_the_calendar_is_a_question_not_a_thanks() -> (
    None
):
    """The follow-up carries last time's "no review on the calendar" to be confirmed: left as it
    was after "yes, it happened", the points thanked them for the review and proposed it anew
    in one breath. Now neither is claimed: the notes before the call ask which is right."""
    found = follow_up(NO_REVIEW, "yes")
    points = spoken(found)
    assert "followed through" not in points
    assert "Could we put a short monthly review on both our calendars" in points
    check = (
        f"Check before the call: last time's step ({NO_REVIEW}) is said to have happened, yet "
        "today's answers still show the gap it was meant to close"
    )
    assert any(line.startswith(check) for line in found.talking_points.prep)
    assert not any("fix happened" in line for line in found.talking_points.prep)  # one voice


def test_a_step_that_happened_and_is_not_proposed_again_is_still_thanked() -> None:
    """The review set up and meeting: the owner gap is what is left, and the review is thanked."""
    answers = {
        "previous_cause": "rhythm",
        "previous_fix": NO_REVIEW,
        "previous_fix_due": "2026-12-23",
        "previous_fix_done": "yes",
        **MET,
    }
    found = later(**answers)
    step = found.talking_points.next_step
    assert step is not None and step.fix != NO_REVIEW
    thanks = f"I'm glad we followed through on what we agreed last time: {NO_REVIEW}."
    assert thanks in spoken(found)
    assert not any("said to have happened" in line for line in found.talking_points.prep)


def test_another_step_missed_is_tried_again_this_time() -> None:
    """Found reading a follow-up aloud: the step missed came back word for word, as if new."""
    answers = {
        "owner_ours": "",
        "previous_cause": "owner",
        "previous_fix": "our side names one owner and introduces them to Jo Rivera",
        "previous_fix_said": "we make one person on our side the owner, with this in their "
        "goals, and introduce them to you",
        "previous_fix_due": "2026-12-07",
        "previous_fix_done": "no",
    }
    points = spoken(later(**answers))
    assert (
        "When we last took stock, we took on one step on our side, and it hasn't happened "
        "yet: it's the first thing I want to put right."
    ) in points
    assert "This time, we'll make one person on our side the owner" in points
    assert points.count("one person on our side the owner") == 1  # not said in full twice
    assert (
        "This time, we'll make one person on our side the owner, with this in their goals, "
        "and introduce them to you by Wed 20 Jan 2027." in points
    )


def test_a_step_we_are_unsure_of_is_asked_about_not_left_out() -> None:
    points = spoken(follow_up(NO_REVIEW, "unsure"))
    assert (
        f"When we last took stock, we agreed on this: {NO_REVIEW}. I'd like to hear where that "
        "stands from your side." in points
    )


def test_a_review_said_not_to_have_happened_yet_met_since_is_a_question_not_a_claim() -> None:
    """Found reading aloud: "Our monthly review last met on Wed 23 Dec" and then, of that
    review, "That hasn't happened yet"."""
    answers = {
        "previous_conversation_on": "2026-11-25",
        "previous_cause": "rhythm",
        "previous_fix": NO_REVIEW,
        "previous_fix_due": "2026-12-23",
        "previous_fix_done": "no",
        **MET,
    }
    found = later(**answers)
    assert "hasn't happened" not in spoken(found)
    check = (
        f"Check before the call: last time's step ({NO_REVIEW}) is said not to have happened, "
        "yet the review last met on Wed 23 Dec 2026, after it was agreed."
    )
    assert any(line.startswith(check) for line in found.talking_points.prep)
    assert not any("did not happen" in line for line in found.talking_points.prep)
    answers["review_last_held"] = answers["last_conversation"] = "2026-11-20"  # before: a miss
    found = later(**answers)
    assert "That hasn't happened yet" in spoken(found)
    assert not any("said not to have happened" in line for line in found.talking_points.prep)


def test_a_healthy_follow_up_thanks_the_review_it_set_up_once() -> None:
    """Found reading aloud: the keep points named the review three times: "doing its job", "I'm
    glad we followed through on ...: a monthly review on both calendars", "keep it going"."""
    answers = {
        "previous_conversation_on": "2026-11-25",
        "previous_cause": "rhythm",
        "previous_fix": NO_REVIEW,
        "previous_fix_due": "2026-12-23",
        "previous_fix_done": "yes",
        **MET,
        "activity": "rising",
        "activity_last_month": "7",
        "last_activity": "2027-01-05",
        "outcomes": "rising",
        "owner_theirs_in_role": "yes",
        "expectations_written": "yes",
        "enablement_materials": "yes",
        "fit_delivery": "yes",
    }
    found = later(**answers)
    assert found.talking_points.path == "keep"
    points = spoken(found)
    assert (
        "The monthly review we agreed last time is doing its job: it last met on Wed 23 Dec "
        "2026, and I'm glad we followed through on it." in points
    )
    assert points.count("followed through") == 1 and NO_REVIEW not in points
    assert points.count("monthly review") == 2  # it works; keep it going


def _follow_up_call(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    first_call: tuple[str, ...],
    later: dict[str, Any],
) -> str:
    """#1 diagnosed and its call recorded on 23 Nov; #2 on 11 Jan with ``later``, its call
    held that day with the step the points proposed; the recap of #2."""
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", "yes", *first_call)
    assert diagnosed_later(capsys, monkeypatch, db, {**EXAMPLE, **later}, TODAY)[0] == 0
    args = ("conversation", "2", "--held-on", "today", "--priority", "yes")
    assert run_cli(capsys, "--db", str(db), *args)[0] == 0
    code, out, err = run_cli(capsys, "--db", str(db), "recap", "2")
    assert code == 0, err
    return out


def test_the_recap_dates_the_review_before_it_reopens_last_times_step(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'The first is on ...' came after 'One thing is still open from last time ...', and read
    as the first of that."""
    fix = ("--fix", "Jo sends us the list of her top ten accounts", "--owner", "Jo Rivera")
    recap = _follow_up_call(
        capsys,
        tmp_path,
        monkeypatch,
        (*fix, "--side", "theirs", "--due", "2026-12-09"),
        {"previous_fix_done": "no", "last_conversation": "2026-11-23"},
    )
    paragraphs = recap.split("\n\n")
    agreed = next(i for i, p in enumerate(paragraphs) if "We agreed on one next step" in p)
    assert paragraphs[agreed + 1].startswith("The first is on Wed 10 Feb")
    assert paragraphs[agreed + 2].startswith("One thing is still open from last time.")


def test_a_review_that_met_is_neither_a_long_gap_nor_still_open(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review agreed met on 23 Dec, though the follow-up says the step did not happen: the
    recap said 'the long gap since our monthly review last met' (19 days) and 'That hasn't
    happened yet' after 'Our monthly review carries on'."""
    recap = _follow_up_call(
        capsys,
        tmp_path,
        monkeypatch,
        (),
        {
            "previous_fix_done": "no",
            "standing_review": "yes",
            "review_cadence": "monthly",
            "review_last_held": "2026-12-23",
            "last_conversation": "2026-12-23",
            "owner_theirs_in_role": "yes",  # the rhythm is what the call was about
            "expectations_written": "yes",
        },
    )
    assert "hasn't happened" not in recap and "still open from last time" not in recap
    assert "long gap" not in recap


def test_a_recap_names_the_reset_call_as_the_last_time_we_spoke(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recap = _follow_up_call(
        capsys,
        tmp_path,
        monkeypatch,
        (),
        {"previous_fix_done": "no", "last_conversation": "2026-11-23"},
    )
    assert "We talked about the gap since our conversation on Mon 23 Nov 2026" in recap
    assert "last real working session" not in recap


def test_a_call_to_find_out_follows_up_last_times_step_too() -> None:
    """Found reading aloud: the prepare path (too little to diagnose, or activity falling with
    no cause) never said what became of last time's step, which every other path follows up."""
    answers = {
        "previous_conversation_on": "2026-11-25",
        "previous_cause": "expectations",
        "previous_fix": "a one-page agreement of who does what",
        "previous_fix_due": "2026-12-23",
        "previous_fix_done": "yes",
        "standing_review": "yes",
        "review_cadence": "monthly",
        "review_last_held": "2027-01-04",
        "last_conversation": "2027-01-04",
        "owner_theirs_in_role": "yes",
        "expectations_written": "yes",
        "enablement_materials": "yes",
        "fit_delivery": "yes",
        "changes_theirs": "none",
    }
    found = later(**answers)
    assert found.talking_points.path == "prepare"
    thanks = "I'm glad we followed through on what we agreed last time: a one-page agreement"
    assert thanks in spoken(found)


def test_a_held_review_agreed_and_since_lapsed_is_tried_again_and_not_left_open() -> None:
    """Found reading aloud: last time's step was the review that was held ("our next monthly
    review goes ahead"); it lapsed since, and the step now brings it back, in other words. The
    points offered it as new and, once agreed, the recap called last time's step "still open"
    right under it."""
    held = "our next monthly review goes ahead, with a working agenda"
    found = follow_up(
        held, "no", standing_review="yes", review_cadence="monthly", review_last_held="2026-10-12"
    )
    assert found.verdict.review == "lapsed"
    points = spoken(found)
    assert "could we try again to bring our monthly review back" in points
    assert "This time, let's both confirm the day before we hang up." in points
    step = found.talking_points.next_step
    assert step is not None and step.fix == LAPSED
    fields = {"held_on": "today", "priority": "yes", "decision": "revive", "fix": step.fix}
    fields |= {"owner": step.owner, "side": step.side, "due": step.due.isoformat()}
    conversation, problems = make_conversation(fields, diagnosed_on=TODAY, today=TODAY)
    assert conversation is not None, problems
    assert missed_fix(found, conversation) is None
    assert "still open from last time" not in recap(found, conversation).body
