"""A database in the old single-file layout (``unstall.json`` with ``.details.N`` and a journal,
written by the code before issue 13) is converted into the folder beside it on first open,
after a full backup, losing nothing; the old files are never changed.

``tests/fixtures/old-layout`` was copied while the old repository was open (its journal holds
saves not yet folded into the main file), ``old-layout-closed`` after ``close()``;
``EXPECTED.json`` says what they hold."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import platformdirs
import pytest

from playbook.outcome import Outcome
from store.convert import BACKUP
from store.errors import DatabaseUnreadable
from store.paths import default_db_path
from store.repository import Draft, Filter, Repository

FIXTURES = Path(__file__).parent / "fixtures"
OPEN = FIXTURES / "old-layout"
CLOSED = FIXTURES / "old-layout-closed"
V1 = FIXTURES / "v1-database"
EXPECTED: dict[str, Any] = json.loads((OPEN / "EXPECTED.json").read_text(encoding="utf-8"))
FILES = {OPEN: EXPECTED["files"], CLOSED: EXPECTED["files_closed"]}
BOTH = pytest.mark.parametrize("fixture", [OPEN, CLOSED], ids=["copied-while-open", "closed"])


def copy_of(fixture: Path, where: Path) -> Path:
    """The fixture's database files copied (with their times) into ``where``."""
    where.mkdir(parents=True, exist_ok=True)
    for file in fixture.iterdir():
        if file.name not in ("EXPECTED.json",) and not file.name.startswith("decided-"):
            shutil.copy2(file, where / file.name)
    return where / "unstall.json"


