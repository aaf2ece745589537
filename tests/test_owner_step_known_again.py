"""Found following one partner through two calls: their side agreed to name an owner and did
not; the next diagnosis (the decide path) asked again, and the call agreed it again by a new
day. Yet the recap said "One thing is still open from last time ... you name one person on
your side who owns this", right under the same step agreed by the new day, and the agreement
asked whether last time's fix "still stands". The two paths worded the one step differently
("follows up" and "sets up the first working session"), and a step is known again by its
words. Now both paths propose it in one wording."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, called, diagnosed_later, printed, run_cli

from playbook.dates import long_date
from playbook.verdict import Facts, owner_unanswered
from store.repository import Repository

NO_OWNER: dict[str, Any] = {
    key: value for key, value in EXAMPLE.items() if key != "owner_theirs_in_role"
}
NO_OWNER["owner_theirs"] = ""
LATER = date(2026, 12, 14)  # after the owner was due (Mon 30 Nov 2026)


@pytest.mark.parametrize("ours", ["Alex Kim", ""])
def test_the_owner_step_agreed_again_is_not_also_still_open(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    ours: str,
) -> None:
    answers = {**NO_OWNER, "owner_ours": ours}
    if not ours:
        answers.pop("owner_ours_in_role")
    db, out = called(capsys, tmp_path, answers, "--priority", "yes")
    first = Repository(db).get(1)
    assert first is not None and first.verdict.dominant_cause == "owner"
    later = {**answers, "previous_fix_done": "no", "last_conversation": "2026-11-23"}
    assert diagnosed_later(capsys, monkeypatch, db, later, LATER)[0] == 0
    second = Repository(db).get(2)
    assert second is not None and second.talking_points.path == "decide"
    yes = second.talking_points.if_yes
    assert first.talking_points.next_step is not None and yes is not None
    assert yes.fix == first.talking_points.next_step.fix  # one wording on both paths
    assert yes.spoken == first.talking_points.next_step.spoken
    call = ("conversation", "2", "--held-on", "today", "--priority", "yes")
    code, out, err = run_cli(capsys, "--db", str(db), *call)
    assert code == 0, err
    assert "Decision: revive" in out
    recap = printed(capsys, db, "recap", "2")
    assert "We agreed on one next step: " + yes.spoken in " ".join(recap.split())
    assert "still open from last time" not in recap
    agreement = printed(capsys, db, "agreement", "2")
    assert "last time's fix" not in agreement


ENABLEMENT: dict[str, Any] = {
    **EXAMPLE,
    "kind": "reseller",
    "fit_delivery": "yes",
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2026-11-10",
    "last_conversation": "2026-11-10",
    "expectations_written": "yes",
    "enablement_materials": "no",
    "enablement_contact": "no",
}


def test_the_same_gaps_step_in_todays_words_is_the_step_tried_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found reading aloud: our materials step, partly done, proposed again in today's words
    (the materials "still missing"), was asked of them ("what got in the way"), and once agreed
    the recap also called last time's step "still open". It is ours, tried again."""
    db, _ = called(capsys, tmp_path, ENABLEMENT, "--priority", "yes")
    first = Repository(db).get(1)
    assert first is not None and first.verdict.dominant_cause == "enablement"
    later = {
        **ENABLEMENT,
        "previous_fix_done": "partly",
        "enablement_materials": "partly",
        "review_last_held": "2026-12-08",
        "last_conversation": "2026-12-08",
    }
    assert diagnosed_later(capsys, monkeypatch, db, later, date(2027, 1, 11))[0] == 0
    second = Repository(db).get(2)
    assert second is not None and second.verdict.dominant_cause == "enablement"
    step = second.talking_points.next_step
    assert step is not None and step.fix != first.talking_points.next_step.fix  # new words
    said = " ".join(second.talking_points.points)
    assert (
        "When we last took stock, we took on one step on our side, and it has only partly "
        "happened: it's the first thing I want to put right."
    ) in said
    assert "what got in the way" not in said
    assert f"This time, by {long_date(step.due)}, we'll get your team" in said
    call = ("conversation", "2", "--held-on", "today", "--priority", "yes")
    assert run_cli(capsys, "--db", str(db), *call)[0] == 0
    recap = printed(capsys, db, "recap", "2")
    assert "still open from last time" not in recap
    agreement = printed(capsys, db, "agreement", "2")
    assert "last time's fix" not in agreement


