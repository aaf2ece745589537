"""Undo and rename keep everything of a partner together: a delete of a partner's only
diagnosis lands on home with ``u`` at hand, an undo brings back the meeting in progress too,
a rename takes the partner's drafts and the deleted diagnoses kept for ``u`` along, and a
rename onto another partner's name asks before it merges the two. Keys pressed in the real app
over real TinyDB files (the demo partners; the clock fixed by conftest).

Demo ids, oldest first: Harbor Travel is 1, 5, 14; Northwind Analytics is 2, 8; Quarry Street
Media is 13 (its only one)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import ACME, toast_texts, type_keys
from test_meeting_footer import footer_parts
from textual.widgets import Input

from playbook.conversation import Meeting, start_meeting
from playbook.history import Draft
from store.errors import DatabaseUnreadable
from store.records import partner_file_name
from store.repository import Removed, Repository
from tui.app import make_app
from tui.demo import seed
from tui.screens.confirm import ConfirmScreen
from tui.screens.home import HomeScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.partner import PartnerScreen
from tui.screens.rename import RenameScreen
from tui.screens.verdict import VerdictScreen
from tui.widgets.line_table import LineTable

TODAY = date(2026, 11, 23)
SIZE = (100, 40)


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    seed(repo, TODAY)
    yield repo
    repo.close()


def home_names(app) -> list[str]:
    table = app.screen.query_one("#partners", LineTable)
    return [table.row_texts(row)[0] for row in range(table.row_count)]


async def open_partner(pilot, name: str) -> PartnerScreen:
    """From home, move the cursor down to ``name``'s row and press enter."""
    app = pilot.app
    assert isinstance(app.screen, HomeScreen)
    for _ in range(home_names(app).index(name)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, PartnerScreen)
    return app.screen


async def rename_to(pilot, name: str) -> None:
    """On the partner page: R, the name field emptied, ``name`` typed, enter."""
    await pilot.press("R")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RenameScreen)
    pilot.app.screen.query_one(Input).value = ""
    await type_keys(pilot, [name, "enter"])
    await pilot.pause()


def footer_texts(app) -> list[str]:
    return [text for text, _ in footer_parts(app)]


