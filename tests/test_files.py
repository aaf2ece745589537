"""The atomic file writer and AtomicJSONStorage: TinyDB's JSONStorage contract, kept atomically.

Contract tests run over both ``JSONStorage`` and ``AtomicJSONStorage`` (as TinyDB's own conftest
parametrises over storages), so the two are held to the same behaviour through TinyDB's public
API. The rest covers what only ours promises: nothing half-written, no temp files left, symlinks
followed, private files, fresh reads. TinyDB's whole suite on our storage:
``uv run python tests/tinydb_suite.py``.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage, Storage

import store.files
from store.files import AtomicJSONStorage, atomic_write, atomic_write_many

DOC = {"_default": {"1": {"none": None, "int": 42, "list": ["a", "b"], "dict": {"hp": 13}}}}


@pytest.fixture(params=[JSONStorage, AtomicJSONStorage], ids=["json", "atomic"])
def storage_class(request: pytest.FixtureRequest) -> type[Storage]:
    return request.param


@pytest.fixture
def private_umask() -> Iterator[None]:
    """Run with umask 0o000, the loosest there is, and put the old one back."""
    old = os.umask(0o000)
    yield
    os.umask(old)


def leftovers(*folders: Path) -> list[str]:
    return [p.name for folder in folders for p in folder.iterdir() if p.name.endswith(".tmp")]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# The contract both storages keep.


def test_a_new_file_is_created_and_reads_as_empty(storage_class, tmp_path):
    path = tmp_path / "db.json"
    storage = storage_class(path)
    assert path.exists()
    assert storage.read() is None
    storage.close()


def test_what_is_written_is_read_back(storage_class, tmp_path):
    storage = storage_class(tmp_path / "db.json")
    storage.write(DOC)
    assert storage.read() == DOC
    storage.close()


def test_json_options_shape_the_file_alike(storage_class, tmp_path):
    path = tmp_path / "db.json"
    with TinyDB(path, storage=storage_class, sort_keys=True, indent=4) as db:
        db.insert({"b": 1})
    assert path.read_text() == json.dumps({"_default": {"1": {"b": 1}}}, sort_keys=True, indent=4)


def test_missing_folders_are_made_only_when_asked(storage_class, tmp_path):
    path = tmp_path / "a" / "b" / "db.json"
    with pytest.raises(OSError):
        storage_class(path)
    storage_class(path, create_dirs=True).close()
    storage_class(path, create_dirs=True).close()
    assert path.exists()


def test_read_only_mode_never_writes(storage_class, tmp_path):
    path = tmp_path / "db.json"
    with pytest.raises(FileNotFoundError):
        storage_class(path, access_mode="r")
    with TinyDB(path, storage=storage_class) as db:
        db.insert({"a": 1})
    before = path.read_bytes()
    db = TinyDB(path, storage=storage_class, access_mode="r")
    assert db.all() == [{"a": 1}]
    with pytest.raises(OSError, match="Access mode"):
        db.insert({"b": 2})
    db.close()
    assert path.read_bytes() == before


def test_an_unsafe_access_mode_warns(storage_class, tmp_path):
    with pytest.warns(UserWarning, match="Using an `access_mode` other than"):
        storage_class(tmp_path / "db.json", access_mode="w").close()


def test_the_encoding_is_respected(storage_class, tmp_path):
    path = tmp_path / "db.json"
    japanese = {"_default": {"1": {"Test": "こんにちは世界"}}}
    storage_class(path, encoding="cp936", ensure_ascii=False).write(japanese)
    assert path.read_bytes().decode("cp936") == json.dumps(japanese, ensure_ascii=False)
    with pytest.raises(json.JSONDecodeError):
        storage_class(path, encoding="cp037").read()
    assert storage_class(path, encoding="cp936").read() == japanese


def test_a_file_that_is_not_json_is_refused_not_emptied(storage_class, tmp_path):
    path = tmp_path / "db.json"
    path.write_text("{not json")
    with pytest.raises(json.JSONDecodeError):
        TinyDB(path, storage=storage_class).all()
    assert path.read_text() == "{not json"


def test_a_closed_storage_neither_reads_nor_writes(storage_class, tmp_path):
    storage = storage_class(tmp_path / "db.json")
    storage.close()
    with pytest.raises(ValueError):
        storage.read()
    with pytest.raises(ValueError):
        storage.write(DOC)


def test_an_update_with_a_function_survives_a_reopen(storage_class, tmp_path):
    path = tmp_path / "db.json"
    with TinyDB(path, storage=storage_class) as db:
        db.insert({"name": "Ada"})
        db.update(lambda doc: doc.update(x=1))
    with TinyDB(path, storage=storage_class) as db:
        assert db.all() == [{"name": "Ada", "x": 1}]
        assert db.search(Query().x == 1)[0].doc_id == 1


# What only AtomicJSONStorage promises.


def test_a_second_instance_sees_a_write_without_reopening(tmp_path):
    path = tmp_path / "db.json"
    first = TinyDB(path, storage=AtomicJSONStorage)
    second = TinyDB(path, storage=AtomicJSONStorage)
    assert second.all() == []
    first.insert({"n": 1})
    assert second.all() == [{"n": 1}]
    second.table("other").insert({"n": 2})
    assert first.table("other").all() == [{"n": 2}]
    assert first.all() == [{"n": 1}]
    first.close()
    second.close()


def test_saves_leave_no_temp_files(tmp_path):
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        for n in range(20):
            db.insert({"n": n})
        db.remove(Query().n < 10)
    atomic_write(tmp_path / "other.bin", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.json", "other.bin"]


def test_a_value_json_cannot_hold_changes_nothing(tmp_path):
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"n": 1})
        before = path.read_bytes()
        with pytest.raises(TypeError):
            db.insert({"n": object()})
        assert db.all() == [{"n": 1}]
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_failed_replace_leaves_the_original_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"n": 1})
        before = path.read_bytes()

        def refuse(source: object, target: object) -> None:
            raise PermissionError(13, "refused by the test")

        monkeypatch.setattr(os, "replace", refuse)
        with pytest.raises(PermissionError):
            db.insert({"n": 2})
        with pytest.raises(OSError):
            atomic_write(path, b"new")
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_symlinked_database_stays_a_symlink(tmp_path):
    real_folder, link_folder = tmp_path / "real", tmp_path / "links"
    real_folder.mkdir()
    link_folder.mkdir()
    target, link = real_folder / "db.json", link_folder / "db.json"
    link.symlink_to(target)  # dangling: opening creates the target
    with TinyDB(link, storage=AtomicJSONStorage) as db:
        db.insert({"n": 1})
        db.insert({"n": 2})
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert json.loads(target.read_text()) == {"_default": {"1": {"n": 1}, "2": {"n": 2}}}
    assert leftovers(real_folder, link_folder) == []


def test_files_are_private_whatever_the_umask(tmp_path, private_umask):
    opened = tmp_path / "opened.json"
    AtomicJSONStorage(opened).close()
    assert mode_of(opened) == 0o600
    written = tmp_path / "written.json"
    atomic_write(written, b"{}")
    assert mode_of(written) == 0o600
    wide = tmp_path / "wide.json"
    wide.write_text("{}")
    wide.chmod(0o644)
    AtomicJSONStorage(wide).write(DOC)
    assert mode_of(wide) == 0o600
    atomic_write(wide, b"{}", mode=0o640)
    assert mode_of(wide) == 0o640


def test_a_folder_that_cannot_be_opened_skips_only_its_fsync(tmp_path, monkeypatch):
    """As on Windows, where a directory cannot be opened: the write still happens."""
    real_open = os.open

    def open_files_only(path: str, flags: int, *args: int) -> int:
        if os.path.isdir(path):
            raise PermissionError(13, "no directories here")
        return real_open(path, flags, *args)

    monkeypatch.setattr(store.files.os, "open", open_files_only)
    atomic_write(tmp_path / "file.bin", b"data")
    assert (tmp_path / "file.bin").read_bytes() == b"data"


def test_writers_in_threads_never_leave_a_torn_file(tmp_path):
    path = tmp_path / "file.json"

    def write(n: int) -> None:
        for _ in range(20):
            atomic_write(path, json.dumps({"writer": n, "pad": "x" * 10_000}).encode())

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert json.loads(path.read_bytes())["writer"] in range(4)
    assert leftovers(tmp_path) == []


def test_many_files_are_written_whole_in_order(tmp_path, private_umask):
    paths = [tmp_path / f"f{n}.json" for n in range(5)]
    paths[0].write_bytes(b"old")
    order: list[str] = []
    real = os.replace

    def replace(source: str, target: str) -> None:
        order.append(Path(target).name)
        real(source, target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", replace)
        atomic_write_many((path, f"file {n}".encode()) for n, path in enumerate(paths))
    assert [path.read_bytes() for path in paths] == [f"file {n}".encode() for n in range(5)]
    assert order == [path.name for path in paths]
    assert {stat.S_IMODE(path.stat().st_mode) for path in paths} == {0o600}
    assert leftovers(tmp_path) == []


def test_a_failed_replace_among_many_keeps_the_rest_old_and_no_temp_file(tmp_path, monkeypatch):
    paths = [tmp_path / f"f{n}.json" for n in range(4)]
    for path in paths:
        path.write_bytes(b"old")
    real = os.replace

    def refuse_third(source: str, target: str) -> None:
        if Path(target).name == "f2.json":
            raise PermissionError(13, "refused by the test")
        real(source, target)

    monkeypatch.setattr(os, "replace", refuse_third)
    with pytest.raises(PermissionError):
        atomic_write_many((path, b"new") for path in paths)
    assert [path.read_bytes() for path in paths] == [b"new", b"new", b"old", b"old"]
    assert leftovers(tmp_path) == []
