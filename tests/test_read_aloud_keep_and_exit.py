"""Found reading the keep and exit paths aloud, and unusual facts: the recap dated the "last
working session" before the kickoff; two years and ten months was "2 years"; large counts
read as "12500"; a count of 0 beside an introduction two days ago went unremarked; steady work
had "the results growing with them"; and an exit we chose ignored the partner's yes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from support import as_proposed

from playbook.answers import validate
from playbook.dates import span_words
from playbook.diagnosis import Diagnosis
from playbook.recap import recap

HELD = date(2026, 11, 25)


def diagnosed(raw: dict[str, Any]) -> Diagnosis:
    validated = validate(raw, date(2026, 11, 23))
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers)


def called(diagnosis: Diagnosis, priority: str = "yes", decision: str = "revive") -> Any:
    return as_proposed(diagnosis, HELD, priority, decision)


def test_a_last_conversation_before_the_kickoff_is_the_kickoff_in_the_recap(
    example_answers: dict[str, Any],
) -> None:
    diagnosis = diagnosed(
        {**example_answers, "started": "2026-06-01", "last_conversation": "2026-05-20"}
    )
    assert diagnosis.verdict.dominant_cause == "rhythm"
    assert "Since the kickoff on Mon 1 Jun 2026" in " ".join(diagnosis.talking_points.points)
    body = recap(diagnosis, called(diagnosis)).body
    assert "We talked about the gap since the kickoff on Mon 1 Jun" in body
    assert "20 May" not in body


@pytest.mark.parametrize(
    ("then", "words"),
    [
        (date(2024, 11, 1), "2 years"),
        (date(2024, 8, 1), "over 2 years"),
        (date(2024, 1, 10), "almost 3 years"),
        (date(2023, 12, 20), "almost 3 years"),
        (date(2022, 5, 1), "over 4 years"),
        (date(2025, 1, 10), "22 months"),
    ],
)
def test_years_are_not_rounded_ten_months_down(then: date, words: str) -> None:
    assert span_words(then, date(2026, 11, 23)) == words


def test_a_partnership_of_over_four_years_says_so(example_answers: dict[str, Any]) -> None:
    diagnosis = diagnosed({**example_answers, "started": "2022-05-01"})
    assert diagnosis.talking_points.points[0].startswith("We've worked together for over 4 years")


def test_large_counts_are_written_with_thousands_separated(
    example_answers: dict[str, Any],
) -> None:
    diagnosis = diagnosed(
        {**example_answers, "activity_last_month": 12000, "activity_typical_month": 12500}
    )
    said = " ".join(diagnosis.talking_points.points)
    assert "about 12,500 introductions" in said and "there were 12,000." in said
    assert "12,500 a month before, 12,000 in the last 30 days" in " ".join(
        diagnosis.verdict.early_warning
    )


def test_a_count_of_none_beside_an_introduction_days_ago_is_named(
    example_answers: dict[str, Any],
) -> None:
    diagnosis = diagnosed(
        {**example_answers, "activity_last_month": 0, "last_activity": "2026-11-21"}
    )
    assert (
        "The count for the last 30 days is 0, but the last introduction, piece of content or deal "
        "was on Sat 21 Nov 2026. Worth checking which is right."
    ) in diagnosis.verdict.contradictions
    quiet = diagnosed({**example_answers, "activity_last_month": 0})  # last one 20 Oct
    assert not any("is 0, but" in line for line in quiet.verdict.contradictions)


HEALTHY = {
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "fit_delivery": "yes",
    "last_conversation": "2026-11-16",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2026-11-16",
    "expectations_written": "yes",
    "enablement_materials": "yes",
    "activity_last_month": 4,
    "activity_typical_month": 4,
    "outcomes": "rising",
    "last_activity": "2026-11-16",
}


@pytest.mark.parametrize(
    ("activity", "said"),
    [
        ("steady", "holding steady, with 4 in the last 30 days and the results growing."),
        ("rising", "rising, with 4 in the last 30 days and the results growing with them."),
    ],
)
def test_results_grow_with_the_work_only_when_the_work_grows(
    example_answers: dict[str, Any], activity: str, said: str
) -> None:
    diagnosis = diagnosed({**example_answers, **HEALTHY, "activity": activity})
    assert diagnosis.talking_points.path == "keep"
    assert said in recap(diagnosis, called(diagnosis)).body


def test_an_exit_we_chose_hears_their_yes(example_answers: dict[str, Any]) -> None:
    diagnosis = diagnosed({**example_answers, "still_want": "no"})
    assert diagnosis.talking_points.path == "exit"
    yes = recap(diagnosis, called(diagnosis, "yes", "exit")).body
    assert "I know this is still a priority for your team, which makes this harder to say" in yes
    assert "we've decided not to take this further" in yes
    no = recap(diagnosis, called(diagnosis, "no", "exit")).body
    assert "I know this" not in no


def test_a_kept_review_that_met_as_agreed_is_thanked_once(example_answers: dict[str, Any]) -> None:
    """Found reading aloud: a healthy follow-up said the review "is doing its job", then "I'm
    glad we followed through on what we agreed last time: the next monthly review", then
    "Let's keep our monthly review going": the review three times."""
    given = {k: v for k, v in example_answers.items() if k != "diagnosed_on"}
    carried = {
        "previous_diagnosed_on": "2026-11-23",
        "previous_conversation_on": "2026-11-23",
        "previous_fix": "the next monthly review",
        "previous_fix_status": "agreed",
        "previous_fix_owner": "Alex Kim",
        "previous_fix_due": "2026-12-14",
        "previous_fix_done": "yes",
        "previous_decision": "revive",
    }
    answers = {**given, **HEALTHY, **carried, "activity": "steady"}
    answers.update(review_last_held="2026-12-14", last_conversation="2026-12-14")
    validated = validate(answers, date(2026, 12, 21))
    assert validated.ok, validated.errors
    points = Diagnosis.from_answers(validated.answers, id=2).talking_points
    assert points.path == "keep"
    said = " ".join(points.points)
    assert "Our monthly review met on Mon 14 Dec 2026, as we agreed, and it's doing its job." in (
        said
    )
    assert "followed through" not in said and said.count("monthly review") == 2


def test_the_value_question_after_thanks_does_not_doubt_the_value(
    example_answers: dict[str, Any],
) -> None:
    """Found reading aloud: right after "this is working, and thank you for it" came "What would
    make this worth your team's time from here?", as if it were not."""
    diagnosis = diagnosed({**example_answers, **HEALTHY, "activity": "steady", "value_theirs": ""})
    points = diagnosis.talking_points
    assert points.path == "keep"
    assert "Is there anything that would make this more worth your team's time?" in points.points
    assert "from here" not in " ".join(points.points)


def test_weeks_in_there_is_no_other_quarter_of_guessing(example_answers: dict[str, Any]) -> None:
    """Found reading aloud: four weeks after the kickoff, "than after another quarter of
    guessing" spoke of a quarter that had not gone by."""
    early = {
        **example_answers,
        "kind": "referral",
        "started": "2026-10-26",
        "last_conversation": "2026-10-26",
        "last_activity": "2026-10-30",
    }
    said = " ".join(diagnosed(early).talking_points.points)
    assert "another quarter" not in said and "than after months of guessing" in said
    later = {**early, "started": "2026-05-04"}
    assert "another quarter of guessing" in " ".join(diagnosed(later).talking_points.points)
