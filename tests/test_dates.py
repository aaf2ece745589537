"""Dates as people type them, counted back from the day of the diagnosis."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playbook.dates import (
    PART_DAYS,
    DateError,
    date_order,
    describe,
    distance,
    long_date,
    order_of_locale,
    parse_date,
    parse_range,
    to_date,
)

MONDAY = date(2026, 11, 23)  # the fixed day of the tests
TUESDAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def month_first(monkeypatch):
    """Dates in numbers read month first unless a test says otherwise: set, never guessed from
    the machine's locale."""
    monkeypatch.setenv("UNSTALL_DATE_ORDER", "mdy")


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
        (date(2021, 5, 1), "over 5 years ago"),  # 5 years and 6 months
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


# --- day first or month first -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "expected"),
    [("dmy", date(2026, 10, 5)), ("mdy", date(2026, 5, 10)), ("DMY", date(2026, 10, 5))],
)
def test_a_date_in_numbers_reads_as_unstall_date_order_says(monkeypatch, order, expected):
    monkeypatch.setenv("UNSTALL_DATE_ORDER", order)
    assert parse_date("05/10/2026", MONDAY) == expected
    assert parse_date("05.10.26", MONDAY) == expected
    assert parse_date("05-10", MONDAY) == expected


def test_day_first_users_get_5_october_and_iso_and_words_are_unchanged(monkeypatch):
    monkeypatch.setenv("UNSTALL_DATE_ORDER", "dmy")
    assert parse_date("05/10/2026", MONDAY) == date(2026, 10, 5)
    assert parse_date("2026-05-10", MONDAY) == date(2026, 5, 10)
    assert parse_date("5 October 2026", MONDAY) == date(2026, 10, 5)
    assert parse_date("October 5", MONDAY) == date(2026, 10, 5)


def test_an_explicit_order_wins_over_the_setting(monkeypatch):
    monkeypatch.setenv("UNSTALL_DATE_ORDER", "dmy")
    assert parse_date("05/10/2026", MONDAY, order="mdy") == date(2026, 5, 10)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en_US.UTF-8", "mdy"),
        ("es_US", "mdy"),
        ("C", "mdy"),
        ("POSIX", "mdy"),
        ("C.UTF-8", "mdy"),
        ("en", "mdy"),
        ("en_GB.UTF-8", "dmy"),
        ("de_DE.UTF-8", "dmy"),
        ("fr_CA.UTF-8", "dmy"),
        ("en_AU", "dmy"),
        ("pt_BR.UTF-8@euro", "dmy"),
        ("English_United States.1252", "mdy"),
        ("English_United Kingdom.1252", "dmy"),
    ],
)
def test_the_order_comes_from_the_locale_when_not_set(monkeypatch, lang, expected):
    monkeypatch.delenv("UNSTALL_DATE_ORDER")
    monkeypatch.setenv("LANG", lang)
    assert order_of_locale(lang) == expected
    assert date_order() == expected


def test_the_locale_is_read_lc_all_then_lc_time_then_lang(monkeypatch):
    monkeypatch.delenv("UNSTALL_DATE_ORDER")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_TIME", "en_GB.UTF-8")
    assert date_order() == "dmy"
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert date_order() == "mdy"


@pytest.mark.parametrize("value", ["", "ymd", "day first", "  "])
def test_an_unknown_setting_leaves_the_locale_to_decide(monkeypatch, value):
    monkeypatch.setenv("UNSTALL_DATE_ORDER", value)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert date_order() == "dmy"


@pytest.mark.parametrize(
    ("order", "typed", "suggested", "other"),
    [
        ("mdy", "13/10/2026", "10/13/2026", "dmy"),
        ("dmy", "10/13/2026", "13/10/2026", "mdy"),
        ("dmy", "05.25.26", "25.05.26", "mdy"),
    ],
)
def test_an_impossible_date_offers_the_other_order_when_that_is_a_date(
    monkeypatch, order, typed, suggested, other
):
    monkeypatch.setenv("UNSTALL_DATE_ORDER", order)
    with pytest.raises(DateError) as raised:
        parse_date(typed, MONDAY)
    message = str(raised.value)
    assert message.startswith(f"'{typed}' is not a date: there is no month 13") or (
        "there is no month 25" in message
    )
    assert f"did you mean {suggested}?" in message
    assert f"UNSTALL_DATE_ORDER={other}" in message


@pytest.mark.parametrize(
    ("order", "typed", "reason"),
    [
        ("dmy", "31/04/2026", "April has 30 days"),
        ("dmy", "30/02/2026", "February 2026 has 28 days"),
        ("dmy", "13/45/2026", "there is no month 45"),
        ("dmy", "04/31/2026", "there is no month 31"),
        ("mdy", "02/30/2026", "February 2026 has 28 days"),
    ],
)
def test_an_impossible_date_with_no_other_reading_is_refused_without_a_guess(
    monkeypatch, order, typed, reason
):
    monkeypatch.setenv("UNSTALL_DATE_ORDER", order)
    with pytest.raises(DateError) as raised:
        parse_date(typed, MONDAY)
    assert reason in str(raised.value)
    assert "did you mean" not in str(raised.value)


days = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))


@given(day=days, order=st.sampled_from(["dmy", "mdy"]), separator=st.sampled_from("/.-"))
def test_any_date_written_in_numbers_in_the_users_order_reads_back(day, order, separator):
    first, second = (day.day, day.month) if order == "dmy" else (day.month, day.day)
    typed = f"{first:02d}{separator}{second:02d}{separator}{day.year}"
    assert parse_date(typed, MONDAY, order=order) == day


