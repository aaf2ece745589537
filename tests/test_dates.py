"""Dates as people type them, counted back from the day of the diagnosis."""

from __future__ import annotations

from datetime import date

import pytest

from playbook.dates import DateError, describe, distance, long_date, parse_date, to_date

MONDAY = date(2026, 11, 23)  # the fixed day of the tests
TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-10-03", date(2026, 10, 3)),
        ("Oct 3", date(2026, 10, 3)),
        ("oct 3", date(2026, 10, 3)),
        ("October 3, 2026", date(2026, 10, 3)),
        ("3 October 2026", date(2026, 10, 3)),
        ("3 Oct 2026", date(2026, 10, 3)),
        ("10/03/2026", date(2026, 10, 3)),  # month first
        ("  2026-10-03  ", date(2026, 10, 3)),
        ("2025-12-31", date(2025, 12, 31)),
    ],
)
def test_absolute_dates_in_common_written_forms(typed, expected):
    assert parse_date(typed, MONDAY) == expected


def test_a_slashed_date_is_read_month_first():
    assert parse_date("04/05/2026", MONDAY) == date(2026, 4, 5)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today", MONDAY),
        ("Today", MONDAY),
        ("yesterday", date(2026, 11, 22)),
        ("3 days ago", date(2026, 11, 20)),
        ("1 day ago", date(2026, 11, 22)),
        ("3 weeks ago", date(2026, 11, 2)),
        ("two weeks ago", date(2026, 11, 9)),
        ("6 weeks ago", date(2026, 10, 12)),
        ("a month ago", date(2026, 10, 23)),
        ("2 months ago", date(2026, 9, 23)),
        ("a year ago", date(2025, 11, 23)),
        ("a few weeks ago", date(2026, 11, 2)),
        ("a couple of months ago", date(2026, 9, 23)),
        ("last week", date(2026, 11, 16)),
        ("last month", date(2026, 10, 23)),
        ("last Tuesday", date(2026, 11, 17)),
        ("last friday", date(2026, 11, 20)),
        ("last Monday", date(2026, 11, 16)),  # the reference is a Monday: a week back
        ("last sunday", date(2026, 11, 22)),
    ],
)
def test_relative_dates_count_back_from_the_reference(typed, expected):
    assert parse_date(typed, MONDAY) == expected


def test_last_tuesday_on_a_tuesday_is_one_week_back():
    assert parse_date("last Tuesday", TUESDAY) == date(2026, 11, 17)


def test_last_wednesday_on_a_tuesday_is_six_days_back():
    assert parse_date("last Wednesday", TUESDAY) == date(2026, 11, 18)


def test_relative_dates_follow_the_reference_not_the_real_today():
    reference = date(2024, 3, 1)
    assert parse_date("3 weeks ago", reference) == date(2024, 2, 9)
    assert parse_date("yesterday", reference) == date(2024, 2, 29)
    assert parse_date("a month ago", reference) == date(2024, 2, 1)


def test_a_month_ago_from_the_31st_lands_on_the_last_day_of_a_short_month():
    assert parse_date("a month ago", date(2026, 3, 31)) == date(2026, 2, 28)


def test_a_date_without_year_in_the_future_means_last_year_for_past_questions():
    # "Dec 5" typed in November about the past means last December.
    assert parse_date("Dec 5", MONDAY, past=True) == date(2025, 12, 5)


def test_a_date_without_year_in_the_past_keeps_this_year():
    assert parse_date("Oct 3", MONDAY, past=True) == date(2026, 10, 3)
    assert parse_date("Nov 23", MONDAY, past=True) == MONDAY


def test_a_date_without_year_is_this_year_when_not_about_the_past():
    assert parse_date("Dec 5", MONDAY) == date(2026, 12, 5)


