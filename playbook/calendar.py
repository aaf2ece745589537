"""The proposed review rhythm as an iCalendar file (RFC 5545), ready to import into a calendar.

One ``VEVENT``: a 30-minute meeting at 10:00 local ("floating") time, on the first review date
of the diagnosis, recurring on the recommended cadence. The ``RRULE`` is taken from the very
rule object :func:`playbook.cadence.review_rule` builds, so the calendar and the dates the app
shows cannot disagree.

Pure Python (stdlib and dateutil): no screens, no database.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta, timezone

from dateutil.rrule import rrule

from playbook.cadence import review_rule
from playbook.diagnosis import Diagnosis

PRODID = "-//Unstall//Partnership review//EN"
START = time(10, 0)
"""When the review starts, in the user's local time (floating: no time zone)."""
DURATION = timedelta(minutes=30)
AGENDA = ("What moved?", "What is stuck?", "What does each side do next?")
LINE_OCTETS = 75
"""RFC 5545 3.1: content lines are folded so that none is longer than 75 octets."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""Control characters a TEXT value may not contain (tab and newline are kept)."""
_TOKEN = re.compile(r"\\.|.", re.DOTALL)
"""What folding never splits: one character, or one escape sequence."""


def review_event(diagnosis: Diagnosis, *, now: datetime) -> str:
    """An iCalendar file (CRLF line endings) with the recurring review of ``diagnosis``.

    ``now`` gives the DTSTAMP; a naive ``now`` is read as local time and written in UTC.
    """
    verdict = diagnosis.verdict
    first = verdict.next_review
    start = datetime.combine(first, START)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event_uid(diagnosis)}",
        f"DTSTAMP:{_utc_stamp(now)}",
        f"DTSTART:{_local_stamp(start)}",
        f"DTEND:{_local_stamp(start + DURATION)}",
        f"RRULE:{rrule_value(verdict.cadence, first)}",
        f"SUMMARY:{escape_text(f'Partnership review: {diagnosis.partner}')}",
        f"DESCRIPTION:{escape_text(description(diagnosis))}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def description(diagnosis: Diagnosis) -> str:
    """The event's description: the short agenda, the agreed fix, and where it came from."""
    agenda = "\n".join(f"{number}. {item}" for number, item in enumerate(AGENDA, start=1))
    points = diagnosis.talking_points.points
    fix = f"\n\n{points[-1]}" if points else ""
    return f"Agenda:\n{agenda}{fix}\n\nPrepared with Unstall"


def rrule_value(cadence: str, first: date) -> str:
    """The RRULE value (``FREQ=...;...``) of :func:`playbook.cadence.review_rule`, read from the
    rule object itself."""
    return rrule_text(review_rule(cadence, first))


def rrule_text(rule: rrule) -> str:
    """The ``RRULE`` value of a dateutil rule, without its DTSTART (dateutil writes both)."""
    for line in str(rule).splitlines():
        if line.startswith("RRULE:"):
            return line[len("RRULE:") :]
    raise ValueError(f"dateutil wrote no RRULE for {rule!r}")  # pragma: no cover


def event_uid(diagnosis: Diagnosis) -> str:
    """A UID that stays the same for one diagnosis (so re-importing updates the event) and
    differs between databases that happen to use the same id."""
    seed = "|".join(
        (
            str(diagnosis.id),
            diagnosis.created_at or "",
            diagnosis.diagnosed_on.isoformat(),
            diagnosis.partner if diagnosis.id is None else "",
        )
    )
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]
    number = diagnosis.id if diagnosis.id is not None else "new"
    return f"unstall-{number}-{digest}-review@unstall.local"


def escape_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 asks: backslash, semicolon, comma, newline."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """``line`` folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character nor inside
    an escape such as ``\\,`` (legal, but some readers stumble on it). Continuation lines start
    with one space, which counts towards their 75 octets."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for token in _TOKEN.findall(line):
        width = len(token.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += token
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _local_stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar_file(diagnosis: Diagnosis, *, now: datetime, conversation: object = None) -> str:
    """The calendar file of ``diagnosis``. (Placeholder: being written; the reset conversation
    and the fix's due date will join the review.)"""
    return review_event(diagnosis, now=now)
