"""The drafted reset conversation (playbook version 2): honest, specific, low-blame, and one
agreed next step.

Version 2 splits the draft into ``points`` (said to the partner, verbatim, first person) and
``prep`` (notes to self), adds the paths keep and decide, the proposed ``conversation_on`` and a
separate ``next_step`` with the side that acts. Tests that say "v2" pin a rule version 2 changed
on purpose; the rest pin facts (dates, names, counts) rather than exact sentences.
"""

from __future__ import annotations

import re
import string
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import STAGE_DIRECTIONS

from playbook import blame
from playbook.answers import validate
from playbook.dates import long_date
from playbook.questions import QUESTIONS
from playbook.talking_points import draft
from playbook.verdict import DIAGNOSTIC_IDS, decide
from playbook.workdays import is_working_day

TODAY = date(2026, 11, 23)
TALK = date(2026, 11, 25)
"""The proposed conversation for a diagnosis on Mon 23 Nov 2026: two days later, a Wednesday."""

BANNED = ("you never", "you always", "your fault", "you failed", "you didn't", "you people")
PRIORITY = "a priority for your team"
IF_NO = "isn't a priority any more"
NEW_REVIEW = re.compile(r"put a [^.?!]*review (in [^.?!]*diar(y|ies)|on both calendars)", re.I)

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

OBSERVED = {
    "owner": ("your side",),
    "rhythm": ("Mon 5 Oct 2026", "7 weeks ago"),
    "expectations": ("who does what", "work sits on one side", "agreed that split"),
    "enablement": ("materials", "on our side"),
}
"""The user's facts each dominant cause's observation says aloud."""

PATHS = {
    "revive": DOMINANT["rhythm"],
    "decide": {"owner_theirs": "", "owner_request": "declined"},
    "keep": {"activity": "steady", "outcomes": "rising"},
    "exit": {"fit_audience": "no"},
    "prepare": dict.fromkeys(DIAGNOSTIC_IDS, None),
}


def drafted(**changes: Any):
    raw = {key: value for key, value in {**STALLED_BASE, **changes}.items() if value is not None}
    result = validate(raw, TODAY)
    assert result.ok, result.errors
    verdict = decide(result.answers)
    return verdict, draft(verdict, result.answers)


def index_of(points, text: str) -> int:
    return next(i for i, point in enumerate(points.points) if text in point)


# --- revive -----------------------------------------------------------------------------------


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_asks_the_honest_priority_question(cause):
    verdict, points = drafted(**DOMINANT[cause])
    assert verdict.dominant_cause == cause
    assert points.path == "revive"
    asked = [point for point in points.points if PRIORITY in point]
    assert len(asked) == 1
    assert asked[0].endswith("?")


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_says_what_we_observed_in_the_users_facts_before_the_priority_question(cause):
    """v2: the observation is spoken (v1 pasted the evidence sentences into one point); the
    evidence itself goes to the notes before the call, verbatim."""
    verdict, points = drafted(**DOMINANT[cause])
    before = " ".join(points.points[: index_of(points, PRIORITY)])
    for fact in OBSERVED[cause]:
        assert fact in before, (fact, before)
    prep = " ".join(points.prep)
    for sentence in verdict.dominant.evidence:
        assert sentence in prep


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_proposes_the_fix_with_its_date_after_the_priority_question(cause):
    _, points = drafted(**DOMINANT[cause])
    step = points.next_step
    assert step is not None
    asked = index_of(points, PRIORITY)
    dated = [i for i, point in enumerate(points.points) if long_date(step.due) in point]
    assert dated
    assert all(i > asked for i in dated)


def test_the_first_monthly_review_is_written_as_a_real_date():
    verdict, points = drafted(**DOMINANT["rhythm"])
    assert verdict.next_review == date(2026, 12, 23)
    assert any("Wed 23 Dec 2026" in point for point in points.points)
    assert any("monthly review" in point for point in points.points)


def test_an_alliance_is_proposed_a_fortnightly_review_two_weeks_after_the_conversation():
    """v2: the first review counts from the conversation (Wed 25 Nov), not the diagnosis."""
    verdict, points = drafted(**DOMINANT["rhythm"], kind="strategic-alliance")
    assert points.conversation_on == TALK
    assert verdict.next_review == date(2026, 12, 9)
    assert any(
        "fortnightly review" in point and "Wed 9 Dec 2026" in point for point in points.points
    )


