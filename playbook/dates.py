"""Dates as people type them, resolved against the day of the diagnosis.

Accepted: ISO (``2026-10-03``), written forms (``Oct 3``, ``3 October 2026``, ``10/03/2026``
read month first), and relative forms (``today``, ``yesterday``, ``3 weeks ago``,
``a month ago``, ``last Tuesday``, ``last week``; for due dates also ``tomorrow``,
``in 2 weeks``, ``next Friday``). Every parsed date is shown back as an
absolute date with its distance, e.g. ``Mon 14 Sep 2026, 10 weeks ago``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil import parser as date_parser
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
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"\b\d{4}\b|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$")


class DateError(ValueError):
    """Raised with a message a person can act on."""


def parse_date(text: str, reference: date, *, past: bool = False) -> date:
    """The date ``text`` means, with relative forms counted back from ``reference``.

    A written date without a year that would fall after ``reference`` is taken from the year
    before when ``past`` is set ("Dec 5" typed in November means last December).
    Raises :class:`DateError` when the text is not a date.
    """
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned:
        raise DateError("No date given: type " + ACCEPTED)
    if _ISO.match(cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError as error:
            raise DateError(f"'{text.strip()}' is not a date: {error}") from error
    try:
        relative = _relative(cleaned, reference)
    except (ValueError, OverflowError) as error:
        raise DateError(
            f"'{text.strip()}' is too far from {reference.isoformat()} to be a date"
        ) from error
    if relative is not None:
        return relative
    if not (_MONTH_WORD.search(cleaned) or _NUMERIC.match(cleaned)):
        raise DateError(f"'{text.strip()}' is not a date: type {ACCEPTED}")
    default = datetime(reference.year, reference.month, 1)
    try:
        parsed = date_parser.parse(cleaned, default=default, dayfirst=False).date()
    except (ValueError, OverflowError) as error:
        raise DateError(f"'{text.strip()}' is not a date: type {ACCEPTED}") from error
    if past and parsed > reference and not _YEAR.search(cleaned):
        parsed = parsed - relativedelta(years=1)
    return parsed


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
