"""The one questionnaire behind both front ends (playbook.session), tested directly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import EXAMPLE

from playbook.session import ALMOST_EMPTY, Session, counts, nothing_given

ROOT = Path(__file__).resolve().parents[1]


def test_next_and_previous_skip_questions_that_do_not_apply():
    session = Session({"partner": "Acme", "standing_review": "no"})
    assert session.next_question("standing_review").id == "expectations_written"
    assert session.previous_question("expectations_written").id == "standing_review"
    session.answer("standing_review", "y")
    assert session.next_question("standing_review").id == "review_cadence"
    assert session.previous_question("partner") is None
    assert session.next_question("notes") is None


def test_a_refused_answer_keeps_what_was_typed_and_says_why():
    session = Session({"partner": "Acme", "started": "2026-02-10"})
    checked = session.answer("started", "someday soon")
    assert not checked.ok and "'someday soon' is not a date" in (checked.error or "")
    assert session.typed["started"] == "someday soon"
    assert "started" not in session.answers
    assert [q.id for q, _ in session.problems()] == ["started"]
    session.answer("started", "3 weeks ago")
    assert session.answers["started"] == "2026-11-02" and not session.errors


def test_choices_are_read_by_digit_letter_prefix_or_value():
    session = Session()
    assert session.answer("kind", "2").value == "co-marketing"
    assert session.answer("kind", "tech").value == "technology"
    assert "could be Co-marketing or Community" in (session.answer("kind", "co").error or "")
    assert session.typed["kind"] == "co"


def test_a_new_diagnosis_date_reads_the_other_dates_again():
    session = Session({"partner": "Acme"})
    session.answer("started", "3 weeks ago")
    checked = session.answer("diagnosed_on", "2026-10-01")
    assert [(r.question.id, r.value) for r in checked.reread] == [("started", "2026-09-10")]
    assert session.answers["started"] == "2026-09-10"


def test_nobody_carried_from_last_time_is_typed_as_nobody():
    session = Session(
        {"partner": "Acme", "owner_theirs": "", "success_metrics": ""},
        carried=["owner_theirs", "success_metrics"],
    )
    assert session.typed["owner_theirs"] == "nobody"
    assert session.typed["success_metrics"] == "none"
    assert session.carried_ids == ["owner_theirs", "success_metrics"]


def test_the_diagnosis_date_left_empty_is_today_and_not_missing():
    session = Session({"partner": "Acme"})
    assert "diagnosed_on" not in {q.id for q in session.missing()}
    answered, asked = session.answered_count()
    assert answered == 2 and asked == 28
    assert session.shown_answers()["diagnosed_on"] == "2026-11-23"


def test_progress_counts_what_was_given_as_the_resume_banner_does():
    """Not the diagnosis date left to mean today, nor a follow-up's partner (it came with
    it); carried answers apart."""
    new = Session({"partner": "Acme"})
    assert new.progress() == (1, 27, 0)  # the partner typed, of 28 less the date
    follow_up = Session({"partner": "Acme", "kind": "referral"}, carried=["kind"])
    assert follow_up.progress() == (0, 26, 1)
    # Nothing carried any more: counted as a new one, the partner too (as the banner does).
    assert follow_up.keep("kind") and follow_up.progress() == (2, 27, 0)
    assert follow_up.counts() == (2, 0)


def test_typed_and_carried_are_counted_apart():
    answers = {"partner": "Acme", "kind": "referral", "fit_audience": "yes", "started": "x"}
    session = Session(answers, carried=["fit_audience", "started"])
    assert session.counts() == (1, 2)  # the follow-up's partner came with it
    assert session.keep("fit_audience") and session.counts() == (2, 1)
    assert counts({"partner": "Acme", "kind": "referral"}, ()) == (2, 0)


def test_a_follow_up_left_untouched_or_a_cleared_field_is_nothing_given():
    assert nothing_given({"partner": "Acme", "kind": "x"}, {}, ["kind"])
    assert nothing_given({}, {"partner": "  "}, ())
    assert not nothing_given({"partner": "Acme"}, {"partner": "Acme"}, ())
    assert not nothing_given({}, {"started": "someday"}, ())


def test_almost_empty_means_the_verdict_will_be_unclear():
    session = Session({"partner": "Acme", "kind": "referral"})
    assert session.almost_empty
    assert "the verdict will be unclear" in ALMOST_EMPTY
    assert not Session(EXAMPLE_ANSWERS).almost_empty


EXAMPLE_ANSWERS = {key: str(value) for key, value in EXAMPLE.items()}


def test_finishing_gives_clean_answers_or_the_problems():
    session = Session({"kind": "referral"})
    assert not session.finished().ok
    session.answer("partner", "Acme")
    finished = session.finished()
    assert finished.ok and finished.answers["diagnosed_on"] == "2026-11-23"


def test_the_session_imports_neither_textual_nor_tinydb():
    code = (
        "import sys, playbook.session\n"
        "assert 'textual' not in sys.modules and 'tinydb' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
