"""The plain-prompt questionnaire, driven line by line as a screen reader user or a script
drives it: real stdin/stdout text, a real database file, real exit codes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE

from playbook.answers import validate
from playbook.questions import QUESTIONS, SECTIONS, applicable
from store.repository import Draft, Repository
from tui.plain import ENDED, run_plain

SAVED_ON_CTRL_C = (
    "Interrupted: every answer sent with Enter is saved as a draft (a line not yet sent is not)"
)

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)  # the clock conftest.py fixes


# EXAMPLE's answers (playbook version 2) typed the way a person would: digits, first letters,
# prefixes, dates in words, and Enter alone for "today". One line per question asked, in order:
# no review cadence or last review (there is no review), no "was that split agreed" (it is
# balanced), no owner request (their owner is named). The notes take two lines, and an empty
# one ends them.
FULL_LINES = [
    "Example Harbor Travel",
    "2",
    "2026-02-10",
    "",
    "y",
    "1",
    "partly",
    "a newsletter read by 40,000 small-business owners",
    "travel discounts our members ask for",
    "y",
    "Alex Kim",
    "y",
    "Jo Rivera",
    "p",
    "pe",
    "6 weeks ago",
    "n",
    "Partly",
    "discount redemptions per month",
    "b",
    "Partly",
    "y",
    "slowing",
    "1",
    "4",
    "fl",
    "Oct 20",
    "Their last two newsletter slots went unused.",
    "Jo took over from the manager who signed the deal in August.",
    "",
]
ASKED = [question for question in QUESTIONS.values() if question.applies(EXAMPLE)]
assert len(FULL_LINES) == len(ASKED) + 2
FINISH = ["done", "", "y"]
"""Go to the review, finish there, and finish anyway if too little is known (an answer the
run does not need is never read)."""
FIRST_TOTAL = len([question for question in QUESTIONS.values() if question.applies({})])
"""How many questions apply before any answer: the conditional ones wait for theirs."""


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    yield repo
    repo.close()


def plain(repository: Repository, lines: list[str], *, resume: bool = True) -> tuple[int, str]:
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    stdout = io.StringIO()
    code = run_plain(repository, stdin, stdout, resume=resume)
    return code, stdout.getvalue()


def expected_answers() -> dict[str, str]:
    """The example's answers to the questions that apply (its review cadence does not)."""
    return applicable(validate(EXAMPLE, TODAY).answers)


# -- a whole diagnosis ---------------------------------------------------------------------


def test_a_whole_diagnosis_by_digits_letters_and_dates(repository):
    code, out = plain(repository, [*FULL_LINES, ""])
    assert code == 0, out
    [summary] = repository.list()
    saved = repository.get(summary.id)
    assert saved is not None
    assert dict(saved.answers) == expected_answers()
    assert repository.drafts() == []
    # The verdict and the talking points are printed.
    assert "Example Harbor Travel: STALLED (dominant cause: rhythm)" in out
    assert "Talking points to revive it: Example Harbor Travel" in out
    assert out.index("Before the call") < out.index("What to say")
    assert "Next step: " in out
    assert f"Copy the points: unstall points {summary.id}" in out
    # Questions that do not apply were not asked.
    for hidden in ("review_cadence", "review_last_held", "workload_agreed", "owner_request"):
        assert QUESTIONS[hidden].prompt not in out


def test_sections_show_their_title_and_why(repository):
    _, out = plain(repository, [*FULL_LINES, ""])
    for number, section in enumerate(SECTIONS, start=1):
        assert f"== {number}/{len(SECTIONS)} {section.title} ==" in out
        assert section.why in out
    assert out.index("== 2/8 Fit ==") < out.index(QUESTIONS["fit_audience"].prompt)


def test_questions_show_hint_numbered_choices_and_the_prompt(repository):
    _, out = plain(repository, [*FULL_LINES, ""])
    assert f"(1/{FIRST_TOTAL}) Which partner organisation is this about? (required)" in out
    assert f"({len(ASKED)}/{len(ASKED)}) Other observations" in out
    assert "an empty line ends them" in out
    assert "  The name you use for them, e.g. Harbor Travel." in out
    assert "  1) Yes  2) Partly  3) No  4) Not sure" in out
    assert "\n> " in out


