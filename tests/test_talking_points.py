"""The drafted reset conversation: honest, specific, low-blame, and ending on one agreed step."""

from __future__ import annotations

import re
import string
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook import blame
from playbook.answers import validate
from playbook.dates import long_date
from playbook.questions import QUESTIONS
from playbook.talking_points import PRIORITY_QUESTION, draft
from playbook.verdict import DIAGNOSTIC_IDS, FIT_MISMATCH, decide

TODAY = date(2026, 11, 23)
BANNED = ("you never", "you always", "your fault", "you failed", "you didn't", "you people")
LAST_POINT = re.compile(
    r"^Agreed next step: (?P<what>.+)\. Owner: (?P<owner>.+)\. "
    r"By: (?P<by>(Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2} \d{4})\.$"
)

STALLED_BASE: dict[str, Any] = {
    "partner": "Acme Analytics",
    "kind": "co-marketing",
    "started": "2026-03-02",
    "diagnosed_on": "2026-11-23",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "still_want": "yes",
    "owner_ours": "Alex Kim",
    "owner_theirs": "Jo Rivera",
    "owner_in_role": "yes",
    "last_conversation": "10 days ago",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "expectations_written": "yes",
    "success_metrics": "joint webinar sign-ups",
    "workload": "balanced",
    "enablement_materials": "yes",
    "enablement_contact": "yes",
    "activity": "slowing",
    "outcomes": "flat",
}

DOMINANT = {
    "owner": {"owner_theirs": "nobody"},
    "rhythm": {
        "standing_review": "no",
        "review_cadence": "none",
        "last_conversation": "7 weeks ago",
    },
    "expectations": {"expectations_written": "no", "workload": "mostly-us"},
    "enablement": {"enablement_materials": "no", "enablement_contact": "no"},
}


def drafted(**changes: Any):
    raw = {key: value for key, value in {**STALLED_BASE, **changes}.items() if value is not None}
    result = validate(raw, TODAY)
    assert result.ok, result.errors
    verdict = decide(result.answers)
    return verdict, draft(verdict, result.answers)


def by_date(point: str) -> str:
    match = LAST_POINT.match(point)
    assert match, point
    return match.group("by")


# --- revive -----------------------------------------------------------------------------------


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_asks_the_honest_priority_question(cause):
    verdict, points = drafted(**DOMINANT[cause])
    assert verdict.dominant_cause == cause
    assert points.path == "revive"
    assert any(PRIORITY_QUESTION in point for point in points.points)
    assert any("still a priority for your team" in point for point in points.points)


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_opens_with_the_observed_facts(cause):
    verdict, points = drafted(**DOMINANT[cause])
    opening = points.points[0]
    for sentence in verdict.dominant.evidence:
        assert sentence in opening


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_proposes_the_fix_with_the_date_of_the_first_review(cause):
    verdict, points = drafted(**DOMINANT[cause])
    proposals = [point for point in points.points if point.startswith("Propose one fix")]
    assert len(proposals) == 1
    assert long_date(verdict.next_review) in proposals[0]


def test_the_first_monthly_review_is_written_as_a_real_date():
    verdict, points = drafted(**DOMINANT["rhythm"])
    assert verdict.next_review == date(2026, 12, 23)
    assert any("Wed 23 Dec 2026" in point for point in points.points)
    assert any("monthly review" in point for point in points.points)


def test_an_alliance_is_proposed_a_fortnightly_review():
    verdict, points = drafted(**DOMINANT["rhythm"], kind="strategic-alliance")
    assert verdict.next_review == date(2026, 12, 7)
    assert any(
        "fortnightly review" in point and "Mon 7 Dec 2026" in point for point in points.points
    )


def test_the_owner_fix_asks_the_partner_to_name_theirs():
    _, points = drafted(**DOMINANT["owner"])
    proposal = next(point for point in points.points if point.startswith("Propose one fix"))
    assert "Acme Analytics" in proposal
    assert "Alex Kim" in proposal


