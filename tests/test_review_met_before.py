"""A review on the calendar that has met before (lapsed, or held and brought forward) is said
to meet again everywhere, never as a "first" review: found by a read-aloud audit, where the
recap said "the monthly review meets again" and then "The first is on ...", and the command
line, the subject, the prep notes and the agreement said "First review"."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import EXAMPLE, called, printed

LAPSED = {**EXAMPLE, "standing_review": "yes", "review_cadence": "monthly"}


def test_a_lapsed_review_brought_back_is_its_next_meeting_in_every_draft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db, out = called(
        capsys, tmp_path, {**LAPSED, "review_last_held": "2026-09-01"}, "--priority", "yes"
    )
    assert "  Next review: Tue 1 Dec 2026" in out and "First review" not in out
    points = printed(capsys, db, "points", "1")
    assert "- For the next review, not this call (ownership): " in points
    assert "first review" not in points
    recap = printed(capsys, db, "recap", "1")
    assert recap.startswith(
        "Subject: Example Harbor Travel: our monthly review, back on Tue 1 Dec\n"
    )
    assert "The next one is on Tue 1 Dec, and after that we meet on the first Tuesday" in recap
    agreement = printed(capsys, db, "agreement", "1")
    assert "- **Next review:** Tue 1 Dec 2026." in agreement
    assert "our review, brought back: 30 minutes on the first Tuesday of each month" in agreement
    shown = printed(capsys, db, "show", "1")
    assert "Rhythm: the monthly review already on the calendar, brought back: next on" in shown
    for said in (points, recap, agreement, shown):
        assert "The first is on" not in said and "First review" not in said


def test_a_review_never_held_is_still_a_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db, out = called(capsys, tmp_path, EXAMPLE, "--priority", "yes")
    assert "  First review: Wed 23 Dec 2026" in out
    assert "- For the first review, not this call (ownership): " in printed(
        capsys, db, "points", "1"
    )
    recap = printed(capsys, db, "recap", "1")
    assert recap.startswith(
        "Subject: Example Harbor Travel: our monthly review, starting Wed 23 Dec"
    )
    assert "The first is on Wed 23 Dec" in recap


def test_a_lapsed_review_is_restarted_for_the_close_not_said_to_go_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = {**LAPSED, "review_last_held": "2026-09-01"}
    db, _ = called(capsys, tmp_path, answers, "--priority", "no")
    agreement = printed(capsys, db, "agreement", "1")
    assert (
        "- To agree: whether to restart our monthly review for the time it takes to finish the "
        "open items." in agreement
    )
    assert "goes on" not in agreement


def test_a_review_meeting_on_days_not_known_here_is_met_by_a_date_in_the_subject(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Found reading this change once more: a review on the calendar with no day it last met
    was "brought forward to Wed 23 Dec" in the subject, while the body says it "meets again by
    Wed 23 Dec at the latest"."""
    unplaced = {
        **LAPSED,
        "last_conversation": "7 weeks ago",
        "owner_theirs_in_role": "yes",
        "changes_theirs": "none",
        "expectations_written": "yes",
        "enablement_materials": "yes",
        "fit_delivery": "yes",
    }
    db, out = called(capsys, tmp_path, unplaced, "--priority", "yes")
    assert "  Next review: Wed 23 Dec 2026" in out
    recap = printed(capsys, db, "recap", "1")
    assert recap.startswith(
        "Subject: Example Harbor Travel: our next monthly review, by Wed 23 Dec\n"
    )
    assert "Our monthly review meets again by Wed 23 Dec at the latest" in recap
    assert "brought forward" not in recap
