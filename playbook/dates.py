"""Dates as people type them, resolved against the day of the diagnosis.

Accepted: ISO (``2026-10-03``), written forms (``Oct 3``, ``3rd of October 2026``,
``Tue 3 Nov 2026``, ``October 2026`` for its first day), dates in numbers (``05/10/2026``,
``05/10/26``, ``05/10``: read day first or month first, see below), relative forms
(``today``, ``yesterday``, ``3 weeks ago``, ``a month ago``, ``last Tuesday``, ``last week``;
for due dates also ``tomorrow``, ``in 2 weeks``, ``next Friday``), and parts of a month:
``early September`` (the 5th), ``mid October`` (the 15th), ``late September`` (the 25th),
``start of next month`` (the 1st), ``end of last month`` (its last day); the month is a
month's name (with or without a year) or ``last``/``this``/``next month``. Every parsed date is
shown back as an absolute date with its distance, e.g. ``Mon 14 Sep 2026, 10 weeks ago``.

A date in numbers that does not start with the year reads day first (``05/10/2026`` is 5
October) or month first (it is May 10), as :func:`date_order` says: ``UNSTALL_DATE_ORDER=dmy``
or ``mdy``, else the locale (``LC_ALL``, then ``LC_TIME``, then ``LANG``, then the process
locale): the United States and its territories, ``C``/``POSIX`` and a locale with no country
read month first; every other country reads day first.

Written forms are read strictly: the day is a number from 1 to 31 that exists in that month,
the year has 4 digits (2 only in the numeric form). A day that does not exist (``July 32``,
``Feb 30``, ``2026-02-30``, ``13/45/2026``) is an error that says why, never another date;
when the other order would be a date (``13/10/2026`` read month first), it offers that one.
"""

from __future__ import annotations

import calendar
import locale
import os
import re
from datetime import date
from typing import Literal

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

ACCEPTED = "a date such as 2026-10-03, Oct 3, 3 October 2026, or '3 weeks ago' / 'last Tuesday'"

_WEEKDAYS = {
    "monday": MO, "mon": MO,
    "tuesday": TU, "tue": TU, "tues": TU,
    "wednesday": WE, "wed": WE,
    "thursday": TH, "thu": TH, "thur": TH, "thurs": TH,
    "friday": FR, "fri": FR,
    "saturday": SA, "sat": SA,
    "sunday": SU, "sun": SU,
}  # fmt: skip

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2, "a few": 3, "few": 3,
}  # fmt: skip

_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}

_AGO = re.compile(
    r"^(?P<count>\d+|a couple of|couple of|a few|few|[a-z]+)\s+"
    r"(?P<unit>day|week|month|year)s?\s+ago$"
)
_LAST = re.compile(r"^(?:last|past|previous)\s+(?P<what>[a-z]+)$")
_IN = re.compile(
    r"^in\s+(?P<count>\d+|a couple of|couple of|a few|few|[a-z]+)\s+"
    r"(?P<unit>day|week|month|year)s?$"
)
_NEXT = re.compile(r"^(?:next|this|coming)\s+(?P<what>[a-z]+)$")
_MONTH_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE
)
_NUMERIC = re.compile(r"^\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?$")

_MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(_MONTH_NAMES) if name},
    **{name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES) if name},
    "sept": 9,
}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FILLERS = frozenset({"on", "the", "of"})
_ORDINAL = re.compile(r"^(?P<digits>\d+)(?P<suffix>st|nd|rd|th)?$")


class DateError(ValueError):
    """Raised with a message a person can act on."""


# -- day first or month first ---------------------------------------------------------------

DateOrder = Literal["dmy", "mdy"]

ORDER_VAR = "UNSTALL_DATE_ORDER"
"""``dmy`` (day first: 05/10/2026 is 5 October) or ``mdy`` (month first: May 10)."""

