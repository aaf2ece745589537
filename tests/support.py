"""What several test modules share: the example answers and typing keys into the real app."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

EXAMPLE: dict[str, Any] = {
    "partner": "Example Harbor Travel",
    "kind": "co-marketing",
    "started": "2026-02-10",
    "diagnosed_on": "2026-11-23",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "partly",
    "value_ours": "a newsletter read by 40,000 small-business owners",
    "value_theirs": "travel discounts our members ask for",
    "still_want": "yes",
    "owner_ours": "Alex Kim",
    "owner_theirs": "Jo Rivera",
    "owner_ours_in_role": "yes",
    "owner_theirs_in_role": "partly",
    "changes_theirs": "people",
    "last_conversation": "6 weeks ago",
    "standing_review": "no",
    "review_cadence": "none",
    "expectations_written": "partly",
    "success_metrics": "discount redemptions per month",
    "workload": "balanced",
    "enablement_materials": "partly",
    "enablement_contact": "yes",
    "activity": "slowing",
    "activity_last_month": 1,
    "activity_typical_month": 4,
    "outcomes": "flat",
    "last_activity": "2026-10-20",
    "notes": "Their last two newsletter slots went unused.\n"
    "Jo took over from the manager who signed the deal in August.",
}
"""A copy of shared/examples/answers.json, used when the shared folder is not beside the repo."""

KEY_NAMES = ("enter", "escape", "tab", "pagedown", "pageup")


async def type_keys(pilot: Any, keys: list[str]) -> None:
    """Press each key; a longer string that is not a key name is typed character by
    character (as a person types it)."""
    for key in keys:
        is_key_name = "+" in key or key in KEY_NAMES
        if len(key) > 1 and not is_key_name:
            for character in key:
                await pilot.press(character if character != " " else "space")
        else:
            await pilot.press(key)
    await pilot.pause()


STAGE_DIRECTIONS = (
    "Open with",
    "Ask ",
    "Say ",
    "Propose",
    "Thank them",
    "Name the",
    "Honour",
    "Leave the door",
    "Check ",
    "Find out",
    "Keep an eye",
    "Hold the",
    "Have the",
    "Keep ",
)
"""How notes to self begin: a line of the points (said aloud) never starts so."""


ACME = {
    "partner": "Acme",
    "diagnosed_on": "2026-11-23",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "owner_ours": "Kim",
    "owner_theirs": "",
    "owner_in_role": "yes",
    "last_conversation": "2026-11-02",
    "standing_review": "yes",
    "expectations_written": "yes",
    "workload": "balanced",
    "activity": "slowing",
    "notes": "Their newsletter slot went unused.",
}
"""A small stalled diagnosis (no owner on their side), for the store tests."""


def screen_text(app: Any) -> str:
    """Every character the widgets of the current screen draw (toasts included), a line per
    drawn row, through the public ``Widget.render_lines``: what reaches the terminal."""
    from textual.geometry import Region

    lines = []
    screen = app.screen
    for widget in [screen, *screen.walk_children(with_self=False)]:
        width, height = widget.outer_size  # borders and padding included
        if not widget.display or not width or not height:
            continue
        for strip in widget.render_lines(Region(0, 0, width, height)):
            lines.append("".join(segment.text for segment in strip))
    return "\n".join(lines)


def toast_texts(app: Any) -> list[str]:
    """What each notification on screen says (``run_test(notifications=True)``)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`unstall ARGV` run in this process: the exit code, output and errors as a shell sees
    them. argparse's own refusals (a required option missing, ``--help``) exit: their code is
    returned. A test that needs the SystemExit itself calls ``main`` directly."""
    from tui.cli import main  # here, so that importing support (conftest does) loads no tui

    try:
        code = main(list(argv))
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def diagnosed(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    answers: dict[str, Any],
    file_name: str = "answers.json",
) -> Path:
    """The database folder ``tmp_path/db`` holding #1: ``answers`` written to
    ``tmp_path/file_name`` and run through `unstall diagnose --answers`."""
    answers_file = tmp_path / file_name
    answers_file.write_text(json.dumps(answers), encoding="utf-8")
    path = tmp_path / "db"
    code, _, err = run_cli(capsys, "--db", str(path), "diagnose", "--answers", str(answers_file))
    assert code == 0, err
    return path


def called(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: dict[str, Any], *call: str
) -> tuple[Path, str]:
    """#1: ``answers`` diagnosed (as :func:`diagnosed` does) and its reset conversation
    recorded on Mon 23 Nov 2026 with `unstall conversation 1 CALL...`: the database folder and
    what the command printed."""
    db = diagnosed(capsys, tmp_path, answers)
    args = ("conversation", "1", "--held-on", "2026-11-23", *call)
    code, out, err = run_cli(capsys, "--db", str(db), *args)
    assert code == 0, err
    return db, out


def diagnosed_later(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Path,
    answers: dict[str, Any],
    day: date,
) -> tuple[int, str, str]:
    """A follow-up: today moved on to ``day`` (for this process and the environment), and
    ``answers`` (with no diagnosis date: today's) run through `unstall diagnose --answers`
    into ``db``; the exit code, output and errors."""
    from playbook import clock  # here, as the command line is: importing support stays light

    given = {key: value for key, value in answers.items() if key != "diagnosed_on"}
    answers_file = db.parent / "later.json"
    answers_file.write_text(json.dumps(given), encoding="utf-8")
    monkeypatch.setenv("UNSTALL_TODAY", day.isoformat())
    clock.fix(day)
    return run_cli(capsys, "--db", str(db), "diagnose", "--answers", str(answers_file))


def called_again(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Path,
    answers: dict[str, Any],
    day: date,
    *call: str,
) -> str:
    """#2 as :func:`diagnosed_later` makes it, on ``day``, and its conversation recorded that
    day with `unstall conversation 2 --held-on today CALL...`; what that command printed.
    Each step's exit code is asserted."""
    code, _, err = diagnosed_later(capsys, monkeypatch, db, answers, day)
    assert code == 0, err
    code, out, err = run_cli(
        capsys, "--db", str(db), "conversation", "2", "--held-on", "today", *call
    )
    assert code == 0, err
    return out


def as_proposed(
    diagnosis: Any, held_on: date, priority: str = "yes", decision: str = "revive"
) -> Any:
    """The reset conversation of ``diagnosis`` held on ``held_on``, agreeing the next step its
    points proposed (a ``playbook.conversation.Conversation``)."""
    from playbook.conversation import Conversation  # here: importing support stays light

    step = diagnosis.talking_points.next_step
    assert step is not None
    return Conversation(
        held_on=held_on,
        priority=priority,
        decision=decision,
        fix=step.fix,
        owner=step.owner,
        side=step.side,
        due=step.due,
    )


def printed(capsys: pytest.CaptureFixture[str], db: Path, *command: str) -> str:
    """What `unstall --db DB COMMAND...` printed, its exit code asserted to be 0."""
    code, out, err = run_cli(capsys, "--db", str(db), *command)
    assert code == 0, err
    return out


@pytest.fixture(name="db")
def example_db(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_answers: dict[str, Any]
) -> Path:
    """A database with one diagnosis, #1 (Example Harbor Travel, diagnosed Mon 23 Nov 2026).
    A module takes it as its ``db`` fixture with ``from support import example_db``."""
    return diagnosed(capsys, tmp_path, example_answers)


def focused_question(screen: Any) -> str | None:
    """The id of the question whose field holds the focus on a questionnaire ``screen``."""
    from tui.widgets.question_field import QuestionField  # here: importing support loads no tui

    node = screen.focused
    while node is not None and not isinstance(node, QuestionField):
        node = node.parent
    return node.question.id if isinstance(node, QuestionField) else None


def held_conversation(db: Path, diagnosis_id: int = 1) -> Any:
    """The conversation recorded for a diagnosis of the database folder ``db`` (one must be)."""
    from playbook.conversation import Conversation
    from store.repository import Repository

    diagnosis = Repository(db).get(diagnosis_id)
    assert diagnosis is not None
    conversation = Conversation.from_dict(diagnosis.extra.get("conversation"))
    assert conversation is not None
    return conversation
