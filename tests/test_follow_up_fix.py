"""A follow-up diagnosis asks about last time's fix truthfully: the fix that was agreed (a
revive's, or a pending outcome's typed fix) is called agreed; after an exit nothing is asked;
with nothing recorded, the step that was only proposed is asked about as proposed, is never
called agreed, is never scored, and is never put to the partner as something "we agreed"."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, diagnosed, screen_text
from support import run_cli as run

from playbook import blame
from playbook.agreement import agreement_markdown
from playbook.answers import validate
from playbook.conversation import Conversation, make_conversation
from playbook.diagnosis import Diagnosis
from playbook.outcome import Outcome
from playbook.questions import FOLLOW_UP, FOLLOW_UP_PROPOSED
from playbook.recap import recap
from playbook.session import Session, follow_up_facts, follow_up_start, sections_for
from playbook.verdict import decide
from store.repository import Repository
from tui.app import make_app
from tui.screens.home import HomeScreen
from tui.screens.partner import PartnerScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.verdict import VerdictScreen
from tui.widgets.question_field import QuestionField

TODAY = date(2026, 11, 23)  # the clock conftest.py fixes
OLDER = {
    **EXAMPLE,
    "diagnosed_on": "2026-10-01",
    "last_conversation": "2026-09-01",
    "last_activity": "2026-09-20",
}
"""The example diagnosed on 1 October: stalled on rhythm, its points propose a monthly review
owned by Alex Kim."""
PROPOSED = "a monthly review on both calendars"
TYPED = "Jo sends the Q1 plan"


def older(outcome: Outcome | None = None) -> Diagnosis:
    validated = validate(OLDER, TODAY)
    assert validated.ok, validated.errors
    answers = validated.answers
    extra = {"outcome": outcome.to_dict()} if outcome is not None else {}
    return Diagnosis.from_answers(answers, id=1, extra=extra)


def pending() -> Outcome:
    return Outcome("pending", TYPED, "Jo Rivera", date(2026, 11, 20), date(2026, 10, 6))


def follow_up_answers(last: Diagnosis, done: str) -> dict[str, str]:
    """What the follow-up saves when the person keeps every carried answer and says ``done``
    to last time's question."""
    start = follow_up_start(last)
    answers = {**start.answers, "previous_fix_done": done, "diagnosed_on": TODAY.isoformat()}
    validated = validate(answers, TODAY)
    assert validated.ok, validated.errors
    return validated.answers


# -- what is carried -------------------------------------------------------------------------


def test_a_pending_outcome_carries_the_fix_typed_not_the_one_proposed():
    last = older(pending())
    assert PROPOSED in last.talking_points.next_step.what  # what the points proposed
    facts = follow_up_facts(last)
    assert facts["previous_fix"] == TYPED
    assert facts["previous_fix_owner"] == "Jo Rivera"
    assert facts["previous_fix_due"] == "2026-11-20"
    assert facts["previous_fix_status"] == "agreed"


def test_an_exit_carries_no_fix_and_nothing_is_asked_about_one():
    last = older(Outcome("exit", recorded_on=date(2026, 10, 6)))
    assert follow_up_facts(last) == {}
    start = follow_up_start(last)
    assert start.position == "partner"
    session = Session(start.answers, carried=start.carried, position=start.position)
    assert "follow_up" not in [section.id for section in session.sections]
    assert "previous_fix_done" not in [question.id for question in session.order]


def test_with_nothing_recorded_the_step_is_asked_about_as_proposed_never_as_agreed():
    facts = follow_up_facts(older())
    assert facts["previous_fix_status"] == "proposed"
    assert PROPOSED in facts["previous_fix"]
    section = sections_for(facts)[0]
    assert section.id == "follow_up"
    assert section.why == FOLLOW_UP_PROPOSED.why
    question = section.questions[0]
    assert question.prompt == "The step proposed last time: did it happen?"
    assert question.hint.startswith(f"Last time's talking points proposed: {PROPOSED}")
    assert ", owned by Alex Kim, by Mon 2 Nov 2026. No outcome records it as agreed." in (
        question.hint
    )
    assert "agreed" not in question.prompt
    assert "Agreed:" not in question.hint and "Owner:" not in question.hint


def test_an_agreed_fix_is_asked_about_as_agreed():
    section = sections_for(follow_up_facts(older(pending())))[0]
    assert section.why == FOLLOW_UP.why
    question = section.questions[0]
    assert question.prompt == "Did last time's agreed fix happen?"
    assert question.hint == f"Agreed: {TYPED}. Owner: Jo Rivera. Due: Fri 20 Nov 2026."


# -- what the verdict and the points make of it ----------------------------------------------


