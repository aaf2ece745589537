"""The calendar file around the reset conversation, as an audit of it asked (read back with
``icalendar``): no review booked for a partnership that is closing, a review imported before
cancelled once an exit is decided, no review on a public holiday, no second series of a review
already in the diary, nor a "fix due" day for a fix that is the review itself, and a pending
decision's review tentative."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from support import diagnosed, run_cli

from playbook import calendar, workdays
from playbook.answers import validate
from playbook.cadence import review_rule
from playbook.calendar import calendar_file, contents, holiday_dates
from playbook.conversation import Conversation, first_review, make_conversation, outcome_after
from playbook.diagnosis import Diagnosis

icalendar = pytest.importorskip("icalendar")

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
EXAMPLES = Path(__file__).resolve().parent.parent / "playbook" / "examples"


def example(name: str, **changes: Any) -> Diagnosis:
    answers = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    validated = validate({**answers, **changes}, TODAY)
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers, id=7, created_at="2026-11-23T09:00:00")


def events(text: str) -> dict[str, Any]:
    """The events of a file by what they are (``review``, ``conversation``, ``due``)."""
    found = [part for part in icalendar.Calendar.from_ical(text).walk() if part.name == "VEVENT"]
    uids = [str(event["UID"]) for event in found]
    assert len(set(uids)) == len(uids), "every event has its own UID"
    return {uid.rsplit("-", 1)[1].split("@")[0]: e for uid, e in zip(uids, found, strict=True)}


def held(diagnosis: Diagnosis, **typed: str) -> Conversation:
    conversation, problems = make_conversation(
        {"held_on": "2026-11-26", **typed}, diagnosed_on=TODAY, today=date(2026, 11, 27)
    )
    assert conversation is not None, problems
    return conversation


def proposed(diagnosis: Diagnosis, **typed: str) -> Conversation:
    """The conversation recorded with the talking points' next step just as proposed."""
    step = diagnosis.talking_points.next_step
    assert step is not None
    return held(
        diagnosis,
        fix=step.fix,
        owner=step.owner,
        side=step.side,
        due=step.due.isoformat(),
        **typed,
    )


def descriptions(text: str) -> list[str]:
    return [str(event["DESCRIPTION"]) for event in events(text).values()]


# -- 1. the exit path, before the conversation --------------------------------------------


@pytest.mark.parametrize(
    ("name", "changes"),
    [("failed-fit", {}), ("answers", {"still_want": "no"})],
    ids=["failed-fit", "no-longer-wanted"],
)
def test_before_an_exit_the_file_has_the_call_and_the_wrap_up_and_no_review(name, changes):
    diagnosis = example(name, **changes)
    points = diagnosis.talking_points
    assert points.path == "exit"
    step, talk = points.next_step, points.conversation_on
    assert step is not None and talk is not None
    text = calendar_file(diagnosis, now=NOW)
    found = events(text)
    assert sorted(found) == ["conversation", "due"]
    assert "\r\nRRULE:" not in text and "SUMMARY:Partnership review" not in text
    assert found["conversation"].decoded("DTSTART") == datetime.combine(talk, time(10, 0))
    due = found["due"]
    assert due.decoded("DTSTART") == step.due
    assert str(due["SUMMARY"]) == f"Wrap-up due: {diagnosis.partner}"
    assert step.fix in str(due["DESCRIPTION"])
    assert str(due["DESCRIPTION"]).startswith("Proposed for the conversation on ")
    # The closing line of the points (the door left open) is for the call, not the calendar.
    assert not any(points.points[-1] in line for line in descriptions(text))
    assert contents(diagnosis).words() == ["the conversation", "the day the wrap-up is due"]


def test_the_reviews_description_is_what_it_is_for_and_the_proposed_fix():
    diagnosis = example("answers")
    assert diagnosis.talking_points.path == "revive"
    review = events(calendar_file(diagnosis, now=NOW))["review"]
    text = str(review["DESCRIPTION"])
    assert text.startswith("A 30-minute check-in on the partnership.\n\nAgenda:\n1. What moved?")
    assert "3. What does each side do next?" in text
    step = diagnosis.talking_points.next_step
    assert step is not None
    assert f"Proposed fix: {step.fix} (both sides, owned by Alex Kim), by Wed 23 Dec 2026" in text
    for point in diagnosis.talking_points.points:
        assert point not in text, point


# -- 2. an exit cancels the review imported before ----------------------------------------


