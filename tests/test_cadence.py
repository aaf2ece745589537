"""How often a partnership should meet, and when the first review of that rhythm falls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.cadence import (
    CADENCE_BY_KIND,
    INTERVAL_DAYS,
    REVIEW_LIMIT_DAYS,
    first_review,
    recommended,
    review_after,
    review_rule,
    reviews,
)
from playbook.questions import QUESTIONS
from playbook.workdays import is_working_day

CADENCES = ("weekly", "biweekly", "monthly", "quarterly")


@pytest.fixture(autouse=True)
def no_country(monkeypatch):
    """No country from the machine running the tests: only 1 January and 25 December are
    holidays unless a test sets UNSTALL_COUNTRY."""
    for name in ("UNSTALL_COUNTRY", "LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")


@pytest.mark.parametrize(
    ("kind", "cadence"),
    [
        ("referral", "quarterly"),
        ("strategic-alliance", "biweekly"),
        ("joint-venture", "biweekly"),
        ("co-marketing", "monthly"),
        ("reseller", "monthly"),
        ("technology", "monthly"),
        ("community", "monthly"),
        ("other", "monthly"),
    ],
)
def test_each_kind_of_partnership_gets_its_recommended_cadence(kind, cadence):
    assert recommended(kind) == cadence


def test_an_unknown_kind_gets_the_monthly_review():
    assert recommended(None) == "monthly"
    assert recommended("") == "monthly"
    assert recommended("franchise") == "monthly"


def test_every_kind_of_the_questionnaire_has_a_cadence():
    assert set(CADENCE_BY_KIND) == set(QUESTIONS["kind"].values)


def test_the_first_monthly_review_is_a_month_later_on_the_same_weekday_of_month():
    # Mon 23 Nov 2026 -> Wed 23 Dec 2026.
    assert first_review("monthly", date(2026, 11, 23)) == date(2026, 12, 23)


def test_a_first_review_that_falls_on_a_weekend_moves_to_monday():
    # Sat 19 Dec 2026 + 1 week = Sat 26 Dec -> Mon 28 Dec.
    assert first_review("weekly", date(2026, 12, 19)) == date(2026, 12, 28)


def test_a_first_review_on_christmas_moves_to_the_next_working_day():
    # Fri 18 Dec 2026 + 1 week = Fri 25 Dec -> Mon 28 Dec.
    assert first_review("weekly", date(2026, 12, 18)) == date(2026, 12, 28)
    # Wed 25 Nov 2026 + 1 month = Fri 25 Dec -> Mon 28 Dec.
    assert first_review("monthly", date(2026, 11, 25)) == date(2026, 12, 28)


def test_a_first_review_on_new_year_moves_to_the_next_working_day():
    # Fri 25 Dec 2026 + 1 week = Fri 1 Jan 2027 -> Mon 4 Jan.
    assert first_review("weekly", date(2026, 12, 25)) == date(2027, 1, 4)
    # Thu 1 Oct 2026 + 3 months = Fri 1 Jan 2027 -> Mon 4 Jan.
    assert first_review("quarterly", date(2026, 10, 1)) == date(2027, 1, 4)


def test_a_first_review_on_a_uk_bank_holiday_moves_to_the_next_working_day(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "GB")
    # Mon 18 May 2026 + 1 week = Mon 25 May, the Spring bank holiday -> Tue 26 May.
    assert first_review("weekly", date(2026, 5, 18)) == date(2026, 5, 26)
    # Sat 26 Dec 2026 -> Mon 28 Dec is Boxing Day (observed) -> Tue 29 Dec.
    assert first_review("weekly", date(2026, 12, 19)) == date(2026, 12, 29)
    # Without a country, Mon 25 May is a working day.
    monkeypatch.delenv("UNSTALL_COUNTRY")
    assert first_review("weekly", date(2026, 5, 18)) == date(2026, 5, 25)


def test_a_first_review_on_us_thanksgiving_moves_to_the_next_working_day(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    # Thu 19 Nov 2026 + 1 week = Thu 26 Nov, Thanksgiving -> Fri 27 Nov.
    assert first_review("weekly", date(2026, 11, 19)) == date(2026, 11, 27)
    # Thu 12 Nov 2026 + 2 weeks = Thu 26 Nov, Thanksgiving -> Fri 27 Nov.
    assert first_review("biweekly", date(2026, 11, 12)) == date(2026, 11, 27)


def test_the_country_can_come_from_the_locale(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert first_review("weekly", date(2026, 11, 19)) == date(2026, 11, 27)


def test_a_country_passed_in_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "GB")
    assert first_review("weekly", date(2026, 11, 19), country="US") == date(2026, 11, 27)
    assert first_review("weekly", date(2026, 5, 18), country=None) == date(2026, 5, 25)
    assert review_after("weekly", date(2026, 11, 19), country="US") == date(2026, 11, 27)
    assert review_after("weekly", date(2026, 12, 21)) == date(2026, 12, 29)
    assert review_after("weekly", date(2026, 12, 21), country=None) == date(2026, 12, 28)


def test_the_first_biweekly_and_quarterly_reviews():
    assert first_review("biweekly", date(2026, 11, 23)) == date(2026, 12, 7)
    assert first_review("quarterly", date(2026, 11, 23)) == date(2027, 2, 23)


def test_monthly_reviews_keep_their_place_in_the_month():
    # Wed 23 Dec 2026 is the 4th Wednesday of December.
    dates = reviews("monthly", date(2026, 12, 23), 4)
    assert dates == [date(2026, 12, 23), date(2027, 1, 27), date(2027, 2, 24), date(2027, 3, 24)]


def test_a_fifth_weekday_becomes_the_last_one_so_every_month_has_a_review():
    # Thu 29 Oct 2026 is the fifth Thursday; November has only four.
    dates = reviews("monthly", date(2026, 10, 29), 3)
    assert dates == [date(2026, 10, 29), date(2026, 11, 26), date(2026, 12, 31)]


@settings(max_examples=200, deadline=None)
@given(
    diagnosed_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    cadence=st.sampled_from(CADENCES),
)
def test_the_first_review_is_a_weekday_soon_after_the_diagnosis(diagnosed_on, cadence):
    first = first_review(cadence, diagnosed_on)
    assert first > diagnosed_on
    assert first.weekday() < 5
    assert first - diagnosed_on <= timedelta(days=INTERVAL_DAYS[cadence] + 3)
    assert first == review_rule(cadence, first)[0].date()


@settings(max_examples=200, deadline=None)
@given(
    diagnosed_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    cadence=st.sampled_from(CADENCES),
)
def test_every_later_review_is_on_the_same_weekday_at_the_cadence(diagnosed_on, cadence):
    first = first_review(cadence, diagnosed_on)
    dates = reviews(cadence, first, 5)
    assert dates[0] == first
    assert len(dates) == 5
    assert all(day.weekday() == first.weekday() for day in dates)
    gaps = [(later - earlier).days for earlier, later in zip(dates, dates[1:], strict=False)]
    if cadence == "weekly":
        assert gaps == [7] * 4
    elif cadence == "biweekly":
        assert gaps == [14] * 4
    elif cadence == "monthly":
        assert all(gap in (28, 35) for gap in gaps)
        months = [(day.year, day.month) for day in dates]
        assert len(set(months)) == 5
    else:
        assert all(77 <= gap <= 98 for gap in gaps)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    cadence=st.sampled_from(CADENCES),
    where=st.sampled_from(("GB", "US", "DE")),
)
def test_the_first_review_is_a_working_day_of_the_country(start, cadence, where):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UNSTALL_COUNTRY", where)
        first = first_review(cadence, start)
    assert is_working_day(first, where)
    assert first == review_rule(cadence, first)[0].date()
    assert timedelta(days=7) <= first - start <= timedelta(days=INTERVAL_DAYS[cadence] + 7)


# --- the first review after the reset conversation: at most 28 days away ---------------------

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        ("weekly", date(2026, 11, 30)),
        ("biweekly", date(2026, 12, 7)),
        ("monthly", date(2026, 12, 21)),  # 4 weeks, not a calendar month (23 Dec)
        ("quarterly", date(2026, 12, 21)),  # 4 weeks, not 3 months
    ],
)
def test_the_review_after_the_conversation_is_within_four_weeks(cadence, expected):
    assert review_after(cadence, MONDAY) == expected


def test_a_review_after_that_falls_on_a_holiday_moves_forward_within_the_limit():
    # Fri 18 Dec 2026 + 1 week = Fri 25 Dec -> Mon 28 Dec.
    assert review_after("weekly", date(2026, 12, 18)) == date(2026, 12, 28)


def test_a_capped_review_on_a_holiday_moves_back_rather_than_past_the_limit(monkeypatch):
    # Fri 27 Nov 2026 + 28 days = Fri 25 Dec: Mon 28 Dec would be 31 days -> Thu 24 Dec.
    assert review_after("monthly", date(2026, 11, 27)) == date(2026, 12, 24)
    assert review_after("quarterly", date(2026, 11, 27)) == date(2026, 12, 24)
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    # Sun 1 Nov 2026 + 28 days = Sun 29 Nov -> back to Fri 27 Nov (Thanksgiving is the 26th).
    assert review_after("monthly", date(2026, 11, 1)) == date(2026, 11, 27)


def test_a_review_after_a_weekend_conversation_is_still_within_the_limit():
    # Sat 28 Nov 2026 + 28 days = Sat 26 Dec -> back to Thu 24 Dec (25 Dec is a holiday).
    assert review_after("monthly", date(2026, 11, 28)) == date(2026, 12, 24)


def test_a_shorter_limit_caps_the_review_too():
    assert review_after("monthly", MONDAY, limit_days=14) == date(2026, 12, 7)
    assert review_after("weekly", MONDAY, limit_days=14) == date(2026, 11, 30)


def test_a_limit_below_one_day_is_refused():
    with pytest.raises(ValueError, match="1 or more"):
        review_after("weekly", MONDAY, limit_days=0)


def test_when_no_working_day_fits_the_limit_the_next_working_day_is_taken():
    # Thu 24 Dec 2026 with 1 day: 25 Dec is a holiday -> Mon 28 Dec.
    assert review_after("weekly", date(2026, 12, 24), limit_days=1) == date(2026, 12, 28)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    cadence=st.sampled_from(CADENCES),
    where=st.sampled_from(("", "GB", "US", "DE")),
)
def test_the_review_after_is_a_working_day_within_the_limit(start, cadence, where):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UNSTALL_COUNTRY", where)
        review = review_after(cadence, start)
    assert review > start
    assert review - start <= timedelta(days=REVIEW_LIMIT_DAYS)
    assert is_working_day(review, where or None)
    assert review == review_rule(cadence, review)[0].date()
    if cadence == "weekly":
        assert review - start >= timedelta(days=7)
    elif cadence == "biweekly":
        assert review - start >= timedelta(days=14)
    else:
        assert review - start >= timedelta(days=REVIEW_LIMIT_DAYS - 7)
