"""What an exit says, found by a read-aloud audit: a partnership being closed is offered no
recurring review (the command line and the Markdown said "Rhythm: a monthly review, the first on
..." while the agreement said there is none), and our not wanting it any more is said without a
reason the user never gave."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import diagnosed, run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def failed_fit() -> dict[str, Any]:
    return json.loads((EXAMPLES / "failed-fit.json").read_text(encoding="utf-8"))


def test_an_exit_shows_no_review_on_the_command_line_nor_in_markdown(
    capsys, tmp_path: Path, failed_fit: dict[str, Any]
) -> None:
    db = diagnosed(capsys, tmp_path, failed_fit)
    code, shown, err = run_cli(capsys, "--db", str(db), "show", "1")
    assert code == 0, err
    assert "clean exit" in shown and "Rhythm:" not in shown
    code, markdown, err = run_cli(capsys, "--db", str(db), "export", "--format", "md")
    assert code == 0, err
    assert "## Review rhythm" not in markdown and "suits this partnership" not in markdown


def test_a_stall_still_shows_its_review(capsys, tmp_path: Path, example_answers) -> None:
    db = diagnosed(capsys, tmp_path, example_answers)
    shown = run_cli(capsys, "--db", str(db), "show", "1")[1]
    assert "Rhythm: a monthly review suits this partnership; the first on Wed 23 Dec 2026." in shown


def test_the_exit_recap_when_we_no_longer_want_it_gives_no_reason_for_us(
    capsys, tmp_path: Path, example_answers
) -> None:
    db = diagnosed(capsys, tmp_path, {**example_answers, "still_want": "no"})
    code, _, err = run_cli(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes"
    )
    assert code == 0, err
    email = " ".join(run_cli(capsys, "--db", str(db), "recap", "1")[1].split())
    assert "we've decided not to take this further" in email
    assert "priorities" not in email
    assert "If things change on our side" in email