def test_the_enablement_fix_is_in_place_before_the_first_review():
    _, points = drafted(**DOMINANT["enablement"])
    proposal = next(point for point in points.points if point.startswith("Propose one fix"))
    assert "Mon 7 Dec 2026" in proposal  # two weeks after the diagnosis
    assert "Wed 23 Dec 2026" in proposal


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_says_what_happens_if_the_answer_is_no(cause):
    _, points = drafted(**DOMINANT[cause])
    assert sum(point.startswith("If the answer is no") for point in points.points) == 1


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_ends_on_the_fix_our_owner_and_a_date(cause):
    _, points = drafted(**DOMINANT[cause])
    match = LAST_POINT.match(points.points[-1])
    assert match, points.points[-1]
    assert match.group("owner") == "Alex Kim"


@pytest.mark.parametrize("nobody", ["", "nobody", None])
def test_when_nobody_owns_it_on_our_side_the_owner_falls_back_to_me(nobody):
    _, points = drafted(owner_ours=nobody, **DOMINANT["rhythm"])
    match = LAST_POINT.match(points.points[-1])
    assert match
    assert match.group("owner") == "me, until our side names an owner"


def test_the_rhythm_step_is_agreed_within_a_week():
    _, points = drafted(**DOMINANT["rhythm"])
    assert by_date(points.points[-1]) == "Mon 30 Nov 2026"


def test_smaller_gaps_are_kept_for_the_first_review():
    _, points = drafted(**DOMINANT["owner"], expectations_written="partly")
    assert any("smaller gaps" in point and "expectations" in point for point in points.points)


def test_a_healthy_partnership_gets_a_keep_going_draft_with_the_next_review():
    verdict, points = drafted(activity="steady", outcomes="rising")
    assert verdict.verdict == "healthy"
    assert points.path == "revive"
    assert any(PRIORITY_QUESTION in point for point in points.points)
    assert by_date(points.points[-1]) == long_date(verdict.next_review)
    assert "since we started in March 2026" in " ".join(points.points)


# --- exit -------------------------------------------------------------------------------------


def test_exit_thanks_names_the_mismatch_honours_obligations_and_leaves_the_door_open():
    verdict, points = drafted(fit_audience="no", fit_incentives="no")
    assert verdict.verdict == "failed"
    assert points.path == "exit"
    text = points.points
    assert text[0].startswith("Thank them")
    assert "Acme Analytics" in text[0]
    mismatch = next(point for point in text if "mismatch" in point)
    assert FIT_MISMATCH["fit_audience"] in mismatch
    assert FIT_MISMATCH["fit_incentives"] in mismatch
    assert FIT_MISMATCH["fit_delivery"] not in mismatch
    assert any("still owed" in point for point in text)
    assert any("door open" in point for point in text)
    assert LAST_POINT.match(text[-1])


def test_exit_without_a_fit_problem_says_our_priorities_moved():
    verdict, points = drafted(still_want="no", **DOMINANT["rhythm"])
    assert verdict.verdict == "stalled"
    assert points.path == "exit"
    joined = " ".join(points.points)
    assert "priorities have moved" in joined
    assert "mismatch" not in joined
    assert not any(PRIORITY_QUESTION in point for point in points.points)


def test_the_exit_wrap_up_is_due_in_two_weeks():
    _, points = drafted(fit_audience="no", fit_delivery="no")
    assert by_date(points.points[-1]) == "Mon 7 Dec 2026"


# --- prepare ----------------------------------------------------------------------------------


def test_prepare_lists_what_to_find_out_for_each_unknown_area():
    raw = {"partner": "Acme Analytics", "diagnosed_on": "2026-11-23", "fit_audience": "yes",
           "fit_incentives": "yes", "fit_delivery": "yes"}  # fmt: skip
    answers = validate(raw, TODAY).answers
    verdict = decide(answers)
    points = draft(verdict, answers)
    assert verdict.verdict == "unclear"
    assert points.path == "prepare"
    find_out = [point for point in points.points if point.startswith("Find out")]
    joined = " ".join(find_out)
    assert "who owns the partnership" in joined
    assert "last real working conversation" in joined
    assert "written down at kickoff" in joined
    assert "Acme Analytics got clear materials" in joined
    assert "still flowing" in joined
    assert "whether the fit is real" not in joined  # the fit is known
    assert len(find_out) == 5
    assert LAST_POINT.match(points.points[-1])