def test_an_exit_in_the_call_cancels_the_series_imported_before():
    diagnosis = example("answers")
    before = events(calendar_file(diagnosis, now=NOW))["review"]
    conversation = held(diagnosis, priority="no", decision="exit")
    text = calendar_file(diagnosis, now=NOW, conversation=conversation)
    found = events(text)
    # No date agreed: the cancellation, and the day of the list the recap promises.
    assert sorted(found) == ["due", "review"]
    assert str(found["due"]["SUMMARY"]) == f"List of what is still owed: {diagnosis.partner}"
    review = found["review"]
    assert str(review["UID"]) == str(before["UID"]) == calendar.event_uid(diagnosis)
    assert str(review["STATUS"]) == "CANCELLED"
    assert review.decoded("DTSTART") == before.decoded("DTSTART")
    assert review["RRULE"] == before["RRULE"]
    assert int(review["SEQUENCE"]) > int(before.get("SEQUENCE", 0))
    assert str(icalendar.Calendar.from_ical(text)["METHOD"]) == "PUBLISH"
    assert str(review["SUMMARY"]) == f"Cancelled: Partnership review: {diagnosis.partner}"
    assert "close the partnership" in str(review["DESCRIPTION"])
    assert str(review["TRANSP"]) == "TRANSPARENT"
    assert not contents(diagnosis, conversation).empty
    assert contents(diagnosis, conversation).words() == [
        "the cancellation of the review",
        "the day the list of what is still owed is due",
    ]


def test_an_exit_recorded_after_a_revive_cancels_it_with_a_higher_sequence():
    diagnosis = example("answers")
    revive = held(diagnosis, priority="yes", fix="Jo names an owner", due="2026-12-04")
    booked = events(calendar_file(diagnosis, now=NOW, conversation=revive))["review"]
    assert str(booked["STATUS"]) == "CONFIRMED"
    exit_later, problems = outcome_after(revive, "exit", today=date(2026, 11, 30))
    assert exit_later is not None, problems
    assert exit_later.decision == "exit"
    cancelled = events(calendar_file(diagnosis, now=NOW, conversation=exit_later))["review"]
    assert str(cancelled["UID"]) == str(booked["UID"])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.decoded("DTSTART") == booked.decoded("DTSTART")
    assert int(cancelled["SEQUENCE"]) > int(booked["SEQUENCE"])
    # Revived again the next day (the call's revive restored): booked once more, and newer.
    again, problems = outcome_after(exit_later, "revive", today=date(2026, 12, 1))
    assert again is not None, problems
    tomorrow = datetime(2026, 11, 24, 9, 30, tzinfo=timezone.utc)
    rebooked = events(calendar_file(diagnosis, now=tomorrow, conversation=again))["review"]
    assert str(rebooked["STATUS"]) == "CONFIRMED"
    assert int(rebooked["SEQUENCE"]) > int(cancelled["SEQUENCE"])


def test_a_revive_after_an_exit_in_the_call_outranks_the_cancellation():
    diagnosis = example("answers")
    ended = held(diagnosis, priority="no", decision="exit")
    cancelled = events(calendar_file(diagnosis, now=NOW, conversation=ended))["review"]
    revived, problems = outcome_after(
        ended, "revive", fix="Jo names an owner", due="2026-12-04", today=date(2026, 11, 30)
    )
    assert revived is not None, problems
    review = events(calendar_file(diagnosis, now=NOW, conversation=revived))["review"]
    assert str(review["STATUS"]) == "CONFIRMED"
    assert int(review["SEQUENCE"]) > int(cancelled["SEQUENCE"])


def test_the_cli_exports_the_cancellation_of_the_series_it_exported(capsys, tmp_path):
    answers = json.loads((EXAMPLES / "answers.json").read_text(encoding="utf-8"))
    db = diagnosed(capsys, tmp_path, answers)
    first, second = tmp_path / "before.ics", tmp_path / "after.ics"
    code, _, err = run_cli(capsys, "--db", str(db), "ics", "1", "-o", str(first))
    assert code == 0, err
    code, _, err = run_cli(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "no"
    )
    assert code == 0, err
    code, _, err = run_cli(capsys, "--db", str(db), "ics", "1", "-o", str(second))
    assert code == 0, err
    assert (
        "Wrote the cancellation of the review and the day the list of what is still owed is due "
        f"to {second}"
    ) in err
    before = events(first.read_text(encoding="utf-8"))["review"]
    after = events(second.read_text(encoding="utf-8"))["review"]
    assert str(after["UID"]) == str(before["UID"])
    assert str(before["STATUS"]) == "CONFIRMED" and str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before.get("SEQUENCE", 0))


# -- 3. no review on a public holiday ------------------------------------------------------


def on(cadence: str, first: date) -> Diagnosis:
    diagnosis = example("answers")
    return replace(
        diagnosis, verdict=replace(diagnosis.verdict, cadence=cadence, next_review=first)
    )


def exdates(text: str) -> list[str]:
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    return re.findall(r"^EXDATE:([^\r\n]*)\r$", unfolded, flags=re.MULTILINE)


