"""A follow-up diagnosis after a reset conversation was held, read aloud: the opening starts
from that conversation (its day carried as ``previous_conversation_on``), never says a day or a
distance another point says, and stays true when a later working conversation is known; the
exit, decide, keep and prepare paths read right too. Last time's fix is said once in the notes
before the call, and the questionnaire says "no outcome records it as agreed" once."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, diagnosed, screen_text
from support import run_cli as run

from playbook import blame
from playbook.answers import validate
from playbook.conversation import make_conversation
from playbook.diagnosis import Diagnosis
from playbook.history import held_fields
from playbook.outcome import Outcome
from playbook.questions import FOLLOW_UP_PROPOSED
from playbook.session import follow_up_facts, follow_up_start, sections_for
from playbook.verdict import decide
from store.repository import Repository
from tui.app import make_app
from tui.screens.home import HomeScreen
from tui.screens.partner import PartnerScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.verdict import VerdictScreen

TODAY = date(2026, 11, 23)  # the clock conftest.py fixes
OLDER = {
    **EXAMPLE,
    "diagnosed_on": "2026-10-01",
    "last_conversation": "2026-09-01",
    "last_activity": "2026-09-20",
}
"""The example diagnosed on 1 October: stalled on rhythm."""
HELD = "2026-10-05"
HELD_DAY = "Mon 5 Oct 2026"  # seven weeks before TODAY
FIX = "Jo and Alex hold a monthly review"
OPENING = (
    f"It's been 7 weeks since we last sat down together, on {HELD_DAY}, and I'd like us to see "
    "where things stand."
)
PICKING_UP = "Picking up from where we left off last time, I'd like us to see where things stand."
HEALTHY = {
    "owner_theirs_in_role": "yes",
    "expectations_written": "yes",
    "enablement_materials": "yes",
    "fit_delivery": "yes",
    "changes_theirs": "none",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2026-11-16",
    "last_conversation": "2026-11-16",
    "activity": "rising",
    "outcomes": "rising",
}
UNKNOWN = {
    "fit_audience": "unsure",
    "fit_incentives": "unsure",
    "fit_delivery": "unsure",
    "owner_theirs_in_role": "unsure",
    "changes_theirs": "unsure",
    "standing_review": None,
    "expectations_written": "unsure",
    "workload": "unsure",
    "enablement_materials": None,
    "enablement_contact": None,
    "activity": "unsure",
    "outcomes": "unsure",
}


def last(held_on: str = HELD, due: str = "2026-10-30") -> Diagnosis:
    """#1, the older diagnosis, with the reset conversation held on ``held_on``."""
    validated = validate(OLDER, TODAY)
    assert validated.ok, validated.errors
    fields = {"held_on": held_on, "priority": "yes", "fix": FIX, "owner": "Alex Kim"}
    fields |= {"side": "both", "due": due}
    conversation, problems = make_conversation(fields, diagnosed_on=date(2026, 10, 1), today=TODAY)
    assert conversation is not None, problems
    return Diagnosis.from_answers(validated.answers, id=1, extra=held_fields(conversation))


def answers_of(done: str, previous: Diagnosis | None = None, **typed: str | None) -> dict:
    """The follow-up's answers: every carried answer kept, ``done`` said to last time's
    question, ``typed`` over them (``None`` leaves an answer out)."""
    start = follow_up_start(previous or last())
    answers = {**start.answers, "previous_fix_done": done, "diagnosed_on": TODAY.isoformat()}
    answers = {key: value for key, value in {**answers, **typed}.items() if value is not None}
    validated = validate(answers, TODAY)
    assert validated.ok, validated.errors
    return dict(validated.answers)


def points_of(answers: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    drafted = Diagnosis.from_answers(answers).talking_points
    return drafted.path, list(drafted.points), list(drafted.prep)


def sentences(lines: list[str]) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(" ".join(lines).split())) if s]


def read_aloud(points: list[str]) -> None:
    """What every spoken text must be: no blame, and no sentence said twice."""
    assert blame.check("\n".join(points)) == []
    assert all(n == 1 for n in Counter(sentences(points)).values()), points


# -- what is carried -------------------------------------------------------------------------