def test_the_owner_fix_asks_the_partner_to_name_theirs():
    """v2: the next step is their side's (side ``theirs``, owner "their side"), and our owner
    follows up."""
    _, points = drafted(**DOMINANT["owner"])
    step = points.next_step
    assert step is not None
    assert step.side == "theirs"
    assert step.owner == "their side"
    assert "Acme Analytics" in step.fix
    assert "Alex Kim" in step.fix
    ask = points.points[index_of(points, long_date(step.due))]
    assert "your side" in ask
    assert ask.startswith("Could you")


def test_the_enablement_fix_is_in_place_before_the_first_review():
    verdict, points = drafted(**DOMINANT["enablement"])
    step = points.next_step
    assert step is not None
    assert step.due == date(2026, 12, 9)  # two working weeks after the conversation
    assert step.due < verdict.next_review == date(2026, 12, 23)
    assert step.side == "ours"
    proposal = points.points[index_of(points, "Wed 9 Dec 2026")]
    assert "Wed 23 Dec 2026" in proposal


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_says_what_happens_if_the_answer_is_no(cause):
    _, points = drafted(**DOMINANT[cause])
    assert sum(IF_NO in point for point in points.points) == 1
    assert index_of(points, IF_NO) > index_of(points, PRIORITY)


NEXT_STEP = {
    "owner": ("their side", "theirs"),
    "rhythm": ("Alex Kim", "both"),
    "expectations": ("Alex Kim", "both"),
    "enablement": ("Alex Kim", "ours"),
}


@pytest.mark.parametrize("cause", list(DOMINANT))
def test_revive_agrees_one_next_step_with_its_owner_side_and_date(cause):
    """v2: the next step is separate from the points (v1 closed them on an "Agreed next step"
    line), with the side that must act."""
    _, points = drafted(**DOMINANT[cause])
    assert not any(point.startswith("Agreed next step") for point in points.points)
    step = points.next_step
    assert step is not None
    assert (step.owner, step.side) == NEXT_STEP[cause]
    assert step.fix
    assert step.due > TALK
    assert is_working_day(step.due)


@pytest.mark.parametrize("nobody", ["", "nobody", None])
def test_when_nobody_owns_it_on_our_side_the_next_step_falls_to_our_side(nobody):
    """v2: who acts is "our side" (v1 wrote "me, until our side names an owner")."""
    _, points = drafted(owner_ours=nobody, **DOMINANT["rhythm"])
    step = points.next_step
    assert step is not None
    assert step.owner == "our side"
    assert "Alex Kim" not in " ".join([*points.points, *points.prep, step.fix])


def test_the_rhythm_step_is_the_first_review_after_the_conversation():
    """v2 (v1 wanted the review agreed within a week of the diagnosis): the step is the first
    review itself, after the conversation."""
    verdict, points = drafted(**DOMINANT["rhythm"])
    assert points.conversation_on == TALK
    step = points.next_step
    assert step is not None
    assert step.due == verdict.next_review == date(2026, 12, 23)


def test_smaller_gaps_are_kept_for_the_first_review():
    """v2: that is a note to self, so it is in the prep, not the points. A review on the
    calendar that meets is where they go: its next meeting, not a "first" review."""
    verdict, points = drafted(**DOMINANT["owner"], expectations_written="partly")
    assert verdict.review == "held"
    gap = "For the next review, not this call (expectations): "
    assert any(line.startswith(gap) for line in points.prep)
    assert not any("review, not this call" in point for point in points.points)
    verdict, points = drafted(
        **DOMINANT["owner"], expectations_written="partly", standing_review="no",
        review_cadence="none",
    )  # fmt: skip
    assert verdict.review == "none"
    gap = "For the first review, not this call (expectations): "
    assert any(line.startswith(gap) for line in points.prep)


