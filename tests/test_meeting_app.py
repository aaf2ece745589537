"""The reset conversation in the app, as the user holds it: keys pressed in the real app over
real TinyDB files, from the verdict through the meeting screen to the three drafts, a quit and
a kill mid-call, and the next diagnosis that starts from what was agreed.

The partner is the example (stalled, rhythm dominant), diagnosed on the fixed day of
conftest (Mon 23 Nov 2026)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from support import EXAMPLE, screen_text, toast_texts, type_keys
from textual.widgets import Input, OptionList, TabbedContent, TextArea

from playbook.answers import validate
from playbook.conversation import Conversation
from playbook.outcome import Outcome
from store.repository import Repository
from tui.app import make_app
from tui.screens.drafts import DraftsScreen, calendar_events
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.meeting import FinishScreen, MeetingScreen, spoken_points
from tui.screens.partner import PartnerScreen
from tui.screens.questionnaire import QuestionnaireScreen
from tui.screens.verdict import VerdictScreen
from tui.widgets.checklist import Checklist

TODAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 27)  # "next friday" typed on Mon 23 Nov 2026
HERE = Path(__file__).resolve().parent
SIZE = (100, 40)


def seed(repository: Repository) -> None:
    """The example partner, diagnosed today (stalled, rhythm dominant)."""
    validated = validate(EXAMPLE, TODAY)
    assert validated.ok, validated.errors
    repository.save(validated.answers)


@pytest.fixture
def repository(db_path: Path):
    repo = Repository(db_path)
    seed(repo)
    yield repo
    repo.close()


async def open_verdict(pilot) -> VerdictScreen:
    await pilot.pause()
    await pilot.press("enter")  # home: the one partner
    await pilot.pause()
    assert isinstance(pilot.app.screen, PartnerScreen)
    await pilot.press("enter")  # its one diagnosis
    await pilot.pause()
    assert isinstance(pilot.app.screen, VerdictScreen)
    return pilot.app.screen


async def open_meeting(pilot) -> MeetingScreen:
    await open_verdict(pilot)
    await pilot.press("m")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    assert isinstance(pilot.app.focused, Checklist)  # the points first: y n e work at once
    return screen


async def replace_text(pilot, text: str) -> None:
    """In the focused one-line field: clear it (home, ctrl+k) and type ``text``."""
    await pilot.press("home", "ctrl+k")
    await type_keys(pilot, [text])


async def hold_meeting(pilot, answer: str, *, decision_key: str = "enter") -> MeetingScreen:
    """From home: the verdict, ``m``, two points ticked, the answer, the fix, owner, side, due
    date and a note typed, ``ctrl+s`` and the decision (``enter`` keeps the one the answer
    gives)."""
    screen = await open_meeting(pilot)
    await pilot.press("space", "down", "down", "space")  # the first and the third point
    await pilot.press(answer)
    await pilot.press("tab")  # held on: pre-filled with today
    assert pilot.app.focused is screen.query_one("#held_on", Input)
    await pilot.press("tab")
    await replace_text(pilot, "Jo names an owner for the newsletter slots")
    await pilot.press("tab")
    await replace_text(pilot, "Jo Rivera")
    await pilot.press("tab")  # who acts: both sides, from the next step; one up is theirs
    await pilot.press("up", "enter")
    await pilot.press("tab")
    await replace_text(pilot, "next friday")
    assert "Fri 27 Nov 2026" in str(screen.query_one("#due-read").render())
    await pilot.press("tab")
    assert isinstance(pilot.app.focused, TextArea)
    await type_keys(pilot, ["She checks with her manager.", "enter", "y n e stay text here."])
    assert screen.typed["priority"] == {"y": "yes", "n": "no", "e": "evasive"}[answer]
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FinishScreen)
    await pilot.press(decision_key)
    await pilot.pause()
    return screen


def stored_conversation(db_path: Path) -> tuple[Conversation | None, Outcome | None]:
    reopened = Repository(db_path)
    try:
        (summary,) = reopened.list()
        diagnosis = reopened.get(summary.id)
        assert diagnosis is not None
        assert reopened.meetings() == []  # the meeting became the conversation
        return (
            Conversation.from_dict(diagnosis.extra.get("conversation")),
            Outcome.from_dict(diagnosis.extra.get("outcome")),
        )
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("answer", "decision_key", "decision"),
    [("y", "enter", "revive"), ("n", "enter", "exit"), ("e", "p", "pending")],
    ids=["yes-revives", "no-exits", "evasive-picked-pending"],
)
async def test_a_whole_meeting_from_the_verdict_ends_in_the_three_drafts(
    repository, db_path, tmp_path, answer, decision_key, decision
):
    priority = {"y": "yes", "n": "no", "e": "evasive"}[answer]
    app = make_app(repository, export_dir=tmp_path / "exports")
    async with app.run_test(size=SIZE) as pilot:
        await hold_meeting(pilot, answer, decision_key=decision_key)
        drafts = app.screen
        assert isinstance(drafts, DraftsScreen)
        recap_text = drafts.query_one("#recap-editor", TextArea).text
        await pilot.press("c")  # copied: the whole email, subject first
        await app.workers.wait_for_complete()
        assert app.clipboard == recap_text
        await pilot.press("e")  # saved as a text file, the whole path said
        await pilot.pause()
        (recap_file,) = (tmp_path / "exports").glob("*.txt")
        assert recap_file.read_text(encoding="utf-8") == recap_text
        await pilot.press("3")
        await pilot.pause()
        assert drafts.query_one(TabbedContent).active == "agreement"
        agreement_text = drafts.query_one("#agreement-editor", TextArea).text
        await pilot.press("2")
        await pilot.pause()
        assert drafts.query_one(TabbedContent).active == "calendar"
        words = str(drafts.query_one("#calendar-words").render())
        await pilot.press("i")  # on the calendar: saves the .ics
        await pilot.pause()
        saved = list((tmp_path / "exports").glob("*.ics"))
        assert len(saved) == 1
        await pilot.press("escape")
        await pilot.pause()
        # Back on the verdict: the outcome the conversation set, and m now opens the drafts.
        verdict = app.screen
        assert isinstance(verdict, VerdictScreen)
        assert f"Outcome: {decision}" in str(verdict.query_one("#outcome").render()).replace(
            "exit, winding it down", "exit"
        ).replace("pending, no answer yet", "pending")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)

    conversation, outcome = stored_conversation(db_path)
    assert conversation is not None and outcome is not None
    assert conversation.priority == priority
    assert conversation.decision == decision and outcome.decision == decision
    assert conversation.held_on == TODAY
    assert conversation.fix == "Jo names an owner for the newsletter slots"
    assert conversation.owner == "Jo Rivera" and outcome.owner == "Jo Rivera"
    assert conversation.side == "theirs"
    assert conversation.due == FRIDAY and outcome.due == FRIDAY
    assert conversation.notes == "She checks with her manager.\ny n e stay text here."
    assert conversation.said == (0, 2)
    # The drafts quote what was agreed: the fix, its owner, its day.
    for text in (recap_text, agreement_text):
        assert "Jo names an owner for the newsletter slots" in text
        assert "Jo Rivera" in text
        assert "27 Nov" in text
    assert recap_text.startswith("Subject: ")
    # The calendar, in words and in the file saved: the fix's day (and a review unless exit).
    ics = saved[0].read_text(encoding="utf-8")
    events = calendar_events(ics)
    assert FRIDAY in [day for _, day, _ in events]
    assert "Fri 27 Nov 2026" in words
    recurring = [summary for summary, _, repeats in events if repeats]
    assert bool(recurring) == (decision != "exit")


async def test_an_edited_recap_is_kept_on_the_conversation_and_checked_for_blame(
    repository, db_path
):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await hold_meeting(pilot, "y")
        drafts = app.screen
        assert isinstance(drafts, DraftsScreen)
        await pilot.press("i")
        editor = drafts.query_one("#recap-editor", TextArea)
        assert not editor.read_only
        await type_keys(pilot, ["You never reply."])
        assert "You never" in str(drafts.query_one("#recap-flags").render())
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("m")  # the drafts again, with the edit
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        again = app.screen.query_one("#recap-editor", TextArea).text
        assert again.endswith("You never reply.")
        await pilot.press("r")  # the draft back (confirmed), kept as no edit at all
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.screen.query_one("#recap-editor", TextArea).text.endswith("reply.")
        await pilot.press("escape")
        await pilot.pause()
    restored, _ = stored_conversation(db_path)
    assert restored is not None and restored.recap is None
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_verdict(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("i")
        await type_keys(pilot, ["You never reply."])
        await pilot.press("escape", "escape")
        await pilot.pause()
    conversation, _ = stored_conversation(db_path)
    assert conversation is not None and conversation.recap is not None
    assert conversation.recap.endswith("You never reply.")
    assert conversation.recap.startswith("Subject: ")


async def test_finishing_with_problems_says_which_field_and_keeps_everything(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # to the due date
        await replace_text(pilot, "2026-11-20")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)  # not finished
        assert screen.query_one("#priority-problem").display
        assert "yes, no or evasive" in str(screen.query_one("#priority-problem").render())
        due = str(screen.query_one("#due-read").render())
        assert "✗" in due and "before the conversation" in due
        assert screen.typed["due"] == "2026-11-20"
        # Correcting one problem clears its message at once; the other stays.
        await replace_text(pilot, "in 2 weeks")
        assert "Mon 7 Dec 2026" in str(screen.query_one("#due-read").render())
        assert screen.query_one("#priority-problem").display
        # Escape leaves, from a text field too: the meeting is kept as typed, nothing recorded.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
    (found,) = repository.meetings()
    assert found.meeting.typed["due"] == "in 2 weeks"
    assert "priority" not in found.meeting.typed
    assert repository.get(found.diagnosis_id).extra["conversation"] is None


async def test_a_meeting_discarded_is_gone_and_records_nothing(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press("space", "y")
        assert screen.writer is not None and screen.writer.flush()
        assert [found.partner for found in repository.meetings()] == ["Example Harbor Travel"]
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("y")  # confirmed
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
    assert repository.meetings() == []
    diagnosis = repository.get(repository.list()[0].id)
    assert diagnosis is not None and diagnosis.extra["conversation"] is None
    assert diagnosis.extra["outcome"] is None


async def test_quitting_mid_meeting_and_resuming_from_home_keeps_everything_typed(db_path):
    first = Repository(db_path)
    seed(first)
    app = make_app(first)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot)
        await pilot.press("down", "space", "e")
        await pilot.press("tab", "tab", "tab")  # who owns it
        await replace_text(pilot, "Priya")
        await pilot.press("tab", "tab", "tab")  # the notes
        await type_keys(pilot, ["they will come back to us"])
        await pilot.press("ctrl+q")
    first.close()

    second = Repository(db_path)
    app = make_app(second)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        banner = home.query_one("#meeting-resume")
        assert banner.display
        assert "Example Harbor Travel" in str(banner.render())
        assert "1 point ticked" in str(banner.render())
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.typed["priority"] == "evasive"
        assert "NO CLEAR ANSWER" in str(screen.query_one("#priority").render())
        assert screen.query_one("#owner", Input).value == "Priya"
        assert screen.query_one("#notes", TextArea).text == "they will come back to us"
        assert screen.query_one(Checklist).ticked == {1}
        assert screen.said == {1}
        # The rest still comes from the next step, as it was.
        assert screen.query_one("#fix", Input).value
    second.close()


def test_a_kill_mid_meeting_loses_nothing_typed(db_path):
    seeded = Repository(db_path)
    seed(seeded)
    seeded.close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), str(HERE)])}
    child = subprocess.Popen(
        [sys.executable, str(HERE / "meeting_child.py"), str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=HERE.parent,
    )
    assert child.stdout is not None and child.stderr is not None
    line = child.stdout.readline()  # the child has typed, and its writer is idle
    try:
        assert line, child.stderr.read().decode(errors="replace")[-3000:]
        typed = json.loads(line)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL  # killed mid-call: no leave, no flush, no close
    reopened = Repository(db_path)
    try:
        (found,) = reopened.meetings()
        partner, meeting = found.partner, found.meeting
        assert partner == "Example Harbor Travel"
        assert meeting.typed["priority"] == "no"
        assert meeting.typed["notes"] == typed["notes"]
        assert meeting.typed["owner"] == typed["owner"]
        assert meeting.said == (0,)
    finally:
        reopened.close()


async def test_the_next_diagnosis_of_the_partner_starts_from_the_agreed_fix(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await hold_meeting(pilot, "y")
        await pilot.press("escape")  # the drafts
        await pilot.press("escape")  # the verdict
        await pilot.pause()
        assert isinstance(app.screen, PartnerScreen)
        # The partner's page shows the conversation of the diagnosis under the cursor.
        held = str(app.screen.query_one("#conversation").render())
        assert "held on Mon 23 Nov 2026; their answer: yes; decision: revive" in held
        assert "agreed: Jo names an owner for the newsletter slots (their side, owned by" in held
        await pilot.press("n")
        await pilot.pause()
        questionnaire = app.screen
        assert isinstance(questionnaire, QuestionnaireScreen)
        assert (
            questionnaire.session.answers["previous_fix"]
            == "Jo names an owner for the newsletter slots"
        )
        assert questionnaire.session.answers["previous_fix_owner"] == "Jo Rivera"
        assert questionnaire.session.answers["previous_fix_due"] == FRIDAY.isoformat()
        text = screen_text(app)
        assert "Did last time's agreed fix happen?" in text
        assert "Agreed: Jo names an owner for the newsletter slots." in text
        assert "Fri 27 Nov 2026" in text


async def test_the_meeting_checklist_is_the_users_own_edited_points(repository):
    diagnosis = repository.list()[0]
    repository.set_edited_points(
        diagnosis.id,
        "Before the call\n\n- a note to self\n\nWhat to say\n\n- Hello Jo.\n- Is it"
        " still a priority?\n  Honestly?\n",
    )
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_verdict(pilot)
        await pilot.press("t")  # the talking points, as edited; m from there too
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.points == ["Hello Jo.", "Is it still a priority? Honestly?"]
        assert "a note to self" not in screen_text(app)
    stored = repository.get(diagnosis.id)
    assert stored is not None and spoken_points(stored) == screen.points


async def test_the_help_lists_the_meeting_keys(repository):
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#keys").render())
        for key, what in (("^s", "Finish"), ("y", "Yes"), ("n", "No"), ("e", "Evasive")):
            assert what in keys and key in keys
        assert "Tick as said" in keys
        text = screen_text(app)
        assert "After the call" in text and "Restore draft" in text


async def test_stored_text_is_shown_literally_never_as_markup(repository):
    from playbook.conversation import Meeting

    diagnosis_id = repository.list()[0].id
    hostile = "[bold]Jo[/bold] names an owner \x1b[31m"
    repository.save_meeting(
        diagnosis_id,
        Meeting(typed={"fix": hostile, "owner": "[@click=app.quit]Jo[/]", "priority": "yes"}),
    )
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")  # home: resume the meeting
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.query_one("#fix", Input).value == "[bold]Jo[/bold] names an owner ␛[31m"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "[bold]Jo[/bold] names an owner ␛[31m" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        text = screen_text(app)
        assert "[@click=app.quit]Jo[/]" in text
        assert "\x1b" not in text
    # What was typed is kept as typed, not as it was shown.
    stored = repository.get(diagnosis_id)
    assert stored is not None
    assert stored.extra["conversation"]["fix"] == hostile.strip()


async def test_the_verdicts_calendar_file_follows_the_conversation(repository, tmp_path):
    exports = tmp_path / "exports"
    app = make_app(repository, export_dir=exports)
    async with app.run_test(size=SIZE) as pilot:
        verdict = await open_verdict(pilot)
        proposed = verdict.diagnosis.talking_points.conversation_on
        assert proposed is not None
        await pilot.press("i")  # before the call: the conversation itself, and the review
        await pilot.pause()
        (before,) = exports.glob("*.ics")
        first = before.read_text(encoding="utf-8")
        days = [day for _, day, _ in calendar_events(first)]
        assert proposed in days and FRIDAY not in days
        await pilot.press("escape")  # back to the partner's page, then the verdict again
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await hold_meeting(pilot, "y")
        await pilot.press("escape")  # the drafts, back to the verdict
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("i")  # after it: the review and the fix's due date
        await pilot.pause()
        # The first file is kept as it was; the new one is saved beside it.
        assert before.read_text(encoding="utf-8") == first
        after = before.with_name(f"{before.stem}-2.ics")
        assert set(exports.glob("*.ics")) == {before, after}
        events = calendar_events(after.read_text(encoding="utf-8"))
        assert FRIDAY in [day for _, day, _ in events]
        assert proposed not in [day for _, day, repeats in events if not repeats]


# -- found by trying the screens at 80x24 (QA) ----------------------------------------------

SMALL = (80, 24)


async def test_a_diagnosis_deleted_meanwhile_is_said_once_and_nothing_claims_saved(
    repository, db_path
):
    app = make_app(repository)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press("y")
        assert screen.writer is not None and screen.writer.flush()
        other = Repository(db_path)  # another window deletes the diagnosis
        other.delete(other.list()[0].id)
        other.close()
        await pilot.press("space", "down", "space", "down", "space")
        assert screen.writer.flush()
        await pilot.pause()
        toasts = [text for text in toast_texts(app) if "deleted in another window" in text]
        assert len(toasts) == 1  # said once, not at every key
        assert "saved with the next change" not in " ".join(toast_texts(app))
        assert "Not saved" in str(screen.query_one("#status").render())
        await pilot.press("ctrl+s")  # refused at once, the meeting stays on screen
        await pilot.pause()
        assert app.screen is screen
        assert "Not recorded" in str(screen.query_one("#status").render())
        assert screen.said == {0, 1, 2} and screen.typed["priority"] == "yes"
        await pilot.press("escape")
        await pilot.pause()
        assert any("was not saved from this window" in text for text in toast_texts(app))
        assert not any("is saved. Press m" in text for text in toast_texts(app))


async def test_a_second_window_cannot_finish_over_the_conversation_recorded_in_the_first(
    db_path,
):
    first = Repository(db_path)
    seed(first)
    app = make_app(first)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        stale = await open_meeting(pilot)
        await pilot.press("y")
        assert stale.writer is not None and stale.writer.flush()
        second = Repository(db_path)
        other = make_app(second)
        async with other.run_test(size=SMALL, notifications=True) as pilot2:
            await pilot2.pause()
            await pilot2.press("m")  # home: resume the same meeting
            await pilot2.pause()
            assert isinstance(other.screen, MeetingScreen)
            await pilot2.press("n")
            await pilot2.pause()
            await pilot2.press("tab", "enter", "ctrl+s")  # yes changed to no, confirmed
            await pilot2.pause()
            await pilot2.press("enter")  # recorded there: no, so exit
            await pilot2.pause()
            assert isinstance(other.screen, DraftsScreen)
        second.close()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is stale  # refused here, what was typed still on screen
        assert "changed or finished in another window" in str(stale.query_one("#status").render())
    conversation, outcome = stored_conversation(db_path)
    assert conversation is not None and conversation.priority == "no"
    assert outcome is not None and outcome.decision == "exit"


async def test_the_problems_on_finishing_name_the_fields_in_words(repository):
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press("y", "tab")  # held on
        await replace_text(pilot, "July 32")
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(screen.query_one("#status").render())
        assert "The day it was held: 'July 32' is not a date" in status
        assert "held_on" not in status
        assert app.focused is screen.query_one("#held_on", Input)


async def test_a_very_long_fix_leaves_room_for_the_drafts_at_80x24(repository):
    from playbook.conversation import Meeting

    diagnosis_id = repository.list()[0].id
    fix = "Jo names an owner " + "and more " * 220
    repository.save_meeting(diagnosis_id, Meeting(typed={"fix": fix, "priority": "yes"}))
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("m", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        assert "Revive (r)" in screen_text(app)  # the buttons still fit
        await pilot.press("enter")
        await pilot.pause()
        drafts = app.screen
        assert isinstance(drafts, DraftsScreen)
        title = str(drafts.query_one("#drafts-title").render())
        assert "Agreed: Jo names an owner and more" in title and "…" in title
        assert drafts.query_one("#recap-editor", TextArea).size.height >= 6
    stored = repository.get(diagnosis_id)
    assert stored is not None and stored.extra["conversation"]["fix"] == fix.strip()


async def test_home_names_every_meeting_in_progress(db_path):
    from playbook.conversation import Meeting

    repository = Repository(db_path)
    seed(repository)
    other = validate({**EXAMPLE, "partner": "Beta Co"}, TODAY)
    repository.save(other.answers)
    for summary in repository.list():
        repository.save_meeting(summary.id, Meeting(typed={"notes": "n"}))
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#meeting-resume").render())
        (first, second) = [found.partner for found in repository.meetings()]
        assert f"Conversation in progress: {first}" in banner
        assert f"Also in progress: {second}" in banner
        assert "Press m to choose which one to go back to" in banner
    repository.close()


async def test_the_side_chosen_is_said_in_words_not_by_colour_alone(repository):
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_meeting(pilot)
        assert "→ chosen: both sides" in str(screen.query_one("#side-read").render())
        await pilot.press("tab", "tab", "tab", "tab")  # who acts
        assert app.focused is screen.query_one("#side")
        await pilot.press("y")  # the answer key works from the side's buttons too
        await pilot.press("up", "enter")
        await pilot.pause()
        assert "→ chosen: their side" in screen_text(app)
        assert screen.typed["priority"] == "yes" and screen.typed["side"] == "theirs"


async def test_copying_and_saving_a_draft_say_what_happened_to_that_draft(repository):
    app = make_app(repository)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await hold_meeting(pilot, "y")
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (copied,) = [text for text in toast_texts(app) if text.startswith("Recap email")]
        assert "points" not in copied and "Markdown" not in copied
        await pilot.press("e")
        await pilot.pause()
        (path,) = app.export_dir.glob("unstall-recap-*.txt")
        assert any(str(path) in text for text in toast_texts(app))
        assert path.read_text(encoding="utf-8").startswith("Subject: ")


# -- a partnership manager's gaps: several meetings, a narrow footer, the drafts' keys, a long fix


def two_meetings(db_path: Path) -> Repository:
    """Two partners with a meeting in progress each: Beta Co's started at 10:02 and saved
    first, the example's started at 11:30 and saved last (so listed first)."""
    from datetime import datetime

    from playbook import clock
    from playbook.conversation import Meeting

    repository = Repository(db_path)
    seed(repository)
    repository.save(validate({**EXAMPLE, "partner": "Beta Co"}, TODAY).answers)
    ids = {summary.partner: summary.id for summary in repository.list()}
    for partner, at, typed, said in (
        ("Beta Co", "10:02", {"priority": "no", "notes": "beta"}, (0, 1)),
        ("Example Harbor Travel", "11:30", {"notes": "harbor"}, (2,)),
    ):
        clock.fix(datetime.fromisoformat(f"{TODAY.isoformat()}T{at}"))
        repository.save_meeting(
            ids[partner], Meeting(typed=typed, said=said, started_at=clock.now().isoformat())
        )
    clock.fix(TODAY)
    return repository


