"""Found reading follow-ups aloud: the priority question ignored the answer the partner gave
to it in the last call. Two weeks after a clear yes it asked "With new people on your side,
it's a fair moment to ask: is this still a priority?" (the new people were known when they
said yes); after a no it asked "is this still a priority?"; after a wrap-up it asked whether
that had changed and then asked the priority question a second time. Now the question starts
from their answer then, and is asked once."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, called, called_again, diagnosed_later, printed, run_cli

from playbook.answers import validate
from playbook.diagnosis import Diagnosis
from store.repository import Repository

TODAY = date(2027, 1, 11)
AGREED = {
    "previous_diagnosed_on": "2026-11-23",
    "previous_conversation_on": "2026-11-25",
    "previous_fix": "a monthly review on both calendars",
    "previous_fix_status": "agreed",
    "previous_fix_owner": "Alex Kim",
    "previous_fix_due": "2026-12-23",
    "previous_cause": "rhythm",
    "previous_fix_done": "no",
    "previous_decision": "revive",
}
CHANGE = "With new people on your side"
ASKED = {
    "yes": "When we last spoke, you told us this was still a priority for your team, and I "
    "don't want to take that for granted: is it still?",
    "no": "When we last spoke, you told us this wasn't a priority for your team right now. I'd "
    "like to ask again, honestly: has that changed?",
    "evasive": "When we last spoke, we didn't get to a clear answer on whether this is still a "
    "priority for your team, so I'd like to ask again, plainly: is it?",
}


def follow_up(**carried: str) -> list[str]:
    given: dict[str, Any] = {k: v for k, v in EXAMPLE.items() if k != "diagnosed_on"}
    validated = validate({**given, **AGREED, **carried}, TODAY)
    assert validated.ok, validated.errors
    found = Diagnosis.from_answers(validated.answers, id=2)
    assert found.talking_points.path == "revive"
    return list(found.talking_points.points)


@pytest.mark.parametrize("priority", list(ASKED))
def test_the_question_starts_from_their_answer_in_the_last_call(priority: str) -> None:
    points = follow_up(previous_priority=priority)
    assert ASKED[priority] in points
    said = " ".join(points)
    assert CHANGE not in said  # they answered knowing it
    # after the follow-up of the step ("When we last took stock, we agreed on this: ...")
    step = next(i for i, p in enumerate(points) if p.startswith("When we last took stock"))
    assert step < points.index(ASKED[priority])
    assert said.count("When we last took stock") == 1


def test_with_no_follow_up_line_before_it_the_question_says_when() -> None:
    """A step only proposed is not followed up aloud: the question is the first recall."""
    points = follow_up(previous_priority="yes", previous_fix_status="proposed")
    assert not any("we agreed on this" in point for point in points)
    lead = "When we last took stock, you told us this was still a priority for your team"
    assert any(point.startswith(lead) for point in points)


def test_with_no_call_carried_the_question_is_as_before() -> None:
    """No answer carried (no conversation recorded): what changed on their side frames it."""
    points = follow_up()
    assert any(point.startswith(CHANGE) for point in points)
    assert not any("When we last spoke" in point for point in points)


def test_a_yes_in_the_call_is_recalled_in_the_next_diagnosis(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the command line: the call's yes is carried and recalled, the change is not."""
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", "yes")
    later = {**EXAMPLE, "previous_fix_done": "no"}
    assert diagnosed_later(capsys, monkeypatch, db, later, TODAY)[0] == 0
    found = Repository(db).get(2)
    assert found is not None
    said = " ".join(found.talking_points.points)
    assert "you told us this was still a priority for your team" in said
    assert CHANGE not in said and said.count("is it still?") == 1


def test_never_still_after_a_no() -> None:
    said = " ".join(follow_up(previous_priority="no"))
    assert "still a priority" not in said
    assert said.count("has that changed?") == 1


def test_the_decide_path_never_asks_still_after_a_no() -> None:
    """The decide path's own question: after a no, "a priority for your team now?"."""
    decide = {"owner_theirs": "", "owner_request": "declined", "owner_theirs_in_role": None}
    given = {k: v for k, v in {**EXAMPLE, **decide}.items() if v is not None}
    given.pop("diagnosed_on")
    for priority, asked in (
        ("no", "So I'd like to ask again, honestly: is this a priority for your team now?"),
        ("yes", "Is this still a priority for your team, and do we carry on together?"),
    ):
        carried = {**AGREED, "previous_priority": priority, "previous_decision": "pending"}
        validated = validate({**given, **carried}, TODAY)
        assert validated.ok, validated.errors
        found = Diagnosis.from_answers(validated.answers, id=2)
        assert found.talking_points.path == "decide"
        said = " ".join(found.talking_points.points)
        assert asked in said and "I'd rather ask you directly" not in said


