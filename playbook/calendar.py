"""The proposed review rhythm as an iCalendar file (RFC 5545), ready to import into a calendar.

:func:`calendar_file` holds the events around the reset conversation: before it, the
conversation itself and the review (on the exit path, the wrap-up's due date instead); after
it, the review from the first review agreed and the fix's due date (see there).
:func:`contents` says what a file holds; :func:`review_event` is the review alone.

The review is one ``VEVENT``: a 30-minute meeting at 10:00 local ("floating") time, on the
first review date of the diagnosis, recurring on the recommended cadence. The ``RRULE`` is
taken from the very rule object :func:`playbook.cadence.review_rule` builds, so the calendar
and the dates the app shows cannot disagree. The occurrences of the next two years that fall
on a public holiday where the user lives (:func:`playbook.workdays.is_holiday`) are left out
with ``EXDATE`` lines.

No review is booked for a partnership that is closing (talking points on the exit path, or an
exit decided), nor a second series for a review that is already on the calendar. Once an exit is
decided, the review's UID is written cancelled (``STATUS:CANCELLED``, a higher ``SEQUENCE``,
RFC 5546 3.2.5), so a series imported earlier is removed when the file is imported.

Pure Python (stdlib and dateutil): no screens, no database.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule

from playbook import workdays
from playbook.agreement import promised_list
from playbook.cadence import ADJECTIVE, review_rule
from playbook.conversation import Conversation, first_review, review_raised
from playbook.dates import long_date
from playbook.diagnosis import Diagnosis
from playbook.points import NextStep, who_acts

PRODID = "-//Unstall//Partnership review//EN"
START = time(10, 0)
"""When the review starts, in the user's local time (floating: no time zone)."""
DURATION = timedelta(minutes=30)
AGENDA = ("What moved?", "What is stuck?", "What does each side do next?")
PURPOSE = "A 30-minute check-in on the partnership."
HOLIDAY_YEARS = 2
"""How far ahead (in years from the first review) occurrences on public holidays are left out."""
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


def _review(
    diagnosis: Diagnosis,
    first: date,
    *,
    now: datetime,
    text: str | None = None,
    status: str = "CONFIRMED",
    sequence: int = 0,
) -> list[str]:
    """The recurring review from ``first`` on the diagnosis's cadence, as a VEVENT, without
    the occurrences that fall on a public holiday (``EXDATE``). ``text`` is its description
    (by default :func:`description`); a ``CANCELLED`` one is the same series, called off."""
    start = datetime.combine(first, START)
    cadence = diagnosis.verdict.cadence
    summary = f"Partnership review: {diagnosis.partner}"
    return _event(
        uid=event_uid(diagnosis),
        now=now,
        dates=[
            f"DTSTART:{_local_stamp(start)}",
            f"DTEND:{_local_stamp(start + DURATION)}",
        ],
        rule=[
            f"RRULE:{rrule_value(cadence, first)}",
            *(
                f"EXDATE:{_local_stamp(datetime.combine(day, START))}"
                for day in holiday_dates(cadence, first)
            ),
        ],
        summary=f"Cancelled: {summary}" if status == "CANCELLED" else summary,
        text=description(diagnosis) if text is None else text,
        status=status,
        sequence=sequence,
    )


def holiday_dates(cadence: str, first: date, *, years: int = HOLIDAY_YEARS) -> list[date]:
    """The reviews of the rhythm from ``first`` in the ``years`` after it that fall on a public
    holiday where the user lives (:func:`playbook.workdays.is_holiday`; at least 1 January and
    25 December when no country is known): the ``EXDATE`` of the review. ``first`` itself, a
    day the app chose as a working day, is never among them."""
    where = workdays.country()
    end = first + relativedelta(years=years)
    found: list[date] = []
    for moment in review_rule(cadence, first):
        day = moment.date()
        if day >= end:
            break
        if day != first and workdays.is_holiday(day, where):
            found.append(day)
    return found