def test_dates_and_choices_are_shown_back(repository):
    _, out = plain(repository, [*FULL_LINES, ""])
    assert "  -> Mon 12 Oct 2026, 6 weeks ago" in out
    assert "  -> Tue 20 Oct 2026, 4 weeks ago" in out
    assert "  -> Co-marketing" in out
    assert "  -> Flat" in out


def test_user_text_is_printed_literally(repository):
    lines = ["[bold]Acme[/bold] *beta*", *FINISH]
    code, out = plain(repository, lines)
    assert code == 0, out
    assert "[bold]Acme[/bold] *beta*: " in out
    assert repository.list()[0].partner == "[bold]Acme[/bold] *beta*"


# -- moving around and help ------------------------------------------------------------------


def test_back_goes_to_the_previous_question_across_sections(repository):
    lines = [*FULL_LINES[:4], "<", "<", "", "", *FINISH]
    code, out = plain(repository, lines)
    assert code == 0, out
    # Back from fit_audience to diagnosed_on (another section), then to started.
    assert out.count(QUESTIONS["started"].prompt) == 2
    assert out.count("== 1/8 The partnership ==") == 2
    assert "  [current: Tue 10 Feb 2026, 9 months ago]" in out
    assert "  (kept: Tue 10 Feb 2026, 9 months ago)" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None and saved.answers["started"] == "2026-02-10"


def test_back_at_the_first_question_says_so(repository):
    code, out = plain(repository, ["<", "Acme", *FINISH])
    assert code == 0
    assert "This is the first question." in out


def test_back_shows_the_current_choice_and_a_new_one_replaces_it(repository):
    code, out = plain(repository, ["Acme", "2", "<", "t", "", "", *FINISH])
    assert code == 0, out
    assert "  [current: Co-marketing]" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None and saved.answers["kind"] == "technology"


def test_help_explains_what_can_be_typed(repository):
    code, out = plain(repository, ["Acme", "?", "2", "?", "", *FINISH])
    assert code == 0, out
    assert "a number from 1 to 8, or a choice's name or first letters" in out
    assert "a date such as 2026-10-03" in out
    assert "<            back one question" in out
    assert "q            save the draft and quit" in out
    # Help does not answer: the next line still answers the same question.
    saved = repository.get(repository.list()[0].id)
    assert saved is not None and saved.answers["kind"] == "co-marketing"


def test_a_backslash_gives_a_command_word_as_an_answer(repository):
    code, _ = plain(repository, ["\\q", *FINISH])
    assert code == 0
    assert repository.list()[0].partner == "q"


# -- invalid answers ---------------------------------------------------------------------


def test_an_invalid_date_is_explained_and_asked_again(repository):
    code, out = plain(repository, ["Acme", "1", "someday soon", "3 weeks ago", *FINISH])
    assert code == 0, out
    assert "  ! Not accepted: 'someday soon' is not a date" in out
    assert "  -> Mon 2 Nov 2026, 3 weeks ago" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None and saved.answers["started"] == "2026-11-02"


def test_a_date_after_the_diagnosis_is_refused_for_the_past(repository):
    code, out = plain(repository, ["Acme", "1", "in 2 weeks", "", *FINISH])
    assert code == 0
    assert "this question asks about the past" in out
    assert "  (left unanswered)" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None and "started" not in saved.answers


def test_an_unknown_or_ambiguous_choice_says_what_is_accepted(repository):
    lines = ["Acme", "maybe", "co", "com", *FINISH]
    code, out = plain(repository, lines)
    assert code == 0, out
    assert "'maybe' is not one of the choices: type a number from 1 to 8" in out
    assert "'co' could be Co-marketing or Community" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None and saved.answers["kind"] == "community"


