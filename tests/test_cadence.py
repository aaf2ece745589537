"""How often a partnership should meet, and when the first review of that rhythm falls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.cadence import (
    CADENCE_BY_KIND,
    INTERVAL_DAYS,
    first_review,
    recommended,
    review_rule,
    reviews,
)
from playbook.questions import QUESTIONS

CADENCES = ("weekly", "biweekly", "monthly", "quarterly")


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