def test_the_line_for_a_no_says_still_after_a_no() -> None:
    """Found reading aloud: "if the honest answer is that it isn't a priority any more" to a
    partner who told us last time it was not one."""
    said = " ".join(follow_up(previous_priority="no"))
    assert "If the honest answer is that it still isn't a priority, that's fair" in said
    assert "any more" not in said
    assert "that it isn't a priority any more" in " ".join(follow_up(previous_priority="yes"))


def test_the_follow_up_recap_does_not_thank_for_the_change_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found reading aloud: every follow-up recap opened "with new people settling in on your
    side", word for word what the first recap said weeks before."""
    clause = "with new people settling in on your side"
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", "yes")
    first = printed(capsys, db, "recap", "1")
    assert clause in first
    later = {**EXAMPLE, "previous_fix_done": "no"}
    called_again(capsys, monkeypatch, db, later, TODAY, "--priority", "yes")
    second = printed(capsys, db, "recap", "2")
    assert clause not in second and "your team has changed" not in second
    assert "Thank you for making time on Mon 11 Jan, and for the straight answer" in second


@pytest.mark.parametrize(
    ("priority", "said"), [("evasive", "it doesn't feel worth"), ("no", "it still doesn't feel")]
)
def test_the_recap_says_still_only_after_a_no(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, priority: str, said: str
) -> None:
    """Found reading aloud: after no clear answer, "If by ... it still doesn't feel worth your
    team's time" said they had told us it didn't."""
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", priority, "--decision", "revive")
    recap = printed(capsys, db, "recap", "1")
    assert f"If by Wed 23 Dec {said}" in " ".join(recap.split())


def test_a_close_after_no_clear_answer_follows_a_no_with_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", "no", "--decision", "pending")
    later = {**EXAMPLE, "previous_fix_done": "unsure"}
    assert diagnosed_later(capsys, monkeypatch, db, later, TODAY)[0] == 0
    call = ("conversation", "2", "--held-on", "today", "--priority", "evasive")
    code, out, err = run_cli(capsys, "--db", str(db), *call)
    assert code == 0 and "Decision: exit" in out, err
    recap = printed(capsys, db, "recap", "2")
    assert "Without a clear yes on whether this is a priority again" in recap
    assert "still a priority" not in recap


def test_the_decide_path_after_a_wrap_up_starts_from_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found reading aloud: after a call that agreed to wrap up, the decide path repeated the
    reorganisation and the last working session of September as news, asked "still a
    priority?" and offered to "part on good terms", which was agreed already."""
    example = Path(__file__).parent.parent / "playbook" / "examples" / "owner-declined.json"
    answers = json.loads(example.read_text(encoding="utf-8"))
    db, out = called(capsys, tmp_path, answers, "--priority", "evasive")
    assert "Decision: exit" in out
    later = {**answers, "previous_fix_done": "unsure"}
    assert diagnosed_later(capsys, monkeypatch, db, later, TODAY)[0] == 0
    found = Repository(db).get(2)
    assert found is not None and found.talking_points.path == "decide"
    points = list(found.talking_points.points)
    said = " ".join(points)
    assert points[1] == "When we last took stock, we agreed to wrap this up."
    assert "reorganised" not in said and "The last time we worked on this" not in said
    assert "still a priority" not in said
    asked = "So I'd like to ask honestly: is this a priority for your team now?"
    assert asked in points and said.count("wrap-up") == 1  # offered once, in the last line
    assert points[-1] == (
        "If the honest answer is that it isn't a priority, that's fair: we'll keep to the "
        "wrap-up we agreed and part on good terms."
    )


def test_no_quarter_of_guessing_weeks_after_a_call() -> None:
    """Found reading aloud: "than after another quarter of guessing", days after the call."""
    said = " ".join(follow_up(previous_priority="yes", last_conversation="2027-01-04"))
    assert "I'd rather hear it now than later: then let's agree" in said
    assert "quarter" not in said
    assert said.count("I'd rather") == 1  # the keep-to and the question say it otherwise


@pytest.mark.parametrize("then", [("--priority", "evasive")])  # after a no: test_decision_left_open
def test_after_a_wrap_up_a_yes_is_a_priority_again_in_the_recap_and_agreement(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    then: tuple[str, str],
) -> None:
    """Found reading aloud: after a call that agreed to wrap up on no clear answer, a yes in
    the next call was thanked as "still a priority for your team"."""
    db, out = called(capsys, tmp_path, EXAMPLE, *then)
    assert "Decision: exit" in out
    later = {**EXAMPLE, "previous_fix_done": "no"}
    called_again(capsys, monkeypatch, db, later, TODAY, "--priority", "yes")
    recap = printed(capsys, db, "recap", "2")
    assert "a priority for your team again" in recap and "still a priority" not in recap
    agreement = printed(capsys, db, "agreement", "2")
    assert "that this is again a priority for their team" in agreement