def state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file directly in ``folder``: its bytes and its modification time."""
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(params=[OPEN, CLOSED], ids=["copied-while-open", "closed"])
def old(request, tmp_path) -> Path:
    return copy_of(request.param, tmp_path / "data")


def seen(repository: Repository) -> dict[str, Any]:
    """What the repository holds, in the shape of EXPECTED.json."""
    ids = sorted(s.id for s in repository.list())
    diagnoses = {}
    for number in ids:
        diagnosis = repository.get(number)
        diagnoses[str(number)] = {
            "answers": dict(diagnosis.answers),
            "created_at": diagnosis.created_at,
            "edited_points": diagnosis.edited_points,
            "outcome": diagnosis.extra.get("outcome"),
            "method": diagnosis.verdict.method,
        }
    drafts = [
        {
            "id": draft.id,
            "answers": dict(draft.answers),
            "typed": dict(draft.typed),
            "position": draft.position,
            "started_at": draft.started_at,
            "updated_at": draft.updated_at,
            "seconds": draft.seconds,
            "prefilled": list(draft.prefilled),
        }
        for draft in sorted(repository.drafts(), key=lambda d: d.id)
    ]
    return {
        "ids": ids,
        "partners": sorted(repository.partner_names()),
        "diagnoses": diagnoses,
        "drafts": drafts,
    }


def wanted() -> dict[str, Any]:
    return {key: EXPECTED[key] for key in ("ids", "partners", "diagnoses", "drafts")}


# -- converting ----------------------------------------------------------------------------


def test_every_diagnosis_and_draft_is_converted(old):
    with Repository(old) as repository:
        assert repository.path == old.with_suffix("")
        assert seen(repository) == wanted()
        assert repository.count() == len(EXPECTED["ids"])
        assert not repository.damaged


def test_the_converted_database_is_a_folder_of_partner_files(old):
    with Repository(old) as repository:
        folder = repository.path
    assert folder == old.parent / "unstall" and folder.is_dir()
    files = sorted((folder / "partners").glob("*.json"))
    assert len(files) == len(EXPECTED["partners"])
    stored = {}
    for path in files:
        documents = json.loads(path.read_bytes())["diagnoses"]
        assert len({d["partner"] for d in documents.values()}) == 1, path
        stored.update(documents)
    assert sorted(map(int, stored)) == EXPECTED["ids"]
    for number, document in stored.items():
        expected = EXPECTED["diagnoses"][number]
        assert document["answers"] == expected["answers"]
        assert document["method"] == expected["method"]
        assert document["created_at"] == expected["created_at"]
        assert document["edited_points"] == expected["edited_points"]
        assert document["outcome"] == expected["outcome"]
    drafts = json.loads((folder / "drafts.json").read_bytes())["drafts"]
    assert sorted(map(int, drafts)) == [d["id"] for d in EXPECTED["drafts"]]


def test_the_converted_partners_summaries_and_search_work(old):
    with Repository(old) as repository:
        partners = {p.partner: p for p in repository.partners()}
        assert sorted(partners) == EXPECTED["partners"]
        harbor = partners["Example Harbor Travel"]
        assert (harbor.count, harbor.latest.id, harbor.previous.id) == (2, 4, 1)
        assert harbor.previous.outcome == Outcome.from_dict(EXPECTED["diagnoses"]["1"]["outcome"])
        assert [s.id for s in repository.find(Filter(text="nobody has the time"))] == [3]
        assert [s.id for s in repository.find(Filter(text="unused newsletter slots"))] == [4]
        assert [d.id for d in repository.history("Example Harbor Travel")] == [1, 4]


def test_a_new_diagnosis_after_conversion_never_reuses_an_id(old):
    answers = EXPECTED["diagnoses"]["3"]["answers"]
    with Repository(old) as repository:
        saved = repository.save(answers)
        draft = repository.save_draft(Draft(answers={"partner": "New"}, typed={"notes": "n"}))
    assert saved.id >= EXPECTED["next_id"]
    assert saved.id not in EXPECTED["ids"]
    assert draft.id not in {d["id"] for d in EXPECTED["drafts"]}
    with Repository(old) as again:
        assert again.get(saved.id).answers == answers
        assert seen(again)["diagnoses"] == {
            **EXPECTED["diagnoses"],
            str(saved.id): {
                "answers": answers,
                "created_at": saved.created_at,
                "edited_points": None,
                "outcome": None,
                "method": saved.verdict.method,
            },
        }


def test_a_converted_draft_can_be_resumed_and_finished(old):
    with Repository(old) as repository:
        (northwind,) = [d for d in repository.drafts() if d.partner == "Northwind Books"]
        typed = repository.save_draft(replace_typed(northwind, notes="typed after conversion"))
        assert typed.id == northwind.id and typed.forked_from is None
        answers = {**EXPECTED["diagnoses"]["3"]["answers"], "partner": "Northwind Books"}
        diagnosis = repository.finish_draft(typed, answers)
        assert [d.id for d in repository.drafts()] == [2]
    assert diagnosis.id >= EXPECTED["next_id"]


def replace_typed(draft: Draft, **typed: str) -> Draft:
    from dataclasses import replace

    return replace(draft, typed={**draft.typed, **typed})


def test_the_notice_names_the_new_folder_and_the_backup(old):
    with Repository(old) as repository:
        notice = repository.notice
        folder = repository.path
    assert notice is not None
    assert str(folder) in notice
    assert str(folder / BACKUP) in notice
    assert str(old) in notice


@BOTH
def test_the_backup_holds_a_byte_identical_copy_of_every_old_file(fixture, tmp_path):
    old = copy_of(fixture, tmp_path / "data")
    with Repository(old) as repository:
        backup = repository.path / BACKUP
    assert sorted(p.name for p in backup.iterdir()) == sorted(FILES[fixture])
    for name in FILES[fixture]:
        assert (backup / name).read_bytes() == (fixture / name).read_bytes(), name


@BOTH
def test_the_old_files_are_left_exactly_as_they_were(fixture, tmp_path):
    old = copy_of(fixture, tmp_path / "data")
    before = state(old.parent)
    assert sorted(before) == sorted(FILES[fixture])
    with Repository(old) as repository:
        repository.save(EXPECTED["diagnoses"]["3"]["answers"])
        repository.delete(1)
    with Repository(old) as repository:
        repository.set_edited_points(3, "- after conversion\n")
    assert state(old.parent) == before  # bytes and modification times
    assert sorted(p.name for p in old.parent.iterdir()) == sorted([*FILES[fixture], "unstall"])


def test_opening_the_old_path_again_uses_the_folder_and_converts_nothing(old):
    with Repository(old) as repository:
        folder = repository.path
        added = repository.save(EXPECTED["diagnoses"]["3"]["answers"])
        repository.delete(1)
        repository.set_edited_points(3, "- mine\n")
    converted = tree(folder)
    with Repository(old) as again:
        assert again.notice is None
        assert again.path == folder
        assert again.get(1) is None  # the delete is kept, not converted back
        assert again.get(added.id) is not None
        assert again.get(3).edited_points == "- mine\n"
    assert tree(folder) == converted
    with Repository(folder) as direct:  # the folder itself, as --db
        assert direct.notice is None
        assert sorted(s.id for s in direct.list()) == sorted([3, 4, 5, added.id])


def test_an_interrupted_conversion_is_done_again_cleanly(old):
    folder = old.with_suffix("")
    with Repository(old):
        pass
    # A conversion cut short: the backup partly copied, some files written, no meta.json.
    (folder / "meta.json").unlink()
    (folder / "index.json").unlink()
    (folder / BACKUP / "unstall.json").write_bytes(b'{"meta": {"1"')
    (folder / "partners" / "stray-00000000.json").write_text(
        json.dumps({"diagnoses": {"1": {"partner": "half written"}}}), encoding="utf-8"
    )
    harbor = next((folder / "partners").glob("example-harbor-travel-*.json"))
    harbor.write_bytes(harbor.read_bytes()[:100])  # torn
    with Repository(old) as again:
        assert again.notice is not None
        assert seen(again) == wanted()
        assert not again.damaged
        saved = again.save(EXPECTED["diagnoses"]["3"]["answers"])
    assert saved.id >= EXPECTED["next_id"]
    assert not (folder / "partners" / "stray-00000000.json").exists()
    assert (folder / BACKUP / old.name).read_bytes() == old.read_bytes()
    assert (folder / "meta.json").is_file()


def test_a_conversion_cut_short_before_any_file_was_written_is_done_again(old):
    folder = old.with_suffix("")
    (folder / BACKUP).mkdir(parents=True)
    shutil.copy2(old, folder / BACKUP / old.name)
    with Repository(old) as repository:
        assert repository.notice is not None
        assert seen(repository) == wanted()


def test_an_old_database_at_the_default_place_is_converted_on_first_open(monkeypatch):
    monkeypatch.delenv("UNSTALL_DB")
    home = platformdirs.user_data_path("unstall", appauthor=False)
    old = copy_of(OPEN, home)
    assert default_db_path() == old
    with Repository(default_db_path()) as repository:
        assert repository.notice is not None
        assert seen(repository) == wanted()
        folder = repository.path
        saved = repository.save(EXPECTED["diagnoses"]["3"]["answers"])
    with Repository(default_db_path()) as again:
        assert again.notice is None
        assert again.path == folder
        assert again.get(saved.id) is not None


def test_the_converted_files_and_the_backup_folder_are_private(old):
    with Repository(old) as repository:
        folder = repository.path
    assert stat.S_IMODE((folder / BACKUP).stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "partners").stat().st_mode) == 0o700
    converted = [p for p in folder.rglob("*.json") if BACKUP not in p.parts]
    assert len(converted) == len(EXPECTED["partners"]) + 3  # drafts, meta, index
    for path in converted:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_converted_database_folder_is_private(old):
    umask = os.umask(0)
    try:
        with Repository(old) as repository:
            folder = repository.path
    finally:
        os.umask(umask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# -- refusals --------------------------------------------------------------------------------


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x20
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (lambda d: (d / "unstall.json").write_text("not json", encoding="utf-8"), "unstall.json"),
        (lambda d: (d / "unstall.json").write_text("[1, 2]", encoding="utf-8"), "unstall.json"),
        (lambda d: flip(d / "unstall.json.details.1", 200), "unstall.json.details.1"),
        (lambda d: (d / "unstall.json.details.1").unlink(), "unstall.json.details.1"),
        (lambda d: flip(d / "unstall.json.journal", 20), "unstall.json.journal"),
        (lambda d: flip(d / "unstall.json.journal", 100), "unstall.json.journal"),
    ],
    ids=[
        "main-not-json",
        "main-a-list",
        "answers-record-flipped",
        "answers-file-missing",
        "journal-header-flipped",
        "journal-record-flipped",
    ],
)
def test_a_damaged_old_database_is_refused_and_nothing_is_changed(tmp_path, damage, named):
    old = copy_of(OPEN, tmp_path / "data")
    damage(old.parent)
    before = state(old.parent)
    with pytest.raises(DatabaseUnreadable) as raised:
        Repository(old)
    assert named in str(raised.value)
    assert raised.value.path.name == named
    assert state(old.parent) == before
    assert not old.with_suffix("").exists()  # no folder, no backup, no lock


def test_another_programs_tinydb_file_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "unstall.json"
    content = json.dumps({"_default": {"1": {"name": "Bob"}}})
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatabaseUnreadable) as raised:
        Repository(path)
    assert "not Unstall's" in str(raised.value) and str(path) in str(raised.value)
    assert path.read_text(encoding="utf-8") == content
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no folder, no backup


def test_a_folder_in_the_way_of_the_conversion_is_refused_and_left_alone(old):
    folder = old.with_suffix("")
    folder.mkdir()
    (folder / "someone-elses.txt").write_text("mine", encoding="utf-8")
    before = state(old.parent)
    with pytest.raises(DatabaseUnreadable) as raised:
        Repository(old)
    assert str(folder) in str(raised.value)
    assert state(old.parent) == before
    assert [p.name for p in folder.iterdir()] == ["someone-elses.txt"]


# -- diagnoses of playbook version 1 ---------------------------------------------------------


@pytest.mark.parametrize("number", [1, 2])
def test_a_stored_v1_diagnosis_converted_keeps_method_1(tmp_path, number):
    old = copy_of(V1, tmp_path / "data")
    decided = json.loads((V1 / f"decided-{number}.json").read_text(encoding="utf-8"))
    with Repository(old) as repository:
        diagnosis = repository.get(number)
        folder = repository.path
    contract = diagnosis.to_contract()
    assert contract["method"] == 1
    for key in ("partner", "verdict", "dominant_cause", "causes", "cadence", "next_review"):
        assert contract[key] == decided[key], key
    assert contract["talking_points"]["path"] == decided["talking_points"]["path"]
    assert contract["talking_points"]["points"] == decided["talking_points"]["points"]
    stored = {}
    for path in (folder / "partners").glob("*.json"):
        stored.update(json.loads(path.read_bytes())["diagnoses"])
    assert stored[str(number)]["method"] == 1
    assert stored[str(number)]["verdict"] == decided["verdict"]
    with Repository(old) as again:  # and it stays so once converted
        assert again.get(number).verdict.method == 1
        (summary,) = [s for s in again.list() if s.id == number]
        assert summary.verdict == decided["verdict"]
