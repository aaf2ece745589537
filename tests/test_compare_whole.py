"""What changed: an answer the table cuts short (a cell shows three lines; a note is a line of
its start there) is also shown whole under the table, line by line as typed, so a partnership
manager can read both notes in full. Keys pressed in the real app over a real database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support import EXAMPLE
from textual.widgets import Static

from playbook.answers import validate
from store.repository import Repository
from tui.app import make_app
from tui.screens.compare import CompareScreen

OLD_NOTES = "Their two newsletter slots went unused.\nJo took over from Sam in August."
NEW_NOTES = "We met Jo on 3 Nov. " + "The January plan still needs their sign-off. " * 6 + "END."


def seeded(db_path: Path, old_notes: str, new_notes: str) -> Repository:
    repository = Repository(db_path)
    for answers in (
        {
            **EXAMPLE,
            "diagnosed_on": "2026-10-01",
            "last_activity": "2026-09-20",
            "notes": old_notes,
        },
        {**EXAMPLE, "notes": new_notes},
    ):
        validated = validate(answers, date(2026, 11, 23))
        assert validated.ok, validated.errors
        repository.save(validated.answers)
    return repository


async def open_compare(app, pilot) -> CompareScreen:
    await pilot.pause()
    await pilot.press("enter")  # home: the partner
    await pilot.pause()
    await pilot.press("w")  # what changed, for the newest diagnosis
    await pilot.pause()
    assert isinstance(app.screen, CompareScreen)
    return app.screen


async def test_notes_cut_short_in_the_table_are_shown_whole_below_it(db_path: Path) -> None:
    app = make_app(seeded(db_path, OLD_NOTES, NEW_NOTES))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        whole = screen.query_one("#whole", Static)
        assert whole.display
        text = str(whole.render())
        assert "Whole answers (cut short above)" in text
        assert "  Before: Their two newsletter slots went unused.\n" in text
        assert "          Jo took over from Sam in August." in text  # its own line, as typed
        assert NEW_NOTES in " ".join(text.split("  Now: ", 1)[1].split())
        body = screen.query_one("#compare-body")
        await pilot.press("end")  # the whole text can be scrolled into view
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 0


async def test_short_answers_need_no_whole_block(db_path: Path) -> None:
    app = make_app(seeded(db_path, "Short note.", "Another short note."))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(app, pilot)
        assert not screen.query_one("#whole", Static).display


async def test_stored_text_in_the_whole_block_is_inert(db_path: Path) -> None:
    hostile = "[bold]not markup[/bold] \x1b[2J and a link [link=https://x.example]x[/link]\nline"
    app = make_app(seeded(db_path, OLD_NOTES, hostile))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot)
        text = str(screen.query_one("#whole", Static).render())
        assert "[bold]not markup[/bold]" in text and "[link=https://x.example]" in text
        assert "\x1b" not in text
