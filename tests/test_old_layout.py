"""The reader of today's store layout (``store.old_layout``), on databases written by today's
code (``tests/fixtures/old-layout``: copied while the repository was open, so its journal holds
saves not yet folded into the main file; ``old-layout-closed``: copied after ``close()``) and on
small hand-made ones for the older schema versions and for damage."""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from store.old_layout import OldDatabase, OldLayoutDamaged, read_old

FIXTURES = Path(__file__).parent / "fixtures"
OPEN = FIXTURES / "old-layout"
CLOSED = FIXTURES / "old-layout-closed"
EXPECTED: dict[str, Any] = json.loads((OPEN / "EXPECTED.json").read_text(encoding="utf-8"))
HEADER = 32  # the journal's header: magic, snapshot size, snapshot CRC32, header CRC32


def copy_of(fixture: Path, tmp_path: Path) -> Path:
    """The fixture's database files copied (with their times) into ``tmp_path``."""
    for file in fixture.iterdir():
        if file.name != "EXPECTED.json":
            shutil.copy2(file, tmp_path / file.name)
    return tmp_path / "unstall.json"


def seen(database: OldDatabase) -> dict[str, Any]:
    """What was read, in the shape of EXPECTED.json."""
    return {
        "ids": [diagnosis.id for diagnosis in database.diagnoses],
        "partners": sorted({diagnosis.answers["partner"] for diagnosis in database.diagnoses}),
        "next_id": database.next_id,
        "diagnoses": {
            str(d.id): {
                "answers": d.answers,
                "created_at": d.created_at,
                "edited_points": d.edited_points,
                "outcome": d.outcome,
                "method": d.method,
            }
            for d in database.diagnoses
        },
        "drafts": database.drafts,
    }


def wanted() -> dict[str, Any]:
    return {key: EXPECTED[key] for key in ("ids", "partners", "next_id", "diagnoses", "drafts")}


def records(journal: bytes) -> list[tuple[int, int]]:
    """(offset, size) of each record of a journal."""
    found, pos = [], HEADER
    while pos < len(journal):
        length = struct.unpack_from(">I", journal, pos)[0]
        found.append((pos, 8 + length))
        pos += 8 + length
    return found


def make_journal(snapshot: bytes, *operations: list[Any]) -> bytes:
    """A journal for ``snapshot`` in today's format, one record per list of operations."""
    head = b"UNSTALL-JOURNAL1" + struct.pack(">QI", len(snapshot), zlib.crc32(snapshot))
    out = head + struct.pack(">I", zlib.crc32(head))
    for ops in operations:
        payload = json.dumps(ops).encode()
        out += struct.pack(">II", len(payload), zlib.crc32(payload)) + payload
    return out


def files_state(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        file.name: (file.read_bytes(), file.stat().st_mtime_ns, file.stat().st_mode)
        for file in sorted(folder.iterdir())
    }


def flip(path: Path, offset: int, bit: int = 0x01) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= bit
    path.write_bytes(bytes(data))


# -- the fixtures written by today's code ----------------------------------------------------


@pytest.mark.parametrize(("fixture", "files"), [(OPEN, "files"), (CLOSED, "files_closed")])
def test_each_fixture_reads_as_todays_repository_saw_it(fixture, files, tmp_path):
    database = read_old(copy_of(fixture, tmp_path))
    assert seen(database) == wanted()
    assert [path.name for path in database.files] == EXPECTED[files]
    assert all(path.parent == tmp_path for path in database.files)
    assert database.schema == 4


def test_the_fixtures_in_place_read_the_same_and_are_small():
    assert seen(read_old(OPEN / "unstall.json")) == wanted()
    assert seen(read_old(CLOSED / "unstall.json")) == wanted()
    size = sum(file.stat().st_size for folder in (OPEN, CLOSED) for file in folder.iterdir())
    assert size < 100_000


