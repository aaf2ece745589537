"""Texts a reviewer read aloud: an exit decided after a call that planned to carry on, a fix
that is not due yet, and what is said about last time's fix, to the partner and to the user.

- An exit recorded after a revive (or pending) call: the recap email and the written agreement
  say what the partner heard in the call, and that we decided since, on our side, not to go on.
- Last time's agreed fix, not done but not due yet: not a broken promise, not evidence; the
  question's hint says it is not due yet.
- What the partner hears about last time's fix is shared ("look together"), never thanks for
  our own task; what the user reads when nobody knows is addressed to the user.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE

from playbook import blame
from playbook.agreement import agreement_markdown
from playbook.answers import validate
from playbook.conversation import Conversation, make_conversation, outcome_after
from playbook.diagnosis import Diagnosis
from playbook.outcome import Outcome
from playbook.questions import FOLLOW_UP_PROPOSED
from playbook.recap import recap
from playbook.session import follow_up_facts, follow_up_start, sections_for
from playbook.verdict import decide
from tui.cli import main

TODAY = date(2026, 11, 23)  # the clock conftest.py fixes
HELD = "Mon 23 Nov 2026"
FIX = "Priya names an owner"
REVIVE_THEN_EXIT = (
    "In that conversation we talked about getting this going again, starting with one step: "
    f"{FIX}. Since then, we've decided on our side not to carry on, and I wanted to tell you "
    "directly rather than let that plan quietly lapse."
)
DRIFT = "close the partnership rather than let it drift"


def diagnosis() -> Diagnosis:
    validated = validate(EXAMPLE, TODAY)
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers, id=1)


def held(**typed: str) -> Conversation:
    fields = {"held_on": "today", "priority": "yes", "fix": FIX, "owner": "Priya"}
    fields |= {"side": "theirs", "due": "2026-12-11"} | typed
    conversation, problems = make_conversation(fields, diagnosed_on=TODAY, today=TODAY)
    assert conversation is not None, problems
    return conversation


def exit_after(call: Conversation) -> Conversation:
    later, problems = outcome_after(call, "exit", today=TODAY)
    assert later is not None, problems
    return later


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


# -- 1. an exit decided after a call that planned to carry on --------------------------------


def test_an_exit_after_a_revive_call_says_what_was_talked_about_and_what_we_decided_since():
    email = recap(diagnosis(), exit_after(held()))
    body = " ".join(email.body.split())
    assert REVIVE_THEN_EXIT in body
    assert DRIFT not in body
    assert "If things change on our side, I'd like to be the one who gets in touch." in body
    assert blame.check(f"{email.subject}\n{email.body}") == []
    assert all(n == 1 for n in Counter(sentences(email.body)).values())


def test_an_exit_after_a_pending_call_says_the_decision_was_left_open():
    email = recap(diagnosis(), exit_after(held(decision="pending")))
    body = " ".join(email.body.split())
    assert "In that conversation we left open how we'd go on." in body
    assert "rather than leave it hanging" in body
    assert DRIFT not in body and "restart" not in body
    assert blame.check(email.body) == []


def test_an_exit_decided_in_the_call_keeps_its_own_words():
    email = recap(diagnosis(), held(decision="exit", fix="", owner="", side="", due=""))
    assert DRIFT in email.body
    assert "In that conversation" not in email.body
    agreement = agreement_markdown(diagnosis(), held(decision="exit", fix="", due=""))
    assert f"as discussed on {HELD}" in agreement
    assert f"confirmed on {HELD} that this is still a priority" in agreement


def test_the_agreement_of_an_exit_after_a_revive_call_says_it_was_decided_since():
    agreement = agreement_markdown(diagnosis(), exit_after(held()))
    assert (
        "How we and Example Harbor Travel close the partnership, decided after our "
        f"conversation of {HELD}, and what is still to agree."
    ) in agreement
    assert (
        f"- **Priority:** In our conversation on {HELD}, Example Harbor Travel said this was "
        "still a priority; we have since decided to close it."
    ) in agreement
    assert "as discussed on" not in agreement and "confirmed on" not in agreement
    assert blame.check(agreement) == []


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_conversation_then_outcome_exit_drafts_say_what_was_decided_since(
    capsys, tmp_path: Path, example_answers: dict[str, Any]
):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(example_answers), encoding="utf-8")
    db = str(tmp_path / "db")
    assert run(capsys, "--db", db, "diagnose", "--answers", str(answers))[0] == 0
    code, _, err = run(
        capsys, "--db", db, "conversation", "1", "--held-on", "today", "--priority", "yes",
        "--fix", FIX, "--owner", "Priya", "--side", "theirs", "--due", "2026-12-11",
    )  # fmt: skip
    assert code == 0, err
    assert run(capsys, "--db", db, "outcome", "1", "--decision", "exit")[0] == 0
    email = " ".join(run(capsys, "--db", db, "recap", "1")[1].split())
    assert REVIVE_THEN_EXIT in email and DRIFT not in email
    agreement = run(capsys, "--db", db, "agreement", "1")[1]
    assert f"decided after our conversation of {HELD}" in agreement
    assert "we have since decided to close it" in agreement


# -- 2. a fix that is not due yet ------------------------------------------------------------

OLDER = {
    **EXAMPLE,
    "diagnosed_on": "2026-10-01",
    "last_conversation": "2026-09-01",
    "last_activity": "2026-09-20",
}
TYPED = "Jo sends the Q1 plan"


def older(outcome: Outcome | None = None) -> Diagnosis:
    validated = validate(OLDER, TODAY)
    assert validated.ok, validated.errors
    extra = {"outcome": outcome.to_dict()} if outcome is not None else {}
    return Diagnosis.from_answers(validated.answers, id=1, extra=extra)


def agreed(due: date) -> Diagnosis:
    return older(Outcome("pending", TYPED, "Jo Rivera", due, date(2026, 10, 6)))


def answered(last: Diagnosis, done: str) -> dict[str, str]:
    start = follow_up_start(last)
    answers = {**start.answers, "previous_fix_done": done, "diagnosed_on": TODAY.isoformat()}
    validated = validate(answers, TODAY)
    assert validated.ok, validated.errors
    return validated.answers


@pytest.mark.parametrize("done", ["no", "partly"])
def test_a_fix_not_due_yet_is_said_as_not_due_and_never_scored(done: str):
    answers = answered(agreed(date(2026, 12, 11)), done)
    verdict = decide(answers)
    assert verdict.follow_up == (
        f"The fix agreed last time is not due yet (due Fri 11 Dec 2026): {TYPED} (owner Jo Rivera)."
    )
    without = decide({k: v for k, v in answers.items() if k != "previous_fix_done"})
    assert [(f.cause, f.strength, f.evidence) for f in verdict.causes] == [
        (f.cause, f.strength, f.evidence) for f in without.causes
    ]
    spoken = Diagnosis.from_answers(answers).talking_points.points
    assert any(
        f"we agreed on this: {TYPED}, by Fri 11 Dec 2026. Let's check together that it's still "
        "on track." in point
        for point in spoken
    )
    assert not any("got in the way" in point for point in spoken)


def test_a_fix_past_its_date_is_still_evidence():
    answers = answered(agreed(date(2026, 11, 20)), "no")
    verdict = decide(answers)
    assert verdict.follow_up is not None
    assert verdict.follow_up.startswith("The fix agreed last time did not happen")
    assert verdict.causes[0].evidence[0] == verdict.follow_up


def test_the_hint_says_when_the_fix_is_not_due_yet():
    hint = sections_for(follow_up_facts(agreed(date(2026, 12, 11))))[0].questions[0].hint
    assert hint == (
        f"Agreed: {TYPED}. Owner: Jo Rivera. Due: Fri 11 Dec 2026, in 2 weeks, so not due yet."
    )
    past = sections_for(follow_up_facts(agreed(date(2026, 11, 20))))[0].questions[0].hint
    assert past.endswith("Due: Fri 20 Nov 2026.")


# -- 3. what the partner hears about last time's fix -----------------------------------------


def test_a_fix_that_did_not_happen_is_looked_at_together():
    spoken = Diagnosis.from_answers(answered(agreed(date(2026, 11, 20)), "no")).talking_points
    said = " ".join(spoken.points)
    assert (
        f"we agreed on this: {TYPED}. That hasn't happened yet, and I'd like us to look "
        "together at what got in the way."
    ) in said
    assert "I'd like to understand" not in said
    assert all(n == 1 for n in Counter(sentences(said)).values())


def test_a_fix_that_happened_is_shared_not_thanked_for():
    spoken = Diagnosis.from_answers(answered(agreed(date(2026, 11, 20)), "yes")).talking_points
    said = " ".join(spoken.points)
    assert f"I'm glad we followed through on what we agreed last time: {TYPED}." in said
    assert "Thank you for following through" not in said
    assert all(n == 1 for n in Counter(sentences(said)).values())
    assert blame.check(said) == []


# -- 4. the proposed step's hint and section -------------------------------------------------


def test_the_proposed_step_hint_says_proposed_once():
    facts = follow_up_facts(older())
    hint = sections_for(facts)[0].questions[0].hint
    assert hint == (
        f"Last time's talking points proposed: {facts['previous_fix']}, owned by Alex Kim, by "
        "Mon 2 Nov 2026. No outcome records it as agreed."
    )
    assert hint.count("roposed") == 1


def test_the_proposed_step_hint_leaves_out_what_is_not_known():
    facts = {"previous_fix": "a monthly review", "previous_fix_status": "proposed"}
    hint = sections_for(facts)[0].questions[0].hint
    assert hint == (
        "Last time's talking points proposed: a monthly review. No outcome records it as agreed."
    )
    later = sections_for({**facts, "previous_fix_due": "2026-12-11"})[0].questions[0].hint
    assert "a monthly review, by Fri 11 Dec 2026, in 2 weeks, so not due yet." in later


def test_the_proposed_section_says_the_answer_is_noted_not_counted():
    assert FOLLOW_UP_PROPOSED.why.endswith(
        "your answer is noted in the verdict and your notes before the call, but not counted "
        "as evidence."
    )
    assert "promise that was broken" not in FOLLOW_UP_PROPOSED.why


# -- 5. what the user reads when nobody knows ------------------------------------------------


def test_not_sure_about_an_agreed_fix_is_addressed_to_the_user():
    verdict = decide(answered(agreed(date(2026, 11, 20)), "unsure"))
    assert verdict.follow_up == (
        f"You're not sure whether the fix agreed last time happened: {TYPED} (owner Jo Rivera, "
        "due Fri 20 Nov 2026); find out before the call."
    )


def test_not_sure_about_a_proposed_step_is_addressed_to_the_user():
    verdict = decide(answered(older(), "unsure"))
    assert verdict.follow_up is not None
    assert verdict.follow_up.startswith("You're not sure whether the step proposed last time")
    assert verdict.follow_up.endswith("; find out before the call.")
    assert "Nobody" not in verdict.follow_up


def test_a_close_out_with_no_fix_dates_the_list_the_exit_points_promised():
    """The exit points promised a written wrap-up by a day: the recap keeps that day. A call
    that planned to carry on and closed instead promised none: the recap's own promise of the
    list (ours, "I'll send") gets the same five working days from the call, so the close still
    ends in one thing, one owner, one date."""
    validated = validate({**EXAMPLE, "still_want": "no"}, TODAY)
    assert validated.ok, validated.errors
    closing = Diagnosis.from_answers(validated.answers, id=1)
    call = held(decision="exit", fix="", owner="", side="", due="")
    body = " ".join(recap(closing, call).body.split())
    assert "such as any campaigns in the works and shared content" in body
    assert "I'll send a list with a date for each by Wed 2 Dec." in body
    revived = " ".join(recap(diagnosis(), call).body.split())
    assert "I'll send a list with a date for each by Mon 30 Nov." in revived  # held Mon 23 Nov
    agreed = held(decision="exit", fix="", owner="", side="", due="2026-12-04")
    all_by = " ".join(recap(diagnosis(), agreed).body.split())
    assert "handed over, all of it by Fri 4 Dec; I'll send a list with a date for each." in all_by
