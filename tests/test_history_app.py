"""A partner's history driven as a person drives it: keys pressed in the real app over a real
TinyDB file seeded with the demo partners (the clock is fixed at 2026-11-23 by conftest).

Demo ids, oldest first: Harbor Travel is 1, 5, 14; Northwind Analytics is 2, 8."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import toast_texts, type_keys
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, OptionList, RadioSet

from store.repository import Repository
from tui.app import make_app
from tui.demo import seed
from tui.screens.compare import CompareScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.home import HomeScreen
from tui.screens.outcome import OutcomeScreen
from tui.screens.partner import PartnerScreen, bar
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.rename import RenameScreen
from tui.screens.review import ReviewScreen
from tui.screens.verdict import VerdictScreen
from tui.widgets.line_table import LineTable
from tui.widgets.question_field import QuestionField

TODAY = date(2026, 11, 23)
SIZE = (100, 40)


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    seed(repo, TODAY)
    yield repo
    repo.close()


def reopened(db_path: Path) -> Repository:
    return Repository(db_path)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def home_rows(screen) -> list[list[str]]:
    table = screen.query_one("#partners", LineTable)
    return [table.row_texts(row) for row in range(table.row_count)]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_partner(pilot, name: str) -> PartnerScreen:
    """From home, move the cursor down to ``name``'s row and press enter."""
    app = pilot.app
    assert isinstance(app.screen, HomeScreen)
    names = [row[0] for row in home_rows(app.screen)]
    for _ in range(names.index(name)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, PartnerScreen)
    return screen


def focused_field(app) -> QuestionField | None:
    node = app.focused
    while node is not None and not isinstance(node, QuestionField):
        node = node.parent
    return node


# -- 1. home ---------------------------------------------------------------------------------


async def test_home_marks_partners_that_got_worse_and_counts_them(repository, db_path):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        trend = {row[0]: row[2] for row in home_rows(screen)}
        assert {name for name, cell in trend.items() if cell == "▼ worse"} == {
            "Northwind Analytics",
            "Harbor Travel",
            "Cobalt & Finch",
        }
        assert trend["Lumen Learning Co-op"] == "= same"
        assert trend["Quarry Street Media"] == "first"
        legend = text_of(screen, "#legend")
        assert legend.startswith("8 partners")
        assert "3 got worse since the diagnosis before (▼)" in legend
    check = reopened(db_path)
    try:
        worse = {p.partner for p in check.partners() if p.trend == "worse"}
        assert worse == {"Northwind Analytics", "Harbor Travel", "Cobalt & Finch"}
    finally:
        check.close()


# -- 2. partner page -------------------------------------------------------------------------


async def test_enter_on_a_partner_shows_its_summary_chart_and_diagnoses_newest_first(
    repository, db_path
):
    newest = repository.get(14)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partner(pilot, "Harbor Travel")
        assert screen.partner == "Harbor Travel" and screen.sub_title == "3 diagnoses"
        summary = text_of(screen, "#summary")
        assert summary == (
            "Harbor Travel  ·  3 diagnoses  ·  latest: STALLED  ·  "
            "▼ worse than the diagnosis before"
        )
        chart = text_of(screen, "#chart").splitlines()
        labels = [line[:14].strip() for line in chart]
        assert labels == [
            "",
            "Verdict",
            "Ownership",
            "Rhythm",
            "Expectations",
            "Enablement",
            "Dominant",
        ]
        assert chart[0].split() == ["7", "Jan", "26", "Jun", "23", "Nov"]
        assert chart[1].split() == ["Verdict", "✔", "✔", "◐"]
        # Rhythm: no evidence in the two healthy ones, a bar as tall as its strength in the newest.
        rhythm = next(f.strength for f in newest.verdict.causes if f.cause == "rhythm")
        assert chart[3].split() == ["Rhythm", "··", "··", bar(rhythm) * 2]
        assert rhythm >= 2
        assert chart[-1].split() == ["Dominant", "—", "—", "Rhythm"]
        table = rows(screen.query_one(DataTable))
        assert [row[0] for row in table] == ["14", "5", "1"]
        assert [row[1] for row in table] == ["23 Nov 2026", "26 Jun 2026", "7 Jan 2026"]
        assert table[0][2] == "◐ stalled" and table[-1][4] == "first"
        assert all(row[5] == "not recorded" for row in table)
    check = reopened(db_path)
    try:
        assert [s.id for s in check.list("Harbor Travel")] == [14, 5, 1]
    finally:
        check.close()


