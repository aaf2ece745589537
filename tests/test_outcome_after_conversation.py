"""An outcome recorded after the reset conversation updates it and keeps what was agreed in the
call: `unstall outcome` and `unstall conversation` over a real database in a temporary folder,
and the rule itself (:func:`playbook.conversation.outcome_after`)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import diagnosed
from support import run_cli as run

from playbook.conversation import Conversation, outcome_after
from store.repository import Repository

AGREED = (
    "--fix",
    "Priya names an owner",
    "--owner",
    "Priya",
    "--side",
    "theirs",
    "--due",
    "2026-12-11",
)


@pytest.fixture
def db(capsys, tmp_path: Path, example_answers: dict[str, Any]) -> Path:
    """A database with #1 and a revive agreed in the call: Priya names an owner by 11 Dec."""
    path = diagnosed(capsys, tmp_path, example_answers)
    code, _, err = run(
        capsys, "--db", str(path), "conversation", "1", "--held-on", "today", "--priority", "yes",
        "--notes", "They asked for a week", *AGREED,
    )  # fmt: skip
    assert code == 0, err
    return path


def shown_json(capsys, db: Path) -> dict[str, Any]:
    code, out, err = run(capsys, "--db", str(db), "show", "1", "--json")
    assert code == 0, err
    return json.loads(out)


def outcome(capsys, db: Path, *options: str) -> tuple[int, str, str]:
    return run(capsys, "--db", str(db), "outcome", "1", *options)


def agreed_in(data: dict[str, Any]) -> tuple[Any, ...]:
    return data["fix"], data["owner"], data["side"], data["due"], data["notes"]


CALL = ("Priya names an owner", "Priya", "theirs", "2026-12-11", "They asked for a week")


def test_an_exit_after_the_call_keeps_what_was_agreed_in_it(capsys, db):
    code, out, err = outcome(capsys, db, "--decision", "exit")
    assert code == 0, err
    held = shown_json(capsys, db)["conversation"]
    assert held["decision"] == "exit"
    assert agreed_in(held) == CALL
    assert out.splitlines() == [
        "Recorded for #1 (Example Harbor Travel): exit.",
        f"The conversation of Mon 23 Nov 2026 now records this decision; 'unstall --db {db} "
        f"recap 1' and 'unstall --db {db} agreement 1' are drafted again to match.",
        "The call's record still shows what was agreed then (Priya names an owner (their side, "
        "owned by Priya), by Fri 11 Dec 2026). The recap and agreement no longer promise it: if "
        "you already sent the first recap, let Jo Rivera know of the change yourself.",
    ]
    assert Repository(db).get(1).extra["outcome"]["decision"] == "exit"


def test_a_revive_after_an_exit_needs_no_fix_typed_again(capsys, db):
    assert outcome(capsys, db, "--decision", "exit")[0] == 0
    code, _, err = outcome(capsys, db, "--decision", "revive")
    assert code == 0, err
    data = shown_json(capsys, db)
    held = data["conversation"]
    assert held["decision"] == "revive" and agreed_in(held) == CALL
    assert "later" not in held, "back to what the call decided: the record as it was"
    recorded = Repository(db).get(1).extra["outcome"]
    assert (recorded["decision"], recorded["fix"], recorded["due"]) == (
        "revive",
        "Priya names an owner",
        "2026-12-11",
    )
    body = run(capsys, "--db", str(db), "recap", "1")[1]
    assert "We agreed on one next step: Priya names an owner." in body


def test_the_exit_drafts_promise_nothing_of_the_revive_plan(capsys, db, tmp_path):
    assert outcome(capsys, db, "--decision", "exit")[0] == 0
    email = run(capsys, "--db", str(db), "recap", "1")[1]
    assert "wrapping up our partnership" in email
    assert "still owed" not in email
    # the plan is named once, as what we talked about in the call, never as owed
    said = "starting with one step: Priya names an owner. Since then, we've decided"
    assert email.count("Priya names an owner") == 1 and said in " ".join(email.split())
    agreement = run(capsys, "--db", str(db), "agreement", "1")[1]
    assert agreement.startswith("# Close-out agreement")
    assert "Priya names an owner" not in agreement
    assert "what is still owed, who finishes each item, and by when" in agreement
    code, out, err = run(capsys, "--db", str(db), "ics", "1")
    assert code == 0, err  # the review's cancellation, and the list's day: not the revive's
    assert "STATUS:CANCELLED" in out and "Agreed fix due" not in out
    assert "SUMMARY:List of what is still owed: Example Harbor Travel" in out


