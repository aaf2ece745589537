"""Comparing two diagnoses of one partner: nothing unknown is read as progress.

A cause that was found before and whose answers are unknown now is "not known now", never
"resolved"; an unclear follow-up is never "better".
"""

from __future__ import annotations

import pytest

from playbook.causes import CAUSES
from playbook.compare import (
    CAUSE_ANSWERS,
    STATUS_WORDS,
    TREND_MEANING,
    CauseChange,
    Comparison,
    cause_status,
    compare,
    evidence_lost,
    severity,
    trend_between,
)
from playbook.diagnosis import Diagnosis

OWNER_IDS = CAUSE_ANSWERS["owner"]

BEFORE: dict[str, str] = {
    "partner": "Harbor Travel",
    "kind": "co-marketing",
    "started": "2026-02-10",
    "diagnosed_on": "2026-10-05",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "value_ours": "a newsletter read by 40,000 small-business owners",
    "value_theirs": "travel discounts our members ask for",
    "still_want": "yes",
    "owner_ours": "",
    "owner_theirs": "",
    "last_conversation": "2026-09-21",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "expectations_written": "yes",
    "success_metrics": "discount redemptions per month",
    "workload": "balanced",
    "enablement_materials": "yes",
    "enablement_contact": "yes",
    "activity": "steady",
    "outcomes": "flat",
    "last_activity": "2026-09-28",
}
"""Nobody is named as owner on either side: the owner cause is clearly present."""


def later(changes: dict[str, str | None]) -> dict[str, str]:
    """The answers of a follow-up a month later: ``None`` removes an answer."""
    answers = {**BEFORE, "diagnosed_on": "2026-11-02"}
    for key, value in changes.items():
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value
    return answers


def diagnose(answers: dict[str, str], id: int) -> Diagnosis:  # noqa: A002 - the contract's name
    return Diagnosis.from_answers(answers, id=id)


def owner_change(comparison: Comparison) -> CauseChange:
    return next(change for change in comparison.causes if change.cause == "owner")


@pytest.fixture
def before() -> Diagnosis:
    diagnosis = diagnose(BEFORE, 1)
    assert "owner" in {finding.cause for finding in diagnosis.verdict.causes}
    return diagnosis


# -- a cause whose answers are gone is not known now, never resolved ---------------------------


def test_a_cause_whose_answers_are_now_missing_is_not_known_now(before: Diagnosis) -> None:
    newer = diagnose(later(dict.fromkeys(OWNER_IDS)), 2)
    assert "owner" not in {finding.cause for finding in newer.verdict.causes}
    comparison = compare(before, newer)
    change = owner_change(comparison)
    assert change.status == "unknown"
    assert change.before > 0
    assert change.after == 0
    assert str(change) == "ownership: not known now"
    assert "ownership: not known now" in comparison.lines()
    assert not any("resolved" in line for line in comparison.lines())
    assert {"cause": "owner", "status": "unknown", "before": change.before, "after": 0} in (
        comparison.to_dict()["causes"]
    )


def test_a_cause_whose_answers_are_now_unsure_is_not_known_now(before: Diagnosis) -> None:
    newer = diagnose(
        later({"owner_ours": None, "owner_theirs": None, "owner_in_role": "unsure"}), 2
    )
    change = owner_change(compare(before, newer))
    if change.after == 0:
        assert change.status == "unknown"
    else:
        assert change.status != "resolved"


def test_a_cause_whose_answers_now_show_it_fixed_is_resolved(before: Diagnosis) -> None:
    newer = diagnose(
        later({"owner_ours": "Alex Kim", "owner_theirs": "Jo Rivera", "owner_in_role": "yes"}), 2
    )
    assert "owner" not in {finding.cause for finding in newer.verdict.causes}
    change = owner_change(compare(before, newer))
    assert change.status == "resolved"
    assert str(change) == "ownership: resolved"


def test_the_same_answers_twice_change_nothing(before: Diagnosis) -> None:
    comparison = compare(before, diagnose(later({"diagnosed_on": BEFORE["diagnosed_on"]}), 2))
    assert comparison.answers == ()
    assert {change.status for change in comparison.causes} <= {"same"}
    assert comparison.trend == "same"


# -- an unclear follow-up is never better --------------------------------------------------------

NEARLY_NOTHING = ("partner", "kind", "started", "diagnosed_on")


def test_an_unclear_follow_up_has_an_unknown_trend_never_better(before: Diagnosis) -> None:
    newer = diagnose({key: later({})[key] for key in NEARLY_NOTHING}, 2)
    assert newer.verdict.verdict == "unclear"
    comparison = compare(before, newer)
    assert comparison.trend == "unknown"
    assert comparison.to_dict()["trend"] == "unknown"
    assert owner_change(comparison).status == "unknown"
    assert all(change.status != "resolved" for change in comparison.causes)


def test_after_an_unclear_diagnosis_the_trend_is_read_from_severity(before: Diagnosis) -> None:
    older = diagnose({key: BEFORE[key] for key in NEARLY_NOTHING}, 1)
    assert older.verdict.verdict == "unclear"
    newer = diagnose(later({}), 2)
    assert newer.verdict.verdict != "unclear"
    comparison = compare(older, newer)
    expected = trend_between("stalled", severity(older), "stalled", severity(newer))
    assert comparison.trend == expected
    assert comparison.trend in ("better", "worse", "same")


