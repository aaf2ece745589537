"""How often a partnership should meet, and the dates of that rhythm.

The recommended cadence depends on the kind of partnership: monthly suits most, strategic
alliances and joint ventures meet more often, light referral deals less. The first review falls
on a working day (no weekend, no public holiday where the user lives: see
:mod:`playbook.workdays`), and the rest follow the same rule (the nth weekday of the month for
monthly and quarterly reviews, so the meeting keeps its place in people's weeks).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from dateutil.rrule import weekdays as RRULE_WEEKDAYS

from playbook import workdays

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


def first_review(cadence: str, start: date, *, country: workdays.Where = workdays.HERE) -> date:
    """The first review of the rhythm: one interval after ``start``, moved to the next working
    day when it falls on a weekend or a public holiday of ``country`` (by default the user's:
    :func:`playbook.workdays.country`). It is the first occurrence of :func:`review_rule` from
    that day, so the rhythm keeps that day's place in the week or month."""
    target = workdays.next_working_day(start + _STEP[cadence], country=country)
    return review_rule(cadence, target)[0].date()


REVIEW_LIMIT_DAYS = 28
"""The first review comes at most this many days after the reset conversation."""


def review_after(
    cadence: str,
    start: date,
    limit_days: int = REVIEW_LIMIT_DAYS,
    *,
    country: workdays.Where = workdays.HERE,
) -> date:
    """The first review of the rhythm after ``start`` (the reset conversation), no later than
    ``limit_days`` after it: a working day, strictly after ``start``.

    Why the cap: the playbook puts the first review at most 28 days after the conversation,
    whatever the cadence. The agreement is fresh, and a first check-in three months out (or
    even a calendar month, which can be 31 days) lets the momentum the conversation rebuilt
    drain away before anyone looks at it again. So weekly is 7 days after ``start`` and
    biweekly 14, while monthly and quarterly are capped at 4 weeks (the same weekday). A day
    that is not a working day moves to the next working day, or back to the previous one when
    that would pass the cap. Later reviews follow :func:`review_rule` from the returned day.

    Only when the whole window holds no working day (a ``limit_days`` of a few days over a long
    holiday) is the cap passed: the first working day after ``start`` is returned then.
    Working days are those of ``country``, by default the user's. Raises ValueError when
    ``limit_days`` is below 1.
    """
    if limit_days < 1:
        raise ValueError(f"limit_days must be 1 or more, not {limit_days}")
    where = workdays.country() if country is workdays.HERE else country
    limit = start + timedelta(days=limit_days)
    target = min(start + _STEP[cadence], limit)
    later = workdays.next_working_day(target, country=where)
    chosen = later
    if later > limit:
        earlier = workdays.previous_working_day(target, country=where)
        if earlier > start:
            chosen = earlier
    return review_rule(cadence, chosen)[0].date()


def reviews(cadence: str, first: date, count: int) -> list[date]:
    """The first ``count`` review dates."""
    return [moment.date() for moment in review_rule(cadence, first)[:count]]