def test_an_explicit_year_is_never_moved():
    assert parse_date("5 December 2026", MONDAY, past=True) == date(2026, 12, 5)
    assert parse_date("2026-12-05", MONDAY, past=True) == date(2026, 12, 5)
    assert parse_date("12/05/2026", MONDAY, past=True) == date(2026, 12, 5)


@pytest.mark.parametrize(
    "typed",
    ["soon", "3", "", "   ", "next quarter", "banana", "twenty weeks ago", "2026", "may be"],
)
def test_text_that_is_not_a_date_is_refused_with_what_is_accepted(typed):
    with pytest.raises(DateError) as raised:
        parse_date(typed, MONDAY)
    message = str(raised.value)
    assert "2026-10-03" in message
    assert "weeks ago" in message


# --- a day that does not exist is an error, never another date -------------------------------


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("July 32", "July has 31 days"),
        ("Feb 30", "February has 28 days, 29 in a leap year"),
        ("March 99", "March has 31 days"),
        ("31 April", "April has 30 days"),
        ("April 31, 2026", "April has 30 days"),
        ("2026-02-30", "February 2026 has 28 days"),
        ("2026-04-31", "April has 30 days"),
        ("29 Feb 2027", "February 2027 has 28 days"),
        ("Oct 0", "there is no day 0"),
        ("2026-10-00", "there is no day 0"),
        ("2026-13-01", "there is no month 13"),
        ("13/45/2026", "there is no month 13"),
        ("00/10/2026", "there is no month 0"),
        ("02/30/2026", "February 2026 has 28 days"),
        ("July 100th", "July has 31 days"),
    ],
)
def test_a_day_that_does_not_exist_is_refused_with_the_reason(typed, reason):
    with pytest.raises(DateError) as raised:
        parse_date(typed, MONDAY)
    message = str(raised.value)
    assert message.startswith(f"'{typed}' is not a date: ")
    assert reason in message


@pytest.mark.parametrize("typed", ["July 32", "March 99", "Feb 30", "2026-02-30", "13/45/2026"])
@pytest.mark.parametrize("past", [False, True])
def test_a_day_that_does_not_exist_is_never_read_as_another_date(typed, past):
    with pytest.raises(DateError):
        parse_date(typed, MONDAY, past=past)


def test_a_day_first_date_is_refused_with_the_month_first_reading_offered():
    with pytest.raises(DateError) as raised:
        parse_date("13/10/2026", MONDAY)
    message = str(raised.value)
    assert "there is no month 13" in message
    assert "10/13/2026" in message


def test_29_february_without_a_year_depends_on_the_year_it_falls_in():
    assert parse_date("Feb 29", date(2028, 3, 1)) == date(2028, 2, 29)
    with pytest.raises(DateError, match="February 2026 has 28 days"):
        parse_date("Feb 29", MONDAY)
    assert parse_date("29 Feb 2028", MONDAY) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("Oct 3 26", "write the year with 4 digits"),
        ("3 October 202", "the year has 4 digits"),
        ("10/03/202", "write the year with 4 digits"),
        ("10/3/6", "write the year with 4 digits"),
        ("0000-01-01", "there is no year 0"),
    ],
)
def test_a_year_is_written_with_4_digits(typed, reason):
    with pytest.raises(DateError) as raised:
        parse_date(typed, MONDAY)
    assert str(raised.value).startswith(f"'{typed}' is not a date: ")
    assert reason in str(raised.value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10/03/26", date(2026, 10, 3)),
        ("10/03/80", date(1980, 10, 3)),
        ("10-03-2026", date(2026, 10, 3)),
        ("10.03.2026", date(2026, 10, 3)),
        ("10/03", date(2026, 10, 3)),
        ("2026/10/03", date(2026, 10, 3)),
        ("2026-1-5", date(2026, 1, 5)),
        ("3rd October", date(2026, 10, 3)),
        ("October 3rd", date(2026, 10, 3)),
        ("the 3rd of October 2026", date(2026, 10, 3)),
        ("Oct. 3", date(2026, 10, 3)),
        ("Sept 3", date(2026, 9, 3)),
        ("3-Oct-2026", date(2026, 10, 3)),
        ("on Oct 3", date(2026, 10, 3)),
        ("Tue 3 Nov 2026", date(2026, 11, 3)),
        ("Tuesday, 3 November 2026", date(2026, 11, 3)),
        ("December 5th, 2025", date(2025, 12, 5)),
        ("October 31", date(2026, 10, 31)),
        ("October 2026", date(2026, 10, 1)),
        ("October", date(2026, 10, 1)),
    ],
)
def test_more_written_forms_are_read_strictly_but_still_accepted(typed, expected):
    assert parse_date(typed, MONDAY) == expected


