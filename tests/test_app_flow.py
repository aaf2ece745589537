"""The app driven as a person drives it: keys pressed in the real app over a real TinyDB file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from support import toast_texts, type_keys
from textual.widgets import Input, TextArea

from playbook.dates import describe
from playbook.points import POINTS_HEADING, PREP_HEADING, SIDE_WORDS
from store.repository import Draft, Repository
from tui.app import make_app
from tui.screens.home import HomeScreen
from tui.screens.partner import PartnerScreen
from tui.screens.points import PointsScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.review import ReviewScreen
from tui.screens.verdict import VerdictScreen

TODAY = date(2026, 11, 23)  # the clock conftest.py fixes

# Keys for a whole questionnaire: one list per section, in the order asked. Text is typed and
# confirmed with enter; a choice is a digit or a first letter (of one label only: "Nothing" and
# "Not sure" share N, so Nothing is 1), which picks and moves on. Only
# the questions that apply are asked: no cadence without a review, no "was that split agreed"
# for a balanced one. The notes take several lines, so ctrl+n (next section) leaves them.
STALLED_KEYS: list[list[str]] = [
    ["Harbor Travel", "enter", "2", "9 months ago", "enter", "enter"],
    ["1", "1", "1", "our newsletter", "enter", "their discounts", "enter", "y"],
    ["Alex Kim", "enter", "y", "Jo Rivera", "enter", "y", "1"],
    ["10 weeks ago", "enter", "n"],
    ["1", "clicks per month", "enter", "1"],
    ["1", "1"],
    ["3", "2", "enter", "12", "enter", "2", "5 weeks ago", "enter"],
    ["nothing [bold]else[/bold]", "ctrl+n"],
]


def saved_answers(repository: Repository) -> dict[str, str]:
    drafts = repository.drafts()
    return dict(drafts[0].answers) if drafts else {}


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    yield repo
    repo.close()


async def test_a_whole_diagnosis_by_keyboard_ends_in_copied_talking_points(
    repository, db_path, tmp_path
):
    app = make_app(repository, export_dir=tmp_path / "exports")
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert isinstance(app.focused, Input) and app.focused.id == "answer-partner"
        for section in STALLED_KEYS:
            await type_keys(pilot, section)
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        verdict = app.screen.diagnosis.verdict
        assert verdict.verdict == "stalled"
        assert verdict.dominant_cause == "rhythm"
        # The day of the conversation and the next step, with who acts, are on the verdict.
        drafted = app.screen.diagnosis.talking_points
        assert drafted.conversation_on is not None and drafted.next_step is not None
        plan = str(app.screen.query_one("#plan").render())
        when = describe(drafted.conversation_on, TODAY)
        assert f"Hold the conversation on {when}." in plan
        assert f"Who acts: {SIDE_WORDS[drafted.next_step.side]}" in plan
        assert drafted.next_step.owner in plan
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, PointsScreen)
        # The notes before the call apart from what to say, and the same plan above them.
        text = app.screen.query_one(TextArea).text
        assert text == drafted.as_text()
        assert text.index(PREP_HEADING) < text.index(POINTS_HEADING)
        assert str(app.screen.query_one("#plan").render()) == plan
        await pilot.press("c")
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        assert app.clipboard == app.screen.diagnosis.points_text
        await pilot.press("e")
        await pilot.pause()
        exported = list((tmp_path / "exports").glob("*.md"))
        assert len(exported) == 1
        assert (exported[0].stat().st_mode & 0o777) == 0o600
        assert "Harbor Travel" in exported[0].read_text(encoding="utf-8")
    # The diagnosis is in the file, the draft is gone.
    reopened = Repository(db_path)
    try:
        assert [s.partner for s in reopened.list()] == ["Harbor Travel"]
        assert reopened.drafts() == []
        saved = reopened.get(reopened.list()[0].id)
        assert saved is not None
        assert saved.answers["notes"] == "nothing [bold]else[/bold]"
        assert saved.answers["last_conversation"] == "2026-09-14"
        assert saved.answers["activity_last_month"] == "2"
        assert saved.answers["activity_typical_month"] == "12"
        assert "review_cadence" not in saved.answers
    finally:
        reopened.close()


HEALTHY_KEYS: list[list[str]] = [
    ["Lumen", "enter", "7", "enter", "enter"],
    ["1", "1", "1", "x", "enter", "y", "enter", "y"],
    ["Dana", "enter", "y", "Lee", "enter", "y", "1"],
    ["1 week ago", "enter", "y", "3", "1 week ago", "enter"],
    ["1", "m", "enter", "1"],
    ["1", "1"],
    ["2", "6", "enter", "6", "enter", "1", "yesterday", "enter"],
    ["ctrl+n"],
]
FAILED_KEYS: list[list[str]] = [
    ["Tess", "enter", "6", "enter", "enter"],
    ["3", "3", "2", "enter", "enter", "y"],
    ["Jo", "enter", "y", "Noor", "enter", "y", "1"],
    ["2 weeks ago", "enter", "y", "2"],
    ["ctrl+r"],
]
UNCLEAR_KEYS: list[list[str]] = [
    ["Quarry", "enter", "2", "enter", "enter"],
    ["ctrl+r"],
]


@pytest.mark.parametrize(
    ("keys", "verdict", "path"),
    [
        (HEALTHY_KEYS, "healthy", "keep"),
        (FAILED_KEYS, "failed", "exit"),
        (UNCLEAR_KEYS, "unclear", "prepare"),
    ],
    ids=["healthy", "failed", "unclear"],
)
async def test_each_verdict_reads_through_to_copied_points(repository, keys, verdict, path):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        for section in keys:
            await type_keys(pilot, section)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f")
        await pilot.pause()
        if verdict == "unclear":
            await pilot.press("y")  # too little is known: finish anyway
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, VerdictScreen)
        assert screen.diagnosis.verdict.verdict == verdict
        assert screen.diagnosis.talking_points.path == path
        headline = str(screen.query_one("#headline").render())
        assert {"healthy": "HEALTHY", "failed": "FAILED", "unclear": "UNCLEAR"}[verdict] in headline
        await pilot.press("c")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.clipboard == screen.diagnosis.points_text
        assert POINTS_HEADING in app.clipboard
    assert repository.list()[0].verdict == verdict


async def test_every_answer_is_in_the_draft_as_soon_as_it_is_given(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await type_keys(pilot, ["Acme [x]", "enter", "1"])
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert screen.autosaver is not None
        screen.autosaver.flush()
        answers = saved_answers(repository)
        assert answers == {"partner": "Acme [x]", "kind": "referral"}


async def test_quitting_mid_way_and_restarting_offers_to_resume_with_the_partner(db_path):
    first = Repository(db_path)
    app = make_app(first)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await type_keys(pilot, ["Northwind", "enter", "4", "last Tuesday"])
        await pilot.press("ctrl+q")
    first.close()

    second = Repository(db_path)
    app = make_app(second)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#resume")
        assert banner.display
        assert "Northwind" in str(banner.render())
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert screen.session.answers["partner"] == "Northwind"
        assert screen.session.answers["kind"] == "technology"
        assert screen.session.typed["started"] == "last Tuesday"
        assert screen.query_one("#answer-started", Input).value == "last Tuesday"
        assert app.focused is screen.query_one("#answer-started", Input)
    second.close()


async def test_back_and_next_work_from_an_invalid_field_and_keep_what_was_typed(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await type_keys(pilot, ["Acme", "enter", "1", "someday soon"])
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert "started" in screen.session.errors
        await pilot.press("pagedown")
        assert screen.section.id == "fit"
        await pilot.press("pageup")
        assert screen.section.id == "context"
        assert screen.query_one("#answer-started", Input).value == "someday soon"
        screen.autosaver.flush()
        draft = repository.drafts()[0]
        assert draft.typed["started"] == "someday soon"
        assert "started" not in draft.answers
        # Finishing is refused with a message, and the cursor goes to the field to fix.
        await pilot.press("ctrl+r")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.focused is screen.query_one("#answer-started", Input)


async def test_a_date_shows_the_day_it_was_understood_as(repository):
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await type_keys(pilot, ["Acme", "enter", "1", "3 weeks ago"])
        feedback = app.screen.query_one("#field-started .feedback")
        assert "Mon 2 Nov 2026, 3 weeks ago" in str(feedback.render())


async def test_a_resize_loses_nothing(repository):
    app = make_app(repository)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await type_keys(pilot, ["Acme Corp"])
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.screen.query_one("#answer-partner", Input).value == "Acme Corp"


async def test_empty_database_shows_a_welcome(repository):
    app = make_app(repository)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        welcome = app.screen.query_one("#welcome")
        assert welcome.display
        assert "Press n to start" in str(welcome.render())
        assert not app.screen.query_one("#partners").display


async def test_edited_talking_points_are_kept_and_blame_is_flagged(repository):
    diagnosis = repository.save(
        {"partner": "Acme", "diagnosed_on": "2026-11-23", "owner_theirs": "", "owner_ours": "Kim"}
    )
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("i")
        editor = app.screen.query_one(TextArea)
        editor.move_cursor(editor.document.end)
        await type_keys(pilot, ["You never answer."])
        flags = str(app.screen.query_one("#flags").render())
        assert "You never" in flags
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
    stored = repository.get(diagnosis.id)
    assert stored is not None and stored.edited_points is not None
    assert stored.edited_points.endswith("You never answer.")


def test_every_file_of_the_database_is_plain_tinydb_json(db_path):
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    repository = Repository(db_path)
    repository.save({"partner": "Acme", "diagnosed_on": "2026-11-23"})
    repository.save_draft(Draft(answers={"partner": "Borealis"}))
    repository.close()
    (partner,) = (db_path / "partners").glob("*.json")
    for path, table in ((partner, "diagnoses"), (db_path / "drafts.json", "drafts")):
        db = TinyDB(path, storage=JSONStorage)
        assert len(db.table(table).all()) == 1
        db.close()


async def test_the_chosen_theme_is_remembered(repository):
    app = make_app(repository)
    async with app.run_test() as pilot:
        app.theme = "textual-light"
        await pilot.pause()
    app = make_app(repository)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"


async def test_a_damaged_partner_file_is_named_and_the_rest_opens(db_path):
    """Damage stays local: home opens on the other partners, the damaged file is named, and
    nothing is written to it."""
    from playbook.history import partner_key
    from store.records import partner_file_name

    with Repository(db_path) as repository:
        repository.save({"partner": "Acme", "diagnosed_on": "2026-11-23"})
        repository.save({"partner": "Borealis", "diagnosed_on": "2026-11-23"})
    damaged = db_path / "partners" / partner_file_name(partner_key("Acme"))
    damaged.write_bytes(damaged.read_bytes()[:-9])
    before = damaged.read_bytes()
    app = make_app(Repository(db_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Borealis" in [p.partner for p in app.repository.partners()]
        assert any(str(damaged) in str(damage) for damage in app.repository.damaged.values())
    assert damaged.read_bytes() == before


async def test_a_damaged_old_database_is_explained_and_a_new_folder_offered(tmp_path):
    """An old single-file database that cannot be read is not converted and not touched: the
    app says what is wrong and where, and offers a new database folder beside it."""
    from store.errors import StoreError
    from tui.app import UnstallApp
    from tui.screens.problem import DatabaseProblemScreen

    old = tmp_path / "unstall.json"
    old.write_bytes(b'{"diagnoses": {"1": ')
    try:
        Repository(old)
    except StoreError as error:
        problem = error
    app = UnstallApp(None, problem=problem)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DatabaseProblemScreen)
        assert str(old) in str(screen.query_one("#explanation").render())
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.repository.path == tmp_path / "unstall-new"
        assert (tmp_path / "unstall-new" / "meta.json").is_file()
    assert old.read_bytes() == b'{"diagnoses": {"1": '


async def test_finishing_a_draft_changed_in_another_window_keeps_that_window_s_answers(
    repository, db_path
):
    """Two windows on one draft: this one finishes after the other saved a change it never
    read. The diagnosis is saved from the answers here, the other window's answers stay as a
    draft, and the app says so."""
    app = make_app(repository)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        for section in STALLED_KEYS:
            await type_keys(pilot, section)
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert screen.autosaver is not None and screen.autosaver.flush()
        other = Repository(db_path)
        (draft,) = other.drafts()
        theirs = {**draft.answers, "notes": "changed in the other window"}
        other.save_draft(replace(draft, answers=theirs, typed=theirs))
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        assert app.screen.diagnosis.answers["notes"] == "nothing [bold]else[/bold]"
        await pilot.pause()
        said = " ".join(" ".join(toast_texts(app)).split())
        assert "the other window's answers stay as a draft on home" in said, said
    again = Repository(db_path)
    (kept,) = again.drafts()
    assert kept.answers["notes"] == "changed in the other window"
    assert len(again.list()) == 1
