"""Drafts that contradicted the user's own answers, found reading them aloud as the partner
would hear them, each checked here on the answers that showed it:
- "I don't think either of us lost interest" when we said we are unsure we still want this;
- "1 in the last 30 days" followed by a last one 34 days ago;
- "What has changed on your side?" when the user said nothing changed, and a fit concern never
  tested on the prepare path, under a headline of "Too little is known" with nearly all known;
- "the diagnosis run again ..." (a note to the user) as the written agreement's fix;
- "6 weeks since we sat down together" in a follow-up when we have worked together since."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, diagnosed
from support import run_cli as run

from playbook.answers import validate
from playbook.diagnosis import Diagnosis

TODAY = date(2026, 11, 23)
QUIET_FIT = {
    **EXAMPLE,
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2026-11-02",
    "last_conversation": "2026-11-02",
    "expectations_written": "yes",
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "enablement_materials": "yes",
}
"""Every cause answered away and nothing changed on their side, yet activity falls (4 a month to
1) and delivery fits only partly: the prepare path, with almost nothing unknown."""


def diagnosis(answers: dict[str, Any], today: date = TODAY) -> Diagnosis:
    validated = validate(answers, today)
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers, id=1)


def said(found: Diagnosis) -> str:
    return " ".join(" ".join(found.talking_points.points).split())


@pytest.mark.parametrize(
    ("still_want", "lost_interest"), [("yes", True), ("unsure", False), (None, False)]
)
def test_no_one_is_said_to_still_care_unless_we_said_we_do(
    still_want: str | None, lost_interest: bool
) -> None:
    answers = {key: value for key, value in EXAMPLE.items() if key != "still_want"}
    if still_want:
        answers["still_want"] = still_want
    found = diagnosis(answers)
    assert found.verdict.dominant_cause == "rhythm" and found.talking_points.path == "revive"
    points = said(found)
    assert ("either of us lost interest" in points) is lost_interest
    if not lost_interest:
        assert "Without a fixed slot, it simply slipped behind everything else." in points


@pytest.mark.parametrize(
    ("last_month", "last_activity", "day_said"),
    [
        (1, "2026-10-20", False),  # 1 in the last 30 days, yet the last one 34 days ago
        (0, "2026-10-20", True),  # none in 30 days, the last 34 days ago: both agree
        (1, "2026-10-25", True),  # 29 days ago: the one the count has
        (0, "2026-10-26", False),  # none in 30 days, yet one 28 days ago
    ],
)
def test_the_count_and_the_last_day_are_never_said_against_each_other(
    last_month: int, last_activity: str, day_said: bool
) -> None:
    found = diagnosis(
        {**EXAMPLE, "activity_last_month": last_month, "last_activity": last_activity}
    )
    points = said(found)
    assert "in the last 30 days there" in points
    assert ("The last one came through on" in points) is day_said


def test_a_slowdown_with_nothing_changed_asks_what_they_see_and_tests_the_fit() -> None:
    found = diagnosis(QUIET_FIT)
    verdict, talk = found.verdict, found.talking_points
    assert (verdict.verdict, talk.path) == ("unclear", "prepare")
    assert not verdict.too_little_known
    assert verdict.meaning.startswith("Activity is falling, yet no usual cause shows")
    points, prep = said(found), " ".join(talk.prep)
    assert "What has changed on your side" not in points
    assert "As far as I know, nothing has changed on your side, yet things have slowed" in points
    assert "Is any part of what we agreed hard to deliver at the moment" in points
    assert "Test the fit: One side can deliver only part of what it agreed." in prep
    assert "(people, priorities, budget)" not in prep
    assert "what is behind the slowdown" in prep
    changed = diagnosis({**QUIET_FIT, "changes_theirs": "unsure"})
    assert "What has changed on your side in the last few months?" in said(changed)


def test_too_little_known_keeps_its_own_headline() -> None:
    unsure = dict.fromkeys(("fit_audience", "fit_incentives", "fit_delivery", "activity"), "unsure")
    unsure |= dict.fromkeys(("expectations_written", "changes_theirs", "outcomes"), "unsure")
    gone = ("standing_review", "review_cadence", "last_conversation", "enablement_materials")
    gone += ("enablement_contact", "activity_last_month", "activity_typical_month", "workload")
    answers = {k: v for k, v in {**EXAMPLE, **unsure}.items() if k not in gone}
    verdict = diagnosis(answers).verdict
    assert verdict.verdict == "unclear" and verdict.too_little_known
    assert verdict.meaning == "Too little is known yet: find out a few facts before talking."


def test_the_agreement_writes_the_prepare_step_for_the_partner(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = diagnosed(capsys, tmp_path, QUIET_FIT)
    code, shown, err = run(capsys, "--db", str(db), "show", "1")
    assert code == 0, err
    assert "Activity is falling, yet no usual cause shows" in shown
    code, _, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "2026-11-23", "--priority", "yes"
    )
    assert code == 0, err
    code, agreement, err = run(capsys, "--db", str(db), "agreement", "1")
    assert code == 0, err
    assert "**Agreed fix:** a concrete proposal, built on what this call found out" in agreement
    assert "diagnosis run again" not in agreement


FOLLOW_UP = {
    **EXAMPLE,
    "diagnosed_on": "2027-01-11",
    "previous_conversation_on": "2026-11-25",
    "previous_diagnosed_on": "2026-11-23",
    "last_conversation": "2026-12-23",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2026-12-23",
}


def test_a_follow_up_says_we_have_worked_together_since_the_last_conversation() -> None:
    points = said(diagnosis(FOLLOW_UP, date(2027, 1, 11)))
    assert points.startswith(
        "It's been 6 weeks since our conversation on Wed 25 Nov 2026, and we last worked on it "
        "together on Wed 23 Dec 2026: I'd like us to see where things stand."
    )
    alone = {**FOLLOW_UP, "last_conversation": "2026-11-25", "review_last_held": "2026-11-25"}
    assert "since we last sat down together, on Wed 25 Nov 2026" in said(
        diagnosis(alone, date(2027, 1, 11))
    )


PARTLY = {
    "diagnosed_on": "2027-01-11",
    "previous_conversation_on": "2026-11-25",
    "previous_diagnosed_on": "2026-11-23",
    "previous_fix": "a monthly review on both calendars",
    "previous_fix_status": "agreed",
    "previous_fix_done": "partly",
    "previous_fix_due": "2026-12-23",
    "previous_cause": "rhythm",
}
"""A follow-up: last time's review only partly happened, so rhythm leads again."""