def test_prepare_asks_about_the_fit_when_it_is_unknown():
    answers = validate({"partner": "Acme", "owner_ours": "Alex Kim"}, TODAY).answers
    points = draft(decide(answers), answers)
    assert points.path == "prepare"
    assert any("whether the fit is real" in point for point in points.points)
    assert LAST_POINT.match(points.points[-1]).group("owner") == "Alex Kim"


def test_prepare_when_activity_falls_without_a_visible_cause():
    verdict, points = drafted(activity="stopped")
    assert verdict.verdict == "unclear"
    assert points.path == "prepare"
    assert any("what changed" in point for point in points.points)


# --- every draft, any answers -----------------------------------------------------------------

NAMES = ["Acme", "Harbor Travel", "Jo Rivera", "Dr. Aisha Bello", "O'Neil & Sons", "Zoë Ltd"]
SAFE_TEXT = st.text(alphabet=string.ascii_letters + " .-&'", min_size=1, max_size=30).filter(
    lambda text: text.strip() and not re.search(r"\byou", text, re.IGNORECASE)
)


@st.composite
def answer_sets(draw) -> dict[str, Any]:
    diagnosed_on = draw(st.dates(min_value=date(2021, 1, 1), max_value=date(2035, 12, 31)))
    raw: dict[str, Any] = {
        "partner": draw(st.sampled_from(NAMES) | SAFE_TEXT),
        "diagnosed_on": diagnosed_on.isoformat(),
    }
    density = draw(st.integers(min_value=2, max_value=10))  # how many answers are given
    upbeat = draw(st.booleans())  # lean on the first (healthy) choice, so every path shows
    for question_id, question in QUESTIONS.items():
        if question_id in raw or draw(st.integers(min_value=0, max_value=9)) >= density:
            continue
        if question.kind == "choice":
            if upbeat and draw(st.integers(min_value=0, max_value=4)):
                raw[question_id] = question.values[0]
            else:
                raw[question_id] = draw(st.sampled_from(question.values))
        elif question.kind == "date":
            back = draw(st.integers(min_value=0, max_value=1500))
            raw[question_id] = (diagnosed_on - timedelta(days=back)).isoformat()
        elif question.empty_means:
            raw[question_id] = draw(st.sampled_from(["", "nobody", *NAMES]) | SAFE_TEXT)
        else:
            raw[question_id] = draw(st.sampled_from(NAMES) | SAFE_TEXT)
    return raw


@settings(max_examples=200, deadline=None)
@given(raw=answer_sets())
def test_no_draft_ever_blames_and_every_draft_ends_on_an_agreed_step(raw):
    result = validate(raw, TODAY)
    assert result.ok, result.errors
    verdict = decide(result.answers)
    points = draft(verdict, result.answers)
    for point in points.points:
        assert blame.check(point) == [], point
        for phrase in BANNED:
            assert phrase not in point.lower().replace("\u2019", "'")
    match = LAST_POINT.match(points.points[-1])
    assert match, points.points[-1]
    due = datetime.strptime(match.group("by"), "%a %d %b %Y").date()
    assert due > verdict.diagnosed_on
    assert due.weekday() < 5
    assert points.as_text().count("\n- ") == len(points.points) - 1


@pytest.mark.parametrize(
    "changes",
    [
        {},
        *DOMINANT.values(),
        {"fit_audience": "no", "fit_incentives": "no", "fit_delivery": "no"},
        {"still_want": "no"},
        dict.fromkeys(DIAGNOSTIC_IDS, None),
    ],
)
def test_no_fixed_sentence_contains_a_banned_phrase(changes):
    _, points = drafted(**changes)
    text = " ".join(points.points).lower()
    for phrase in BANNED:
        assert phrase not in text