def test_a_lapsed_review_beside_another_cause_is_not_called_not_this_call():
    """The points say a lapsed review aloud whatever the dominant cause, so the prep never
    tells the user to keep it off the call; its fix is the review the recap suggests."""
    verdict, points = drafted(
        **DOMINANT["owner"], review_last_held="11 weeks ago", last_conversation="11 weeks ago"
    )
    assert verdict.dominant_cause == "owner" and verdict.review == "lapsed"
    assert any("the last one we actually held" in point for point in points.points)
    assert not any("not this call (rhythm)" in line for line in points.prep)
    note = next(line for line in points.prep if "(rhythm)" in line)
    assert note.startswith("The points name the lapsed review as part of what we observed")
    assert f"bringing the monthly review back, the first on {long_date(verdict.next_review)}" in (
        note
    )


def test_no_review_beside_another_cause_is_left_to_the_review_the_recap_suggests():
    """With no review at all, the rhythm is not spoken and its fix is the first review."""
    verdict, points = drafted(**DOMINANT["owner"], **DOMINANT["rhythm"])
    assert verdict.dominant_cause == "owner" and verdict.review == "none"
    assert not any("review" in point.lower() for point in points.points)
    note = next(line for line in points.prep if "(rhythm)" in line)
    assert note.startswith("No fix of its own on this call (rhythm): ")
    assert note.endswith(f"the recap suggests a first review on {long_date(verdict.next_review)}.")


@pytest.mark.parametrize(
    "changes",
    [
        {"activity": "rising", "activity_last_month": 6, "outcomes": "rising"},
        {"activity": "steady", "review_last_held": "4 weeks ago"},
    ],
)
def test_no_quiet_is_said_while_activity_rises_or_the_review_keeps_its_rhythm(changes):
    """Found reading aloud: "the gap between them is probably why things have gone quiet" and
    "after more weeks of quiet" with activity rising, or a monthly review met four weeks ago."""
    gap = {"expectations_written": "no", "workload": "mostly-us", "workload_agreed": "no"}
    verdict, points = drafted(**gap, last_conversation="4 weeks ago", **changes)
    assert verdict.dominant_cause == "expectations" and not verdict.activity_falling
    said = " ".join(points.points)
    assert "quiet" not in said
    # the same weeks with activity steady and no review met since: quiet it is
    _, points = drafted(**gap, last_conversation="4 weeks ago", activity="steady")
    assert "gone quiet" in " ".join(points.points)


@pytest.mark.parametrize("written", ["no", "partly"])
def test_the_expectations_framing_is_not_a_third_i_d_rather(written: str) -> None:
    """Found reading aloud: "I'd rather we close the gap", "I'd rather ask than guess" and
    "I'd rather hear it now" in one script, with activity rising."""
    _, points = drafted(
        expectations_written=written,
        workload="mostly-us",
        workload_agreed="no",
        activity="rising",
        outcomes="rising",
        last_conversation="10 days ago",
    )
    said = " ".join(points.points)
    assert "it's better to" in said
    assert said.count("I'd rather") == 2


def test_a_lapsed_review_is_brought_back_not_booked_anew():
    """v2: a booked review that no longer meets is restarted at its own cadence."""
    verdict, points = drafted(review_last_held="11 weeks ago", last_conversation="11 weeks ago")
    assert verdict.review == "lapsed"
    assert verdict.dominant_cause == "rhythm"
    said = " ".join(points.points)
    assert "monthly review" in said
    assert not NEW_REVIEW.search(said)
    assert long_date(verdict.next_review) in said


def test_a_held_review_is_never_proposed_as_a_new_one():
    verdict, points = drafted(
        kind="referral",
        review_cadence="quarterly",
        review_last_held="2026-08-10",
        last_conversation="2026-08-10",
        activity="steady",
        outcomes="rising",
    )
    assert verdict.review == "held"
    assert verdict.dominant_cause == "rhythm"
    said = " ".join(points.points)
    assert "don't have a regular review" not in said
    assert not NEW_REVIEW.search(said)


def test_the_value_question_is_asked_when_we_cannot_name_their_value():
    _, points = drafted(**DOMINANT["rhythm"], value_theirs="none")
    assert any("worth your team's time" in point for point in points.points)


def test_an_empty_value_of_ours_goes_into_the_prep_not_the_points():
    _, points = drafted(**DOMINANT["rhythm"], value_ours="none")
    assert any("value we bring" in line for line in points.prep)
    assert not any("value we bring" in point for point in points.points)