async def test_m_with_several_meetings_in_progress_lets_the_user_choose_which(db_path):
    from tui.screens.home import MeetingPicker

    repository = two_meetings(db_path)
    assert [found.partner for found in repository.meetings()] == [
        "Example Harbor Travel",
        "Beta Co",
    ]
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#meeting-resume").render())
        assert "Press m to choose which one" in banner
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MeetingPicker)  # not the newest opened at once
        assert "2 conversations in progress, the last saved first" in screen_text(app)
        # Each with its partner and when it was last saved, the last saved at the top.
        choices = picker.query_one(OptionList)
        assert [str(choices.get_option_at_index(n).prompt) for n in range(2)] == [
            "Example Harbor Travel · saved today at 11:30 · 1 point ticked",
            "Beta Co · saved today at 10:02 · 2 points ticked · their answer: no",
        ]
        assert app.focused is choices and choices.highlighted == 0
        await pilot.press("escape")  # cancels: home again, nothing opened
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingPicker)
        await pilot.press("down", "enter")  # the older one: Beta Co
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.diagnosis.partner == "Beta Co"
        assert screen.typed["notes"] == "beta" and screen.said == {0, 1}
        await pilot.press("y")  # it goes on saving where it was
        await pilot.pause()
        await pilot.press("tab", "enter")  # no changed to yes, confirmed
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    saved = {found.partner: found.meeting for found in repository.meetings()}
    assert saved["Beta Co"].typed["priority"] == "yes"
    assert saved["Example Harbor Travel"].typed == {"notes": "harbor"}
    repository.close()


