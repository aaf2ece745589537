"""Random answer sets, valid and broken: validation never crashes and reports every bad key;
valid sets always give a well-formed verdict, draft and report.

The sets cover playbook version 2's questions, counts included (``activity_last_month``...);
the properties v2 adds to the verdict and the draft are in tests/test_properties_v2.py.
"""

from __future__ import annotations

import json
import string
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from playbook import report
from playbook.answers import validate
from playbook.causes import CAUSES
from playbook.diagnosis import Diagnosis
from playbook.questions import MAX_NUMBER, QUESTIONS
from playbook.talking_points import draft
from playbook.verdict import decide

TODAY = date(2026, 11, 23)
SETTINGS = settings(max_examples=200, deadline=None)
VERDICTS = {"healthy", "stalled", "failed", "unclear"}
WEEKDAYS = ["monday", "Tuesday", "wed", "Thursday", "friday", "sat", "Sunday"]
MONTHS = ["Jan", "February", "mar", "April", "May", "jun", "July", "Aug", "sept", "Oct", "Nov"]

NAMES = ["Acme", "Harbor Travel", "Jo Rivera", "O'Neil & Sons", "Zoë Ltd", "*Acme* [beta] <x>"]
TEXT = st.text(min_size=1, max_size=60).filter(lambda text: text.strip())
JUNK_VALUES = (
    st.integers()
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.lists(st.integers(), max_size=3)
    | st.dictionaries(st.text(max_size=5), st.integers(), max_size=2)
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


def counted(value: int):
    """A count as an answers file may hold it: a JSON number, or digits as text."""
    return st.sampled_from([value, str(value), f" {value} "])


def spelled(value: str):
    """A choice value as a person might type it."""
    return st.sampled_from([value, value.upper(), value.capitalize(), f" {value} "])


@st.composite
def past_date_text(draw, reference: date) -> str:
    """A date on or before ``reference``, written in one of the accepted forms."""
    form = draw(st.sampled_from(["iso", "ago", "word", "slash", "written", "weekday", "fixed"]))
    if form == "ago":
        unit = draw(st.sampled_from(["day", "week", "month", "year"]))
        count = draw(st.integers(min_value=0, max_value=5 if unit == "year" else 60))
        return f"{count} {unit}{'' if count == 1 else 's'} ago"
    if form == "word":
        return draw(
            st.sampled_from(["a week ago", "two weeks ago", "a month ago", "a few days ago"])
        )
    if form == "weekday":
        return f"last {draw(st.sampled_from(WEEKDAYS))}"
    if form == "fixed":
        return draw(st.sampled_from(["today", "yesterday", "last week", "last month"]))
    if form == "written":
        day = draw(st.integers(min_value=1, max_value=28))
        return f"{draw(st.sampled_from(MONTHS))} {day}"
    then = reference - timedelta(days=draw(st.integers(min_value=0, max_value=1500)))
    if form == "slash":
        return f"{then.month:02d}/{then.day:02d}/{then.year}"
    return then.isoformat()


@st.composite
def valid_raw(draw) -> dict[str, Any]:
    """Any subset of the questions, each with a value the contract accepts."""
    diagnosed_on = draw(st.dates(min_value=date(2021, 1, 1), max_value=date(2035, 12, 31)))
    raw: dict[str, Any] = {
        "partner": draw(st.sampled_from(NAMES) | TEXT),
        "diagnosed_on": diagnosed_on.isoformat(),
    }
    density = draw(st.integers(min_value=2, max_value=10))  # how many answers are given
    upbeat = draw(st.booleans())  # lean on the first (healthy) choice, so every verdict shows
    for question_id, question in QUESTIONS.items():
        if question_id in raw or draw(st.integers(min_value=0, max_value=9)) >= density:
            continue
        if draw(st.integers(min_value=0, max_value=19)) == 0:
            raw[question_id] = None
        elif question.kind == "choice":
            value = question.values[0]
            if not (upbeat and draw(st.integers(min_value=0, max_value=4))):
                value = draw(st.sampled_from(question.values))
            raw[question_id] = draw(spelled(value))
        elif question.kind == "date":
            raw[question_id] = draw(past_date_text(diagnosed_on))
        elif question.kind == "number":
            raw[question_id] = draw(counted(draw(st.integers(min_value=0, max_value=500))))
        elif question.empty_means:
            raw[question_id] = draw(st.sampled_from(["", "nobody", "None", *NAMES]) | TEXT)
        else:
            raw[question_id] = draw(st.sampled_from(NAMES) | TEXT)
    return raw


def bad_choice(question_id: str):
    values = QUESTIONS[question_id].values
    return TEXT.filter(lambda text: text.strip().lower() not in values)


CHOICE_IDS = [qid for qid, question in QUESTIONS.items() if question.kind == "choice"]
NUMBER_IDS = [qid for qid, question in QUESTIONS.items() if question.kind == "number"]
NUMBER_JUNK = (
    st.integers(max_value=-1)
    | st.integers(min_value=MAX_NUMBER + 1)
    | st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer())
    | st.booleans()
    | st.lists(st.integers(), max_size=3)
    | st.dictionaries(st.text(max_size=5), st.integers(), max_size=2)
    | TEXT.filter(lambda text: not text.strip().replace(",", "").replace("_", "").isdigit())
)
"""What a count question must reject: below zero, too big, fractions, other types, words."""
DATE_IDS = [qid for qid, q in QUESTIONS.items() if q.kind == "date" and qid != "diagnosed_on"]
UNKNOWN_KEY = st.text(alphabet=string.ascii_letters + "_ ", min_size=1, max_size=20).filter(
    lambda key: key not in QUESTIONS
)