@pytest.mark.parametrize(
    ("done", "said"),
    [
        ("no", "did not happen"),
        ("partly", "only partly happened"),
        ("yes", "happened"),
    ],
)
def test_a_proposed_step_is_said_as_proposed_and_never_scored(done: str, said: str) -> None:
    answers = follow_up_answers(older(), done)
    verdict = decide(answers)
    assert verdict.follow_up is not None
    assert verdict.follow_up.startswith(
        f"The step proposed last time (never recorded as agreed) {said}: {PROPOSED}"
    )
    # The same answers without last time's question: the same causes, the same strengths.
    without = decide({k: v for k, v in answers.items() if k != "previous_fix_done"})
    assert [(f.cause, f.strength, f.evidence) for f in verdict.causes] == [
        (f.cause, f.strength, f.evidence) for f in without.causes
    ]
    points = Diagnosis.from_answers(answers).talking_points
    spoken = " ".join(points.points)
    assert "agreed on this" not in spoken and "last took stock" not in spoken
    assert "followed through" not in spoken
    assert verdict.follow_up in points.prep


def test_nobody_sure_about_a_proposed_step_is_said_so():
    verdict = decide(follow_up_answers(older(), "unsure"))
    assert verdict.follow_up is not None
    assert verdict.follow_up.startswith("You're not sure whether the step proposed last time")
    assert verdict.follow_up.endswith("; find out before the call.")


def test_an_agreed_fix_that_did_not_happen_is_evidence_and_said_to_them():
    answers = follow_up_answers(older(pending()), "no")
    verdict = decide(answers)
    sentence = f"The fix agreed last time did not happen: {TYPED} (owner Jo Rivera, due"
    assert verdict.follow_up is not None and verdict.follow_up.startswith(sentence)
    assert verdict.causes[0].evidence[0].startswith(sentence)
    spoken = Diagnosis.from_answers(answers).talking_points.points
    assert any(f"we agreed on this: {TYPED}. That hasn't happened yet" in p for p in spoken)


def test_a_follow_up_saved_before_the_status_existed_still_reads_as_agreed():
    """Stored follow-ups have no ``previous_fix_status``; they were asked about an agreed fix."""
    answers = dict(follow_up_answers(older(pending()), "no"))
    del answers["previous_fix_status"]
    assert sections_for(answers)[0].questions[0].prompt == "Did last time's agreed fix happen?"
    verdict = decide(answers)
    assert verdict.follow_up is not None
    assert verdict.follow_up.startswith("The fix agreed last time did not happen")


# -- the command line, as the audit ran it ---------------------------------------------------


@pytest.fixture
def db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """A database with #1: the example diagnosed on 1 October 2026."""
    return diagnosed(capsys, tmp_path, OLDER, "older.json")


def plain_follow_up(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Path,
    lines: list[str],
) -> str:
    """`unstall diagnose --plain --new` with ``lines`` typed, after the partner's name and a
    yes to starting from last time's answers."""
    typed = ["Example Harbor Travel", "y", *lines]
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in typed)))
    code, out, err = run(capsys, "--db", str(db), "diagnose", "--plain", "--new")
    assert code == 0, out + err
    return out


def saved_answers(db: Path) -> dict[str, Any]:
    with Repository(db) as repository:
        newest = repository.get(repository.list()[0].id)
        assert newest is not None
        return dict(newest.answers)


def test_cli_a_pending_outcome_asks_about_the_fix_typed(capsys, monkeypatch, db):
    code, _, err = run(
        capsys, "--db", str(db), "outcome", "1", "--decision", "pending",
        "--fix", TYPED, "--owner", "Jo Rivera", "--due", "2026-11-20",
    )  # fmt: skip
    assert code == 0, err
    out = plain_follow_up(capsys, monkeypatch, db, ["3", "done", "", "y"])
    assert "Did last time's agreed fix happen?" in out
    assert f"  Agreed: {TYPED}. Owner: Jo Rivera. Due: Fri 20 Nov 2026." in out
    assert f"Agreed: {PROPOSED}" not in out
    assert f"we agreed on this: {TYPED}. That hasn't happened yet" in out
    assert saved_answers(db)["previous_fix"] == TYPED


def test_cli_after_an_exit_no_fix_is_asked_about(capsys, monkeypatch, db):
    code, _, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "2026-10-05",
        "--priority", "no",
    )  # fmt: skip
    assert code == 0, err
    out = plain_follow_up(capsys, monkeypatch, db, ["done", "", "y"])
    assert "Starting from last time's answers." in out
    assert "== 1/8 The partnership ==" in out
    assert "Last time ==" not in out
    assert "agreed fix" not in out and "Agreed:" not in out
    assert "previous_fix" not in saved_answers(db)


def test_cli_with_nothing_recorded_the_proposed_step_is_never_called_agreed(
    capsys, monkeypatch, db
):
    out = plain_follow_up(capsys, monkeypatch, db, ["3", "done", "", "y"])
    assert "== 1/9 Last time ==" in out
    assert FOLLOW_UP_PROPOSED.why in out
    assert "(1/29) The step proposed last time: did it happen?" in out
    assert f"  Last time's talking points proposed: {PROPOSED}" in out
    assert "agreed fix" not in out and "Agreed:" not in out
    step = "The step proposed last time (never recorded as agreed) did not happen"
    assert f"- {step}: {PROPOSED}" in out
    said = out[out.index("### What to say") : out.index("### Next step")]
    assert "agreed on this" not in said and "last took stock" not in said
    answers = saved_answers(db)
    assert answers["previous_fix_status"] == "proposed"
    assert answers["previous_fix_done"] == "no"