async def test_m_with_one_meeting_in_progress_still_opens_it_directly(db_path):
    repository = two_meetings(db_path)
    example = next(
        found.diagnosis_id for found in repository.meetings() if found.partner != "Beta Co"
    )
    repository.discard_meeting(example)
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "Also in progress" not in str(app.screen.query_one("#meeting-resume").render())
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.diagnosis.partner == "Beta Co"
    repository.close()


async def test_the_picker_shows_when_each_meeting_was_last_saved_not_started(db_path):
    """Beta Co's meeting was started first (Friday) but saved last (today): it is listed first,
    with the time of that save; the example's, started and saved yesterday, comes second."""
    from datetime import datetime

    from playbook import clock
    from playbook.conversation import Meeting
    from tui.screens.home import MeetingPicker

    repository = Repository(db_path)
    seed(repository)
    repository.save(validate({**EXAMPLE, "partner": "Beta Co"}, TODAY).answers)
    ids = {summary.partner: summary.id for summary in repository.list()}
    clock.fix(datetime(2026, 11, 20, 9, 15))
    beta = repository.save_meeting(
        ids["Beta Co"], Meeting(typed={"notes": "beta"}, started_at=clock.now().isoformat())
    )
    clock.fix(datetime(2026, 11, 22, 16, 40))
    repository.save_meeting(
        ids["Example Harbor Travel"],
        Meeting(typed={"notes": "harbor"}, said=(2,), started_at=clock.now().isoformat()),
    )
    clock.fix(datetime(2026, 11, 23, 11, 5))
    later = Meeting({"notes": "beta, later"}, (0,), beta.started_at, beta.revision)
    repository.save_meeting(ids["Beta Co"], later)
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MeetingPicker)
        choices = picker.query_one(OptionList)
        assert [str(choices.get_option_at_index(n).prompt) for n in range(2)] == [
            "Beta Co · saved today at 11:05 · 1 point ticked",
            "Example Harbor Travel · saved yesterday at 16:40 · 1 point ticked",
        ]
        await pilot.press("enter")  # the first: the one saved last
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.diagnosis.partner == "Beta Co"
        assert app.screen.typed["notes"] == "beta, later"
    repository.close()


