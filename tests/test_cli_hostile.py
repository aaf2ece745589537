"""The command line under hostile input and a hostile world: a bad ``UNSTALL_TODAY``, standard
input closed, standard output full, no terminal, impossible paths and hosts, keys given twice,
numbers too large, empty options, options that cannot go together. Each gets one sentence on
stderr starting "unstall: " that says what was wrong and what to do, exit code 2 for the user's
input (1 when the output cannot be written), and never a traceback or a crash log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, diagnosed, example_db, run_cli

from playbook import clock
from store.repository import Repository
from tui import crash

__all__ = ["example_db"]  # the `db` fixture: #1, Example Harbor Travel, diagnosed 23 Nov 2026

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each case here is refused before the app starts: should one start it, it fails at once
    (a crash, exit code 70) instead of drawing into pytest's output."""
    from tui import app as app_module

    def started(args: object) -> int:
        raise AssertionError("the app was started")

    monkeypatch.setattr(app_module, "run", started)


def refused(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 2) -> tuple[str, str]:
    """Run `unstall ARGV`, which must be refused with ``code``: its output and its one
    message (without the "unstall: " it starts with); no traceback, no crash log."""
    got, out, err = run_cli(capsys, *argv)
    assert got == code, (out, err)
    assert err.startswith("unstall: "), err
    assert "Traceback" not in err and "a bug" not in err, err
    assert not list(crash.crash_dir().glob("crash-*.log"))
    return out, err.removeprefix("unstall: ")


def saved(folder: Path) -> int:
    with Repository(folder) as repository:
        return repository.count()


# -- 3. UNSTALL_TODAY that is no date, or out of range -----------------------------------------

BAD_TODAY = ["garbage", "2026-02-30", "tomorrow", "2026-11-23T25:00", "0001-01-01", "2201-01-01"]


@pytest.fixture
def env_clock(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The clock as a user's shell sets it: from ``UNSTALL_TODAY`` (not fixed in code)."""
    clock.fix(None)
    return monkeypatch


@pytest.mark.parametrize("value", BAD_TODAY)
def test_a_bad_unstall_today_is_said_once_for_every_command(capsys, db, env_clock, value):
    env_clock.setenv("UNSTALL_TODAY", value)
    for argv in (["ics", "1"], ["list"], ["show", "1"], []):
        _, err = refused(capsys, "--db", str(db), *argv)
        assert err == (
            f"UNSTALL_TODAY={value!r} is not a date such as 2026-11-23 (between 1970-01-01 and "
            "2200-12-31, the range import accepts): fix it or unset it\n"
        )


def test_a_good_unstall_today_still_sets_the_day(capsys, db, env_clock):
    env_clock.setenv("UNSTALL_TODAY", "2026-12-01T10:30+05:00")  # a time zone is dropped
    code, out, _ = run_cli(capsys, "--db", str(db), "show", "1", "--json")
    assert code == 0 and json.loads(out)["diagnosed_on"] == "2026-11-23"
    assert clock.today().isoformat() == "2026-12-01"


def test_the_crash_log_is_dated_by_the_real_clock(env_clock):
    env_clock.setenv("UNSTALL_TODAY", "garbage")
    message = crash.crash_message(RuntimeError("a bug of ours"))  # never raises
    (log,) = crash.crash_dir().glob("crash-*.log")
    assert str(log) in message and "a bug of ours" in log.read_text(encoding="utf-8")


# -- 4. standard input closed (<&-) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "plain"),
    [
        (["diagnose", "--answers", "-"], False),
        (["import", "-"], False),
        (["diagnose", "--plain"], False),
        ([], True),
        ([], False),
        (["delete", "1"], False),
    ],
)
def test_a_closed_standard_input_is_said(capsys, db, monkeypatch, argv, plain):
    if plain:
        monkeypatch.setenv("UNSTALL_PLAIN", "1")
    monkeypatch.setattr(sys, "stdin", None)  # what Python makes of a descriptor 0 closed
    _, err = refused(capsys, "--db", str(db), *argv)
    if argv[:1] == ["delete"]:
        assert "Nothing was deleted: add --yes to confirm" in err
    else:
        assert err.startswith("standard input is closed: "), err
    assert saved(db) == 1


