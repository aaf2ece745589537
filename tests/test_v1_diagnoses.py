"""A diagnosis saved before playbook version 2 is shown as it was decided.

``tests/fixtures/v1-database`` was written by Unstall just before version 2 (commit 22da5fa):
two diagnoses saved with ``unstall diagnose --answers``, and ``decided-N.json``, what that
version printed for each with ``--json``. Version 2 decides differently (a single fit ``no`` is
now a failed fit), so the second diagnosis would be ``failed`` today: it must still read
``stalled``, exactly as it was decided and acted on.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from playbook.answers import validate
from playbook.diagnosis import Diagnosis
from store.repository import Repository

OLD = Path(__file__).parent / "fixtures" / "v1-database"


@pytest.fixture
def old_database(tmp_path: Path) -> Path:
    for name in ("unstall.json", "unstall.json.details.1"):
        shutil.copy(OLD / name, tmp_path / name)
    return tmp_path / "unstall.json"


@pytest.mark.parametrize("number", [1, 2])
def test_a_stored_v1_diagnosis_reads_exactly_as_it_was_decided(old_database, number):
    decided = json.loads((OLD / f"decided-{number}.json").read_text(encoding="utf-8"))
    repository = Repository(old_database)
    try:
        diagnosis = repository.get(number)
        assert diagnosis is not None
        contract = diagnosis.to_contract()
    finally:
        repository.close()
    for key in ("partner", "verdict", "dominant_cause", "causes", "cadence", "next_review"):
        assert contract[key] == decided[key], key
    assert contract["talking_points"]["path"] == decided["talking_points"]["path"]
    assert contract["talking_points"]["points"] == decided["talking_points"]["points"]
    assert contract["method"] == 1


def test_the_same_answers_decided_today_follow_version_2(old_database):
    repository = Repository(old_database)
    try:
        stored = repository.get(2)
        assert stored is not None
        fresh = Diagnosis.from_answers(validate(dict(stored.answers), stored.diagnosed_on).answers)
    finally:
        repository.close()
    assert stored.verdict.verdict == "stalled"
    assert fresh.verdict.verdict == "failed"
    assert fresh.verdict.method == 2


def test_a_new_diagnosis_beside_old_ones_is_decided_by_version_2(old_database, example_answers):
    repository = Repository(old_database)
    try:
        answers = validate(example_answers, Diagnosis.from_answers({}).verdict.diagnosed_on)
        saved = repository.save(answers.answers)
        assert saved.id is not None
        again = repository.get(saved.id)
        assert again is not None and again.verdict.method == 2
        assert again.talking_points.prep
        old = repository.get(1)
        assert old is not None and old.verdict.method == 1 and not old.talking_points.prep
    finally:
        repository.close()
