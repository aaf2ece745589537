"""The command line, as a user runs it: real files, a real database, real exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_cli as run

from tui.cli import main

CONTRACT_KEYS = {
    "id",
    "partner",
    "diagnosed_on",
    "verdict",
    "dominant_cause",
    "causes",
    "early_warning",
    "cadence",
    "next_review",
    "talking_points",
}


@pytest.fixture
def answers_file(tmp_path: Path, example_answers: dict[str, str]) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(example_answers), encoding="utf-8")
    return path


def test_diagnose_prints_the_verdict_and_saves_it(capsys, db_path, answers_file):
    code, out, err = run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    assert code == 0, err
    assert "Example Harbor Travel: STALLED" in out
    assert "dominant cause: rhythm" in out
    assert "Mon 12 Oct 2026, 6 weeks ago" in out
    assert "saved as #1" in out
    code, out, _ = run(capsys, "--db", str(db_path), "list")
    assert "Example Harbor Travel" in out and "stalled" in out


def test_diagnose_json_follows_the_contract(capsys, db_path, answers_file):
    code, out, _ = run(
        capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file), "--json"
    )
    assert code == 0
    result = json.loads(out)
    assert set(result) >= CONTRACT_KEYS
    assert result["verdict"] == "stalled"
    assert result["dominant_cause"] == "rhythm"
    assert result["causes"][0]["cause"] == "rhythm"
    assert all({"cause", "evidence", "fix"} <= set(cause) for cause in result["causes"])
    assert result["cadence"] == "monthly"
    assert result["next_review"] == "2026-12-23"
    assert result["talking_points"]["path"] == "revive"
    assert result["diagnosed_on"] == "2026-11-23"


def test_show_json_is_what_diagnose_printed(capsys, db_path, answers_file):
    _, first, _ = run(
        capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file), "--json"
    )
    saved = json.loads(first)
    code, out, _ = run(capsys, "--db", str(db_path), "show", str(saved["id"]), "--json")
    assert code == 0
    assert json.loads(out) == saved


def test_answers_can_come_from_stdin(capsys, monkeypatch, db_path, example_answers):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(example_answers)))
    code, out, _ = run(capsys, "--db", str(db_path), "diagnose", "--answers", "-", "--json")
    assert code == 0
    assert json.loads(out)["partner"] == "Example Harbor Travel"


def test_invalid_answers_list_every_problem_and_save_nothing(capsys, db_path, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "partnr": "Acme",
                "kind": "big",
                "fit_audience": 3,
                "last_conversation": "next week",
            }
        ),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--db", str(db_path), "diagnose", "--answers", str(bad))
    assert code == 2
    assert out == ""
    for key in ("partnr", "kind", "fit_audience", "last_conversation", "partner"):
        assert f"  {key}: " in err
    assert "nothing was saved" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_an_unreadable_answers_file_is_explained(capsys, db_path, tmp_path, content, expected):
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db_path), "diagnose", "--answers", str(path))
    assert code == 2
    assert expected in err


def test_a_missing_answers_file_is_named(capsys, db_path, tmp_path):
    code, _, err = run(
        capsys, "--db", str(db_path), "diagnose", "--answers", str(tmp_path / "nope.json")
    )
    assert code == 2
    assert "no answers file" in err and "nope.json" in err


def test_list_json_is_newest_first_and_filters_by_partner(capsys, db_path, tmp_path):
    for partner, day in (("Acme", "2026-09-01"), ("Beta Co", "2026-11-01"), ("Acme", "2026-10-01")):
        path = tmp_path / f"{partner}-{day}.json"
        path.write_text(json.dumps({"partner": partner, "diagnosed_on": day}), encoding="utf-8")
        assert run(capsys, "--db", str(db_path), "diagnose", "--answers", str(path))[0] == 0
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--json")
    rows = json.loads(out)
    assert [row["diagnosed_on"] for row in rows] == ["2026-11-01", "2026-10-01", "2026-09-01"]
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--partner", "acme", "--json")
    assert [row["partner"] for row in json.loads(out)] == ["Acme", "Acme"]


def test_points_prints_markdown_for_piping(capsys, db_path, answers_file):
    run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    code, out, _ = run(capsys, "--db", str(db_path), "points", "1")
    assert code == 0
    assert out.startswith("## Talking points to revive it")
    assert "### Before the call" in out
    assert "### What to say" in out
    assert "is this still a priority for your team" in out
    assert "owned by Alex Kim" in out


def test_unknown_or_malformed_ids_are_explained(capsys, db_path, answers_file):
    run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    code, _, err = run(capsys, "--db", str(db_path), "show", "42")
    assert code == 1 and "no diagnosis #42" in err
    assert f"'unstall --db {db_path} list' shows them all" in err  # the same database
    code, _, err = run(capsys, "--db", str(db_path), "points", "abc")
    assert code == 2 and "not a diagnosis number" in err


def test_a_command_on_a_database_that_does_not_exist_makes_none(capsys, tmp_path, monkeypatch):
    """A mistyped --db (or UNSTALL_DB) made an empty database there, and 'list' said "No
    diagnoses yet": as if every diagnosis were gone."""
    typo = tmp_path / "unstal-db"
    for command in (["list"], ["show", "1"], ["export"], ["history", "Acme"]):
        code, out, err = run(capsys, "--db", str(typo), *command)
        assert (code, out) == (1, "")
        assert f"there is no database at {typo} (--db): check the path" in err
        assert not typo.exists()
    monkeypatch.setenv("UNSTALL_DB", str(typo))
    code, _, err = run(capsys, "list")
    assert code == 1 and "(UNSTALL_DB)" in err and not typo.exists()


