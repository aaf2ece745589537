"""Found by a read-aloud audit of a partnership whose weekly review meets (last on Mon 16 Nov)
while looking after it is not part of Jo's role: the points said "real time" twice in four
lines, the recap said "actual role ... actual goals" in two sentences running, and the close
spoke of "another quarter of guessing" a week after the last review."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import EXAMPLE, called, printed

WEEKLY = {
    **EXAMPLE,
    "owner_theirs_in_role": "no",
    "standing_review": "yes",
    "review_cadence": "weekly",
    "review_last_held": "2026-11-16",
}


def test_the_owner_gap_is_said_once_each_way_and_no_guessing_is_assumed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db, _ = called(capsys, tmp_path, WEEKLY, "--priority", "yes")
    points = " ".join(printed(capsys, db, "points", "1").split())
    assert (
        "As I understand it, looking after this isn't part of your actual role, so it tends to "
        "get whatever time is left over." in points
    )
    assert points.count("real time") == 1  # the ask: "so it gets real time?"
    assert "I'd rather hear it now than a quarter from now:" in points
    assert "guessing" not in points
    recap = " ".join(printed(capsys, db, "recap", "1").split())
    # Jo is named already: the subject is the time, not "who owns this".
    assert recap.startswith("Subject: Example Harbor Travel: making time for this, and next steps")
    assert (
        "We talked about the time this can get on your side while it isn't part of your role. "
        "We agreed on one next step: looking after this becomes part of your actual goals"
    ) in recap


def test_partly_in_the_role_is_said_as_partly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db, _ = called(
        capsys, tmp_path, {**WEEKLY, "owner_theirs_in_role": "partly"}, "--priority", "yes"
    )
    points = " ".join(printed(capsys, db, "points", "1").split())
    assert "looking after this is only partly in your actual role, so it tends to get" in points
    recap = " ".join(printed(capsys, db, "recap", "1").split())
    assert "while it is only partly in your role." in recap


def test_no_owner_named_is_still_who_owns_this(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unnamed = {key: value for key, value in WEEKLY.items() if key != "owner_theirs_in_role"}
    db, _ = called(capsys, tmp_path, {**unnamed, "owner_theirs": ""}, "--priority", "yes")
    recap = printed(capsys, db, "recap", "1")
    assert recap.startswith("Subject: Example Harbor Travel: who owns this, and next steps\n")
