"""The repository over a folder of small TinyDB files (issue 13): what is saved is there after
reopening, every file is plain TinyDB JSON, ids are never reused, two windows (two instances
on one folder) never lose each other's changes, and nothing of a deleted diagnosis stays."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from support import ACME
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from playbook.outcome import Outcome
from store import DEFAULT_STORAGE
from store.errors import DatabaseNewer
from store.repository import DiagnosisGone, Draft, Filter, Repository

FIXTURE = Path(__file__).parent / "fixtures" / "old-layout" / "EXPECTED.json"
_STORED = json.loads(FIXTURE.read_text(encoding="utf-8"))["diagnoses"]
HARBOR_SEPT = _STORED["1"]["answers"]  # stalled, rhythm, 2026-09-14
COBALT = _STORED["3"]["answers"]  # stalled, owner, 2026-11-23
HARBOR_NOV = _STORED["4"]["answers"]  # stalled, rhythm, 2026-11-23
TESSELLATE = _STORED["5"]["answers"]  # failed, no dominant cause, 2026-11-20
OUTCOME = Outcome("revive", "a monthly review", "Kim", date(2026, 12, 4), date(2026, 11, 23))


@pytest.fixture
def repository(db_path):
    repo = Repository(db_path)
    yield repo
    repo.close()


def reopen(db_path) -> Repository:
    return Repository(db_path)


def partner_files(folder: Path) -> list[Path]:
    return sorted((folder / "partners").glob("*.json"))


def diagnoses_on_disk(folder: Path) -> dict[int, dict]:
    """Every diagnosis document in the partner files, read as plain JSON."""
    found: dict[int, dict] = {}
    for path in partner_files(folder):
        for key, document in json.loads(path.read_bytes())["diagnoses"].items():
            assert int(key) not in found, f"diagnosis {key} is in two files"
            found[int(key)] = document
    return found


def every_file(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in every_file(folder)}


# -- saving, reading, finding ----------------------------------------------------------------


def test_a_saved_diagnosis_is_there_after_reopening(repository, db_path):
    saved = repository.save(HARBOR_NOV)
    repository.close()
    with reopen(db_path) as again:
        found = again.get(saved.id)
        assert found is not None
        assert found.answers == HARBOR_NOV
        assert found.id == saved.id
        assert found.created_at == saved.created_at
        assert found.verdict.verdict == "stalled"
        assert found.verdict.dominant_cause == "rhythm"
        assert found.verdict.method == saved.verdict.method
        assert again.get(saved.id + 100) is None


def test_the_database_is_a_folder_with_one_file_per_partner(repository, db_path):
    repository.save(HARBOR_SEPT)
    repository.save(HARBOR_NOV)
    repository.save(COBALT)
    repository.save({**ACME, "partner": "Harbor Travel"})  # another partner's name
    assert db_path.is_dir()
    assert {p.name for p in db_path.iterdir()} >= {"partners", "meta.json", "index.json"}
    files = partner_files(db_path)
    assert len(files) == 3
    by_partner = {
        json.loads(p.read_bytes())["diagnoses"][key]["partner"]
        for p in files
        for key in json.loads(p.read_bytes())["diagnoses"]
    }
    assert by_partner == {"Example Harbor Travel", "Cobalt Security Group", "Harbor Travel"}


def test_the_same_partner_in_other_case_and_spacing_shares_one_file(repository, db_path):
    repository.save(ACME)
    repository.save({**ACME, "partner": "  ACME ", "diagnosed_on": "2026-10-01"})
    assert len(partner_files(db_path)) == 1
    (partner,) = repository.partners()
    assert partner.count == 2


def test_list_shows_summaries_newest_first_and_one_partner_when_asked(repository):
    sept = repository.save(HARBOR_SEPT)
    cobalt = repository.save(COBALT)
    nov = repository.save(HARBOR_NOV)
    tess = repository.save(TESSELLATE)
    assert [s.id for s in repository.list()] == [nov.id, cobalt.id, tess.id, sept.id]
    assert [s.id for s in repository.list("example harbor TRAVEL")] == [nov.id, sept.id]
    assert [s.id for s in repository.list("harbor")] == [nov.id, sept.id]  # part of a name
    assert repository.list("nobody") == []
    summary = repository.list("Tessellate Labs")[0]
    assert (summary.partner, summary.verdict, summary.dominant_cause) == (
        "Tessellate Labs",
        "failed",
        None,
    )
    assert summary.diagnosed_on == "2026-11-20"
    assert summary.created_at == tess.created_at


def test_find_filters_by_partner_verdict_cause_and_dates(repository):
    sept = repository.save(HARBOR_SEPT)
    cobalt = repository.save(COBALT)
    nov = repository.save(HARBOR_NOV)
    tess = repository.save(TESSELLATE)

    def ids(**wanted):
        return [s.id for s in repository.find(Filter(**wanted))]

    assert ids() == [nov.id, cobalt.id, tess.id, sept.id]
    assert ids(partner="cobalt") == [cobalt.id]
    assert ids(verdict="failed") == [tess.id]
    assert ids(verdict="stalled") == [nov.id, cobalt.id, sept.id]
    assert ids(cause="owner") == [cobalt.id]
    assert ids(cause="rhythm") == [nov.id, sept.id]
    assert ids(since=date(2026, 11, 20)) == [nov.id, cobalt.id, tess.id]  # the day itself too
    assert ids(until=date(2026, 11, 20)) == [tess.id, sept.id]
    assert ids(since=date(2026, 10, 1), until=date(2026, 11, 21)) == [tess.id]
    assert ids(partner="harbor", cause="rhythm", since=date(2026, 10, 1)) == [nov.id]
    assert ids(partner="harbor", verdict="failed") == []


def test_text_search_looks_in_the_notes_and_the_answers_typed(repository):
    harbor = repository.save(HARBOR_NOV)
    cobalt = repository.save(COBALT)

    def ids(text, **more):
        return [s.id for s in repository.find(Filter(text=text, **more))]

    assert ids("NEWSLETTER SLOTS") == [harbor.id]  # notes, any case
    assert ids("nobody has the time") == [cobalt.id]
    assert ids("mid-market it buyers") == [cobalt.id]  # what they get from it
    assert ids("no such words anywhere") == []
    assert ids("newsletter", partner="cobalt") == []


def test_text_search_looks_in_the_talking_points_as_the_user_left_them(repository, db_path):
    harbor = repository.save(HARBOR_NOV)
    cobalt = repository.save(COBALT)
    drafted = repository.get(harbor.id).talking_points.as_text()
    assert "Jo Rivera" in drafted and not repository.find(Filter(text="zanzibar"))
    repository.set_edited_points(harbor.id, "- Bring the Zanzibar figures.\n")
    assert [s.id for s in repository.find(Filter(text="ZANZIBAR"))] == [harbor.id]
    repository.set_edited_points(cobalt.id, "- Ask about the reorganisation.\n")
    with reopen(db_path) as again:
        assert [s.id for s in again.find(Filter(text="zanzibar"))] == [harbor.id]
        assert [s.id for s in again.find(Filter(text="ask about the reorg"))] == [cobalt.id]
    repository.set_edited_points(harbor.id, None)  # back to the drafted points
    assert repository.find(Filter(text="zanzibar")) == []


def test_search_comes_in_pieces_one_partner_file_each_most_recent_partner_first(repository):
    days = ["2026-03-02", "2026-09-14", "2026-01-05", "2026-11-02", "2026-06-01"]
    for number, day in enumerate(days):
        repository.save({**ACME, "partner": f"P{number}", "diagnosed_on": day})
    repository.save({**ACME, "partner": "P2", "diagnosed_on": "2026-10-01"})  # P2's latest
    pieces = list(repository.find_pieces(Filter()))  # one per partner file
    assert [[s.partner for s in piece] for piece in pieces] == [
        ["P3"],
        ["P2", "P2"],
        ["P1"],
        ["P4"],
        ["P0"],
    ]
    assert [s.diagnosed_on for s in pieces[1]] == ["2026-10-01", "2026-01-05"]  # newest first
    every = [s for piece in pieces for s in piece]
    assert sorted(every, key=lambda s: (s.diagnosed_on, s.id), reverse=True) == repository.find(
        Filter()
    )
    assert list(repository.find_pieces(Filter(text="no such words anywhere"))) == [[]] * 5


def test_history_is_every_diagnosis_of_a_partner_oldest_first(repository):
    nov = repository.save(HARBOR_NOV)
    repository.save(COBALT)
    sept = repository.save(HARBOR_SEPT)
    history = repository.history("example harbor travel")
    assert [d.id for d in history] == [sept.id, nov.id]
    assert [d.answers for d in history] == [HARBOR_SEPT, HARBOR_NOV]
    assert [d.id for d in repository.history("Harbor")] == [sept.id, nov.id]
    assert repository.history("nobody") == []


def test_partners_show_the_latest_diagnosis_the_count_and_the_trend(repository):
    repository.save(HARBOR_SEPT)
    harbor = repository.save(HARBOR_NOV)
    cobalt = repository.save(COBALT)
    repository.save({**ACME, "diagnosed_on": "2026-06-01"})  # stalled
    acme = repository.save({**TESSELLATE, "partner": "Acme"})  # then failed: worse
    repository.save({**TESSELLATE, "partner": "Bolt", "diagnosed_on": "2026-05-01"})
    bolt = repository.save({**ACME, "partner": "Bolt"})  # failed, then stalled: better
    partners = {p.partner: p for p in repository.partners()}
    assert set(partners) == {"Example Harbor Travel", "Cobalt Security Group", "Acme", "Bolt"}
    assert partners["Example Harbor Travel"].latest.id == harbor.id
    assert partners["Example Harbor Travel"].count == 2
    assert partners["Example Harbor Travel"].trend == "same"
    assert partners["Cobalt Security Group"].latest.id == cobalt.id
    assert partners["Cobalt Security Group"].trend == "first"
    assert partners["Cobalt Security Group"].previous is None
    assert partners["Acme"].trend == "worse"
    assert partners["Acme"].latest.id == acme.id
    assert partners["Bolt"].trend == "better"
    assert partners["Bolt"].latest.id == bolt.id
    # Most recently diagnosed first; the same day: the one saved later first.
    assert [p.latest.id for p in repository.partners()][:2] == [bolt.id, cobalt.id]


def test_count_and_partner_names(repository):
    assert repository.count() == 0 and repository.partner_names() == []
    repository.save(HARBOR_SEPT)
    repository.save(HARBOR_NOV)
    repository.save(COBALT)
    repository.save({**ACME, "partner": "acme"})
    assert repository.count() == 4
    assert repository.partner_names() == ["acme", "Cobalt Security Group", "Example Harbor Travel"]
    repository.save(ACME)  # the name as last written
    assert "Acme" in repository.partner_names() and "acme" not in repository.partner_names()


def test_edits_outcomes_renames_and_deletes_survive_reopening(repository, db_path):
    first = repository.save(ACME)
    second = repository.save({**ACME, "diagnosed_on": "2026-10-01"})
    third = repository.save(COBALT)
    repository.set_edited_points(first.id, "- my own words\n")
    assert repository.set_outcome(first.id, OUTCOME)
    assert repository.rename_partner("acme", "Acme Travel") == 2
    assert repository.delete(second.id)
    assert not repository.delete(second.id)
    repository.close()
    with reopen(db_path) as again:
        found = again.get(first.id)
        assert found is not None
        assert found.edited_points == "- my own words\n"
        assert found.points_text == "- my own words\n"
        assert Outcome.from_dict(found.extra["outcome"]) == OUTCOME
        assert found.partner == "Acme Travel"
        assert again.get(second.id) is None
        assert again.get(third.id).answers == COBALT
        assert [s.partner for s in again.list("acme")] == ["Acme Travel"]
        assert again.list("acme")[0].outcome == OUTCOME
        assert again.count() == 2
        assert again.partner_names() == ["Acme Travel", "Cobalt Security Group"]
        (acme,) = [p for p in again.partners() if p.partner == "Acme Travel"]
        assert acme.count == 1 and acme.latest.outcome == OUTCOME
        assert [d.id for d in again.history("Acme Travel")] == [first.id]
        assert [d.id for d in again.history("Acme")] == [first.id]  # part of the name


def test_a_rename_into_an_existing_partner_merges_them(repository, db_path):
    acme = repository.save(ACME)
    harbor = repository.save(HARBOR_NOV)
    assert repository.rename_partner("acme", "example harbor travel") == 1
    assert len(partner_files(db_path)) == 1
    with reopen(db_path) as again:
        assert {s.id for s in again.list("example harbor travel")} == {acme.id, harbor.id}
        (partner,) = again.partners()
        assert partner.count == 2


def test_an_outcome_can_be_cleared(repository, db_path):
    saved = repository.save(ACME)
    repository.set_outcome(saved.id, OUTCOME)
    repository.set_outcome(saved.id, None)
    with reopen(db_path) as again:
        assert again.get(saved.id).extra["outcome"] is None
        assert again.list()[0].outcome is None


def test_what_is_handed_out_cannot_change_the_database(repository):
    saved = repository.save(ACME)
    found = repository.get(saved.id)
    found.answers["partner"] = "Changed"  # type: ignore[index]
    draft = repository.save_draft(Draft(answers={"partner": "Beta"}))
    draft.answers["partner"] = "Changed"  # type: ignore[index]
    assert repository.get(saved.id).partner == "Acme"
    assert repository.drafts()[0].answers["partner"] == "Beta"


# -- plain TinyDB files ------------------------------------------------------------------------


def a_full_folder(repository) -> dict[str, int]:
    harbor = repository.save(HARBOR_NOV)
    cobalt = repository.save(COBALT)
    repository.set_outcome(harbor.id, OUTCOME)
    repository.set_edited_points(cobalt.id, "- my own words\n")
    draft = repository.save_draft(Draft(answers={"partner": "Beta"}, typed={"notes": "half"}))
    return {"harbor": harbor.id, "cobalt": cobalt.id, "draft": draft.id}


@pytest.mark.parametrize(
    "storage", [DEFAULT_STORAGE, JSONStorage], ids=["DEFAULT_STORAGE", "tinydb-JSONStorage"]
)
def test_every_file_is_plain_tinydb_json(repository, db_path, storage):
    ids = a_full_folder(repository)
    before = snapshot(db_path)
    files = [p for p in every_file(db_path) if p.name != "unstall.lock"]
    assert {p.name for p in files} >= {"drafts.json", "meta.json", "index.json"}
    for path in files:
        json.loads(path.read_bytes())  # plain JSON, every one (backups too)
        db = TinyDB(path, storage=storage, access_mode="r")
        try:
            assert db.tables(), path
            for name in db.tables():
                for document in db.table(name).all():
                    assert isinstance(document, dict) and document.doc_id >= 1
        finally:
            db.close()

    def table(path, name):
        db = TinyDB(path, storage=storage, access_mode="r")
        try:
            return {doc.doc_id: dict(doc) for doc in db.table(name).all()}
        finally:
            db.close()

    diagnoses = {}
    for path in partner_files(db_path):
        diagnoses.update(table(path, "diagnoses"))
    assert set(diagnoses) == {ids["harbor"], ids["cobalt"]}
    assert diagnoses[ids["harbor"]]["answers"] == HARBOR_NOV
    assert diagnoses[ids["harbor"]]["outcome"] == OUTCOME.to_dict()
    assert diagnoses[ids["cobalt"]]["edited_points"] == "- my own words\n"
    drafts = table(db_path / "drafts.json", "drafts")
    assert drafts[ids["draft"]]["typed"] == {"notes": "half"}
    (meta,) = table(db_path / "meta.json", "meta").values()
    assert meta["next_id"] > max(diagnoses)
    index = table(db_path / "index.json", "partners")
    assert sorted(entry["count"] for entry in index.values()) == [1, 1]
    assert snapshot(db_path) == before  # reading changed nothing


def test_an_update_through_ordinary_tinydb_is_seen_after_reopening(repository, db_path):
    saved = repository.save(ACME)
    repository.close()
    (path,) = partner_files(db_path)
    db = TinyDB(path, storage=DEFAULT_STORAGE)
    db.table("diagnoses").update(
        lambda d: d.update(edited_points="- edited in TinyDB\n", outcome=OUTCOME.to_dict()),
        doc_ids=[saved.id],
    )
    db.close()
    with reopen(db_path) as again:
        found = again.get(saved.id)
        assert found.edited_points == "- edited in TinyDB\n"
        assert again.list()[0].outcome == OUTCOME
        assert again.partners()[0].latest.outcome == OUTCOME
        assert [s.id for s in again.find(Filter(text="edited in tinydb"))] == [saved.id]


def test_an_update_through_tinydbs_own_json_storage_is_seen_after_reopening(repository, db_path):
    saved = repository.save(ACME)
    (path,) = partner_files(db_path)
    db = TinyDB(path)  # TinyDB's own JSONStorage
    db.table("diagnoses").update(lambda d: d.update(edited_points="- plain\n"))
    db.close()
    with reopen(db_path) as again:
        assert again.get(saved.id).edited_points == "- plain\n"


def test_a_change_through_tinydb_and_then_one_through_the_repository_keeps_both(
    repository, db_path
):
    saved = repository.save(ACME)
    (path,) = partner_files(db_path)
    db = TinyDB(path, storage=DEFAULT_STORAGE)
    db.table("diagnoses").update(lambda d: d.update(edited_points="- from TinyDB\n"))
    db.close()
    repository.set_outcome(saved.id, OUTCOME)  # the same instance: it reads the file fresh
    with reopen(db_path) as again:
        found = again.get(saved.id)
        assert found.edited_points == "- from TinyDB\n"
        assert Outcome.from_dict(found.extra["outcome"]) == OUTCOME


# -- ids ---------------------------------------------------------------------------------------


def test_ids_are_never_reused_after_a_delete(repository, db_path):
    first = repository.save(ACME)
    second = repository.save(COBALT)
    repository.delete(second.id)
    third = repository.save(COBALT)
    assert third.id not in {first.id, second.id}
    repository.delete(third.id)
    repository.close()
    with reopen(db_path) as again:
        fourth = again.save(COBALT)
    assert fourth.id > third.id


def test_an_undo_puts_the_diagnosis_back_under_a_new_id_with_its_edits_and_outcome(
    repository, db_path
):
    saved = repository.save(ACME, created_at="2026-01-02T03:04:05")
    repository.set_edited_points(saved.id, "- mine\n")
    repository.set_outcome(saved.id, OUTCOME)
    deleted = repository.get(saved.id)
    repository.delete(saved.id)
    back = repository.restore(deleted)
    assert back.id != saved.id
    again = repository.restore(deleted)  # undo twice: two, never the same id
    assert again.id not in {saved.id, back.id}
    with reopen(db_path) as fresh:
        found = fresh.get(back.id)
        assert found.answers == ACME
        assert found.edited_points == "- mine\n"
        assert Outcome.from_dict(found.extra["outcome"]) == OUTCOME
        assert found.created_at == "2026-01-02T03:04:05"
        assert fresh.get(saved.id) is None
        later = fresh.save(COBALT)
    assert later.id > again.id


def test_ids_are_never_reused_across_two_instances(db_path):
    one, two = Repository(db_path), Repository(db_path)
    given = [one.save(ACME).id, two.save(COBALT).id, one.save(HARBOR_NOV).id]
    two.delete(given[-1])
    given.append(one.save(HARBOR_NOV).id)
    given.append(two.restore(one.get(given[0])).id)
    one.delete(given[0])
    given += [d.id for d in two.save_many([ACME, COBALT])]
    given.append(one.save(TESSELLATE).id)
    assert len(set(given)) == len(given), given
    assert given == sorted(given)
    with reopen(db_path) as fresh:
        assert sorted(diagnoses_on_disk(db_path)) == sorted(set(given) - {given[0], given[2]})
        assert fresh.count() == len(given) - 2


def test_draft_ids_are_never_reused(repository):
    first = repository.save_draft(Draft(answers={"partner": "Beta"}))
    repository.discard_draft(first.id)
    second = repository.save_draft(Draft(answers={"partner": "Beta"}))
    other = Repository(repository.path)
    third = other.save_draft(Draft(answers={"partner": "Gamma"}))
    assert len({first.id, second.id, third.id}) == 3


# -- two windows ---------------------------------------------------------------------------


def test_each_instance_sees_the_others_saves(db_path):
    one, two = Repository(db_path), Repository(db_path)
    saved = one.save(ACME)
    assert two.get(saved.id).answers == ACME
    assert [s.id for s in two.list()] == [saved.id]
    assert [p.latest.id for p in two.partners()] == [saved.id]
    assert two.count() == 1
    two.set_outcome(saved.id, OUTCOME)
    one.set_edited_points(saved.id, "- both kept\n")
    with reopen(db_path) as fresh:
        found = fresh.get(saved.id)
        assert found.edited_points == "- both kept\n"
        assert Outcome.from_dict(found.extra["outcome"]) == OUTCOME


@pytest.mark.parametrize(
    "change",
    [
        lambda repo, i: repo.set_outcome(i, OUTCOME),
        lambda repo, i: repo.set_edited_points(i, "- my words\n"),
    ],
    ids=["set_outcome", "set_edited_points"],
)
def test_a_change_to_a_diagnosis_deleted_in_another_window_is_refused(db_path, change):
    one, two = Repository(db_path), Repository(db_path)
    kept = one.save(COBALT)
    gone = one.save(ACME)
    two.delete(gone.id)
    before = snapshot(db_path)
    with pytest.raises(DiagnosisGone) as raised:
        change(one, gone.id)
    assert f"#{gone.id}" in str(raised.value)
    assert snapshot(db_path) == before  # nothing stored
    assert one.get(gone.id) is None
    with reopen(db_path) as fresh:
        assert fresh.get(gone.id) is None
        assert [s.id for s in fresh.list()] == [kept.id]


def test_the_same_draft_saved_from_two_windows_keeps_both_texts(db_path):
    one, two = Repository(db_path), Repository(db_path)
    draft = one.save_draft(Draft(answers={"partner": "Beta"}, typed={"notes": "first words"}))
    seen_by_two = two.get_draft(draft.id)
    assert seen_by_two == draft
    mine = one.save_draft(replace(draft, typed={"notes": "window one typed this"}))
    theirs = two.save_draft(replace(seen_by_two, typed={"notes": "window two typed that"}))
    assert mine.id == draft.id and mine.forked_from is None
    assert theirs.id not in {None, draft.id}
    assert theirs.forked_from == draft.id
    with reopen(db_path) as fresh:
        notes = {d.id: d.typed["notes"] for d in fresh.drafts()}
    assert notes == {draft.id: "window one typed this", theirs.id: "window two typed that"}
    # Each window goes on typing into its own draft, from the revision it was handed.
    more = two.save_draft(replace(theirs, typed={"notes": "window two again"}))
    assert more.id == theirs.id and more.forked_from is None
    assert one.get_draft(draft.id).typed["notes"] == "window one typed this"


def test_a_draft_saved_answer_by_answer_keeps_one_draft(repository, db_path):
    draft = repository.save_draft(Draft(answers={"partner": "Beta"}, typed={"started": "soon"}))
    draft = repository.save_draft(
        replace(draft, answers={"partner": "Beta", "kind": "referral"}, typed={}, seconds=12.5)
    )
    assert draft.revision == 2
    repository.close()
    with reopen(db_path) as again:
        (resumed,) = again.drafts()
        assert resumed.id == draft.id
        assert resumed.answers == {"partner": "Beta", "kind": "referral"}
        assert resumed.seconds == 12.5


def test_a_draft_with_nothing_typed_is_not_kept(repository, db_path):
    assert repository.save_draft(Draft()).id is None
    assert repository.save_draft(Draft(typed={"partner": "", "notes": ""})).id is None
    assert repository.drafts() == []
    with reopen(db_path) as again:
        assert again.drafts() == []


def test_finishing_a_draft_leaves_no_draft_and_records_it_on_the_diagnosis(repository, db_path):
    draft = repository.save_draft(Draft(answers={"partner": "Acme"}, typed={"notes": "x"}))
    diagnosis = repository.finish_draft(draft, ACME)
    assert repository.drafts() == []
    assert diagnoses_on_disk(db_path)[diagnosis.id]["draft"] == draft.id
    assert json.loads((db_path / "drafts.json").read_bytes())["drafts"] == {}
    with reopen(db_path) as again:
        assert again.drafts() == []
        assert [s.id for s in again.list()] == [diagnosis.id]


def test_a_draft_left_behind_by_a_kill_after_finishing_is_removed_at_open(repository, db_path):
    draft = repository.save_draft(Draft(answers={"partner": "Acme"}, typed={"notes": "x"}))
    drafts_before = (db_path / "drafts.json").read_bytes()
    diagnosis = repository.finish_draft(draft, ACME)
    # A kill after the partner file and the index were written, before the draft went:
    (db_path / "drafts.json").write_bytes(drafts_before)
    with reopen(db_path) as again:
        assert again.drafts() == []
        assert [s.id for s in again.list()] == [diagnosis.id]
    assert json.loads((db_path / "drafts.json").read_bytes())["drafts"] == {}


def test_a_draft_left_behind_by_a_kill_before_the_index_is_removed_at_open(repository, db_path):
    repository.save(COBALT)
    draft = repository.save_draft(Draft(answers={"partner": "Acme"}, typed={"notes": "x"}))
    drafts_before = (db_path / "drafts.json").read_bytes()
    index_before = (db_path / "index.json").read_bytes()
    diagnosis = repository.finish_draft(draft, ACME)
    # A kill after the partner file was written, before the index and the draft were:
    (db_path / "drafts.json").write_bytes(drafts_before)
    (db_path / "index.json").write_bytes(index_before)
    with reopen(db_path) as again:
        assert again.drafts() == []
        assert [s.id for s in again.list("acme")] == [diagnosis.id]
        assert again.count() == 2


# -- the index ---------------------------------------------------------------------------------


def test_a_partner_file_edited_by_hand_is_shown_as_it_is_after_reopening(repository, db_path):
    saved = repository.save(ACME)
    repository.save(COBALT)
    repository.close()
    path = next(p for p in partner_files(db_path) if p.name.startswith("acme"))
    data = json.loads(path.read_bytes())
    document = data["diagnoses"][str(saved.id)]
    document["outcome"] = OUTCOME.to_dict()
    data["diagnoses"][str(saved.id + 50)] = {**document, "diagnosed_on": "2026-01-05"}
    path.write_text(json.dumps(data), encoding="utf-8")
    with reopen(db_path) as again:
        acme = next(p for p in again.partners() if p.partner == "Acme")
        assert acme.count == 2
        assert acme.latest.id == saved.id and acme.latest.outcome == OUTCOME
        assert acme.previous.id == saved.id + 50
        assert again.count() == 3
    index = json.loads((db_path / "index.json").read_bytes())["partners"]
    assert sorted(entry["count"] for entry in index.values()) == [1, 2]


def test_a_deleted_index_is_rebuilt_at_open(repository, db_path):
    repository.save(HARBOR_SEPT)
    repository.save(HARBOR_NOV)
    repository.save(COBALT)
    repository.set_outcome(repository.save(ACME).id, OUTCOME)
    expected = repository.partners()
    repository.close()
    (db_path / "index.json").unlink()
    with reopen(db_path) as again:
        assert again.partners() == expected
        assert again.count() == 4
        assert again.partner_names() == sorted([p.partner for p in expected], key=str.casefold)
    assert (db_path / "index.json").is_file()


def test_a_save_whose_index_write_was_cut_short_shows_after_reopening(repository, db_path):
    repository.save(HARBOR_SEPT)
    index_before = (db_path / "index.json").read_bytes()
    nov = repository.save(HARBOR_NOV)
    cobalt = repository.save(COBALT)
    expected = repository.partners()
    repository.close()
    (db_path / "index.json").write_bytes(index_before)  # a kill before the index was written
    with reopen(db_path) as again:
        assert again.partners() == expected
        assert {p.latest.id for p in again.partners()} == {nov.id, cobalt.id}


def test_a_partner_file_removed_by_hand_leaves_home(repository, db_path):
    repository.save(ACME)
    cobalt = repository.save(COBALT)
    repository.close()
    next(p for p in partner_files(db_path) if p.name.startswith("acme")).unlink()
    with reopen(db_path) as again:
        assert [p.latest.id for p in again.partners()] == [cobalt.id]
        assert again.count() == 1


def test_the_index_follows_every_change(repository, db_path):
    saved = [
        repository.save({**ACME, "partner": name, "diagnosed_on": day})
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
    repository.delete(saved[1].id)  # Bolt has none left
    repository.rename_partner("Cove", "Cove & Co")
    repository.delete(saved[2].id)  # Acme's latest goes: the one before is latest again
    expected = repository.partners()
    assert [(p.partner, p.count, p.latest.diagnosed_on) for p in expected] == [
        ("Cove & Co", 1, "2026-08-01"),
        ("Acme", 2, "2026-06-01"),
    ]
    assert repository.count() == 3
    (db_path / "index.json").unlink()
    with reopen(db_path) as rebuilt:
        assert rebuilt.partners() == expected


def test_a_database_folder_from_a_newer_version_is_refused_and_left_untouched(db_path):
    Repository(db_path).save(ACME)
    meta = db_path / "meta.json"
    data = json.loads(meta.read_bytes())
    data["meta"]["1"]["schema"] += 1
    meta.write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(db_path)
    with pytest.raises(DatabaseNewer) as raised:
        Repository(db_path)
    assert "newer" in str(raised.value)
    assert snapshot(db_path) == before


# -- files on disk -------------------------------------------------------------------------


@pytest.fixture
def no_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def test_every_data_file_is_private(tmp_path, no_umask):
    folder = tmp_path / "db"
    with Repository(folder) as repo:
        a_full_folder(repo)
        repo.delete(repo.save(ACME).id)
    files = [p for p in every_file(folder) if p.name != "unstall.lock"]
    assert any(p.name.endswith(".bak") for p in files)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((folder / "partners").stat().st_mode) == 0o700
    assert (folder / "unstall.lock").is_file()  # never deleted


def test_a_new_database_folder_is_private(tmp_path, no_umask):
    folder = tmp_path / "db"
    Repository(folder).save(ACME)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_lock_file_is_private_too(tmp_path, no_umask):
    folder = tmp_path / "db"
    Repository(folder).save(ACME)
    assert stat.S_IMODE((folder / "unstall.lock").stat().st_mode) == 0o600


def test_a_symlinked_partner_file_stays_a_symlink(repository, db_path, tmp_path):
    saved = repository.save(ACME)
    (path,) = partner_files(db_path)
    elsewhere = tmp_path / "elsewhere" / "acme.json"
    elsewhere.parent.mkdir()
    path.replace(elsewhere)
    path.symlink_to(elsewhere)
    with reopen(db_path) as again:
        assert again.get(saved.id).answers == ACME
        again.set_outcome(saved.id, OUTCOME)
        second = again.save({**ACME, "diagnosed_on": "2026-10-01"})
    assert path.is_symlink() and path.resolve() == elsewhere.resolve()
    stored = json.loads(elsewhere.read_bytes())["diagnoses"]
    assert set(stored) == {str(saved.id), str(second.id)}
    assert stored[str(saved.id)]["outcome"] == OUTCOME.to_dict()
    with reopen(db_path) as fresh:
        assert {s.id for s in fresh.list()} == {saved.id, second.id}


def test_a_symlinked_database_folder_is_used_where_it_points(tmp_path):
    real = tmp_path / "real"
    with Repository(real) as repo:
        saved = repo.save(ACME)
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with Repository(link) as repo:
        assert repo.get(saved.id).answers == ACME
        repo.save(COBALT)
    assert link.is_symlink()
    assert len(partner_files(real)) == 2


def files_holding(folder: Path, text: str) -> list[str]:
    needle = text.encode("utf-8")
    variants = {needle, needle.lower(), json.dumps(text).encode()[1:-1]}
    return [
        str(path.relative_to(folder))
        for path in every_file(folder)
        if any(v in path.read_bytes() or v in path.read_bytes().lower() for v in variants)
    ]


def test_a_deleted_diagnosis_leaves_no_copy_of_its_notes_in_any_file(repository, db_path):
    notes = "Secret merger talks with Quokka Holdings."
    repository.save(COBALT)
    keep = repository.save(ACME)  # the same partner: its file is rewritten, not removed
    draft = repository.save_draft(Draft(answers={"partner": "Acme"}, typed={"notes": "Secret"}))
    draft = repository.save_draft(replace(draft, typed={"notes": notes}))
    draft = repository.save_draft(replace(draft, position="notes"))
    gone = repository.finish_draft(draft, {**ACME, "notes": notes, "diagnosed_on": "2026-11-20"})
    repository.set_edited_points(gone.id, "- ask about the merger\n")
    repository.save_draft(Draft(answers={"partner": "Other"}, typed={"notes": "unrelated"}))
    assert files_holding(db_path, "Quokka Holdings")  # it was there
    assert repository.delete(gone.id)
    assert files_holding(db_path, "Quokka Holdings") == []
    with reopen(db_path) as again:
        assert again.get(keep.id).answers == ACME
        assert [d.typed["notes"] for d in again.drafts()] == ["unrelated"]
    assert files_holding(db_path, "Quokka Holdings") == []


def test_a_deleted_diagnosis_from_a_draft_leaves_no_draft_copy(repository, db_path):
    notes = "Wombat pricing dispute."
    draft = repository.save_draft(Draft(answers={"partner": "Acme"}, typed={"notes": notes}))
    drafts_before = (db_path / "drafts.json").read_bytes()
    gone = repository.finish_draft(draft, {**ACME, "notes": notes})
    (db_path / "drafts.json").write_bytes(drafts_before)  # a kill before the draft went
    assert repository.delete(gone.id)
    assert files_holding(db_path, "Wombat pricing") == []


def test_a_deleted_diagnosis_leaves_no_copy_of_its_outcome_or_edits_in_any_file(
    repository, db_path
):
    repository.save(COBALT)
    gone = repository.save(ACME)
    repository.set_edited_points(gone.id, "- mention the Pangolin retainer\n")
    repository.set_outcome(gone.id, replace(OUTCOME, fix="the Pangolin retainer review"))
    assert repository.delete(gone.id)
    assert files_holding(db_path, "Pangolin") == []


def test_finishing_a_draft_another_window_changed_since_keeps_that_window_s_draft(db_path):
    here = Repository(db_path)
    draft = here.save_draft(Draft(answers={"partner": "Acme"}, typed={"partner": "Acme"}))
    there = Repository(db_path)
    theirs = {"partner": "Acme", "notes": "typed in the other window"}
    there.save_draft(replace(there.get_draft(draft.id), answers=theirs, typed=theirs))
    diagnosis = here.finish_draft(draft, ACME)  # this window last saved revision 1
    assert diagnoses_on_disk(db_path)[diagnosis.id]["draft"] is None
    with reopen(db_path) as again:  # the open's clean-up keeps it too
        (kept,) = again.drafts()
        assert kept.id == draft.id and kept.answers == theirs
        assert [s.id for s in again.list()] == [diagnosis.id]
    up_to_date = there.get_draft(draft.id)
    assert up_to_date is not None
    there.finish_draft(up_to_date, {**ACME, "notes": "typed in the other window"})
    assert there.drafts() == []
