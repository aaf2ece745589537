"""Dates as people type them, resolved against the day of the diagnosis.

Accepted: ISO (``2026-10-03``), written forms (``Oct 3``, ``3rd of October 2026``,
``Tue 3 Nov 2026``, ``10/03/2026`` and ``10/03/26`` read month first, ``October 2026`` for its
first day), and relative forms (``today``, ``yesterday``, ``3 weeks ago``,
``a month ago``, ``last Tuesday``, ``last week``; for due dates also ``tomorrow``,
``in 2 weeks``, ``next Friday``). Every parsed date is shown back as an
absolute date with its distance, e.g. ``Mon 14 Sep 2026, 10 weeks ago``.

Written forms are read strictly: the day is a number from 1 to 31 that exists in that month,
the year has 4 digits (2 only in the numeric form). A day that does not exist (``July 32``,
``Feb 30``, ``2026-02-30``, ``13/45/2026``) is an error that says why, never another date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

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


def parse_date(text: str, reference: date, *, past: bool = False) -> date:
    """The date ``text`` means, with relative forms counted back from ``reference``.

    A written date without a year that would fall after ``reference`` is taken from the year
    before when ``past`` is set ("Dec 5" typed in November means last December).
    Raises :class:`DateError` when the text is not a date, and when it names a day that does
    not exist ("July 32", "Feb 30", "2026-02-30"): that is never read as some other date.
    """
    typed = text.strip()
    cleaned = " ".join(typed.lower().replace(",", " ").split())
    if not cleaned:
        raise DateError("No date given: type " + ACCEPTED)
    try:
        relative = _relative(cleaned, reference)
    except (ValueError, OverflowError) as error:
        raise DateError(
            f"'{typed}' is too far from {reference.isoformat()} to be a date"
        ) from error
    if relative is not None:
        return relative
    weekday: int | None = None
    if _NUMERIC.match(cleaned):
        year, month, day = _numeric(cleaned, typed, reference)
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


def _numeric(cleaned: str, typed: str, reference: date) -> tuple[int | None, int, int | None]:
    """(year, month, day) of a numeric date: year first (``2026-10-03``, ``2026/10``) or
    month first (``10/03/2026``, ``10/03/26``, ``10/03``)."""
    parts = re.split(r"[/.-]", cleaned)
    if len(set(re.findall(r"[/.-]", cleaned))) > 1:
        raise DateError(f"'{typed}' is not a date: use one separator, as in 10/03/2026")
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
    month, day = numbers[0], numbers[1]
    year: int | None = None
    if len(parts) == 3:
        if len(parts[2]) == 4:
            year = numbers[2]
        elif len(parts[2]) == 2:
            year = _two_digit_year(numbers[2], reference)
        else:
            raise DateError(
                f"'{typed}' is not a date: write the year with 4 digits, as in 10/03/2026"
            )
    if month < 1 or month > 12:
        hint = "a date in numbers reads month first: 10/03/2026 is 3 October 2026"
        if 1 <= day <= 12 and 1 <= month <= 31:
            swapped = parts[:]
            swapped[0], swapped[1] = parts[1], parts[0]
            separator = cleaned[len(parts[0])]
            hint = f"a date in numbers reads month first: did you mean {separator.join(swapped)}?"
        raise DateError(f"'{typed}' is not a date: there is no month {month} ({hint})")
    return year, month, day


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


def _relative(cleaned: str, reference: date) -> date | None:
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
        return reference + relativedelta(days=-1, weekday=_WEEKDAYS[cleaned](-1))
    return None


def _count(text: str) -> int | None:
    if text.isdigit():
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
    span = abs(days)
    if span < 14:
        amount = _plural(span, "day")
    elif span < 91:
        amount = _plural(span // 7, "week")
    else:
        earlier, later = sorted((then, reference))
        delta = relativedelta(later, earlier)
        months = delta.years * 12 + delta.months
        amount = _plural(months, "month") if months < 24 else _plural(delta.years, "year")
    return f"{amount} ago" if days > 0 else f"in {amount}"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def long_date(value: date) -> str:
    """E.g. ``Mon 14 Sep 2026``."""
    return f"{value:%a} {value.day} {value:%b %Y}"


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
