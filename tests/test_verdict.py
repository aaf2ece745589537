"""The verdict engine (playbook version 2): each verdict, each cause, the tie rule, the
cadence, and evidence in the user's facts.

Tests whose name or docstring says "v2" pin a rule version 2 of the playbook changed on purpose
(version 1 is frozen in playbook/v1.py and tested with the stored v1 cases).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from playbook.answers import validate
from playbook.dates import long_date
from playbook.talking_points import draft
from playbook.verdict import DIAGNOSTIC_IDS, RAMP_MONTHS, Facts, decide, possessive

TODAY = date(2026, 11, 23)

HEALTHY: dict[str, Any] = {
    "partner": "Acme Analytics",
    "kind": "co-marketing",
    "started": "2026-03-02",
    "diagnosed_on": "2026-11-23",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "value_ours": "our customer list of data teams",
    "value_theirs": "their dashboards our customers ask for",
    "still_want": "yes",
    "owner_ours": "Alex Kim",
    "owner_theirs": "Jo Rivera",
    "owner_in_role": "yes",
    "last_conversation": "10 days ago",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "expectations_written": "yes",
    "success_metrics": "joint webinar sign-ups per month",
    "workload": "balanced",
    "enablement_materials": "yes",
    "enablement_contact": "yes",
    "activity": "steady",
    "outcomes": "rising",
    "last_activity": "2 weeks ago",
}


def clean(**changes: Any) -> dict[str, str]:
    raw = {**HEALTHY, **changes}
    raw = {key: value for key, value in raw.items() if value is not None}
    result = validate(raw, TODAY)
    assert result.ok, result.errors
    return result.answers


def verdict_for(**changes: Any):
    return decide(clean(**changes))


def finding(verdict, cause: str):
    for item in verdict.causes:
        if item.cause == cause:
            return item
    raise AssertionError(f"no {cause} finding in {[f.cause for f in verdict.causes]}")


def all_evidence(verdict) -> str:
    return " ".join(sentence for item in verdict.causes for sentence in item.evidence)


def everything_said(verdict, answers=None) -> str:
    """Every sentence of the verdict, and of its draft when the answers are given."""
    said = [
        *(sentence for item in verdict.causes for sentence in item.evidence),
        *(item.fix for item in verdict.causes),
        *verdict.early_warning,
        *verdict.watch,
        *verdict.contradictions,
    ]
    if answers is not None:
        points = draft(verdict, answers)
        said += [*points.points, *points.prep]
    return " ".join(said)


# --- healthy ----------------------------------------------------------------------------------


def test_a_partnership_with_owners_rhythm_scope_and_steady_activity_is_healthy():
    verdict = verdict_for()
    assert verdict.verdict == "healthy"
    assert verdict.dominant_cause is None
    assert verdict.causes == ()


def test_a_minor_point_alone_is_kept_to_watch_not_called_a_stall():
    verdict = verdict_for(expectations_written="partly")
    assert verdict.verdict == "healthy"
    assert any("partly written down" in sentence for sentence in verdict.watch)


def months_before_today(months: int, days: int = 0) -> str:
    return (TODAY - relativedelta(months=months) + relativedelta(days=days)).isoformat()


def test_flat_results_with_steady_activity_are_a_normal_ramp_early_on():
    """v2: a ramp only early on (RAMP_MONTHS). Three months in, flat results are the ramp."""
    verdict = verdict_for(outcomes="flat", activity="steady", started=months_before_today(3))
    assert verdict.verdict == "healthy"
    assert any("normal ramp" in sentence for sentence in verdict.early_warning)


def test_flat_results_months_after_the_kickoff_are_a_finding_not_a_ramp():
    """v2 (v1 called flat results a ramp at any age): eight months in, they are a finding."""
    answers = clean(outcomes="flat", activity="steady")  # started 2026-03-02: 8 months
    verdict = decide(answers)
    flat = [sentence for sentence in verdict.early_warning if "flat" in sentence]
    assert flat, verdict.early_warning
    assert "8 months" in " ".join(flat)
    assert "normal ramp" not in everything_said(verdict, answers)


@pytest.mark.parametrize(("days", "ramp"), [(1, True), (0, False)])
def test_the_ramp_ends_after_ramp_months(days, ramp):
    """v2: one day short of RAMP_MONTHS is still the ramp; RAMP_MONTHS to the day is not."""
    answers = clean(
        outcomes="flat", activity="steady", started=months_before_today(RAMP_MONTHS, days)
    )
    verdict = decide(answers)
    assert ("normal ramp" in everything_said(verdict, answers)) is ramp


def test_falling_activity_with_no_cause_is_not_called_healthy():
    verdict = verdict_for(activity="stopped")
    assert verdict.verdict != "healthy"


# --- stalled, each cause dominant -------------------------------------------------------------


def test_no_owner_on_their_side_is_a_stall_of_ownership():
    verdict = verdict_for(owner_theirs="nobody")
    assert verdict.verdict == "stalled"
    assert verdict.dominant_cause == "owner"


def test_no_review_and_weeks_of_silence_is_a_stall_of_rhythm():
    verdict = verdict_for(
        standing_review="no", review_cadence="none", last_conversation="7 weeks ago"
    )
    assert verdict.verdict == "stalled"
    assert verdict.dominant_cause == "rhythm"


def test_nothing_written_and_a_lopsided_workload_is_a_stall_of_expectations():
    verdict = verdict_for(expectations_written="no", workload="mostly-us")
    assert verdict.verdict == "stalled"
    assert verdict.dominant_cause == "expectations"


def test_a_lopsided_workload_never_agreed_is_an_expectations_problem():
    """v2: the split is an expectations problem when ``workload_agreed`` is ``no``."""
    verdict = verdict_for(workload="mostly-them", workload_agreed="no")
    assert verdict.verdict == "stalled"
    assert verdict.dominant_cause == "expectations"
    evidence = all_evidence(verdict)
    assert "Acme Analytics" in evidence
    assert "never agreed" in evidence


def test_a_lopsided_workload_that_was_agreed_is_not_a_problem():
    """v2: a lopsided split both sides agreed to is not an expectations problem."""
    answers = clean(workload="mostly-them", workload_agreed="yes")
    verdict = decide(answers)
    assert verdict.verdict == "healthy"
    assert all(item.cause != "expectations" for item in verdict.causes)
    assert not any("work" in sentence for sentence in verdict.watch)
    assert "never agreed" not in everything_said(verdict, answers)


@pytest.mark.parametrize("agreed", ["unsure", None])
def test_a_lopsided_workload_is_never_agreed_only_when_the_user_says_so(agreed):
    """v2: with the agreement unknown, the split is named, but "never agreed" is not said."""
    answers = clean(workload="mostly-us", workload_agreed=agreed, expectations_written="no")
    verdict = decide(answers)
    assert "Most of the work sits with us" in all_evidence(verdict)
    assert "never agreed" not in everything_said(verdict, answers)


def test_no_materials_for_the_partner_is_a_stall_of_enablement():
    verdict = verdict_for(enablement_materials="no", activity="slowing")
    assert verdict.verdict == "stalled"
    assert verdict.dominant_cause == "enablement"


def test_no_point_of_contact_is_a_stall_of_enablement():
    verdict = verdict_for(enablement_contact="no")
    assert verdict.dominant_cause == "enablement"


def test_the_strongest_cause_is_dominant_and_comes_first():
    verdict = verdict_for(
        owner_ours="",
        owner_theirs="",
        standing_review="no",
        review_cadence="none",
        last_conversation="8 weeks ago",
    )
    assert verdict.dominant_cause == "owner"
    assert [item.cause for item in verdict.causes][:2] == ["owner", "rhythm"]
    strengths = [item.strength for item in verdict.causes]
    assert strengths == sorted(strengths, reverse=True)


def test_a_stronger_rhythm_cause_beats_a_weaker_ownership_one():
    verdict = verdict_for(
        owner_in_role="partly",
        standing_review="no",
        review_cadence="none",
        last_conversation="8 weeks ago",
    )
    assert verdict.dominant_cause == "rhythm"


@pytest.mark.parametrize(
    "other",
    [
        # each of these has the same strength as "owner_theirs_in_role: no"
        {"standing_review": "no", "review_cadence": "none", "last_conversation": "4 weeks ago"},
        {"expectations_written": "partly", "workload": "mostly-us", "workload_agreed": "no"},
        {"enablement_materials": "no"},
    ],
    ids=["rhythm", "expectations", "enablement"],
)
def test_a_missing_owner_wins_a_tie(other):
    """The tie rule is kept; the owner answer is per side in v2 (v1's one answer for both
    sides counts twice, see the next test), so the tie is built on their side alone."""
    verdict = verdict_for(owner_theirs_in_role="no", **other)
    strengths = {item.cause: item.strength for item in verdict.causes}
    assert len(set(strengths.values())) == 1, strengths
    assert verdict.dominant_cause == "owner"


def test_v1_owner_in_role_is_read_as_both_sides():
    """v2: version 1's single ``owner_in_role`` answer is each side's answer."""
    v1 = verdict_for(owner_in_role="no")
    v2 = verdict_for(owner_in_role=None, owner_ours_in_role="no", owner_theirs_in_role="no")
    assert finding(v1, "owner") == finding(v2, "owner")
    assert v1.dominant_cause == "owner"


def test_a_per_side_answer_wins_over_v1s_answer_for_both():
    verdict = verdict_for(owner_in_role="no", owner_ours_in_role="yes")
    evidence = finding(verdict, "owner").evidence
    assert any("Jo Rivera" in sentence for sentence in evidence)
    assert not any("Alex Kim" in sentence for sentence in evidence)


def test_a_tie_without_an_owner_problem_goes_to_rhythm_over_expectations():
    verdict = verdict_for(
        standing_review="no",
        review_cadence="none",
        last_conversation="4 weeks ago",
        expectations_written="partly",
        workload="mostly-us",
        workload_agreed="no",
    )
    assert finding(verdict, "rhythm").strength == finding(verdict, "expectations").strength
    assert verdict.dominant_cause == "rhythm"


def test_a_working_review_keeps_its_cadence_even_if_the_kind_suggests_more_often():
    """v2 (v1 flagged a monthly review of an alliance, which the kind has meet fortnightly):
    a review that exists and is held keeps its own cadence; having one matters more than
    its frequency."""
    answers = clean(kind="strategic-alliance", review_cadence="monthly")
    verdict = decide(answers)
    assert verdict.verdict == "healthy"
    assert verdict.review == "held"
    assert verdict.cadence == "monthly"
    points = draft(verdict, answers)
    assert "fortnightly" not in " ".join([*points.points, *points.prep])
    assert any("monthly review" in point for point in points.points)


def test_a_working_review_is_never_replaced_by_a_rarer_one():
    """v2: a held monthly review of a referral deal (quarterly by its kind) stays monthly."""
    assert verdict_for(kind="referral", standing_review="no", review_cadence=None).cadence == (
        "quarterly"
    )
    verdict = verdict_for(kind="referral", review_cadence="monthly")
    assert verdict.review == "held"
    assert verdict.cadence == "monthly"


def test_a_lapsed_review_is_restarted_at_its_own_cadence():
    """v2 (v1 proposed the kind's fortnightly review instead): an alliance's monthly review
    that last met eleven weeks ago is restarted, monthly."""
    answers = clean(
        kind="strategic-alliance",
        review_cadence="monthly",
        review_last_held="11 weeks ago",
        last_conversation="11 weeks ago",
    )
    verdict = decide(answers)
    assert verdict.review == "lapsed"
    assert verdict.dominant_cause == "rhythm"
    assert verdict.cadence == "monthly"
    rhythm = finding(verdict, "rhythm")
    assert "monthly" in rhythm.fix
    assert "fortnightly" not in rhythm.fix
    evidence = " ".join(rhythm.evidence)
    assert "Mon 7 Sep 2026" in evidence
    assert "11 weeks ago" in evidence
    points = draft(verdict, answers)
    said = " ".join(points.points)
    assert "monthly review" in said
    assert "fortnightly" not in said


def test_a_quarterly_check_in_is_enough_for_a_referral_deal():
    verdict = verdict_for(
        kind="referral", review_cadence="quarterly", last_conversation="5 weeks ago"
    )
    assert verdict.verdict == "healthy"
    assert verdict.cadence == "quarterly"


def test_a_review_on_the_calendar_that_does_not_happen_is_noted():
    """A booked review that has not met for months is named as a contradiction and read by
    the facts (lapsed), quoting the last conversation's date and how long ago it was."""
    verdict = verdict_for(review_cadence="monthly", last_conversation="11 weeks ago")
    rhythm = finding(verdict, "rhythm")
    evidence = " ".join(rhythm.evidence)
    assert "monthly" in evidence
    assert "Mon 7 Sep 2026" in evidence
    assert "11 weeks ago" in evidence
    assert verdict.review == "lapsed"
    assert any("Mon 7 Sep 2026" in sentence for sentence in verdict.contradictions)
    assert verdict.dominant_cause == "rhythm"


# --- failed only on fit -----------------------------------------------------------------------


def test_two_fit_answers_no_is_a_failed_fit():
    verdict = verdict_for(fit_audience="no", fit_incentives="no")
    assert verdict.verdict == "failed"
    assert verdict.dominant_cause is None


def test_a_failed_fit_goes_to_the_exit_even_if_we_still_want_it():
    answers = clean(fit_audience="no", fit_delivery="no", still_want="yes")
    assert draft(decide(answers), answers).path == "exit"


@pytest.mark.parametrize("fit", ["fit_audience", "fit_incentives", "fit_delivery"])
def test_a_single_fit_no_is_a_failed_fit(fit):
    """v2 (v1 needed two): any one fit answer ``no`` is a failed fit, and goes to the exit."""
    answers = clean(**{fit: "no"}, standing_review="no", review_cadence="none")
    verdict = decide(answers)
    assert verdict.verdict == "failed"
    assert verdict.dominant_cause is None
    assert len(verdict.fit_failures) == 1
    assert verdict.fit_concerns == ()
    assert draft(verdict, answers).path == "exit"


@pytest.mark.parametrize("fit", ["yes", "partly", "unsure"])
def test_a_stall_with_real_fit_is_never_failed(fit):
    verdict = verdict_for(
        fit_audience=fit,
        fit_incentives=fit,
        fit_delivery=fit,
        owner_ours="",
        owner_theirs="",
        owner_in_role="no",
        standing_review="no",
        review_cadence="none",
        last_conversation="5 months ago",
        expectations_written="no",
        success_metrics="",
        workload="mostly-us",
        enablement_materials="no",
        enablement_contact="no",
        activity="stopped",
        outcomes="falling",
    )
    assert verdict.verdict == "stalled"


def test_partly_fitting_answers_are_noted_as_fit_concerns():
    """v2: ``partly`` answers are the fit concerns; a ``no`` is a fit failure, not a concern."""
    assert verdict_for().fit_concerns == ()
    assert len(verdict_for(fit_delivery="partly").fit_concerns) == 1
    mixed = verdict_for(fit_delivery="partly", fit_audience="no")
    assert len(mixed.fit_concerns) == 1
    assert len(mixed.fit_failures) == 1
    assert verdict_for(fit_audience="unsure").fit_concerns == ()


# --- unclear ----------------------------------------------------------------------------------


def test_when_most_answers_are_missing_the_verdict_is_unclear():
    verdict = decide(validate({"partner": "Acme", "kind": "reseller"}, TODAY).answers)
    assert verdict.verdict == "unclear"
    assert verdict.dominant_cause is None
    assert set(verdict.unknown) == set(DIAGNOSTIC_IDS)


def test_when_most_answers_are_unsure_the_verdict_is_unclear_even_with_a_cause():
    changes: dict[str, Any] = {
        "fit_audience": "unsure",
        "fit_incentives": "unsure",
        "fit_delivery": "unsure",
        "owner_ours": None,
        "owner_theirs": "",
        "owner_in_role": "unsure",
        "last_conversation": None,
        "standing_review": None,
        "expectations_written": "unsure",
        "workload": "unsure",
        "activity": "unsure",
        "outcomes": "unsure",
    }
    answers = clean(**changes)
    verdict = decide(answers)
    assert verdict.verdict == "unclear"
    assert verdict.dominant_cause is None
    assert draft(verdict, answers).path == "prepare"


HALF = len(DIAGNOSTIC_IDS) // 2  # 8 of the 17 diagnostic answers of v2


def test_half_of_the_answers_unknown_is_still_enough_to_decide():
    """The rule is kept (unclear when most are unknown); v2 has 17 diagnostic answers, with
    an owner-in-role answer per side, and v1's ``owner_in_role`` answers both."""
    unknown = dict.fromkeys(DIAGNOSTIC_IDS[:HALF], None)
    verdict = verdict_for(**unknown, owner_in_role=None, enablement_materials="no")
    assert len(verdict.unknown) == HALF
    assert verdict.verdict == "stalled"


def test_one_more_unknown_than_half_makes_it_unclear():
    unknown = dict.fromkeys(DIAGNOSTIC_IDS[: HALF + 1], None)
    verdict = verdict_for(**unknown, owner_in_role=None, enablement_materials="no")
    assert len(verdict.unknown) == HALF + 1
    assert verdict.verdict == "unclear"


def test_an_owner_answered_nobody_counts_as_known():
    verdict = verdict_for(owner_ours="nobody")
    assert "owner_ours" not in verdict.unknown


def test_unclear_goes_to_the_prepare_path():
    answers = validate({"partner": "Acme"}, TODAY).answers
    assert draft(decide(answers), answers).path == "prepare"


# --- still_want: no -> exit -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "verdict_name"),
    [
        ({}, "healthy"),
        ({"owner_theirs": ""}, "stalled"),
        ({"fit_audience": "no", "fit_delivery": "no"}, "failed"),
        (
            {key: None for key in DIAGNOSTIC_IDS},
            "unclear",
        ),
    ],
)
def test_when_we_no_longer_want_it_the_path_is_exit_whatever_the_verdict(changes, verdict_name):
    answers = clean(**changes, still_want="no")
    verdict = decide(answers)
    assert verdict.verdict == verdict_name
    assert draft(verdict, answers).path == "exit"