LOCALE_VARS = ("LC_ALL", "LC_TIME", "LANG")
"""Read in this order, as the C library does: the first one that is set decides (as
:mod:`playbook.workdays` reads the country)."""

MONTH_FIRST_COUNTRIES = frozenset({"US", "AS", "GU", "MP", "PR", "UM", "VI", "FM", "MH", "PW"})
"""Countries whose dates in numbers read month first: the United States, its territories,
and the states in free association with it. Every other country reads day first."""

_LOCALE_NAME = re.compile(
    r"^(?P<language>[a-z]{2,3})(?:[_-](?P<territory>[a-z]{2}))?(?:[.@]|$)", re.IGNORECASE
)


def date_order() -> DateOrder:
    """How this user writes a date in numbers, read each call: ``UNSTALL_DATE_ORDER``
    (``dmy`` or ``mdy``, any case) when set to one of them, else from the locale: a locale
    with a country reads month first for the United States and its territories
    (``en_US.UTF-8``, ``es_US``) and day first elsewhere (``en_GB``, ``de_DE``, ``fr_CA``);
    ``C``, ``POSIX`` and a locale with no country (``en``, ``C.UTF-8``) read month first."""
    configured = os.environ.get(ORDER_VAR, "").strip().lower()
    if configured in ("dmy", "mdy"):
        return "dmy" if configured == "dmy" else "mdy"
    value = locale_name()
    return "mdy" if value is None else order_of_locale(value)


def locale_name() -> str | None:
    """The user's locale as named (``en_GB.UTF-8``): ``LC_ALL``, then ``LC_TIME``, then
    ``LANG``, then the process locale; None when the platform cannot say. Read each call."""
    for name in LOCALE_VARS:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    try:
        # The raw name, not locale.getlocale(): that one reports C.UTF-8 as en_US.
        return locale.setlocale(locale.LC_CTYPE)
    except (locale.Error, ValueError):  # pragma: no cover - depends on the platform
        return None


def order_of_locale(value: str) -> DateOrder:
    """The date order of a locale name such as ``en_GB.UTF-8`` (see :func:`date_order`);
    a Windows name (``English_United Kingdom.1252``) by its country's name."""
    match = _LOCALE_NAME.match(value.strip())
    if match is None:
        if "_" in value and "." in value:  # Windows: Language_Country.codepage
            country = value.split("_", 1)[1].split(".", 1)[0].strip().lower()
            return "mdy" if country in ("united states", "us") else "dmy"
        return "mdy"  # C, POSIX and anything unnamed
    territory = match.group("territory")
    if territory is None:
        return "mdy"
    return "mdy" if territory.upper() in MONTH_FIRST_COUNTRIES else "dmy"


def order_words(order: DateOrder) -> str:
    """E.g. "day first: 05/10/2026 is 5 October 2026"."""
    if order == "dmy":
        return "day first: 05/10/2026 is 5 October 2026"
    return "month first: 05/10/2026 is May 10, 2026"


