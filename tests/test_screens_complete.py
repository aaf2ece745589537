"""Issue 15, as the user sees it: the keys pressed in the real app over a real TinyDB file
seeded with the demo partners (the clock fixed at 2026-11-23 by conftest).

Demo ids, oldest first: Harbor Travel is 1, 5, 14; Northwind Analytics is 2, 8 (8 has an
outcome recorded, its fix overdue)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import screen_text, toast_texts, type_keys
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Static

from store.repository import Draft, Repository
from tui.app import make_app
from tui.demo import seed
from tui.screens.compare import CompareScreen
from tui.screens.find import FindScreen
from tui.screens.help import GENERAL, HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.outcome import HINT as OUTCOME_HINT
from tui.screens.outcome import OutcomeScreen
from tui.screens.partner import STRENGTH_NOTE, PartnerScreen
from tui.screens.verdict import VerdictScreen
from tui.widgets.line_table import LineTable

TODAY = date(2026, 11, 23)
SMALL = (80, 24)
SCREENS = Path(__file__).resolve().parents[1] / "tui" / "screens"


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    seed(repo, TODAY)
    yield repo
    repo.close()


async def open_partner(pilot, name: str) -> PartnerScreen:
    app = pilot.app
    home = app.screen
    assert isinstance(home, HomeScreen)
    names = [summary.partner for summary in home.partners]  # the rows' order; names may be cut
    for _ in range(names.index(name)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, PartnerScreen)
    return app.screen


def in_view(app, widget: Widget) -> bool:
    """The widget is drawn whole inside the terminal (not scrolled or pushed off it)."""
    region = widget.region
    width, height = app.size
    return bool(region.area) and region.right <= width and region.bottom <= height


# -- 1. what changed -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_what_changed_keeps_before_and_now_in_view_and_wraps_long_values(repository, size):
    app = make_app(repository)
    async with app.run_test(size=size) as pilot:
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        table = screen.query_one(DataTable)
        labels = [str(column.label) for column in table.ordered_columns]
        assert labels == ["Answer", "Before", "Now"]
        # Every column fits the screen, padding and scrollbar included.
        assert sum(column.width + 2 for column in table.ordered_columns) <= size[0] - 6
        header = screen_text(app)
        assert "Before" in header and "Now" in header
        # A value longer than its column wraps onto more lines of its row: nothing is cut.
        for row_key, row in table.rows.items():
            cells = table.get_row(row_key)
            for column, cell in zip(table.ordered_columns, cells, strict=True):
                assert len(str(cell)) <= column.width * row.height + row.height


async def test_what_changed_wraps_a_long_answer_onto_more_lines(repository, db_path):
    # A follow-up of Harbor Travel whose value for the success metrics is long.
    diagnosis = repository.get(14)
    assert diagnosis is not None
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("w")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        widths = [column.width for column in table.ordered_columns]
        heights = {row.height for row in table.rows.values()}
        longest = max(len(str(cell)) for key in table.rows for cell in table.get_row(key)[1:])
        if longest > min(widths[1:]):
            assert max(heights) > 1
        assert widths[1] >= 16 and widths[2] >= 16


# -- 2. find ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_find_shows_its_results_on_a_small_terminal(repository, size):
    app = make_app(repository)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 14
        assert in_view(app, table)
        assert table.region.height >= 5  # the header and at least four results
        assert in_view(app, screen.query_one("#text", Input))
        assert "Harbor Travel" in screen_text(app)


LONG_NAME = "The Very Long Named Regional Partnership Cooperative of the North"


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_find_cuts_a_long_name_with_an_ellipsis_and_never_scrolls_sideways(repository, size):
    repository.save({**repository.all_answers()[14], "partner": LONG_NAME})
    app = make_app(repository)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 15
        text = screen_text(app)
        row = next(line for line in text.splitlines() if "The Very Long" in line)
        assert "…" in row and LONG_NAME not in text
        assert "Rhythm" in row or "Ownership" in row or "—" in row  # the row's last column
        assert "Cause" in text and "Verdict" in text
        assert table.virtual_size.width <= table.scrollable_content_region.width
        # A wider terminal: the columns are fitted again, the name is cut later.
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert LONG_NAME[:35] in screen_text(app)
        assert table.row_count == 15


# -- 3. outcomes on the verdict --------------------------------------------------------------


async def test_a_verdict_with_an_outcome_shows_it_and_offers_to_change_it(repository, db_path):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        partner = await open_partner(pilot, "Northwind Analytics")
        await pilot.press("enter")  # the newest, #8, has an outcome
        await pilot.pause()
        verdict = app.screen
        assert isinstance(verdict, VerdictScreen) and verdict.diagnosis.id == 8
        line = str(verdict.query_one("#outcome", Static).render())
        assert line.startswith("Outcome: revive. Fix agreed: Northwind names a new owner")
        assert "owned by Priya Shah" in line and "⚠ due Thu 15 Oct 2026" in line
        footer = {b.binding.description for b in verdict.active_bindings.values()}
        assert "Change outcome" in footer and "Record outcome" not in footer
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OutcomeScreen)
        assert form.query_one("#due", Input).value == "2026-10-15"
        await pilot.press("tab", "tab", "tab")
        await type_keys(pilot, ["in 2 weeks"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is verdict
        line = str(verdict.query_one("#outcome", Static).render())
        assert "due Mon 7 Dec 2026, in 2 weeks" in line and "⚠" not in line
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is partner
    check = Repository(db_path)
    try:
        assert check.get(8).extra["outcome"]["due"] == "2026-12-07"
    finally:
        check.close()


async def test_a_verdict_without_an_outcome_offers_to_record_one(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("enter")
        await pilot.pause()
        verdict = app.screen
        assert isinstance(verdict, VerdictScreen) and verdict.diagnosis.id == 14
        assert str(verdict.query_one("#outcome", Static).render()).startswith(
            "Outcome: not recorded yet"
        )
        footer = {b.binding.description for b in verdict.active_bindings.values()}
        assert "Record outcome" in footer and "Change outcome" not in footer


async def test_a_wrapped_evidence_line_on_the_verdict_keeps_its_indent_under_the_bullet(
    repository,
):
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter", "enter")  # Harbor Travel's newest, #14
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        lines = screen_text(app).splitlines()
        # At 80 columns this sentence of the rhythm's evidence wraps once ("… 6 weeks / ago.").
        said = next(n for n, line in enumerate(lines) if "last real working conversation" in line)
        starts = lines[said].index("•") + 2  # where the sentence starts
        after = lines[said + 1]
        assert after[:starts].strip("▌ ") == "", after  # only the border and the indent
        assert after[starts] != " " and "•" not in after
        assert " ".join(lines[said][starts:].split() + after.split()[1:]).endswith("6 weeks ago.")
        # Every line that continues a bullet starts where that bullet's sentence starts.
        continued = 0
        for line, after in zip(lines, lines[1:], strict=False):
            if "• " in line and "•" not in after and not after.strip("▌ ").startswith("Fix"):
                starts = line.index("•") + 2
                if after[:starts].strip("▌ ") == "" and after[starts : starts + 1].strip():
                    continued += 1
        assert continued >= 3  # two in the evidence, two in the early warnings


# -- 4. escape on a verdict ------------------------------------------------------------------


async def test_escape_on_a_verdict_goes_back_to_the_partner_page(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        partner = await open_partner(pilot, "Harbor Travel")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen) and app.screen.diagnosis.id == 5
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is partner
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("h")  # h still goes home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_escape_on_a_verdict_opened_from_find_goes_back_to_find(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        find = app.screen
        assert isinstance(find, FindScreen)
        find.query_one(DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is find


# -- 5. small terminals ----------------------------------------------------------------------


async def test_home_shows_every_column_at_80x24_with_shorter_dates(repository):
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#partners", LineTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        harbor = table.row_texts(table.keys.index("14"))
        assert harbor[4] == "23 Nov" and harbor[5] == "23 Dec"
        assert harbor[2] == "▼ worse"
        text = screen_text(app)
        assert "Review" in text and "Diagnosed" in text
        cut = [table.row_texts(row)[0] for row in range(table.row_count)]
        assert any(name.endswith("…") for name in cut)
        assert all(len(name) <= 20 for name in cut)
        # A long agreed fix stays on one line and ends in an ellipsis.
        fixes = home.query_one("#fixes")
        assert fixes.region.height == 2 + 1 + 3


async def test_home_keeps_whole_dates_and_names_when_there_is_room(repository):
    app = make_app(repository)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#partners", LineTable)
        harbor = table.row_texts(table.keys.index("14"))
        assert harbor[0] == "Harbor Travel" and harbor[4] == "23 Nov 2026"
        assert "Lumen Learning Co-op" in [table.row_texts(r)[0] for r in range(table.row_count)]


@pytest.mark.parametrize("draft", [False, True], ids=["partners", "with-a-draft"])
async def test_home_at_60x20_never_scrolls_sideways_and_keeps_five_rows(repository, draft):
    if draft:
        repository.save_draft(Draft(answers={"partner": "Quarry Street Media"}))
    app = make_app(repository)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#partners", LineTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.scroll_offset.x == 0 and table.max_scroll_x == 0
        assert in_view(app, table) and table.region.height >= 6  # the header and five rows
        assert table.columns == ("Partner", "Verdict", "Trend", "Cause", "Review")
        text = screen_text(app)
        assert "Review" in text and "Diagnosed" not in text
        names = [table.row_texts(row)[0] for row in range(table.row_count)]
        assert "Harbor Trav…" in names and all(len(name) <= 12 for name in names)
        assert "Expectat…" in text  # the cause is cut too, with an ellipsis
        assert ("Unfinished diagnosis" in text) is draft
        # Wider again: the date of the diagnosis comes back.
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "Diagnosed" in table.columns and "Harbor Travel" in screen_text(app)


async def test_the_partner_page_shows_its_outcome_column_at_80x24(repository):
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        partner = await open_partner(pilot, "Northwind Analytics")
        table = partner.query_one(DataTable)
        assert sum(c.width + 2 for c in table.ordered_columns) <= table.size.width
        assert "Outcome" in screen_text(app)
        row = next(line for line in screen_text(app).splitlines() if "⚠ revive" in line)
        assert row.rstrip().endswith("…")  # cut to fit, with an ellipsis
        assert str(table.get_row("8")[5]).startswith("⚠ revive: Northwind names")


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_the_outcome_dialog_shows_its_date_read_back_and_keys(repository, size):
    app = make_app(repository)
    async with app.run_test(size=size) as pilot:
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OutcomeScreen)
        read_back = form.query_one("#due-read", Static)
        message = form.query_one("#message", Static)
        assert in_view(app, read_back) and in_view(app, message)
        assert str(read_back.render()) == "→ Wed 23 Dec 2026, in 4 weeks"
        assert str(message.render()) == OUTCOME_HINT
        for selector in ("#fix", "#owner", "#due"):
            assert in_view(app, form.query_one(selector, Input))


# -- 6. help and the palette -----------------------------------------------------------------


async def test_help_lists_this_screens_keys_first_then_every_screen_then_textuals(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        parts = [str(part.render()) for part in help_screen.query(Static)]
        titles = [part.splitlines()[0] for part in parts]
        assert titles[0] == "Keys: Partner (Harbor Travel)"
        first = parts[0]
        assert "What changed" in first and "Record outcome" in first
        assert first.index("What changed") < first.index("Rename partner")
        assert "Focus Next" not in first  # Textual's keys come last
        assert titles[1] == "Anywhere"
        assert "Partner" not in titles  # this screen is listed first, not again
        for screen in ("Home", "Questionnaire", "Verdict", "Talking points", "Find"):
            assert screen in titles
        assert titles.index("Home") < titles.index("Textual's keys (moving, scrolling, copying)")
        verdict = parts[titles.index("Verdict")]
        assert "Talking points" in verdict and "Back" in verdict
        textual = parts[titles.index("Textual's keys (moving, scrolling, copying)")]
        assert "Focus Next" in textual
        assert "\n" not in GENERAL
        # The keys that work anywhere are spelled as the footer spells them, and the help
        # says what the caret means.
        quit_key = next(b for b in app.BINDINGS if isinstance(b, Binding) and b.action == "quit")
        anywhere = parts[titles.index("Anywhere")]
        assert app.get_key_display(quit_key) in anywhere.split()
        assert "ctrl+q" not in anywhere
        assert "^ stands for the ctrl key" in parts[-2]


async def test_the_palette_has_one_keys_entry(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await type_keys(pilot, ["Keys"])
        await pilot.pause(0.3)
        prompts = [str(o.prompt).splitlines()[0] for o in palette.query_one(OptionList).options]
        assert prompts.count("Keys") == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


# -- 7. partner page -------------------------------------------------------------------------


async def test_the_cause_chart_names_the_dominant_cause_as_its_rows_do(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        partner = await open_partner(pilot, "Northwind Analytics")
        chart = str(partner.query_one("#chart").render()).splitlines()
        labels = {line[:14].strip() for line in chart[2:-1]}
        assert labels == {"Ownership", "Rhythm", "Expectations", "Enablement"}
        dominant = chart[-1].split()[1:]
        assert set(dominant) - {"—"} <= labels and "Ownership" in dominant
        assert str(partner.query_one("#strength").render()) == STRENGTH_NOTE
        assert len(STRENGTH_NOTE) <= 76


async def test_the_outcome_column_stays_in_view_after_a_delete(repository):
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        partner = await open_partner(pilot, "Harbor Travel")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is partner
        table = partner.query_one(DataTable)
        assert [str(c.label) for c in table.ordered_columns][-1] == "Outcome"
        assert sum(c.width + 2 for c in table.ordered_columns) <= table.size.width
        assert "Outcome" in screen_text(app)
        assert table.row_count == 2


# -- 8. saving files -------------------------------------------------------------------------


async def test_e_and_i_save_into_the_documents_folder_and_say_the_whole_path(
    repository, tmp_path, monkeypatch
):
    documents = tmp_path / "Documents"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = make_app(repository)  # no export folder given: the documented default
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("e", "i")
        await pilot.pause()
        folder = documents / "Unstall"
        saved = sorted(path.name for path in folder.iterdir())
        assert saved == ["unstall-harbor-travel-2026-11-23.md", "unstall-review-harbor-travel.ics"]
        assert (folder.stat().st_mode & 0o777) == 0o700
        toasts = " ".join(toast_texts(app))
        assert f"Saved as {folder / saved[0]}" in toasts
        assert f"Saved as {folder / saved[1]}" in toasts
    assert list(here.iterdir()) == []


# -- 9. one typed way to the app -------------------------------------------------------------


OWN_SCREENS = ("compare", "verdict", "home", "partner", "outcome", "help", "points", "review")


@pytest.mark.parametrize("name", OWN_SCREENS)
def test_screens_reach_the_app_through_one_typed_getter(name):
    source = (SCREENS / f"{name}.py").read_text(encoding="utf-8")
    assert "type: ignore[attr-defined" not in source
    assert "getattr(" not in source and "__name__" not in source
