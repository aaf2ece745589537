"""A review on the calendar whose last meeting nobody could date: its days are not known here,
so nothing says it is "a while off", gives it a new slot, or books a second series of it. The
points, recap, agreement and calendar ask for its next meeting by a date, "at the latest" (the
verdict screen says so too: tests/test_rhythm_line.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, diagnosed
from support import run_cli as run

from playbook import blame
from playbook.agreement import agreement_markdown
from playbook.answers import validate
from playbook.calendar import calendar_file, contents
from playbook.conversation import Conversation, make_conversation
from playbook.diagnosis import Diagnosis
from playbook.recap import recap

TODAY = date(2026, 11, 23)
HELD = date(2026, 11, 25)
ON_THE_CALENDAR = {
    **EXAMPLE,
    "standing_review": "yes",
    "review_cadence": "monthly",
    "last_conversation": "2026-09-20",
}
"""A monthly review on the calendar, with no day it last met; the last working session 9 weeks
ago. The example's owner, expectations and materials are made whole, so rhythm leads."""
RHYTHM = {
    **ON_THE_CALENDAR,
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "expectations_written": "yes",
    "enablement_materials": "yes",
    "fit_delivery": "yes",
}
OWNER = {**ON_THE_CALENDAR, "last_conversation": "2026-10-12"}
"""The same review, with the owner's part in the job leading."""
BY = "by Wed 23 Dec 2026 at the latest"
NEW_SLOT = ("fourth Wednesday", "a while off", "fixed slot", "before it")


def diagnosis(answers: dict[str, Any]) -> Diagnosis:
    validated = validate(answers, TODAY)
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers, id=1)


def agreed_step(found: Diagnosis) -> Conversation:
    """The call that agreed the step the points proposed, on its day."""
    step = found.talking_points.next_step
    assert step is not None
    fields = {"held_on": HELD.isoformat(), "priority": "yes", "fix": step.what}
    fields |= {"owner": "Alex Kim", "side": "both", "due": step.due.isoformat()}
    conversation, problems = make_conversation(fields, diagnosed_on=TODAY, today=HELD)
    assert conversation is not None, problems
    return conversation


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_verdict_knows_the_review_is_there_but_not_its_days():
    found = diagnosis(RHYTHM)
    assert found.verdict.review == "held"
    assert found.verdict.review_unplaced
    assert found.verdict.dominant_cause == "rhythm"
    dated = diagnosis({**RHYTHM, "review_last_held": "2026-11-04"})
    assert not dated.verdict.review_unplaced
    assert not diagnosis({**RHYTHM, "standing_review": "no"}).verdict.review_unplaced


def test_the_points_ask_the_review_to_meet_by_a_date_and_never_call_it_far_off():
    points = flat("\n".join(diagnosis(RHYTHM).talking_points.points))
    assert (
        "Our monthly review is on the calendar, but the last time we sat down properly to work "
        "on this was on Sun 20 Sep 2026, 9 weeks ago." in points
    )
    assert f"Could we make sure our monthly review meets {BY}" in points
    assert "I'll send an agenda beforehand." in points
    assert "invitation" not in points
    for said in NEW_SLOT:
        assert said not in points
    assert blame.check(points) == []


def test_the_recap_and_agreement_keep_the_review_s_own_days():
    found = diagnosis(RHYTHM)
    call = agreed_step(found)
    body = flat(recap(found, call).body)
    assert "Our monthly review meets again by Wed 23 Dec at the latest" in body
    agreement = flat(agreement_markdown(found, call))
    assert f"monthly review, already on the calendar; next {BY}." in agreement
    assert "**Next review, at the latest:** Wed 23 Dec 2026." in agreement
    for text in (body, agreement):
        for said in NEW_SLOT:
            assert said not in text
        assert blame.check(text) == []


def test_a_review_the_call_never_raised_is_suggested_not_announced():
    found = diagnosis(OWNER)
    assert found.verdict.dominant_cause == "owner"
    call = agreed_step(found)
    body = flat(recap(found, call).body)
    assert "I'd suggest our monthly review meets again by Wed 23 Dec at the latest" in body
    assert "(proposed)" in agreement_markdown(found, call)


def test_the_calendar_books_no_second_series_and_keeps_the_day_to_meet_by():
    found = diagnosis(RHYTHM)
    now = datetime(2026, 11, 23, 9)
    before = contents(found)
    assert before.review is None and before.in_diary
    assert "RRULE" not in calendar_file(found, now=now)
    after = contents(found, agreed_step(found))
    assert after.review is None
    assert after.due == date(2026, 12, 23)  # the step's day stays, as the reminder
    assert "RRULE" not in calendar_file(found, now=now, conversation=agreed_step(found))


def test_a_review_whose_last_meeting_is_dated_keeps_its_slot():
    found = diagnosis({**RHYTHM, "review_last_held": "2026-11-04"})
    assert found.verdict.regular_review
    points = flat("\n".join(found.talking_points.points))
    assert "at the latest" not in points


def test_the_command_line_says_the_review_is_already_on_the_calendar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
):
    db = diagnosed(capsys, tmp_path, RHYTHM)
    code, shown, _ = run(capsys, "--db", str(db), "show", "1")
    assert code == 0
    assert f"Rhythm: the monthly review already on the calendar; next {BY}." in shown
    code, exported, _ = run(capsys, "--db", str(db), "export", "--format", "md")
    assert code == 0
    assert f"The monthly review already on the calendar; next {BY}." in exported


def test_a_healthy_partnership_keeps_the_review_without_a_check_in_of_its_own():
    healthy = {
        **RHYTHM,
        "last_conversation": "2026-11-16",
        "activity": "steady",
        "activity_last_month": 4,
        "outcomes": "rising",
        "last_activity": "2026-11-18",
    }
    found = diagnosis(healthy)
    assert found.verdict.verdict == "healthy" and found.talking_points.path == "keep"
    points = flat("\n".join(found.talking_points.points))
    assert f"Let's keep our monthly review going, with the next one {BY}." in points
    assert "check-in" not in points
    body = flat(recap(found, agreed_step(found)).body)
    assert "Our monthly review meets again by Wed 23 Dec at the latest" in body
    subject = recap(found, agreed_step(found)).subject
    assert subject == "Example Harbor Travel: our next review, by Wed 23 Dec"  # as the body has it
