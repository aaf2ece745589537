"""Working days where the user lives: no weekend, no public holiday of their country."""

from __future__ import annotations

import locale
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook import workdays
from playbook.workdays import (
    add_working_days,
    country,
    is_holiday,
    is_working_day,
    known_country,
    next_working_day,
    previous_working_day,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_country(monkeypatch):
    """No country from the machine running the tests: each test says which one it means."""
    for name in ("UNSTALL_COUNTRY", "LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")


# --- which country ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("GB", "GB"), ("gb", "GB"), (" us ", "US"), ("De", "DE"), ("UK", "GB"), ("GBR", "GB")],
)
def test_the_country_comes_from_the_environment_in_any_case(monkeypatch, value, expected):
    monkeypatch.setenv("UNSTALL_COUNTRY", value)
    assert country() == expected


@pytest.mark.parametrize("value", ["XX", "none", "Narnia", "12", "G"])
def test_a_country_the_holidays_package_does_not_know_means_none(monkeypatch, value):
    monkeypatch.setenv("UNSTALL_COUNTRY", value)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert country() is None


def test_the_setting_wins_over_the_locale(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert country() == "US"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en_GB.UTF-8", "GB"),
        ("en_US.UTF-8", "US"),
        ("de_DE@euro", "DE"),
        ("fr_FR", "FR"),
        ("en-GB", "GB"),
        ("C", None),
        ("POSIX", None),
        ("C.UTF-8", None),
        ("en", None),
    ],
)
def test_without_the_setting_the_locale_gives_the_country(monkeypatch, value, expected):
    monkeypatch.setenv("LANG", value)
    assert country() == expected


def test_lc_all_then_lc_time_then_lang(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_TIME", "de_DE.UTF-8")
    assert country() == "DE"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert country() == "GB"
    monkeypatch.setenv("LC_ALL", "C")
    assert country() is None


def test_with_no_locale_variable_the_process_locale_is_read(monkeypatch):
    monkeypatch.delenv("LANG")
    monkeypatch.setattr(locale, "setlocale", lambda category, value=None: "en_GB.UTF-8")
    assert country() == "GB"
    monkeypatch.setattr(locale, "setlocale", lambda category, value=None: "C.UTF-8")
    assert country() is None


def test_known_country_names_the_iso_code_or_none():
    assert known_country("gb") == "GB"
    assert known_country("XX") is None
    assert known_country("") is None


# --- which days are working days ----------------------------------------------------------------


def test_weekends_are_never_working_days(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 11, 29))  # Sunday
    assert is_working_day(date(2026, 11, 30))  # Monday


def test_with_no_country_only_new_year_and_christmas_are_holidays():
    assert country() is None
    assert not is_working_day(date(2026, 1, 1))
    assert not is_working_day(date(2026, 12, 25))
    assert is_working_day(date(2026, 12, 24))
    assert is_working_day(date(2025, 12, 26))  # a Friday: not a holiday without a country
    assert is_working_day(date(2026, 11, 26))  # US Thanksgiving: not a holiday either


def test_uk_bank_holidays(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "GB")
    assert not is_working_day(date(2026, 5, 25))  # Spring bank holiday
    assert not is_working_day(date(2025, 12, 26))  # Boxing Day
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day (observed)
    assert is_working_day(date(2026, 11, 26))


def test_us_thanksgiving(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    assert is_holiday(date(2026, 11, 26))
    assert not is_working_day(date(2026, 11, 26))
    assert is_working_day(date(2026, 11, 27))
    assert is_working_day(date(2025, 12, 26))


def test_the_default_country_is_read_at_each_call(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "GB")
    assert not is_working_day(date(2026, 5, 25))
    monkeypatch.setenv("UNSTALL_COUNTRY", "DE")
    assert not is_working_day(date(2025, 10, 3))  # German Unity Day
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    assert is_working_day(date(2025, 10, 3))


def test_an_explicit_country_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "GB")
    assert is_working_day(date(2026, 11, 26), "GB")
    assert not is_working_day(date(2026, 11, 26), "US")
    assert is_working_day(date(2026, 5, 25), None)  # no country: only the two fallbacks
    assert not is_working_day(date(2026, 12, 25), None)