UNCLEAR: dict[str, Any] = {
    key: value
    for key, value in {
        **EXAMPLE,
        **dict.fromkeys(
            ("fit_audience", "fit_incentives", "fit_delivery", "owner_ours_in_role"), "unsure"
        ),
        **dict.fromkeys(("owner_theirs_in_role", "changes_theirs", "workload"), "unsure"),
        **dict.fromkeys(("expectations_written", "activity", "outcomes"), "unsure"),
        **dict.fromkeys(
            ("last_conversation", "standing_review", "review_cadence", "success_metrics"), None
        ),
        **dict.fromkeys(("enablement_materials", "enablement_contact", "last_activity"), None),
        **dict.fromkeys(("activity_last_month", "activity_typical_month"), None),
    }.items()
    if value is not None
}


def test_the_prepare_path_follows_up_from_the_last_call(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found reading aloud: a call held to find out, whose step was ours (to come back with a
    proposal), was followed up with "I'd like us to look together at what got in the way",
    and the priority question took no notice of their answer then."""
    db, _ = called(capsys, tmp_path, UNCLEAR, "--priority", "evasive", "--decision", "revive")
    first = Repository(db).get(1)
    assert first is not None and first.talking_points.path == "prepare"
    later = {**UNCLEAR, "previous_fix_done": "no"}
    assert diagnosed_later(capsys, monkeypatch, db, later, TODAY)[0] == 0
    found = Repository(db).get(2)
    assert found is not None and found.talking_points.path == "prepare"
    said = " ".join(found.talking_points.points)
    assert "That hasn't happened yet, and that's on us." in said
    assert "what got in the way" not in said
    assert ASKED["evasive"] in said and "And honestly" not in said


@pytest.mark.parametrize(
    ("priority", "said"),
    [
        ("no", "I appreciate you being open that this still isn't a priority for your team"),
        ("evasive", "We didn't get to a clear yes this time, so"),  # after a clear no: no "either",
    ],
)
def test_a_second_close_keeps_to_the_wrap_up_agreed_the_first_time(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    priority: str,
    said: str,
) -> None:
    """Found reading aloud: a close after a call that had agreed to wrap up repeated the first
    close word for word, with a new list promised by a new day and the first one forgotten."""
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", "no")
    later = {**EXAMPLE, "previous_fix_done": "unsure"}
    assert diagnosed_later(capsys, monkeypatch, db, later, TODAY)[0] == 0
    call = ("conversation", "2", "--held-on", "today", "--priority", priority)
    code, out, err = run_cli(capsys, "--db", str(db), *call)
    assert code == 0 and "Decision: exit" in out, err
    recap = printed(capsys, db, "recap", "2")
    body = " ".join(recap.split())
    assert said in body
    assert "we'll keep to the wrap-up we agreed when we spoke on Mon 23 Nov 2026" in body
    assert "I'll send a list" not in body
    assert "If anything from it is still open" in body


def test_a_second_close_after_no_clear_answer_twice_says_either_and_leaves_the_door_as_timing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by a third audit: "this still isn't a priority" and "If this moves back up your
    list" to a partner who never said it was not one."""
    db, _ = called(capsys, tmp_path, EXAMPLE, "--priority", "evasive")
    later = {**EXAMPLE, "previous_fix_done": "unsure"}
    out = called_again(capsys, monkeypatch, db, later, TODAY, "--priority", "evasive")
    assert "Decision: exit" in out
    body = " ".join(printed(capsys, db, "recap", "2").split())
    assert "We didn't get to a clear yes this time either, so we'll keep to the wrap-up" in body
    assert "If the timing is better later on, my door is open." in body
    assert "moves back up your list" not in body and "still isn't" not in body


def test_after_a_close_we_chose_their_yes_is_recalled_and_asked_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found reading aloud: we closed it (we no longer wanted it) though they said it was still
    a priority; the follow-up said only "we agreed to wrap this up" and asked "is this a
    priority for your team now?", as if they had been the ones to say no."""
    db, out = called(capsys, tmp_path, {**EXAMPLE, "still_want": "no"}, "--priority", "yes")
    assert "Decision: exit" in out
    later = {**EXAMPLE, "still_want": "unsure", "previous_fix_done": "yes"}
    assert diagnosed_later(capsys, monkeypatch, db, later, TODAY)[0] == 0
    found = Repository(db).get(2)
    assert found is not None
    points = list(found.talking_points.points)
    assert (
        "When we last took stock, you told us this was still a priority for your team, and it "
        "was our side that decided to wrap it up."
    ) in points
    asked = "I'd like to ask honestly: is it still a priority for your team, as it was then?"
    assert asked in points
    assert "priority for your team now?" not in " ".join(points)