def parse_date(
    text: str,
    reference: date,
    *,
    past: bool = False,
    order: DateOrder | None = None,
    ahead: bool = False,
) -> date:
    """The date ``text`` means, with relative forms counted back from ``reference``; with
    ``ahead`` (a due date), a weekday alone ("Friday") is the next one after ``reference``,
    never the one before it.

    A written date without a year that would fall after ``reference`` is taken from the year
    before when ``past`` is set ("Dec 5" typed in November means last December; for a part of
    a month, "late December", the month decides). A date in numbers reads in ``order``
    (default: :func:`date_order`).
    Raises :class:`DateError` when the text is not a date, and when it names a day that does
    not exist ("July 32", "Feb 30", "2026-02-30"): that is never read as some other date.
    """
    typed = text.strip()
    cleaned = " ".join(typed.lower().replace(",", " ").split())
    if not cleaned:
        raise DateError("No date given: type " + ACCEPTED)
    try:
        relative = _part_of_month(cleaned, typed, reference, past=past)
        if relative is None:
            relative = _relative(cleaned, reference, ahead=ahead)
    except DateError:
        raise
    except (ValueError, OverflowError) as error:
        raise DateError(
            f"'{typed}' is too far from {reference.isoformat()} to be a date"
        ) from error
    if relative is not None:
        return relative
    weekday: int | None = None
    if _NUMERIC.match(cleaned):
        year, month, day = _numeric(cleaned, typed, reference, order or date_order())
    elif _MONTH_WORD.search(cleaned):
        year, month, day, weekday = _written(cleaned, typed)
    else:
        raise DateError(f"'{typed}' is not a date: type {ACCEPTED}")
    explicit = year is not None
    if year is None:
        year = reference.year
        if past and (month, day or 1) > (reference.month, reference.day):
            year -= 1
    parsed = _checked(typed, year, month, day, explicit=explicit)
    if weekday is not None and parsed.weekday() != weekday:
        actual, named = _WEEKDAY_NAMES[parsed.weekday()], _WEEKDAY_NAMES[weekday]
        raise DateError(
            f"'{typed}' is not a date: {short_date(parsed)} is a {actual}, not a {named}"
        )
    return parsed


def _numeric(
    cleaned: str, typed: str, reference: date, order: DateOrder
) -> tuple[int | None, int, int | None]:
    """(year, month, day) of a numeric date: year first (``2026-10-03``, ``2026/10``), else
    day first or month first as ``order`` says (``05/10/2026``, ``05/10/26``, ``05/10``)."""
    parts = re.split(r"[/.-]", cleaned)
    example = "05/10/2026"
    if len(set(re.findall(r"[/.-]", cleaned))) > 1:
        raise DateError(f"'{typed}' is not a date: use one separator, as in {example}")
    numbers = [int(part) for part in parts]
    if len(parts[0]) == 4:
        if len(parts) == 3 and len(parts[2]) > 2:
            raise DateError(f"'{typed}' is not a date: type {ACCEPTED}")
        year, month = numbers[0], numbers[1]
        day = numbers[2] if len(parts) == 3 else None
        if month < 1 or month > 12:
            raise DateError(
                f"'{typed}' is not a date: there is no month {month} "
                "(a date that starts with the year reads year-month-day, as in 2026-10-03)"
            )
        return year, month, day
    if len(parts[0]) > 2:
        raise DateError(f"'{typed}' is not a date: type {ACCEPTED}")
    first, second = numbers[0], numbers[1]
    month, day = (second, first) if order == "dmy" else (first, second)
    year: int | None = None
    if len(parts) == 3:
        if len(parts[2]) == 4:
            year = numbers[2]
        elif len(parts[2]) == 2:
            year = _two_digit_year(numbers[2], reference)
        else:
            raise DateError(
                f"'{typed}' is not a date: write the year with 4 digits, as in {example}"
            )
    if month < 1 or month > 12:
        # (A month from 1 to 12 with a day past its end is never a date the other way round:
        # that day would be a month over 12.)
        raise DateError(
            f"'{typed}' is not a date: there is no month {month} "
            f"({_order_hint(cleaned, parts, order, swapped=_exists(year, day, month))})"
        )
    return year, month, day


def _exists(year: int | None, month: int, day: int | None) -> bool:
    """Whether day ``day`` of ``month`` exists (in ``year``; without one, in some year)."""
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    length = calendar.monthrange(year if year is not None and 1 <= year <= 9999 else 2024, month)
    return 1 <= day <= length[1]


def _order_hint(cleaned: str, parts: list[str], order: DateOrder, *, swapped: bool) -> str:
    """How a date in numbers reads here, and the other order when that one is a date."""
    reads = "day first" if order == "dmy" else "month first"
    other = "mdy" if order == "dmy" else "dmy"
    if not swapped:
        return f"a date in numbers reads {order_words(order)}"
    separator = cleaned[len(parts[0])]
    flipped = separator.join([parts[1], parts[0], *parts[2:]])
    return (
        f"a date in numbers reads {reads} here: did you mean {flipped}? "
        f"To read it the other way, set {ORDER_VAR}={other}"
    )