def test_what_the_fixture_holds():
    diagnoses = EXPECTED["diagnoses"]
    assert EXPECTED["ids"] == [1, 3, 4, 5] and EXPECTED["next_id"] == 6  # 2 was deleted
    assert len(EXPECTED["partners"]) == 3 and "Cobalt Security Group" in EXPECTED["partners"]
    assert diagnoses["1"]["outcome"]["decision"] == "revive"
    assert diagnoses["4"]["edited_points"].startswith("- Open with")
    assert diagnoses["3"]["answers"]["partner"] == "Cobalt Security Group"  # renamed
    assert [draft["id"] for draft in EXPECTED["drafts"]] == [1, 2]
    assert EXPECTED["drafts"][1]["typed"]["last_activity"] == "next blursday"


def test_the_open_fixture_needs_its_journal(tmp_path):
    """Most of what the fixture holds is only in the journal: without it, an older state."""
    main = copy_of(OPEN, tmp_path)
    journal = (tmp_path / "unstall.json.journal").read_bytes()
    assert len(records(journal)) >= 5
    (tmp_path / "unstall.json.journal").unlink()
    older = read_old(main)
    assert [diagnosis.id for diagnosis in older.diagnoses] == [1]
    assert older.drafts == []


def test_a_database_saved_before_playbook_version_2_reads_as_method_1(tmp_path):
    database = read_old(copy_of(FIXTURES / "v1-database", tmp_path))
    assert [(diagnosis.id, diagnosis.method) for diagnosis in database.diagnoses] == [
        (1, 1),
        (2, 1),
    ]
    assert database.diagnoses[0].answers["partner"] == "Example Harbor Travel"
    assert database.next_id == 3


# -- the journal -------------------------------------------------------------------------------


def without_last_save(database: OldDatabase) -> None:
    """The fixture as it was before the last save (draft 2's notes) was acknowledged."""
    expected = wanted()
    got = seen(database)
    last = got["drafts"][1]
    assert "notes" not in last["typed"] and last["position"] == "last_activity"
    assert last["updated_at"] == last["started_at"] == "2026-11-23T10:20:00"
    assert {**got, "drafts": got["drafts"][:1]} == {**expected, "drafts": expected["drafts"][:1]}


@pytest.mark.parametrize("kept", [1, 4, 7, 8, 9, 100, -1])
def test_a_torn_last_record_is_ignored(kept, tmp_path):
    main = copy_of(OPEN, tmp_path)
    journal = tmp_path / "unstall.json.journal"
    raw = journal.read_bytes()
    start, size = records(raw)[-1]
    journal.write_bytes(raw[: start + (kept if kept > 0 else size + kept)])
    without_last_save(read_old(main))


def test_zeros_after_the_last_record_are_ignored(tmp_path):
    main = copy_of(OPEN, tmp_path)
    journal = tmp_path / "unstall.json.journal"
    journal.write_bytes(journal.read_bytes() + bytes(300))
    assert seen(read_old(main)) == wanted()
    raw = journal.read_bytes()[:-300]
    start, size = records(raw)[-1]
    journal.write_bytes(raw[: start + 20] + bytes(size - 20))  # a cut-off append, zero-filled
    without_last_save(read_old(main))


@pytest.mark.parametrize("where", ["header", "first length", "middle payload", "last crc"])
def test_a_damaged_journal_is_refused_naming_it(where, tmp_path):
    main = copy_of(OPEN, tmp_path)
    journal = tmp_path / "unstall.json.journal"
    found = records(journal.read_bytes())
    offset = {
        "header": 20,
        "first length": found[0][0] + 2,
        "middle payload": found[3][0] + 40,
        "last crc": found[-1][0] + 5,
    }[where]
    flip(journal, offset)
    with pytest.raises(OldLayoutDamaged) as raised:
        read_old(main)
    assert raised.value.path == journal
    assert str(journal) in str(raised.value)


def test_a_main_file_changed_under_its_journal_is_refused(tmp_path):
    main = copy_of(OPEN, tmp_path)
    main.write_bytes(main.read_bytes().replace(b"Example Harbor", b"Example Harbour", 1))
    with pytest.raises(OldLayoutDamaged) as raised:
        read_old(main)
    assert raised.value.path == main