def test_us_holidays_on_the_third_monday_are_left_out(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    text = calendar_file(on("monthly", date(2026, 12, 21)), now=NOW)  # third Monday
    assert "RRULE:FREQ=MONTHLY;BYDAY=+3MO\r\n" in text
    assert "EXDATE:20270118T100000\r\n" in text  # Martin Luther King Jr. Day
    assert "EXDATE:20270215T100000\r\n" in text  # Washington's Birthday
    assert "EXDATE:20260921T100000\r\n" not in text
    review = events(text)["review"]
    ruleset = rrulestr(
        "\n".join(
            [f"DTSTART:{text.split('DTSTART:')[1][:15]}"]
            + [line for line in text.split("\r\n") if line.startswith(("RRULE:", "EXDATE:"))]
        ),
        forceset=True,
    )
    left = [
        moment.date() for moment in ruleset.between(datetime(2026, 12, 1), datetime(2028, 12, 1))
    ]
    assert date(2027, 1, 18) not in left and date(2027, 2, 15) not in left
    assert date(2027, 3, 15) in left
    assert not any(workdays.is_holiday(day, "US") for day in left)
    assert review.decoded("DTSTART") == datetime(2026, 12, 21, 10, 0)
    read = [
        moment.dt
        for exdate in (
            review["EXDATE"] if isinstance(review["EXDATE"], list) else [review["EXDATE"]]
        )
        for moment in exdate.dts
    ]
    assert datetime(2027, 1, 18, 10, 0) in read
    assert all(moment.tzinfo is None for moment in read), "floating, as DTSTART is"


def test_thanksgiving_is_left_out_every_november(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    days = holiday_dates("monthly", date(2026, 12, 24))  # fourth Thursday
    assert [day for day in days if day.month == 11] == [date(2027, 11, 25), date(2028, 11, 23)]
    text = calendar_file(on("monthly", date(2026, 12, 24)), now=NOW)
    assert "20271125T100000" in exdates(text) and "20281123T100000" in exdates(text)


def test_without_a_country_new_year_and_christmas_are_left_out():
    text = calendar_file(on("weekly", date(2026, 12, 18)), now=NOW)  # Fridays
    assert exdates(text)[:2] == ["20261225T100000", "20270101T100000"]
    assert max(len(line.encode("utf-8")) for line in text.split("\r\n")) <= 75


def test_the_holiday_a_country_has_and_another_has_not(monkeypatch):
    fourth_monday = date(2027, 4, 26)  # in August 2028 that is the 28th
    monkeypatch.setenv("UNSTALL_COUNTRY", "GB")
    assert date(2028, 8, 28) in holiday_dates("monthly", fourth_monday)  # summer bank holiday
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    assert date(2028, 8, 28) not in holiday_dates("monthly", fourth_monday)
    assert holiday_dates("monthly", fourth_monday, years=1) == [
        day for day in holiday_dates("monthly", fourth_monday) if day < date(2028, 4, 26)
    ]


@settings(max_examples=60, deadline=None)
@given(
    cadence=st.sampled_from(("weekly", "biweekly", "monthly", "quarterly")),
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
    country=st.sampled_from(("US", "GB", "DE", None)),
)
def test_the_holidays_left_out_are_reviews_and_holidays_and_only_those(cadence, first, country):
    with pytest.MonkeyPatch.context() as patch:
        if country:
            patch.setenv("UNSTALL_COUNTRY", country)
        days = holiday_dates(cadence, first)
    end = first.replace(year=first.year + 2) if (first.month, first.day) != (2, 29) else None
    end = end or date(first.year + 2, 3, 1)
    occurrences = []
    for moment in review_rule(cadence, first):
        if moment.date() >= end:
            break
        occurrences.append(moment.date())
    assert set(days) <= set(occurrences)
    assert first not in days
    expected = [day for day in occurrences[1:] if workdays.is_holiday(day, country)]
    assert days == expected


# -- 4. a review already in the diary; a fix that is the review itself --------------------


def healthy() -> Diagnosis:
    diagnosis = example(
        "answers",
        fit_delivery="yes",
        owner_theirs_in_role="yes",
        changes_theirs="none",
        standing_review="yes",
        review_cadence="monthly",
        review_last_held="2 weeks ago",
        last_conversation="1 week ago",
        expectations_written="yes",
        enablement_materials="yes",
        activity="steady",
        activity_last_month="5",
        activity_typical_month="5",
        outcomes="rising",
        last_activity="1 week ago",
    )
    assert diagnosis.verdict.verdict == "healthy" and diagnosis.verdict.regular_review
    return diagnosis


def test_a_healthy_review_in_the_diary_is_not_added_again_nor_its_own_fix_day():
    diagnosis = healthy()
    assert contents(diagnosis).in_diary
    assert events(calendar_file(diagnosis, now=NOW)) == {}
    conversation = proposed(diagnosis, priority="yes")
    step = diagnosis.talking_points.next_step
    assert step is not None and conversation.due == first_review(diagnosis, conversation)
    text = calendar_file(diagnosis, now=NOW, conversation=conversation)
    assert events(text) == {}, "no second series, and no 'fix due' on the review day"
    assert "Agreed fix due" not in text and "\r\nRRULE:" not in text
    plan = contents(diagnosis, conversation)
    assert plan.in_diary and plan.empty and plan.words() == []


def test_the_cli_says_there_is_nothing_to_add_for_a_review_in_the_diary(capsys, tmp_path):
    db = diagnosed(capsys, tmp_path, healthy().answers)
    code, out, err = run_cli(capsys, "--db", str(db), "ics", "1")
    assert code == 1 and out == ""
    assert "nothing to put in a calendar for #1: its review is already on the calendar" in err


def test_a_fix_of_its_own_keeps_its_day_beside_a_review_in_the_diary():
    diagnosis = healthy()
    conversation = held(
        diagnosis, priority="yes", fix="the shared landing page goes live", due="2026-12-11"
    )
    found = events(calendar_file(diagnosis, now=NOW, conversation=conversation))
    assert sorted(found) == ["due"]
    assert found["due"].decoded("DTSTART") == date(2026, 12, 11)


def test_a_standing_review_is_said_in_the_conversation_and_not_booked_again():
    diagnosis = example(
        "answers", standing_review="yes", review_cadence="monthly", review_last_held="2 weeks ago"
    )
    assert diagnosis.talking_points.path == "revive" and diagnosis.verdict.regular_review
    found = events(calendar_file(diagnosis, now=NOW))
    assert sorted(found) == ["conversation"]
    assert "Our monthly review is already on the calendar, so this file does not add it again." in (
        str(found["conversation"]["DESCRIPTION"])
    )


def test_the_proposed_review_as_the_fix_has_no_separate_due_day():
    diagnosis = example("answers")
    step = diagnosis.talking_points.next_step
    assert step is not None and step.due == diagnosis.verdict.next_review
    conversation = proposed(diagnosis, priority="yes")
    found = events(calendar_file(diagnosis, now=NOW, conversation=conversation))
    assert sorted(found) == ["review"]
    assert f"Agreed: {step.fix}" in str(found["review"]["DESCRIPTION"])
    # The same fix given another day: the review is that day (the step is the review).
    later = held(
        diagnosis, priority="yes", fix=step.fix, side=step.side, owner=step.owner, due="2026-12-30"
    )
    found = events(calendar_file(diagnosis, now=NOW, conversation=later))
    assert sorted(found) == ["review"]
    assert found["review"].decoded("DTSTART").date() == date(2026, 12, 30)


# -- 5. pending -----------------------------------------------------------------------------


def test_a_pending_decisions_review_is_tentative_and_a_revives_confirmed():
    diagnosis = example("answers")
    pending = held(diagnosis, priority="evasive", decision="pending")
    review = events(calendar_file(diagnosis, now=NOW, conversation=pending))["review"]
    assert str(review["STATUS"]) == "TENTATIVE"
    assert str(review["DESCRIPTION"]).startswith("Tentative: held only if we carry on")
    assert contents(diagnosis, pending).words() == ["the review (tentative, if you carry on)"]
    revive = held(diagnosis, priority="yes", fix="Jo names an owner", due="2026-12-04")
    review = events(calendar_file(diagnosis, now=NOW, conversation=revive))["review"]
    assert str(review["STATUS"]) == "CONFIRMED"


# -- the drafts screen's calendar tab ------------------------------------------------------


async def test_the_calendar_tab_of_an_exit_says_the_review_is_called_off(db_path, tmp_path):
    from test_meeting_app import hold_meeting, seed
    from textual.widgets import TabbedContent

    from store.repository import Repository
    from tui.app import make_app
    from tui.screens.drafts import DraftsScreen

    repository = Repository(db_path)
    seed(repository)
    exports = tmp_path / "exports"
    app = make_app(repository, export_dir=exports)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await hold_meeting(pilot, "n")  # no: a clean exit
            drafts = app.screen
            assert isinstance(drafts, DraftsScreen)
            await pilot.press("2")
            await pilot.pause()
            assert drafts.query_one(TabbedContent).active == "calendar"
            words = str(drafts.query_one("#calendar-words").render())
            await pilot.press("i")
            await pilot.pause()
            (saved,) = exports.glob("*.ics")
            text = saved.read_text(encoding="utf-8")
    finally:
        repository.close()
    assert "The calendar file holds 1 event:" in words  # the day what is still owed is due
    assert "Still owed" in words and "then" not in words.split("Still owed")[1].split("\n")[0]
    assert "The review, called off: importing it removes the series." in words
    found = events(text)
    assert sorted(found) == ["due", "review"]
    assert str(found["review"]["STATUS"]) == "CANCELLED"
