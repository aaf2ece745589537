"""How often a partnership should meet, and the dates of that rhythm.

The recommended cadence depends on the kind of partnership: monthly suits most, strategic
alliances and joint ventures meet more often, light referral deals less. The first review is one
interval after the diagnosis, on a weekday, and the rest follow the same rule (the nth weekday of
the month for monthly and quarterly reviews, so the meeting keeps its place in people's weeks).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from dateutil.rrule import weekdays as RRULE_WEEKDAYS

Cadence = Literal["weekly", "biweekly", "monthly", "quarterly"]

CADENCE_BY_KIND: dict[str, Cadence] = {
    "referral": "quarterly",
    "co-marketing": "monthly",
    "reseller": "monthly",
    "technology": "monthly",
    "strategic-alliance": "biweekly",
    "joint-venture": "biweekly",
    "community": "monthly",
    "other": "monthly",
}

INTERVAL_DAYS: dict[str, int] = {"weekly": 7, "biweekly": 14, "monthly": 31, "quarterly": 92}

ADJECTIVE: dict[str, str] = {
    "weekly": "weekly",
    "biweekly": "fortnightly",
    "monthly": "monthly",
    "quarterly": "quarterly",
}

_STEP: dict[str, relativedelta] = {
    "weekly": relativedelta(weeks=1),
    "biweekly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
}


def recommended(kind: str | None) -> Cadence:
    """The review cadence that suits this kind of partnership (monthly when unknown)."""
    return CADENCE_BY_KIND.get(kind or "other", "monthly")


def review_rule(cadence: str, first: date) -> rrule:
    """The recurrence of the review, starting on ``first`` (which is its first occurrence)."""
    start = datetime.combine(first, datetime.min.time())
    day = RRULE_WEEKDAYS[first.weekday()]
    if cadence in ("weekly", "biweekly"):
        interval = 1 if cadence == "weekly" else 2
        return rrule(WEEKLY, interval=interval, byweekday=day, dtstart=start)
    interval = 1 if cadence == "monthly" else 3
    return rrule(MONTHLY, interval=interval, byweekday=nth_weekday(first), dtstart=start)


def nth_weekday(value: date) -> weekday:
    """The weekday of ``value`` with its place in the month (+2 = second; -1 = last, used for
    a fifth occurrence so the meeting exists every month)."""
    ordinal = (value.day - 1) // 7 + 1
    return RRULE_WEEKDAYS[value.weekday()](ordinal if ordinal <= 4 else -1)


def first_review(cadence: str, diagnosed_on: date) -> date:
    """The first review of the proposed rhythm: one interval after the diagnosis, on a weekday.
    It is the first occurrence of :func:`review_rule` from that day."""
    target = diagnosed_on + _STEP[cadence]
    while target.weekday() >= 5:
        target += timedelta(days=1)
    return review_rule(cadence, target)[0].date()


def reviews(cadence: str, first: date, count: int) -> list[date]:
    """The first ``count`` review dates."""
    return [moment.date() for moment in review_rule(cadence, first)[:count]]