@pytest.mark.parametrize("still_want", ["yes", "unsure", None])
def test_a_stall_we_still_want_or_are_unsure_about_goes_to_revive(still_want):
    answers = clean(owner_theirs="", still_want=still_want)
    assert draft(decide(answers), answers).path == "revive"


# --- evidence quotes the user's facts ---------------------------------------------------------


def test_evidence_quotes_the_date_of_the_last_conversation_and_how_long_ago():
    verdict = verdict_for(
        standing_review="no", review_cadence="none", last_conversation="6 weeks ago"
    )
    evidence = " ".join(finding(verdict, "rhythm").evidence)
    assert "Mon 12 Oct 2026" in evidence
    assert "6 weeks ago" in evidence


def test_evidence_names_the_partner_when_their_side_has_no_owner():
    verdict = verdict_for(owner_theirs="nobody")
    evidence = " ".join(finding(verdict, "owner").evidence)
    assert "Nobody at Acme Analytics" in evidence


def test_evidence_says_our_side_has_no_owner_when_that_is_the_case():
    verdict = verdict_for(owner_ours="")
    evidence = " ".join(finding(verdict, "owner").evidence)
    assert "our side" in evidence
    assert "Acme Analytics" not in evidence


def test_evidence_says_both_sides_when_nobody_owns_it_at_all():
    verdict = verdict_for(owner_ours="", owner_theirs="")
    evidence = " ".join(finding(verdict, "owner").evidence)
    assert "Acme Analytics" in evidence
    assert "either side" in evidence
    assert "Alex Kim" not in evidence
    assert "Jo Rivera" not in evidence


