"""Keys typed ahead of the cursor land where the cursor goes, in order: enter, a choice's
letter or tab followed at once by more keys (a fast typist, or a busy machine) used to put
those keys in the field just left (``Acme`` enter ``Kim`` gave the partner ``AcmeKim``).
Each burst is posted to the real app in one go, before it handles any of it, over real
database files; the same keys pressed one at a time give the same answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, diagnosed, toast_texts
from textual import events
from textual.widgets import Input

from playbook import clock
from playbook.answers import validate
from store.repository import Repository
from tui.app import make_app
from tui.screens.find import FindScreen
from tui.screens.home import HomeScreen
from tui.screens.meeting import MeetingScreen
from tui.screens.outcome import OutcomeScreen
from tui.screens.partner import PartnerScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.review import ReviewScreen

SIZE = (100, 40)
ENTER, TAB = "\n", "\t"

# Context, fit and the first of owner: across two sections (the next one built as the
# cursor reaches it), choices picked by a letter or a digit, an empty date kept by enter.
TYPED = (
    "Acme" + ENTER + "2" + "2026-03-02" + ENTER + ENTER + "yyy"
    "a newsletter" + ENTER + "discounts" + ENTER + "y" + "Kim" + ENTER + "y" + "Jo" + ENTER
)
EXPECTED = {
    "partner": "Acme",
    "kind": "co-marketing",
    "started": "2026-03-02",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "value_ours": "a newsletter",
    "value_theirs": "discounts",
    "still_want": "yes",
    "owner_ours": "Kim",
    "owner_ours_in_role": "yes",
    "owner_theirs": "Jo",
}


def key_of(character: str) -> events.Key:
    if character == ENTER:
        return events.Key("enter", "\r")
    if character == TAB:
        return events.Key("tab", "\t")
    if character == " ":
        return events.Key("space", " ")
    names = {"-": "minus", "/": "slash"}
    return events.Key(character if character.isalnum() else names[character], character)


def burst(app: Any, text: str) -> None:
    """Every key of ``text`` in the app's queue at once, as a terminal hands a burst over."""
    for character in text:
        app.post_message(key_of(character))


async def settle(pilot: Any) -> None:
    for _ in range(5):
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()


async def new_questionnaire(pilot: Any) -> QuestionnaireScreen:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuestionnaireScreen)
    return screen


def given(screen: QuestionnaireScreen) -> dict[str, str]:
    return {key: value for key, value in screen.session.answers.items() if value}


@pytest.mark.parametrize("how", ["burst", "one key at a time"])
async def test_a_burst_across_questions_and_sections_lands_each_key_in_its_field(
    tmp_path: Path, how: str
) -> None:
    db = tmp_path / "db"
    app = make_app(Repository(db))
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_questionnaire(pilot)
        if how == "burst":
            burst(app, TYPED)
        else:
            for character in TYPED:
                await pilot.press(key_of(character).key)
        await settle(pilot)
        answers = given(screen)
        assert {key: answers.get(key) for key in EXPECTED} == EXPECTED
        assert screen.section.id == "owner"
        assert screen.focused is screen.query_one("#answer-owner_theirs_in_role")
        await pilot.press("escape")
        await settle(pilot)
    # As given, so as saved: the draft in the database holds the same answers.
    (draft,) = Repository(db).drafts()
    assert {key: draft.answers.get(key) for key in EXPECTED} == EXPECTED