def test_a_fit_that_is_partly_there_is_tested_in_the_points():
    _, points = drafted(**DOMINANT["rhythm"], fit_audience="partly")
    assert any("overlap" in point and point.endswith("?") for point in points.points)
    assert any(line.startswith("Test the fit") for line in points.prep)


# --- decide (v2) --------------------------------------------------------------------------------


@pytest.mark.parametrize("request_", ["declined", "no-answer"])
def test_an_owner_request_declined_or_unanswered_goes_to_decide(request_):
    """v2: asked for an owner, they declined or never answered: the points centre on the
    priority question, exit is the other branch, and no new month of waiting."""
    _, points = drafted(owner_theirs="", owner_request=request_)
    assert points.path == "decide"
    assert sum(PRIORITY in point for point in points.points) == 1
    assert any(IF_NO in point for point in points.points)
    step = points.next_step
    assert step is not None
    assert step.side == "theirs"
    assert step.owner == "their side"
    assert points.conversation_on == TALK
    assert TALK < step.due <= TALK + timedelta(days=7)


def test_an_owner_their_side_agreed_to_name_is_asked_for_by_a_date():
    """v2: they agreed to name an owner; the points ask them to confirm it, by a date."""
    _, points = drafted(owner_theirs="", owner_request="agreed")
    assert points.path == "revive"
    step = points.next_step
    assert step is not None
    assert step.side == "theirs"
    assert any(long_date(step.due) in point for point in points.points)
    # what the user said (they agreed), not more: never "you were happy to"
    assert "You agreed to name someone to own this on your side" in points.points[1]
    assert not any("happy" in point for point in points.points)


def test_decide_asks_the_value_question_when_we_cannot_name_their_value():
    _, points = drafted(owner_theirs="", owner_request="declined", value_theirs="none")
    assert points.path == "decide"
    assert any("worth your team's time" in point for point in points.points)


def test_decide_tests_a_fit_that_is_only_partly_there():
    _, points = drafted(owner_theirs="", owner_request="declined", fit_delivery="partly")
    assert points.path == "decide"
    assert any("deliver" in point for point in points.points)


# --- keep (v2) ----------------------------------------------------------------------------------


def test_a_healthy_partnership_gets_a_keep_draft_with_the_next_review():
    """v2 (v1 drafted a revive conversation for a healthy partnership): path keep, no reset
    conversation, what is working with a specific, the next review, no wind-down talk."""
    verdict, points = drafted(activity="steady", outcomes="rising")
    assert verdict.verdict == "healthy"
    assert points.path == "keep"
    assert points.conversation_on is None
    said = " ".join(points.points)
    assert "8 months" in said
    assert "rising" in said
    assert long_date(verdict.next_review) in said
    assert verdict.review == "held"
    assert not NEW_REVIEW.search(said)
    for phrase in ("wrap-up", "part on good terms", IF_NO):
        assert phrase not in said
    step = points.next_step
    assert step is not None
    assert step.due == verdict.next_review > TODAY
    # The points name that review as still to come, so they are said before it, not at it.
    prep = " ".join(points.prep)
    assert f"before {long_date(verdict.next_review)}" in prep
    assert "is the conversation" not in prep


def test_a_kept_review_is_named_as_still_to_come_when_the_points_are_said():
    """Audit: the prep made the next review the conversation, and the points said at it that
    "the next one is on" that very day."""
    verdict, points = drafted(activity="steady", outcomes="rising", review_last_held="3 weeks ago")
    assert points.path == "keep" and verdict.regular_review
    review = long_date(verdict.next_review)
    assert any(f"the next one is on {review}" in point for point in points.points)
    assert points.prep[0] == (
        "No reset is needed: say this the next time you speak with Jo Rivera, before the "
        f"monthly review on {review}."
    )


# --- exit -------------------------------------------------------------------------------------