def test_the_day_of_the_conversation_is_carried_and_nothing_without_one():
    assert follow_up_facts(last())["previous_conversation_on"] == HELD
    validated = validate(OLDER, TODAY)
    pending = Outcome("pending", FIX, "Alex Kim", date(2026, 10, 30), date(2026, 10, 6))
    no_call = Diagnosis.from_answers(validated.answers, id=1, extra={"outcome": pending.to_dict()})
    facts = follow_up_facts(no_call)
    assert facts["previous_fix"] == FIX and "previous_conversation_on" not in facts


# -- the opening, on each path -----------------------------------------------------------------


def test_the_opening_starts_from_the_conversation_not_the_kickoff():
    answers = answers_of("no")
    path, points, _ = points_of(answers)
    assert path == "revive"
    assert points[0] == OPENING
    assert not any("kicked off" in point for point in points)
    assert " ".join(points).count(HELD_DAY) == 1
    read_aloud(points)
    # A follow-up saved before the fact existed keeps the opening it had.
    del answers["previous_conversation_on"]
    assert points_of(answers)[1][0].startswith(
        "It's been 9 months since we kicked off this co-marketing partnership in February 2026"
    )


@pytest.mark.parametrize("done", ["no", "partly", "yes"])
def test_a_day_another_point_names_is_not_said_again_in_the_opening(done: str):
    _, points, _ = points_of(answers_of(done, last_conversation=HELD))
    assert points[0] == PICKING_UP
    assert " ".join(points).count(HELD_DAY) == 1
    read_aloud(points)


def test_a_later_working_conversation_keeps_the_opening_true():
    _, points, _ = points_of(answers_of("yes", last_conversation="2026-11-02"))
    assert points[0] == (
        f"It's been 7 weeks since we sat down together on {HELD_DAY}, and I'd like us to see "
        "where things stand."
    )
    assert "Mon 2 Nov 2026" in " ".join(points[1:])
    read_aloud(points)


def test_the_decide_path_opens_from_the_conversation():
    answers = answers_of("no", owner_theirs="", owner_request="declined")
    path, points, _ = points_of(answers)
    assert path == "decide"
    assert points[0] == OPENING
    read_aloud(points)
    answers = answers_of("no", owner_theirs="", owner_request="declined", last_conversation=HELD)
    path, points, _ = points_of(answers)
    assert path == "decide"
    # the call was the last time we worked on it: its day once, in the opening
    assert points[0].startswith(f"It's been 7 weeks since we last sat down together, on {HELD_DAY}")
    assert "The last time we worked on this together" not in " ".join(points)
    assert " ".join(points).count(HELD_DAY) == 1
    read_aloud(points)


def test_the_keep_path_thanks_them_for_the_weeks_since_the_conversation():
    path, points, _ = points_of(answers_of("yes", **HEALTHY))
    assert path == "keep"
    assert points[0] == (
        f"Since we sat down together on {HELD_DAY}, this has been working, and I wanted to "
        "thank you for it."
    )
    assert not any("months in" in point or "kicked off" in point for point in points)
    read_aloud(points)
    # The review met on the day of the conversation: that point names the day, once.
    held = {**HEALTHY, "review_cadence": "quarterly", "review_last_held": HELD}
    path, points, _ = points_of(answers_of("yes", **{**held, "last_conversation": HELD}))
    assert path == "keep"
    assert points[0] == (
        "Since we last sat down together, this has been working, and I wanted to thank you for it."
    )
    assert " ".join(points).count(HELD_DAY) == 1
    read_aloud(points)


def test_the_prepare_path_opens_from_the_conversation():
    path, points, _ = points_of(answers_of("unsure", **UNKNOWN))
    assert path == "prepare"
    assert points[0] == (
        f"It's been 7 weeks since we last sat down together, on {HELD_DAY}, and I'd like to make "
        "sure I understand how this looks from your side."
    )
    read_aloud(points)


def test_the_exit_path_keeps_its_thanks_after_a_conversation():
    answers = answers_of("no", still_want="no")
    assert answers["previous_conversation_on"] == HELD
    path, points, _ = points_of(answers)
    assert path == "exit"
    assert points[0] == "Thank you for everything your team has put into this since February 2026."
    assert not any("sat down" in point or "left off" in point for point in points)
    read_aloud(points)