def footer_keys(app) -> list[tuple[str, object]]:
    """Each key the footer draws: its text and where it is on screen."""
    from textual.geometry import Region

    found = []
    for key in app.screen.query("Footer FooterKey"):
        width, height = key.outer_size
        strips = key.render_lines(Region(0, 0, width, height))
        found.append(("".join(s.text for strip in strips for s in strip).strip(), key.region))
    return found


async def test_the_meeting_footer_at_60x20_shows_keys_and_quit_whole(repository):
    app = make_app(repository)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_meeting(pilot)
        keys = footer_keys(app)
        (palette,) = [region for text, region in keys if "palette" in text]
        others = [(text, region) for text, region in keys if "palette" not in text]
        shown_texts = " | ".join(text for text, _ in others)
        assert not {"y", "n", "e"} & {text for text, _ in others}  # named at the top instead
        for wanted in ("Finish", "Save & leave", "Keys", "Quit"):
            assert wanted in shown_texts, shown_texts
        for text, region in others:  # none of them under the palette key or off the screen
            assert region.right <= palette.x, (text, region, palette)
        # The answer keys left out of the footer still answer, and the keys screen lists them.
        await pilot.press("e")
        assert screen.typed["priority"] == "evasive"
        assert "NO CLEAR ANSWER" in str(screen.query_one("#priority").render())
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = str(app.screen.query_one("#keys").render())
        for key, what in (("y", "Yes"), ("n", "No"), ("e", "Evasive"), ("^s", "Finish")):
            assert any(line.split()[:1] == [key] and what in line for line in listed.splitlines())
        await pilot.press("escape")
        await pilot.pause()
        # Typing in a field, y n e are letters there, at any width.
        await pilot.press("tab", "tab", "home", "ctrl+k", "y", "n", "e")
        assert screen.query_one("#fix", Input).value == "yne"
        assert screen.typed["priority"] == "evasive"
    (found,) = repository.meetings()
    assert found.meeting.typed["priority"] == "evasive" and found.meeting.typed["fix"] == "yne"