# -- 5. standard output that cannot be written -------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["show", "1"], ["export"], ["points", "1"], ["ics", "1"]])
def test_a_full_output_is_a_failure_said_in_words(capsys, db, monkeypatch, argv):
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        _, err = refused(capsys, "--db", str(db), *argv, code=1)
    assert err == "cannot write the output: No space left on device\n"


def test_a_closed_output_is_a_failure_said_in_words(capsys, db, monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    _, err = refused(capsys, "--db", str(db), "export", code=1)
    assert err == "cannot write the output: standard output is closed\n"


def unstall(*argv: str, **streams: Any) -> subprocess.CompletedProcess[str]:
    """`unstall ARGV` in a process of its own, its streams as given."""
    env = {**os.environ, "UNSTALL_TODAY": "2026-11-23"}
    env.pop("TEXTUAL_DRIVER", None)
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv],
        cwd=ROOT,
        env=env,
        text=True,
        timeout=120,
        check=False,
        **streams,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_as_a_real_shell_sees_it(db):
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = unstall("--db", str(db), "show", "1", stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 1
    assert done.stderr == "unstall: cannot write the output: No space left on device\n"


# -- 6. the app without a terminal -------------------------------------------------------------


def test_the_app_without_a_terminal_is_refused(capsys, db):
    _, err = refused(capsys, "--db", str(db))  # pytest's stdin and stdout are no terminal
    assert err == (
        "the app needs a terminal; use a command such as 'unstall list', or UNSTALL_PLAIN=1 for "
        "plain prompts\n"
    )


def test_the_app_started_from_a_script_stops_at_once(db, tmp_path):
    output = tmp_path / "out"
    with open(os.devnull, encoding="utf-8") as nothing, output.open("w") as out:
        done = unstall("--db", str(db), stdin=nothing, stdout=out, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr.startswith("unstall: the app needs a terminal;")
    assert output.read_text() == ""  # no escape sequences drawn into the file


# -- 7. a path or a host that cannot be used ---------------------------------------------------


@pytest.mark.parametrize("argv", [["list"], ["diagnose", "--template"], []])
def test_a_database_name_too_long_is_said(capsys, tmp_path, argv):
    path = tmp_path / ("x" * 300)
    _, err = refused(capsys, "--db", str(path), *argv)
    assert err.startswith("--db: the path ") and "File name too long" in err
    assert "give a shorter path" in err


def test_a_database_name_too_long_in_the_environment_is_said(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("UNSTALL_DB", str(tmp_path / ("x" * 300)))
    _, err = refused(capsys, "list")
    assert err.startswith("UNSTALL_DB: the path ") and "File name too long" in err


def test_a_host_that_is_no_host_name_is_refused(capsys, db):
    _, err = refused(capsys, "--db", str(db), "serve", "--host", "bogus..host", "--allow-remote")
    assert err.startswith("--host bogus..host is not a host name or an IP address")
    from tui.serve import host_problem

    assert host_problem("127.0.0.1") is None and host_problem("example.com") is None
    assert host_problem("::1") is None and host_problem("a" * 64 + ".com")


# -- 8. the due date the points proposed has passed --------------------------------------------

OLD = {
    **EXAMPLE,
    "started": "2025-06-01",
    "diagnosed_on": "2026-03-02",
    "last_conversation": "2026-01-20",
    "last_activity": "2026-02-20",
}


def test_a_proposed_due_date_that_passed_is_said_as_the_points(capsys, tmp_path):
    db = diagnosed(capsys, tmp_path, OLD)
    argv = ["--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes"]
    _, err = refused(capsys, *argv)
    assert "--due: the due date the talking points proposed (" in err
    assert "has passed" in err and "give --due DATE" in err
    assert "is before the conversation" not in err
    # A --due typed is named as typed.
    _, err = refused(capsys, *argv, "--due", "2026-11-01")
    assert "--due: Sun 1 Nov 2026 is before the conversation (Mon 23 Nov 2026)" in err
    assert run_cli(capsys, *argv, "--due", "next Friday")[0] == 0


# -- 9. list that finds nothing ----------------------------------------------------------------


def test_a_list_that_matches_nothing_says_so(capsys, db, tmp_path):
    code, out, _ = run_cli(capsys, "--db", str(db), "list", "--since", "tomorrow")
    assert code == 0
    assert out == (
        f"No diagnoses match --since (1 diagnosis saved): 'unstall --db {db} list' lists every "
        "one.\n"
    )
    code, out, err = run_cli(
        capsys, "--db", str(db), "list", "--since", "2026-11-01", "--until", "2026-10-01"
    )
    assert code == 0 and out.startswith("No diagnoses match --since and --until")
    assert err.startswith("unstall: warning: --since Sun 1 Nov 2026 is after --until")
    (tmp_path / "empty").mkdir()  # a new, empty database folder (none at all is refused)
    code, out, _ = run_cli(capsys, "--db", str(tmp_path / "empty"), "list")
    assert out.startswith("No diagnoses yet.")


# -- 11. an outcome's due date -----------------------------------------------------------------


def test_an_outcome_due_date_out_of_range_or_before_the_call_is_refused(capsys, db):
    outcome = ["--db", str(db), "outcome", "1", "--decision", "revive", "--fix", "x", "--due"]
    _, err = refused(capsys, *outcome, "1900-01-01")
    assert "--due: 1900-01-01 is not a plausible due date: give a day between 1970-01-01" in err
    _, err = refused(capsys, *outcome, "2201-01-01")
    assert "--due: 2201-01-01 is not a plausible due date" in err
    held = ["--db", str(db), "conversation", "1", "--held-on", "today", "--priority", "yes"]
    assert run_cli(capsys, *held)[0] == 0
    _, err = refused(capsys, *outcome, "2026-11-01")
    assert "--due: Sun 1 Nov 2026 is before the conversation (Mon 23 Nov 2026)" in err
    with Repository(db) as repository:
        assert repository.get(1).extra["conversation"].get("later") is None


# -- 12, 13. keys given twice; numbers too large -----------------------------------------------


@pytest.mark.parametrize("command", ["diagnose", "import"])
def test_a_key_given_twice_is_refused(capsys, db, tmp_path, command):
    path = tmp_path / "twice.json"
    item = '{"partner": "Acme", "kind": "referral", "partner": "Other"}'
    path.write_text(item if command == "diagnose" else f"[{item}]", encoding="utf-8")
    argv = ["diagnose", "--answers", str(path)] if command == "diagnose" else ["import", str(path)]
    _, err = refused(capsys, "--db", str(db), *argv)
    assert err.startswith(f"partner is given twice in {path}: keep one of them")
    assert saved(db) == 1


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("1e400", "the number given is more than 1,000,000"),
        ("-1e400", "the number given is below zero"),
        ("1e300", "the number given is more than 1,000,000"),
        ("NaN", "NaN is not a number"),
        ('"' + "9" * 5000 + '"', "the number typed is more than 1,000,000"),
    ],
)
def test_a_number_too_large_is_said_in_our_words(capsys, db, tmp_path, number, said):
    path = tmp_path / "big.json"
    path.write_text('{"partner": "Acme", "activity_last_month": ' + number + "}")
    _, err = refused(capsys, "--db", str(db), "diagnose", "--answers", str(path))
    assert f"activity_last_month: {said}" in err
    assert "inf" not in err and "000,000,000" not in err and "set_int_max" not in err


# -- 14. import: what was refused goes to stderr ------------------------------------------------


def test_import_refusals_go_to_stderr(capsys, db, tmp_path):
    path = tmp_path / "object.json"
    path.write_text('{"partner": "Acme"}', encoding="utf-8")
    out, err = refused(capsys, "--db", str(db), "import", str(path))
    assert out == "" and err.startswith("nothing imported: the file must be a JSON array")
    items = [{**EXAMPLE, "partner": "New Co"}, {**EXAMPLE, "kind": "bogus", "partner": "Bad Co"}]
    path.write_text(json.dumps(items), encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(db), "import", str(path))
    assert code == 1
    assert out == "Added 1, skipped 0 duplicates, rejected 1.\n"
    assert err.startswith("unstall: Item 2 (Bad Co): rejected:\n  kind: 'bogus'")


# -- 15. empty options; 17. options that do not go together ------------------------------------


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["diagnose", "--answers", ""], "--answers is empty: give the path of the answers file"),
        (["export", "-o", ""], "--output is empty: give the file to write"),
        (["ics", "1", "-o", ""], "--output is empty: give the file to write"),
        (["serve", "--host", ""], "--host is empty: give an address"),
        (["history", ""], "PARTNER is empty: give the partner's name"),
        (["history", "  "], "PARTNER is empty: give the partner's name"),
        (["export", "--partner", ""], "--partner is empty: give a partner's name"),
        (
            ["conversation", "1", "--held-on", "", "--priority", "yes"],
            "--held-on is empty: give the day the call was held",
        ),
        (["import", ""], "FILE is empty: give the path of the import file"),
    ],
)
def test_an_empty_option_is_refused(capsys, db, argv, said):
    out, err = refused(capsys, "--db", str(db), *argv)
    assert out == "" and err.startswith(said)