@given(day=days)
def test_the_two_orders_never_read_one_text_as_two_dates_unless_both_exist(day):
    typed = f"{day.day}/{day.month}/{day.year}"
    as_dmy = parse_date(typed, MONDAY, order="dmy")
    assert as_dmy == day
    if day.day > 12:
        with pytest.raises(DateError, match=f"did you mean {day.month}/{day.day}/{day.year}"):
            parse_date(typed, MONDAY, order="mdy")
    else:
        assert parse_date(typed, MONDAY, order="mdy") == date(day.year, day.day, day.month)


@given(month=st.integers(1, 12), day=st.integers(13, 31), order=st.sampled_from(["dmy", "mdy"]))
def test_a_suggested_reading_is_always_a_date_in_the_other_order(month, day, order):
    other = "mdy" if order == "dmy" else "dmy"
    typed = f"{month}/{day}/2028" if order == "dmy" else f"{day}/{month}/2028"
    exists = day <= calendar.monthrange(2028, month)[1]
    with pytest.raises(DateError) as raised:
        parse_date(typed, MONDAY, order=order)
    message = str(raised.value)
    assert ("did you mean" in message) == exists
    if exists:
        suggestion = message.split("did you mean ")[1].split("?")[0]
        assert parse_date(suggestion, MONDAY, order=order) == date(2028, month, day)
        assert parse_date(typed, MONDAY, order=other) == date(2028, month, day)


# --- parts of a month -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("mid October", date(2026, 10, 15)),
        ("early September", date(2026, 9, 5)),
        ("late September", date(2026, 9, 25)),
        ("end of last month", date(2026, 10, 31)),
        ("start of next month", date(2026, 12, 1)),
        ("mid-October", date(2026, 10, 15)),
        ("middle of October", date(2026, 10, 15)),
        ("the beginning of October", date(2026, 10, 1)),
        ("the end of October 2025", date(2025, 10, 31)),
        ("End of February 2028", date(2028, 2, 29)),
        ("end of this month", date(2026, 11, 30)),
        ("end of the month", date(2026, 11, 30)),
        ("late last month", date(2026, 10, 25)),
        ("early next month", date(2026, 12, 5)),
        ("in mid Sept", date(2026, 9, 15)),
        ("by the end of next month", date(2026, 12, 31)),
    ],
)
def test_a_part_of_a_month_is_a_day_of_it(typed, expected):
    assert parse_date(typed, MONDAY) == expected


def test_a_part_of_a_month_not_begun_yet_is_last_years_for_past_questions():
    assert parse_date("early December", MONDAY, past=True) == date(2025, 12, 5)
    assert parse_date("early December", MONDAY) == date(2026, 12, 5)
    assert parse_date("mid November", MONDAY, past=True) == date(2026, 11, 15)
    assert parse_date("end of next month", MONDAY, past=True) == date(2026, 12, 31)


def test_parts_of_a_month_work_in_ranges():
    assert parse_range("since mid October", MONDAY) == (date(2026, 10, 15), None)
    assert parse_range("early September to end of last month", MONDAY) == (
        date(2026, 9, 5),
        date(2026, 10, 31),
    )


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("mid October 26", "4 digits"), ("end of October 0000", "no year 0")],
)
def test_a_part_of_a_month_with_a_bad_year_is_refused(typed, reason):
    with pytest.raises(DateError, match=reason):
        parse_date(typed, MONDAY)


@pytest.mark.parametrize("typed", ["mid week", "late", "end of days", "early next week"])
def test_other_words_after_a_part_are_not_a_date(typed):
    with pytest.raises(DateError, match="is not a date"):
        parse_date(typed, MONDAY)


@given(month=st.integers(1, 12), year=st.integers(1900, 2200))
def test_the_parts_of_any_month_are_in_order_inside_it(month, year):
    name = long_date(date(2000, month, 1)).split()[2]  # "Oct"
    found = {
        part: parse_date(f"{part} {name} {year}", MONDAY)
        for part in ("start of", "early", "mid", "late", "end of")
    }
    assert all(day.year == year and day.month == month for day in found.values())
    assert [day.day for day in found.values()] == [
        1,
        PART_DAYS["early"],
        PART_DAYS["mid"],
        PART_DAYS["late"],
        calendar.monthrange(year, month)[1],
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("late November", date(2026, 11, 23)),  # begun on the 21st: up to today
        ("late this month", date(2026, 11, 23)),
        ("mid November", date(2026, 11, 15)),  # over: the 15th
        ("end of November", date(2025, 11, 30)),  # not begun: last year's
        ("late October", date(2026, 10, 25)),
    ],
)
def test_a_past_part_of_this_month_is_never_after_today(typed: str, expected: date) -> None:
    assert parse_date(typed, date(2026, 11, 23), past=True) == expected
    assert parse_date(typed, date(2026, 11, 23), past=True) <= date(2026, 11, 23)


def test_a_weekday_alone_is_the_next_one_for_a_due_date():
    """ "--due Friday" was read as last Friday, and refused as before the conversation (or, for
    an outcome, recorded in the past without a word)."""
    monday = date(2026, 11, 23)
    assert parse_date("friday", monday, ahead=True) == date(2026, 11, 27)
    assert parse_date("Monday", monday, ahead=True) == date(2026, 11, 30)  # not today
    assert parse_date("friday", monday) == date(2026, 11, 20)  # a past question: as before
    assert parse_date("next friday", monday, ahead=True) == date(2026, 11, 27)