# -- the trend from plain values (what the store keeps) ------------------------------------------


@pytest.mark.parametrize(
    ("older", "newer", "trend"),
    [
        (("stalled", 112), ("stalled", 105), "better"),
        (("stalled", 105), ("stalled", 112), "worse"),
        (("stalled", 105), ("stalled", 105), "same"),
        (("failed", 210), ("stalled", 105), "better"),
        (("healthy", 0), ("stalled", 105), "worse"),
        (("stalled", 115), ("healthy", 0), "better"),
        # an unclear follow-up: never better, whatever the numbers say
        (("stalled", 130), ("unclear", 100), "unknown"),
        (("failed", 220), ("unclear", 100), "unknown"),
        (("healthy", 0), ("unclear", 103), "unknown"),
        (("unclear", 100), ("unclear", 100), "unknown"),
        # after an unclear diagnosis, compared as usual
        (("unclear", 100), ("stalled", 112), "worse"),
        (("unclear", 104), ("healthy", 0), "better"),
        (("unclear", 100), ("stalled", 100), "same"),
    ],
)
def test_trend_between(older: tuple[str, int], newer: tuple[str, int], trend: str) -> None:
    assert trend_between(*older, *newer) == trend


def test_every_trend_has_a_meaning() -> None:
    assert set(TREND_MEANING) == {"better", "worse", "same", "unknown"}
    assert TREND_MEANING["unknown"] == "not enough known to say"


# -- which answers are the evidence, and when it counts as lost ----------------------------------


def test_every_cause_lists_its_answers() -> None:
    assert set(CAUSE_ANSWERS) == set(CAUSES)
    assert CAUSE_ANSWERS["owner"] == (
        "owner_ours",
        "owner_theirs",
        "owner_ours_in_role",
        "owner_theirs_in_role",
        "owner_in_role",
    )
    assert CAUSE_ANSWERS["rhythm"] == (
        "last_conversation",
        "standing_review",
        "review_cadence",
        "review_last_held",
    )
    assert CAUSE_ANSWERS["expectations"] == (
        "expectations_written",
        "success_metrics",
        "workload",
        "workload_agreed",
    )
    assert CAUSE_ANSWERS["enablement"] == ("enablement_materials", "enablement_contact")


OWNERS_BEFORE = {"owner_ours": "", "owner_theirs": "", "owner_ours_in_role": "no"}


@pytest.mark.parametrize(
    ("after", "lost"),
    [
        ({}, True),  # all three gone
        ({"owner_ours": "Alex Kim"}, True),  # two of three gone
        ({"owner_ours": "Alex Kim", "owner_theirs": "unsure"}, True),  # unsure is unknown
        ({"owner_ours": "Alex Kim", "owner_theirs": "Jo Rivera"}, False),  # one of three gone
        (OWNERS_BEFORE, False),
        ({"owner_ours": "", "owner_theirs": "", "owner_ours_in_role": "unsure"}, False),
        ({"owner_in_role": "yes", "owner_theirs_in_role": "yes"}, True),  # not the ones given
    ],
)
def test_evidence_is_lost_when_most_answers_given_before_are_unknown_now(
    after: dict[str, str], lost: bool
) -> None:
    assert evidence_lost("owner", OWNERS_BEFORE, after) is lost


def test_half_of_the_answers_unknown_is_not_most() -> None:
    before = {"enablement_materials": "no", "enablement_contact": "no"}
    assert not evidence_lost("enablement", before, {"enablement_materials": "no"})
    assert evidence_lost("enablement", before, {"enablement_materials": "unsure"})


def test_with_no_answer_given_before_all_of_the_cause_answers_are_weighed() -> None:
    assert evidence_lost("rhythm", {}, {"last_conversation": "2026-10-01"})
    assert not evidence_lost(
        "rhythm",
        {},
        {"last_conversation": "2026-10-01", "standing_review": "yes", "review_cadence": "monthly"},
    )


@pytest.mark.parametrize(
    ("old", "new", "after", "status"),
    [
        (0, 5, OWNERS_BEFORE, "new"),
        (5, 0, {"owner_ours": "Alex Kim", "owner_theirs": "Jo Rivera"}, "resolved"),
        (5, 0, {}, "unknown"),
        (5, 0, {"owner_ours": "unsure", "owner_theirs": "unsure"}, "unknown"),
        (5, 8, OWNERS_BEFORE, "worse"),
        (8, 5, OWNERS_BEFORE, "better"),
        (5, 5, OWNERS_BEFORE, "same"),
    ],
)
def test_cause_status(old: int, new: int, after: dict[str, str], status: str) -> None:
    assert cause_status("owner", old, new, OWNERS_BEFORE, after) == status


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("new", "ownership: new"),
        ("resolved", "ownership: resolved"),
        ("unknown", "ownership: not known now"),
        ("worse", "ownership: worse"),
        ("better", "ownership: better"),
        ("same", "ownership: same"),
    ],
)
def test_each_status_in_words(status: str, words: str) -> None:
    assert str(CauseChange("owner", status, 5, 0)) == words
    assert status in STATUS_WORDS