def test_an_empty_database_path_is_refused(capsys):
    _, err = refused(capsys, "--db", "", "list")
    assert err.startswith("--db is empty: give the database folder")


def test_demo_options_that_do_not_go_together_are_refused(capsys, db):
    _, err = refused(capsys, "--demo", "--db", str(db), "list")
    assert err.startswith("--demo uses a temporary database of sample partners, so --db ")
    _, err = refused(capsys, "--demo-reset", "list")
    assert err.startswith("--demo-reset starts the sample database over and works only with")


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--verdict", "Stalled"],
        ["list", "--verdict", " stalled "],
        ["export", "--format", "MD"],
        ["export", "--format", "markdown"],
    ],
)
def test_a_choice_in_any_case_is_taken(capsys, db, argv):
    """'--priority Yes' was taken while '--verdict Stalled' and '--format MD' were refused."""
    db.mkdir(exist_ok=True)
    code, _, err = run_cli(capsys, "--db", str(db), *argv)
    assert code == 0, err


def test_a_database_option_after_the_command_says_where_it_goes(capsys, db):
    code, _, err = run_cli(capsys, "list", "--db", str(db))
    assert code == 2
    assert "--db, --demo and --demo-reset go before the command: unstall --db PATH list" in err


def test_an_answers_file_saved_by_windows_powershell_is_read(capsys, db, tmp_path):
    """PowerShell 5's '>' writes UTF-16 with a byte-order mark: it was "not UTF-8 text"."""
    answers = tmp_path / "answers.json"
    answers.write_bytes(json.dumps(EXAMPLE).encode("utf-16"))
    code, out, err = run_cli(capsys, "--db", str(db), "diagnose", "--answers", str(answers))
    assert code == 0, err
    assert out.startswith("Example Harbor Travel: STALLED")


