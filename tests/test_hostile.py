"""Stored text can never drive the terminal, the app or its command palette (issue 14).

Partner names, owners, notes and fixes that look like markup (``Tech [/] Co``,
``[@click=app.quit]x[/]``), carry terminal escapes (an OSC 52 clipboard write, a CSI clear
screen), NUL, C1 controls, bidi overrides, newlines or 10,000 characters are walked through
every screen of the app and every command of the command line. Each must show them literally,
keep running, trigger nothing, and never let a raw control character reach the terminal.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, run_cli, screen_text, type_keys
from textual.command import CommandPalette
from textual.widgets import OptionList

from playbook.answers import validate
from playbook.diagnosis import Diagnosis
from playbook.outcome import make_outcome
from store.repository import Draft, Repository
from tui.app import UnstallApp, make_app
from tui.cli import main
from tui.screens.compare import CompareScreen
from tui.screens.find import FindScreen
from tui.screens.home import HomeScreen
from tui.screens.outcome import OutcomeScreen
from tui.screens.partner import PartnerScreen
from tui.screens.points import PointsScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.rename import RenameScreen
from tui.screens.review import ReviewScreen
from tui.screens.verdict import VerdictScreen

TODAY = date(2026, 11, 23)
SIZE = (120, 50)

OSC52 = "Evil\x1b]52;c;SEFDS0VE\x1b\\Co"
HOSTILE_NAMES = (
    "Tech [/] Co",
    "[@click=app.quit]x[/]",
    "Acme [EU] Ltd",
    "[bold red]x",
    OSC52,
    "\x1b[2J Clear Ltd",
    "Nul\x00 Byte",
    "\u202eevil Mirror",
    "C1\x9b2J Corp",
    "Two\nLines",
)
HOSTILE_TEXT = (
    "Alex [b]Kim[/b] \x1b]52;c;SEFDS0VE\x07 \x1b[2J \x00 \u202e \x9b [@click=app.quit]q[/]"
)
LONG_NOTES = "x" * 9_000 + " [link=x]" + "y" * 990
LONG_NAME = "W" * 2_000


def harmful(character: str, allowed: str = "\n\t") -> bool:
    """A character that must never reach a terminal raw (newline and tab are fine)."""
    code = ord(character)
    return (
        (code < 0x20 and character not in allowed)
        or 0x7F <= code <= 0x9F
        or code in (0x061C, 0x200E, 0x200F, 0x2028, 0x2029)
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
        or 0xD800 <= code <= 0xDFFF
    )


def assert_inert_text(text: str, allowed: str = "\n\t") -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if harmful(c, allowed)})
    assert not bad, f"raw control characters reach the terminal: {bad}"
    text.encode("utf-8")


def answers(partner: str, **changes: Any) -> dict[str, str]:
    raw = {
        **EXAMPLE,
        "partner": partner,
        "owner_ours": HOSTILE_TEXT,
        "value_ours": HOSTILE_TEXT,
        "success_metrics": HOSTILE_TEXT,
        "notes": HOSTILE_TEXT + "\n" + partner,
        **changes,
    }
    validated = validate(raw, TODAY)
    assert validated.ok, validated.errors
    return validated.answers


def record_outcome(repository: Repository, diagnosis: Diagnosis) -> None:
    outcome, problems = make_outcome(
        "revive", fix=HOSTILE_TEXT, owner=OSC52, due="2026-11-25", today=TODAY
    )
    assert outcome is not None, problems
    assert diagnosis.id is not None
    repository.set_outcome(diagnosis.id, outcome)


@pytest.fixture
def repository(db_path: Path) -> Iterator[Repository]:
    repo = Repository(db_path)
    for name in HOSTILE_NAMES:
        repo.save(answers(name, diagnosed_on="2026-11-01", standing_review="yes"))
        record_outcome(repo, repo.save(answers(name)))
    repo.save(answers(LONG_NAME, notes=LONG_NOTES))
    repo.save_draft(Draft(answers={"partner": OSC52}, typed={"partner": OSC52, "kind": "\x1b[2J"}))
    yield repo
    repo.close()


# -- the app ---------------------------------------------------------------------------------


def assert_screen_inert(app: UnstallApp, screen_type: type) -> str:
    assert app.is_running
    assert isinstance(app.screen, screen_type), app.screen
    text = screen_text(app)
    assert_inert_text(text)
    return text


async def test_every_screen_shows_hostile_text_literally_and_inert(repository: Repository) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        home = assert_screen_inert(app, HomeScreen)
        # Literal: markup is not read, escapes are seen.
        assert "Acme [EU] Ltd" in home
        assert "Tech [/] Co" in home
        assert "[bold red]x" in home
        assert "Evil␛]52;c;SEFDS0VE␛\\Co" in home  # the fixes panel
        assert "Unfinished diagnosis: Evil␛]52" in home  # the resume banner

        for name in ("Acme [EU] Ltd", OSC52, "[@click=app.quit]x[/]", "Two\nLines"):
            app.open_partner(name)
            await pilot.pause()
            partner = assert_screen_inert(app, PartnerScreen)
            if "[" in name:
                assert name in partner
            await pilot.press("enter")
            await pilot.pause()
            assert_screen_inert(app, VerdictScreen)
            await pilot.press("t")
            await pilot.pause()
            assert_screen_inert(app, PointsScreen)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("o")
            await pilot.pause()
            assert_screen_inert(app, OutcomeScreen)
            await pilot.press("escape")
            await pilot.pause()
            app.pop_screen()  # the verdict: back to the partner
            await pilot.pause()
            await pilot.press("w")
            await pilot.pause()
            assert_screen_inert(app, CompareScreen)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("R")
            await pilot.pause()
            assert_screen_inert(app, RenameScreen)
            await pilot.press("enter")  # unchanged as shown: nothing is renamed
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert "Keys:" in assert_screen_inert(app, type(app.screen))
            await pilot.press("escape")
            app.go_home()
            await pilot.pause()
        assert sorted(repository.partner_names()) == sorted([*HOSTILE_NAMES, LONG_NAME])

        # The long partner, its 10,000 characters of notes.
        app.open_partner(LONG_NAME)
        await pilot.pause()
        assert_screen_inert(app, PartnerScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert_screen_inert(app, VerdictScreen)
        app.go_home()
        await pilot.pause()

        # The unfinished diagnosis: resumed, reviewed, left (a toast names it).
        await pilot.press("r")
        await pilot.pause()
        questionnaire = assert_screen_inert(app, QuestionnaireScreen)
        assert "Evil␛]52;c;SEFDS0VE␛\\Co" in questionnaire
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert_screen_inert(app, ReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause(0.3)
        toast = assert_screen_inert(app, HomeScreen)
        # No "Draft saved" toast on home: its resume banner says it, shown inert.
        assert "Draft saved" not in toast, toast
        assert "Unfinished diagnosis: Evil␛]52" in toast, toast
        # Left untouched, the draft keeps its answer exactly as stored.
        assert repository.drafts()[0].typed["partner"] == OSC52


async def test_find_shows_hostile_partners_literally_and_inert(repository: Repository) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.push_screen(FindScreen())
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        found = assert_screen_inert(app, FindScreen)
        assert "Acme [EU] Ltd" in found
        await type_keys(pilot, ["tab"] * 3 + ["since \x1b[2J"])
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_screen_inert(app, FindScreen)


async def test_the_palette_lists_hostile_partners_literally_and_runs_nothing(
    repository: Repository,
) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        for _ in range(2):  # once more after the first: no crash, no action on the way
            await pilot.press("ctrl+p")
            await pilot.pause(0.3)
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            assert_inert_text(screen_text(app))
            prompts = {
                str(option.prompt).splitlines()[0]
                for option in palette.query_one(OptionList).options
            }
            assert {
                "Partner: Tech [/] Co",
                "Partner: [@click=app.quit]x[/]",
                "Partner: Acme [EU] Ltd",
                "Partner: [bold red]x",
                "Partner: Evil␛]52;c;SEFDS0VE␛\\Co",
            } <= prompts
            await pilot.press("escape")
            await pilot.pause()
        # Search: the matches are highlighted on the literal names.
        await pilot.press("ctrl+p")
        await type_keys(pilot, ["click"])
        await pilot.pause(0.3)
        options = app.screen.query_one(OptionList).options
        assert any("Partner: [@click=app.quit]x[/]" in str(o.prompt) for o in options)
        assert_inert_text(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await type_keys(pilot, ["Acme [EU]"])
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, PartnerScreen)
        assert app.screen.partner == "Acme [EU] Ltd"


async def test_a_draft_save_error_on_a_database_path_with_markup_is_shown(
    tmp_path: Path,
) -> None:
    repository = Repository(tmp_path / "db [/] \x1b[2J" / "unstall.json")
    app = make_app(repository)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionnaireScreen)
            error = OSError(f"cannot write {repository.path} [/]")
            await asyncio.to_thread(screen._save_failed, error)
            await pilot.pause(0.3)
            text = assert_screen_inert(app, QuestionnaireScreen)
            assert "[/]" in text and "␛[2J" in text
    finally:
        repository.close()


# -- the command line ------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code, out, err = run_cli(capsys, *argv)
    assert_inert_text(out)
    assert_inert_text(err)
    return code, out, err


def test_every_command_prints_hostile_text_inert(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    repository: Repository,
    db_path: Path,
) -> None:
    db = ("--db", str(db_path))
    code, out, _ = run(capsys, *db, "list")
    assert code == 0
    assert "Acme [EU] Ltd" in out and "Evil␛]52;c;SEFDS0VE␛\\Co" in out and "Two⏎Lines" in out
    assert len({len(line) for line in out.splitlines()[1:] if "WWW" not in line}) == 1
    ids = [s.id for s in repository.list() if s.partner == OSC52]
    for number in ids:
        code, out, _ = run(capsys, *db, "show", str(number))
        assert code == 0 and out.startswith("Evil␛]52;c;SEFDS0VE␛\\Co: ")
        code, out, _ = run(capsys, *db, "show", str(number), "--json")
        assert code == 0 and json.loads(out)["answers"]["partner"] == OSC52
        assert run(capsys, *db, "points", str(number))[0] == 0
        # An .ics piped to a file is data: C0 controls are dropped (RFC 5545), C1 and bidi
        # controls kept; on a terminal it is shown inert like the rest.
        assert main([*db, "ics", str(number)]) == 0
        ics = capsys.readouterr().out
        assert not any(harmful(c, "\n\t\r") for c in ics if ord(c) < 0x80)
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        assert main([*db, "ics", str(number)]) == 0
        monkeypatch.undo()
        assert_inert_text(capsys.readouterr().out)
    code, out, _ = run(capsys, *db, "history", OSC52)
    assert code == 0 and "outcome: revive: Alex [b]Kim[/b] ␛]52" in out
    code, out, _ = run(capsys, *db, "history", OSC52, "--json")
    assert code == 0
    code, out, _ = run(
        capsys, *db, "outcome", str(ids[0]), "--decision", "revive",
        "--fix", HOSTILE_TEXT, "--owner", OSC52, "--due", "next Friday",
    )  # fmt: skip
    assert code == 0 and "(Evil␛]52;c;SEFDS0VE␛\\Co)" in out
    code, _, err = run(
        capsys, *db, "outcome", str(ids[0]), "--decision", "revive", "--due", "\x1b[2J\u202e"
    )
    assert code == 2 and "nothing was saved" in err
    code, _, err = run(capsys, *db, "list", "--since", "\x1b]52;c;SEFDS0VE\x07")
    assert code == 2
    with pytest.raises(SystemExit) as exited:
        main([*db, "list", "--verdict", "\x1b[2J"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert_inert_text(err)
    assert "invalid choice" in err
    code, out, _ = run(capsys, *db, "export", "--format", "md")
    assert code == 0 and "\x00" not in out
    assert "## Acme \\[EU\\] Ltd: " in out and "\\[\\@click=app.quit\\]x\\[/\\]" in out
    code, out, _ = run(capsys, *db, "export")
    assert code == 0 and OSC52 in [item["partner"] for item in json.loads(out)]


def test_diagnose_and_import_print_hostile_answers_inert(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    db = ("--db", str(db_path))
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers(OSC52)), encoding="utf-8")
    code, out, _ = run(capsys, *db, "diagnose", "--answers", str(path))
    assert code == 0 and out.startswith("Evil␛]52;c;SEFDS0VE␛\\Co: ")
    # Values echoed by validation errors; a lone surrogate is refused, not a crash.
    bad = {**EXAMPLE, "partner": "Lone \ud800", "kind": "\x1b[2J\u202e", "\x1b]52;x": "y"}
    path.write_text(json.dumps(bad), encoding="utf-8")
    code, _, err = run(capsys, *db, "diagnose", "--answers", str(path))
    assert code == 2 and "␛[2J<U+202E>" in err and "lone surrogate" in err
    items = [
        answers("Acme [EU] Ltd"),
        answers("Acme [EU] Ltd"),  # a duplicate, skipped: named in the report
        {**EXAMPLE, "partner": OSC52, "kind": "\x9b2J"},
        {**EXAMPLE, "partner": "Lone \udfff"},
    ]
    path.write_text(json.dumps(items), encoding="utf-8")
    code, out, err = run(capsys, *db, "import", str(path))
    assert code == 1
    assert "Acme [EU] Ltd" in out and "Evil␛]52;c;SEFDS0VE␛\\Co" in err


async def test_an_escape_sequence_pasted_while_typing_is_shown_and_saved_visible(
    repository: Repository,
) -> None:
    from textual import events
    from textual.widgets import Input, TextArea

    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        partner = screen.query_one("#answer-partner", Input)
        partner.focus()
        await pilot.pause()
        # Posted to the app, as the terminal driver posts a paste.
        app.post_message(events.Paste("Paste\x1b]52;c;SEFDS0VE\x07d Co"))
        await pilot.pause()
        assert partner.value == "Paste␛]52;c;SEFDS0VE␇d Co"
        screen.jump_to("notes")  # a section's fields are built when it is first shown
        await pilot.pause()
        notes = screen.query_one("#answer-notes", TextArea)
        notes.focus()
        await pilot.pause()
        app.post_message(events.Paste("line one\n\x1b[2Jline two \u202eevil"))
        await pilot.pause()
        assert notes.text == "line one\n␛[2Jline two <U+202E>evil"
        screen.jump_to("partner")
        await pilot.pause()
        text = assert_screen_inert(app, QuestionnaireScreen)
        assert "Paste␛]52;c;SEFDS0VE␇d Co" in text
    typed = [
        draft.typed for draft in repository.drafts() if "Paste" in draft.typed.get("partner", "")
    ]
    assert typed and "\x1b" not in json.dumps(typed, ensure_ascii=False)
