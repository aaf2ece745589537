"""What a person meets when an answer is wrong, missing or carried over: in the real app (keys
over a real TinyDB folder) and in plain mode (lines on stdin)."""

from __future__ import annotations

import inspect
import io
from pathlib import Path

import pytest
from support import focused_question, toast_texts, type_keys
from textual.widgets import Input

from playbook.history import draft_counts
from store.repository import Draft, Repository
from tui.app import make_app
from tui.plain import ENDED, run_plain
from tui.screens.confirm import ConfirmScreen
from tui.screens.home import HomeScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.review import ReviewScreen
from tui.screens.verdict import VerdictScreen
from tui.widgets import question_field
from tui.widgets.question_field import ChoiceSet, QuestionField

SIZE = (100, 40)
LAST_TIME = {
    "partner": "Acme",
    "diagnosed_on": "2026-09-01",
    "kind": "referral",
    "owner_ours": "Kim",
    "owner_theirs": "",
    "fit_audience": "yes",
}


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    yield repo
    repo.close()


async def new_diagnosis(pilot, partner: str = "Northwind") -> QuestionnaireScreen:
    await pilot.press("n")
    await pilot.pause()
    await type_keys(pilot, [partner, "enter"])
    screen = pilot.app.screen
    assert isinstance(screen, QuestionnaireScreen)
    return screen


# -- in the app ------------------------------------------------------------------------------