def _event(
    *,
    uid: str,
    now: datetime,
    dates: list[str],
    summary: str,
    text: str,
    rule: list[str] | None = None,
    status: str = "CONFIRMED",
    sequence: int = 0,
) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc_stamp(now)}",
        *([f"SEQUENCE:{sequence}"] if sequence else []),
        *dates,
        *(rule or []),
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(text)}",
        f"STATUS:{status}",
        "TRANSP:TRANSPARENT" if status == "CANCELLED" else "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def description(diagnosis: Diagnosis, *, agreed: str = "", note: str = "") -> str:
    """The review's description: what it is for (a short check-in and its agenda), the fix
    (what was ``agreed`` in the conversation, else the one the talking points propose, with its
    owner and date), and where it came from; ``note`` (such as "held only if we carry on")
    comes first. Never a line of the talking points: those are for the call."""
    agenda = "\n".join(f"{number}. {item}" for number, item in enumerate(AGENDA, start=1))
    step = diagnosis.talking_points.next_step
    fix = f"\n\nProposed fix: {step_sentence(step)}" if step is not None else ""
    if agreed:
        fix = f"\n\nAgreed: {agreed}"
    verdict = diagnosis.verdict
    if verdict.review_moved:
        # A series on the calendar already (too late, or no longer meeting) gives way to this
        # one: one series, not two; only once agreed when the call never raised it.
        what = f"brings our {ADJECTIVE[verdict.cadence]} review {verdict.review_moved}"
        replaced = (
            f"This {what}: it replaces the series already on your calendar, so remove that one "
            "when you add this."
            if review_raised(diagnosis)
            else f"Proposed in the recap: if we agree, this {what}, and replaces the series "
            "already on your calendar; remove that one then."
        )
        note = f"{note}\n\n{replaced}" if note else replaced
    lead = f"{note}\n\n" if note else ""
    return f"{lead}{PURPOSE}\n\nAgenda:\n{agenda}{fix}\n\nPrepared with Unstall"


def step_sentence(step: NextStep) -> str:
    """The talking points' next step in one line, as an agreement is said: "a written wrap-up
    (our side, owned by Jamie Chen), by Thu 3 Dec 2026"."""
    who = who_acts(step.side, step.owner)
    return f"{step.fix}{f' ({who})' if who else ''}, by {long_date(step.due)}"


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


SEQUENCE_STATES = ("proposed", "decided in the call", "exit in the call", "outcome since")
"""What the review's SEQUENCE counts, within each minute: the file written later always has
the higher SEQUENCE (RFC 5545 3.8.7.4), so a calendar that imported the series takes the
cancellation, or the series booked again after it, as the newer revision. The app keeps no
history of the files written, so the minutes since the day of the diagnosis give the order,
and the state (in that list's order) breaks ties within a minute."""


