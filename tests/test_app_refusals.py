"""A change the database refuses (a partner's file damaged since the screen opened, a file the
system will not write) is said on the screen, which stays as it was: the app never stops on it,
and nothing typed is lost. Keys pressed in the real app over real TinyDB files (the demo
partners; the clock fixed by conftest).

Demo ids, oldest first: Harbor Travel is 1, 5, 14; Northwind Analytics is 2, 8."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

import pytest
from support import toast_texts, type_keys
from test_undo_and_rename import home_names, open_partner, rename_to

from playbook.history import Draft
from store.errors import StoreError
from store.records import partner_file_name
from store.repository import Repository
from tui.app import make_app, open_repository
from tui.demo import seed
from tui.screens.confirm import ConfirmScreen
from tui.screens.home import HomeScreen
from tui.screens.problem import DatabaseProblemScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.verdict import VerdictScreen

TODAY = date(2026, 11, 23)
SIZE = (100, 40)


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    seed(repo, TODAY)
    yield repo
    repo.close()


def damage(repository: Repository, partner: str) -> tuple[Path, bytes]:
    """Break ``partner``'s file as another program might; its good bytes, to put back."""
    path = repository.partners_dir / partner_file_name(partner.casefold())
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    return path, good


def said(app, *parts: str) -> bool:
    return any(all(part in text for part in parts) for text in toast_texts(app))


async def test_a_delete_refused_by_a_damaged_file_is_said_and_the_page_stays(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        page = await open_partner(pilot, "Northwind Analytics")
        path, good = damage(repository, "Northwind Analytics")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running and app.screen is page
        assert said(app, "Could not delete #", path.name)
        assert app.deleted == []  # nothing went, so there is nothing to undo
        assert path.read_bytes() == good[: len(good) // 2]  # a damaged file is never written
        path.write_bytes(good)
    assert sorted(s.id for s in Repository(repository.path).list("Northwind Analytics")) == [2, 8]


async def test_an_undo_refused_is_said_and_u_tries_again_once_the_file_reads(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert len(app.deleted) == 1
        path, good = damage(repository, "Harbor Travel")
        await pilot.press("u")
        await pilot.pause()
        assert app.is_running
        assert said(app, "Could not restore the diagnosis of Harbor Travel", path.name)
        assert len(app.deleted) == 1  # kept for the next u
        path.write_bytes(good)
        await pilot.press("u")
        await pilot.pause()
        assert app.deleted == []
        assert said(app, "Restored the diagnosis of Harbor Travel as #")
    assert len(Repository(repository.path).list("Harbor Travel")) == 3


async def test_a_rename_onto_a_damaged_partner_is_said_and_nothing_is_renamed(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        page = await open_partner(pilot, "Northwind Analytics")
        path, good = damage(repository, "Harbor Travel")
        await rename_to(pilot, "Harbor Travel")
        if isinstance(app.screen, ConfirmScreen):  # asked to merge: the index still knows it
            await pilot.press("y")
            await pilot.pause()
        assert app.is_running and app.screen is page
        assert page.partner == "Northwind Analytics"
        assert said(app, "Could not rename Northwind Analytics", path.name)
        path.write_bytes(good)
    counts = {p.partner: p.count for p in Repository(repository.path).partners()}
    assert counts["Northwind Analytics"] == 2 and counts["Harbor Travel"] == 3


async def test_a_finish_refused_stays_in_the_questionnaire_with_every_answer(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_keys(pilot, ["Juniper Foods", "enter", "2", "enter", "enter"])
        meta = repository.path / "meta.json"  # where the new diagnosis gets its number
        good = meta.read_bytes()
        meta.write_bytes(b"{")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("y")  # too little is known: finish anyway
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, QuestionnaireScreen)
        assert said(app, "Could not save the diagnosis; every answer is kept here", "meta.json")
        (draft,) = repository.drafts()
        assert draft.answers["partner"] == "Juniper Foods"
        assert draft.answers["kind"] == "co-marketing"
        meta.write_bytes(good)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
    assert repository.drafts() == []
    assert [s.partner for s in repository.list("Juniper Foods")] == ["Juniper Foods"]


async def test_a_damaged_partner_is_said_when_opened_and_every_other_one_opens(repository):
    path, _ = damage(repository, "Northwind Analytics")
    app = make_app(Repository(repository.path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert said(app, "A damaged file was left out", path.name)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "Northwind Analytics" in home_names(app)  # the index still knows it
        await pilot.press(*["down"] * home_names(app).index("Northwind Analytics"), "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.screen is home
        assert said(app, "Could not open Northwind Analytics", path.name, ".bak")
        await pilot.press("home")
        page = await open_partner(pilot, home_names(app)[0])
        assert page.history


async def test_a_damaged_drafts_file_leaves_home_working(repository):
    repository.save_draft(Draft(answers={"partner": "Juniper Foods"}))
    drafts = repository.path / "drafts.json"
    drafts.write_bytes(drafts.read_bytes()[:20])
    app = make_app(Repository(repository.path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert said(app, "A damaged file was left out", "drafts.json")
        assert "Harbor Travel" in home_names(app)
        await pilot.press("r")  # resume: nothing to offer, said
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)
        await open_partner(pilot, "Harbor Travel")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
async def test_a_file_the_system_will_not_write_is_a_problem_screen_not_a_crash(tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    (folder / "meta.json").symlink_to("meta.json")  # a loop: no system can write it
    repository, problem = open_repository(argparse.Namespace(db=str(folder), demo=False))
    assert repository is None and isinstance(problem, StoreError)
    assert problem.path == folder / "meta.json"
    assert str(problem).startswith("the database could not be changed (")
    assert "a loop of links" in str(problem)
    app = make_app(None, problem=problem)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DatabaseProblemScreen)
    assert (folder / "meta.json").is_symlink()
