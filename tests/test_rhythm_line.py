"""The verdict's rhythm line, written once (:meth:`Verdict.rhythm`) and said the same way by
`show`, the Markdown export and the verdict screen: a review that is held keeps its own days
("already on the calendar; next on ..."), never "the first on" as if it were new; a fortnightly
review is called that, not "biweekly"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import diagnosed, screen_text
from support import run_cli as run
from test_review_unplaced import RHYTHM, TODAY, diagnosis

from playbook.answers import validate
from store.repository import Repository
from tui.app import make_app
from tui.screens.partner import PartnerScreen
from tui.screens.verdict import VerdictScreen

DATED = {**RHYTHM, "review_last_held": "2026-11-04"}
"""The monthly review on the calendar, last met Wed 4 Nov: its next meeting is Wed 2 Dec."""
FORTNIGHTLY = {**RHYTHM, "review_cadence": "biweekly", "review_last_held": "2026-11-18"}
NONE = {**RHYTHM, "standing_review": "no"}
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "held": (DATED, "the monthly review already on the calendar; next on Wed 2 Dec 2026."),
    "fortnightly": (
        FORTNIGHTLY,
        "the fortnightly review already on the calendar; next on Wed 2 Dec 2026.",
    ),
    "undated": (
        RHYTHM,
        "the monthly review already on the calendar; next by Wed 23 Dec 2026 at the latest.",
    ),
    "none": (NONE, "a monthly review suits this partnership; the first on Wed 23 Dec 2026."),
}


@pytest.mark.parametrize("case", CASES)
def test_the_rhythm_sentence_follows_the_review_the_user_described(case: str) -> None:
    answers, said = CASES[case]
    verdict = diagnosis(answers).verdict
    assert verdict.rhythm(f"{verdict.next_review:%a} {verdict.next_review.day} Dec 2026") == said


@pytest.mark.parametrize("case", CASES)
def test_show_and_the_markdown_export_say_the_same_rhythm(
    case: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers, said = CASES[case]
    db = diagnosed(capsys, tmp_path, answers)
    code, shown, err = run(capsys, "--db", str(db), "show", "1")
    assert code == 0, err
    assert f"Rhythm: {said}" in shown
    code, exported, err = run(capsys, "--db", str(db), "export", "--format", "md")
    assert code == 0, err
    assert f"## Review rhythm\n\n{said[0].upper()}{said[1:]}\n" in exported
    for text in (shown, exported):
        assert "biweekly" not in text
        assert ("the first on" in text) == (case == "none")


SCREEN = {
    "held": "Rhythm: the monthly review already on the calendar; next on Wed 2 Dec 2026,",
    "undated": "Rhythm: the monthly review already on the calendar; next by Wed 23 Dec 2026,",
}


@pytest.mark.parametrize("case", SCREEN)
async def test_the_verdict_screen_keeps_a_held_review_on_its_own_days(
    case: str, db_path: Path
) -> None:
    repository = Repository(db_path)
    try:
        repository.save(validate(CASES[case][0], TODAY).answers)
        app = make_app(repository)
        async with app.run_test(size=(110, 50)) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # the only partner
            await pilot.pause()
            assert isinstance(app.screen, PartnerScreen)
            await pilot.press("enter")  # its only diagnosis
            await pilot.pause()
            assert isinstance(app.screen, VerdictScreen)
            text = " ".join(screen_text(app).split())
            assert SCREEN[case] in text
            assert "the first on" not in text and "suits this partnership" not in text
    finally:
        repository.close()


def test_the_agreement_gives_a_held_review_its_own_slot_and_no_length_of_ours(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = diagnosed(capsys, tmp_path, DATED)
    code, _, err = run(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes"
    )
    assert code == 0, err
    code, agreement, err = run(capsys, "--db", str(db), "agreement", "1")
    assert code == 0, err
    assert (
        "- **Review:** our monthly review, already on the calendar, on the first Wednesday of "
        "each month; next on Wed 2 Dec 2026." in agreement
    )
    assert "30 minutes" not in agreement  # its length is its own: nobody said it here