def test_a_step_for_another_gap_leaves_last_times_step_to_settle(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other side of the rule: a fix agreed now for a different gap does not settle last
    time's step, which the recap still raises."""
    db, _ = called(capsys, tmp_path, ENABLEMENT, "--priority", "yes")
    later = {**ENABLEMENT, "previous_fix_done": "no", "enablement_materials": "yes"}
    later.update(enablement_contact="yes", standing_review="no", review_cadence="none")
    later.pop("review_last_held")
    assert diagnosed_later(capsys, monkeypatch, db, later, date(2027, 1, 11))[0] == 0
    second = Repository(db).get(2)
    assert second is not None and second.verdict.dominant_cause == "rhythm"
    call = ("conversation", "2", "--held-on", "today", "--priority", "yes")
    assert run_cli(capsys, "--db", str(db), *call)[0] == 0
    recap = printed(capsys, db, "recap", "2")
    assert "One thing is still open from last time." in recap


@pytest.mark.parametrize(
    ("day", "done", "kept"),
    [
        (date(2026, 11, 30), "no", True),  # due Wed 2 Dec, the call proposed for that day
        (date(2026, 11, 30), "partly", True),
        (date(2026, 12, 1), "no", False),  # the call (Thu 3 Dec) comes after it was due
        (date(2026, 11, 30), "yes", False),  # done: nothing to keep to
    ],
)
def test_a_step_not_due_yet_is_kept_to_on_its_own_day(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    day: date,
    done: str,
    kept: bool,
) -> None:
    """Found reading aloud: a follow-up days before the owner was due said "Let's check
    together that it's still on track" and then asked for the same owner by a new, later day,
    moving the date without a word; the recap then gave the new day."""
    db, _ = called(capsys, tmp_path, NO_OWNER, "--priority", "yes")
    first = Repository(db).get(1)
    assert first is not None and first.talking_points.next_step is not None
    agreed = first.talking_points.next_step
    later = {**NO_OWNER, "previous_fix_done": done, "last_conversation": "2026-11-23"}
    assert diagnosed_later(capsys, monkeypatch, db, later, day)[0] == 0
    second = Repository(db).get(2)
    assert second is not None and second.talking_points.path == "revive"
    step = second.talking_points.next_step
    assert step is not None
    said = " ".join(second.talking_points.points)
    keep = f"Could we keep to what we agreed for {long_date(agreed.due)}: {agreed.spoken}?"
    if not kept:
        assert keep not in said
        return
    assert keep in said
    assert (step.fix, step.due, step.spoken) == (agreed.fix, agreed.due, agreed.spoken)
    assert "still on track" not in said and said.count(agreed.spoken) == 1
    call = ("conversation", "2", "--held-on", "today", "--priority", "yes")
    assert run_cli(capsys, "--db", str(db), *call)[0] == 0
    recap = printed(capsys, db, "recap", "2")
    assert "it's due by Wed 2 Dec" in recap and "still open from last time" not in recap


def test_the_wrap_up_agreement_says_who_writes_the_list_not_who_finishes_it_all(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Found reading aloud: an exit agreement said "Who finishes what is still owed: our
    side" above "To agree: ... who finishes or hands over each one": our side writes the
    list; who finishes each item is on it."""
    db, out = called(capsys, tmp_path, {**EXAMPLE, "fit_audience": "no"}, "--priority", "no")
    assert "Decision: exit" in out
    agreement = printed(capsys, db, "agreement", "1")
    assert "- **Who writes the wrap-up list:** our side." in agreement
    assert "Who finishes what is still owed" not in agreement
    assert "who finishes or hands over each one" in agreement


def test_a_page_written_since_the_kickoff_can_be_told(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Found reading a follow-up aloud: the question asked whether it was all written down
    "at kickoff", so a follow-up after the one-page agreement could never say it now is, and
    an agreement built on a "yes" called it "Written down at kickoff"."""
    from playbook.questions import QUESTIONS

    asked = QUESTIONS["expectations_written"]
    assert "kickoff" not in asked.prompt and "since" in (asked.hint or "")
    db, _ = called(
        capsys, tmp_path, {**EXAMPLE, "expectations_written": "yes"}, "--priority", "yes"
    )
    agreement = printed(capsys, db, "agreement", "1")
    assert "- **Written down so far:** scope, who owns which task" in agreement
    assert "at kickoff" not in agreement


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2026, 12, 14), "If it hasn't happened yet, could you name one person"),  # late
        (date(2026, 11, 30), "Could we keep to what we agreed for Wed 2 Dec 2026: "),  # ahead
    ],
)
def test_a_step_nobody_is_sure_of_is_asked_about_then_proposed_only_if_not_done(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    day: date,
    said: str,
) -> None:
    """Found reading aloud: "I'd like to hear where that stands from your side", then the
    same step proposed as if new, a few lines later."""
    db, _ = called(capsys, tmp_path, NO_OWNER, "--priority", "yes")
    later = {**NO_OWNER, "previous_fix_done": "unsure", "last_conversation": "2026-11-23"}
    assert diagnosed_later(capsys, monkeypatch, db, later, day)[0] == 0
    second = Repository(db).get(2)
    assert second is not None and second.talking_points.path == "revive"
    points = list(second.talking_points.points)
    assert any(point.startswith(said) for point in points)
    asked = [point for point in points if "where that stands from your side" in point]
    assert len(asked) == (1 if day > date(2026, 12, 2) else 0)


