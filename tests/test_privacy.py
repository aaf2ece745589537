"""Private by default, under any umask; messages that name the real cause of a bad path; the
screens stop at the same length limits as the command line, and say so."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY
from support import toast_texts

from playbook.answers import validate
from playbook.outcome import MAX_FIX
from playbook.points import MAX_POINTS, points_limit
from store.errors import DatabaseUnreadable
from store.files import make_private_dirs, tighten, tighten_folder
from store.repository import Repository
from tui import settings
from tui.cli import main

posix_only = pytest.mark.skipif(os.name == "nt", reason="no permission bits on Windows")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def no_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def acme(repository: Repository) -> None:
    validated = validate({"partner": "Acme", "kind": "referral"}, TODAY)
    repository.save(validated.answers)


# -- what we create ----------------------------------------------------------------------------


@posix_only
def test_every_folder_we_make_is_0700_even_its_parents(tmp_path, no_umask):
    database = tmp_path / "a" / "b" / "db"
    with Repository(database) as repository:
        acme(repository)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", database, database / "partners"):
        assert mode(folder) == 0o700, folder
    for path in database.rglob("*"):
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


@posix_only
def test_settings_are_private_under_umask_000(no_umask):
    settings.save(theme="textual-light")
    path = settings.settings_path()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(path.parent.parent) == 0o700  # the config folder, made by us here
    assert settings.load() == {"theme": "textual-light"}


@posix_only
def test_make_private_dirs_refuses_a_file_in_the_way(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError):
        make_private_dirs(tmp_path / "file" / "inside")
    with pytest.raises(FileExistsError):
        make_private_dirs(tmp_path / "file")
    make_private_dirs(tmp_path)  # an existing folder is fine, and left as it is


# -- what we find looser ---------------------------------------------------------------------


@posix_only
def test_a_database_found_readable_by_others_is_tightened_and_said_once(tmp_path, capsys):
    database = tmp_path / "db"
    with Repository(database) as repository:
        acme(repository)
    os.chmod(database, 0o755)
    os.chmod(database / "partners", 0o777)
    for path in database.rglob("*.json"):
        os.chmod(path, 0o644)
    loose = 2 + len(list(database.rglob("*.json")))
    assert main(["--db", str(database), "list"]) == 0
    err = capsys.readouterr().err
    assert f"{loose} files of the database {database} could be read by others" in err
    for path in [database, *database.rglob("*")]:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert main(["--db", str(database), "list"]) == 0
    assert "could be read by others" not in capsys.readouterr().err  # once


@posix_only
def test_tighten_leaves_symlinks_and_tight_files_alone(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("x")
    os.chmod(target, 0o644)
    (tmp_path / "link").symlink_to(target)
    assert not tighten(tmp_path / "link", 0o600)
    assert mode(target) == 0o644
    os.chmod(target, 0o400)
    assert not tighten(target, 0o600)
    assert mode(target) == 0o400
    os.chmod(target, 0o666)
    assert tighten(target, 0o600) and mode(target) == 0o600
    assert tighten_folder(tmp_path / "missing") == 0


@posix_only
def test_loose_settings_are_tightened_and_said(no_umask):
    path = settings.settings_path()
    path.parent.mkdir(parents=True, mode=0o755)
    path.write_text(json.dumps({"theme": "nord"}))
    os.chmod(path, 0o666)
    message = settings.make_private()
    assert message is not None and str(path) in message
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert settings.make_private() is None


@posix_only
async def test_the_app_says_when_it_tightened_the_settings(tmp_path):
    from tui.app import make_app

    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    os.chmod(path, 0o644)
    app = make_app(Repository(tmp_path / "db"))
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert any("could be read by others" in text for text in toast_texts(app))
    assert mode(path) == 0o600


# -- the real cause ----------------------------------------------------------------------------


def test_a_lock_file_that_is_a_folder_is_named(tmp_path, capsys):
    database = tmp_path / "db"
    (database / "unstall.lock").mkdir(parents=True)
    assert main(["--db", str(database), "list"]) == 1
    err = capsys.readouterr().err
    assert "the lock file is a folder" in err and str(database / "unstall.lock") in err
    assert "Remove it" in err and "Traceback" not in err


@posix_only
def test_a_lock_file_that_cannot_be_opened_is_named(tmp_path, capsys):
    database = tmp_path / "db"
    database.mkdir()
    (database / "unstall.lock").symlink_to("unstall.lock")  # a loop: no process can open it
    assert main(["--db", str(database), "list"]) == 1
    err = capsys.readouterr().err
    assert "the lock file cannot be opened" in err and "Remove it" in err


@posix_only
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_lock_file_is_named(tmp_path, capsys):
    database = tmp_path / "db"
    database.mkdir()
    (database / "unstall.lock").write_text("")
    os.chmod(database / "unstall.lock", 0)
    assert main(["--db", str(database), "list"]) == 1
    assert "the lock file cannot be opened (Permission denied)" in capsys.readouterr().err


def test_a_file_where_the_database_folder_should_be(tmp_path):
    (tmp_path / "plain").write_text("not a folder")
    with pytest.raises(DatabaseUnreadable) as caught:
        Repository(tmp_path / "plain" / "db")
    assert "this is a file, where the database needs a folder" in str(caught.value)
    assert str(tmp_path / "plain") in str(caught.value)
    assert "permission" not in str(caught.value).lower()


def test_a_file_where_the_partners_folder_should_be(tmp_path):
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "partners").write_text("x")
    with pytest.raises(DatabaseUnreadable) as caught:
        Repository(tmp_path / "db")
    assert str(tmp_path / "db" / "partners") in str(caught.value)
    assert "where the database needs a folder" in str(caught.value)


def test_a_folder_where_a_partner_file_should_be(tmp_path):
    database = tmp_path / "db"
    with Repository(database) as repository:
        acme(repository)
    (file,) = (database / "partners").glob("*.json")
    file.unlink()
    file.mkdir()
    with Repository(database) as repository:
        assert repository.list() == []
        (damage,) = repository.damaged.values()
    assert "it is a folder, where a file should be" in str(damage)


# -- the screens stop at the limits ------------------------------------------------------------


async def test_the_outcome_screen_stops_typing_at_the_limit_and_says_so(tmp_path):
    from textual.widgets import Input, Static

    from tui.app import make_app
    from tui.screens.outcome import OutcomeScreen

    repository = Repository(tmp_path / "db")
    acme(repository)
    diagnosis = repository.get(1)
    app = make_app(repository)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = OutcomeScreen(diagnosis)
        await app.push_screen(screen)
        fix = screen.query_one("#fix", Input)
        assert fix.max_length == MAX_FIX
        fix.value = "a" * MAX_FIX
        fix.focus()
        await pilot.press("end", "b")
        await pilot.pause()
        assert fix.value == "a" * MAX_FIX  # nothing lost, nothing added
        message = str(screen.query_one("#message", Static).render())
        assert f"at most {MAX_FIX:,} characters" in message


async def test_the_talking_points_stop_at_their_limit_and_keep_the_last_that_fit(tmp_path):
    from textual.widgets import Static, TextArea

    from tui.app import make_app
    from tui.screens.points import PointsScreen

    repository = Repository(tmp_path / "db")
    acme(repository)
    diagnosis = repository.get(1)
    limit = points_limit(diagnosis.talking_points.as_text())
    assert limit == MAX_POINTS
    app = make_app(repository)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = PointsScreen(diagnosis)
        await app.push_screen(screen)
        await pilot.press("i")
        editor = screen.query_one("#editor", TextArea)
        editor.load_text("x" * (limit - 1))
        await pilot.pause()
        editor.move_cursor(editor.document.end)
        await pilot.press("y")  # the last character that fits
        await pilot.press("z")  # one too many
        await pilot.pause()
        assert editor.text == "x" * (limit - 1) + "y"
        hint = str(screen.query_one("#hint", Static).render())
        assert f"at most {limit:,} characters" in hint
        await pilot.press("escape", "escape")
        await pilot.pause()
    with Repository(tmp_path / "db") as again:
        assert again.get(1).edited_points == "x" * (limit - 1) + "y"