# -- the app, as a person uses it ------------------------------------------------------------


async def test_app_asks_about_the_step_proposed_last_time_as_proposed(db_path: Path) -> None:
    """No outcome was recorded: the questionnaire's first question names the step as proposed,
    and the verdict says what came of it without calling it agreed."""
    repository = Repository(db_path)
    try:
        repository.save(validate(OLDER, TODAY).answers)
        app = make_app(repository)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("enter")  # the only partner
            await pilot.pause()
            assert isinstance(app.screen, PartnerScreen)
            await pilot.press("n")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionnaireScreen)
            field = screen.focused.parent if screen.focused is not None else None
            assert isinstance(field, QuestionField)
            assert field.question.id == "previous_fix_done"
            text = " ".join(screen_text(app).split())
            assert "The step proposed last time: did it happen?" in text
            assert f"Last time's talking points proposed: {PROPOSED}" in text
            assert text.casefold().count("no outcome records it as agreed") == 1
            assert "agreed fix" not in text and "Agreed:" not in text
            await pilot.press("3")  # No: it did not happen
            await pilot.press("ctrl+r")
            await pilot.press("f")
            await pilot.pause()
            verdict = app.screen
            assert isinstance(verdict, VerdictScreen)
            result = verdict.diagnosis.verdict
            assert result.follow_up is not None
            assert result.follow_up.startswith(
                f"The step proposed last time (never recorded as agreed) did not happen: {PROPOSED}"
            )
            evidence = [line for cause in result.causes for line in cause.evidence]
            assert not any("last time" in line for line in evidence)
            spoken = " ".join(verdict.diagnosis.talking_points.points)
            assert "agreed on this" not in spoken and "last took stock" not in spoken
    finally:
        repository.close()


# -- last time's fix in this time's agreement and recap ------------------------------------


def held_after(done: str, fix: str, decision: str = "revive") -> tuple[Diagnosis, Conversation]:
    """The follow-up where last time's fix is ``done``, and the conversation held on it that
    agreed ``fix``."""
    answers = follow_up_answers(older(pending()), done)
    follow_up = Diagnosis.from_answers(answers, id=2)
    fields = {"held_on": "today", "priority": "yes", "fix": fix, "owner": "Alex Kim"}
    fields |= {"side": "ours", "due": "2026-12-11", "decision": decision}
    conversation, problems = make_conversation(fields, diagnosed_on=TODAY, today=TODAY)
    assert conversation is not None, problems
    return follow_up, conversation


def agreed_now(done: str, fix: str) -> str:
    return agreement_markdown(*held_after(done, fix))


def recapped(done: str, fix: str, decision: str = "revive") -> str:
    return " ".join(recap(*held_after(done, fix, decision)).body.split())


MISSED = "last time's fix (Jo sends the Q1 plan, due Fri 20 Nov 2026)"
RECAPPED = "One thing is still open from last time. We agreed on this: Jo sends the Q1 plan"
OTHER = "A monthly review on both calendars"


@pytest.mark.parametrize(
    ("done", "how"), [("no", "hasn't happened yet"), ("partly", "has only partly happened")]
)
def test_a_missed_fix_that_this_call_did_not_agree_again_is_to_agree(done: str, how: str):
    agreement = agreed_now(done, OTHER)
    said = f"- To agree: whether {MISSED}, which {how}, still stands, and by when."
    assert said in agreement
    assert blame.check(agreement) == []


@pytest.mark.parametrize("decision", ["revive", "pending"])
@pytest.mark.parametrize(
    ("done", "how"), [("no", "hasn't happened yet"), ("partly", "has only partly happened")]
)
def test_the_recap_says_the_missed_fix_is_still_to_settle(decision: str, done: str, how: str):
    """The partner reads in the recap what the agreement lists as to agree."""
    body = recapped(done, OTHER, decision)
    said = f"{RECAPPED}, by Fri 20 Nov. That {how}, so let's settle whether it still stands"
    assert said in body
    assert blame.check(body) == []


@pytest.mark.parametrize("fix", [TYPED, "  jo SENDS the q1 plan "])
def test_a_missed_fix_agreed_again_is_not_asked_about_twice(fix: str):
    assert MISSED not in agreed_now("no", fix)
    assert RECAPPED not in recapped("no", fix)


@pytest.mark.parametrize("done", ["yes", "unsure"])
def test_a_fix_that_happened_or_nobody_knows_is_not_asked_about(done: str):
    assert "last time's fix" not in agreed_now(done, OTHER)
    assert "from last time" not in recapped(done, OTHER)


def test_a_close_out_does_not_ask_about_last_time_s_fix():
    body = recapped("no", "", "exit")
    assert "from last time" not in body
