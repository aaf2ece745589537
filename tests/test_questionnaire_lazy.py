"""The questionnaire builds a section's fields only the first time it is shown, so that it
opens at once; the session holds every answer, so nothing of a section not yet shown is lost,
miscounted or left unchecked. Keys are pressed in the real app over real TinyDB files."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import focused_question, toast_texts, type_keys
from textual.widgets import Input, OptionList, Static

from playbook.questions import SECTIONS
from store.repository import Draft, Repository
from tui.app import make_app
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.review import ReviewScreen
from tui.widgets.question_field import ChoiceSet, QuestionField

SIZE = (100, 40)
CONTEXT = [question.id for question in SECTIONS[0].questions]


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    yield repo
    repo.close()


def built_sections(screen: QuestionnaireScreen) -> list[str]:
    """The sections whose fields exist, in the order they are in the screen."""
    return [str(box.id).removeprefix("section-") for box in screen.query(".section")]


def built_fields(screen: QuestionnaireScreen) -> list[str]:
    return [field.question.id for field in screen.query(QuestionField)]


def feedback(screen: QuestionnaireScreen, question_id: str) -> str:
    return str(screen.query_one(f"#field-{question_id} .feedback", Static).render())


def count(screen: QuestionnaireScreen) -> str:
    return str(screen.query_one("#count", Static).render())


async def opened(pilot, draft: Draft | None = None) -> QuestionnaireScreen:
    """The questionnaire over ``draft`` (a new diagnosis by ``n`` when none is given)."""
    await pilot.pause()
    if draft is None:
        await pilot.press("n")
    else:
        pilot.app.start_diagnosis(draft)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuestionnaireScreen)
    return screen


async def test_opening_builds_the_first_section_and_the_next_hidden(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert built_sections(screen) == ["context", "fit"]
        assert built_fields(screen)[: len(CONTEXT)] == CONTEXT
        assert not screen.query_one("#section-fit").display  # built, ready, not shown
        assert focused_question(screen) == "partner"
        assert not screen.query("#field-owner_ours")
        # The count is of the whole questionnaire all the same.
        answered, asked, _ = screen.session.progress()
        assert answered == 0 and asked > len(CONTEXT)
        assert count(screen) == f"0/{asked} answered"


async def test_a_resumed_draft_builds_the_section_it_resumes_in_and_its_neighbours(repository):
    draft = Draft(answers={"partner": "Acme", "owner_ours": "Kim"}, position="owner_ours")
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, draft)
        assert built_sections(screen) == ["fit", "owner", "rhythm"]
        shown = [box.id for box in screen.query(".section") if box.display]
        assert shown == ["section-owner"]
        assert focused_question(screen) == "owner_ours"
        assert screen.query_one("#answer-owner_ours", Input).value == "Kim"
        assert str(screen.query_one("#section-title", Static).render()).startswith("3/8")


async def test_the_next_section_is_built_with_what_was_typed_and_carried(repository):
    draft = Draft(
        answers={"partner": "Acme", "fit_audience": "yes", "value_ours": "a newsletter"},
        typed={"value_theirs": "discounts"},
        prefilled=("fit_audience", "value_ours"),
    )
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, draft)
        assert built_sections(screen) == ["context", "fit"]
        assert count(screen).endswith(", 2 ↺")
        await pilot.press("pagedown")
        await pilot.pause()
        assert built_sections(screen) == ["context", "fit", "owner"]
        assert focused_question(screen) == "fit_audience"
        audience = screen.query_one("#field-fit_audience", QuestionField)
        assert screen.query_one("#answer-fit_audience", ChoiceSet).value == "yes"
        assert audience.has_class("-prefilled")
        assert "From the last diagnosis" in feedback(screen, "fit_audience")
        ours = screen.query_one("#field-value_ours", QuestionField)
        assert ours.has_class("-prefilled")
        assert screen.query_one("#answer-value_ours", Input).value == "a newsletter"
        assert screen.query_one("#answer-value_theirs", Input).value == "discounts"
        assert not screen.query_one("#field-value_theirs", QuestionField).has_class("-prefilled")
        # Enter keeps the carried answer: it is the person's now.
        await pilot.press("enter")
        await pilot.pause()
        assert not audience.has_class("-prefilled")
        assert screen.session.carried == {"value_ours"}


async def test_a_section_first_shown_after_the_diagnosis_date_changed_reads_dates_from_it(
    repository,
):
    draft = Draft(
        answers={"partner": "Acme", "standing_review": "no", "last_conversation": "2026-11-09"},
        typed={"last_conversation": "2 weeks ago"},
    )
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, draft)
        await type_keys(pilot, ["tab", "tab", "tab"])
        assert focused_question(screen) == "diagnosed_on"
        await type_keys(pilot, ["2026-11-01"])
        # The session read the date again; the rhythm section, not built yet, follows it.
        assert screen.session.answers["last_conversation"] == "2026-10-18"
        assert "rhythm" not in built_sections(screen)
        screen.jump_to("last_conversation")
        await pilot.pause()
        assert focused_question(screen) == "last_conversation"
        assert "18 Oct 2026" in feedback(screen, "last_conversation")
        # No standing review: the questions about it are not shown, in a section just built.
        shown = [
            field.question.id
            for field in screen.query_one("#section-rhythm").query(QuestionField)
            if field.display
        ]
        assert shown == ["last_conversation", "standing_review"]


async def test_answers_in_later_sections_survive_going_back_and_forward(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await type_keys(pilot, ["Acme", "pagedown", "y", "p"])
        assert focused_question(screen) == "fit_delivery"
        await type_keys(pilot, ["pagedown", "Kim"])
        assert focused_question(screen) == "owner_ours"
        for key in ["pageup", "pageup", "pagedown", "pagedown"]:
            await pilot.press(key)
        await pilot.pause()
        assert screen.section.id == "owner"
        assert focused_question(screen) == "owner_ours"
        # Each section was built once, and is where it belongs among the others.
        assert built_sections(screen) == ["context", "fit", "owner", "rhythm"]
        assert built_fields(screen).count("owner_ours") == 1
        assert screen.query_one("#answer-owner_ours", Input).value == "Kim"
        assert screen.query_one("#answer-fit_audience", ChoiceSet).value == "yes"
        assert screen.query_one("#answer-fit_incentives", ChoiceSet).value == "partly"
        assert screen.query_one("#answer-partner", Input).value == "Acme"
        given = {"partner": "Acme", "fit_audience": "yes", "fit_incentives": "partly"}
        assert given | {"owner_ours": "Kim"} == {
            key: screen.session.answers[key] for key in [*given, "owner_ours"]
        }
        assert count(screen).startswith("4/")
        assert screen.autosaver is not None
        screen.autosaver.flush()
        [saved] = repository.drafts()
        assert saved.answers["owner_ours"] == "Kim" and saved.answers["fit_incentives"] == "partly"


async def test_the_review_lists_problems_of_sections_never_shown_and_jumps_there(repository):
    draft = Draft(answers={"partner": "Acme"}, typed={"last_activity": "the other day"})
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, draft)
        assert "last_activity" in screen.session.open_errors
        assert built_sections(screen) == ["context", "fit"]
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert set(review.errors) == {"last_activity"}
        summary = str(review.query_one("#review-summary", Static).render())
        assert summary.startswith("1 answer needs fixing")
        answers = review.query_one(OptionList)
        answers.highlighted = answers.get_option_index("last_activity")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.section.id == "activity"
        assert focused_question(screen) == "last_activity"
        assert screen.query_one("#answer-last_activity", Input).value == "the other day"
        assert screen.query_one("#field-last_activity", QuestionField).has_class("-invalid")
        # Jumping into a section between two built ones keeps them in order.
        screen.jump_to("workload")
        await pilot.pause()
        assert focused_question(screen) == "workload"
        order, built = [section.id for section in screen.session.sections], built_sections(screen)
        assert built == [section for section in order if section in built]
        assert {"expectations", "activity"} <= set(built)


async def test_finishing_refuses_an_answer_of_a_section_never_shown_and_opens_it(repository):
    draft = Draft(answers={"partner": "Acme"}, typed={"activity_last_month": "lots"})
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot, draft)
        assert built_sections(screen) == ["context", "fit"]
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert app.screen is screen
        assert any(text.startswith("Not finished yet.") for text in toast_texts(app))
        assert screen.section.id == "activity"
        assert focused_question(screen) == "activity_last_month"
        assert screen.query_one("#answer-activity_last_month", Input).value == "lots"
        assert "✗" in feedback(screen, "activity_last_month")
        assert repository.count() == 0


async def test_tab_moves_on_past_a_sections_last_question_and_back_before_its_first(repository):
    """Tab from the last question goes to the next section (as enter does), and what is typed
    next lands there; shift+tab from the first question goes to the section before, at its
    last question. Before, tab left the cursor in no field, and what was typed was lost."""
    draft = Draft(answers={"partner": "Acme", "fit_audience": "yes"}, position="still_want")
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, draft)
        assert focused_question(screen) == "still_want"
        await type_keys(pilot, ["tab", "Kim"])
        assert screen.section.id == "owner" and focused_question(screen) == "owner_ours"
        assert screen.session.typed["owner_ours"] == "Kim"
        await type_keys(pilot, ["shift+tab"])
        assert screen.section.id == "fit" and focused_question(screen) == "still_want"
        await type_keys(pilot, ["shift+tab"])
        assert focused_question(screen) == "value_theirs"  # within a section as before


async def test_neighbours_are_built_before_they_are_needed(repository):
    """Whichever section is shown, the ones before and after it are built (hidden) once it
    is drawn: enter on a last question, tab or a choice's letter move on at once, and a key
    typed right after finds the field it is meant for."""
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        for expected in (["context", "fit"], ["context", "fit", "owner"]):
            assert built_sections(screen) == expected
            assert all(box.is_mounted for box in screen.query(".section"))
            await pilot.press("pagedown")
            await pilot.pause()


async def test_a_question_jumped_to_low_in_a_new_section_is_scrolled_into_view(repository):
    draft = Draft(answers={"partner": "Acme", "activity": "slowing"})
    app = make_app(repository)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await opened(pilot, draft)
        assert "activity" not in built_sections(screen)
        screen.jump_to("last_activity")
        await pilot.pause()
        await pilot.pause()  # built, then laid out, then scrolled to
        assert focused_question(screen) == "last_activity"
        field = screen.query_one("#field-last_activity", QuestionField)
        body = screen.query_one("#body")
        assert body.scroll_y > 0
        assert body.region.contains_region(field.query_one("#answer-last_activity").region)