def test_a_fix_given_with_the_exit_is_what_is_still_owed(capsys, db):
    code, out, err = outcome(
        capsys, db, "--decision", "exit", "--fix", "We hand back the leads", "--due", "2026-12-18"
    )
    assert code == 0, err
    held = shown_json(capsys, db)["conversation"]
    assert agreed_in(held) == CALL
    assert out.splitlines()[0] == (
        "Recorded for #1 (Example Harbor Travel): exit; fix: We hand back the leads, "
        "due Fri 18 Dec 2026."
    )
    assert (
        "The recap and agreement now promise the fix given here instead: if you already sent "
        "the first recap, let Jo Rivera know of the change yourself." in out
    )
    email = run(capsys, "--db", str(db), "recap", "1")[1]
    assert "what's still owed" in email and "We hand back the leads" in email
    assert "still owed: Priya names an owner" not in email
    assert email.count("Priya names an owner") == 1  # what we talked about in the call
    agreement = run(capsys, "--db", str(db), "agreement", "1")[1]
    assert "**Still owed:** We hand back the leads" in agreement


def test_a_pending_after_the_call_keeps_the_fix_in_the_drafts(capsys, db):
    assert outcome(capsys, db, "--decision", "pending")[0] == 0
    held = shown_json(capsys, db)["conversation"]
    assert held["decision"] == "pending" and agreed_in(held) == CALL
    email = run(capsys, "--db", str(db), "recap", "1")[1]
    assert "If we carry on, here is the one next step we'd take: Priya names an owner." in email


def test_the_kept_agreement_survives_an_export_and_import(capsys, db, tmp_path):
    assert outcome(capsys, db, "--decision", "exit")[0] == 0
    exported = tmp_path / "e.json"
    assert run(capsys, "--db", str(db), "export", "-o", str(exported))[0] == 0
    other = tmp_path / "other"
    code, out, err = run(capsys, "--db", str(other), "import", str(exported))
    assert code == 0, out + err
    again = Repository(other).get(1)
    assert again is not None
    held = Conversation.from_dict(again.extra["conversation"])
    assert held is not None and held.decision == "exit" and held.fix == "Priya names an owner"
    assert again.extra["outcome"]["decision"] == "exit" and again.extra["outcome"]["fix"] == ""
    assert run(capsys, "--db", str(other), "outcome", "1", "--decision", "revive")[0] == 0


def test_a_damaged_later_outcome_is_refused_on_import_by_name(capsys, db, tmp_path):
    assert outcome(capsys, db, "--decision", "exit")[0] == 0
    items = json.loads(run(capsys, "--db", str(db), "export")[1])
    items[0]["conversation"]["later"]["decision"] = "pending"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(items), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(tmp_path / "empty"), "import", str(edited))
    assert code == 1
    assert "conversation.later.decision: 'pending' is not the conversation's decision" in err


HELD = Conversation(
    held_on=date(2026, 11, 23),
    priority="yes",
    decision="revive",
    fix="Priya names an owner",
    owner="Priya",
    side="theirs",
    due=date(2026, 12, 11),
    notes="notes",
    said=(0, 2),
    recorded_on=date(2026, 11, 23),
)


def test_the_rule_changes_only_the_decision_and_the_outcome():
    today = date(2026, 11, 24)
    # the app's outcome screen sends the fields as they stand, pre-filled with the call's
    held, problems = outcome_after(
        HELD, "exit", fix=HELD.fix, owner="Priya", due="2026-12-11", today=today
    )
    assert held is not None and problems == []
    assert (held.fix, held.owner, held.side, held.due, held.notes, held.said) == (
        HELD.fix,
        HELD.owner,
        HELD.side,
        HELD.due,
        HELD.notes,
        HELD.said,
    )
    assert held.decision == "exit" and held.called == "revive"
    assert held.outcome.decision == "exit" and held.outcome.fix == ""
    assert held.promised.fix == "" and held.promised.due is None
    back, _ = outcome_after(held, "revive", today=today)
    assert back == HELD


