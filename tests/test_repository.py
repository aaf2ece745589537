"""The repository over a real TinyDB file: what is saved is there after reopening, what is
handed out cannot change the database, old files are migrated with a backup."""

from __future__ import annotations

import json
from datetime import date

import pytest

from playbook.outcome import Outcome
from store.errors import DatabaseNewer, DatabaseUnreadable
from store.migrations import SCHEMA_VERSION
from store.repository import Draft, Filter, Repository

ANSWERS = {
    "partner": "Acme",
    "diagnosed_on": "2026-11-23",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "owner_ours": "Kim",
    "owner_theirs": "",
    "owner_in_role": "yes",
    "last_conversation": "2026-11-02",
    "standing_review": "yes",
    "expectations_written": "yes",
    "workload": "balanced",
    "activity": "slowing",
    "notes": "Their newsletter slot went unused.",
}


@pytest.fixture
def repository(db_path):
    repo = Repository(db_path)
    yield repo
    repo.close()


def reopen(db_path) -> Repository:
    return Repository(db_path)


def test_a_saved_diagnosis_is_there_after_reopening(repository, db_path):
    saved = repository.save(ANSWERS)
    repository.close()
    again = reopen(db_path)
    try:
        found = again.get(saved.id)
        assert found is not None
        assert found.answers == saved.answers
        assert found.verdict.dominant_cause == "owner"
    finally:
        again.close()


def test_edits_outcomes_renames_and_deletes_survive_reopening(repository, db_path):
    first = repository.save(ANSWERS)
    second = repository.save({**ANSWERS, "diagnosed_on": "2026-10-01"})
    repository.set_edited_points(first.id, "- my own words\n")
    outcome = Outcome("revive", "a monthly review", "Kim", date(2026, 12, 4), date(2026, 11, 23))
    assert repository.set_outcome(first.id, outcome)
    assert repository.rename_partner("acme", "Acme Travel") == 2
    assert repository.delete(second.id)
    repository.close()
    again = reopen(db_path)
    try:
        found = again.get(first.id)
        assert found is not None
        assert found.edited_points == "- my own words\n"
        assert Outcome.from_dict(found.extra["outcome"]) == outcome
        assert found.partner == "Acme Travel"
        assert again.get(second.id) is None
        assert [s.partner for s in again.list()] == ["Acme Travel"]
        assert again.list()[0].outcome == outcome
    finally:
        again.close()


def test_what_is_handed_out_cannot_change_the_database(repository):
    saved = repository.save(ANSWERS)
    found = repository.get(saved.id)
    assert found is not None
    found.answers["partner"] = "Changed"  # type: ignore[index]
    draft = repository.save_draft(Draft(answers={"partner": "Beta"}))
    draft.answers["partner"] = "Changed"  # type: ignore[index]
    assert repository.get(saved.id).partner == "Acme"
    assert repository.drafts()[0].answers["partner"] == "Beta"


def test_drafts_are_saved_resumed_and_finished(repository, db_path):
    draft = repository.save_draft(Draft(answers={"partner": "Beta"}, typed={"started": "soon"}))
    draft = repository.save_draft(
        Draft(id=draft.id, answers={"partner": "Beta", "kind": "referral"}, typed={})
    )
    assert len(repository.drafts()) == 1
    repository.close()
    again = reopen(db_path)
    try:
        (resumed,) = again.drafts()
        assert resumed.answers == {"partner": "Beta", "kind": "referral"}
        diagnosis = again.finish_draft(resumed, {**resumed.answers, "diagnosed_on": "2026-11-23"})
        assert again.drafts() == []
        assert again.get(diagnosis.id) is not None
    finally:
        again.close()


def test_find_filters_by_every_part(repository):
    repository.save(ANSWERS)
    repository.save({"partner": "Beta", "diagnosed_on": "2026-06-01", "notes": "quiet summer"})
    assert [s.partner for s in repository.find(Filter(cause="owner"))] == ["Acme"]
    assert [s.partner for s in repository.find(Filter(text="SUMMER"))] == ["Beta"]
    assert [s.partner for s in repository.find(Filter(until=date(2026, 7, 1)))] == ["Beta"]
    assert [s.partner for s in repository.find(Filter(partner="ac"))] == ["Acme"]


def test_a_new_database_and_its_folder_are_private(tmp_path):
    path = tmp_path / "new" / "unstall.json"
    repo = Repository(path)
    repo.save(ANSWERS)
    repo.close()
    assert (path.stat().st_mode & 0o777) == 0o600
    assert (path.parent.stat().st_mode & 0o777) == 0o700


@pytest.mark.parametrize(
    "content",
    ['{"diagnoses": {"1": {"partner"', "not json at all", "[1, 2, 3]", '{"diagnoses": 5}'],
    ids=["truncated", "not-json", "a-list", "wrong-shape"],
)
def test_an_unreadable_database_is_refused_and_left_untouched(db_path, content):
    db_path.write_text(content, encoding="utf-8")
    with pytest.raises(DatabaseUnreadable) as raised:
        Repository(db_path)
    assert str(db_path) in str(raised.value)
    assert db_path.read_text(encoding="utf-8") == content


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(db_path):
    content = json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1}}, "diagnoses": {}})
    db_path.write_text(content, encoding="utf-8")
    with pytest.raises(DatabaseNewer) as raised:
        Repository(db_path)
    assert "newer version" in str(raised.value)
    assert db_path.read_text(encoding="utf-8") == content


