"""Validation of an answers file: every problem named by its id, nothing guessed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from playbook.answers import AnswerError, clean_answer, validate
from playbook.questions import QUESTIONS

TODAY = date(2026, 11, 23)
EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "answers.json"


def errors_by_id(result) -> dict[str, str]:
    return {error.id: error.message for error in result.errors}


def test_the_shared_example_file_is_valid(example_answers):
    if EXAMPLE.exists():
        example_answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    result = validate(example_answers, TODAY)
    assert result.ok, result.errors
    assert result.answers["partner"] == "Example Harbor Travel"
    assert result.answers["last_conversation"] == "2026-10-12"
    assert result.answers["last_activity"] == "2026-10-20"
    assert result.answers["diagnosed_on"] == "2026-11-23"
    assert result.answers["kind"] == "co-marketing"


def test_a_minimal_file_needs_only_the_partner():
    result = validate({"partner": "Acme"}, TODAY)
    assert result.ok
    assert result.answers == {"partner": "Acme", "diagnosed_on": "2026-11-23"}


# --- each kind of error ----------------------------------------------------------------------


def test_an_unknown_key_is_named_with_a_close_suggestion():
    result = validate({"partner": "Acme", "fit_audiense": "yes"}, TODAY)
    assert not result.ok
    message = errors_by_id(result)["fit_audiense"]
    assert "fit_audience" in message
    assert "did you mean 'fit_audience'" in message


def test_an_unknown_key_far_from_any_id_still_lists_the_known_ids():
    result = validate({"partner": "Acme", "zzz": "1"}, TODAY)
    message = errors_by_id(result)["zzz"]
    assert "did you mean" not in message
    assert "last_conversation" in message


@pytest.mark.parametrize(
    ("question_id", "value", "words"),
    [
        ("kind", 3, "int"),
        ("fit_audience", True, "bool"),
        ("notes", ["a", "b"], "list"),
        ("partner", {"name": "Acme"}, "dict"),
        ("last_conversation", 20261012, "int"),
        ("started", 2026.5, "float"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_with_its_type(question_id, value, words):
    raw = {"partner": "Acme", question_id: value}
    result = validate(raw, TODAY)
    message = errors_by_id(result)[question_id]
    assert words in message
    assert question_id not in result.answers or question_id == "partner"


def test_a_wrong_type_for_a_choice_lists_the_choices():
    message = errors_by_id(validate({"partner": "Acme", "kind": 3}, TODAY))["kind"]
    assert "referral" in message and "joint-venture" in message


def test_a_number_for_a_date_asks_for_a_date_written_as_text():
    message = errors_by_id(validate({"partner": "A", "last_conversation": 12}, TODAY))[
        "last_conversation"
    ]
    assert "date" in message and "2026-10-03" in message


def test_a_value_outside_the_choice_list_lists_the_accepted_values():
    result = validate({"partner": "Acme", "review_cadence": "daily"}, TODAY)
    message = errors_by_id(result)["review_cadence"]
    assert "'daily'" in message
    assert "weekly, biweekly, monthly, quarterly, none" in message
    assert "review_cadence" not in result.answers


def test_a_missing_partner_is_an_error():
    result = validate({"kind": "referral"}, TODAY)
    assert "partner" in errors_by_id(result)
    assert "required" in errors_by_id(result)["partner"]


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_a_blank_partner_is_an_error(blank):
    result = validate({"partner": blank}, TODAY)
    assert list(errors_by_id(result)) == ["partner"]


def test_a_past_tense_date_after_the_diagnosis_is_refused():
    raw = {"partner": "Acme", "diagnosed_on": "2026-06-01", "last_conversation": "2026-07-01"}
    result = validate(raw, TODAY)
    message = errors_by_id(result)["last_conversation"]
    assert "2026-07-01" in message
    assert "2026-06-01" in message
    assert "after" in message


def test_a_past_tense_date_on_the_day_of_the_diagnosis_is_fine():
    result = validate({"partner": "Acme", "last_conversation": "today"}, TODAY)
    assert result.ok
    assert result.answers["last_conversation"] == "2026-11-23"


def test_the_diagnosis_date_itself_may_be_in_the_future():
    result = validate({"partner": "Acme", "diagnosed_on": "2027-01-15"}, TODAY)
    assert result.ok
    assert result.answers["diagnosed_on"] == "2027-01-15"


def test_an_unparseable_date_is_refused_with_what_is_accepted():
    result = validate({"partner": "Acme", "started": "a while back"}, TODAY)
    message = errors_by_id(result)["started"]
    assert "a while back" in message
    assert "2026-10-03" in message


def test_an_unparseable_diagnosis_date_is_refused():
    result = validate({"partner": "Acme", "diagnosed_on": "someday"}, TODAY)
    assert "diagnosed_on" in errors_by_id(result)
    assert "someday" in errors_by_id(result)["diagnosed_on"]


def test_a_diagnosis_date_of_the_wrong_type_is_refused():
    result = validate({"partner": "Acme", "diagnosed_on": 20261123}, TODAY)
    assert "int" in errors_by_id(result)["diagnosed_on"]


def test_a_top_level_that_is_not_an_object_is_refused():
    for raw in (["partner", "Acme"], "Acme", 3, None):
        result = validate(raw, TODAY)  # type: ignore[arg-type]
        assert not result.ok
        assert "JSON object" in result.errors[0].message


def test_every_problem_is_collected_and_named():
    raw = {
        "partner": "Acme",
        "kind": "franchise",
        "fit_audience": 1,
        "last_conversation": "soonish",
        "owner": "Alex",
    }
    result = validate(raw, TODAY)
    assert len(result.errors) == 4
    assert {error.id for error in result.errors} == {
        "kind",
        "fit_audience",
        "last_conversation",
        "owner",
    }
    for error in result.errors:
        assert str(error).startswith(f"{error.id}: ")


def test_errors_do_not_stop_the_good_answers_from_being_read():
    raw = {"partner": "Acme", "kind": "franchise", "activity": "slowing"}
    result = validate(raw, TODAY)
    assert result.answers["activity"] == "slowing"
    assert "kind" not in result.answers


def test_an_answer_error_prints_as_id_and_message():
    assert str(AnswerError("kind", "is wrong")) == "kind: is wrong"


def test_an_overlong_text_is_refused():
    result = validate({"partner": "Acme", "owner_ours": "x" * 2001}, TODAY)
    assert "2,001" in errors_by_id(result)["owner_ours"]


def test_notes_keep_several_lines_up_to_ten_thousand_characters():
    notes = "Their last two slots went unused.\nJo took over in August.\n\n- ask about Q1"
    result = validate({"partner": "Acme", "notes": notes}, TODAY)
    assert result.answers["notes"] == notes
    assert validate({"partner": "Acme", "notes": "x" * 10_000}, TODAY).ok
    too_long = validate({"partner": "Acme", "notes": "x" * 10_001}, TODAY)
    assert "10,001" in errors_by_id(too_long)["notes"]
    assert "10,000" in errors_by_id(too_long)["notes"]


@pytest.mark.parametrize(
    ("given", "kept"), [(0, "0"), (12, "12"), ("4", "4"), (" 7 ", "7"), (3.0, "3")]
)
def test_counts_are_whole_numbers_from_zero(given, kept):
    result = validate({"partner": "Acme", "activity_last_month": given}, TODAY)
    assert result.ok, result.errors
    assert result.answers["activity_last_month"] == kept


@pytest.mark.parametrize("given", [-1, "-3", 2.5, "two", "4 deals", True, [], "1e3", 10**7])
def test_a_count_that_is_not_a_whole_number_from_zero_is_refused_by_name(given):
    result = validate({"partner": "Acme", "activity_typical_month": given}, TODAY)
    assert "activity_typical_month" in errors_by_id(result)
    assert "activity_typical_month" not in result.answers


def test_the_v1_owner_in_role_answer_is_still_accepted():
    result = validate({"partner": "Acme", "owner_in_role": "partly"}, TODAY)
    assert result.ok
    assert result.answers["owner_in_role"] == "partly"


@pytest.mark.parametrize("typed", ["July 32", "Feb 30", "March 99", "2026-02-30"])
def test_a_day_that_does_not_exist_is_an_error_never_another_date(typed):
    result = validate({"partner": "Acme", "last_conversation": typed}, TODAY)
    assert "last_conversation" in errors_by_id(result)
    assert "last_conversation" not in result.answers


# --- missing means missing -------------------------------------------------------------------


def test_absent_and_null_answers_stay_missing():
    result = validate(
        {"partner": "Acme", "fit_audience": None, "last_conversation": None, "notes": None},
        TODAY,
    )
    assert result.ok
    for question_id in ("fit_audience", "last_conversation", "notes", "owner_ours", "workload"):
        assert question_id not in result.answers


def test_an_empty_choice_or_date_is_not_answered_rather_than_no():
    result = validate({"partner": "Acme", "standing_review": "", "started": " "}, TODAY)
    assert result.ok
    assert "standing_review" not in result.answers
    assert "started" not in result.answers


@pytest.mark.parametrize("typed", ["", "nobody", "None", "NOBODY", " no one ", "n/a", "-"])
@pytest.mark.parametrize("question_id", ["owner_ours", "owner_theirs"])
def test_an_owner_typed_as_nobody_means_nobody(question_id, typed):
    result = validate({"partner": "Acme", question_id: typed}, TODAY)
    assert result.ok
    assert result.answers[question_id] == ""


def test_a_missing_owner_is_not_the_same_as_nobody():
    result = validate({"partner": "Acme", "owner_ours": None}, TODAY)
    assert "owner_ours" not in result.answers


def test_a_named_owner_is_kept_stripped():
    result = validate({"partner": "Acme", "owner_theirs": "  Jo Rivera "}, TODAY)
    assert result.answers["owner_theirs"] == "Jo Rivera"


@pytest.mark.parametrize("typed", ["", "none", "None"])
def test_success_metrics_typed_as_none_means_none_agreed(typed):
    result = validate({"partner": "Acme", "success_metrics": typed}, TODAY)
    assert result.answers["success_metrics"] == ""


def test_an_empty_note_is_not_an_answer():
    result = validate({"partner": "Acme", "notes": "  "}, TODAY)
    assert "notes" not in result.answers


@pytest.mark.parametrize(
    ("question_id", "typed", "clean"),
    [
        ("kind", "Strategic-Alliance", "strategic-alliance"),
        ("fit_audience", "YES", "yes"),
        ("workload", " Mostly-Them ", "mostly-them"),
        ("review_cadence", "Monthly", "monthly"),
    ],
)
def test_choices_are_case_insensitive(question_id, typed, clean):
    result = validate({"partner": "Acme", question_id: typed}, TODAY)
    assert result.ok
    assert result.answers[question_id] == clean


def test_relative_dates_resolve_against_the_diagnosis_date_not_today():
    raw = {
        "partner": "Acme",
        "diagnosed_on": "2025-03-10",
        "last_conversation": "6 weeks ago",
        "started": "a year ago",
        "last_activity": "yesterday",
    }
    result = validate(raw, TODAY)
    assert result.ok
    assert result.answers["last_conversation"] == "2025-01-27"
    assert result.answers["started"] == "2024-03-10"
    assert result.answers["last_activity"] == "2025-03-09"


def test_a_missing_diagnosis_date_defaults_to_the_given_today():
    result = validate({"partner": "Acme", "last_conversation": "yesterday"}, date(2026, 1, 1))
    assert result.answers["diagnosed_on"] == "2026-01-01"
    assert result.answers["last_conversation"] == "2025-12-31"


def test_a_yearless_past_date_in_an_answers_file_means_the_past():
    raw = {"partner": "Acme", "diagnosed_on": "2026-11-23", "started": "Dec 5"}
    assert validate(raw, TODAY).answers["started"] == "2025-12-05"


def test_clean_answer_checks_one_answer_as_it_is_typed():
    question = QUESTIONS["activity"]
    assert clean_answer(question, "Slowing", TODAY) == ("slowing", None)
    assert clean_answer(question, None, TODAY) == (None, None)
    value, message = clean_answer(question, "meh", TODAY)
    assert value is None and message and "rising" in message


def test_an_absurd_relative_date_is_reported_not_raised():
    result = validate({"partner": "Acme", "started": "3000 years ago"}, TODAY)
    assert "started" in errors_by_id(result)


def test_a_diagnosis_date_at_the_start_of_the_calendar_is_reported_not_raised():
    result = validate(
        {"partner": "Acme", "diagnosed_on": "0001-01-01", "last_conversation": "last week"},
        TODAY,
    )
    assert not result.ok


def test_a_count_in_superscript_digits_is_refused_not_a_crash() -> None:
    """Found by hypothesis: "¹" is a digit to str.isdigit but no number to int()."""
    result = validate(
        {"partner": "Acme", "diagnosed_on": "2026-11-23", "activity_last_month": "¹"},
        date(2026, 11, 23),
    )
    assert not result.ok
    assert any(
        error.id == "activity_last_month" and "whole number" in error.message
        for error in result.errors
    )


def test_a_choice_nearly_right_is_named_and_a_date_gone_forward_is_said_as_typed():
    """'co marketing' was refused with no word of the choice it nearly is; 'tomorrow' was
    refused as "2026-11-24 is after ...", not as what was typed."""
    result = validate({"partner": "Acme", "kind": "co marketing", "started": "tomorrow"}, TODAY)
    found = errors_by_id(result)
    assert "(did you mean 'co-marketing'?)" in found["kind"]
    assert found["started"].startswith("'tomorrow' is 2026-11-24, after the day of the diagnosis")