def test_an_unknown_explicit_country_falls_back_to_the_two_holidays():
    assert not is_working_day(date(2026, 12, 25), "XX")
    assert is_working_day(date(2026, 12, 28), "XX")


# --- moving to working days ---------------------------------------------------------------------


def test_a_working_day_is_its_own_next_working_day():
    assert next_working_day(date(2026, 11, 23)) == date(2026, 11, 23)
    assert previous_working_day(date(2026, 11, 23)) == date(2026, 11, 23)


def test_a_weekend_moves_to_monday_or_back_to_friday():
    assert next_working_day(date(2026, 11, 28)) == date(2026, 11, 30)
    assert previous_working_day(date(2026, 11, 29)) == date(2026, 11, 27)


def test_christmas_moves_past_the_holidays_of_the_country(monkeypatch):
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)
    monkeypatch.setenv("UNSTALL_COUNTRY", "GB")
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 29)
    assert next_working_day(date(2026, 12, 25), country="US") == date(2026, 12, 28)
    assert previous_working_day(date(2026, 12, 28)) == date(2026, 12, 24)


def test_add_working_days_skips_weekends_and_holidays(monkeypatch):
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Fri + 1 = Mon
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    assert add_working_days(date(2026, 11, 25), 1) == date(2026, 11, 27)
    assert add_working_days(date(2026, 11, 25), 2) == date(2026, 11, 30)


def test_the_day_itself_never_counts_even_when_it_is_a_holiday():
    assert add_working_days(date(2026, 12, 25), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)


@pytest.mark.parametrize("count", [0, -1])
def test_add_working_days_needs_a_count_of_one_or_more(count):
    with pytest.raises(ValueError, match="1 or more"):
        add_working_days(date(2026, 11, 23), count)


COUNTRIES = (None, "GB", "US", "DE", "FR", "JP")


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    where=st.sampled_from(COUNTRIES),
    count=st.integers(min_value=1, max_value=30),
)
def test_working_days_are_found_in_order_and_none_is_skipped(day, where, count):
    nearest = next_working_day(day, country=where)
    assert nearest >= day
    assert is_working_day(nearest, where)
    gap = (nearest - day).days
    assert all(not is_working_day(day + timedelta(days=n), where) for n in range(gap))
    assert gap <= 7
    before = previous_working_day(day, country=where)
    assert before <= day and is_working_day(before, where)
    later = add_working_days(day, count, country=where)
    assert later > day and is_working_day(later, where)
    between = [day + timedelta(days=n) for n in range(1, (later - day).days + 1)]
    assert sum(is_working_day(each, where) for each in between) == count


def test_importing_the_module_does_not_load_the_holidays_package():
    code = "import playbook.workdays, sys; assert 'holidays' not in sys.modules"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_the_holidays_of_a_year_are_computed_once(monkeypatch):
    monkeypatch.setenv("UNSTALL_COUNTRY", "GB")
    workdays._holidays.cache_clear()
    for offset in range(60):
        is_working_day(date(2026, 3, 1) + timedelta(days=offset))
    assert workdays._holidays.cache_info().misses == 1


def test_a_due_date_on_a_day_off_is_named_with_the_next_working_day(monkeypatch):
    from playbook.workdays import day_off, off_day_note

    monkeypatch.setenv("UNSTALL_COUNTRY", "US")
    assert day_off(date(2026, 12, 5)) == "a Saturday"
    assert day_off(date(2026, 12, 6)) == "a Sunday"
    assert day_off(date(2026, 11, 26)) == "a public holiday"  # Thanksgiving
    assert day_off(date(2026, 11, 27)) == ""
    assert off_day_note(date(2026, 12, 5)) == ("a Saturday: the next working day is Mon 7 Dec 2026")
    assert off_day_note(date(2026, 12, 24)) == ""
    assert off_day_note(date(2026, 12, 25)).endswith("the next working day is Mon 28 Dec 2026")