@pytest.mark.parametrize(
    ("cadence", "held", "said_of_it"),
    [
        ("monthly", "2026-12-22", "Our monthly review last met on Tue 22 Dec 2026, 2 weeks ago."),
        (
            "biweekly",
            "2026-12-19",
            "Our fortnightly review last met on Sat 19 Dec 2026, 3 weeks ago, and that's a long "
            "gap between working sessions.",
        ),
    ],
)
def test_a_long_gap_is_said_only_past_the_reviews_own_interval(
    cadence: str, held: str, said_of_it: str
) -> None:
    from test_review_unplaced import RHYTHM  # owner, expectations and enablement made whole

    answers = {**RHYTHM, **PARTLY, "review_cadence": cadence, "review_last_held": held}
    found = diagnosis({**answers, "last_conversation": held}, date(2027, 1, 11))
    assert (found.verdict.dominant_cause, found.verdict.review) == ("rhythm", "held")
    points = said(found)
    assert said_of_it in points
    assert points.count("long gap") == ("long gap" in said_of_it)


def test_no_review_with_a_recent_session_says_it_could_slip_not_that_it_did() -> None:
    from test_review_unplaced import RHYTHM  # owner, expectations and enablement made whole

    answers = {k: v for k, v in RHYTHM.items() if k != "review_cadence"}
    recent = diagnosis({**answers, "standing_review": "no", "last_conversation": "2026-11-16"})
    assert recent.verdict.dominant_cause == "rhythm"
    points = said(recent)
    assert "without a fixed slot, it's easy for this to slip behind everything else." in points
    assert "simply slipped" not in points
    quiet = diagnosis({**answers, "standing_review": "no", "last_conversation": "2026-10-12"})
    assert "without a fixed slot, it simply slipped behind everything else." in said(quiet)


HEALTHY = {
    **EXAMPLE,
    "fit_delivery": "yes",
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "last_conversation": "2026-11-09",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2026-11-09",
    "expectations_written": "yes",
    "enablement_materials": "yes",
    "activity": "steady",
    "activity_last_month": 4,
    "activity_typical_month": 4,
    "outcomes": "rising",
    "last_activity": "2026-11-16",
}


@pytest.mark.parametrize(
    ("answers", "agreed"),
    [
        (
            HEALTHY,
            "If we carry on, here is the one next step we'd take: the next monthly review, on "
            "Mon 14 Dec.",
        ),
        (
            EXAMPLE,
            "If we carry on, here is the one next step we'd take: a monthly review on both "
            "calendars, the first on Wed 23 Dec.",
        ),
    ],
)
def test_a_pending_recap_says_what_was_agreed_so_far_and_its_day(
    answers: dict[str, Any], agreed: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = diagnosed(capsys, tmp_path, answers)
    record = ("conversation", "1", "--held-on", "today", "--priority", "evasive")
    code, _, err = run(capsys, "--db", str(db), *record, "--decision", "pending")
    assert code == 0, err
    code, body, err = run(capsys, "--db", str(db), "recap", "1")
    assert code == 0, err
    body = " ".join(body.split())
    assert f"{agreed} I own it, with both our teams involved." in body  # not an empty summary


def test_the_keep_points_date_the_review_not_every_meeting() -> None:
    """ "we last met on" the review's day would deny a later call (a follow-up's opening names
    one): the day is the review's own."""
    found = diagnosis(HEALTHY)
    assert found.talking_points.path == "keep"
    points = said(found)
    assert "Our monthly review is doing its job: it last met on Mon 9 Nov 2026." in points
    assert "we last met" not in points