def test_evidence_names_the_owners_who_do_it_on_the_side():
    """Each owner is named with their own side (v2 answers per side)."""
    evidence = finding(verdict_for(owner_in_role="no"), "owner").evidence
    ours = [sentence for sentence in evidence if "Alex Kim" in sentence]
    theirs = [sentence for sentence in evidence if "Jo Rivera" in sentence]
    assert ours
    assert theirs
    assert all("our side" in s and "Acme Analytics" not in s for s in ours)
    assert all("Acme Analytics" in s and "our side" not in s for s in theirs)


def test_evidence_names_which_written_items_are_missing():
    verdict = verdict_for(expectations_written="no", success_metrics="none")
    evidence = " ".join(finding(verdict, "expectations").evidence)
    assert "never written down" in evidence
    assert "No metric was agreed" in evidence


def test_a_named_metric_is_quoted_in_the_fix():
    verdict = verdict_for(expectations_written="no")
    assert "joint webinar sign-ups per month" in finding(verdict, "expectations").fix


def test_evidence_names_the_partner_who_got_no_materials():
    verdict = verdict_for(enablement_materials="no", enablement_contact="no")
    evidence = " ".join(finding(verdict, "enablement").evidence)
    assert "Acme Analytics never received clear materials" in evidence
    assert "no point of contact" in evidence