def test_enter_after_a_rejection_keeps_the_answer_there_was(repository):
    lines = ["Acme", "1", "2026-02-10", "<", "whenever", "", "", *FINISH]
    code, out = plain(repository, lines)
    assert code == 0, out
    assert "  (kept: Tue 10 Feb 2026, 9 months ago)" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None and saved.answers["started"] == "2026-02-10"


def test_owners_accept_nobody(repository):
    # Nobody on either side: neither owner's role is asked; the owner request is ("3" declined).
    lines = [*FULL_LINES[:10], "nobody", "no one", "3", *FINISH]
    code, out = plain(repository, lines)
    assert code == 0, out
    assert out.count("  -> nobody") == 2
    assert "  -> They declined" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None
    assert saved.answers["owner_ours"] == "" and saved.answers["owner_theirs"] == ""
    assert saved.answers["owner_request"] == "declined"
    assert "owner" in {finding.cause for finding in saved.verdict.causes}


def test_a_new_diagnosis_date_rereads_the_relative_dates(repository):
    lines = ["Acme", "1", "3 weeks ago", "2026-10-01", *FINISH]
    code, out = plain(repository, lines)
    assert code == 0, out
    assert "now reads as Thu 10 Sep 2026, 3 weeks ago" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None
    assert saved.answers["started"] == "2026-09-10"
    assert saved.answers["diagnosed_on"] == "2026-10-01"


def test_done_without_a_partner_asks_for_it(repository):
    code, out = plain(repository, ["", "done", "", "Acme", "", "y"])
    assert code == 0, out
    assert "The partner's name is required." in out
    assert out.count("The partner's name is required.") == 1
    assert repository.list()[0].partner == "Acme"


# -- end of input, quitting, interrupting --------------------------------------------------


def test_input_ending_midway_keeps_the_draft_says_how_to_resume_and_exits_2(repository):
    code, out = plain(repository, FULL_LINES[:14])
    assert code == 2, out
    assert ENDED in out
    assert "unstall diagnose --plain" in out
    assert repository.list() == []
    [draft] = repository.drafts()
    assert draft.answers["partner"] == "Example Harbor Travel"
    assert "standing_review" not in draft.answers


def test_input_ending_right_after_a_rejected_answer_exits_2_and_keeps_the_text(repository):
    code, out = plain(repository, ["Acme", "1", "someday soon"])
    assert code == 2
    assert ENDED in out
    assert "(typed: someday soon)" in out
    assert repository.list() == []
    [draft] = repository.drafts()
    assert draft.typed["started"] == "someday soon"
    assert "started" not in draft.answers
    assert draft.answers == {"partner": "Acme", "kind": "referral"}
    assert draft.position == "started"


def test_input_ending_without_a_partner_exits_2_and_saves_the_draft(repository):
    code, out = plain(repository, ["", "2"])
    assert code == 2
    assert "Which partner organisation is this about? is required" in out
    assert ENDED in out
    [draft] = repository.drafts()
    assert draft.answers == {"kind": "co-marketing"}


def test_input_ending_before_any_answer_saves_nothing(repository):
    code, out = plain(repository, [])
    assert code == 2
    assert "nothing was saved" in out
    assert repository.drafts() == [] and repository.list() == []


def test_q_at_once_says_nothing_was_answered(repository):
    code, out = plain(repository, ["q"])
    assert code == 0
    assert "Nothing was answered, so nothing was saved." in out
    assert repository.drafts() == []


def test_q_after_only_starting_from_last_time_says_why_no_draft_was_kept(repository):
    repository.save(validate(EXAMPLE, TODAY).answers)
    partner = validate(EXAMPLE, TODAY).answers["partner"]
    code, out = plain(repository, [partner, "y", "q"])
    assert code == 0
    assert "Starting from last time's answers." in out
    assert (
        "Only the partner's name and last time's answers are here so far, so no draft was "
        "kept." in out
    )
    assert "Nothing was answered" not in out
    assert repository.drafts() == []