def _two_digit_year(value: int, reference: date) -> int:
    """A 2-digit year as the one within 50 years of ``reference`` (26 -> 2026, 80 -> 1980)."""
    year = reference.year // 100 * 100 + value
    if year >= reference.year + 50:
        year -= 100
    elif year < reference.year - 50:
        year += 100
    return year


def _written(cleaned: str, typed: str) -> tuple[int | None, int, int | None, int | None]:
    """(year, month, day, weekday) of a written date: ``Oct 3``, ``3 October 2026``,
    ``Tuesday 3rd of November 2026``, ``October 2026``. The day is a number from 1 to 31, the
    year has 4 digits; anything else in the text makes it not a date."""
    not_a_date = DateError(f"'{typed}' is not a date: type {ACCEPTED}")
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    for token in (token for token in re.split(r"[\s/.-]+", cleaned) if token):
        if token in _MONTHS:
            if month is not None:
                raise not_a_date
            month = _MONTHS[token]
        elif token in _WEEKDAYS:
            if weekday is not None:
                raise not_a_date
            weekday = _WEEKDAYS[token].weekday
        elif token in _FILLERS:
            continue
        else:
            number = _ORDINAL.match(token)
            if not number:
                raise not_a_date
            digits, suffix = number.group("digits"), number.group("suffix")
            if len(digits) == 4 and not suffix:
                if year is not None:
                    raise not_a_date
                year = int(digits)
            elif day is None and (len(digits) <= 2 or suffix):
                day = int(digits)
            elif len(digits) <= 2:
                raise DateError(f"'{typed}' is not a date: write the year with 4 digits")
            else:
                raise DateError(
                    f"'{typed}' is not a date: the day is a number from 1 to 31 "
                    "and the year has 4 digits"
                )
    if month is None or (weekday is not None and day is None):
        raise not_a_date
    return year, month, day, weekday


def _checked(typed: str, year: int, month: int, day: int | None, *, explicit: bool) -> date:
    """The date, or a :class:`DateError` that says why that day does not exist."""
    if year < 1 or year > 9999:
        raise DateError(f"'{typed}' is not a date: there is no year {year}")
    if day is None:
        return date(year, month, 1)
    name = _MONTH_NAMES[month]
    if day < 1:
        raise DateError(f"'{typed}' is not a date: there is no day {day}")
    length = calendar.monthrange(year, month)[1]
    if day <= length:
        return date(year, month, day)
    if month != 2:
        reason = f"{name} has {length} days"
    elif explicit:
        reason = f"February {year} has {length} days"
    elif day > 29:
        reason = "February has 28 days, 29 in a leap year"
    else:
        leap = _next_leap(year)
        reason = f"February {year} has {length} days (for a leap year, type it: 29 Feb {leap})"
    raise DateError(f"'{typed}' is not a date: {reason}")


def _next_leap(year: int) -> int:
    while not calendar.isleap(year):
        year += 1
    return year


PART_DAYS: dict[str, int] = {"start": 1, "early": 5, "mid": 15, "late": 25}
"""The day each part of a month means: ``start of`` the 1st, ``early`` the 5th, ``mid`` the
15th, ``late`` the 25th; ``end of`` is the month's last day."""
PART_BEGINS: dict[str, int] = {"start": 1, "early": 1, "mid": 11, "late": 21}
"""The first day each part of a month covers (``end of``: the last five days). A past date
typed as a part of this month that is not over yet ("late November" on 23 November) means
today when the part has begun, and last year's when it has not."""