def test_the_early_warning_quotes_the_last_activity_date():
    verdict = verdict_for(activity="slowing", last_activity="2026-10-20")
    warnings = " ".join(verdict.early_warning)
    assert "slowing" in warnings
    assert "Tue 20 Oct 2026, 4 weeks ago" in warnings


def test_the_rhythm_fix_proposes_the_first_review_date():
    """The date moved from the cause's fix to the spoken proposal and the next step (v2)."""
    answers = clean(standing_review="no", review_cadence="none")
    verdict = decide(answers)
    assert verdict.conversation_on == date(2026, 11, 25)
    assert verdict.next_review == date(2026, 12, 23)
    points = draft(verdict, answers)
    assert any("Wed 23 Dec 2026" in point for point in points.points)
    assert points.next_step is not None
    assert points.next_step.due == verdict.next_review


NO_REVIEW = {"standing_review": "no", "review_cadence": None}


def test_the_recommended_cadence_follows_the_kind():
    """v2: the kind decides only when there is no review; a held review keeps its own."""
    assert verdict_for(kind="joint-venture", **NO_REVIEW).cadence == "biweekly"
    assert verdict_for(kind="referral", **NO_REVIEW).cadence == "quarterly"
    assert verdict_for(kind=None, **NO_REVIEW).cadence == "monthly"
    assert verdict_for(kind="joint-venture").cadence == "monthly"
    assert verdict_for(kind="referral").cadence == "monthly"