def test_input_ending_after_only_starting_from_last_time_says_why_no_draft_was_kept(repository):
    repository.save(validate(EXAMPLE, TODAY).answers)
    partner = validate(EXAMPLE, TODAY).answers["partner"]
    code, out = plain(repository, [partner, "y"])  # then the input ends: no q
    assert code == 2
    assert "Starting from last time's answers." in out
    assert (
        "Only the partner's name and last time's answers are here so far, so no draft was "
        "kept." in out
    )
    assert "Input ended before any answer" not in out
    assert repository.drafts() == []


def test_q_saves_the_draft_and_quits(repository):
    code, out = plain(repository, ["Northwind", "4", "last Tuesday", "q"])
    assert code == 0
    assert "Saved as a draft: Northwind. Run `unstall diagnose --plain` again to resume it." in out
    [draft] = repository.drafts()
    assert draft.answers["kind"] == "technology"
    assert draft.typed["started"] == "last Tuesday"
    assert draft.answers["started"] == "2026-11-17"
    assert draft.position == "diagnosed_on"


class InterruptAfter(io.StringIO):
    """Lines, then Ctrl-C."""

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        line = super().readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_saves_the_draft_and_exits_130(repository):
    stdout = io.StringIO()
    code = run_plain(repository, InterruptAfter("Acme\n2\n"), stdout)
    assert code == 130
    assert SAVED_ON_CTRL_C in stdout.getvalue()
    [draft] = repository.drafts()
    assert draft.answers == {"partner": "Acme", "kind": "co-marketing"}


