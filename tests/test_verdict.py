"""The verdict engine: each verdict, each cause, the tie rule, and evidence in the user's facts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from playbook.answers import validate
from playbook.talking_points import draft
from playbook.verdict import DIAGNOSTIC_IDS, decide

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


def test_flat_results_with_steady_activity_are_a_normal_ramp_not_a_stall():
    verdict = verdict_for(outcomes="flat", activity="steady")
    assert verdict.verdict == "healthy"
    assert any("normal ramp" in sentence for sentence in verdict.early_warning)


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


def test_a_lopsided_workload_alone_counts_as_an_expectations_problem():
    verdict = verdict_for(workload="mostly-them")
    assert verdict.verdict == "stalled"
    assert verdict.dominant_cause == "expectations"
    assert "Acme Analytics's side" in all_evidence(verdict)


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
        # each of these has the same strength as "owner_in_role: no"
        {"standing_review": "no", "review_cadence": "none", "last_conversation": "4 weeks ago"},
        {"expectations_written": "partly", "workload": "mostly-us"},
        {"enablement_materials": "no"},
    ],
    ids=["rhythm", "expectations", "enablement"],
)
def test_a_missing_owner_wins_a_tie(other):
    verdict = verdict_for(owner_in_role="no", **other)
    strengths = {item.cause: item.strength for item in verdict.causes}
    assert len(set(strengths.values())) == 1, strengths
    assert verdict.dominant_cause == "owner"


def test_a_tie_without_an_owner_problem_goes_to_rhythm_over_expectations():
    verdict = verdict_for(
        standing_review="no",
        review_cadence="none",
        last_conversation="4 weeks ago",
        expectations_written="partly",
        workload="mostly-us",
    )
    assert finding(verdict, "rhythm").strength == finding(verdict, "expectations").strength
    assert verdict.dominant_cause == "rhythm"


def test_a_review_less_frequent_than_the_kind_needs_is_a_point_to_watch():
    verdict = verdict_for(kind="strategic-alliance", review_cadence="monthly")
    assert verdict.verdict == "healthy"
    watched = " ".join(verdict.watch)
    assert "monthly" in watched
    assert "fortnightly" in watched


def test_a_rare_review_and_a_long_silence_together_make_a_rhythm_stall():
    verdict = verdict_for(
        kind="strategic-alliance", review_cadence="monthly", last_conversation="5 weeks ago"
    )
    assert verdict.dominant_cause == "rhythm"
    evidence = " ".join(finding(verdict, "rhythm").evidence)
    assert "fortnightly" in evidence
    assert "5 weeks ago" in evidence


def test_a_quarterly_check_in_is_enough_for_a_referral_deal():
    verdict = verdict_for(
        kind="referral", review_cadence="quarterly", last_conversation="5 weeks ago"
    )
    assert verdict.verdict == "healthy"
    assert verdict.cadence == "quarterly"


def test_a_review_on_the_calendar_that_does_not_happen_is_noted():
    verdict = verdict_for(review_cadence="monthly", last_conversation="11 weeks ago")
    rhythm = finding(verdict, "rhythm")
    assert "not been taking place" in " ".join(rhythm.evidence)
    assert verdict.dominant_cause == "rhythm"


# --- failed only on fit -----------------------------------------------------------------------


def test_two_fit_answers_no_is_a_failed_fit():
    verdict = verdict_for(fit_audience="no", fit_incentives="no")
    assert verdict.verdict == "failed"
    assert verdict.dominant_cause is None


def test_a_failed_fit_goes_to_the_exit_even_if_we_still_want_it():
    answers = clean(fit_audience="no", fit_delivery="no", still_want="yes")
    assert draft(decide(answers), answers).path == "exit"


def test_a_single_fit_no_is_not_a_failed_fit():
    verdict = verdict_for(fit_incentives="no", standing_review="no", review_cadence="none")
    assert verdict.verdict == "stalled"
    assert len(verdict.fit_concerns) == 1


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
    assert verdict_for().fit_concerns == ()
    assert len(verdict_for(fit_delivery="partly").fit_concerns) == 1
    assert len(verdict_for(fit_delivery="partly", fit_audience="no").fit_concerns) == 2
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


def test_eight_unknowns_of_sixteen_are_still_enough_to_decide():
    unknown = dict.fromkeys(DIAGNOSTIC_IDS[:8], None)
    verdict = verdict_for(**unknown, enablement_materials="no")
    assert len(verdict.unknown) == 8
    assert verdict.verdict == "stalled"


def test_nine_unknowns_of_sixteen_make_it_unclear():
    unknown = dict.fromkeys(DIAGNOSTIC_IDS[:9], None)
    verdict = verdict_for(**unknown, enablement_materials="no")
    assert len(verdict.unknown) == 9
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
    assert "neither on our side nor at Acme Analytics" in evidence


def test_evidence_names_the_owners_who_do_it_on_the_side():
    verdict = verdict_for(owner_in_role="no")
    assert "Alex Kim and Jo Rivera" in " ".join(finding(verdict, "owner").evidence)


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
    verdict = verdict_for(standing_review="no", review_cadence="none")
    assert verdict.next_review == date(2026, 12, 23)
    assert "Wed 23 Dec 2026" in finding(verdict, "rhythm").fix


def test_the_recommended_cadence_follows_the_kind():
    assert verdict_for(kind="joint-venture").cadence == "biweekly"
    assert verdict_for(kind="referral").cadence == "quarterly"
    assert verdict_for(kind=None).cadence == "monthly"


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
