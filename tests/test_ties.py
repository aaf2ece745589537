"""Two causes with the same weight of evidence: the verdict says so, and why the one it names
comes first (an owner first, then rhythm, expectations and enablement), in the command line's
output, the Markdown report and the verdict screen. A diagnosis with one strongest cause says
nothing of the kind."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from support import EXAMPLE
from support import run_cli as run
from textual.widgets import Static

from playbook.answers import validate
from playbook.diagnosis import Diagnosis
from playbook.report import diagnosis_markdown
from store.repository import Repository
from tui.app import make_app
from tui.screens.verdict import VerdictScreen

TIED = {
    **EXAMPLE,
    "owner_theirs_in_role": "yes",
    "expectations_written": "yes",
    "enablement_materials": "yes",
    "enablement_contact": "yes",
    "last_conversation": "2026-11-10",
    "standing_review": "no",
    "workload": "mostly-us",
    "workload_agreed": "no",
}
"""Rhythm (no review booked) and expectations (the work mostly on us, never agreed), as strong."""

NOTE = (
    "Rhythm weighs as much here as expectations. With equal evidence Unstall takes the causes in "
    "this order: ownership, rhythm, expectations and enablement, so the talking points start "
    "with rhythm."
)


def diagnosed(raw: dict[str, Any]) -> Diagnosis:
    validated = validate(raw, date(2026, 11, 23))
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers)


def test_a_tie_is_named_with_the_order_that_breaks_it() -> None:
    verdict = diagnosed(TIED).verdict
    strengths = {finding.cause: finding.strength for finding in verdict.causes}
    assert strengths["rhythm"] == strengths["expectations"] == max(strengths.values())
    assert verdict.dominant_cause == "rhythm" and verdict.tied_with == ("expectations",)
    assert verdict.tie_note == NOTE


def test_one_strongest_cause_says_nothing_of_a_tie() -> None:
    verdict = diagnosed(EXAMPLE).verdict
    assert verdict.tied_with == () and verdict.tie_note == ""
    assert "weighs as much" not in diagnosis_markdown(diagnosed(EXAMPLE))


def test_the_command_line_and_the_report_say_it(capsys, tmp_path: Path) -> None:
    answers = tmp_path / "tied.json"
    answers.write_text(json.dumps(TIED), encoding="utf-8")
    db = tmp_path / "db"
    code, out, err = run(capsys, "--db", str(db), "diagnose", "--answers", str(answers))
    assert code == 0, err
    assert NOTE in out
    code, out, err = run(capsys, "--db", str(db), "export", "--format", "md")
    assert code == 0, err
    assert NOTE in " ".join(out.split())


async def test_the_verdict_screen_says_it(db_path: Path) -> None:
    repository = Repository(db_path)
    validated = validate(TIED, date(2026, 11, 23))
    repository.save(validated.answers)
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the partner
        await pilot.pause()
        await pilot.press("enter")  # its diagnosis
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        meaning = str(app.screen.query_one("#meaning", Static).render())
        assert "Dominant cause: Rhythm." in meaning and NOTE in " ".join(meaning.split())