def test_the_verdict_serialises_to_the_contract_fields():
    data = verdict_for(owner_theirs="").to_dict()
    assert data["verdict"] == "stalled"
    assert data["dominant_cause"] == "owner"
    assert data["next_review"] == "2026-12-23"
    assert data["causes"][0]["cause"] == "owner"
    assert data["causes"][0]["evidence"]
    assert data["causes"][0]["fix"]


def test_without_a_diagnosis_date_the_verdict_uses_the_apps_clock():
    from playbook import clock

    clock.fix(date(2031, 1, 7))  # the autouse fixture restores the clock afterwards
    assert decide({"partner": "Acme"}).diagnosed_on == date(2031, 1, 7)


# --- v2: counts, changes, contradictions, the days -----------------------------------------------


def test_the_early_warning_quotes_the_counts():
    """v2 answers: the counts of the last 30 days against a typical month, in the user's
    numbers."""
    verdict = verdict_for(activity="slowing", activity_last_month=2, activity_typical_month=12)
    assert any("12 a month before, 2 in the last 30 days" in s for s in verdict.early_warning)
    assert verdict.activity_falling


def test_counts_that_collapsed_overrule_steady_activity_and_say_so():
    verdict = verdict_for(activity="steady", activity_last_month=1, activity_typical_month=10)
    assert verdict.activity_falling
    assert any("steady" in sentence for sentence in verdict.contradictions)


