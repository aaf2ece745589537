"""An exit the points did not plan (no clear answer to a plan to carry on), with no fix and no
date agreed: the recap promises "I'll send a list with a date for each by Wed 2 Dec", and the
agreement and the calendar file now date that list the same way (they had no date, no owner
and no event for it). Closing also no longer writes a cancellation for a review that was on the
calendar before us: no file of ours ever added it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import called, printed


def unfolded(calendar: str) -> str:
    return calendar.replace("\r\n ", "").replace("\n ", "")


HELD_REVIEW = {
    "standing_review": "yes",
    "review_cadence": "biweekly",
    "review_last_held": "2026-11-17",
    "last_conversation": "2026-11-17",
    "expectations_written": "no",
}
"""A fortnightly review on the calendar, met a week ago: the stall is what was never written."""


def test_the_list_the_recap_promises_is_dated_in_the_agreement_and_the_calendar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    db, out = called(capsys, tmp_path, {**example_answers, **HELD_REVIEW}, "--priority", "evasive")
    assert "Decision: exit" in out and "Agreed: no fix" in out
    body = " ".join(printed(capsys, db, "recap", "1").split())
    assert "I'll send a list with a date for each by Mon 30 Nov." in body
    timeline = printed(capsys, db, "agreement", "1").split("## Timeline", 1)[1]
    assert "- **List of what is still owed, from Alex Kim:** Mon 30 Nov 2026." in timeline
    calendar = unfolded(printed(capsys, db, "ics", "1", "-o", "-"))
    assert "DTSTART;VALUE=DATE:20261130" in calendar
    assert "SUMMARY:List of what is still owed: Example Harbor Travel" in calendar
    # The review was on the calendar before any file of ours: nothing to cancel.
    assert "CANCELLED" not in calendar and "RRULE" not in calendar


def test_a_date_agreed_for_what_is_owed_needs_no_list_of_its_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    db, _ = called(
        capsys,
        tmp_path,
        {**example_answers, **HELD_REVIEW},
        "--priority",
        "no",
        "--due",
        "2026-12-11",
    )
    assert "List of what is still owed" not in printed(capsys, db, "agreement", "1")
    calendar = unfolded(printed(capsys, db, "ics", "1", "-o", "-"))
    assert "SUMMARY:Still owed: Example Harbor Travel" in calendar
    assert "DTSTART;VALUE=DATE:20261211" in calendar


def test_a_review_series_of_ours_is_still_cancelled(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    """The example has no review: the file before the call added one, so closing cancels it."""
    db, _ = called(capsys, tmp_path, example_answers, "--priority", "no")
    calendar = unfolded(printed(capsys, db, "ics", "1", "-o", "-"))
    assert "STATUS:CANCELLED" in calendar
    assert "SUMMARY:List of what is still owed: Example Harbor Travel" in calendar