_PART_WORDS = {
    "start": "start", "beginning": "start", "early": "early", "mid": "mid", "middle": "mid",
    "late": "late", "end": "end",
}  # fmt: skip
_PART = re.compile(
    r"^(?:in\s+|at\s+|by\s+)?(?:the\s+)?(?P<part>start|beginning|early|mid|middle|late|end)"
    r"(?:\s*-\s*|\s+)(?:of\s+)?(?:the\s+)?(?P<what>.+)$"
)
_PART_MONTH = re.compile(r"^(?P<month>[a-z]+)\.?(?:\s+(?P<year>\d+))?$")
_MONTH_STEPS = {
    "last month": -1, "previous month": -1, "past month": -1,
    "this month": 0, "month": 0, "current month": 0,
    "next month": 1, "coming month": 1,
}  # fmt: skip


def _part_of_month(cleaned: str, typed: str, reference: date, *, past: bool) -> date | None:
    """``early September``, ``mid October 2025``, ``late last month``, ``end of next month``,
    ``the start of this month``: the day of :data:`PART_DAYS` (or the last day) of that month;
    None when ``cleaned`` is not a part of a month. A month named without a year is this
    year's, or, with ``past``, last year's when it has not begun yet; with ``past``, a part of
    the current month that is not over yet is today when it has begun (:data:`PART_BEGINS`)."""
    match = _PART.match(cleaned)
    if match is None:
        return None
    part, what = _PART_WORDS[match.group("part")], match.group("what")
    named_year: str | None = None
    if what in _MONTH_STEPS:
        first = date(reference.year, reference.month, 1) + relativedelta(months=_MONTH_STEPS[what])
        year, month = first.year, first.month
    else:
        named = _PART_MONTH.match(what)
        if named is None or named.group("month") not in _MONTHS:
            return None
        month = _MONTHS[named.group("month")]
        named_year = named.group("year")
        if named_year is not None:
            if len(named.group("year")) != 4:
                raise DateError(f"'{typed}' is not a date: write the year with 4 digits")
            year = int(named.group("year"))
            if not 1 <= year <= 9999:
                raise DateError(f"'{typed}' is not a date: there is no year {year}")
        else:
            year = reference.year - (1 if past and month > reference.month else 0)
    last = calendar.monthrange(year, month)[1]
    day = last if part == "end" else PART_DAYS[part]
    this_month = (year, month) == (reference.year, reference.month)
    if past and named_year is None and this_month and day > reference.day:
        # This month's part, not over yet: up to today if it has begun, else last year's.
        begins = last - 4 if part == "end" else PART_BEGINS[part]
        if begins <= reference.day:
            return reference
        if what not in _MONTH_STEPS:
            return date(year - 1, month, day)
    return date(year, month, day)


def _relative(cleaned: str, reference: date, *, ahead: bool = False) -> date | None:
    if cleaned in ("today", "now"):
        return reference
    if cleaned == "yesterday":
        return reference - relativedelta(days=1)
    if cleaned == "tomorrow":
        return reference + relativedelta(days=1)
    match = _IN.match(cleaned)
    if match:
        count = _count(match.group("count"))
        if count is None:
            return None
        return reference + relativedelta(**{_UNITS[match.group("unit")]: count})
    match = _NEXT.match(cleaned)
    if match:
        what = match.group("what")
        if what in _WEEKDAYS:
            return reference + relativedelta(days=1, weekday=_WEEKDAYS[what](+1))
        if what.rstrip("s") in _UNITS:
            return reference + relativedelta(**{_UNITS[what.rstrip("s")]: 1})
        return None
    match = _AGO.match(cleaned)
    if match:
        count = _count(match.group("count"))
        if count is None:
            return None
        if count > 100 * 366:
            raise DateError(f"'{cleaned}' is too long ago to be a date")
        return reference - relativedelta(**{_UNITS[match.group("unit")]: count})
    match = _LAST.match(cleaned)
    if match:
        what = match.group("what")
        if what in _WEEKDAYS:
            return reference + relativedelta(days=-1, weekday=_WEEKDAYS[what](-1))
        if what.rstrip("s") in _UNITS:
            return reference - relativedelta(**{_UNITS[what.rstrip("s")]: 1})
        return None
    if cleaned in _WEEKDAYS:
        if ahead:
            return reference + relativedelta(days=1, weekday=_WEEKDAYS[cleaned](+1))
        return reference + relativedelta(days=-1, weekday=_WEEKDAYS[cleaned](-1))
    return None