def test_every_answer_is_in_the_draft_as_it_is_given(repository):
    seen: list[dict[str, str]] = []

    class Watching(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            drafts = repository.drafts()
            seen.append(dict(drafts[0].answers) if drafts else {})
            return super().readline()

    stdout = io.StringIO()
    run_plain(repository, Watching("Acme\n1\nq\n"), stdout)
    assert seen == [{}, {"partner": "Acme"}, {"partner": "Acme", "kind": "referral"}]


# -- drafts shared with the TUI ------------------------------------------------------------


def test_a_draft_changed_in_another_window_is_kept_apart_and_said_once(repository):
    """The same draft open in a second window (a second Repository on the folder) changes
    between two answers: the next save here is kept as a separate draft, the run says so
    once, in plain words, and each draft holds its own answers."""
    other_window: list[int] = []

    class SecondWindow(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            drafts = repository.drafts()
            if not other_window and drafts and "kind" in drafts[0].answers:
                (draft,) = drafts  # the one answered here so far: partner and kind
                other = Repository(repository.path)
                changed = {"partner": "Acme", "kind": "co-marketing"}
                other.save_draft(replace(draft, answers=changed, typed=changed))
                other_window.append(draft.id)
            return super().readline()

    stdout = io.StringIO()
    code = run_plain(repository, SecondWindow("Acme\n1\n2026-02-10\n\nq\n"), stdout)
    out = stdout.getvalue()
    assert code == 0 and other_window
    said = "This draft was also saved from another window."
    assert out.count(said) == 1  # at the save that forked, not at the ones after
    assert "Nothing you typed is lost" in out and "go on in a separate draft" in out
    assert out.index("-> Tue 10 Feb 2026") < out.index(said)
    (first,) = other_window
    (kept_apart,) = [draft for draft in repository.drafts() if draft.id != first]
    assert repository.get_draft(first).answers == {"partner": "Acme", "kind": "co-marketing"}
    assert kept_apart.answers == {
        "partner": "Acme",
        "kind": "referral",
        "started": "2026-02-10",
    }


def test_finishing_a_draft_another_window_changed_says_how_to_resume_its_answers(repository):
    """The other window saves the draft just before the last line here finishes it: the
    diagnosis is saved from the answers here, the other window's answers stay a draft, and
    plain mode (which has no home screen) says how to get back to them."""
    lines = [*FULL_LINES, ""]
    read: list[int] = []

    class SecondWindow(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            read.append(1)
            if len(read) == len(lines):
                (draft,) = repository.drafts()
                theirs = {**draft.answers, "notes": "changed in the other window"}
                Repository(repository.path).save_draft(replace(draft, answers=theirs, typed=theirs))
            return super().readline()

    stdout = io.StringIO()
    code = run_plain(repository, SecondWindow("".join(f"{line}\n" for line in lines)), stdout)
    out = " ".join(stdout.getvalue().split())
    assert code == 0, out
    assert (
        "! Saved from the answers here. Another window also changed this draft; its answers are "
        "kept as a separate draft: run `unstall diagnose --plain` again to resume it, or open "
        "it from home in the app." in out
    )
    assert "draft on home" not in out
    (kept,) = repository.drafts()
    assert kept.answers["notes"] == "changed in the other window"
    (summary,) = repository.list()
    assert repository.get(summary.id).answers["notes"] != "changed in the other window"


def test_a_draft_saved_as_the_tui_saves_it_resumes_and_finishes(repository):
    repository.save_draft(
        Draft(
            answers={"partner": "Harbor", "kind": "referral", "started": "2026-02-10"},
            typed={"partner": "Harbor", "kind": "referral", "started": "2026-02-10"},
            position="fit_audience",
            seconds=120.0,
        )
    )
    code, out = plain(repository, ["y", "1", "1", *FINISH])
    assert code == 0, out
    assert "An unfinished diagnosis of Harbor was found (3 answers). Resume it? [Y/n]" in out
    assert "Resuming at: Do your audiences or customer bases overlap?" in out
    assert "== 2/8 Fit ==" in out
    assert "== 1/8 The partnership ==" not in out
    assert repository.drafts() == []
    saved = repository.get(repository.list()[0].id)
    assert saved is not None
    assert saved.answers["partner"] == "Harbor"
    assert saved.answers["kind"] == "referral"
    assert saved.answers["fit_audience"] == "yes"
    assert saved.answers["fit_incentives"] == "yes"


def test_a_tui_draft_with_invalid_text_shows_it_and_enter_drops_it(repository):
    repository.save_draft(
        Draft(
            answers={"partner": "Harbor"},
            typed={"partner": "Harbor", "started": "someday soon"},
            position="started",
        )
    )
    code, out = plain(repository, ["", "", *FINISH])
    assert code == 0, out
    assert "[typed before: someday soon (not accepted: 'someday soon' is not a date" in out
    saved = repository.get(repository.list()[0].id)
    assert saved is not None and "started" not in saved.answers


def test_a_tui_draft_with_invalid_text_at_eof_exits_2(repository):
    repository.save_draft(
        Draft(answers={"partner": "Harbor"}, typed={"partner": "Harbor", "started": "soon-ish"})
    )
    code, out = plain(repository, ["y"])
    assert code == 2
    assert "(typed: soon-ish)" in out
    assert repository.drafts()[0].typed["started"] == "soon-ish"


def test_no_starts_a_new_diagnosis_and_keeps_the_old_draft(repository):
    old = repository.save_draft(Draft(answers={"partner": "Old"}, typed={"partner": "Old"}))
    code, out = plain(repository, ["n", "New", *FINISH])
    assert code == 0, out
    assert "the unfinished one is kept" in out
    assert [draft.id for draft in repository.drafts()] == [old.id]
    assert repository.list()[0].partner == "New"


def test_resume_false_does_not_offer_the_draft(repository):
    repository.save_draft(Draft(answers={"partner": "Old"}, typed={"partner": "Old"}))
    code, out = plain(repository, ["New", *FINISH], resume=False)
    assert code == 0
    assert "Resume it?" not in out
    assert len(repository.drafts()) == 1


def test_an_unclear_reply_to_resume_is_asked_again_and_eof_changes_nothing(repository):
    repository.save_draft(Draft(typed={"kind": "referral"}, answers={"kind": "referral"}))
    code, out = plain(repository, ["perhaps"])
    assert code == 2
    assert "An unfinished diagnosis (no partner named yet) was found (1 answer)." in out
    assert "Type y to resume it or n to start a new one." in out
    assert "nothing was changed" in out
    assert len(repository.drafts()) == 1


async def test_a_plain_draft_resumes_in_the_tui(repository):
    from textual.widgets import Input

    from tui.app import make_app
    from tui.screens.questionnaire import QuestionnaireScreen

    code, _ = plain(repository, ["Northwind", "4", "last Tuesday", "q"])
    assert code == 0
    app = make_app(repository)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert screen.session.answers["partner"] == "Northwind"
        assert screen.session.answers["kind"] == "technology"
        assert screen.query_one("#answer-started", Input).value == "last Tuesday"
        assert screen.session.position == "diagnosed_on"


# -- as a program --------------------------------------------------------------------------


def test_the_module_does_not_load_textual():
    code = "import sys, tui.plain\nassert 'textual' not in sys.modules, 'textual loaded'\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def run_program(db_path: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.plain", str(db_path)],
        input="".join(f"{line}\n" for line in lines),
        cwd=ROOT,
        env={**os.environ, "UNSTALL_TODAY": TODAY.isoformat()},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_piped_input_without_a_terminal_gives_the_verdict_and_points(db_path):
    done = run_program(db_path, [*FULL_LINES, ""])
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Example Harbor Travel: STALLED (dominant cause: rhythm)" in done.stdout
    assert "Talking points to revive it: Example Harbor Travel, Mon 23 Nov 2026" in done.stdout
    assert "> Example Harbor Travel\n" in done.stdout  # piped answers are echoed
    with Repository(db_path) as repository:
        assert [s.partner for s in repository.list()] == ["Example Harbor Travel"]


def test_piped_input_ending_after_a_rejection_exits_2_then_resumes(db_path):
    done = run_program(db_path, ["Acme", "1", "someday soon"])
    assert done.returncode == 2, done.stderr
    assert ENDED in done.stdout
    again = run_program(db_path, ["y", "3 weeks ago", *FINISH])
    assert again.returncode == 0, again.stderr
    assert "An unfinished diagnosis of Acme was found (2 answers)." in again.stdout
    with Repository(db_path) as repository:
        assert repository.drafts() == []
        saved = repository.get(repository.list()[0].id)
        assert saved is not None and saved.answers["started"] == "2026-11-02"


def test_the_program_needs_a_database_path():
    done = subprocess.run(
        [sys.executable, "-m", "tui.plain"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "usage:" in done.stderr


class UnreadableAt(io.StringIO):
    """Input whose ``n``-th line cannot be decoded as text (as a stray byte in a pipe)."""

    def __init__(self, text: str, n: int) -> None:
        super().__init__(text)
        self.n, self.count = n, 0

    def readline(self, *args) -> str:  # type: ignore[override]
        self.count += 1
        if self.count == self.n:
            super().readline()
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
        return super().readline(*args)


def test_an_unreadable_line_at_a_yes_no_question_is_asked_again(repository):
    repository.save(validate(EXAMPLE, TODAY).answers)
    partner = validate(EXAMPLE, TODAY).answers["partner"]
    stdin = UnreadableAt(f"{partner}\n\xff\nn\n", n=2)  # the 2nd line answers "start from last?"
    stdout = io.StringIO()
    code = run_plain(repository, stdin, stdout, resume=True)
    out = stdout.getvalue()
    assert "That line could not be read as text; type it again." in out
    assert "Start from last time's answers?" in out
    assert code == 2  # input ended before the last question: the draft is kept
    assert len(repository.drafts()) == 1


def test_a_byte_order_mark_piped_in_is_no_part_of_the_partners_name(db_path):
    """A file saved by Notepad starts with U+FEFF: it became part of the name, a second partner
    that looked like the first."""
    done = run_program(db_path, [f"\ufeff{FULL_LINES[0]}", *FULL_LINES[1:], ""])
    assert done.returncode == 0, done.stderr
    with Repository(db_path) as repository:
        assert [s.partner for s in repository.list()] == [FULL_LINES[0]]