def test_another_programs_tinydb_database_is_refused_and_left_as_it_was(db_path):
    content = json.dumps({"_default": {"1": {"name": "Bob"}}, "diagnoses": {}})
    db_path.write_text(content, encoding="utf-8")
    with pytest.raises(DatabaseUnreadable) as raised:
        Repository(db_path)
    assert "not Unstall's" in str(raised.value) and "'_default'" in str(raised.value)
    assert str(db_path) in str(raised.value)
    assert db_path.read_text(encoding="utf-8") == content
    assert [p.name for p in db_path.parent.iterdir()] == [db_path.name]  # no backup, no lock


def test_a_database_whose_documents_cannot_be_upgraded_says_so_and_keeps_a_copy(db_path):
    content = json.dumps({"meta": {"1": {"schema": 1}}, "diagnoses": {"1": {"partner": "Acme"}}})
    db_path.write_text(content, encoding="utf-8")
    with pytest.raises(DatabaseUnreadable) as raised:
        Repository(db_path)
    message = str(raised.value)
    assert "schema 1" in message and "without its 'answers' field" in message
    (backup,) = db_path.parent.glob(f"{db_path.name}.v1*.bak")
    assert str(backup) in message and json.loads(backup.read_text(encoding="utf-8"))
    assert db_path.read_text(encoding="utf-8") == content


def test_an_older_database_is_migrated_after_a_backup(db_path):
    old = {
        "meta": {"1": {"schema": 1}},
        "diagnoses": {
            "1": {
                "schema": 1,
                "answers": ANSWERS,
                "partner": "Acme",
                "partner_key": "acme",
                "diagnosed_on": "2026-11-23",
                "verdict": "stalled",
                "dominant_cause": "owner",
                "next_review": "2026-12-23",
                "path": "revive",
                "created_at": "2026-11-23T10:00:00",
                "edited_points": None,
                "outcome": None,
            }
        },
    }
    db_path.write_text(json.dumps(old), encoding="utf-8")
    repo = Repository(db_path)
    try:
        (summary,) = repo.list()
        assert summary.severity > 0
        assert repo.find(Filter(text="newsletter"))
    finally:
        repo.close()
    backups = list(db_path.parent.glob(f"{db_path.name}.v1*.bak"))
    assert len(backups) == 1
    assert json.loads(backups[0].read_text(encoding="utf-8")) == old


def test_partners_know_whether_they_got_worse(repository):
    repository.save(
        {
            "partner": "Acme",
            "diagnosed_on": "2026-06-01",
            "owner_ours": "Kim",
            "owner_theirs": "Lee",
            "standing_review": "yes",
            "activity": "steady",
        }
    )
    repository.save(ANSWERS)
    (partner,) = repository.partners()
    assert partner.count == 2
    assert partner.trend == "worse"


def partners_rebuilt(db_path) -> list:
    """The partners as computed from every diagnosis, without the kept index."""
    from store.storage import DEFAULT_STORAGE, UnstallTinyDB
    from store.summary import PARTNERS

    db = UnstallTinyDB(str(db_path), storage=DEFAULT_STORAGE)
    db.drop_table(PARTNERS)
    db.close()
    with Repository(db_path) as fresh:  # rebuilds the index from the diagnoses
        return fresh.partners()


def test_the_partners_index_follows_every_change(repository, db_path):
    from playbook.outcome import Outcome

    saved = [
        repository.save({**ANSWERS, "partner": name, "diagnosed_on": day})
        for name, day in [
            ("Acme", "2026-06-01"),
            ("Bolt", "2026-07-01"),
            ("acme ", "2026-08-01"),
            ("Cove", "2026-08-01"),
            ("Acme", "2026-05-01"),  # older than the latest: the latest stays
        ]
    ]
    repository.set_outcome(saved[2].id, Outcome(decision="revive", fix="A demo"))
    acme = repository.partners()[1]  # after Cove: same day, saved later
    assert acme.latest.id == saved[2].id and acme.latest.outcome.fix == "A demo"
    assert repository.partners() == partners_rebuilt(db_path)
    repository.delete(saved[1].id)  # Bolt has none left
    repository.rename_partner("Cove", "Cove & Co")
    repository.delete(saved[2].id)  # Acme's latest goes: the one before is latest again
    expected = partners_rebuilt(db_path)
    assert repository.partners() == expected
    assert [(p.partner, p.count, p.latest.diagnosed_on) for p in expected] == [
        ("Cove & Co", 1, "2026-08-01"),
        ("Acme", 2, "2026-06-01"),
    ]
    assert repository.count() == 3
    with reopen(db_path) as again:
        assert again.partners() == expected