def test_a_conversation_held_yesterday_is_picked_up_and_one_after_the_diagnosis_is_not():
    _, points, _ = points_of(answers_of("no", previous=last("2026-11-22", "2026-12-11")))
    assert points[0] == (
        "Picking up from when we sat down together yesterday, I'd like us to see where things "
        "stand."
    )
    read_aloud(points)
    # A day after this diagnosis (the diagnosis dated back): the kickoff opening, never a
    # conversation that has not happened yet.
    answers = answers_of("no", previous=last("2026-11-22", "2026-12-11"), diagnosed_on="2026-11-20")
    assert answers["previous_conversation_on"] == "2026-11-22"
    _, points, _ = points_of(answers)
    assert points[0].startswith("It's been 9 months since we kicked off")


# -- the notes before the call -----------------------------------------------------------------


@pytest.mark.parametrize("done", ["no", "partly"])
def test_a_fix_that_did_not_happen_is_among_the_facts_to_have_ready_once(done: str):
    answers = answers_of(done)
    sentence = decide(answers).follow_up
    assert sentence is not None
    _, _, prep = points_of(answers)
    assert [line for line in prep if sentence in line] == [
        next(line for line in prep if line.startswith("Have the facts ready: "))
    ]
    assert not any(line.startswith("Last time: ") for line in prep)


def test_a_fix_that_happened_is_noted_once_and_says_last_time_once():
    answers = answers_of("yes")
    sentence = decide(answers).follow_up
    assert (
        sentence == f"Last time's agreed fix happened: {FIX} (owner Alex Kim, due Fri 30 Oct 2026)."
    )
    _, _, prep = points_of(answers)
    assert sentence in prep
    assert not any("Last time: " in line for line in prep)


# -- the questionnaire -----------------------------------------------------------------------


def test_the_proposed_step_says_once_that_no_outcome_records_it_as_agreed():
    validated = validate(OLDER, TODAY)
    proposed = follow_up_start(Diagnosis.from_answers(validated.answers, id=1)).answers
    section = sections_for(proposed)[0]
    assert section.id == FOLLOW_UP_PROPOSED.id
    text = f"{section.why} {section.questions[0].prompt} {section.questions[0].hint}"
    assert text.casefold().count("no outcome records it as agreed") == 1
    assert "proposed one step" in section.why


# -- the command line and the app, as a person uses them ---------------------------------------


@pytest.fixture
def db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """A database with #1, diagnosed on 1 October, and the conversation held on 5 October."""
    path = diagnosed(capsys, tmp_path, OLDER, "older.json")
    code, _, err = run(
        capsys, "--db", str(path), "conversation", "1", "--held-on", HELD, "--priority", "yes",
        "--fix", FIX, "--owner", "Alex Kim", "--side", "both", "--due", "2026-10-30",
    )  # fmt: skip
    assert code == 0, err
    return path


def test_cli_follow_up_opens_from_the_conversation(capsys, monkeypatch, db: Path):
    typed = ["Example Harbor Travel", "y", "3", "done", "", "y"]
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in typed)))
    code, out, err = run(capsys, "--db", str(db), "diagnose", "--plain", "--new")
    assert code == 0, out + err
    said = out[out.index("### What to say") : out.index("### Next step")]
    assert OPENING in " ".join(said.split())
    assert "kicked off" not in said
    assert "Last time: " not in out
    with Repository(db) as repository:
        newest = repository.get(repository.list()[0].id)
        assert newest is not None
        assert newest.answers["previous_conversation_on"] == HELD


async def test_app_verdict_says_last_time_once(db: Path) -> None:
    repository = Repository(db)
    try:
        app = make_app(repository)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("enter")  # the only partner
            await pilot.pause()
            assert isinstance(app.screen, PartnerScreen)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, QuestionnaireScreen)
            await pilot.press("1")  # Yes: last time's fix happened
            await pilot.press("ctrl+r")
            await pilot.press("f")
            await pilot.pause()
            verdict = app.screen
            assert isinstance(verdict, VerdictScreen)
            text = " ".join(screen_text(app).split())
            assert "Follow-up: Last time's agreed fix happened" in text
            assert "Last time: Last time" not in text
            assert verdict.diagnosis.talking_points.points[0] == OPENING
    finally:
        repository.close()