def test_the_rule_refuses_a_revive_when_no_fix_was_ever_agreed():
    exit_call = Conversation(held_on=date(2026, 11, 23), priority="no", decision="exit")
    held, problems = outcome_after(exit_call, "revive", today=date(2026, 11, 24))
    assert held is None and problems[0].startswith("fix: say which one fix was agreed")
    held, problems = outcome_after(
        exit_call, "revive", fix="a monthly review", today=date(2026, 11, 24)
    )
    assert held is not None and held.fix == "" and held.promised.fix == "a monthly review"
    assert held.outcome.fix == "a monthly review"


def test_an_exit_agreed_in_the_call_keeps_what_is_still_owed():
    owed = Conversation(
        held_on=date(2026, 11, 23),
        priority="no",
        decision="exit",
        fix="We hand back the leads",
        due=date(2026, 12, 4),
    )
    held, _ = outcome_after(owed, "pending", today=date(2026, 11, 24))
    assert held is not None
    again, _ = outcome_after(held, "exit", today=date(2026, 11, 25))
    assert again is not None and again.promised.fix == "We hand back the leads"
    assert again.later is None and again == owed


def test_show_says_the_decision_changed_since_the_call_and_what_the_exit_owes(capsys, db):
    code, _, err = outcome(capsys, db, "--decision", "exit", "--fix", "We hand back the leads")
    assert code == 0, err
    text = run(capsys, "--db", str(db), "show", "1")[1]
    assert "decision: exit (revive in the call)" in text
    assert "  Agreed in the call: Priya names an owner" in text
    assert "  Fix: We hand back the leads" in text  # the outcome's own lines
    markdown = run(capsys, "--db", str(db), "export", "--format", "md")[1]
    assert "- **Decision:** Exit (revive in the call)" in markdown
    assert "- **Agreed in the call:** Priya names an owner" in markdown
    assert "We hand back the leads" in markdown


def test_an_outcome_leaves_a_meeting_in_progress_alone(capsys, db):
    from playbook.conversation import start_meeting

    repository = Repository(db)
    diagnosis = repository.get(1)
    assert diagnosis is not None
    meeting = start_meeting(diagnosis, today=date(2026, 11, 23))
    repository.save_meeting(1, replace(meeting, typed={**meeting.typed, "notes": "second call"}))
    repository.close()
    assert outcome(capsys, db, "--decision", "pending")[0] == 0
    kept = Repository(db).get_meeting(1)
    assert kept is not None and kept.typed["notes"] == "second call"


@pytest.mark.parametrize(
    ("priority", "recalled", "door"),
    [
        ("no", "you told me honestly that this isn't a priority", "moves back up your list"),
        ("evasive", "it was hard to say on the spot whether this is still a priority", "timing"),
    ],
)
def test_an_exit_after_a_call_that_carried_on_despite_the_answer_recalls_both(
    capsys, tmp_path: Path, example_answers: dict[str, Any], priority: str, recalled: str, door: str
) -> None:
    """The partner said no (or would not say) and the call still agreed a step; closing since
    tells both, not a wrap-up as if the call had ended there."""
    path = diagnosed(capsys, tmp_path, example_answers)
    code, _, err = run(
        capsys, "--db", str(path), "conversation", "1", "--held-on", "today", "--priority",
        priority, "--decision", "revive", *AGREED,
    )  # fmt: skip
    assert code == 0, err
    assert run(capsys, "--db", str(path), "outcome", "1", "--decision", "exit")[0] == 0
    email = " ".join(run(capsys, "--db", str(path), "recap", "1")[1].split())
    assert f"In that conversation, {recalled}" in email
    assert "we still agreed to try one step: Priya names an owner. Since then, we've decided" in (
        email
    )
    assert email.count("Priya names an owner") == 1 and "still owed" not in email
    assert door in email