def test_exit_thanks_names_the_mismatch_honours_obligations_and_leaves_the_door_open():
    """v2: spoken, not stage directions (v1: "Thank them...", "Name the mismatch...")."""
    verdict, points = drafted(fit_audience="no", fit_incentives="no")
    assert verdict.verdict == "failed"
    assert points.path == "exit"
    text = points.points
    assert text[0].startswith("Thank you")
    assert "March 2026" in text[0]
    reason = " ".join(text[1:3])
    assert "customers" in reason  # the audiences
    assert "pay off" in reason  # the incentives
    assert "deliver" not in reason  # delivery was not a failure
    assert any("still open" in point for point in text)
    assert "again" in text[-1]  # the door left open
    assert not any(PRIORITY in point for point in text)
    prep = " ".join(points.prep)
    for sentence in verdict.fit_failures:
        assert sentence in prep
    step = points.next_step
    assert step is not None
    assert (step.owner, step.side) == ("Alex Kim", "ours")
    assert "wrap-up" in step.fix


def test_exit_without_a_fit_problem_says_we_decided_and_no_reason_we_did_not_give():
    """Found by a read-aloud audit: "our priorities have moved" gave a reason the user never
    did (``still_want: no`` says only that we no longer want it)."""
    verdict, points = drafted(still_want="no", **DOMINANT["rhythm"])
    assert verdict.verdict == "stalled"
    assert points.path == "exit"
    joined = " ".join(points.points)
    assert "we've decided not to take this partnership further" in joined
    assert "priorities" not in joined.replace("a priority for your team", "")
    assert "mismatch" not in joined
    assert not any(PRIORITY in point for point in points.points)


def test_the_exit_wrap_up_is_due_a_week_after_the_conversation():
    """v2 (v1: two weeks after the diagnosis): five working days after the conversation."""
    _, points = drafted(fit_audience="no", fit_delivery="no")
    step = points.next_step
    assert step is not None
    assert points.conversation_on == TALK
    assert step.due == date(2026, 12, 2)
    assert any("Wed 2 Dec 2026" in point for point in points.points)


# --- prepare ----------------------------------------------------------------------------------


def test_prepare_asks_them_about_each_unknown_area_and_notes_what_to_look_up():
    """v2: what they can answer is asked in the points, as questions to them; what we can
    look up ourselves is in the prep (v1 listed "Find out ..." stage directions)."""
    raw = {"partner": "Acme Analytics", "diagnosed_on": "2026-11-23", "fit_audience": "yes",
           "fit_incentives": "yes", "fit_delivery": "yes"}  # fmt: skip
    answers = validate(raw, TODAY).answers
    verdict = decide(answers)
    points = draft(verdict, answers)
    assert verdict.verdict == "unclear"
    assert points.path == "prepare"
    questions = [point for point in points.points if point.endswith("?")]
    joined = " ".join(questions)
    assert "who on your side looks after" in joined.lower()  # their owner
    assert "who does what" in joined  # expectations
    assert "materials" in joined  # enablement
    assert "reach quickly" in joined  # point of contact
    assert "introductions, content or deals" in joined  # activity
    assert "results" in joined  # outcomes
    for fit_words in ("overlap", "get out of this", "hard to deliver"):
        assert fit_words not in joined  # the fit is known
    prep = " ".join(points.prep)
    assert "our side" in prep  # our owner, which only we can decide
    assert "last real working conversation" in prep  # the calendar, which only we can check
    step = points.next_step
    assert step is not None
    assert step.owner == "our side"
    assert step.due > TALK


def test_prepare_asks_about_the_fit_when_it_is_unknown():
    answers = validate({"partner": "Acme", "owner_ours": "Alex Kim"}, TODAY).answers
    points = draft(decide(answers), answers)
    assert points.path == "prepare"
    joined = " ".join(points.points)
    assert "overlap" in joined
    assert "get out of this" in joined
    assert "hard to deliver" in joined
    step = points.next_step
    assert step is not None
    assert step.owner == "Alex Kim"


def test_prepare_when_activity_falls_without_a_visible_cause():
    verdict, points = drafted(activity="stopped")
    assert verdict.verdict == "unclear"
    assert points.path == "prepare"
    assert any("what changed" in line for line in points.prep)


def test_prepare_for_falling_activity_does_not_claim_that_answers_are_missing():
    verdict, points = drafted(
        activity="slowing",
        activity_last_month=2,
        activity_typical_month=12,
        last_activity="2026-11-10",
    )
    assert verdict.verdict == "unclear"
    assert verdict.unknown == ()
    prep = " ".join(points.prep)
    assert "Too little is known" not in prep
    assert "0 of the answers" not in prep