async def test_keys_after_tab_go_to_the_next_question(tmp_path: Path) -> None:
    app = make_app(Repository(tmp_path / "db"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_questionnaire(pilot)
        burst(app, "Acme" + TAB + "3" + "2026-01-05" + TAB)
        await settle(pilot)
        assert given(screen) == {"partner": "Acme", "kind": "reseller", "started": "2026-01-05"}
        assert screen.focused is screen.query_one("#answer-diagnosed_on")


async def test_keys_after_enter_on_a_refused_answer_stay_with_it(tmp_path: Path) -> None:
    """Enter on an answer refused stays on it (the correction belongs there), and so do the
    keys typed after it."""
    app = make_app(Repository(tmp_path / "db"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_questionnaire(pilot)
        burst(app, "Acme" + ENTER + "1" + "soon" + ENTER + "ish")
        await settle(pilot)
        assert screen.session.typed["started"] == "soonish"
        assert screen.focused is screen.query_one("#answer-started")


@pytest.mark.parametrize("how", ["burst", "one key at a time"])
async def test_the_outcome_form_puts_keys_typed_after_enter_in_the_next_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_answers: dict[str, Any], how: str
) -> None:
    db = diagnosed(capsys, tmp_path, example_answers)
    app = make_app(Repository(db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OutcomeScreen)
        fix, owner, due = (form.query_one(f"#{name}", Input) for name in ("fix", "owner", "due"))
        assert fix.value and owner.value  # as proposed: each is selected as the cursor lands
        form.set_focus(fix)
        await pilot.pause()
        typed = "A call" + ENTER + "Kim" + ENTER + "2026-12-10"
        if how == "burst":
            burst(app, typed)
        else:
            for character in typed:
                await pilot.press(key_of(character).key)
        await settle(pilot)
        assert (fix.value, owner.value, due.value) == ("A call", "Kim", "2026-12-10")
        assert form.focused is due


def example_saved(tmp_path: Path) -> Repository:
    """A database in ``tmp_path`` holding the example, diagnosed today."""
    repository = Repository(tmp_path / "db")
    validated = validate(EXAMPLE, clock.today())
    assert validated.ok, validated.errors
    repository.save(validated.answers)
    return repository


@pytest.mark.parametrize("how", ["burst", "one key at a time"])
async def test_the_meeting_puts_keys_typed_after_enter_in_the_next_field(
    tmp_path: Path, how: str
) -> None:
    app = make_app(example_saved(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # home: the one partner
        await pilot.pause()
        await pilot.press("enter")  # its one diagnosis
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        lines = [meeting.query_one(f"#{name}", Input) for name in ("held_on", "fix", "owner")]
        for line in lines:
            line.value = ""
        meeting.set_focus(lines[0])
        await settle(pilot)
        typed = "today" + ENTER + "A call" + ENTER + "Kim" + ENTER
        if how == "burst":
            burst(app, typed)
        else:
            for character in typed:
                await pilot.press(key_of(character).key)
        await settle(pilot)
        assert [line.value for line in lines] == ["today", "A call", "Kim"]
        assert meeting.focused is not None and meeting.focused.id == "side"


async def test_keys_typed_right_after_n_on_home_go_to_the_first_questions(tmp_path: Path) -> None:
    app = make_app(Repository(tmp_path / "db"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        burst(app, "nAcme" + ENTER + "2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert given(screen) == {"partner": "Acme", "kind": "co-marketing"}
        assert screen.focused is screen.query_one("#answer-started")


async def test_keys_typed_right_after_slash_on_home_go_to_the_search(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    app = make_app(Repository(diagnosed(capsys, tmp_path, example_answers)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        burst(app, "/Harbor")
        await settle(pilot)
        find = app.screen
        assert isinstance(find, FindScreen)
        assert find.query_one("#partner", Input).value == "Harbor"


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_keys_typed_right_after_leaving_the_review_go_to_the_question(
    tmp_path: Path, key: str
) -> None:
    """From the review, enter on the partner's answer, or escape, goes back to the question;
    what is typed at once is added to that answer."""
    app = make_app(Repository(tmp_path / "db"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_questionnaire(pilot)
        burst(app, "Acme")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        app.post_message(events.Key(key, "\r" if key == "enter" else "\x1b"))
        burst(app, " Travel")
        await settle(pilot)
        assert app.screen is screen
        assert given(screen) == {"partner": "Acme Travel"}


def post(app: Any, *events_: events.Event) -> None:
    for event in events_:
        app.post_message(event)


CTRL_R = events.Key("ctrl+r", "\x12")
DOWN = events.Key("down", None)
SPACE = events.Key("space", " ")


async def test_keys_after_a_review_opened_in_a_burst_go_to_it_then_back(tmp_path: Path) -> None:
    """Enter, ctrl+r and enter in one burst: the review opens and its enter takes the cursor
    back to the first answer (it used to stop the app: a key reached the review unbuilt)."""
    app = make_app(Repository(tmp_path / "db"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_questionnaire(pilot)
        burst(app, "Acme" + ENTER)
        post(app, CTRL_R, key_of(ENTER))
        burst(app, " Travel")
        await settle(pilot)
        assert app.screen is screen
        assert given(screen) == {"partner": "Acme Travel"}


async def test_space_after_an_arrow_picks_the_option_the_arrow_moved_to(tmp_path: Path) -> None:
    app = make_app(Repository(tmp_path / "db"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_questionnaire(pilot)
        burst(app, "Acme" + ENTER)
        post(app, DOWN, SPACE)
        burst(app, "2026-03-02")
        await settle(pilot)
        assert given(screen) == {"partner": "Acme", "kind": "referral", "started": "2026-03-02"}


async def test_a_paste_after_enter_goes_to_the_next_question(tmp_path: Path) -> None:
    app = make_app(Repository(tmp_path / "db"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_questionnaire(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        burst(app, "yyya newsletter" + ENTER)
        post(app, events.Paste("discounts"))
        await settle(pilot)
        answers = given(screen)
        assert (answers["value_ours"], answers["value_theirs"]) == ("a newsletter", "discounts")


async def test_keys_after_declining_the_follow_up_go_to_the_next_question(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    app = make_app(Repository(diagnosed(capsys, tmp_path, example_answers)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_questionnaire(pilot)
        burst(app, example_answers["partner"] + ENTER + "n" + "2" + "2026-03-02")
        await settle(pilot)
        assert app.screen is screen
        answers = given(screen)
        assert (answers["kind"], answers["started"]) == ("co-marketing", "2026-03-02")


async def test_keys_after_going_back_from_the_finish_question_go_to_the_questions(
    tmp_path: Path,
) -> None:
    app = make_app(Repository(tmp_path / "db"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_questionnaire(pilot)
        burst(app, "Acme")
        post(app, CTRL_R)
        burst(app, "fn2")  # finish; the almost empty question: no, go back; then kind
        await settle(pilot)
        assert app.screen is screen
        assert given(screen) == {"partner": "Acme", "kind": "co-marketing"}


SHIFT_TAB = events.Key("shift+tab", None)


async def test_the_outcome_form_puts_keys_after_a_pick_and_tab_in_the_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    """An arrow and space pick a decision, tab goes on to the fix: what follows replaces the
    proposed fix (selected as the cursor lands), never typed into the decision."""
    db = diagnosed(capsys, tmp_path, example_answers)
    app = make_app(Repository(db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("o")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OutcomeScreen)
        post(app, DOWN, SPACE, key_of(TAB))
        burst(app, "A call")
        await settle(pilot)
        assert form.query_one("#fix", Input).value == "A call"
        assert form.focused is form.query_one("#fix", Input)


async def test_the_meeting_puts_keys_typed_after_shift_tab_in_the_field_before(
    tmp_path: Path,
) -> None:
    app = make_app(example_saved(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        fix, owner = (meeting.query_one(f"#{name}", Input) for name in ("fix", "owner"))
        fix.value, owner.value = "", ""
        meeting.set_focus(fix)
        await settle(pilot)
        burst(app, "A call" + TAB + "Kim")
        post(app, SHIFT_TAB)
        burst(app, "Z")
        await settle(pilot)
        assert owner.value == "Kim"
        assert fix.value.endswith("Z") and meeting.focused is fix


async def test_keys_after_a_refused_follow_up_act_at_once(tmp_path: Path) -> None:
    """n on a partner's page whose file was damaged since: refused, said, and the keys typed
    after it are not held (escape goes home at once, not after the hold's second)."""
    repository = example_saved(tmp_path)
    app = make_app(repository)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        (partner_file,) = (tmp_path / "db" / "partners").glob("*.json")
        partner_file.write_text("{not json")
        burst(app, "n")
        post(app, events.Key("escape", None))
        for _ in range(3):
            await pilot.pause()
        assert any("Could not start a follow-up" in text for text in toast_texts(app))
        assert isinstance(app.screen, HomeScreen)
