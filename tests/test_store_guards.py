"""What a hostile-input audit found in the store: ``--db`` at a folder of other things (``--db
~``) made it a database and took permissions away from every file in it, recursively (an
executable lost its x bit); ``-o /dev/full`` replaced the device with a regular file; and a
damaged partner file's message named a ``.bak`` copy that did not exist."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from support import run_cli

from store.errors import DatabaseUnreadable
from store.files import atomic_write
from store.repository import Repository


def test_a_folder_of_other_things_is_refused_and_left_exactly_as_it_was(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "bin").mkdir(parents=True)
    tool = home / "bin" / "tool"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    home.chmod(0o755)
    before = sorted(os.listdir(home))
    with pytest.raises(DatabaseUnreadable, match="not an Unstall database") as refused:
        Repository(home)
    assert "(bin)" in str(refused.value) and "new or empty folder" in str(refused.value)
    assert sorted(os.listdir(home)) == before  # no partners/, no lock, no meta.json
    assert stat.S_IMODE(tool.stat().st_mode) == 0o755
    assert stat.S_IMODE(home.stat().st_mode) == 0o755


def test_a_folder_holding_an_old_database_says_to_give_the_file(capsys, tmp_path: Path) -> None:
    (tmp_path / "unstall.json").write_text("{}")
    code, out, err = run_cli(capsys, "--db", str(tmp_path), "list")
    assert code != 0 and out == ""
    assert f"give --db {tmp_path / 'unstall.json'} to convert it" in err
    assert not (tmp_path / "partners").exists()


def test_an_empty_folder_and_a_database_of_our_own_still_open(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    Repository(empty).save({"partner": "Acme", "diagnosed_on": "2026-11-20"})
    # Its own files, backups and set-aside copies are its own: it opens again.
    (empty / "index.json.damaged-20261120-101010").write_text("x")
    assert Repository(empty).count() == 1


@pytest.mark.skipif(os.name == "nt", reason="no permission bits on Windows")
def test_tightening_a_loose_database_touches_only_its_own_files(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    Repository(folder).save({"partner": "Acme", "diagnosed_on": "2026-11-20"})
    mine = folder / "my-notes.txt"  # put there by hand, later
    mine.write_text("mine")
    mine.chmod(0o644)
    folder.chmod(0o755)
    (folder / "meta.json").chmod(0o644)
    repository = Repository(folder)
    assert repository.notice is not None and "could be read by others" in repository.notice
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "meta.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(mine.stat().st_mode) == 0o644


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_or_device_is_written_to_never_replaced(tmp_path: Path) -> None:
    # A named pipe stands for any file that is not a regular one (never the real /dev/null:
    # code that replaced it would break the machine for everything else).
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(pipe, b"through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_a_damaged_partner_file_names_a_backup_only_when_there_is_one(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    repository = Repository(folder)
    saved = repository.save({"partner": "Acme", "diagnosed_on": "2026-11-20"})
    (partner,) = (folder / "partners").glob("*.json")
    partner.write_text("{ not json")
    with pytest.raises(DatabaseUnreadable) as no_copy:
        Repository(folder).get(saved.id or 0)
    assert ".bak" not in str(no_copy.value) and "Restore it from a copy" in str(no_copy.value)
    backup = partner.with_name(partner.name + ".bak")
    backup.write_text("{}")
    with pytest.raises(DatabaseUnreadable) as with_copy:
        Repository(folder).get(saved.id or 0)
    assert f"Restore it from {backup.name}, the copy beside it" in str(with_copy.value)