# --- every path: spoken points, the day, names ---------------------------------------------------


@pytest.mark.parametrize("path", list(PATHS))
def test_points_are_spoken_never_stage_directions(path):
    """v2: stage directions ("Open with...", "Ask the honest question") go to the prep."""
    _, points = drafted(**PATHS[path])
    assert points.path == path
    for point in points.points:
        assert not point.startswith(STAGE_DIRECTIONS), point


@pytest.mark.parametrize("path", [path for path in PATHS if path != "keep"])
def test_the_prep_holds_the_proposed_day_of_the_conversation(path):
    _, points = drafted(**PATHS[path])
    assert points.conversation_on == TALK
    assert any(long_date(TALK) in line for line in points.prep)


def test_the_conversation_is_proposed_after_christmas():
    """Diagnosed on Wed 23 Dec 2026: Fri 25 Dec is a holiday, then the weekend."""
    verdict, points = drafted(
        diagnosed_on="2026-12-23", last_conversation="2026-10-29", standing_review="no",
        review_cadence=None,
    )  # fmt: skip
    assert points.path == "revive"
    assert points.conversation_on == date(2026, 12, 28)
    step = points.next_step
    assert step is not None
    assert step.due > date(2026, 12, 28)
    assert is_working_day(step.due)
    assert date(2026, 12, 28) < verdict.next_review <= date(2027, 1, 25)


def test_a_healthy_partnership_we_no_longer_want_reviews_after_the_conversation():
    verdict, points = drafted(
        still_want="no",
        activity="steady",
        outcomes="rising",
        review_cadence="weekly",
        review_last_held="2026-11-18",
    )
    assert verdict.verdict == "healthy"
    assert points.path == "exit"
    assert points.conversation_on == TALK
    assert TALK < verdict.next_review <= TALK + timedelta(days=28)


def test_owners_unanswered_and_not_in_their_jobs_still_get_a_draft():
    verdict, points = drafted(owner_ours=None, owner_theirs=None, owner_in_role="partly")
    assert verdict.dominant_cause == "owner"
    assert points.path == "revive"


@pytest.mark.parametrize(
    "changes",
    [
        {"owner_ours": "", "owner_theirs": None},
        {
            "owner_ours": None,
            "owner_theirs": None,
            "owner_in_role": None,
            "owner_ours_in_role": "yes",
            "owner_theirs_in_role": "no",
        },
    ],
    ids=["introduces-them-to-None", "None's-goals"],
)
def test_a_missing_owner_is_never_written_as_none(changes):
    _, points = drafted(**changes)
    step = points.next_step
    assert step is not None
    for line in [*points.points, *points.prep, step.fix, step.owner]:
        assert not re.search(r"\bNone\b", line), line


def test_revive_observes_an_owner_gap_even_without_names():
    verdict, points = drafted(
        owner_ours=None,
        owner_theirs=None,
        owner_in_role=None,
        owner_ours_in_role="yes",
        owner_theirs_in_role="no",
    )
    assert verdict.dominant_cause == "owner"
    before = " ".join(points.points[: index_of(points, PRIORITY)])
    assert "job" in before or "role" in before, before


# --- every draft, any answers -----------------------------------------------------------------