def test_a_stale_journal_is_ignored_only_if_it_adds_nothing(tmp_path):
    """A kill between a compaction and the journal's removal leaves a journal naming the
    snapshot before: everything in it is in the main file already."""
    main = copy_of(CLOSED, tmp_path)
    tables = json.loads(main.read_bytes())
    journal = tmp_path / "unstall.json.journal"
    folded = [["s", "drafts", "2", tables["drafts"]["2"]], ["d", "diagnoses", "2"]]
    journal.write_bytes(make_journal(b"{}", folded))
    assert seen(read_old(main)) == wanted()
    journal.write_bytes(make_journal(b"{}", [["d", "drafts", "2"]]))
    with pytest.raises(OldLayoutDamaged) as raised:
        read_old(main)
    assert raised.value.path == main


def test_next_id_counts_ids_given_then_deleted_in_the_journal(tmp_path):
    main = tmp_path / "unstall.json"
    doc = {"answers": {"partner": "Acme"}, "created_at": "2026-11-23T09:00:00"}
    main.write_text(json.dumps({"meta": {"1": {"schema": 2}}, "diagnoses": {"1": doc}}))
    ops = [[["s", "diagnoses", "7", doc]], [["d", "diagnoses", "7"]]]
    (tmp_path / "unstall.json.journal").write_bytes(make_journal(main.read_bytes(), *ops))
    database = read_old(main)
    assert [diagnosis.id for diagnosis in database.diagnoses] == [1]
    assert database.next_id == 8


# -- the answers files and the main file ------------------------------------------------------


