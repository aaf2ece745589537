"""Working days where the user lives: no weekend, no public holiday.

The country comes from the environment variable ``UNSTALL_COUNTRY`` (an ISO 3166 alpha-2 code
such as ``GB``, ``US`` or ``DE``), else from the locale (``en_GB.UTF-8`` means ``GB``). Its
public holidays come from the ``holidays`` package. Where no country is known, 1 January and
25 December still count as holidays, so no proposed date lands on either.

Pure Python: no screens, no database. ``holidays`` is imported on first use, not on import, so
loading this module stays cheap.
"""

from __future__ import annotations

import enum
import os
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from playbook.dates import locale_name, long_date

ENV_VAR = "UNSTALL_COUNTRY"

"""Read in this order, as the C library does: the first one that is set decides."""

FALLBACK_HOLIDAYS = ((1, 1), (12, 25))
"""(month, day) of the holidays kept when no country is known: 1 January and 25 December."""

_TERRITORY = re.compile(r"^[a-z]{2,3}[_-](?P<territory>[a-z]{2})(?:[.@]|$)", re.IGNORECASE)
_CODE = re.compile(r"^[a-z]{2,3}$", re.IGNORECASE)


class _Here(enum.Enum):
    HERE = "here"


HERE = _Here.HERE
"""The default of every ``country`` parameter: the country of :func:`country`, read each call."""

Where = str | None | Literal[_Here.HERE]


def country() -> str | None:
    """The ISO 3166 alpha-2 code of the country the user lives in, or None when unknown.

    ``UNSTALL_COUNTRY`` wins when set (any case; ``uk`` is read as ``GB``). A value the
    ``holidays`` package does not know, such as ``none``, means no country: only the fallback
    holidays apply. Without it, the locale decides (``LC_ALL``, then ``LC_TIME``, then ``LANG``,
    then the process locale): ``en_GB.UTF-8`` is ``GB``; ``C`` and ``POSIX`` name no country.
    """
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return known_country(configured)
    value = locale_name()
    return None if value is None else _from_locale(value)


def _from_locale(value: str) -> str | None:
    match = _TERRITORY.match(value)
    return known_country(match.group("territory")) if match else None


@lru_cache(maxsize=64)
def known_country(code: str) -> str | None:
    """``code`` as the ISO alpha-2 code of a country whose holidays are known, else None."""
    code = code.strip().upper()
    if not _CODE.match(code):
        return None
    import holidays

    try:
        calendar = holidays.country_holidays(code)
    except NotImplementedError:
        return None
    return str(calendar.country)


SUBDIVISIONS: dict[str, str] = {"GB": "ENG"}
"""The region whose holidays a country stands for when its nation-wide list leaves out days
most of its people have off. The United Kingdom's own list holds only the bank holidays all
four nations share, so Easter Monday and the August bank holiday would count as working
days; England's list (which Wales shares) keeps them, for where most of the UK lives."""


@lru_cache(maxsize=256)
def _holidays(code: str | None, year: int) -> frozenset[date]:
    if code is None:
        return frozenset(date(year, month, day) for month, day in FALLBACK_HOLIDAYS)
    import holidays

    calendar = holidays.country_holidays(code, subdiv=SUBDIVISIONS.get(code), years=year)
    return frozenset(calendar.keys())


def _resolve(where: Where) -> str | None:
    if where is HERE:
        return country()
    return known_country(where) if where else None


def is_holiday(day: date, country: Where = HERE) -> bool:
    """Whether ``day`` is a public holiday of ``country`` (1 January and 25 December when
    none is known)."""
    return day in _holidays(_resolve(country), day.year)


def is_working_day(day: date, country: Where = HERE) -> bool:
    """Whether ``day`` is a working day: Monday to Friday, not a public holiday of
    ``country`` (by default the user's, read each call; with None, only 1 January and
    25 December are holidays)."""
    return day.weekday() < 5 and not is_holiday(day, country)


def day_off(day: date, country: Where = HERE) -> str:
    """What makes ``day`` no working day, in words ("a Saturday", "a public holiday"), or
    "" for a working day: said beside a due date typed for one."""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    return "a public holiday" if is_holiday(day, country) else ""


def off_day_note(day: date) -> str:
    """Why ``day`` makes a poor due date, and the day after it that is not, in words: "a
    Saturday: the next working day is Mon 7 Dec 2026"; "" for a working day."""
    off = day_off(day)
    if not off:
        return ""
    return f"{off}: the next working day is {long_date(next_working_day(day))}"


def next_working_day(day: date, *, country: Where = HERE) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    code = _resolve(country)
    while not is_working_day(day, code):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date, *, country: Where = HERE) -> date:
    """``day`` itself when it is a working day, else the last working day before it."""
    code = _resolve(country)
    while not is_working_day(day, code):
        day -= timedelta(days=1)
    return day


def add_working_days(day: date, count: int, *, country: Where = HERE) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself never counts).

    Raises ValueError when ``count`` is below 1.
    """
    if count < 1:
        raise ValueError(f"count must be 1 or more, not {count}")
    code = _resolve(country)
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1), country=code)
    return day