async def test_a_partner_with_one_diagnosis_says_diagnosis(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partner(pilot, "Quarry Street Media")
        assert screen.sub_title == "1 diagnosis"
        assert text_of(screen, "#summary").startswith("Quarry Street Media  ·  1 diagnosis  ·")


# -- 3. what changed -------------------------------------------------------------------------


async def test_w_shows_what_changed_since_the_diagnosis_before(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_partner(pilot, "Northwind Analytics")
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.comparison.trend == "worse"
        assert text_of(screen, "#trend").startswith("▼ Worse than before")
        blocks = [str(block.render()) for block in screen.query(".block")]
        assert "Verdict: healthy → stalled" in blocks
        causes = next(block for block in blocks if block.startswith("Causes"))
        ownership = next(line for line in causes.splitlines() if "Ownership" in line)
        assert ownership.split()[:2] == ["Ownership", "new"]
        answers = {row[0]: row[1:] for row in rows(screen.query_one(DataTable))}
        assert answers["owner on their side"] == ["Sam Okafor", "none"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)


async def test_w_on_the_first_diagnosis_says_there_is_nothing_to_compare(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_partner(pilot, "Northwind Analytics")
        await pilot.press("down", "w")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        assert any("nothing to compare" in text for text in toast_texts(app))


# -- 4. outcomes -----------------------------------------------------------------------------


async def test_an_outcome_recorded_by_form_is_listed_and_due_fixes_show_on_home(
    repository, db_path
):
    step = repository.get(14).talking_points.next_step
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_partner(pilot, "Harbor Travel")
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OutcomeScreen)
        assert form.query_one(RadioSet).pressed_button is None  # the user picks it
        await pilot.press("enter")  # Revive, the first
        assert form.query_one(RadioSet).pressed_button.name == "revive"
        assert form.query_one("#fix", Input).value == step.what
        assert form.query_one("#owner", Input).value == step.owner == "Alex Kim"
        assert form.query_one("#due", Input).value == step.due.isoformat()
        # Tab to the due date (its text is selected on focus) and type over it.
        await pilot.press("tab", "tab", "tab")
        assert app.focused is form.query_one("#due", Input)
        await type_keys(pilot, ["in 3 days"])
        assert "Thu 26 Nov 2026" in text_of(form, "#due-read")
        await pilot.press("ctrl+s")
        await pilot.pause()
        partner = app.screen
        assert isinstance(partner, PartnerScreen)
        newest = rows(partner.query_one(DataTable))[0]
        assert newest[0] == "14"
        assert newest[5] == f"revive: {step.what} (due 26 Nov 2026)"
        # Northwind's recorded fix was due 15 Oct: the form opens on it, and it is overdue.
        await pilot.press("escape")
        await pilot.pause()
        await open_partner(pilot, "Northwind Analytics")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        assert app.screen.query_one("#due", Input).value == "2026-10-15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        northwind_row = rows(app.screen.query_one(DataTable))[0]
        assert northwind_row[5].startswith("⚠ revive:")
        assert northwind_row[5].endswith("(due 15 Oct 2026, overdue)")
        await pilot.press("escape")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        fixes = home.query_one("#fixes")
        assert fixes.display
        lines = str(fixes.render()).splitlines()
        assert lines[0] == "Agreed fixes"
        assert lines[1].startswith("⚠ overdue Northwind Analytics: ")
        assert "(Priya Shah), due Thu 15 Oct 2026" in lines[1]
        assert lines[2].startswith("⚠ overdue Brightpath Resellers: ")
        assert lines[3].startswith("due soon  Harbor Travel: " + step.what)
        assert lines[3].endswith("(Alex Kim), due Thu 26 Nov 2026, in 3 days")
        assert lines[4].startswith("due soon  Cobalt & Finch: ")
    check = reopened(db_path)
    try:
        harbor = check.get(14).extra["outcome"]
        assert harbor["decision"] == "revive"
        assert harbor["fix"] == step.what
        assert harbor["owner"] == "Alex Kim"
        assert harbor["due"] == "2026-11-26"
        assert harbor["recorded_on"] == "2026-11-23"
        assert check.get(8).extra["outcome"]["due"] == "2026-10-15"
        assert check.get(5).extra["outcome"] is None
    finally:
        check.close()


# -- 5. delete and undo ----------------------------------------------------------------------


async def test_x_y_deletes_a_diagnosis_and_u_puts_it_back(repository, db_path):
    before = repository.get(14)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partner(pilot, "Harbor Travel")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "#14 of Harbor Travel" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert [row[0] for row in rows(screen.query_one(DataTable))] == ["5", "1"]
        assert "2 diagnoses" in text_of(screen, "#summary")
        # Read through the app's own connection: a second one opening the file here would make
        # TinyDB count ids again from the highest left (13), and the undo would reuse #14.
        assert repository.get(14) is None
        assert repository.count() == 13
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen
        table = rows(screen.query_one(DataTable))
        assert [row[0] for row in table] == ["15", "5", "1"]
        assert table[0][1] == "23 Nov 2026"
        assert "3 diagnoses" in text_of(screen, "#summary")
    check = reopened(db_path)
    try:
        assert check.get(14) is None
        restored = check.get(15)
        assert restored is not None
        assert restored.partner == "Harbor Travel"
        assert dict(restored.answers) == dict(before.answers)
        assert restored.created_at == before.created_at
        assert [s.id for s in check.list("Harbor Travel")] == [15, 5, 1]
    finally:
        check.close()


async def test_n_then_esc_on_the_confirmation_keeps_the_diagnosis(repository, db_path):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partner(pilot, "Harbor Travel")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert [row[0] for row in rows(screen.query_one(DataTable))] == ["14", "5", "1"]
    check = reopened(db_path)
    try:
        assert check.count() == 14
    finally:
        check.close()


# -- 6. follow-up diagnosis ------------------------------------------------------------------


async def start_northwind_follow_up(pilot) -> QuestionnaireScreen:
    """Open Northwind's page, press n, and answer "Last time" if the app asks it first, so
    the cursor is on the partner's name."""
    app = pilot.app
    await open_partner(pilot, "Northwind Analytics")
    await pilot.press("n")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuestionnaireScreen)
    field = focused_field(app)
    if field is not None and field.question.id == "previous_fix_done":
        await pilot.press("3")  # "No": last time's fix did not happen
        await pilot.pause()
    field = focused_field(app)
    assert field is not None and field.question.id == "partner"
    return screen


async def prefilled_marks(pilot, screen: QuestionnaireScreen) -> set[str]:
    """The questions whose fields are marked ↺, every section shown once (a section's fields
    are built when it is first shown); the cursor goes back where it was."""
    position = screen.session.position
    for section in screen.session.sections:
        screen.jump_to(section.questions[0].id)
        await pilot.pause()
    screen.jump_to(position)
    await pilot.pause()
    return {f.question.id for f in screen.query(QuestionField) if f.has_class("-prefilled")}


def saved_prefilled(screen: QuestionnaireScreen, repository: Repository) -> set[str]:
    assert screen.autosaver is not None
    screen.autosaver.flush()
    return set(repository.drafts()[0].prefilled)


async def test_n_prefills_a_follow_up_that_is_confirmed_answer_by_answer(repository, db_path):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_northwind_follow_up(pilot)
        assert screen.session.answers["partner"] == "Northwind Analytics"
        assert screen.session.answers["owner_ours"] == "Priya Shah"
        choices = {
            "kind",
            "fit_audience",
            "fit_incentives",
            "fit_delivery",
            "still_want",
            "owner_ours_in_role",
            "owner_request",
            "changes_theirs",
            "standing_review",
            "review_cadence",
            "workload",
        }
        assert choices <= await prefilled_marks(pilot, screen)
        assert "partner" not in await prefilled_marks(pilot, screen)
        assert choices <= saved_prefilled(screen, repository)
        # enter on the name moves to the kind; enter on the kind keeps it and confirms it.
        await pilot.press("enter", "enter")
        await pilot.pause()
        kind = screen.query_one("#field-kind", QuestionField)
        assert not kind.has_class("-prefilled")
        assert "kind" not in screen.session.carried
        assert "kind" not in saved_prefilled(screen, repository)
        assert "fit_audience" in saved_prefilled(screen, repository)
        # Changing an answer confirms it too: "3" picks the third choice of the audience.
        await pilot.press("pagedown")
        await pilot.pause()
        field = focused_field(app)
        assert field is not None and field.question.id == "fit_audience"
        await pilot.press("3")
        await pilot.pause()
        assert screen.session.answers["fit_audience"] == "no"
        assert not field.has_class("-prefilled")
        left = saved_prefilled(screen, repository)
        assert "fit_audience" not in left and "fit_incentives" in left
        # The review marks the answers still carried over, and only those.
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        marked = {
            option.id
            for option in review.query_one(OptionList).options
            if option.id and "↺" in str(option.prompt)
        }
        assert marked == screen.session.carried
        assert {"fit_incentives", "workload"} <= marked
        assert not {"kind", "fit_audience", "partner"} & marked
        assert f"{len(marked)} answers still carry last time's value (↺)" in text_of(
            review, "#review-summary"
        )
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
    check = reopened(db_path)
    try:
        history = check.list("Northwind Analytics")
        assert [s.id for s in history] == [15, 8, 2]
        saved = check.get(15)
        assert saved.partner == "Northwind Analytics"
        assert saved.answers["fit_audience"] == "no"
        assert saved.answers["owner_ours"] == "Priya Shah"
        assert saved.answers["workload"] == "balanced"
        assert check.drafts() == []
    finally:
        check.close()


async def test_enter_on_a_prefilled_choice_keeps_last_times_answer(repository, db_path):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_northwind_follow_up(pilot)
        assert screen.session.answers["kind"] == "technology"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert "kind" not in screen.session.carried
        assert screen.session.answers["kind"] == "technology"


async def test_prefilled_text_and_date_answers_are_marked_too(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_northwind_follow_up(pilot)
        carried = {"started", "value_ours", "value_theirs", "owner_ours", "success_metrics"}
        assert carried <= set(screen.draft.prefilled)
        assert carried <= await prefilled_marks(pilot, screen)
        assert carried <= screen.session.carried


# -- 7. rename -------------------------------------------------------------------------------


async def test_R_renames_the_partner_in_every_diagnosis(repository, db_path):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partner(pilot, "Northwind Analytics")
        await pilot.press("R")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RenameScreen)
        assert dialog.query_one(Input).value == "Northwind Analytics"
        await type_keys(pilot, ["Nova", "enter"])
        assert app.screen is screen
        assert screen.partner == "Nova"
        assert text_of(screen, "#summary").startswith("Nova  ·  2 diagnoses")
        await pilot.press("escape")
        await pilot.pause()
        names = [row[0] for row in home_rows(app.screen)]
        assert "Nova" in names and "Northwind Analytics" not in names
    check = reopened(db_path)
    try:
        assert check.list("Northwind Analytics") == []
        assert [s.id for s in check.list("Nova")] == [8, 2]
        for diagnosis_id in (2, 8):
            diagnosis = check.get(diagnosis_id)
            assert diagnosis.partner == "Nova"
            assert diagnosis.answers["partner"] == "Nova"
        assert check.count() == 14
        assert "Northwind Analytics" not in check.partner_names()
    finally:
        check.close()


# -- 8. command palette ----------------------------------------------------------------------


async def test_the_command_palette_lists_every_partner_and_new_diagnosis(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        prompts = [str(o.prompt).splitlines()[0] for o in palette.query_one(OptionList).options]
        assert {p for p in prompts if p.startswith("Partner: ")} == {
            f"Partner: {name}" for name in repository.partner_names()
        }
        assert len(repository.partner_names()) == 8
        assert "New diagnosis" in prompts
        await type_keys(pilot, ["Cobalt"])
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        assert app.screen.partner == "Cobalt & Finch"


# -- 9. find ---------------------------------------------------------------------------------


async def test_find_filters_by_cause_and_dates_in_words_and_searches_text(repository):
    from tui.screens.find import FindScreen

    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 14
        await pilot.press("tab", "tab", "tab")
        await type_keys(pilot, ["since 2 months ago"])
        found = {row[2] for row in rows(table)}
        assert "Ridgeway Referrals" not in found and "Harbor Travel" in found
        assert "between Wed 23 Sep 2026 and today" in text_of(screen, "#found")
        await pilot.press("tab")
        await type_keys(pilot, ["newsletter"])
        assert {row[2] for row in rows(table)} == {"Harbor Travel"}
        await pilot.press("shift+tab")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_keys(pilot, ["someday"])
        assert "✗ When:" in text_of(screen, "#found")
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.press("tab")
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.pause()
        screen.query_one("#cause").value = "owner"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert {row[2] for row in rows(table)} == {"Northwind Analytics", "Lumen Learning Co-op"}
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab")
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)


# -- 10. last time's fix ---------------------------------------------------------------------


async def test_a_follow_up_asks_about_last_times_fix_and_a_missed_fix_is_evidence(
    repository, db_path
):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_partner(pilot, "Northwind Analytics")
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        field = app.focused.parent
        assert isinstance(field, QuestionField) and field.question.id == "previous_fix_done"
        hint = text_of(field, ".hint")
        assert "Northwind names a new owner for the integration" in hint
        assert "Owner: Priya Shah." in hint
        await pilot.press("3")  # No: it did not happen
        await pilot.press("ctrl+r")
        await pilot.press("f")
        await pilot.pause()
        verdict = app.screen
        assert isinstance(verdict, VerdictScreen)
        result = verdict.diagnosis.verdict
        assert result.dominant_cause == "owner"
        owner = next(f for f in result.causes if f.cause == "owner")
        assert owner.evidence[0].startswith("The fix agreed last time did not happen:")
        assert "Northwind names a new owner" in owner.evidence[0]
    check = reopened(db_path)
    try:
        newest = check.list("Northwind Analytics")[0]
        saved = check.get(newest.id)
        assert saved is not None and saved.answers["previous_fix_done"] == "no"
    finally:
        check.close()


async def test_find_keeps_the_last_search_when_it_is_opened_again(repository):
    from textual.widgets import Select

    from tui.screens.find import FindScreen

    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        await type_keys(pilot, ["harbor"])
        app.screen.query_one("#cause", Select).value = "rhythm"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindScreen)
        assert screen.query_one("#partner", Input).value == "harbor"
        assert screen.query_one("#cause", Select).value == "rhythm"
        assert {row[2] for row in rows(screen.query_one(DataTable))} <= {"Harbor Travel"}