@pytest.mark.parametrize("fixture", [OPEN, CLOSED])
def test_a_damaged_answers_record_is_refused_naming_its_file(fixture, tmp_path):
    main = copy_of(fixture, tmp_path)
    _, offset, size = json.loads((CLOSED / "unstall.json").read_bytes())["diagnoses"]["3"]["detail"]
    details = tmp_path / "unstall.json.details.1"
    flip(details, offset + size // 2)
    with pytest.raises(OldLayoutDamaged) as raised:
        read_old(main)
    assert raised.value.path == details
    assert "diagnosis 3" in str(raised.value) and str(details) in str(raised.value)


def test_a_missing_answers_file_is_refused_naming_it(tmp_path):
    main = copy_of(CLOSED, tmp_path)
    (tmp_path / "unstall.json.details.1").unlink()
    with pytest.raises(OldLayoutDamaged, match="missing") as raised:
        read_old(main)
    assert raised.value.path == tmp_path / "unstall.json.details.1"


@pytest.mark.parametrize(
    "text",
    [
        None,  # truncated
        "[]",
        '{"diagnoses": {"1": ["not", "a", "document"]}}',
        '{"_default": {}, "diagnoses": {}}',  # someone else's TinyDB file
        '{"meta": {"1": {"schema": 5}}}',  # a newer Unstall
        '{"meta": {"1": {"schema": 4}}, "diagnoses": {"1": {"partner": "Acme"}}}',  # no answers
    ],
)
def test_a_damaged_or_foreign_main_file_is_refused_naming_it(text, tmp_path):
    main = copy_of(CLOSED, tmp_path)
    raw = main.read_bytes()
    main.write_bytes(raw[: len(raw) // 2] if text is None else text.encode())
    with pytest.raises(OldLayoutDamaged) as raised:
        read_old(main)
    assert raised.value.path == main and str(main) in str(raised.value)


def test_no_database_file_is_refused(tmp_path):
    with pytest.raises(OldLayoutDamaged, match="no database file"):
        read_old(tmp_path / "unstall.json")


def test_every_byte_flip_of_journal_main_and_answers_is_refused_or_changes_nothing(
    tmp_path, monkeypatch
):
    """Over the open fixture, one bit at a time (every byte of the main file and the journal,
    every fourth of the answers; served from memory, to stay quick): the reader says which
    file is damaged, or reads exactly what was saved (a flip in answers nobody points at)."""
    import store.old_layout as old_layout

    main = copy_of(OPEN, tmp_path)
    expected = wanted()
    real_read = old_layout._read
    flipped: dict[Path, bytes] = {}
    monkeypatch.setattr(old_layout, "_read", lambda path: flipped.get(path) or real_read(path))
    for name in ("unstall.json", "unstall.json.journal", "unstall.json.details.1"):
        path = tmp_path / name
        original = bytearray(path.read_bytes())
        for offset in range(0, len(original), 4 if name.endswith(".1") else 1):
            damaged = bytearray(original)
            damaged[offset] ^= 1 << (offset % 8)
            flipped[path] = bytes(damaged)
            try:
                assert seen(read_old(main)) == expected, (name, offset)
            except OldLayoutDamaged as error:
                assert error.path in (path, main), (name, offset, error)
        flipped.clear()


# -- older schema versions ---------------------------------------------------------------------

ANSWERS = {"partner": "Acme", "diagnosed_on": "2026-10-01", "notes": "Quiet since June."}
OUTCOME = {"decision": "exit", "fix": "", "owner": "", "due": None, "recorded_on": "2026-10-02"}


@pytest.mark.parametrize(
    ("tables", "schema"),
    [
        ({"diagnoses": {"1": {"answers": ANSWERS}}, "drafts": {}}, 0),
        (
            {
                "meta": {"1": {"schema": 1}},
                "diagnoses": {
                    "1": {"schema": 1, "answers": ANSWERS, "created_at": "2026-10-01T09:00:00"},
                    "3": {"answers": ANSWERS, "edited_points": "- mine", "outcome": OUTCOME},
                },
                "drafts": {"2": {"answers": {"partner": "Beta"}, "typed": {"started": "soon"}}},
            },
            1,
        ),
        (
            {
                "meta": {"1": {"schema": 2}},
                "diagnoses": {
                    "1": {"schema": 2, "answers": ANSWERS, "search_text": "quiet since june."}
                },
            },
            2,
        ),
    ],
)
def test_older_schemas_keep_their_answers_inline(tables, schema, tmp_path):
    main = tmp_path / "unstall.json"
    main.write_text(json.dumps(tables))
    database = read_old(main)
    assert database.schema == schema
    assert all(d.answers == ANSWERS and d.method == 1 for d in database.diagnoses)
    assert database.next_id == max(int(key) for key in tables["diagnoses"]) + 1
    if schema == 1:
        last = database.diagnoses[-1]
        assert (last.id, last.edited_points, last.outcome) == (3, "- mine", OUTCOME)
        assert database.diagnoses[0].created_at == "2026-10-01T09:00:00"
        assert database.drafts == [{"id": 2, **tables["drafts"]["2"]}]


def test_a_file_never_written_to_is_an_empty_database(tmp_path):
    main = tmp_path / "unstall.json"
    main.write_bytes(b"")
    database = read_old(main)
    assert (database.diagnoses, database.drafts, database.next_id) == ([], [], 1)
    assert database.schema is None and database.files == [main]


# -- nothing is ever changed -------------------------------------------------------------------


@pytest.mark.parametrize("fixture", [OPEN, CLOSED])
def test_reading_changes_no_file_even_when_it_refuses(fixture, tmp_path):
    main = copy_of(fixture, tmp_path)
    (tmp_path / "unstall.json.v3.bak").write_text("{}")
    (tmp_path / "other.json").write_text("{}")
    before = files_state(tmp_path)
    database = read_old(main)
    assert files_state(tmp_path) == before
    assert tmp_path / "unstall.json.v3.bak" in database.files
    assert tmp_path / "other.json" not in database.files
    flip(tmp_path / "unstall.json.details.1", 100)
    before = files_state(tmp_path)
    with pytest.raises(OldLayoutDamaged):
        read_old(main)
    assert files_state(tmp_path) == before