@st.composite
def broken_raw(draw) -> tuple[dict[str, Any], set[str]]:
    """A valid set with junk mixed in, and the keys that must be reported."""
    raw = draw(valid_raw())
    bad: set[str] = set()
    for key in draw(st.lists(UNKNOWN_KEY, max_size=3, unique=True)):
        raw[key] = draw(JSON)
        bad.add(key)
    wrong_type_ids = [qid for qid in QUESTIONS if qid != "diagnosed_on"]
    for question_id in draw(st.lists(st.sampled_from(wrong_type_ids), max_size=3, unique=True)):
        # a whole number is a valid count, so a count question gets what it must reject
        junk = NUMBER_JUNK if question_id in NUMBER_IDS else JUNK_VALUES
        raw[question_id] = draw(junk)
        bad.add(question_id)
    for question_id in draw(st.lists(st.sampled_from(CHOICE_IDS), max_size=3, unique=True)):
        if question_id in bad:
            continue
        raw[question_id] = draw(bad_choice(question_id))
        bad.add(question_id)
    return raw, bad


@SETTINGS
@given(raw=st.dictionaries(st.text(max_size=20), JSON, max_size=8) | JSON)
def test_validate_never_crashes_on_any_json(raw):
    result = validate(raw, TODAY)
    assert result.ok == (not result.errors)
    for error in result.errors:
        assert error.message


@SETTINGS
@given(
    raw=valid_raw(),
    junk=st.dictionaries(st.sampled_from(list(QUESTIONS)), JSON | TEXT, max_size=6),
)
def test_validate_never_crashes_on_junk_under_known_keys(raw, junk):
    result = validate({**raw, **junk}, TODAY)
    for error in result.errors:
        assert error.id in QUESTIONS
        assert str(error).startswith(error.id)


@SETTINGS
@given(case=broken_raw())
def test_every_bad_key_is_reported_once_and_only_bad_keys(case):
    raw, bad = case
    result = validate(raw, TODAY)
    reported = [error.id for error in result.errors]
    assert sorted(reported) == sorted(bad)
    assert result.ok == (not bad)
    for key in bad:
        assert key not in result.answers


@SETTINGS
@given(raw=valid_raw(), question_id=st.sampled_from(DATE_IDS), text=TEXT)
def test_a_random_string_for_a_date_is_either_read_or_reported(raw, question_id, text):
    raw[question_id] = text
    result = validate(raw, TODAY)
    errors = {error.id for error in result.errors}
    assert errors <= {question_id}
    assert (question_id in errors) != (question_id in result.answers)
    if question_id in result.answers:
        assert result.answers[question_id] <= result.answers["diagnosed_on"]


@SETTINGS
@given(raw=valid_raw(), junk=JUNK_VALUES | TEXT.filter(lambda text: len(text.strip()) > 3))
def test_a_broken_diagnosis_date_is_reported(raw, junk):
    raw = {key: value for key, value in raw.items() if QUESTIONS[key].kind != "date"}
    raw["diagnosed_on"] = junk
    result = validate(raw, TODAY)
    if isinstance(junk, str) and "diagnosed_on" not in {e.id for e in result.errors}:
        return  # some random text is a date after all ("may 3")
    assert [error.id for error in result.errors] == ["diagnosed_on"]
    assert result.answers["diagnosed_on"] == TODAY.isoformat()


@SETTINGS
@given(raw=valid_raw())
def test_valid_answers_always_give_a_well_formed_diagnosis(raw):
    result = validate(raw, TODAY)
    assert result.ok, result.errors
    answers = result.answers

    verdict = decide(answers)
    assert verdict.verdict in VERDICTS
    assert verdict.dominant_cause is None or verdict.dominant_cause in CAUSES
    assert all(finding.cause in CAUSES for finding in verdict.causes)
    assert len({finding.cause for finding in verdict.causes}) == len(verdict.causes)
    strengths = [finding.strength for finding in verdict.causes]
    assert strengths == sorted(strengths, reverse=True)
    if verdict.verdict == "stalled":
        assert verdict.dominant_cause == verdict.causes[0].cause
    else:
        assert verdict.dominant_cause is None
    if verdict.verdict == "healthy":
        assert verdict.causes == ()
        assert not verdict.activity_falling
    assert verdict.next_review > verdict.diagnosed_on
    assert verdict.diagnosed_on.isoformat() == answers["diagnosed_on"]

    points = draft(verdict, answers)
    # v2 paths: healthy keeps going, and a partner asked for an owner in vain decides
    if verdict.verdict == "failed" or answers.get("still_want") == "no":
        assert points.path == "exit"
    elif verdict.verdict == "unclear":
        assert points.path == "prepare"
    elif verdict.verdict == "healthy":
        assert points.path == "keep"
    else:
        assert points.path in ("revive", "decide")
    assert points.points
    assert all(point.strip() for point in points.points)
    assert all(line.strip() for line in points.prep)
    assert points.next_step is not None

    diagnosis = Diagnosis.from_answers(answers, id=1)
    markdown = report.diagnosis_markdown(diagnosis)
    assert markdown.startswith("# ")
    assert report.points_markdown(diagnosis)
    contract = json.loads(json.dumps(diagnosis.to_contract()))
    assert contract["verdict"] == verdict.verdict
    assert contract["talking_points"]["path"] == points.path