def test_what_changed_on_their_side_is_said():
    verdict = verdict_for(changes_theirs="people", owner_theirs="")
    assert verdict.changed is not None
    assert "Acme Analytics" in verdict.changed
    assert "People" in verdict.changed


def test_steady_activity_with_the_last_one_months_ago_is_named_and_read_by_the_facts():
    verdict = verdict_for(activity="steady", last_activity="5 months ago")
    assert verdict.activity_falling
    named = [sentence for sentence in verdict.contradictions if "steady" in sentence]
    assert named
    assert "Tue 23 Jun 2026" in named[0]
    assert verdict.verdict != "healthy"


def test_the_conversation_and_the_review_skip_christmas_and_weekends():
    """Diagnosed on Wed 23 Dec 2026: Fri 25 Dec is a holiday, then the weekend."""
    answers = clean(
        diagnosed_on="2026-12-23", last_conversation="2026-12-10", last_activity="2026-12-01",
        **NO_REVIEW,
    )  # fmt: skip
    verdict = decide(answers)
    assert verdict.conversation_on == date(2026, 12, 28)
    points = draft(verdict, answers)
    assert points.conversation_on == date(2026, 12, 28)
    assert date(2026, 12, 28) < verdict.next_review <= date(2027, 1, 25)
    assert verdict.next_review.weekday() < 5
    assert long_date(verdict.next_review) in " ".join(points.points)


