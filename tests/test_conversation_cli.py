"""The reset conversation on the command line, as a user runs it: `unstall conversation`,
`recap`, `agreement`, `ics`, `show`, over a real database in a temporary folder."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from support import example_db  # noqa: F401 (the db fixture)
from support import run_cli as run

from playbook.conversation import Conversation
from store.repository import Repository
from tui.cli import main

icalendar = pytest.importorskip("icalendar")


def stored(db: Path) -> dict[str, Any]:
    diagnosis = Repository(db).get(1)
    assert diagnosis is not None
    return dict(diagnosis.extra)


def record(capsys, db: Path, *options: str) -> tuple[int, str, str]:
    return run(capsys, "--db", str(db), "conversation", "1", *options)


def test_a_yes_is_recorded_with_the_proposed_fix_and_revives(capsys, db):
    code, out, err = record(capsys, db, "--held-on", "today", "--priority", "yes")
    assert code == 0, err
    extra = stored(db)
    conversation = Conversation.from_dict(extra["conversation"])
    assert conversation is not None
    assert conversation.held_on == date(2026, 11, 23) and conversation.priority == "yes"
    assert conversation.decision == "revive"
    # pre-filled from the talking points' next step, as the meeting screen does
    show = json.loads(run(capsys, "--db", str(db), "show", "1", "--json")[1])
    step = show["talking_points"]["next_step"]
    assert (conversation.fix, conversation.owner, conversation.side) == (
        step["fix"],
        step["owner"],
        step["side"],
    )
    assert conversation.due is not None and conversation.due.isoformat() == step["due"]
    assert extra["outcome"] == conversation.outcome.to_dict()
    assert "Recorded the conversation for #1 (Example Harbor Travel)." in out
    assert "Held: Mon 23 Nov 2026" in out
    assert "Decision: revive" in out
    assert f"Agreed: {conversation.agreed_sentence}" in out
    assert f"'unstall --db {db} recap 1' (the email)" in out  # the same database


def test_every_option_given_is_recorded(capsys, db):
    code, out, err = record(
        capsys,
        db,
        "--held-on",
        "Nov 23",
        "--priority",
        "Yes",
        "--fix",
        "Jo names an owner for the campaign",
        "--owner",
        "Jo Rivera",
        "--side",
        "theirs",
        "--due",
        "next Friday",
        "--notes",
        "Jo is keen; budget is tight",
        "--decision",
        "pending",
    )
    assert code == 0, err
    conversation = Conversation.from_dict(stored(db)["conversation"])
    assert conversation is not None
    assert conversation.fix == "Jo names an owner for the campaign"
    assert conversation.owner == "Jo Rivera" and conversation.side == "theirs"
    assert conversation.due == date(2026, 11, 27)
    assert conversation.notes == "Jo is keen; budget is tight"
    assert conversation.decision == "pending"
    assert stored(db)["outcome"]["decision"] == "pending"
    assert "Decision: pending" in out and "Notes: Jo is keen; budget is tight" in out


def test_no_gives_an_exit_and_records_no_fix_nobody_agreed(capsys, db):
    code, out, err = record(capsys, db, "--held-on", "today", "--priority", "no")
    assert code == 0, err
    conversation = Conversation.from_dict(stored(db)["conversation"])
    assert conversation is not None and conversation.decision == "exit"
    assert conversation.fix == "" and conversation.due is None
    assert stored(db)["outcome"]["decision"] == "exit"
    assert "Decision: exit" in out and "Agreed: no fix" in out


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--held-on", "July 32", "--priority", "yes"], "--held-on:"),
        (["--held-on", "next week", "--priority", "yes"], "--held-on:"),
        (["--held-on", "2026-11-01", "--priority", "yes"], "--held-on:"),  # before the diagnosis
        (["--held-on", "today", "--priority", "maybe"], "--priority:"),
        (["--held-on", "today", "--priority", "yes", "--due", "Feb 30"], "--due:"),
        (["--held-on", "today", "--priority", "yes", "--due", "2026-11-01"], "--due:"),
        (["--held-on", "today", "--priority", "yes", "--side", "left"], "--side:"),
        (["--held-on", "today", "--priority", "yes", "--decision", "later"], "--decision:"),
        (["--held-on", "today", "--priority", "yes", "--fix", ""], "--fix:"),  # revive needs one
        (["--held-on", "today", "--priority", "yes", "--notes", "x" * 10_001], "--notes:"),
        (["--priority", "yes"], "--held-on"),
        (["--held-on", "today"], "--priority"),
    ],
    ids=[
        "no-such-day",
        "future",
        "before-diagnosis",
        "priority",
        "due-no-such-day",
        "due-before",
        "side",
        "decision",
        "no-fix",
        "long-notes",
        "no-held-on",
        "no-priority",
    ],
)
def test_invalid_input_exits_2_naming_the_option_and_saves_nothing(capsys, db, options, named):
    before = {p.name: p.read_bytes() for p in db.rglob("*.json")}
    code, out, err = record(capsys, db, *options)
    assert code == 2
    assert named in err
    assert "Traceback" not in err and out == ""
    assert stored(db) == {"outcome": None, "conversation": None}
    assert {p.name: p.read_bytes() for p in db.rglob("*.json")} == before


def test_an_unknown_diagnosis_is_refused(capsys, db):
    code, _, err = run(
        capsys, "--db", str(db), "conversation", "7", "--held-on", "today", "--priority", "yes"
    )
    assert code == 1 and "there is no diagnosis #7" in err


def test_recording_closes_a_meeting_in_progress(capsys, db):
    from playbook.conversation import start_meeting

    repository = Repository(db)
    diagnosis = repository.get(1)
    assert diagnosis is not None
    repository.save_meeting(1, start_meeting(diagnosis, today=date(2026, 11, 23)))
    code, out, err = record(capsys, db, "--held-on", "today", "--priority", "yes")
    assert code == 0, err
    assert "meeting in progress" in out
    assert Repository(db).meetings() == []


# -- recap and agreement ----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["recap", "agreement"])
def test_recap_and_agreement_need_the_conversation_first(capsys, db, command):
    code, out, err = run(capsys, "--db", str(db), command, "1")
    assert code == 2 and out == ""
    assert "record it first" in err and f"unstall --db {db} conversation 1 --held-on" in err


def test_recap_prints_the_email_and_json_has_subject_and_body(capsys, db):
    record(
        capsys, db, "--held-on", "today", "--priority", "yes", "--fix", "Jo names an owner",
        "--owner", "Jo Rivera", "--side", "theirs", "--due", "2026-12-04",
    )  # fmt: skip
    code, out, err = run(capsys, "--db", str(db), "recap", "1")
    assert code == 0, err
    assert out.startswith("Subject: ")
    assert "Jo names an owner" in out
    code, out, err = run(capsys, "--db", str(db), "recap", "1", "--json")
    assert code == 0, err
    email = json.loads(out)
    assert set(email) == {"subject", "body"}
    assert email["subject"] and "Jo names an owner" in email["body"]
    assert not email["body"].startswith("Subject:")


def test_the_agreement_is_markdown_under_the_seven_headings(capsys, db):
    from playbook.agreement import HEADINGS

    record(capsys, db, "--held-on", "today", "--priority", "yes", "--owner", "Jo Rivera")
    code, out, err = run(capsys, "--db", str(db), "agreement", "1")
    assert code == 0, err
    assert out.startswith("# ")
    for heading in HEADINGS:
        assert f"\n## {heading}\n" in out
    assert "Jo Rivera" in out


def test_the_users_edited_recap_and_agreement_are_printed(capsys, db):
    record(capsys, db, "--held-on", "today", "--priority", "yes")
    repository = Repository(db)
    conversation = Conversation.from_dict(stored(db)["conversation"])
    assert conversation is not None
    from dataclasses import replace

    edited = replace(
        conversation,
        recap="Subject: Thanks, Jo\n\nHi Jo,\n\nMy own words.\n",
        agreement="# Our agreement\n\nMine \x1b[31m too.\n",
    )
    repository.set_conversation(1, edited)
    code, out, _ = run(capsys, "--db", str(db), "recap", "1")
    assert out == "Subject: Thanks, Jo\n\nHi Jo,\n\nMy own words.\n"
    code, out, _ = run(capsys, "--db", str(db), "recap", "1", "--json")
    assert json.loads(out) == {"subject": "Thanks, Jo", "body": "Hi Jo,\n\nMy own words.\n"}
    code, out, _ = run(capsys, "--db", str(db), "agreement", "1")
    assert out.startswith("# Our agreement\n\nMine ")
    assert "\x1b" not in out  # stored text is printed inert


# -- show and ics -----------------------------------------------------------------------------


def test_show_has_the_conversation(capsys, db):
    code, out, _ = run(capsys, "--db", str(db), "show", "1", "--json")
    assert json.loads(out)["conversation"] is None
    record(capsys, db, "--held-on", "today", "--priority", "evasive", "--fix", "send the report")
    code, out, _ = run(capsys, "--db", str(db), "show", "1", "--json")
    shown = json.loads(out)["conversation"]
    assert shown["priority"] == "evasive" and shown["decision"] == "exit"
    assert shown["fix"] == "send the report"
    code, out, _ = run(capsys, "--db", str(db), "show", "1")
    assert (
        "Conversation held Mon 23 Nov 2026: still a priority? no clear answer; decision: exit"
        in out
    )
    assert "Agreed: send the report" in out


def events(path: Path) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(path.read_text(encoding="utf-8"))
    return list(calendar.walk("VEVENT"))


def day_of(event: Any) -> date:
    value = event.decoded("DTSTART")
    return value.date() if isinstance(value, datetime) else value


def test_ics_has_the_conversation_before_and_the_fix_due_after(capsys, db, tmp_path):
    before = tmp_path / "before.ics"
    code, _, err = run(capsys, "--db", str(db), "ics", "1", "-o", str(before))
    assert code == 0, err
    proposed = json.loads(run(capsys, "--db", str(db), "show", "1", "--json")[1])
    found = events(before)
    single = [event for event in found if "RRULE" not in event]
    recurring = [event for event in found if "RRULE" in event]
    assert [day_of(e).isoformat() for e in single] == [proposed["conversation_on"]]
    assert "Example Harbor Travel" in str(single[0]["SUMMARY"])
    assert [day_of(e).isoformat() for e in recurring] == [proposed["next_review"]]

    record(capsys, db, "--held-on", "today", "--priority", "yes", "--due", "2026-12-04")
    after = tmp_path / "after.ics"
    code, _, err = run(capsys, "--db", str(db), "ics", "1", "-o", str(after))
    assert code == 0, err
    found = events(after)
    single = [event for event in found if "RRULE" not in event]
    recurring = [event for event in found if "RRULE" in event]
    # The fix agreed is the review itself: the day given for it is the first review's, and
    # there is no separate "fix due" day.
    assert single == []
    assert [day_of(e) for e in recurring] == [date(2026, 12, 4)]
    assert "Example Harbor Travel" in str(recurring[0]["SUMMARY"])
    assert "Reset conversation" not in after.read_text(encoding="utf-8")


def test_help_shows_the_new_commands_with_examples(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for example in ("unstall conversation 12", "unstall recap 12", "unstall agreement 12"):
        assert example in out
    with pytest.raises(SystemExit):
        main(["conversation", "--help"])
    out = capsys.readouterr().out
    assert "--held-on DATE" in out and "--priority yes|no|evasive" in out


# -- found in QA: each test below failed before its fix ---------------------------------------


def files(db: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(db.rglob("*")) if p.is_file()}


def test_recording_again_says_it_replaces_the_first(capsys, db):
    assert record(capsys, db, "--held-on", "today", "--priority", "yes")[0] == 0
    code, out, err = record(capsys, db, "--held-on", "today", "--priority", "no")
    assert code == 0, err
    assert "This replaces the conversation recorded before (held Mon 23 Nov 2026" in out
    assert "decision revive" in out
    assert Conversation.from_dict(stored(db)["conversation"]).decision == "exit"


@pytest.mark.parametrize("option", ["--side", "--owner"])
def test_who_acts_without_a_fix_is_refused_and_nothing_is_saved(capsys, db, option):
    before = files(db)
    value = "theirs" if option == "--side" else "Jo Rivera"
    code, _, err = record(capsys, db, "--held-on", "today", "--priority", "no", option, value)
    assert code == 2
    assert f"{option} says who acts on the agreed fix" in err and "add --fix" in err
    assert files(db) == before


def test_a_fix_of_ones_own_takes_no_owner_or_date_from_the_proposal(capsys, db):
    code, out, err = record(
        capsys, db, "--held-on", "today", "--priority", "yes", "--fix", "Jo sends the materials"
    )
    assert code == 0, err
    held = Conversation.from_dict(stored(db)["conversation"])
    assert held is not None and held.fix == "Jo sends the materials"
    assert held.owner == "" and held.due is None  # the proposal's were for another fix
    assert "Alex Kim" not in run(capsys, "--db", str(db), "recap", "1")[1].split("Best")[0]


def test_a_bad_day_held_is_the_only_problem_named(capsys, db):
    code, _, err = record(capsys, db, "--held-on", "next week", "--priority", "yes")
    assert code == 2
    assert "--held-on:" in err and "--due" not in err


def test_a_failed_fit_exits_whatever_the_answer(capsys, tmp_path, example_answers):
    answers = tmp_path / "failed.json"
    answers.write_text(json.dumps({**example_answers, "fit_audience": "no"}), encoding="utf-8")
    path = tmp_path / "db"
    assert run(capsys, "--db", str(path), "diagnose", "--answers", str(answers))[0] == 0
    code, out, err = record(capsys, path, "--held-on", "today", "--priority", "yes")
    assert code == 0, err
    assert "Decision: exit" in out
    assert "wrapping up" in run(capsys, "--db", str(path), "recap", "1")[1]


def test_ics_of_an_exit_with_no_date_is_the_reviews_cancellation_and_the_lists_day(capsys, db):
    assert record(capsys, db, "--held-on", "today", "--priority", "no")[0] == 0
    code, out, err = run(capsys, "--db", str(db), "ics", "1")
    assert code == 0, err
    event, listed = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]).endswith("-review@unstall.local")
    assert str(listed["SUMMARY"]).startswith("List of what is still owed: ")


def test_ics_says_only_what_it_wrote(capsys, db, tmp_path):
    fix = ("--fix", "Jo sends the materials")
    assert record(capsys, db, "--held-on", "today", "--priority", "yes", *fix)[0] == 0
    code, _, err = run(capsys, "--db", str(db), "ics", "1", "-o", str(tmp_path / "c.ics"))
    assert code == 0
    assert "Wrote the review to" in err  # no due date was given: none is claimed
    events = icalendar.Calendar.from_ical((tmp_path / "c.ics").read_bytes()).walk("VEVENT")
    assert len(events) == 1


def test_an_outcome_after_the_conversation_keeps_the_two_in_step(capsys, db, tmp_path):
    assert record(capsys, db, "--held-on", "today", "--priority", "yes")[0] == 0
    code, out, err = run(capsys, "--db", str(db), "outcome", "1", "--decision", "exit")
    assert code == 0, err
    assert "now records this decision" in out and "are drafted again to match" in out
    held = Conversation.from_dict(stored(db)["conversation"])
    assert held is not None and held.decision == "exit" and held.fix != ""  # kept: agreed
    assert held.promised.fix == ""  # the revive plan is not what is still owed
    assert stored(db)["outcome"]["decision"] == "exit"
    assert "wrapping up" in run(capsys, "--db", str(db), "recap", "1")[1]
    exported = tmp_path / "e.json"
    assert run(capsys, "--db", str(db), "export", "-o", str(exported))[0] == 0
    other = tmp_path / "other"
    assert run(capsys, "--db", str(other), "import", str(exported))[0] == 0
    assert Repository(other).get(1).extra["outcome"]["decision"] == "exit"


def test_a_fix_on_several_lines_stays_one_sentence_in_the_recap(capsys, db):
    fix = "Jo sends\nthe materials"
    assert record(capsys, db, "--held-on", "today", "--priority", "yes", "--fix", fix)[0] == 0
    body = json.loads(run(capsys, "--db", str(db), "recap", "1", "--json")[1])["body"]
    assert "Jo sends the materials." in body and "sends\n" not in body


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"held_on": "2026-01-05"}, "conversation.held_on: 2026-01-05 is before the diagnosis"),
        ({"held_on": "2027-01-05"}, "conversation.held_on: 2027-01-05 is after today"),
        ({"due": "2026-11-01"}, "conversation.due: 2026-11-01 is before the conversation"),
        ({"fix": ""}, "conversation.fix: a revive needs the one fix agreed"),
    ],
)
def test_an_import_refuses_an_impossible_conversation(capsys, db, tmp_path, change, named):
    assert record(capsys, db, "--held-on", "today", "--priority", "yes")[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "export")
    items = json.loads(out)
    items[0]["conversation"].update(change)
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(items), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(tmp_path / "empty"), "import", str(edited))
    assert code == 1
    assert "unstall: Item 1 (Example Harbor Travel): rejected:" in err and named in err