async def test_the_meeting_footer_at_80_columns_still_shows_the_answer_keys(repository):
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_meeting(pilot)
        assert {"y", "n", "e"} <= {text for text, _ in footer_keys(app)}
        await pilot.press("n")
        assert screen.typed["priority"] == "no"
        await pilot.resize_terminal(60, 20)  # narrower: the answer keys leave the footer
        await pilot.pause()
        await pilot.pause()
        texts = {text for text, _ in footer_keys(app)}
        assert not {"y", "n", "e"} & texts and "^q Quit" in texts
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("tab", "enter")  # no changed to yes, confirmed
        await pilot.pause()
        assert screen.typed["priority"] == "yes"


async def test_the_drafts_keys_list_every_key_the_screen_binds_on_every_tab(repository):
    from textual.binding import Binding

    declared = [
        binding
        for binding in Binding.make_bindings(DraftsScreen.BINDINGS)
        if binding.description and binding.action != "app.help"
    ]
    app = make_app(repository)
    async with app.run_test(size=SIZE) as pilot:
        await hold_meeting(pilot, "y")
        drafts = app.screen
        assert isinstance(drafts, DraftsScreen)

        async def listed() -> list[str]:
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            lines = str(app.screen.query_one("#keys").render()).splitlines()
            await pilot.press("escape")
            await pilot.pause()
            return lines

        for tab in ("1", "2", "3", "i"):  # each tab, then editing the agreement
            await pilot.press(tab)
            await pilot.pause()
            lines = await listed()
            for binding in declared:
                key = app.get_key_display(binding)
                assert any(
                    line.split()[:1] == [key] and binding.description in line for line in lines
                ), (tab, key, binding.description, lines)
            if tab == "1":  # i on the calendar, from the recap: where it works
                assert any("Save .ics, on the calendar tab (2)" in line for line in lines)
        assert isinstance(app.screen, DraftsScreen) and drafts.editing
        await pilot.press("escape", "2", "i")  # and i there does save the .ics
        await pilot.pause()
        assert len(list(app.export_dir.glob("*.ics"))) == 1


