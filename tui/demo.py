"""Sample partners with a year of history, for ``unstall --demo``, the tests and the screenshots.

Every date counts back from the day given (the fixed clock in tests and screenshots), so the
demo reads the same whatever day it is shown. The partners are invented.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from playbook.answers import validate
from playbook.diagnosis import Diagnosis
from playbook.outcome import Outcome
from store.repository import Repository

HEALTHY = {
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "still_want": "yes",
    "owner_ours_in_role": "yes",
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "standing_review": "yes",
    "expectations_written": "yes",
    "workload": "balanced",
    "enablement_materials": "yes",
    "enablement_contact": "yes",
    "activity": "steady",
    "outcomes": "rising",
}


def _history() -> Iterator[tuple[int, dict[str, str]]]:
    """(days before today, answers) for every sample diagnosis."""
    harbor = {
        "partner": "Harbor Travel",
        "kind": "co-marketing",
        "value_ours": "a newsletter read by 40,000 small-business owners",
        "value_theirs": "travel discounts our members ask for",
        "owner_ours": "Alex Kim",
        "owner_theirs": "Jo Rivera",
        "success_metrics": "discount redemptions per month",
    }
    yield 320, {**HEALTHY, **harbor, "review_cadence": "monthly", "activity": "rising"}
    yield 150, {**HEALTHY, **harbor, "review_cadence": "monthly", "outcomes": "flat"}
    yield (
        0,
        {
            **HEALTHY,
            **harbor,
            "fit_delivery": "partly",
            "owner_theirs_in_role": "partly",
            "changes_theirs": "people",
            "standing_review": "no",
            "review_cadence": "none",
            "expectations_written": "partly",
            "enablement_materials": "partly",
            "activity": "slowing",
            "activity_last_month": "1",
            "activity_typical_month": "4",
            "outcomes": "flat",
            "notes": "Their last two newsletter slots went unused.\n"
            "Jo took over from the manager who signed the deal in August.",
            "__last_conversation": "42",
            "__last_activity": "34",
        },
    )
    northwind = {
        "partner": "Northwind Analytics",
        "kind": "technology",
        "owner_ours": "Priya Shah",
        "value_ours": "a connector our 300 customers already use",
        "value_theirs": "dashboards our customers keep asking for",
        "success_metrics": "joint customers live on the integration",
    }
    yield 250, {**HEALTHY, **northwind, "owner_theirs": "Sam Okafor", "review_cadence": "monthly"}
    yield (
        60,
        {
            **HEALTHY,
            **northwind,
            "owner_theirs": "",
            "owner_ours_in_role": "partly",
            "owner_request": "not-asked",
            "changes_theirs": "people",
            "review_cadence": "monthly",
            "activity": "slowing",
            "activity_last_month": "2",
            "activity_typical_month": "9",
            "outcomes": "flat",
            "notes": "Sam Okafor moved to another team in the summer; nobody took over.",
            "__last_conversation": "49",
            "__last_activity": "40",
        },
    )
    lumen = {
        "partner": "Lumen Learning Co-op",
        "kind": "community",
        "owner_ours": "Dana Fox",
        "owner_theirs": "Lee Park",
        "success_metrics": "workshop sign-ups",
        "review_cadence": "monthly",
    }
    yield (
        200,
        {
            **HEALTHY,
            **lumen,
            "owner_theirs": "",
            "standing_review": "no",
            "review_cadence": "none",
            "activity": "slowing",
            "__last_conversation": "50",
        },
    )
    yield 90, {**HEALTHY, **lumen, "__last_conversation": "12"}
    yield 20, {**HEALTHY, **lumen, "activity": "rising", "__last_conversation": "9"}
    brightpath = {
        "partner": "Brightpath Resellers",
        "kind": "reseller",
        "owner_ours": "Morgan Lee",
        "owner_theirs": "Chris Adeyemi",
        "success_metrics": "licences sold per quarter",
        "review_cadence": "monthly",
    }
    yield (
        45,
        {
            **HEALTHY,
            **brightpath,
            "enablement_materials": "no",
            "enablement_contact": "no",
            "activity": "stopped",
            "outcomes": "falling",
            "notes": "They asked twice for a demo script and pricing sheet.",
            "__started": "155",
            "__last_conversation": "20",
            "__last_activity": "65",
        },
    )
    cobalt = {
        "partner": "Cobalt & Finch",
        "kind": "strategic-alliance",
        "owner_ours": "Robin Ellis",
        "owner_theirs": "Ada Novak",
        "review_cadence": "biweekly",
    }
    yield 180, {**HEALTHY, **cobalt, "success_metrics": "joint pipeline value"}
    yield (
        14,
        {
            **HEALTHY,
            **cobalt,
            "expectations_written": "no",
            "success_metrics": "",
            "workload": "mostly-us",
            "workload_agreed": "no",
            "activity": "steady",
            "outcomes": "flat",
            "notes": "We wrote all four joint proposals this quarter.",
            "__last_conversation": "10",
        },
    )
    yield (
        100,
        {
            **HEALTHY,
            "partner": "Ridgeway Referrals",
            "kind": "referral",
            "owner_ours": "Sam Ortiz",
            "owner_theirs": "Kim Byrne",
            "review_cadence": "quarterly",
            "success_metrics": "qualified referrals",
            "__last_conversation": "30",
        },
    )
    yield (
        30,
        {
            "partner": "Tessellate Labs",
            "kind": "joint-venture",
            "fit_audience": "no",
            "fit_incentives": "no",
            "fit_delivery": "partly",
            "still_want": "unsure",
            "owner_ours": "Jamie Chen",
            "owner_theirs": "Noor Haddad",
            "owner_ours_in_role": "yes",
            "owner_theirs_in_role": "yes",
            "standing_review": "yes",
            "review_cadence": "biweekly",
            "activity": "slowing",
            "notes": "Their buyers are hospitals; ours are retailers.",
            "__started": "330",
            "__last_conversation": "16",
        },
    )
    yield (
        5,
        {
            "partner": "Quarry Street Media",
            "kind": "co-marketing",
            "owner_ours": "Alex Kim",
            "activity": "unsure",
            "notes": "Inherited from the previous partnerships lead.",
        },
    )


def sample_answers(today: date) -> list[dict[str, str]]:
    """Every sample diagnosis as clean answers, oldest first."""
    result = []
    for days_before, template in sorted(_history(), key=lambda item: -item[0]):
        on = today - timedelta(days=days_before)
        raw = {key: value for key, value in template.items() if not key.startswith("__")}
        raw["diagnosed_on"] = on.isoformat()
        started = today - timedelta(days=int(template.get("__started", "400")))
        raw["started"] = min(started, on - timedelta(days=30)).isoformat()
        for key in ("last_conversation", "last_activity"):
            gap = template.get(f"__{key}", "7" if key == "last_conversation" else "10")
            raw[key] = (on - timedelta(days=int(gap))).isoformat()
        if raw.get("standing_review") == "yes":
            # The review met when the partners last worked together.
            raw["review_last_held"] = raw["last_conversation"]
        validated = validate(raw, today)
        assert validated.ok, validated.errors
        result.append(validated.answers)
    return result


OUTCOMES: dict[str, tuple[str, str, str, int]] = {
    # partner: (decision, the fix agreed, its owner, due: days after the diagnosis)
    "Northwind Analytics": (
        "revive",
        "Northwind names a new owner for the integration",
        "Priya Shah",
        21,
    ),
    "Brightpath Resellers": (
        "revive",
        "a demo script, a price sheet and one named contact",
        "Morgan Lee",
        14,
    ),
    "Cobalt & Finch": ("revive", "a one-page split of the joint proposals", "Robin Ellis", 17),
    "Tessellate Labs": ("exit", "a wrap-up note with every open item", "Jamie Chen", 14),
}
"""What came of the conversations after the latest diagnoses, so that the demo has fixes
that are overdue (Northwind, Brightpath), due soon (Cobalt) and an exit (Tessellate)."""


def seed(repository: Repository, today: date) -> None:
    """Fill an empty repository with the sample partners and the outcomes of their latest
    conversations."""
    latest: dict[str, Diagnosis] = {}
    for answers in sample_answers(today):
        on = answers["diagnosed_on"]
        latest[answers["partner"]] = repository.save(answers, created_at=f"{on}T10:00:00")
    for partner, (decision, fix, owner, days) in OUTCOMES.items():
        diagnosis = latest[partner]
        assert diagnosis.id is not None
        on = diagnosis.diagnosed_on
        outcome = Outcome(decision, fix, owner, on + timedelta(days=days), on + timedelta(days=2))
        repository.set_outcome(diagnosis.id, outcome)


def demo_path() -> Path:
    """The demo database: in the system's temporary folder, never the user's file. It is kept
    between demo runs, so quitting and reopening the demo finds what was typed."""
    return Path(tempfile.gettempdir()) / "unstall-demo" / "database"


def open_demo(today: date, *, fresh: bool = False) -> Repository:
    """Open the demo database, seeding it the first time (or again when ``fresh``)."""
    path = demo_path()
    if fresh and path.is_dir():
        shutil.rmtree(path)
    repository = Repository(path)
    if repository.count() == 0 and not repository.drafts():
        seed(repository, today)
    return repository