async def test_home_keeps_u_when_its_footer_has_no_room_for_it(repository):
    """At 60 columns u leaves home's footer (Keys and Quit stay whole) and still undoes."""
    app = make_app(repository)
    async with app.run_test(size=(60, 30), notifications=True) as pilot:
        await pilot.pause()
        names = [partner.partner for partner in repository.partners()]  # home's order
        await pilot.press(*["down"] * names.index("Quarry Street Media"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        assert app.screen.partner == "Quarry Street Media"  # its name is cut on home here
        await pilot.press("x", "y")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "undo_delete" in home.footer_left_out
        assert "u Undo delete" not in footer_texts(app)
        assert {"? Keys", "^q Quit"} <= set(footer_texts(app))
        await pilot.press("u")
        await pilot.pause()
        assert repository.get(13) is None and len(repository.list("Quarry Street Media")) == 1
        assert app.deleted == []


def counts(repository: Repository) -> dict[str, int]:
    return {p.partner: p.count for p in repository.partners()}


# -- 1. the only diagnosis deleted -------------------------------------------------------------


async def test_deleting_a_partners_only_diagnosis_lands_on_home_and_u_brings_it_back(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await open_partner(pilot, "Quarry Street Media")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        # Home, not Textual's blank screen: the page closed once, home stayed.
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2
        assert "Quarry Street Media" not in home_names(app)
        assert repository.get(13) is None
        assert any(
            "Deleted #13 of Quarry Street Media. Press u to undo." in t for t in toast_texts(app)
        )
        assert "u Undo delete" in footer_texts(app)  # the footer offers what the toast says
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Quarry Street Media" in home_names(app)
        assert "u Undo delete" not in footer_texts(app)  # nothing left to undo
        assert [s.partner for s in repository.list("Quarry Street Media")] == [
            "Quarry Street Media"
        ]
        assert app.deleted == []


# -- 2. the meeting in progress comes back with the undo -----------------------------------------


async def test_undo_brings_back_the_meeting_in_progress_under_the_new_id(repository):
    harbor = repository.get(14)
    typed = {**start_meeting(harbor, today=TODAY).typed, "notes": "Jo asks her VP about budget"}
    repository.save_meeting(14, Meeting(typed, said=(0, 2), started_at="2026-11-23T09:00:00"))
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("x", "y")
        await pilot.pause()
        assert repository.meetings() == []
        await pilot.press("u")
        await pilot.pause()
        (back,) = repository.meetings()
        assert back.diagnosis_id == 15 and back.partner == "Harbor Travel"
        assert dict(back.meeting.typed) == typed and back.meeting.said == (0, 2)
        assert back.meeting.started_at == "2026-11-23T09:00:00"
        assert any("with its meeting in progress" in t for t in toast_texts(app))
        # Opened again from the restored diagnosis, the meeting is there and saves.
        await pilot.press("enter")  # the restored one, newest first
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("m")
        await pilot.pause()
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        assert meeting.typed["notes"] == "Jo asks her VP about budget"
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
    saved = Repository(repository.path).get_meeting(15)
    assert saved is not None and saved.typed["notes"] == "Jo asks her VP about budget"


def test_remove_hands_back_the_meeting_and_restore_puts_it_under_the_new_id(repository):
    harbor = repository.get(14)
    opened = repository.save_meeting(14, start_meeting(harbor, today=TODAY))
    typed = {**opened.typed, "notes": "kept across the undo"}
    second = repository.save_meeting(14, Meeting(typed, (1,), opened.started_at, opened.revision))
    assert second.revision == 2
    removed = repository.remove(14)
    assert isinstance(removed, Removed)
    assert removed.diagnosis.id == 14 and dict(removed.diagnosis.answers) == dict(harbor.answers)
    assert removed.meeting == second
    assert repository.remove(14) is None and not repository.delete(14)
    restored = repository.restore(removed.diagnosis, removed.meeting)
    back = Repository(repository.path).get_meeting(restored.id)
    assert back is not None and dict(back.typed) == typed and back.said == (1,)
    assert back.revision == 1  # its revisions start again under the new id
    repository.save_meeting(restored.id, back)  # a window opening it saves without a refusal
    assert repository.get_meeting(14) is None


def test_remove_of_a_diagnosis_without_a_meeting_hands_back_none_for_it(repository):
    removed = repository.remove(13)
    assert removed is not None and removed.meeting is None
    restored = repository.restore(removed.diagnosis, removed.meeting)
    assert repository.get_meeting(restored.id) is None and repository.meetings() == []


# -- 3. a rename takes the drafts and the undo list along ---------------------------------------


def test_a_rename_renames_the_partners_drafts_too(repository):
    harbor = repository.save_draft(
        Draft(answers={"partner": "Harbor Travel"}, typed={"partner": "harbor  travel"})
    )
    other = repository.save_draft(Draft(answers={"partner": "Northwind Analytics"}))
    loose = repository.save_draft(Draft(typed={"notes": "no partner yet"}))
    assert repository.rename_partner("HARBOR travel", "Harbor Group") == 3
    again = Repository(repository.path)
    renamed = again.get_draft(harbor.id)
    assert renamed is not None
    assert renamed.answers["partner"] == "Harbor Group" and renamed.partner == "Harbor Group"
    assert renamed.typed["partner"] == "Harbor Group"
    assert renamed.revision == harbor.revision + 1  # a window holding the old one forks
    assert again.get_draft(other.id) == other
    assert again.get_draft(loose.id) == loose
    # Finished, the draft joins the renamed partner: one partner, not two.
    answers = {**ACME, "partner": renamed.partner}
    again.finish_draft(renamed, answers)
    assert counts(again)["Harbor Group"] == 4 and "Harbor Travel" not in counts(again)


def noted_rename(repository: Repository) -> list[str] | None:
    import json

    meta = json.loads((Path(repository.path) / "meta.json").read_text(encoding="utf-8"))
    return meta["meta"]["1"].get("renaming")


def test_a_rename_cut_short_is_finished_at_the_next_open(repository):
    """A kill after the rename's partner files, before its drafts: the next open renames them."""
    draft = repository.save_draft(Draft(answers={"partner": "Harbor Travel"}))
    with repository._changing():  # the state such a kill leaves: noted, diagnoses moved
        repository._note("renaming", ["Harbor Travel", "Harbor Group"])
        moved = repository._partner("harbor travel")
        for document in moved.values():
            document["answers"] = {**document["answers"], "partner": "Harbor Group"}
            document["partner"] = "Harbor Group"
            document["partner_key"] = "harbor group"
        repository._put_partners({"harbor group": moved, "harbor travel": {}})
    again = Repository(repository.path)
    assert noted_rename(again) is None
    renamed = again.get_draft(draft.id)
    assert renamed is not None and renamed.partner == "Harbor Group"
    assert counts(again)["Harbor Group"] == 3 and "Harbor Travel" not in counts(again)


def test_a_rename_with_a_damaged_partner_file_changes_and_notes_nothing(repository):
    draft = repository.save_draft(Draft(answers={"partner": "Harbor Travel"}))
    (Path(repository.path) / "partners" / partner_file_name("harbor group")).write_text("{")
    with pytest.raises(DatabaseUnreadable):
        repository.rename_partner("Harbor Travel", "Harbor Group")
    assert noted_rename(repository) is None
    again = Repository(repository.path)
    assert again.get_draft(draft.id) == draft
    assert counts(again)["Harbor Travel"] == 3


async def test_an_undo_after_a_rename_puts_the_diagnosis_back_under_the_new_name(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_partner(pilot, "Harbor Travel")
        await pilot.press("x", "y")
        await pilot.pause()
        await rename_to(pilot, "Harbor Group")
        assert app.screen is screen and screen.partner == "Harbor Group"
        await pilot.press("u")
        await pilot.pause()
        assert len(screen.history) == 3
    found = counts(Repository(repository.path))
    assert found["Harbor Group"] == 3 and "Harbor Travel" not in found


# -- 4. a rename onto another partner's name asks first ----------------------------------------


async def test_a_rename_onto_another_partners_name_asks_before_it_merges(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_partner(pilot, "Northwind Analytics")
        await rename_to(pilot, "harbor travel")
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert dialog.question == (
            "Harbor Travel already has 3 diagnoses. Merge the 2 diagnoses of Northwind "
            "Analytics into it, so both names become one partner? A merge cannot be undone."
        )
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and screen.partner == "Northwind Analytics"
        assert counts(repository)["Northwind Analytics"] == 2
        assert counts(repository)["Harbor Travel"] == 3
        await rename_to(pilot, "harbor TRAVEL")  # merged under the name as spelled there
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and screen.partner == "Harbor Travel"
        assert len(screen.history) == 5
    found = counts(Repository(repository.path))
    assert found["Harbor Travel"] == 5 and "Northwind Analytics" not in found


async def test_the_merge_question_names_a_single_diagnosis_in_the_singular(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_partner(pilot, "Quarry Street Media")
        await rename_to(pilot, "Northwind Analytics")
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert dialog.question == (
            "Northwind Analytics already has 2 diagnoses. Merge the diagnosis of Quarry Street "
            "Media into it, so both names become one partner? A merge cannot be undone."
        )


async def test_a_rename_that_only_changes_case_and_spacing_is_not_a_merge(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_partner(pilot, "Northwind Analytics")
        await rename_to(pilot, "NorthWind  analytics")
        assert app.screen is screen  # no question asked
        assert screen.partner == "NorthWind analytics"
    assert counts(Repository(repository.path))["NorthWind analytics"] == 2
