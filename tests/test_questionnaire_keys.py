"""The questionnaire's keys as a first-time user meets them (the usability audit's items 1, 3,
4, 9 and 13): enter skips an unanswered choice, letters are those of the labels shown, an empty
required answer is not passed over silently, messages name questions as they are asked, the
footer shows how to get help, and the progress counts what home counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import focused_question, screen_text, toast_texts, type_keys
from textual.geometry import Region
from textual.widgets import Footer, RadioButton

from store.repository import Repository
from tui.app import make_app
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.review import ReviewScreen
from tui.widgets.question_field import ChoiceSet

SIZE = (80, 24)


@pytest.fixture
def repository(db_path: Path) -> Iterator[Repository]:
    repo = Repository(db_path)
    yield repo
    repo.close()


def feedback(screen: QuestionnaireScreen, question_id: str) -> str:
    return str(screen.query_one(f"#field-{question_id} .feedback").render())


def status(screen: QuestionnaireScreen) -> str:
    return str(screen.query_one("#status").render())


def count(screen: QuestionnaireScreen) -> str:
    return str(screen.query_one("#count").render())


def footer_text(screen: QuestionnaireScreen) -> str:
    footer = screen.query_one(Footer)
    return " ".join(
        "".join(segment.text for segment in strip)
        for widget in [footer, *footer.walk_children()]
        if widget.display and widget.outer_size.width
        for strip in widget.render_lines(Region(0, 0, *widget.outer_size))
    )


async def open_questionnaire(pilot: Any, partner: str | None = "Zed") -> QuestionnaireScreen:
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuestionnaireScreen)
    if partner is not None:
        await type_keys(pilot, [partner, "enter"])
    return screen


async def on_question(pilot: Any, screen: QuestionnaireScreen, question_id: str) -> None:
    screen.jump_to(question_id)
    await pilot.pause()
    assert focused_question(screen) == question_id


# -- 1. enter on an unanswered choice -------------------------------------------------------


async def test_enter_on_unanswered_choices_moves_on_and_leaves_them_unknown(
    repository: Repository,
) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_questionnaire(pilot)
        assert focused_question(screen) == "kind"
        await type_keys(pilot, ["enter", "enter", "enter"])  # kind, started, diagnosed_on
        assert focused_question(screen) == "fit_audience"
        await type_keys(pilot, ["enter", "enter"])
        assert focused_question(screen) == "fit_delivery"
        for question_id in ("kind", "fit_audience", "fit_incentives"):
            assert question_id not in screen.session.answers
            assert screen.query_one(f"#answer-{question_id}", ChoiceSet).value is None
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert "Referral" not in text and "→ Yes" not in text


def label_look(button: RadioButton) -> list[tuple[str, object]]:
    """How the words of an option are drawn: each run of text with its background."""
    strip = button.render_lines(Region(0, 0, button.outer_size.width, 1))[0]
    return [(segment.text, segment.style.bgcolor if segment.style else None) for segment in strip]


def label_background(button: RadioButton) -> object:
    word = button.label.plain.split()[-1]
    return next(bg for text, bg in label_look(button) if word in text)


async def test_no_option_is_drawn_highlighted_until_the_user_moves(repository: Repository) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_questionnaire(pilot)
        choices = screen.query_one("#answer-kind", ChoiceSet)
        first, second = choices.buttons[:2]
        assert label_background(first) == label_background(second)
        await pilot.press("down")
        await pilot.pause()
        assert label_background(first) != label_background(second)
        assert "kind" not in screen.session.answers  # moving is not picking


async def test_after_the_arrows_enter_and_space_pick_the_highlighted_option(
    repository: Repository,
) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_questionnaire(pilot)
        await pilot.press("down", "enter")  # the first down highlights the first option
        await pilot.pause()
        assert screen.session.answers["kind"] == "referral"
        assert focused_question(screen) == "started"
        await on_question(pilot, screen, "fit_audience")
        await pilot.press("space")  # nothing highlighted: space picks nothing
        await pilot.pause()
        assert "fit_audience" not in screen.session.answers
        assert focused_question(screen) == "fit_audience"
        await pilot.press("up", "space")  # up first: the last option
        await pilot.pause()
        assert screen.session.answers["fit_audience"] == "unsure"


async def test_enter_on_an_answered_choice_keeps_its_answer(repository: Repository) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_questionnaire(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert screen.session.answers["kind"] == "co-marketing"
        await pilot.press("shift+tab")
        await pilot.pause()
        assert focused_question(screen) == "kind"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.answers["kind"] == "co-marketing"
        assert focused_question(screen) == "started"


# -- 3. letters of the labels shown ---------------------------------------------------------


async def test_the_letter_is_the_first_of_the_label_shown(repository: Repository) -> None:
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_questionnaire(pilot)
        await on_question(pilot, screen, "standing_review")
        await pilot.press("y")  # Yes: the cadence is asked next
        await pilot.pause()
        assert focused_question(screen) == "review_cadence"
        await pilot.press("b")  # the stored value is "biweekly", the label "Every two weeks"
        await pilot.pause()
        assert "review_cadence" not in screen.session.answers
        assert focused_question(screen) == "review_cadence"
        await pilot.press("e")
        await pilot.pause()
        assert screen.session.answers["review_cadence"] == "biweekly"


async def test_a_shared_letter_picks_nothing_and_says_which_keys_do(repository: Repository) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_questionnaire(pilot)
        await on_question(pilot, screen, "activity")
        await pilot.press("s")  # Steady, Slowing and Stopped all start with S
        await pilot.pause()
        assert "activity" not in screen.session.answers
        assert focused_question(screen) == "activity"
        said = feedback(screen, "activity")
        assert "s could be Steady, Slowing or Stopped: press 2, 3 or 4." in said
        await pilot.press("x")  # no label starts with X
        await pilot.pause()
        assert "activity" not in screen.session.answers
        assert "a first letter (R, N)" in feedback(screen, "activity")
        await pilot.press("3")
        await pilot.pause()
        assert screen.session.answers["activity"] == "slowing"
        assert "could be" not in feedback(screen, "activity")


async def test_n_is_no_where_not_sure_is_offered_too(repository: Repository) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_questionnaire(pilot)
        await on_question(pilot, screen, "fit_audience")
        await pilot.press("n")
        await pilot.pause()
        assert screen.session.answers["fit_audience"] == "no"


async def test_letters_that_pick_nothing_are_not_passed_on_to_the_next_question(
    repository: Repository,
) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_questionnaire(pilot)
        assert focused_question(screen) == "kind"
        await type_keys(pilot, ["Hub"])  # no label of a kind starts with H, U or B
        assert "kind" not in screen.session.answers
        assert focused_question(screen) == "kind"
        assert screen.session.typed.get("started", "") == ""
        said = feedback(screen, "kind")
        assert "b picks nothing here" in said and "(R, T, S, J, O)" in said


# -- 4. a blank required answer, and messages that name questions ----------------------------


async def test_enter_on_the_empty_partner_stays_there_saying_why_and_tab_moves_on(
    repository: Repository,
) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_questionnaire(pilot, partner=None)
        await pilot.press("enter")
        await pilot.pause()
        assert focused_question(screen) == "partner"
        assert "needs an answer" in feedback(screen, "partner")
        assert "needs an answer" in status(screen)
        await pilot.press("tab")
        await pilot.pause()
        assert focused_question(screen) == "kind"


async def test_what_stops_the_finish_is_named_by_its_question_not_its_id(
    repository: Repository,
) -> None:
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_questionnaire(pilot, partner=None)
        await type_keys(pilot, ["tab", "tab", "bogus", "tab"])  # the start date refused
        assert "started" in screen.session.errors
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "1 answer needs fixing before the verdict" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        said = " ".join(toast_texts(app))
        assert "Not finished yet." in said
        assert "When was the deal signed or kicked off? 'bogus' is not a date" in said
        assert "Which partner organisation is this about? The answer is required" in said
        assert "started:" not in said and "partner:" not in said


# -- 9. the way to help ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_footer_shows_f1_keys_and_quit_and_f1_opens_the_keys(
    repository: Repository, size: tuple[int, int]
) -> None:
    app = make_app(repository)
    async with app.run_test(size=size) as pilot:
        screen = await open_questionnaire(pilot, partner=None)
        await pilot.pause()
        shown = footer_text(screen)
        for words in ("f1", "Keys", "esc", "Save & leave", "^r", "Review", "pgdn", "^q", "Quit"):
            assert words in shown, (words, shown)
        assert ("Back" in shown) == (size[0] >= 80)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_pageup_goes_back_when_back_has_left_the_footer(repository: Repository) -> None:
    app = make_app(repository)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_questionnaire(pilot)
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.section.id == "fit"
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.section.id == "context"


# -- 13. the counts agree -------------------------------------------------------------------


async def test_the_progress_counts_what_home_counts(repository: Repository) -> None:
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_questionnaire(pilot, partner=None)
        assert count(screen).startswith("0/")  # nothing typed: the date left as today is not
        await type_keys(pilot, ["Zed", "enter", "2"])
        assert count(screen).startswith("2/")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "2 answers typed so far" in str(app.screen.query_one("#resume").render())
