"""The proposed review rhythm as an iCalendar file (RFC 5545), ready to import into a calendar.

:func:`calendar_file` holds the events around the reset conversation: before it, the
conversation itself and the review; after it, the review from the first review agreed and the
fix's due date (see there). :func:`review_event` is the review alone.

The review is one ``VEVENT``: a 30-minute meeting at 10:00 local ("floating") time, on the
first review date of the diagnosis, recurring on the recommended cadence. The ``RRULE`` is
taken from the very rule object :func:`playbook.cadence.review_rule` builds, so the calendar
and the dates the app shows cannot disagree.

Pure Python (stdlib and dateutil): no screens, no database.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta, timezone

from dateutil.rrule import rrule

from playbook.cadence import review_rule
from playbook.conversation import Conversation, first_review
from playbook.dates import long_date
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
    return _calendar(_review(diagnosis, diagnosis.verdict.next_review, now=now))


def _calendar(*events: list[str]) -> str:
    """The VCALENDAR around ``events`` (each its content lines), folded, CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *(line for event in events for line in event),
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def _review(diagnosis: Diagnosis, first: date, *, now: datetime, agreed: str = "") -> list[str]:
    """The recurring review from ``first`` on the diagnosis's cadence, as a VEVENT."""
    start = datetime.combine(first, START)
    return _event(
        uid=event_uid(diagnosis),
        now=now,
        dates=[f"DTSTART:{_local_stamp(start)}", f"DTEND:{_local_stamp(start + DURATION)}"],
        rule=f"RRULE:{rrule_value(diagnosis.verdict.cadence, first)}",
        summary=f"Partnership review: {diagnosis.partner}",
        text=description(diagnosis, agreed=agreed),
    )


def _event(
    *, uid: str, now: datetime, dates: list[str], summary: str, text: str, rule: str = ""
) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc_stamp(now)}",
        *dates,
        *([rule] if rule else []),
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(text)}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def description(diagnosis: Diagnosis, *, agreed: str = "") -> str:
    """The review's description: the short agenda, the fix (what was ``agreed`` in the
    conversation, else the last talking point, the proposal), and where it came from."""
    agenda = "\n".join(f"{number}. {item}" for number, item in enumerate(AGENDA, start=1))
    points = diagnosis.talking_points.points
    fix = f"\n\n{points[-1]}" if points else ""
    if agreed:
        fix = f"\n\nAgreed: {agreed}"
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


def event_uid(diagnosis: Diagnosis, what: str = "review") -> str:
    """A UID that stays the same for one diagnosis (so re-importing updates the event) and
    differs between databases that happen to use the same id; ``what`` tells the events of
    one diagnosis apart (``review``, ``conversation``, ``due``)."""
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
    return f"unstall-{number}-{digest}-{what}@unstall.local"


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


def calendar_file(
    diagnosis: Diagnosis, *, now: datetime, conversation: Conversation | None = None
) -> str:
    """The calendar file of ``diagnosis`` (one VCALENDAR, CRLF line endings).

    Before the conversation (``conversation`` is ``None``): the reset conversation on the
    proposed day (a single 30-minute event at 10:00 floating time, the talking points' first
    line in its description; none when no day is proposed, as for a healthy partnership), and
    the recurring review from the verdict's first review.

    After it: the recurring review from :func:`playbook.conversation.first_review`, and the
    agreed fix's due date as an all-day event. An exit has no recurring review (the
    partnership is closing): only the day what is still owed is due.
    """
    if conversation is None:
        events = []
        talk = diagnosis.talking_points.conversation_on
        if talk is not None:
            events.append(_conversation(diagnosis, talk, now=now))
        events.append(_review(diagnosis, diagnosis.verdict.next_review, now=now))
        return _calendar(*events)
    conversation = conversation.promised  # what the decision now in force promises
    events = []
    if conversation.decision != "exit":
        first = first_review(diagnosis, conversation)
        events.append(_review(diagnosis, first, now=now, agreed=conversation.agreed_sentence))
    if conversation.due is not None and (conversation.fix or conversation.decision == "exit"):
        events.append(_due(diagnosis, conversation, now=now))
    return _calendar(*events)


def _conversation(diagnosis: Diagnosis, talk: date, *, now: datetime) -> list[str]:
    start = datetime.combine(talk, START)
    points = diagnosis.talking_points.points
    first_line = f"{points[0]}\n\n" if points else ""
    return _event(
        uid=event_uid(diagnosis, "conversation"),
        now=now,
        dates=[f"DTSTART:{_local_stamp(start)}", f"DTEND:{_local_stamp(start + DURATION)}"],
        summary=f"Reset conversation: {diagnosis.partner}",
        text=f"{first_line}Prepared with Unstall",
    )


def _due(diagnosis: Diagnosis, conversation: Conversation, *, now: datetime) -> list[str]:
    due = conversation.due
    assert due is not None
    closing = conversation.decision == "exit"
    what = "Still owed" if closing else "Agreed fix due"
    agreed = conversation.agreed_sentence or "What is still owed is done"
    return _event(
        uid=event_uid(diagnosis, "due"),
        now=now,
        dates=[
            f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{due + timedelta(days=1):%Y%m%d}",
        ],
        summary=f"{what}: {diagnosis.partner}",
        text=f"Agreed on {long_date(conversation.held_on)}: {agreed}\n\nPrepared with Unstall",
    )