def test_an_unreadable_database_is_reported_and_left_alone(capsys, db_path):
    db_path.write_text('{"diagnoses": {"1": {"partner"', encoding="utf-8")
    before = db_path.read_bytes()
    code, _, err = run(capsys, "--db", str(db_path), "list")
    assert code == 1
    assert str(db_path) in err
    assert "Traceback" not in err
    assert db_path.read_bytes() == before


def test_demo_uses_sample_partners_and_never_the_users_file(capsys):
    code, out, _ = run(capsys, "--demo", "list", "--json")
    assert code == 0
    partners = {row["partner"] for row in json.loads(out)}
    assert {"Harbor Travel", "Northwind Analytics", "Tessellate Labs"} <= partners
    assert not Path(os.environ["UNSTALL_DB"]).exists()


def test_version_and_help_name_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("unstall ")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    examples = out.split("examples:")[1]
    for command in (
        "diagnose",
        "list",
        "show",
        "points",
        "history",
        "outcome",
        "ics",
        "export",
        "import",
        "serve",
    ):
        assert command in out.split("examples:")[0], command
        assert f"unstall {command}" in examples, f"no example of {command}"
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "example" in capsys.readouterr().out


def test_the_installed_command_runs(tmp_path, answers_file):
    """The console script itself, in a child process, as a user's shell would run it."""
    script = Path(sys.executable).with_name("unstall")
    db = tmp_path / "child.json"
    result = subprocess.run(
        [str(script), "--db", str(db), "diagnose", "--answers", str(answers_file), "--json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "UNSTALL_TODAY": "2026-11-23"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "stalled"
    bad = subprocess.run(
        [str(script), "--db", str(db), "show", "99"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr


def _seed_demo(db_path):
    from playbook import clock
    from store.repository import Repository
    from tui.demo import seed

    repository = Repository(db_path)
    seed(repository, clock.today())
    repository.close()


def test_list_filters_by_verdict_cause_and_dates_in_words(capsys, db_path):
    _seed_demo(db_path)
    code, out, _ = run(
        capsys,
        "--db",
        str(db_path),
        "list",
        "--verdict",
        "stalled",
        "--since",
        "2 months ago",
        "--json",
    )
    assert code == 0
    rows = json.loads(out)
    assert rows and all(row["verdict"] == "stalled" for row in rows)
    assert all(row["diagnosed_on"] >= "2026-09-23" for row in rows)
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--cause", "owner", "--json")
    assert {row["partner"] for row in json.loads(out)} == {
        "Northwind Analytics",
        "Lumen Learning Co-op",
    }
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--until", "2026-03-31", "--json")
    assert all(row["diagnosed_on"] <= "2026-03-31" for row in json.loads(out))
    code, _, err = run(capsys, "--db", str(db_path), "list", "--since", "someday")
    assert code == 2 and "--since" in err


def test_history_shows_what_changed_between_diagnoses(capsys, db_path):
    _seed_demo(db_path)
    code, out, _ = run(capsys, "--db", str(db_path), "history", "northwind analytics")
    assert code == 0
    assert "owner on their side: Sam Okafor -> none" in out
    assert "ownership: new" in out
    assert "worse than the diagnosis before" in out
    code, out, _ = run(capsys, "--db", str(db_path), "history", "Northwind Analytics", "--json")
    timeline = json.loads(out)
    assert timeline[0]["changes"] is None
    assert timeline[-1]["changes"]["trend"] == "worse"
    code, _, err = run(capsys, "--db", str(db_path), "history", "Nobody Inc")
    assert code == 1 and "no diagnoses" in err
    code, out, _ = run(capsys, "--db", str(db_path), "history", "Quarry Street Media")
    assert code == 0 and "Quarry Street Media: 1 diagnosis, oldest first" in out


def test_outcome_is_recorded_and_shown_in_history(capsys, db_path):
    _seed_demo(db_path)
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--partner", "Harbor Travel", "--json")
    latest = json.loads(out)[0]["id"]
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "outcome",
        str(latest),
        "--decision",
        "revive",
        "--fix",
        "a monthly review",
        "--owner",
        "Alex Kim",
        "--due",
        "next Friday",
    )
    assert code == 0, err
    assert "Fri 27 Nov 2026" in out
    code, out, _ = run(capsys, "--db", str(db_path), "history", "Harbor Travel")
    assert "outcome: revive: a monthly review (owner Alex Kim), due Fri 27 Nov 2026" in out
    code, _, err = run(capsys, "--db", str(db_path), "outcome", str(latest), "--decision", "revive")
    assert code == 2 and "fix:" in err


def test_export_and_import_round_trip_without_loss(capsys, db_path, tmp_path):
    _seed_demo(db_path)
    exported = tmp_path / "backup.json"
    code, _, err = run(capsys, "--db", str(db_path), "export", "-o", str(exported))
    assert code == 0, err
    assert (exported.stat().st_mode & 0o777) == 0o600
    other = tmp_path / "other.json"
    code, out, _ = run(capsys, "--db", str(other), "import", str(exported))
    assert code == 0
    assert out.startswith("Added 14")
    again = tmp_path / "again.json"
    run(capsys, "--db", str(other), "export", "-o", str(again))
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(other), "import", str(exported))
    assert "skipped 14" in out


def test_export_markdown_for_one_partner(capsys, db_path, tmp_path):
    _seed_demo(db_path)
    code, out, _ = run(
        capsys, "--db", str(db_path), "export", "--partner", "Harbor Travel", "--format", "md"
    )
    assert code == 0
    assert out.count("## Harbor Travel") == 3
    target = tmp_path / "quarry.md"
    code, _, err = run(
        capsys,
        "--db",
        str(db_path),
        "export",
        "--partner",
        "Quarry Street Media",
        "-o",
        str(target),
    )
    assert code == 0 and f"Wrote 1 diagnosis to {target}" in err


def test_ics_writes_a_recurring_review(capsys, db_path, answers_file, tmp_path):
    run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    target = tmp_path / "review.ics"
    code, _, err = run(capsys, "--db", str(db_path), "ics", "1", "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "RRULE:FREQ=MONTHLY;BYDAY=+4WE" in text
    assert "DTSTART:20261223T100000" in text
    assert "SUMMARY:Partnership review: Example Harbor Travel" in text


def test_a_damaged_partner_file_is_named_and_the_other_partners_still_list(capsys, db_path):
    from playbook.history import partner_key
    from store.records import partner_file_name
    from store.repository import Repository

    with Repository(db_path) as repository:
        saved = repository.save({"partner": "Acme", "diagnosed_on": "2026-11-23"})
        repository.save({"partner": "Borealis", "diagnosed_on": "2026-11-23"})
    damaged = db_path / "partners" / partner_file_name(partner_key("Acme"))
    before = damaged.read_bytes()
    damaged.write_bytes(before[:-7])
    code, out, err = run(capsys, "--db", str(db_path), "list")
    assert code == 0 and "Borealis" in out and "Acme" not in out
    assert str(damaged) in err and "Traceback" not in err
    code, _, err = run(capsys, "--db", str(db_path), "show", str(saved.id))
    assert code == 1 and str(damaged) in err and "Traceback" not in err
    assert damaged.read_bytes() == before[:-7]  # refused, never written


def test_delete_asks_on_a_terminal_and_takes_yes_in_scripts(capsys, db_path, answers_file):
    run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    code, _, err = run(capsys, "--db", str(db_path), "delete", "1")
    assert code == 2 and "--yes" in err  # no terminal here: nothing deleted without --yes
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--json")
    assert len(json.loads(out)) == 1
    code, out, _ = run(capsys, "--db", str(db_path), "delete", "1", "--yes")
    assert code == 0 and "Deleted diagnosis #1" in out
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, "--db", str(db_path), "delete", "1", "--yes")
    assert code == 1 and "no diagnosis #1" in err


class _Keyboard(io.StringIO):
    """A terminal's standard input with ``typed`` on it; reading past it is ctrl+d."""

    def isatty(self) -> bool:
        return True


class _Interrupted(_Keyboard):
    def readline(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("keyboard", "code"),
    [(_Keyboard("n\n"), 0), (_Keyboard(""), 0), (_Interrupted(""), 130)],
    ids=["no", "ctrl+d", "ctrl+c"],
)
def test_delete_on_a_terminal_deletes_nothing_without_a_yes(
    capsys, db_path, answers_file, monkeypatch, keyboard, code
):
    """Ctrl+D at the question crashed ("an unexpected error (EOFError)"); ctrl+c said nothing."""
    run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    monkeypatch.setattr(sys, "stdin", keyboard)
    got, out, err = run(capsys, "--db", str(db_path), "delete", "1")
    assert (got, "Nothing was deleted." in out, "unexpected" in err) == (code, True, False)
    monkeypatch.setattr(sys, "stdin", _Keyboard("y\n"))
    assert run(capsys, "--db", str(db_path), "delete", "1")[0] == 0
    assert json.loads(run(capsys, "--db", str(db_path), "list", "--json")[1]) == []


@pytest.mark.parametrize("typed", ["²", "¹2", "١"])
def test_an_id_in_other_digits_is_no_diagnosis_number(capsys, db_path, answers_file, typed):
    """'²' passed str.isdigit and crashed int(); '١' opened #1."""
    run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    code, _, err = run(capsys, "--db", str(db_path), "show", typed)
    assert code == 2 and "is not a diagnosis number" in err and "unexpected" not in err


def test_dash_as_the_output_is_standard_output_not_a_file_named_dash(
    capsys, db_path, answers_file, tmp_path, monkeypatch
):
    run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--db", str(db_path), "ics", "1", "-o", "-")
    assert code == 0, err
    assert out.startswith("BEGIN:VCALENDAR")
    code, out, err = run(capsys, "--db", str(db_path), "export", "--format", "md", "-o", "-")
    assert code == 0, err
    assert "Example Harbor Travel" in out
    assert not (tmp_path / "-").exists()


def test_an_outcomes_due_date_reads_ahead_and_is_checked(capsys, db_path, answers_file):
    """'--due monday' recorded last Monday; a Saturday or a day gone by was taken silently."""
    run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    pending = ("--db", str(db_path), "outcome", "1", "--decision", "pending", "--due")
    code, out, _ = run(capsys, *pending, "monday")
    assert code == 0 and "due Mon 30 Nov 2026." in out and "Note" not in out
    code, out, _ = run(capsys, *pending, "sat")
    assert "due Sat 28 Nov 2026" in out
    assert "Note: the due date is a Saturday: the next working day is Mon 30 Nov 2026." in out
    code, out, _ = run(capsys, *pending, "2026-11-02")
    assert "Note: the due date, Mon 2 Nov 2026, has already passed." in out


def test_an_export_to_a_markdown_file_is_markdown_unless_told(
    capsys, db_path, answers_file, tmp_path
):
    """'export -o notes.md' wrote JSON into a .md file; a folder that does not exist was
    "No such file or directory"."""
    run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    notes = tmp_path / "notes.md"
    assert run(capsys, "--db", str(db_path), "export", "-o", str(notes))[0] == 0
    assert notes.read_text(encoding="utf-8").startswith("# Unstall: partnership diagnoses")
    told = tmp_path / "told.md"
    run(capsys, "--db", str(db_path), "export", "--format", "json", "-o", str(told))
    assert json.loads(told.read_text(encoding="utf-8"))[0]["partner"] == "Example Harbor Travel"
    plain = tmp_path / "backup.json"
    run(capsys, "--db", str(db_path), "export", "-o", str(plain))
    assert json.loads(plain.read_text(encoding="utf-8"))
    code, _, err = run(capsys, "--db", str(db_path), "export", "-o", str(tmp_path / "no" / "x.md"))
    assert code == 1 and f"there is no folder {tmp_path / 'no'}; make it first" in err


def test_the_same_answers_file_given_twice_is_saved_and_said(capsys, db_path, answers_file):
    """It was a silent duplicate (an import skips it)."""
    assert run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))[2] == ""
    code, _, err = run(capsys, "--db", str(db_path), "diagnose", "--answers", str(answers_file))
    assert code == 0
    assert "these answers are #1's, word for word" in err
    assert f"'unstall --db {db_path} delete 2' removes it" in err
