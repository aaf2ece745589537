"""A quarterly review that is held, whose next meeting comes more than four weeks after the call:
every draft moves that meeting forward to the day proposed, and says so the same way. The points
used to promise "a short check-in ... ahead of our next quarterly review" (the review keeping its
own day) while the recap, the agreement and the calendar file moved the review itself to that
day, "on a new day", "the first on"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import called, printed

DAY = "Wed 23 Dec"


def quarterly(example_answers: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The example partner with a quarterly review that met on Mon 26 Oct 2026: its next
    meeting, three months on, is too late for the four weeks after the call."""
    return {
        **example_answers,
        "kind": "referral",
        "standing_review": "yes",
        "review_cadence": "quarterly",
        "review_last_held": "2026-10-26",
        "last_conversation": "2026-10-26",
        **changes,
    }


EXPECTATIONS = {
    "expectations_written": "no",
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "enablement_materials": "yes",
}
"""Nothing written down (the dominant cause): the points name the review as where the one page
is agreed."""

OWNER = {"owner_theirs_in_role": "no"}
"""Their owner has no time for it (the dominant cause): the points never name the review, the
recap suggests it."""


def drafts(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, str]:
    return {
        command: printed(capsys, db, command, "1")
        for command in ("show", "points", "recap", "agreement")
    }


@pytest.mark.parametrize("changes", [EXPECTATIONS, OWNER], ids=["expectations", "owner"])
def test_every_draft_brings_the_next_meeting_forward_to_the_same_day(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    example_answers: dict[str, Any],
    changes: dict[str, str],
) -> None:
    db, _ = called(capsys, tmp_path, quarterly(example_answers, **changes), "--priority", "yes")
    said = drafts(capsys, db)
    assert (
        f"the quarterly review already on the calendar, brought forward to {DAY} 2026"
        in said["show"]
    )
    for text in said.values():
        assert "check-in" not in text and "ahead of our next" not in text
        assert "on a new day" not in text and "the first on" not in text
    if changes is EXPECTATIONS:
        assert (
            f"we can agree it at our next quarterly review, brought forward to {DAY}"
            in (said["points"])
        )
        assert (
            f"Our next quarterly review is brought forward to {DAY}, and after that"
            in (said["recap"])
        )
        assert (
            "**Review:** our review, brought forward: 30 minutes every three months"
            in (said["agreement"])
        )
    else:
        assert "quarterly review" not in said["points"].split("### What to say")[1]
        assert (
            f"I'd suggest we bring our quarterly review forward to {DAY}, and from then on"
            in (said["recap"])
        )
        assert (
            "To agree: our review, brought forward: 30 minutes every three months"
            in (said["agreement"])
        )
    assert f"next on {DAY} 2026" in said["agreement"]
    calendar = printed(capsys, db, "ics", "1", "-o", "-").replace("\r\n ", "").replace("\n ", "")
    assert "DTSTART:20261223" in calendar and "RRULE:FREQ=MONTHLY;INTERVAL=3" in calendar
    # One series, not two: the file says it replaces the one already on the calendar (once
    # agreed, when the call never raised it and the recap only suggests it).
    replaces = (
        "This brings our quarterly review forward: it replaces the series"
        if changes is EXPECTATIONS
        else "Proposed in the recap: if we agree, this brings our quarterly review forward, and "
        "replaces the series already on your calendar; remove that one then."
    )
    assert replaces in calendar.replace("\\,", ",").replace("\\;", ";")  # as iCalendar escapes


def test_a_lapsed_review_brought_back_replaces_its_old_series(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    """Still booked, no longer meeting: the file added a second series beside it."""
    lapsed = {
        **example_answers,
        "standing_review": "yes",
        "review_cadence": "monthly",
        "review_last_held": "2026-06-10",
        "last_conversation": "2026-06-10",
    }
    db, _ = called(capsys, tmp_path, lapsed, "--priority", "yes")
    calendar = printed(capsys, db, "ics", "1", "-o", "-").replace("\r\n ", "").replace("\n ", "")
    assert "This brings our monthly review back: it replaces the series already on your" in (
        calendar.replace("\\,", ",")
    )
