"""Two app windows (child processes, saving as the app does) and the command line, at once.

On one draft: the draft open in two windows and in ``unstall diagnose --plain`` ends as one
draft per writer, each with that writer's last text (see ``Draft.revision``). On one diagnosis:
changes to different parts from different processes all stay, new diagnoses saved meanwhile into
the same partner file all stay, with ids never given twice; a change to a diagnosis deleted by
another process is refused with a message (``DiagnosisGone``), never reported saved.

The children are in ``tests/store_child.py`` (``window-*``); each waits for "go" on stdin, so
the parent starts them all and lets them go at once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from store_child import HERE, POOL, RAW_ANSWERS, ROOT, child_env, clean_answers

from playbook.outcome import Outcome
from store.repository import Draft, Repository

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the children use POSIX pipes")


def start(*args: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(HERE), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line.startswith('{"phase": "ready"'):
        child.kill()
        raise AssertionError(f"the child did not start: {line}{child.communicate()[1]}")
    return child


def go(*children: subprocess.Popen[str]) -> None:
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()


def result(child: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def cli(folder: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(folder), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=30,
    )


def test_a_draft_open_in_two_windows_and_the_command_line_keeps_every_writers_text(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "db"
    repository = Repository(folder)
    first = repository.save_draft(
        Draft(answers={"partner": POOL[0], "notes": "start"}, typed={"notes": "start"})
    )
    assert first.id is not None
    windows = [
        start("window-draft", str(folder), str(first.id), str(first.revision), tag, "150")
        for tag in ("window A", "window B")
    ]
    # The command line resumes the same draft (the newest) and waits at its first question.
    plain = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(folder), "diagnose", "--plain"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=ROOT,
    )
    assert plain.stdout is not None and plain.stdin is not None
    assert "Resume it?" in plain.stdout.readline()
    go(*windows)
    time.sleep(0.05)  # the windows are typing: the command line saves in the middle
    plain.stdin.write("y\nCli Partner\nq\n")
    plain.stdin.flush()
    out, err = plain.communicate(timeout=30)
    assert plain.returncode == 0, out + err
    a, b = (result(window) for window in windows)
    assert a["error"] is None and b["error"] is None

    drafts = Repository(folder).drafts()
    by_id = {draft.id: draft for draft in drafts}
    assert a["draft"] != b["draft"]
    assert by_id[a["draft"]].answers["notes"] == a["last"] == "window A typed 149"
    assert by_id[b["draft"]].answers["notes"] == b["last"] == "window B typed 149"
    assert by_id[a["draft"]].typed["notes"] == a["last"]
    assert by_id[b["draft"]].typed["notes"] == b["last"]
    from_cli = [draft for draft in drafts if draft.answers.get("partner") == "Cli Partner"]
    assert len(from_cli) == 1, drafts
    assert from_cli[0].id not in (a["draft"], b["draft"])
    # One draft per writer: nothing overwritten, nothing left behind.
    assert len(drafts) == 3, drafts
    assert len(a["forks"]) + len(b["forks"]) >= 1  # the window that lost the race was told


def test_changes_to_one_diagnosis_from_two_windows_and_the_command_line_all_stay(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "db"
    repository = Repository(folder)
    target = repository.save(clean_answers(POOL[0], "x1 the one both windows change"))
    other = repository.save(clean_answers(POOL[0], "x2 the one the command line changes"))
    assert target.id is not None and other.id is not None
    children = [
        start("window-change", str(folder), str(target.id), "outcome", "window A", "120"),
        start("window-change", str(folder), str(target.id), "points", "window B", "120"),
        start("window-save", str(folder), "window C", "16"),
    ]
    go(*children)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({**RAW_ANSWERS, "partner": POOL[0], "notes": "cli saved"}))
    saved = cli(folder, "diagnose", "--answers", str(answers))
    recorded = cli(folder, "outcome", str(other.id), "--decision", "exit", "--fix", "cli fix")
    a, b, c = (result(child) for child in children)
    assert saved.returncode == 0, saved.stderr
    assert recorded.returncode == 0, recorded.stderr
    assert a["refused"] is None and b["refused"] is None

    repository = Repository(folder)
    changed = repository.get(target.id)
    assert changed is not None
    outcome = Outcome.from_dict(changed.extra["outcome"])
    assert outcome is not None and outcome.fix == a["last"] == "window A 119"
    assert changed.edited_points == b["last"] == "window B 119"
    by_cli = repository.get(other.id)
    assert by_cli is not None
    cli_outcome = Outcome.from_dict(by_cli.extra["outcome"])
    assert cli_outcome is not None and cli_outcome.fix == "cli fix"

    cli_id = int(saved.stdout.split("saved as #")[1].split(".")[0])
    new = {doc_id: notes for doc_id, notes in c["saved"]} | {cli_id: "cli saved"}
    assert len(new) == len(c["saved"]) + 1  # no id given twice
    assert not set(new) & {target.id, other.id}
    for doc_id, notes in new.items():
        found = repository.get(doc_id)
        assert found is not None, f"#{doc_id} ({notes}) is lost"
        assert found.answers["notes"] == notes
    listed = [summary.id for summary in repository.list()]
    assert sorted(listed) == sorted({target.id, other.id, *new})
    assert repository.drafts() == []  # every finished draft went


def test_a_change_to_a_diagnosis_deleted_by_another_process_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    repository = Repository(folder)
    doomed = repository.save(clean_answers(POOL[0], "d1 deleted while being changed"))
    kept = repository.save(clean_answers(POOL[0], "d2 stays"))
    assert doomed.id is not None and kept.id is not None
    changer = start("window-change", str(folder), str(doomed.id), "outcome", "window A", "100000")
    deleter = start("delete", str(folder), str(doomed.id), "0.2")
    go(changer, deleter)
    deleted, changed = result(deleter), result(changer)
    assert deleted == {"deleted": True}
    assert changed["last"] is not None  # it did change it before the delete
    assert changed["refused"] is not None
    assert f"#{doomed.id} no longer exists" in changed["refused"]
    assert "Nothing was saved" in changed["refused"]

    refused = cli(folder, "outcome", str(doomed.id), "--decision", "revive", "--fix", "late")
    assert refused.returncode == 1
    assert f"#{doomed.id}" in refused.stderr
    assert refused.stdout == ""  # never "Recorded"

    repository = Repository(folder)
    assert repository.get(doomed.id) is None
    assert [summary.id for summary in repository.list()] == [kept.id]
    gone = repository.save(clean_answers(POOL[0], "d3 saved after the delete"))
    assert gone.id is not None and gone.id > doomed.id  # the deleted id is never given again