def _minutes_since(day: date, now: datetime) -> int:
    moment = now if now.tzinfo is not None else now.astimezone()
    since = moment - datetime.combine(day, time.min, tzinfo=moment.tzinfo)
    return max(0, int(since.total_seconds() // 60))


@dataclass(frozen=True)
class Contents:
    """What the calendar file of a diagnosis holds (see :func:`contents`)."""

    conversation_on: date | None = None
    """The reset conversation, once, on that day (only before it is held)."""
    review: date | None = None
    """The first date of the review series written (booked, tentative or cancelled)."""
    review_status: str = ""
    """``CONFIRMED``, ``TENTATIVE`` (the decision is pending), ``CANCELLED`` (an exit: the
    series is called off), or empty when the file has no review."""
    in_diary: bool = False
    """The review is the one already on the calendar, so the file does not add it again."""
    due: date | None = None
    """The day of the all-day event for the fix, or for what is still owed on an exit."""
    due_summary: str = ""
    """What that event is called: "Agreed fix due", "Still owed" or "Wrap-up due"."""
    sequence: int = 0
    """Where the review stands in :data:`SEQUENCE_STATES`: 0 before the conversation, 1 after
    it, one more for an exit decided in the call, one more for an outcome recorded since."""

    @property
    def empty(self) -> bool:
        """Nothing to import: no event at all (a cancellation counts as one)."""
        return self.conversation_on is None and self.review is None and self.due is None

    def words(self) -> list[str]:
        """What the file holds, in words, in its order: "the conversation", "the review", ..."""
        said = ["the conversation"] if self.conversation_on is not None else []
        if self.review is not None:
            said.append(
                {
                    "CANCELLED": "the cancellation of the review",
                    "TENTATIVE": "the review (tentative, if you carry on)",
                }.get(self.review_status, "the review")
            )
        if self.due is not None:
            said.append(
                {
                    "Agreed fix due": "the fix's due date",
                    "Still owed": "the day what is still owed is due",
                    LIST_DUE: "the day the list of what is still owed is due",
                }.get(self.due_summary, "the day the wrap-up is due")
            )
        return said


LIST_DUE = "List of what is still owed"
"""The summary of the day the recap promises the list of what is still owed (an exit agreed
with no one fix and no date: :func:`playbook.agreement.promised_list`)."""


def contents(diagnosis: Diagnosis, conversation: Conversation | None = None) -> Contents:
    """What :func:`calendar_file` writes for ``diagnosis`` (see there)."""
    verdict = diagnosis.verdict
    points = diagnosis.talking_points
    step = points.next_step
    if conversation is None:
        talk = points.conversation_on
        if points.path == "exit":  # closing: the call, and the wrap-up it proposes
            return Contents(
                conversation_on=talk,
                due=step.due if step is not None else None,
                due_summary="Wrap-up due" if step is not None else "",
            )
        in_diary = verdict.regular_review or verdict.review_unplaced
        return Contents(
            conversation_on=talk,
            review=None if in_diary else verdict.next_review,
            review_status="" if in_diary else "CONFIRMED",
            in_diary=in_diary,
        )
    sequence = 1 + (conversation.called == "exit") + (conversation.later is not None)
    conversation = conversation.promised  # what the decision now in force promises
    first = first_review(diagnosis, conversation)
    closing = conversation.decision == "exit"
    unplaced = verdict.review_unplaced  # on the calendar already, on days not known here
    in_diary = not closing and (unplaced or verdict.regular_review and first == verdict.next_review)
    status = {"exit": "CANCELLED", "pending": "TENTATIVE"}.get(conversation.decision, "CONFIRMED")
    due = conversation.due if conversation.fix or closing else None
    listed = promised_list(diagnosis, conversation)  # the recap's list of what is still owed
    if (
        not closing
        and not unplaced  # no review event: the fix's day is the reminder
        and due is not None
        and due == first
        and step is not None
        and conversation.fix.strip() == step.fix.strip()
    ):
        due = None  # the fix is the review itself: the review is its day
    summary = ("Still owed" if closing else "Agreed fix due") if due is not None else ""
    if listed is not None:
        due, summary = listed, LIST_DUE
    # A review that was on the calendar before us (held on its days, or with no day known) was
    # never added by a file of ours: closing, there is no series of ours to cancel.
    ours = not (unplaced or verdict.regular_review) or conversation.called in ("revive", "pending")
    return Contents(
        review=None if in_diary or (closing and not ours) else first,
        review_status="" if in_diary else status,
        in_diary=in_diary,
        due=due,
        due_summary=summary,
        sequence=sequence,
    )


def calendar_file(
    diagnosis: Diagnosis, *, now: datetime, conversation: Conversation | None = None
) -> str:
    """The calendar file of ``diagnosis`` (one VCALENDAR, CRLF line endings).

    Before the conversation (``conversation`` is ``None``): the reset conversation on the
    proposed day (a single 30-minute event at 10:00 floating time, the talking points' first
    line in its description; none when no day is proposed, as for a healthy partnership), and
    the recurring review from the verdict's first review. On the exit path (a failed fit, or a
    partnership we no longer want) no review is booked: the conversation, and the day the
    wrap-up the points propose is due.

    After it: the recurring review from :func:`playbook.conversation.first_review`
    (``TENTATIVE`` while the decision is pending), and the agreed fix's due date as an all-day
    event, unless the fix is the review itself (the proposed fix, due on the first review). An
    exit books no review (the partnership is closing): the review's UID is written cancelled,
    so a series imported before is removed, and the day what is still owed is due.

    Either way, a review that is already on the calendar (the verdict's next review is the next
    meeting of the one held) is not added as a second series. With nothing at all to add, the
    calendar holds no event (:attr:`Contents.empty`).
    """
    plan = contents(diagnosis, conversation)
    sequence = plan.sequence + len(SEQUENCE_STATES) * _minutes_since(diagnosis.diagnosed_on, now)
    events: list[list[str]] = []
    if plan.conversation_on is not None:
        events.append(_conversation(diagnosis, plan.conversation_on, now=now, plan=plan))
    if plan.review is not None:
        events.append(
            _review(
                diagnosis,
                plan.review,
                now=now,
                text=_review_text(diagnosis, conversation, plan),
                status=plan.review_status,
                sequence=sequence,
            )
        )
    if plan.due is not None:
        events.append(_due(diagnosis, conversation, plan, now=now))
    return _calendar(*events)


def _review_text(
    diagnosis: Diagnosis, conversation: Conversation | None, plan: Contents
) -> str | None:
    if conversation is None:
        return None
    promised = conversation.promised
    if plan.review_status == "CANCELLED":
        return (
            "Cancelled: we decided to close the partnership, so this review no longer takes "
            "place.\n\nPrepared with Unstall"
        )
    note = (
        "Tentative: held only if we carry on (the decision is pending)."
        if plan.review_status == "TENTATIVE"
        else ""
    )
    return description(diagnosis, agreed=promised.agreed_sentence, note=note)


def _conversation(diagnosis: Diagnosis, talk: date, *, now: datetime, plan: Contents) -> list[str]:
    start = datetime.combine(talk, START)
    points = diagnosis.talking_points.points
    first_line = f"{points[0]}\n\n" if points else ""
    diary = ""
    if plan.in_diary:
        rhythm = ADJECTIVE.get(diagnosis.verdict.cadence, "")
        review = f"Our {rhythm} review" if rhythm else "Our review"
        diary = f"{review} is already on the calendar, so this file does not add it again.\n\n"
    return _event(
        uid=event_uid(diagnosis, "conversation"),
        now=now,
        dates=[f"DTSTART:{_local_stamp(start)}", f"DTEND:{_local_stamp(start + DURATION)}"],
        summary=f"Reset conversation: {diagnosis.partner}",
        text=f"{first_line}{diary}Prepared with Unstall",
    )


def _due(
    diagnosis: Diagnosis, conversation: Conversation | None, plan: Contents, *, now: datetime
) -> list[str]:
    due = plan.due
    assert due is not None
    if conversation is None:
        step = diagnosis.talking_points.next_step
        assert step is not None
        talk = diagnosis.talking_points.conversation_on
        when = f" on {long_date(talk)}" if talk is not None else ""
        text = f"Proposed for the conversation{when}: {step_sentence(step)}"
    else:
        promised = conversation.promised
        agreed = promised.agreed_sentence or "What is still owed is done"
        text = f"Agreed on {long_date(promised.held_on)}: {agreed}"
        if plan.due_summary == LIST_DUE:
            text = (
                f"Promised in the recap of the conversation on {long_date(promised.held_on)}: "
                "a list of everything still open, with a date for each"
            )
    return _event(
        uid=event_uid(diagnosis, "due"),
        now=now,
        dates=[
            f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{due + timedelta(days=1):%Y%m%d}",
        ],
        summary=f"{plan.due_summary}: {diagnosis.partner}",
        text=f"{text}\n\nPrepared with Unstall",
    )