def test_a_two_digit_year_is_explicit_and_never_moved():
    assert parse_date("12/05/26", MONDAY, past=True) == date(2026, 12, 5)


def test_a_weekday_that_does_not_match_the_date_is_refused():
    with pytest.raises(DateError, match="3 Nov 2026 is a Tuesday, not a Monday"):
        parse_date("Mon 3 Nov 2026", MONDAY)


@pytest.mark.parametrize(
    "typed", ["Oct Nov 3", "Oct 3 2026 2027", "3 Oct 10:00", "Tuesday October"]
)
def test_extra_words_or_numbers_make_a_written_date_not_a_date(typed):
    with pytest.raises(DateError, match="is not a date"):
        parse_date(typed, MONDAY)


def test_the_refusal_quotes_what_was_typed():
    with pytest.raises(DateError, match="'soon' is not a date"):
        parse_date("soon", MONDAY)


def test_a_date_error_is_a_value_error():
    assert issubclass(DateError, ValueError)


# --- showing dates back -----------------------------------------------------------------------


def test_describe_gives_the_weekday_the_date_and_how_long_ago():
    assert describe(date(2026, 9, 14), MONDAY) == "Mon 14 Sep 2026, 10 weeks ago"
    assert describe(date(2026, 10, 12), MONDAY) == "Mon 12 Oct 2026, 6 weeks ago"


def test_long_date_has_no_leading_zero():
    assert long_date(date(2026, 12, 3)) == "Thu 3 Dec 2026"
    assert long_date(date(2026, 12, 23)) == "Wed 23 Dec 2026"


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        (date(2026, 11, 23), "today"),
        (date(2026, 11, 22), "yesterday"),
        (date(2026, 11, 24), "tomorrow"),
        (date(2026, 11, 20), "3 days ago"),
        (date(2026, 11, 10), "13 days ago"),
        (date(2026, 11, 9), "2 weeks ago"),
        (date(2026, 11, 16), "7 days ago"),
        (date(2026, 9, 14), "10 weeks ago"),
        (date(2026, 8, 23), "3 months ago"),
        (date(2025, 11, 23), "12 months ago"),
        (date(2024, 11, 23), "2 years ago"),
        (date(2021, 5, 1), "5 years ago"),
        (date(2026, 11, 30), "in 7 days"),
        (date(2026, 12, 23), "in 4 weeks"),
        (date(2027, 5, 23), "in 6 months"),
    ],
)
def test_distance_in_words(then, expected):
    assert distance(then, MONDAY) == expected


def test_distance_switches_from_weeks_to_months_after_about_three_months():
    assert distance(date(2026, 8, 25), MONDAY) == "12 weeks ago"
    assert distance(date(2026, 8, 24), MONDAY).endswith("months ago")


def test_to_date_reads_stored_iso_strings():
    assert to_date("2026-10-03") == date(2026, 10, 3)
    assert to_date(None) is None
    assert to_date(MONDAY) == MONDAY


@pytest.mark.parametrize("typed", ["3000 years ago", "30000 months ago"])
def test_an_absurdly_long_ago_is_refused_as_a_date_error(typed):
    with pytest.raises(DateError):
        parse_date(typed, MONDAY)
