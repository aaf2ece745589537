"""The questions of playbook version 2, as a person meets them: a question that does not apply
is not asked, counts are whole numbers, and the notes take several lines. Each behaviour is
driven twice, in the real app (keys pressed over a real TinyDB file) and in plain mode (lines
on stdin)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from support import focused_question, type_keys
from textual.widgets import Input, OptionList, TextArea

from playbook.questions import QUESTIONS
from store.repository import Draft, Repository
from tui.app import make_app
from tui.plain import ENDED, run_plain
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.review import ReviewScreen
from tui.screens.verdict import VerdictScreen
from tui.widgets.question_field import QuestionField

SIZE = (100, 40)
SECTION_ORDER = [
    "context",
    "fit",
    "owner",
    "rhythm",
    "expectations",
    "enablement",
    "activity",
    "notes",
]


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    yield repo
    repo.close()


def field(screen: QuestionnaireScreen, question_id: str) -> QuestionField:
    return screen.query_one(f"#field-{question_id}", QuestionField)


def shown_in(screen: QuestionnaireScreen, section_id: str) -> list[str]:
    """The questions whose fields are shown in a section, in order."""
    box = screen.query_one(f"#section-{section_id}")
    return [f.question.id for f in box.query(QuestionField) if f.display]


def saved_draft(screen: QuestionnaireScreen, repository: Repository) -> Draft:
    assert screen.autosaver is not None
    screen.autosaver.flush()
    [draft] = repository.drafts()
    return draft


async def open_section(pilot, section_id: str, partner: str = "Acme") -> QuestionnaireScreen:
    """A new diagnosis of ``partner``, moved on to the section ``section_id``."""
    await pilot.press("n")
    await pilot.pause()
    await type_keys(pilot, [partner])
    for _ in range(SECTION_ORDER.index(section_id)):
        await pilot.press("pagedown")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuestionnaireScreen)
    assert screen.section.id == section_id
    return screen


def count_shown(screen: QuestionnaireScreen) -> str:
    return str(screen.query_one("#count").render())


# -- in the app ------------------------------------------------------------------------------


async def test_review_cadence_is_not_asked_when_there_is_no_review(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "rhythm")
        assert shown_in(screen, "rhythm") == ["last_conversation", "standing_review"]
        before = count_shown(screen)
        await type_keys(pilot, ["10 weeks ago", "enter", "n"])
        # No review: nothing more to ask in this section, so the next one opens.
        assert screen.section.id == "expectations"
        assert not field(screen, "review_cadence").display
        assert not field(screen, "review_last_held").display

        # Changing the answer to yes shows both questions, and enter walks through them.
        await pilot.press("pageup")
        await type_keys(pilot, ["tab", "y"])
        assert shown_in(screen, "rhythm") == [
            "last_conversation",
            "standing_review",
            "review_cadence",
            "review_last_held",
        ]
        assert focused_question(screen) == "review_cadence"
        assert count_shown(screen) != before
        await type_keys(pilot, ["3", "2 weeks ago", "enter"])
        assert screen.section.id == "expectations"
        assert screen.session.answers["review_cadence"] == "monthly"
        assert screen.session.answers["review_last_held"] == "2026-11-09"

        # Back to no: hidden again, and what was given there is kept in the draft.
        await pilot.press("pageup")
        await type_keys(pilot, ["tab", "n"])
        assert shown_in(screen, "rhythm") == ["last_conversation", "standing_review"]
        draft = saved_draft(screen, repository)
        assert draft.answers["standing_review"] == "no"
        assert draft.answers["review_cadence"] == "monthly"
        assert draft.typed["review_last_held"] == "2 weeks ago"

        # The review lists only what applies.
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        listed = {option.id for option in review.query_one(OptionList).options if option.id}
        assert "standing_review" in listed
        assert "review_cadence" not in listed and "review_last_held" not in listed


async def test_the_progress_counts_only_questions_that_apply(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "rhythm")
        # The partner only: the diagnosis date left empty (today) is asked but not counted,
        # as home's banner does not count it.
        assert count_shown(screen) == "1/27 answered"
        await type_keys(pilot, ["tab", "y"])
        assert count_shown(screen) == "2/29 answered"


async def test_their_owners_role_is_not_asked_when_nobody_owns_it_and_the_owner_request_is(
    repository,
):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "owner")
        assert shown_in(screen, "owner") == [
            "owner_ours",
            "owner_ours_in_role",
            "owner_theirs",
            "owner_theirs_in_role",
            "changes_theirs",
        ]
        await type_keys(pilot, ["Alex Kim", "enter", "y", "nobody", "enter"])
        assert shown_in(screen, "owner") == [
            "owner_ours",
            "owner_ours_in_role",
            "owner_theirs",
            "owner_request",
            "changes_theirs",
        ]
        assert focused_question(screen) == "owner_request"
        await pilot.press("3")
        await pilot.pause()
        assert focused_question(screen) == "changes_theirs"
        draft = saved_draft(screen, repository)
        assert draft.answers["owner_theirs"] == ""
        assert draft.answers["owner_request"] == "declined"
        assert "owner_theirs_in_role" not in draft.answers


async def test_our_owners_role_is_not_asked_when_nobody_owns_it_on_our_side(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "owner")
        await type_keys(pilot, ["nobody", "enter"])
        assert not field(screen, "owner_ours_in_role").display
        assert focused_question(screen) == "owner_theirs"


async def test_workload_agreed_is_asked_only_for_a_lopsided_split(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "expectations")
        assert "workload_agreed" not in shown_in(screen, "expectations")
        await type_keys(pilot, ["1", "clicks per month", "enter", "1"])
        # Balanced: nothing more to ask, the next section opens.
        assert screen.section.id == "enablement"
        assert not field(screen, "workload_agreed").display

        await pilot.press("pageup")
        await type_keys(pilot, ["tab", "tab", "2"])
        assert screen.session.answers["workload"] == "mostly-us"
        assert field(screen, "workload_agreed").display
        assert focused_question(screen) == "workload_agreed"
        await pilot.press("2")
        await pilot.pause()
        assert screen.session.answers["workload_agreed"] == "no"
        assert screen.section.id == "enablement"

        await pilot.press("pageup")
        await type_keys(pilot, ["tab", "tab", "3"])
        assert field(screen, "workload_agreed").display  # mostly them is lopsided too
        await type_keys(pilot, ["shift+tab", "4"])
        assert screen.session.answers["workload"] == "unsure"
        assert not field(screen, "workload_agreed").display


async def test_a_count_that_is_not_a_whole_number_is_refused_and_stays_in_the_field(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "activity")
        await type_keys(pilot, ["3", "2.5"])
        count = screen.query_one("#answer-activity_last_month", Input)
        assert count.value == "2.5"
        last_month = field(screen, "activity_last_month")
        assert last_month.has_class("-invalid")
        feedback = str(last_month.query_one(".feedback").render())
        assert "'2.5' is not a whole number" in feedback
        assert "activity_last_month" not in screen.session.answers
        # Enter stays on it, with the reason; tab moves on and keeps what was typed.
        await type_keys(pilot, ["enter"])
        assert focused_question(screen) == "activity_last_month"
        await type_keys(pilot, ["tab", "-3"])
        assert focused_question(screen) == "activity_typical_month"
        assert "below zero" in str(
            field(screen, "activity_typical_month").query_one(".feedback").render()
        )
        draft = saved_draft(screen, repository)
        assert draft.typed["activity_last_month"] == "2.5"
        assert "activity_last_month" not in draft.answers
        # Finishing is refused, and the cursor goes back to the first count to fix.
        await pilot.press("ctrl+r")
        await pilot.press("f")
        await pilot.pause()
        assert app.screen is screen
        assert app.focused is count
        # Corrected, it is a count.
        await pilot.press("backspace", "backspace", "backspace")
        await type_keys(pilot, ["12"])
        assert not last_month.has_class("-invalid")
        assert screen.session.answers["activity_last_month"] == "12"


async def test_notes_keep_several_lines(repository, db_path):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "notes", partner="Harbor")
        notes = screen.query_one("#answer-notes", TextArea)
        assert app.focused is notes
        await type_keys(
            pilot,
            ["Their newsletter slots went unused.", "enter", "Jo took over in August.", "enter"],
        )
        await type_keys(pilot, ["[b]not markup[/b]"])
        # Enter made new lines: still in the notes, every change already in the draft.
        assert app.focused is notes
        assert screen.section.id == "notes"
        typed = "Their newsletter slots went unused.\nJo took over in August.\n[b]not markup[/b]"
        assert saved_draft(screen, repository).typed["notes"] == typed
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("y")  # too little is known: finish anyway
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
    with Repository(db_path) as reopened:
        [summary] = reopened.list()
        saved = reopened.get(summary.id)
        assert saved is not None
        assert saved.answers["notes"] == typed
        assert reopened.drafts() == []


async def test_tab_leaves_the_notes_and_pagedown_still_moves_on(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "notes")
        notes = screen.query_one("#answer-notes", TextArea)
        await type_keys(pilot, ["one", "tab"])
        # Past the last question of the last section, tab goes on as pagedown does: the
        # review; the notes are kept, and escape comes back to them.
        assert isinstance(app.screen, ReviewScreen)
        assert notes.text == "one"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("pageup")
        assert screen.section.id == "activity"
        await pilot.press("pagedown")
        assert screen.section.id == "notes"
        assert app.focused is notes
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_notes_from_a_draft_are_shown_with_their_lines(repository):
    repository.save_draft(
        Draft(
            answers={"partner": "Acme", "notes": "one\ntwo"},
            typed={"partner": "Acme", "notes": "one\ntwo\n"},
            position="notes",
        )
    )
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        notes = screen.query_one("#answer-notes", TextArea)
        assert notes.text == "one\ntwo\n"
        assert app.focused is notes
        assert screen.session.typed["notes"] == "one\ntwo\n"


# -- in plain mode -------------------------------------------------------------------------


FINISH = ["done", "", "y"]
"""Go to the review, finish there, and finish anyway if too little is known."""


def plain(repository: Repository, lines: list[str]) -> tuple[int, str]:
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    stdout = io.StringIO()
    code = run_plain(repository, stdin, stdout)
    return code, stdout.getvalue()


def start_at(repository: Repository, position: str, **answers: str) -> None:
    """A draft of Acme that resumes at ``position``."""
    given = {"partner": "Acme", **answers}
    repository.save_draft(Draft(answers=given, typed=dict(given), position=position))


def saved(repository: Repository) -> dict[str, str]:
    [summary] = repository.list()
    diagnosis = repository.get(summary.id)
    assert diagnosis is not None
    return dict(diagnosis.answers)


def asked_after(out: str, question_id: str) -> str:
    """The prompt of the question asked right after ``question_id`` was first asked."""
    questions = [
        line.split(") ", 1)[1].removesuffix(" (required)")
        for line in out.splitlines()
        if re.match(r"\(\d+/\d+\) ", line)
    ]
    return questions[questions.index(QUESTIONS[question_id].prompt) + 1]


def test_plain_review_cadence_is_not_asked_when_there_is_no_review(repository):
    start_at(repository, "standing_review")
    code, out = plain(repository, ["y", "n", *FINISH])
    assert code == 0, out
    assert QUESTIONS["review_cadence"].prompt not in out
    assert QUESTIONS["review_last_held"].prompt not in out
    assert asked_after(out, "standing_review") == QUESTIONS["expectations_written"].prompt
    assert "review_cadence" not in saved(repository)


def test_plain_review_cadence_and_last_review_are_asked_when_there_is_one(repository):
    start_at(repository, "standing_review")
    code, out = plain(repository, ["y", "y", "2", "3 weeks ago", *FINISH])
    assert code == 0, out
    assert asked_after(out, "standing_review") == QUESTIONS["review_cadence"].prompt
    assert asked_after(out, "review_cadence") == QUESTIONS["review_last_held"].prompt
    # The count of questions grows by the two that now apply.
    assert "/28) Is a recurring review on the calendar?" in out
    assert "/30) How often does it recur?" in out
    answers = saved(repository)
    assert answers["review_cadence"] == "biweekly"
    assert answers["review_last_held"] == "2026-11-02"


def test_plain_back_skips_a_question_that_does_not_apply(repository):
    start_at(repository, "standing_review")
    code, out = plain(repository, ["y", "n", "<", "<", "", *FINISH])
    assert code == 0, out
    # Back from expectations goes to the review question, not to its hidden cadence.
    assert asked_after(out, "expectations_written") == QUESTIONS["standing_review"].prompt
    assert out.count(QUESTIONS["last_conversation"].prompt) == 1


def test_plain_their_owners_role_is_not_asked_when_nobody_owns_it_and_the_request_is(
    repository,
):
    start_at(repository, "owner_ours")
    code, out = plain(repository, ["y", "Alex Kim", "y", "nobody", "4", *FINISH])
    assert code == 0, out
    assert QUESTIONS["owner_theirs_in_role"].prompt not in out
    assert asked_after(out, "owner_theirs") == QUESTIONS["owner_request"].prompt
    answers = saved(repository)
    assert answers["owner_ours_in_role"] == "yes"
    assert answers["owner_theirs"] == ""
    assert answers["owner_request"] == "no-answer"


def test_plain_a_named_owner_is_asked_about_their_role_not_the_request(repository):
    start_at(repository, "owner_ours")
    code, out = plain(repository, ["y", "nobody", "Jo Rivera", "p", *FINISH])
    assert code == 0, out
    assert QUESTIONS["owner_ours_in_role"].prompt not in out
    assert QUESTIONS["owner_request"].prompt not in out
    assert saved(repository)["owner_theirs_in_role"] == "partly"


def test_plain_workload_agreed_is_asked_only_for_a_lopsided_split(repository):
    start_at(repository, "workload")
    code, out = plain(repository, ["y", "b", *FINISH])
    assert code == 0, out
    assert QUESTIONS["workload_agreed"].prompt not in out

    start_at(repository, "workload")
    code, out = plain(repository, ["y", "mostly them", "no", *FINISH])
    assert code == 0, out
    assert asked_after(out, "workload") == QUESTIONS["workload_agreed"].prompt
    newest = max(repository.list(), key=lambda summary: summary.id)
    diagnosis = repository.get(newest.id)
    assert diagnosis is not None
    assert diagnosis.answers["workload"] == "mostly-them"
    assert diagnosis.answers["workload_agreed"] == "no"


def test_plain_a_count_that_is_not_a_whole_number_is_refused_and_asked_again(repository):
    start_at(repository, "activity_last_month")
    code, out = plain(repository, ["y", "2.5", "?", "2", "1,200", *FINISH])
    assert code == 0, out
    assert "  ! Not accepted: '2.5' is not a whole number" in out
    assert "a whole number, 0 or more" in out
    answers = saved(repository)
    assert answers["activity_last_month"] == "2"
    assert answers["activity_typical_month"] == "1200"


def test_plain_a_refused_count_at_the_end_of_input_stays_in_the_draft(repository):
    start_at(repository, "activity_last_month")
    code, out = plain(repository, ["y", "two"])
    assert code == 2, out
    assert ENDED in out
    assert "(typed: two)" in out
    [draft] = repository.drafts()
    assert draft.typed["activity_last_month"] == "two"
    assert "activity_last_month" not in draft.answers


def test_plain_notes_keep_several_lines(repository):
    start_at(repository, "notes")
    code, out = plain(repository, ["y", "Slots went unused.", "Jo took over.", "", "", "y"])
    assert code == 0, out
    assert "an empty line ends them" in out
    assert saved(repository)["notes"] == "Slots went unused.\nJo took over."


def test_plain_notes_of_one_line_end_with_the_input_and_stay_in_the_draft(repository):
    start_at(repository, "notes")
    code, out = plain(repository, ["y", "Just one line."])
    assert code == 2, out
    assert repository.list() == []
    assert repository.drafts()[0].answers["notes"] == "Just one line."


def test_plain_notes_lines_are_kept_as_typed_even_command_words(repository):
    start_at(repository, "notes")
    code, out = plain(repository, ["y", "first", "q", "done", "<", "", "", "y"])
    assert code == 0, out
    assert saved(repository)["notes"] == "first\nq\ndone\n<"