async def test_a_very_long_fix_still_shows_who_owns_it_and_when_it_is_due(repository):
    from playbook.conversation import Meeting

    diagnosis_id = repository.list()[0].id
    fix = "Jo names an owner " + "and more " * 220
    typed = {
        "fix": fix,
        "owner": "Jo Rivera",
        "side": "theirs",
        "due": "next friday",
        "priority": "yes",
    }
    repository.save_meeting(diagnosis_id, Meeting(typed=typed))
    who_and_when = "(their side, owned by Jo Rivera), by Fri 27 Nov 2026."
    app = make_app(repository)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("m", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        text = str(app.screen.query_one("#finish-text").render())
        assert "Agreed: Jo names an owner and more" in text
        assert f"… {who_and_when}" in text
        await pilot.press("enter")
        await pilot.pause()
        drafts = app.screen
        assert isinstance(drafts, DraftsScreen)
        title = str(drafts.query_one("#drafts-title").render())
        assert "Agreed: Jo names an owner and more" in title and f"… {who_and_when}" in title
        assert drafts.query_one("#recap-editor", TextArea).size.height >= 6
    stored = repository.get(diagnosis_id)
    assert stored is not None and stored.extra["conversation"]["fix"] == fix.strip()


def test_the_agreed_summary_cuts_the_fix_never_who_or_when():
    from dataclasses import replace

    from tui.screens.meeting import AGREED_SHOWN, agreed_brief

    short = Conversation(
        held_on=TODAY,
        priority="yes",
        decision="revive",
        fix="Jo names an owner",
        owner="Jo Rivera",
        side="theirs",
        due=FRIDAY,
    )
    assert agreed_brief(short) == short.agreed_sentence  # short: whole, uncut
    long_fix = replace(short, fix="A step " * 300)
    cut = agreed_brief(long_fix)
    assert len(cut) == AGREED_SHOWN
    assert cut.startswith("A step A step") and cut.endswith(
        "… (their side, owned by Jo Rivera), by Fri 27 Nov 2026"
    )
    # An owner as long as the fix is cut too, to a third of the room: the date still shows.
    both = agreed_brief(replace(long_fix, owner="Jo " * 400))
    assert len(both) <= AGREED_SHOWN
    assert both.endswith("…), by Fri 27 Nov 2026") and both.startswith("A step")
    assert "their side, owned by Jo Jo" in both
    # Stored text is shown literally, on one line.
    odd = agreed_brief(replace(long_fix, owner="Jo\nRivera\x1b"))
    assert "\n" not in odd and "\x1b" not in odd