async def test_enter_on_an_invalid_date_stays_on_it_and_the_correction_lands_there(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_diagnosis(pilot)
        await type_keys(pilot, ["1", "someday soon", "enter"])
        assert focused_question(screen) == "started"
        assert "not accepted" in str(screen.query_one("#status").render())
        started = screen.query_one("#answer-started", Input)
        for _ in "someday soon":
            await pilot.press("backspace")
        await type_keys(pilot, ["3 weeks ago", "enter"])
        assert screen.session.answers["started"] == "2026-11-02"
        assert focused_question(screen) == "diagnosed_on"
        assert "diagnosed_on" not in screen.session.errors and started.value == "3 weeks ago"


async def test_the_empty_diagnosis_date_reads_as_today_and_is_not_counted_as_typed(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_diagnosis(pilot)
        feedback = str(screen.query_one("#field-diagnosed_on .feedback").render())
        assert "today, Mon 23 Nov 2026" in feedback
        # Only the partner is counted, as home's banner counts "1 answer typed".
        assert str(screen.query_one("#count").render()).startswith("1/")


async def test_finishing_an_almost_empty_diagnosis_says_it_will_be_unclear_and_can_go_back(
    repository,
):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_diagnosis(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "the verdict will be unclear" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert repository.list() == []
        await pilot.press("ctrl+r")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        assert app.screen.diagnosis.verdict.verdict == "unclear"


async def test_leaving_a_diagnosis_with_nothing_in_it_keeps_no_draft_and_says_no_draft_saved(
    repository,
):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        await type_keys(pilot, ["Acme"])
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert screen.autosaver is not None
        screen.autosaver.flush()
        assert len(repository.drafts()) == 1
        for _ in "Acme":
            await pilot.press("backspace")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert repository.drafts() == []
        assert not any("Draft saved" in text for text in toast_texts(app))
        assert not app.screen.query_one("#resume").display


async def test_leaving_with_answers_keeps_the_draft_without_a_toast_on_home(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await new_diagnosis(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not any("Draft saved" in text for text in toast_texts(app))
        assert "Northwind" in str(app.screen.query_one("#resume").render())
        [draft] = repository.drafts()
        assert draft_counts(draft) == (1, 0)


async def test_typing_a_known_partner_offers_last_times_answers_and_nobody_shows_as_nobody(
    repository,
):
    repository.save(LAST_TIME)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await type_keys(pilot, ["acme", "enter"])
        assert isinstance(app.screen, ConfirmScreen)
        assert "Start from last time's answers?" in str(app.screen.query_one("#question").render())
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert screen.session.answers["partner"] == "Acme"
        assert screen.session.answers["kind"] == "referral"
        assert "kind" in screen.session.carried
        screen.jump_to("owner_theirs")  # a section's fields are built when it is first shown
        await pilot.pause()
        assert screen.query_one("#answer-owner_theirs", Input).value == "nobody"
        assert screen.query_one("#field-owner_theirs", QuestionField).has_class("-prefilled")
        # Nothing given yet: leaving keeps no draft.
        await pilot.press("escape")
        await pilot.pause()
        assert repository.drafts() == []


async def test_declining_last_times_answers_starts_empty_and_moves_on(repository):
    repository.save(LAST_TIME)
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await type_keys(pilot, ["Acme", "enter", "n"])
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert focused_question(screen) == "kind"
        assert "kind" not in screen.session.answers and not screen.session.carried


async def test_choices_move_with_arrows_and_enter_picks_the_highlighted_one(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_diagnosis(pilot)
        assert focused_question(screen) == "kind"
        # The first down highlights the first option (none is highlighted before).
        await pilot.press("down", "down", "down", "up", "down", "enter")
        await pilot.pause()
        assert screen.session.answers["kind"] == "reseller"
        assert focused_question(screen) == "started"
        await pilot.press("shift+tab")
        await pilot.pause()
        choices = screen.query_one("#answer-kind", ChoiceSet)
        assert choices.cursor == 2  # back on the answer given
        await pilot.press("up", "up", "up", "enter")  # wraps around to the last
        await pilot.pause()
        assert screen.session.answers["kind"] == "other"


def test_the_choice_widget_uses_no_private_textual_name():
    source = inspect.getsource(question_field)
    assert "._selected" not in source and "_nodes" not in source


# -- in plain mode ---------------------------------------------------------------------------


def plain(repository: Repository, lines: list[str]) -> tuple[int, str]:
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    stdout = io.StringIO()
    return run_plain(repository, stdin, stdout), stdout.getvalue()


def test_plain_review_lists_every_answer_and_changes_one_by_number(repository):
    code, out = plain(repository, ["Acme", "2", "done", "2", "4", "", "y"])
    assert code == 0, out
    assert "== Review your answers ==" in out
    assert "   2. kind of partnership: Co-marketing" in out
    assert "   4. diagnosed on: today, Mon 23 Nov 2026" in out
    assert "Type a number from 1 to 28 to change that answer, Enter to finish" in out
    assert "   2. kind of partnership: Technology / integration" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None and saved.answers["kind"] == "technology"


def test_plain_an_almost_empty_diagnosis_says_unclear_and_enter_goes_back(repository):
    code, out = plain(repository, ["Acme", "done", "", ""])
    assert code == 2, out
    assert "Too little is known: the verdict will be unclear." in out
    assert out.count("== Review your answers ==") == 2
    assert repository.list() == []
    assert ENDED in out


def test_plain_end_of_input_at_the_review_never_finishes_and_exits_2(repository):
    code, out = plain(repository, ["Acme", "1", "done"])
    assert code == 2, out
    assert ENDED in out and "unstall diagnose --plain" in out
    assert repository.list() == []
    [draft] = repository.drafts()
    assert draft.answers == {"partner": "Acme", "kind": "referral"}


def test_plain_a_known_partner_offers_last_times_answers(repository):
    repository.save(LAST_TIME)
    code, out = plain(repository, ["acme", "y", "", "q"])
    assert code == 0, out
    assert "Acme was last diagnosed on" in out
    assert "[from last time: Referral; Enter keeps it" in out
    [draft] = repository.drafts()
    assert draft.answers["partner"] == "Acme"
    assert draft.answers["owner_theirs"] == ""
    assert draft.typed["owner_theirs"] == "nobody"
    assert "kind" not in draft.prefilled and "fit_audience" in draft.prefilled
    assert draft_counts(draft)[0] == 1


def test_plain_resume_counts_typed_and_carried_apart(repository):
    repository.save_draft(
        Draft(
            answers={"partner": "Acme", "kind": "referral", "fit_audience": "yes"},
            prefilled=("fit_audience",),
        )
    )
    code, out = plain(repository, ["y", "q"])
    assert code == 0, out
    assert "(1 answer typed, 1 carried from last time)" in out


def test_plain_q_with_nothing_given_keeps_no_draft(repository):
    code, out = plain(repository, ["", "q"])
    assert code == 0
    assert "nothing was saved" in out
    assert repository.drafts() == []


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("co marketing", "co-marketing"),
        ("Co_Marketing", "co-marketing"),
        ("strategic  alliance", "strategic-alliance"),
        ("joint venture", "joint-venture"),
    ],
)
def test_a_choice_typed_with_spaces_for_hyphens_is_taken(typed: str, value: str) -> None:
    """'co marketing' was "not one of the choices", with no word of the one it nearly is."""
    from playbook.questions import QUESTIONS

    assert QUESTIONS["kind"].match_choice(typed) == value
