"""Version 1 of the method, frozen: the realistic cases written for it, decided by
:mod:`playbook.v1` exactly as they were before version 2 (a stored v1 diagnosis is shown as it
was decided). Version 2's cases are in ``test_cases_v2.py``.

Realistic partnerships, filled in the way a partnership manager would, one per situation the
two source articles describe.

Each expectation (verdict, dominant cause, conversation path) was written from the articles
alone, before running the engine. Where the engine disagrees, the case stays as written and is
marked ``xfail(strict=True)`` with the reasoning, for the lead to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from support import EXAMPLE

from playbook import blame
from playbook.answers import validate
from playbook.dates import long_date
from playbook.diagnosis import Diagnosis

TODAY = date(2026, 11, 23)
"""Only a default: every case gives its own diagnosed_on."""


@dataclass(frozen=True)
class Case:
    name: str
    answers: dict[str, Any]
    verdict: str
    dominant: str | None
    path: str
    mentions: tuple[str, ...] = ()
    """Facts the evidence or talking points must quote back."""
    disagreement: str = ""


CASES: list[Case] = [
    # Article 2, cause 2: no standing cadence, discussed only when something breaks.
    Case(
        "quiet drift with no rhythm",
        {
            "partner": "Northwind Payroll",
            "kind": "co-marketing",
            "started": "2026-01-12",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "value_ours": "a monthly newsletter to 25,000 bookkeepers",
            "value_theirs": "a payroll add-on our customers keep asking about",
            "still_want": "yes",
            "owner_ours": "Dana Whitfield",
            "owner_theirs": "Marcus Oyelaran",
            "owner_in_role": "yes",
            "last_conversation": "9 weeks ago",
            "standing_review": "no",
            "review_cadence": "none",
            "expectations_written": "yes",
            "success_metrics": "trial sign-ups from the co-branded page",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "slowing",
            "outcomes": "flat",
            "last_activity": "Oct 8",
            "notes": "We only talk when a campaign date slips. The shared Slack channel is silent.",
        },
        "stalled",
        "rhythm",
        "revive",
        mentions=("Mon 21 Sep 2026", "9 weeks ago"),
    ),
    # Article 2, cause 1: the other side's champion left and nobody took it over.
    Case(
        "their champion left and nobody took over",
        {
            "partner": "Brightline Logistics",
            "kind": "reseller",
            "started": "2025-09-01",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "value_ours": "route-planning software their fleet customers need",
            "value_theirs": "a sales team that already sells to 400 fleets",
            "still_want": "yes",
            "owner_ours": "Priya Shah",
            "owner_theirs": "nobody",
            "owner_in_role": "partly",
            "last_conversation": "7 weeks ago",
            "standing_review": "yes",
            "review_cadence": "monthly",
            "expectations_written": "yes",
            "success_metrics": "licences resold per quarter",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "slowing",
            "outcomes": "falling",
            "last_activity": "6 weeks ago",
            "notes": "Tom, their partner manager, left in September. Invites now go unanswered.",
        },
        "stalled",
        "owner",
        "revive",
        mentions=("Nobody at Brightline Logistics",),
    ),
    # Article 2, "failed": audiences that didn't overlap, incentives that never aligned.
    Case(
        "audiences never overlapped and only one side gains",
        {
            "partner": "Peak Outdoor Co",
            "kind": "co-marketing",
            "started": "2026-04-01",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "no",
            "fit_incentives": "no",
            "fit_delivery": "partly",
            "value_ours": "access to our B2B procurement buyers",
            "value_theirs": "hard to say; their buyers are consumers",
            "still_want": "unsure",
            "owner_ours": "Sam Okafor",
            "owner_theirs": "Lena Berg",
            "owner_in_role": "yes",
            "last_conversation": "3 weeks ago",
            "standing_review": "yes",
            "review_cadence": "monthly",
            "expectations_written": "yes",
            "success_metrics": "qualified leads per month",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "steady",
            "outcomes": "flat",
            "last_activity": "2 weeks ago",
            "notes": "We meet every month and both sides do the work; the leads never convert.",
        },
        "failed",
        None,
        "exit",
    ),
    # Article 2, "failed": a side that couldn't deliver.
    Case(
        "a joint venture where one side cannot deliver",
        {
            "partner": "Helix Labs",
            "kind": "joint-venture",
            "started": "2025-06-15",
            "diagnosed_on": "2026-10-05",
            "fit_audience": "yes",
            "fit_incentives": "no",
            "fit_delivery": "no",
            "value_ours": "manufacturing capacity for the joint device",
            "value_theirs": "a sensor design that was supposed to be ready by spring",
            "still_want": "yes",
            "owner_ours": "Ruth Adler",
            "owner_theirs": "Kenji Watanabe",
            "owner_in_role": "yes",
            "last_conversation": "last Tuesday",
            "standing_review": "yes",
            "review_cadence": "biweekly",
            "expectations_written": "yes",
            "success_metrics": "units shipped",
            "workload": "mostly-us",
            "enablement_materials": "not-needed",
            "enablement_contact": "not-needed",
            "activity": "stopped",
            "outcomes": "falling",
            "last_activity": "3 months ago",
            "notes": "Their funding was cut; the sensor team is down to one engineer.",
        },
        "failed",
        None,
        "exit",
    ),
    # Article 2, cause 3: each side left kickoff with a different picture; nothing written.
    Case(
        "a vague deal: nothing written, no metric",
        {
            "partner": "Quillmark",
            "kind": "technology",
            "started": "2026-05-20",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "value_ours": "an e-signature API for their document editor",
            "value_theirs": "20,000 legal teams using their editor",
            "still_want": "yes",
            "owner_ours": "Ines Duarte",
            "owner_theirs": "Paul Meyer",
            "owner_in_role": "yes",
            "last_conversation": "2 weeks ago",
            "standing_review": "yes",
            "review_cadence": "monthly",
            "expectations_written": "no",
            "success_metrics": "none",
            "workload": "unsure",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "slowing",
            "outcomes": "flat",
            "last_activity": "Nov 2",
            "notes": "They expected us to drive installs; we expected them to feature it first.",
        },
        "stalled",
        "expectations",
        "revive",
        mentions=("never written down", "No metric was agreed"),
    ),
    # Article 2, cause 4: a channel partner handed the product and left to figure it out.
    Case(
        "a reseller handed the product and left alone",
        {
            "partner": "Cobalt IT Services",
            "kind": "reseller",
            "started": "3 months ago",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "value_ours": "a backup product with a 30% reseller margin",
            "value_theirs": "trusted relationships with 150 dental practices",
            "still_want": "yes",
            "owner_ours": "Grace Liu",
            "owner_theirs": "Omar Haddad",
            "owner_in_role": "yes",
            "last_conversation": "10 days ago",
            "standing_review": "yes",
            "review_cadence": "monthly",
            "expectations_written": "yes",
            "success_metrics": "deals registered per quarter",
            "workload": "balanced",
            "enablement_materials": "no",
            "enablement_contact": "no",
            "activity": "stopped",
            "outcomes": "flat",
            "last_activity": "2026-09-30",
            "notes": "Omar said his techs could not answer customer questions, so they stopped "
            "pitching it and went back to selling what they know.",
        },
        "stalled",
        "enablement",
        "revive",
        mentions=("Cobalt IT Services never received clear materials",),
    ),
    # Article 2: owners, rhythm, written expectations, enablement all in place; activity holds.
    Case(
        "a healthy strategic alliance",
        {
            "partner": "Meridian Health Network",
            "kind": "strategic-alliance",
            "started": "2025-11-03",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "value_ours": "scheduling software for their 40 clinics",
            "value_theirs": "a reference customer in a regulated market",
            "still_want": "yes",
            "owner_ours": "Chris Novak",
            "owner_theirs": "Dr. Aisha Bello",
            "owner_in_role": "yes",
            "last_conversation": "5 days ago",
            "standing_review": "yes",
            "review_cadence": "biweekly",
            "expectations_written": "yes",
            "success_metrics": "clinics live; no-show rate",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "steady",
            "outcomes": "rising",
            "last_activity": "last week",
            "notes": "Six more clinics go live in January.",
        },
        "healthy",
        None,
        "revive",
    ),
    # Article 2: don't open a reset on a hunch; gather evidence first.
    Case(
        "an inherited partnership we know too little about",
        {
            "partner": "Fernwood Foundation",
            "kind": "community",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "unsure",
            "still_want": "unsure",
            "owner_ours": "Jamie Cole",
            "owner_in_role": "unsure",
            "activity": "unsure",
            "notes": "Inherited from Sam, who left last month. No handover notes.",
        },
        "unclear",
        None,
        "prepare",
    ),
    # Article 1: a good fit, but the partner inherited most of the heavy lifting without
    # having agreed to it, and nobody wrote down who does what.
    Case(
        "the partner inherited the heavy lifting (article 1)",
        {
            "partner": "Institute for Civic Research",
            "kind": "strategic-alliance",
            "started": "2023-03-01",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "partly",
            "fit_delivery": "yes",
            "value_ours": "our member network and event venues",
            "value_theirs": "co-authored research and webinar speakers",
            "still_want": "yes",
            "owner_ours": "Michael Dunne",
            "owner_theirs": "Sarah Quinn",
            "owner_in_role": "yes",
            "last_conversation": "12 days ago",
            "standing_review": "yes",
            "review_cadence": "biweekly",
            "expectations_written": "no",
            "success_metrics": "webinar registrations",
            "workload": "mostly-them",
            "enablement_materials": "not-needed",
            "enablement_contact": "yes",
            "activity": "slowing",
            "outcomes": "flat",
            "last_activity": "3 weeks ago",
            "notes": "Sarah mentioned their team ends up writing every report and running every "
            "webinar.",
        },
        "stalled",
        "expectations",
        "revive",
        mentions=("Institute for Civic Research's side",),
    ),
    # Article 2, opening scenario: three months in, the channel has gone quiet, replies take a
    # week, we do most of the work, and the drift is one that "nobody owns".
    Case(
        "three months in, quiet, one-sided, and nobody owns it on their side",
        {
            "partner": "Sparrow Analytics",
            "kind": "technology",
            "started": "3 months ago",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "still_want": "yes",
            "owner_ours": "Lea Fischer",
            "owner_theirs": "",
            "owner_in_role": "partly",
            "last_conversation": "5 weeks ago",
            "standing_review": "no",
            "review_cadence": "none",
            "expectations_written": "partly",
            "success_metrics": "",
            "workload": "mostly-us",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "slowing",
            "outcomes": "unsure",
            "last_activity": "a month ago",
            "notes": "The VP who signed handed it to 'the team'. Replies take a week.",
        },
        "stalled",
        "owner",
        "revive",
        mentions=("Nobody at Sparrow Analytics", "5 weeks ago"),
    ),
    # Article 2, cause 1: after kickoff, the signers on both sides handed it to no one.
    Case(
        "both signers handed it to no one",
        {
            "partner": "Greenleaf Grocers",
            "kind": "co-marketing",
            "started": "2026-06-01",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "still_want": "yes",
            "owner_ours": "nobody",
            "owner_theirs": "nobody",
            "owner_in_role": "no",
            "last_conversation": "4 weeks ago",
            "standing_review": "no",
            "review_cadence": "none",
            "expectations_written": "yes",
            "success_metrics": "coupon redemptions",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "slowing",
            "outcomes": "flat",
        },
        "stalled",
        "owner",
        "revive",
        mentions=("neither on our side nor at Greenleaf Grocers",),
    ),
    # Article 2, cause 1: named owners, but it is a favour on the side, not their job.
    Case(
        "named owners for whom it is a side project",
        {
            "partner": "Atlas Coworking",
            "kind": "referral",
            "started": "2026-02-01",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "still_want": "yes",
            "owner_ours": "Nina Petrova",
            "owner_theirs": "Leo Martins",
            "owner_in_role": "no",
            "last_conversation": "3 weeks ago",
            "standing_review": "yes",
            "review_cadence": "quarterly",
            "expectations_written": "yes",
            "success_metrics": "referred members who sign a desk contract",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "slowing",
            "outcomes": "flat",
            "notes": "Both of us do this after hours; neither has it in our goals.",
        },
        "stalled",
        "owner",
        "revive",
        mentions=("Nina Petrova and Leo Martins",),
    ),
    # Stalled on rhythm, but our own priorities moved: the exit path, whatever the verdict.
    Case(
        "a real stall, but we no longer want it",
        {
            "partner": "Orbit Events",
            "kind": "co-marketing",
            "started": "2025-10-01",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "still_want": "no",
            "owner_ours": "Hugo Laurent",
            "owner_theirs": "Mia Chen",
            "owner_in_role": "yes",
            "last_conversation": "10 weeks ago",
            "standing_review": "no",
            "review_cadence": "none",
            "expectations_written": "yes",
            "success_metrics": "event sign-ups",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "stopped",
            "outcomes": "falling",
            "notes": "We are dropping in-person events next year.",
        },
        "stalled",
        "rhythm",
        "exit",
    ),
    # Article 2: flat outcomes with steady activity may just be normal ramp.
    Case(
        "a young partnership ramping: steady activity, flat results",
        {
            "partner": "Lumen Accounting",
            "kind": "referral",
            "started": "2 months ago",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "still_want": "yes",
            "owner_ours": "Ben Carter",
            "owner_theirs": "Sofia Rossi",
            "owner_in_role": "yes",
            "last_conversation": "3 weeks ago",
            "standing_review": "yes",
            "review_cadence": "monthly",
            "expectations_written": "yes",
            "success_metrics": "referred clients who book a demo",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "steady",
            "outcomes": "flat",
            "last_activity": "last Friday",
        },
        "healthy",
        None,
        "revive",
    ),
    # Article 2, FAQ: a lightweight referral arrangement needs fewer meetings.
    Case(
        "a light referral deal on a quarterly check-in",
        {
            "partner": "Harbor Legal",
            "kind": "referral",
            "started": "2024-05-01",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "still_want": "yes",
            "owner_ours": "Tess Morgan",
            "owner_theirs": "Raj Patel",
            "owner_in_role": "yes",
            "last_conversation": "7 weeks ago",
            "standing_review": "yes",
            "review_cadence": "quarterly",
            "expectations_written": "yes",
            "success_metrics": "referrals per quarter",
            "workload": "balanced",
            "enablement_materials": "not-needed",
            "enablement_contact": "yes",
            "activity": "steady",
            "outcomes": "flat",
            "last_activity": "3 weeks ago",
        },
        "healthy",
        None,
        "revive",
    ),
    # Article 2: falling activity is the early warning, but none of the four causes shows:
    # find out what changed before talking.
    Case(
        "activity stopped although everything is in place",
        {
            "partner": "Tidewater Bank",
            "kind": "technology",
            "started": "2025-01-15",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "still_want": "yes",
            "owner_ours": "Elena Varga",
            "owner_theirs": "Jon Ahlberg",
            "owner_in_role": "yes",
            "last_conversation": "2 weeks ago",
            "standing_review": "yes",
            "review_cadence": "monthly",
            "expectations_written": "yes",
            "success_metrics": "accounts opened through the integration",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "stopped",
            "outcomes": "falling",
            "last_activity": "2026-08-28",
            "notes": "Reviews still happen, but they have had nothing to report since August.",
        },
        "unclear",
        None,
        "prepare",
    ),
    # Healthy, but our strategy moved: a clean, friendly exit.
    Case(
        "healthy, but we are leaving the market",
        {
            "partner": "Vela Travel",
            "kind": "reseller",
            "started": "2025-03-01",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "still_want": "no",
            "owner_ours": "Ada Moreau",
            "owner_theirs": "Felix Braun",
            "owner_in_role": "yes",
            "last_conversation": "last week",
            "standing_review": "yes",
            "review_cadence": "monthly",
            "expectations_written": "yes",
            "success_metrics": "bookings resold",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "steady",
            "outcomes": "rising",
            "notes": "We are closing the travel line of business in Q2.",
        },
        "healthy",
        None,
        "exit",
    ),
    # The shared example file of PLAYBOOK.md: six weeks of silence and no review on the calendar.
    Case(
        "the shared example: six weeks without a review",
        dict(EXAMPLE),
        "stalled",
        "rhythm",
        "revive",
        mentions=("Mon 12 Oct 2026", "6 weeks ago"),
    ),
    # Article 2: "a stalled partnership had real fit but lost momentum". Here momentum is
    # rising five weeks after kickoff; the only gap is that no recurring review is booked yet.
    Case(
        "five weeks in, rising activity, no recurring review booked yet",
        {
            "partner": "Kestrel Robotics",
            "kind": "technology",
            "started": "5 weeks ago",
            "diagnosed_on": "2026-11-23",
            "fit_audience": "yes",
            "fit_incentives": "yes",
            "fit_delivery": "yes",
            "value_ours": "the fleet dashboard their customers want",
            "value_theirs": "robots in 60 warehouses",
            "still_want": "yes",
            "owner_ours": "Yara Haddad",
            "owner_theirs": "Ian Brooks",
            "owner_in_role": "yes",
            "last_conversation": "4 days ago",
            "standing_review": "no",
            "review_cadence": "none",
            "expectations_written": "yes",
            "success_metrics": "warehouses live on the integration",
            "workload": "balanced",
            "enablement_materials": "yes",
            "enablement_contact": "yes",
            "activity": "rising",
            "outcomes": "rising",
            "last_activity": "yesterday",
            "notes": "We talk most weeks while the integration ships; nothing recurring is booked.",
        },
        "healthy",
        None,
        "revive",
    ),
]


def _param(case: Case):
    marks = []
    if case.disagreement:
        marks.append(pytest.mark.xfail(reason=case.disagreement, strict=True))
    return pytest.param(case, id=case.name, marks=marks)


def diagnose(case: Case) -> Diagnosis:
    result = validate(case.answers, TODAY)
    assert result.ok, result.errors
    return Diagnosis.from_answers(result.answers, method=1)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_the_verdict_a_careful_reader_of_the_articles_would_give(case):
    diagnosis = diagnose(case)
    verdict = diagnosis.verdict
    assert (verdict.verdict, verdict.dominant_cause, diagnosis.talking_points.path) == (
        case.verdict,
        case.dominant,
        case.path,
    )


@pytest.mark.parametrize("case", [case for case in CASES if case.mentions], ids=lambda c: c.name)
def test_the_diagnosis_quotes_the_users_own_facts(case):
    diagnosis = diagnose(case)
    verdict = diagnosis.verdict
    text = " ".join(
        [sentence for finding in verdict.causes for sentence in finding.evidence]
        + list(verdict.early_warning)
        + list(verdict.watch)
        + list(diagnosis.talking_points.points)
    )
    for fact in case.mentions:
        assert fact in text


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_case_ends_on_one_fix_one_owner_one_date_without_blame(case):
    diagnosis = diagnose(case)
    points = diagnosis.talking_points.points
    assert points[-1].startswith("Agreed next step: ")
    assert " Owner: " in points[-1]
    assert " By: " in points[-1]
    owner = case.answers.get("owner_ours")
    if owner and owner != "nobody":
        assert f"Owner: {owner}." in points[-1]
    for point in points:
        assert blame.check(point) == [], point


@pytest.mark.parametrize(
    "case",
    [case for case in CASES if case.path == "revive" and case.verdict == "stalled"],
    ids=lambda c: c.name,
)
def test_every_revive_case_proposes_the_first_review_date(case):
    diagnosis = diagnose(case)
    review = long_date(diagnosis.verdict.next_review)
    assert any(
        point.startswith("Propose one fix") and review in point
        for point in diagnosis.talking_points.points
    )
