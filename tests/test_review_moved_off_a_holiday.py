"""A review on the calendar whose next meeting falls on a public holiday meets on the working
day after it, for that one meeting: the drafts say why, and its rhythm stays its own. The
agreement used to turn a fourth-Friday review into "the fourth Monday of each month" (the rule
read from the moved meeting), and a call held after that meeting counted the next one from it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from support import EXAMPLE, as_proposed

from playbook.agreement import agreement_markdown
from playbook.answers import validate
from playbook.conversation import first_review
from playbook.diagnosis import Diagnosis
from playbook.recap import recap

EVERGREEN = {
    **EXAMPLE,
    "partner": "Evergreen Alliance",
    "kind": "strategic-alliance",
    "diagnosed_on": "2026-11-30",
    "fit_delivery": "yes",
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "last_conversation": "2026-11-27",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2026-11-27",
    "expectations_written": "yes",
    "enablement_materials": "yes",
    "activity": "steady",
    "activity_last_month": 4,
    "activity_typical_month": 4,
    "outcomes": "rising",
    "last_activity": "2026-11-20",
}
"""Healthy, with a monthly review that last met on Fri 27 Nov 2026, the fourth Friday: its
next meeting, Fri 25 Dec, is Christmas Day."""


def diagnosed(raw: dict[str, Any]) -> Diagnosis:
    validated = validate(raw, date(2026, 11, 30))
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers)


def test_the_moved_meeting_says_why_and_the_rhythm_stays_the_fourth_friday() -> None:
    diagnosis = diagnosed(EVERGREEN)
    verdict = diagnosis.verdict
    assert diagnosis.talking_points.path == "keep"
    assert verdict.next_review == date(2026, 12, 28)
    assert verdict.review_moved_from == date(2026, 12, 25)
    points = " ".join(diagnosis.talking_points.points)
    assert "the next one is on Mon 28 Dec 2026, as Fri 25 Dec 2026 is a public holiday." in points
    assert "as Fri 25 Dec 2026 is a public holiday" in verdict.rhythm("Mon 28 Dec 2026")
    held = as_proposed(diagnosis, date(2026, 12, 7))
    body = recap(diagnosis, held).body
    assert "with the next one on Mon 28 Dec, as Fri 25 Dec is a public holiday." in body
    text = agreement_markdown(diagnosis, held)
    assert "on the fourth Friday of each month; next on Mon 28 Dec 2026, as Fri 25 Dec" in text
    assert "fourth Monday" not in text


@pytest.mark.parametrize(
    ("held_on", "next_one"),
    [
        (date(2026, 12, 7), date(2026, 12, 28)),  # before it: the moved meeting itself
        (date(2026, 12, 29), date(2027, 1, 22)),  # after it: the fourth Friday of January
    ],
)
def test_the_next_meeting_after_the_call_is_counted_from_the_reviews_own_day(
    held_on: date, next_one: date
) -> None:
    diagnosis = diagnosed(EVERGREEN)
    assert first_review(diagnosis, as_proposed(diagnosis, held_on)) == next_one


def test_a_meeting_on_its_own_day_says_nothing_of_holidays() -> None:
    diagnosis = diagnosed({**EVERGREEN, "review_last_held": "2026-11-20"})  # third Friday
    assert diagnosis.verdict.next_review == date(2026, 12, 18)
    assert diagnosis.verdict.review_moved_from is None
    assert "holiday" not in " ".join(diagnosis.talking_points.points)
    held = as_proposed(diagnosis, date(2026, 12, 7))
    assert "holiday" not in recap(diagnosis, held).body


def test_a_review_that_met_on_a_weekend_is_not_said_to_have_moved_for_a_holiday() -> None:
    """The demo's healthy partner: a review that last met on a Sunday. Its next meeting comes
    on the Monday after, as before, with no "as Sun ... is a public holiday"."""
    diagnosis = diagnosed({**EVERGREEN, "review_last_held": "2026-11-22"})  # a Sunday
    verdict = diagnosis.verdict
    assert verdict.review_moved_from is None
    assert "holiday" not in " ".join(diagnosis.talking_points.points)
    assert "holiday" not in verdict.rhythm("the day")