def _count(text: str) -> int | None:
    if text.isascii() and text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)


def distance(then: date, reference: date) -> str:
    """How far ``then`` is from ``reference`` in words: "today", "3 days ago", "10 weeks ago",
    "4 months ago", "in 2 weeks"."""
    days = (reference - then).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    amount = span_words(then, reference)
    return f"{amount} ago" if days > 0 else f"in {amount}"


def span_words(then: date, reference: date) -> str:
    """How long lies between the two days, in the words :func:`distance` uses: "3 days",
    "7 weeks", "4 months", "2 years"."""
    span = abs((reference - then).days)
    if span < 14:
        return _plural(span, "day")
    if span < 91:
        return _plural(span // 7, "week")
    earlier, later = sorted((then, reference))
    delta = relativedelta(later, earlier)
    months = delta.years * 12 + delta.months
    return _plural(months, "month") if months < 24 else years_words(months)


def years_words(months: int) -> str:
    """Two years or more, in words that do not round ten months away: "2 years", "over 2
    years" (from 3 months more), "almost 3 years" (from 9 months more)."""
    years, rest = divmod(months, 12)
    if rest >= 9:
        return f"almost {years + 1} years"
    return f"over {_plural(years, 'year')}" if rest >= 3 else _plural(years, "year")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def long_date(value: date) -> str:
    """E.g. ``Mon 14 Sep 2026``."""
    return f"{value:%a} {value.day} {value:%b %Y}"


def brief_date(value: date, today: date) -> str:
    """A date in few columns: ``23 Nov`` this year, ``Nov 2025`` in another."""
    if value.year == today.year:
        return f"{value.day} {value:%b}"
    return f"{value:%b %Y}"


def short_date(value: date) -> str:
    """E.g. ``14 Sep 2026``."""
    return f"{value.day} {value:%b %Y}"


def describe(value: date, reference: date) -> str:
    """E.g. ``Mon 14 Sep 2026, 10 weeks ago``."""
    return f"{long_date(value)}, {distance(value, reference)}"


def to_date(value: str | date | None) -> date | None:
    """An ISO string (as stored) back to a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


_RANGE = re.compile(r"^\s*(?P<first>.+?)\s+(?:to|until|-|–)\s+(?P<second>.+?)\s*$")


def parse_range(text: str, reference: date) -> tuple[date | None, date | None]:
    """A date range as people type it, in the same language as single dates:
    ``since 3 months ago``, ``until 2026-06-30``, ``2026-01-01 to 2026-06-30``,
    ``last month`` alone means from then on. Raises :class:`DateError`."""
    cleaned = " ".join(text.strip().split())
    lowered = cleaned.lower()
    if not cleaned:
        return None, None
    for word in ("since ", "from ", "after "):
        if lowered.startswith(word):
            return parse_date(cleaned[len(word) :], reference, past=True), None
    for word in ("until ", "till ", "before ", "up to "):
        if lowered.startswith(word):
            return None, parse_date(cleaned[len(word) :], reference, past=True)
    match = _RANGE.match(cleaned)
    if match and not _NUMERIC.match(cleaned):
        first = parse_date(match.group("first"), reference, past=True)
        second = parse_date(match.group("second"), reference, past=True)
        if second < first:
            raise DateError(f"'{cleaned}' ends before it starts: put the earlier date first")
        return first, second
    return parse_date(cleaned, reference, past=True), None
