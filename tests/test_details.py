"""The answers side files (store.details) through the repository, over real files: the table
keeps summaries only, answers are read on demand, deleted answers do not linger, damaged or
missing side files are refused and left untouched, and version 2 files are migrated."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from playbook.diagnosis import Diagnosis
from store.details import MAGIC, DetailDamaged
from store.errors import DatabaseUnreadable
from store.migrations import SCHEMA_VERSION
from store.repository import Filter, Repository
from store.summary import summary_fields

ANSWERS = {
    "partner": "Acme Travel",
    "diagnosed_on": "2026-11-23",
    "owner_ours": "Kim",
    "owner_theirs": "",
    "standing_review": "no",
    "activity": "slowing",
    "notes": "Their Zürich newsletter slot went unused twice.",
    "value_ours": "a list of forty thousand members",
}


def side_files(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(f"{db_path.name}.details.*"))


def table(db_path: Path) -> dict:
    return json.loads(db_path.read_text(encoding="utf-8"))["diagnoses"]


def test_the_table_keeps_summaries_and_the_answers_live_beside_it(db_path):
    with Repository(db_path) as repository:
        saved = repository.save(ANSWERS)
    (document,) = table(db_path).values()
    assert "answers" not in document and "notes" not in json.dumps(document)
    assert document["partner"] == "Acme Travel" and document["schema"] == SCHEMA_VERSION
    (side,) = side_files(db_path)
    assert side.read_bytes().startswith(MAGIC)
    assert b"newsletter slot" in side.read_bytes()
    assert oct(side.stat().st_mode & 0o777) == "0o600"
    with Repository(db_path) as repository:
        found = repository.get(saved.id)
        assert found is not None and found.answers == saved.answers


def test_text_search_reads_answers_and_the_points_as_last_edited(db_path):
    with Repository(db_path) as repository:
        first = repository.save(ANSWERS)
        repository.save({**ANSWERS, "partner": "Beta", "notes": "Quiet since spring."})
        assert [s.id for s in repository.find(Filter(text="ZÜRICH"))] == [first.id]
        drafted = first.talking_points.as_text().splitlines()[0][:20]
        assert first.id in [s.id for s in repository.find(Filter(text=drafted))]
        repository.set_edited_points(first.id, "Only this sentence about pelicans.")
        assert [s.id for s in repository.find(Filter(text="pelicans"))] == [first.id]
        # The drafted points no longer count once the user replaced them...
        assert first.id not in [s.id for s in repository.find(Filter(text=drafted))]
        # ...but the answers still do.
        assert [s.id for s in repository.find(Filter(text="zürich"))] == [first.id]
        assert repository.find(Filter(text="quiet", partner="beta"))[0].partner == "Beta"
        # The answers' JSON (ids, other answers) is not searched, only the text.
        assert repository.find(Filter(text="owner_ours")) == []


def test_a_deleted_diagnosis_leaves_no_answers_behind(db_path):
    with Repository(db_path) as repository:
        saved = repository.save(ANSWERS)
        repository.save({**ANSWERS, "partner": "Beta", "notes": "Keep me."})
        assert repository.delete(saved.id)
        assert repository.get(saved.id) is None
    data = b"".join(path.read_bytes() for path in side_files(db_path))
    assert b"newsletter slot" not in data and b"Keep me." in data


def test_a_renamed_partner_is_renamed_in_its_answers_too(db_path):
    with Repository(db_path) as repository:
        saved = repository.save(ANSWERS)
        assert repository.rename_partner("acme travel", "Acme Journeys") == 1
        found = repository.get(saved.id)
        assert found is not None and found.partner == "Acme Journeys"
        assert repository.find(Filter(text="acme journeys"))
    data = b"".join(path.read_bytes() for path in side_files(db_path))
    assert b"Acme Travel" not in data


def test_dead_space_is_compacted_into_a_new_generation(db_path):
    with Repository(db_path) as repository:
        kept = repository.save({**ANSWERS, "partner": "Kept"})
        gone = repository.save_many([ANSWERS] * 30)
        for diagnosis in gone:
            assert diagnosis.id is not None
            repository.delete(diagnosis.id)
        assert repository.compact_details(force=True)
        assert [path.name for path in side_files(db_path)] == [f"{db_path.name}.details.2"]
        found = repository.get(kept.id)
        assert found is not None and found.partner == "Kept"
        again = repository.save({**ANSWERS, "partner": "After"})
    with Repository(db_path) as repository:
        assert {s.partner for s in repository.list()} == {"Kept", "After"}
        assert repository.get(again.id) is not None


def test_an_unreferenced_side_file_and_temp_files_are_removed_on_open(db_path):
    with Repository(db_path) as repository:
        repository.save(ANSWERS)
    orphan = db_path.with_name(f"{db_path.name}.details.7")
    orphan.write_bytes(MAGIC + b"half a compaction")
    temp = db_path.with_name(f"{db_path.name}.details.8.tmp-123")
    temp.write_bytes(b"x")
    with Repository(db_path) as repository:
        assert len(repository.list()) == 1
    assert not orphan.exists() and not temp.exists()


@pytest.mark.parametrize("damage", ["missing", "truncated", "foreign"])
def test_a_missing_or_damaged_side_file_is_refused_and_left_untouched(db_path, damage):
    with Repository(db_path) as repository:
        repository.save(ANSWERS)
    (side,) = side_files(db_path)
    if damage == "missing":
        side.unlink()
    elif damage == "truncated":
        side.write_bytes(side.read_bytes()[:40])
    else:
        side.write_bytes(b"not ours" + side.read_bytes()[8:])
    before = {path.name: path.read_bytes() for path in db_path.parent.iterdir()}
    # Opening reads the partners index only; the first use of the diagnoses (the app asks
    # as soon as home is on screen) checks the answers they point at.
    repository = Repository(db_path)
    try:
        assert [p.partner for p in repository.partners()] == ["Acme Travel"]
        with pytest.raises(DatabaseUnreadable) as caught:
            repository.warm()
        with pytest.raises(DatabaseUnreadable):
            repository.list()
    finally:
        repository.close()
    assert "answers" in str(caught.value) and str(side) in str(caught.value)
    assert caught.value.database == db_path  # a new database is offered beside this one
    after = {path.name: path.read_bytes() for path in db_path.parent.iterdir()}
    assert after == before


def test_a_damaged_record_is_reported_not_guessed(db_path):
    with Repository(db_path) as repository:
        saved = repository.save(ANSWERS)
    (side,) = side_files(db_path)
    raw = bytearray(side.read_bytes())
    at = raw.index(b"newsletter")
    raw[at] ^= 0xFF
    side.write_bytes(bytes(raw))
    with Repository(db_path) as repository:
        assert len(repository.list()) == 1  # the summaries still list
        with pytest.raises(DetailDamaged) as caught:
            repository.get(saved.id)
        assert "damaged" in str(caught.value)


def test_a_version_2_database_is_migrated_with_a_backup(db_path):
    diagnosis = Diagnosis.from_answers(ANSWERS)
    fields = summary_fields(diagnosis)
    info = " ".join(ANSWERS.get(k, "") for k in ("notes", "value_ours", "value_theirs"))
    old = {
        "meta": {"1": {"schema": 2}},
        "diagnoses": {
            "1": {
                "schema": 2,
                "answers": ANSWERS,
                **fields,
                "search_text": f"{info} {diagnosis.points_text}".casefold(),
                "created_at": "2026-11-23T10:00:00",
                "edited_points": None,
                "outcome": None,
            },
            "2": {
                "schema": 2,
                "answers": {**ANSWERS, "partner": "Beta"},
                **summary_fields(Diagnosis.from_answers({**ANSWERS, "partner": "Beta"})),
                "search_text": "",
                "created_at": "2026-11-23T10:00:00",
                "edited_points": "Our own words.",
                "outcome": None,
            },
        },
    }
    db_path.write_text(json.dumps(old), encoding="utf-8")
    with Repository(db_path) as repository:
        found = repository.get(1)
        assert found is not None and found.answers == ANSWERS
        assert [s.id for s in repository.find(Filter(text="zürich"))] == [2, 1]
        assert [s.id for s in repository.find(Filter(text="our own words"))] == [2]
    backups = list(db_path.parent.glob(f"{db_path.name}.v2*.bak"))
    assert len(backups) == 1 and json.loads(backups[0].read_text(encoding="utf-8")) == old
    assert oct(os.stat(backups[0]).st_mode & 0o777) == "0o600"
    assert all("answers" not in doc for doc in table(db_path).values())


def test_kills_during_saves_edits_and_deletes_lose_nothing(db_path):
    """A child saving through the repository is SIGKILLed at random moments; after each kill
    the database opens, and every change that returned is there (more rounds: bench_store)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import store_child

    checked = store_child.run_repo_kills(str(db_path), rounds=8, seed=3, max_delay=0.3)
    assert checked > 8