NAMES = ["Acme", "Harbor Travel", "Jo Rivera", "Dr. Aisha Bello", "O'Neil & Sons", "Zoë Ltd"]
SAFE_TEXT = st.text(alphabet=string.ascii_letters + " .-&'", min_size=1, max_size=30).filter(
    lambda text: (
        text.strip() and not re.search(r"\byou", text, re.IGNORECASE) and not blame.check(text)
    )  # a name the user typed is quoted as typed
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
        elif question.kind == "number":
            raw[question_id] = draw(st.integers(min_value=0, max_value=50))
        elif question.empty_means:
            raw[question_id] = draw(st.sampled_from(["", "nobody", *NAMES]) | SAFE_TEXT)
        else:
            raw[question_id] = draw(st.sampled_from(NAMES) | SAFE_TEXT)
    return raw


@settings(max_examples=200, deadline=None)
@given(raw=answer_sets())
def test_no_draft_ever_blames_and_every_draft_has_one_dated_next_step(raw):
    """v2: the points and the prep are blame-checked, and the next step is separate (v1 read
    it from an "Agreed next step" closing line)."""
    result = validate(raw, TODAY)
    assert result.ok, result.errors
    verdict = decide(result.answers)
    points = draft(verdict, result.answers)
    for line in [*points.points, *points.prep]:
        if line.startswith("Your notes: "):
            continue  # the user's own words, quoted back to them: the editor flags them
        assert blame.check(line) == [], line
        for phrase in BANNED:
            assert phrase not in line.lower().replace("\u2019", "'")
    step = points.next_step
    assert step is not None
    assert step.due > verdict.diagnosed_on
    assert is_working_day(step.due)
    text = points.as_text()
    for line in [*points.points, *points.prep]:
        assert f"- {line}" in text


@pytest.mark.parametrize(
    "changes",
    [
        {},
        *DOMINANT.values(),
        {"fit_audience": "no", "fit_incentives": "no", "fit_delivery": "no"},
        {"still_want": "no"},
        *PATHS.values(),
    ],
)
def test_no_fixed_sentence_contains_a_banned_phrase(changes):
    _, points = drafted(**changes)
    text = " ".join([*points.points, *points.prep]).lower()
    for phrase in BANNED:
        assert phrase not in text


@pytest.mark.parametrize(("gap", "said"), [("7 weeks ago", "weeks"), ("3 months ago", "months")])
def test_the_if_no_line_does_not_say_the_quiet_gap_a_second_time(gap: str, said: str) -> None:
    _, points = drafted(**{**DOMINANT["rhythm"], "last_conversation": gap})
    if_no = points.points[index_of(points, IF_NO)]
    assert f"more {said} of quiet" in if_no
    distance = gap.removesuffix(" ago")
    assert distance not in if_no
    assert sum(distance in point for point in points.points) == 1


def test_a_partial_incentive_fit_names_neither_side_as_the_one_that_gains_less() -> None:
    """Found by a read-aloud audit: "pays off for your side as much as it does for ours" said
    which side gains less, which ``fit_incentives: partly`` does not."""
    _, points = drafted(fit_incentives="partly", value_theirs="", **DOMINANT["rhythm"])
    joined = " ".join(points.points)
    assert "pays off equally for both of us" in joined
    assert "for ours" not in joined and "your side as much" not in joined
    assert "Test the fit: It is not clear that both sides gain when the partnership works." in (
        points.prep
    )  # not "Only one side clearly gains": partly says less than that


def test_flat_results_late_on_are_not_stretched_to_months() -> None:
    _, points = drafted(activity="steady", outcomes="flat", started="2025-06-01")
    joined = " ".join(points.points)
    assert "the results are still flat" in joined
    assert "for months" not in joined


def test_a_change_on_their_side_is_noted_once_before_a_keep_call() -> None:
    """Found by a read-aloud audit: a change that is a point to watch was noted twice in the
    prep ("Worth a minute at the review: ..." and "What changed on their side: ...")."""
    verdict, points = drafted(
        activity="rising",
        owner_in_role=None,
        owner_ours_in_role="yes",
        owner_theirs_in_role="partly",
        changes_theirs="people",
        enablement_materials="partly",
    )
    assert verdict.changed and points.path == "keep"
    assert sum(verdict.changed in line for line in points.prep) == 1, points.prep


def test_the_decide_paths_if_it_is_follows_the_priority_question() -> None:
    """Found by a second read-aloud audit: the value question sat between the priority
    question and "If it is, ...", which then pointed at nothing."""
    _, points = drafted(**PATHS["decide"], value_theirs="")
    said = list(points.points)
    asked = index_of(points, "still a priority for your team?")
    assert said[asked + 1].startswith("If it is, ")
    assert index_of(points, "worth your team's time") < asked


def test_a_healthy_partnership_hears_why_the_owners_work_not_a_stock_line() -> None:
    _, points = drafted(**PATHS["keep"], owner_in_role=None, owner_ours_in_role="yes",
                        owner_theirs_in_role="yes")  # fmt: skip
    joined = " ".join(points.points)
    assert "makes a real difference" not in joined
    assert "It helps that looking after this is part of both our jobs." in joined