def test_a_comma_after_the_last_answer_is_named_with_its_line(capsys, db, tmp_path):
    """It was Python's "Expecting property name enclosed in double quotes", at the line after."""
    answers = tmp_path / "answers.json"
    answers.write_text('{\n  "partner": "Acme",\n  "kind": "referral",\n}\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "--db", str(db), "diagnose", "--answers", str(answers))
    assert code == 2
    assert "line 3 ends in a comma after the last item, which JSON does not allow" in err


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("UNSTALL_COUNTRY", "United States", "is no country code whose public holidays are known"),
        ("UNSTALL_COUNTRY", "XX", "is no country code whose public holidays are known"),
        ("UNSTALL_DATE_ORDER", "d/m/y", "is neither dmy"),
    ],
)
def test_a_setting_unstall_does_not_know_is_warned_of(capsys, db, monkeypatch, name, value, said):
    """They were read as not given, silently: a call proposed on Thanksgiving, dates misread."""
    db.mkdir(exist_ok=True)
    monkeypatch.setenv(name, value)
    code, _, err = run_cli(capsys, "--db", str(db), "list")
    assert code == 0 and f"unstall: warning: {name}={value} {said}" in err


@pytest.mark.parametrize(
    ("name", "value"), [("UNSTALL_COUNTRY", "none"), ("UNSTALL_COUNTRY", "us")]
)
def test_a_setting_it_knows_is_not_warned_of(capsys, db, monkeypatch, name, value):
    db.mkdir(exist_ok=True)
    monkeypatch.setenv(name, value)
    assert run_cli(capsys, "--db", str(db), "list")[2] == ""


def test_a_partner_name_for_an_id_points_to_the_partners_list(capsys, db):
    db.mkdir(exist_ok=True)
    code, _, err = run_cli(capsys, "--db", str(db), "show", "Harbor Travel")
    assert code == 2
    assert f'for a partner\'s diagnoses: unstall --db {db} list --partner "Harbor Travel"' in err


def test_new_with_an_answers_file_is_refused_not_ignored(capsys, db, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    code, out, err = run_cli(
        capsys, "--db", str(db), "diagnose", "--new", "--answers", str(answers)
    )
    assert (code, out) == (2, "") and "--new is for the plain questionnaire (--plain)" in err
