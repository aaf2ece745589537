"""The review, and the events around the reset conversation, as an iCalendar file, read back
with an independent parser (``icalendar``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook import calendar
from playbook.answers import validate
from playbook.cadence import CADENCE_BY_KIND, review_after, review_rule
from playbook.calendar import calendar_file, escape_text, fold, review_event, rrule_value
from playbook.conversation import first_review, make_conversation
from playbook.diagnosis import Diagnosis

icalendar = pytest.importorskip("icalendar")

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
CADENCES = ("weekly", "biweekly", "monthly", "quarterly")


def diagnosis_for(answers: dict[str, str], **changes: str) -> Diagnosis:
    validated = validate({**answers, **changes}, TODAY)
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers, id=7, created_at="2026-11-23T09:00:00")


def parse(text: str):
    return icalendar.Calendar.from_ical(text)


def event_of(text: str):
    events = [part for part in parse(text).walk() if part.name == "VEVENT"]
    assert len(events) == 1
    return events[0]


def _take(rule: str, start: datetime, count: int) -> list[datetime]:
    """The first ``count`` occurrences of an RRULE value read back from the file."""
    found = []
    for moment in rrulestr(rule, dtstart=start):
        found.append(moment)
        if len(found) == count:
            break
    return found


# -- the file --------------------------------------------------------------------------------


def test_the_file_is_a_calendar_with_one_recurring_meeting(example_answers):
    diagnosis = diagnosis_for(example_answers)
    text = review_event(diagnosis, now=NOW)
    cal = parse(text)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//Unstall//Partnership review//EN"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    event = event_of(text)
    assert str(event["SUMMARY"]) == f"Partnership review: {diagnosis.partner}"
    first = diagnosis.verdict.next_review
    assert event.decoded("DTSTART") == datetime.combine(first, time(10, 0))
    assert event.decoded("DTEND") == datetime.combine(first, time(10, 30))
    assert event.decoded("DTSTART").tzinfo is None, "floating local time, no zone"
    assert event.decoded("DTSTAMP") == NOW
    assert str(event["UID"]).endswith("-review@unstall.local")
    assert str(event["UID"]).startswith("unstall-7-")


def test_the_example_is_the_fourth_wednesday_of_each_month(example_answers):
    text = review_event(diagnosis_for(example_answers), now=NOW)
    assert "DTSTART:20261223T100000\r\n" in text
    assert "DTEND:20261223T103000\r\n" in text
    assert "RRULE:FREQ=MONTHLY;BYDAY=+4WE\r\n" in text
    assert "DTSTAMP:20261123T093000Z\r\n" in text


def test_the_description_has_the_agenda_the_fix_and_the_origin(example_answers):
    diagnosis = diagnosis_for(example_answers)
    description = str(event_of(review_event(diagnosis, now=NOW))["DESCRIPTION"])
    for item in ("What moved?", "What is stuck?", "What does each side do next?"):
        assert item in description
    step = diagnosis.talking_points.next_step
    assert step is not None
    assert f"Proposed fix: {step.fix} (both sides, owned by Alex Kim), by " in description
    # What the review is for, never a line of the talking points meant for the call.
    assert not any(point in description for point in diagnosis.talking_points.points)
    assert description.rstrip().endswith("Prepared with Unstall")
    assert "\n" in description, "the agenda is on separate lines"


def test_dtstamp_of_a_naive_now_is_local_time_written_in_utc(example_answers):
    naive = datetime(2026, 11, 23, 9, 30)
    text = review_event(diagnosis_for(example_answers), now=naive)
    expected = naive.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTAMP:{expected}\r\n" in text


def test_the_uid_is_stable_for_a_diagnosis_and_differs_between_them(example_answers):
    one = diagnosis_for(example_answers)
    again = diagnosis_for(example_answers)
    other = Diagnosis.from_answers(one.answers, id=8, created_at=one.created_at)
    elsewhere = Diagnosis.from_answers(one.answers, id=7, created_at="2025-01-01T10:00:00")
    uid = calendar.event_uid(one)
    assert uid == calendar.event_uid(again)
    assert uid != calendar.event_uid(other)
    assert uid != calendar.event_uid(elsewhere)
    assert review_event(one, now=NOW) == review_event(again, now=NOW)


def test_an_unsaved_diagnosis_still_gets_a_uid(example_answers):
    diagnosis = Diagnosis.from_answers(validate(example_answers, TODAY).answers)
    assert str(event_of(review_event(diagnosis, now=NOW))["UID"]).startswith("unstall-new-")


# -- escaping and folding --------------------------------------------------------------------

AWKWARD = [
    "Acme, Inc.",
    "Smith; Jones & Co",
    "Back\\slash Partners",
    "Zoë Ltd 株式会社 🚀",
    'Quote "Partners" <x>',
    "O'Neil & Sons, Ltd; Germany\\Berlin",
]


@pytest.mark.parametrize("partner", AWKWARD)
def test_partner_names_are_escaped_and_read_back_exactly(example_answers, partner):
    diagnosis = diagnosis_for(example_answers, partner=partner)
    text = review_event(diagnosis, now=NOW)
    assert str(event_of(text)["SUMMARY"]) == f"Partnership review: {partner}"
    assert str(event_of(text)["DESCRIPTION"]) == calendar.description(diagnosis)


def test_a_newline_in_a_name_is_an_escaped_newline(example_answers):
    diagnosis = Diagnosis.from_answers(
        {**validate(example_answers, TODAY).answers, "partner": "A\nB"}
    )
    text = review_event(diagnosis, now=NOW)
    assert "SUMMARY:Partnership review: A\\nB\r\n" in text
    assert str(event_of(text)["SUMMARY"]) == "Partnership review: A\nB"


def test_escape_text_follows_rfc_5545():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    assert escape_text("x\r\ny\rz") == "x\\ny\\nz"
    assert escape_text("bell\x07 tab\t") == "bell tab\t"
    assert escape_text("Zoë: fine") == "Zoë: fine"


def test_long_lines_are_folded_at_75_octets_without_splitting_characters(example_answers):
    partner = "Zoë Ünternehmen, Ltd; " * 8 + "株式会社" * 10
    diagnosis = diagnosis_for(example_answers, partner=partner)
    text = review_event(diagnosis, now=NOW)
    assert text.endswith("\r\n")
    raw = text.encode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends in CRLF"
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "something was folded"
    for line in lines:
        line.decode("utf-8")  # no character is cut in half
    assert str(event_of(text)["SUMMARY"]) == f"Partnership review: {partner}"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_fold_never_exceeds_75_octets_and_unfolds_to_the_line(value):
    line = "SUMMARY:" + escape_text(value)
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(part[1:] for part in parts[1:])]) == line


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=120).filter(lambda name: name.strip()))
def test_any_partner_name_survives_the_round_trip(name):
    answers = {"partner": name, "diagnosed_on": "2026-11-23", "kind": "referral"}
    diagnosis = Diagnosis.from_answers(answers, id=1)
    text = review_event(diagnosis, now=NOW)
    lines = text.encode("utf-8").split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    expected = calendar._CONTROL.sub("", name.replace("\r\n", "\n").replace("\r", "\n"))
    assert str(event_of(text)["SUMMARY"]) == f"Partnership review: {expected}"


# -- the recurrence ------------------------------------------------------------------------


def test_the_rrule_matches_the_documented_shapes():
    wednesday = date(2026, 12, 23)  # the fourth Wednesday of December 2026
    assert rrule_value("weekly", wednesday) == "FREQ=WEEKLY;BYDAY=WE"
    assert rrule_value("biweekly", wednesday) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
    assert rrule_value("monthly", wednesday) == "FREQ=MONTHLY;BYDAY=+4WE"
    assert rrule_value("quarterly", wednesday) == "FREQ=MONTHLY;INTERVAL=3;BYDAY=+4WE"
    fifth = date(2026, 12, 30)  # a fifth Wednesday: the last one of each month
    assert rrule_value("monthly", fifth) == "FREQ=MONTHLY;BYDAY=-1WE"
    assert rrule_value("quarterly", fifth) == "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1WE"


def check_recurrence(cadence: str, first: date) -> None:
    diagnosis = Diagnosis.from_answers({"partner": "Acme", "diagnosed_on": "2026-11-23"}, id=1)
    # Put the review on ``first`` with the cadence under test, whatever the answers implied.
    verdict = replace(diagnosis.verdict, cadence=cadence, next_review=first)
    diagnosis = replace(diagnosis, verdict=verdict)
    event = event_of(review_event(diagnosis, now=NOW))
    start = event.decoded("DTSTART")
    assert start == datetime.combine(first, time(10, 0))
    assert event.decoded("DTEND") - start == timedelta(minutes=30)
    got = _take(event["RRULE"].to_ical().decode("ascii"), start, 12)
    expected = list(review_rule(cadence, first)[:12])
    assert [moment.date() for moment in got] == [moment.date() for moment in expected]
    assert all(moment.time() == time(10, 0) for moment in got)
    assert got[0].date() == first


@pytest.mark.parametrize("cadence", CADENCES)
@pytest.mark.parametrize(
    "first",
    [
        date(2026, 12, 23),  # 4th Wednesday
        date(2026, 12, 30),  # 5th Wednesday
        date(2026, 12, 31),  # 5th Thursday, last day of the year
        date(2027, 1, 29),  # 5th Friday, 29th
        date(2027, 3, 31),  # 31st: most months have no 5th Wednesday
        date(2028, 2, 29),  # leap day, 5th Tuesday
        date(2027, 1, 1),  # 1st Friday
        date(2027, 5, 28),  # 4th Friday that is also the last
    ],
)
def test_the_recurrence_is_the_apps_rule(cadence, first):
    check_recurrence(cadence, first)


@settings(max_examples=300, deadline=None)
@given(
    cadence=st.sampled_from(CADENCES),
    first=st.dates(min_value=date(1971, 1, 1), max_value=date(2199, 12, 31)),
)
def test_the_recurrence_is_the_apps_rule_for_any_first_date(cadence, first):
    check_recurrence(cadence, first)


@settings(max_examples=200, deadline=None)
@given(
    cadence=st.sampled_from(CADENCES),
    month=st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 1)).map(
        lambda day: day.replace(day=1)
    ),
    day=st.integers(min_value=29, max_value=31),
)
def test_the_recurrence_holds_on_the_29th_to_31st(cadence, month, day):
    try:
        first = month.replace(day=day)
    except ValueError:
        return
    check_recurrence(cadence, first)


@settings(max_examples=100, deadline=None)
@given(
    kind=st.sampled_from([*CADENCE_BY_KIND, None]),
    diagnosed_on=st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
)
def test_real_diagnoses_recur_on_their_own_rhythm(kind, diagnosed_on):
    answers = {"partner": "Acme", "diagnosed_on": diagnosed_on.isoformat()}
    if kind:
        answers["kind"] = kind
    diagnosis = diagnosis_for(answers)
    verdict = diagnosis.verdict
    assert verdict.conversation_on is not None
    assert verdict.next_review == review_after(verdict.cadence, verdict.conversation_on)
    event = event_of(review_event(diagnosis, now=NOW))
    got = _take(event["RRULE"].to_ical().decode("ascii"), event.decoded("DTSTART"), 12)
    expected = review_rule(verdict.cadence, verdict.next_review)[:12]
    assert [moment.date() for moment in got] == [moment.date() for moment in expected]


# -- the calendar file around the reset conversation ----------------------------------------


def events_of(text: str) -> list:
    return [part for part in parse(text).walk() if part.name == "VEVENT"]


def by_uid(text: str) -> dict[str, object]:
    events = events_of(text)
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids), "every event has its own UID"
    return {
        uid.rsplit("-", 1)[1].split("@")[0]: event for uid, event in zip(uids, events, strict=True)
    }


def held(diagnosis: Diagnosis, **typed: str):
    conversation, problems = make_conversation(
        {"held_on": "2026-11-26", **typed}, diagnosed_on=TODAY, today=date(2026, 11, 27)
    )
    assert conversation is not None, problems
    return conversation


def test_before_the_conversation_the_file_has_the_conversation_and_the_review(example_answers):
    diagnosis = diagnosis_for(example_answers)
    talk = diagnosis.talking_points.conversation_on
    assert talk is not None
    text = calendar_file(diagnosis, now=NOW)
    events = by_uid(text)
    assert sorted(events) == ["conversation", "review"]
    meeting = events["conversation"]
    assert meeting.decoded("DTSTART") == datetime.combine(talk, time(10, 0))
    assert "RRULE" not in meeting, "the conversation happens once"
    assert str(meeting["SUMMARY"]) == f"Reset conversation: {diagnosis.partner}"
    assert diagnosis.talking_points.points[0] in str(meeting["DESCRIPTION"])
    review = events["review"]
    assert review.decoded("DTSTART") == datetime.combine(diagnosis.verdict.next_review, time(10, 0))
    assert review["RRULE"]["FREQ"] == ["MONTHLY"]
    assert str(review["SUMMARY"]) == f"Partnership review: {diagnosis.partner}"
    assert f"UID:{calendar.event_uid(diagnosis)}\r\n" in text, "the review keeps its UID"


def test_a_healthy_partnership_has_no_reset_conversation_in_its_file():
    from test_conversation_drafts import CASES

    keep = next(case for case in CASES if case.name == "healthy-keep-yes")
    diagnosis = diagnosis_for(keep.answers)
    assert diagnosis.talking_points.conversation_on is None
    # Its quarterly review meets already: the file adds no second series of it.
    assert diagnosis.verdict.regular_review
    assert by_uid(calendar_file(diagnosis, now=NOW)) == {}
    assert calendar.contents(diagnosis).empty


@pytest.mark.parametrize(
    ("kind", "freq", "interval"),
    [
        ("referral", "MONTHLY", 3),
        ("co-marketing", "MONTHLY", None),
        ("joint-venture", "WEEKLY", 2),
    ],
)
def test_after_the_conversation_the_review_starts_at_the_first_review_and_the_fix_has_its_day(
    example_answers, kind, freq, interval
):
    diagnosis = diagnosis_for(example_answers, kind=kind)
    conversation = held(
        diagnosis,
        priority="yes",
        fix="a monthly review on both calendars",
        owner="Alex Kim",
        side="both",
        due="2026-12-11",
    )
    text = calendar_file(diagnosis, now=NOW, conversation=conversation)
    events = by_uid(text)
    review = events["review"]
    first = first_review(diagnosis, conversation)
    if diagnosis.talking_points.proposed(conversation.fix):  # the fix is the review proposed
        assert sorted(events) == ["review"] and first == date(2026, 12, 11)  # on the day given
        return
    assert sorted(events) == ["due", "review"]
    assert review.decoded("DTSTART") == datetime.combine(first, time(10, 0))
    assert review["RRULE"]["FREQ"] == [freq]
    assert review["RRULE"].get("INTERVAL") == ([interval] if interval else None)
    assert diagnosis.partner in str(review["SUMMARY"])
    assert "a monthly review on both calendars" in str(review["DESCRIPTION"])
    due = events["due"]
    assert due.decoded("DTSTART") == date(2026, 12, 11), "an all-day event on the due date"
    assert due.decoded("DTEND") == date(2026, 12, 12)
    assert "RRULE" not in due
    assert str(due["SUMMARY"]) == f"Agreed fix due: {diagnosis.partner}"
    assert "a monthly review on both calendars (both sides, owned by Alex Kim)" in str(
        due["DESCRIPTION"]
    )
    got = _take(review["RRULE"].to_ical().decode("ascii"), review.decoded("DTSTART"), 6)
    assert [m.date() for m in got] == [
        m.date() for m in review_rule(diagnosis.verdict.cadence, first)[:6]
    ]


def test_an_exit_has_no_recurring_review_only_the_day_what_is_owed_is_due(example_answers):
    diagnosis = diagnosis_for(example_answers)
    conversation = held(
        diagnosis,
        priority="no",
        fix="finish the two campaigns already planned",
        owner="Alex Kim",
        side="ours",
        due="2026-12-04",
    )
    assert conversation.decision == "exit"
    events = by_uid(calendar_file(diagnosis, now=NOW, conversation=conversation))
    assert sorted(events) == ["due", "review"]
    assert str(events["review"]["STATUS"]) == "CANCELLED", "the series is called off, not booked"
    assert str(events["due"]["SUMMARY"]) == f"Still owed: {diagnosis.partner}"
    assert events["due"].decoded("DTSTART") == date(2026, 12, 4)


def test_without_a_due_date_only_the_review_is_in_the_file(example_answers):
    diagnosis = diagnosis_for(example_answers)
    conversation = held(diagnosis, priority="evasive", decision="pending")
    events = by_uid(calendar_file(diagnosis, now=NOW, conversation=conversation))
    assert sorted(events) == ["review"]


HOSTILE_PARTNER = 'Acme, Inc.; "R&D"\nLine two\\ \x07bell\x1b[31m'
HOSTILE_FIX = ("name an owner, then; review\nnext line, " * 60)[:1992] + "\x00\x7f;,\\end"


def test_hostile_text_survives_folding_and_parses(example_answers):
    diagnosis = Diagnosis.from_answers(
        {**validate(example_answers, TODAY).answers, "partner": HOSTILE_PARTNER}, id=7
    )
    assert len(HOSTILE_FIX) == 2000
    conversation = held(
        diagnosis,
        priority="yes",
        fix=HOSTILE_FIX,
        owner="Zoë; O'Neil,\tJr",
        side="theirs",
        due="2026-12-11",
    )
    for text in (
        calendar_file(diagnosis, now=NOW),
        calendar_file(diagnosis, now=NOW, conversation=conversation),
    ):
        raw = text.encode("utf-8")
        assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends in CRLF"
        lines = raw.split(b"\r\n")[:-1]
        assert max(len(line) for line in lines) <= 75
        for line in lines:
            line.decode("utf-8")
        assert not any(0 < byte < 32 and byte != 9 for byte in raw.replace(b"\r\n", b""))
        expected = calendar._CONTROL.sub("", HOSTILE_PARTNER)
        for event in events_of(text):
            assert str(event["SUMMARY"]).endswith(expected)
    events = by_uid(calendar_file(diagnosis, now=NOW, conversation=conversation))
    fix = calendar._CONTROL.sub("", HOSTILE_FIX.strip())
    assert fix in str(events["due"]["DESCRIPTION"])
    assert fix in str(events["review"]["DESCRIPTION"])
    assert "Zoë; O'Neil,\tJr" in str(events["due"]["DESCRIPTION"])