def test_a_review_held_since_the_kickoff_is_a_working_conversation_since_the_kickoff():
    verdict = verdict_for(
        started="2026-09-01",
        last_conversation="2026-08-15",
        review_cadence="weekly",
        review_last_held="2026-11-20",
    )
    assert verdict.review == "held"
    assert "since the kickoff" not in everything_said(verdict)


def test_the_owner_fix_names_only_the_side_whose_job_lacks_it():
    verdict = verdict_for(
        owner_ours=None,
        owner_theirs=None,
        owner_in_role=None,
        owner_ours_in_role="yes",
        owner_theirs_in_role="no",
    )
    assert "both" not in finding(verdict, "owner").fix


def test_a_name_ending_in_s_takes_an_apostrophe_alone() -> None:
    """Found by a read-aloud audit: "Riverbend Makers's budget"."""
    verdict = verdict_for(partner="Riverbend Makers", changes_theirs="budget")
    assert "Riverbend Makers' budget has changed since the kickoff." in verdict.changed
    assert possessive("Acme") == "Acme's" and possessive("Jo Rivers") == "Jo Rivers'"


def test_a_name_that_is_a_possessive_already_takes_nothing_more() -> None:
    """Found by a read-aloud audit: "a point of contact for Macy's' questions"."""
    assert possessive("Macy's") == "Macy's" and possessive("McDonald\u2019s") == "McDonald\u2019s"
    verdict = verdict_for(partner="Macy's", changes_theirs="budget")
    assert "Macy's budget has changed since the kickoff." in verdict.changed


def test_a_partnership_under_two_weeks_old_is_counted_in_days() -> None:
    """Found by a read-aloud audit: two days after the kickoff, "We're 1 week into this"."""
    facts = Facts({"started": "2025-12-31", "diagnosed_on": "2026-01-02"})
    assert facts.age == "2 days"
    assert Facts({"started": "2025-12-01", "diagnosed_on": "2025-12-15"}).age == "2 weeks"


def test_a_lapsed_review_and_a_later_working_conversation_are_both_said() -> None:
    """Found by a read-aloud audit: with the review last held on 1 Sep, the working
    conversation of 12 Oct was in no draft, and the points read as silence since September."""
    verdict = verdict_for(
        review_last_held="2026-09-01", last_conversation="2026-10-12", activity="slowing"
    )
    assert verdict.review == "lapsed"
    assert finding(verdict, "rhythm").evidence == (
        "A monthly review is on the calendar, but it last took place on Tue 1 Sep 2026, "
        "11 weeks ago.",
        "The last real working conversation was on Mon 12 Oct 2026, 6 weeks ago.",
    )
    # The same day as the review's (or none later) is said once, in the review's sentence.
    for same in ("2026-09-01", None):
        said = finding(verdict_for(review_last_held="2026-09-01", last_conversation=same), "rhythm")
        assert not any("working conversation" in line for line in said.evidence), said