def test_the_decision_they_were_to_make_is_recalled_as_a_decision(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found reading aloud: after a call that left the decision open, agreeing that they let
    us know whether we go on (with an owner), the next points said "we agreed that someone on
    your side would own this", which is not what was agreed."""
    example = Path(__file__).parent.parent / "playbook" / "examples" / "owner-declined.json"
    answers = json.loads(example.read_text(encoding="utf-8"))
    db, _ = called(capsys, tmp_path, answers, "--priority", "evasive", "--decision", "pending")
    later = {**answers, "previous_fix_done": "no", "last_conversation": "2026-11-23"}
    assert diagnosed_later(capsys, monkeypatch, db, later, date(2027, 1, 11))[0] == 0
    second = Repository(db).get(2)
    assert second is not None and second.talking_points.path == "decide"
    said = " ".join(second.talking_points.points)
    assert "we agreed that you'd let us know by Wed 2 Dec 2026 whether we go on together" in said
    assert "we agreed that someone on your side would own this" not in said
    assert "When we last spoke, we didn't get to a clear answer" in said
    facts = Facts(second.answers)  # the evidence, where no refusal is on record, says it too
    unanswered = owner_unanswered(Facts({**facts.answers, "owner_request": "agreed"}))
    assert unanswered is not None
    assert "to tell us by Wed 2 Dec 2026 whether we go on, with an owner named, or wrap up" in (
        unanswered
    )


def test_our_own_step_not_due_yet_is_kept_to_not_asked_of_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by a third audit: "Could we keep to what we agreed ...? If anything is getting in
    the way, let's sort it out now" of a step only we can do."""
    answers = {**EXAMPLE, "owner_ours": ""}
    answers.pop("owner_ours_in_role")
    db, _ = called(capsys, tmp_path, answers, "--priority", "yes")
    first = Repository(db).get(1)
    assert first is not None and first.talking_points.next_step is not None
    agreed = first.talking_points.next_step
    assert agreed.side == "ours"
    later = {**answers, "previous_fix_done": "no", "last_conversation": "2026-11-23"}
    assert diagnosed_later(capsys, monkeypatch, db, later, date(2026, 11, 30))[0] == 0
    second = Repository(db).get(2)
    assert second is not None
    said = " ".join(second.talking_points.points)
    assert f"We'll keep to what we agreed for {long_date(agreed.due)}: {agreed.spoken}." in said
    assert "getting in the way" not in said
