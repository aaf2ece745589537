"""Found reading the drafts aloud a third time: the recap says the call was about a fixed slot
on the calendar only when that is the step agreed; the agreement's timeline does not give the
review twice when the fix agreed is the review; a metric the user put in quotes is not quoted
again; and "calendar" is the one word for where a review lives (never "diary")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from playbook.agreement import agreement_markdown as agreement
from playbook.answers import validate
from playbook.conversation import Conversation, start_meeting
from playbook.diagnosis import Diagnosis
from playbook.recap import recap
from playbook.verdict import quoted

HELD = date(2026, 11, 26)


def diagnosed(raw: dict[str, Any]) -> Diagnosis:
    validated = validate(raw, date(2026, 11, 23))
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers)


@pytest.fixture
def diagnosis(example_answers: dict[str, Any]) -> Diagnosis:
    """The example partner: a rhythm stall, the points propose a monthly review."""
    return diagnosed(example_answers)


def proposed(diagnosis: Diagnosis) -> Conversation:
    step = diagnosis.talking_points.next_step
    assert step is not None
    return Conversation(
        held_on=HELD,
        priority="yes",
        decision="revive",
        fix=step.fix,
        owner=step.owner,
        side=step.side,
        due=step.due,
    )


def test_the_proposed_review_is_talked_about_and_a_fix_of_ones_own_is_not_dressed_as_it(
    diagnosis: Diagnosis,
) -> None:
    body = recap(diagnosis, proposed(diagnosis)).body
    assert "and about giving this a fixed slot on the calendar" in body
    own = Conversation(
        held_on=HELD,
        priority="yes",
        decision="revive",
        fix="Jo shares the January newsletter plan",
        owner="Jo Rivera",
        side="theirs",
        due=date(2026, 12, 4),
    )
    body = recap(diagnosis, own).body
    assert "We talked about the gap since our last real working session on Mon 12 Oct." in body
    assert "fixed slot" not in body
    assert "Jo shares the January newsletter plan" in body


def test_the_timeline_gives_the_review_once_when_the_fix_is_the_review(
    diagnosis: Diagnosis,
) -> None:
    text = agreement(diagnosis, proposed(diagnosis))
    timeline = text.split("## Timeline", 1)[1].split("##", 1)[0]
    assert "**First review:** Wed 23 Dec 2026." in timeline
    assert "Fix due" not in timeline
    # A fix of one's own due the same day is a day of its own: both lines stay.
    own = Conversation(
        held_on=HELD,
        priority="yes",
        decision="revive",
        fix="We send the missing materials",
        owner="Alex Kim",
        side="ours",
        due=date(2026, 12, 23),
    )
    timeline = agreement(diagnosis, own).split("## Timeline", 1)[1].split("##", 1)[0]
    assert "**Fix due:** Wed 23 Dec 2026." in timeline
    assert "**First review:** Wed 23 Dec 2026." in timeline


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("qualified leads per month", '"qualified leads per month"'),
        ('"qualified leads per month"', '"qualified leads per month"'),
        ("\u201cqualified leads\u201d", "\u201cqualified leads\u201d"),
        ("'leads'", "'leads'"),
        ('leads "booked"', '"leads "booked""'),
    ],
)
def test_a_metric_is_quoted_once(typed: str, said: str) -> None:
    assert quoted(typed) == said


def test_a_quoted_metric_reads_with_one_pair_of_quotes(
    example_answers: dict[str, Any], diagnosis: Diagnosis
) -> None:
    answers = {**example_answers, "success_metrics": '"discount redemptions per month"'}
    again = diagnosed(answers)
    body = recap(again, proposed(again)).body
    assert 'We\'ll keep watching "discount redemptions per month" to see' in body
    assert '""' not in body


def test_a_review_lives_on_the_calendar_never_in_a_diary(diagnosis: Diagnosis) -> None:
    points = diagnosis.talking_points
    spoken = " ".join(points.points)
    assert "We don't have a regular review on the calendar" in spoken
    assert "monthly review on both our calendars, starting on Wed 23 Dec 2026" in spoken
    meeting = start_meeting(diagnosis, today=HELD)
    assert meeting.typed["fix"] == "a monthly review on both calendars"
    texts = [spoken, recap(diagnosis, proposed(diagnosis)).body]
    texts.append(agreement(diagnosis, proposed(diagnosis)))
    assert not any("diary" in text or "diaries" in text for text in texts)
