"""Output and input encodings, and plain mode's endings, as a Windows pipe, a dumb terminal or
a script sees them: a name the output cannot encode never crashes a command (it is replaced,
and output that is not a terminal is UTF-8 unless ``PYTHONIOENCODING`` says otherwise); a
piped line that is not UTF-8 is refused and asked again, never stored as "�"; Ctrl-C amid
the notes keeps the lines typed; several drafts are offered by number; ``UNSTALL_PLAIN`` is
read as a yes/no; ``TERM=dumb`` does not get the full-screen app. Every case runs the real
command (a process of its own, or ``main``/``run_plain`` over real byte streams) over a real
database in a temporary folder."""

from __future__ import annotations

import codecs
import io
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE

from playbook import clock
from playbook.answers import validate
from playbook.questions import applicable
from store.repository import Draft, Repository
from tui import cli, crash
from tui.plain import run_plain

SAVED_ON_CTRL_C = (
    "Interrupted: every answer sent with Enter is saved as a draft (a line not yet sent is not)"
)


ROOT = Path(__file__).resolve().parents[1]
LODZ = "Łódź Software"
ZOE = "Zoë & Björk Ltd"


def unstall(
    *argv: str, input: bytes | None = None, **env: str | None
) -> subprocess.CompletedProcess[bytes]:
    """`unstall ARGV` in a process of its own, with no terminal: its output as bytes. An
    ``env`` value of ``None`` removes that variable."""
    environment = {**os.environ, "UNSTALL_TODAY": "2026-11-23", "TERM": "xterm"}
    for name in ("TEXTUAL_DRIVER", "PYTHONIOENCODING", "UNSTALL_PLAIN"):
        environment.pop(name, None)
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv],
        cwd=ROOT,
        env=environment,
        input=input if input is not None else b"",
        capture_output=True,
        timeout=120,
        check=False,
    )


def no_crash(done: subprocess.CompletedProcess[bytes]) -> None:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode != 70, err
    assert "a bug" not in err and "Traceback" not in err, err
    assert not list(crash.crash_dir().glob("crash-*.log"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one diagnosis of each partner whose name is outside cp1252 / ASCII:
    #1 Łódź Software, #2 Zoë & Björk Ltd."""
    folder = tmp_path / "db"
    with Repository(folder) as repository:
        for name in (LODZ, ZOE):
            repository.save(validate({**EXAMPLE, "partner": name}, clock.today()).answers)
    return folder


# -- 1. names the output cannot encode ---------------------------------------------------------

COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["show", "1"],
    ["show", "2"],
    ["points", "1"],
    ["history", LODZ],
    ["history", ZOE],
]


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_name_the_output_cannot_encode_is_replaced_not_a_crash(db, encoding, argv):
    done = unstall("--db", str(db), *argv, PYTHONIOENCODING=encoding)
    no_crash(done)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode(encoding)  # every byte is of the encoding asked for
    name = ZOE if argv[-1] in ("2", ZOE) else LODZ
    expected = name.encode(encoding, "replace").decode(encoding)
    assert expected in out
    if "ó" in expected:  # cp1252 has ó, not Ł or ź: only what it lacks is replaced
        assert "?ód? Software" in out


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_diagnose_from_an_answers_file_prints_its_verdict_in_any_encoding(db, tmp_path, encoding):
    answers = tmp_path / "lodz.json"
    answers.write_text(json.dumps({**EXAMPLE, "partner": LODZ}), encoding="utf-8")
    done = unstall(
        "--db", str(db), "diagnose", "--answers", str(answers), PYTHONIOENCODING=encoding
    )
    no_crash(done)
    assert done.returncode == 0, done.stderr
    assert "d? Software: STALLED" in done.stdout.decode(encoding)
    with Repository(db) as repository:
        assert repository.count() == 3


def test_output_that_is_no_terminal_is_utf8_whatever_the_locale_says(db, monkeypatch, capsys):
    """As on Windows, where a redirected output is cp1252: without PYTHONIOENCODING the file
    gets every letter, in UTF-8 (as `export` and `ics` write their files)."""
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252"))
    code = cli.main(["--db", str(db), "list"])
    sys.stdout.flush()
    assert code == 0, capsys.readouterr().err
    text = raw.getvalue().decode("utf-8")
    assert LODZ in text and ZOE in text


def test_a_chosen_encoding_is_kept_and_what_it_lacks_replaced(db, monkeypatch, capsys):
    monkeypatch.setenv("PYTHONIOENCODING", "cp1252")
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252"))
    code = cli.main(["--db", str(db), "show", "2"])
    sys.stdout.flush()
    assert code == 0, capsys.readouterr().err
    assert ZOE in raw.getvalue().decode("cp1252")  # cp1252 has ë and ö: kept, not UTF-8


def test_a_stream_that_cannot_be_reconfigured_gets_the_name_replaced(db, monkeypatch, capsys):
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", codecs.getwriter("ascii")(raw))  # no reconfigure()
    code = cli.main(["--db", str(db), "show", "1"])
    assert code == 0, capsys.readouterr().err
    assert b"??d? Software" in raw.getvalue()


def test_a_redirected_diagnosis_without_pythonioencoding_is_utf8(db, tmp_path):
    answers = tmp_path / "zoe.json"
    answers.write_text(json.dumps({**EXAMPLE, "partner": ZOE}), encoding="utf-8")
    done = unstall("--db", str(db), "diagnose", "--answers", str(answers))
    no_crash(done)
    assert f"{ZOE}: STALLED".encode() in done.stdout


def plain_run(
    repository: Repository, data: bytes, encoding: str = "utf-8", **options: Any
) -> tuple[int, str]:
    """``run_plain`` over real byte streams: ``data`` in (UTF-8 text), output in ``encoding``."""
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding=encoding)
    code = run_plain(repository, stdin, stdout, **options)
    stdout.flush()
    return code, raw.getvalue().decode(encoding)


@pytest.fixture
def repository(tmp_path: Path):
    with Repository(tmp_path / "plain") as repo:
        yield repo


def test_plain_mode_echoes_a_name_the_output_cannot_encode(repository):
    lines = [ZOE, "zzz", "done", "q"]  # an unknown kind: the review shows it with ✗
    code, out = plain_run(repository, "".join(f"{line}\n" for line in lines).encode(), "ascii")
    assert code == 0, out
    assert "> Zo? & Bj?rk Ltd" in out
    assert "? not accepted:" in out  # the ✗ sign, replaced
    assert "Saved as a draft: Zo? & Bj?rk Ltd." in out
    [draft] = repository.drafts()
    assert draft.answers["partner"] == ZOE  # stored as typed: only the output is replaced


def test_plain_mode_shows_a_carried_answer_in_an_output_without_the_sign(repository):
    repository.save(validate({**EXAMPLE, "partner": LODZ}, clock.today()).answers)
    lines = [LODZ, "y", "done", "q"]  # start from last time: the review marks carried ones ↺
    code, out = plain_run(repository, "".join(f"{line}\n" for line in lines).encode(), "cp1252")
    assert code == 0, out
    assert "(? from last time)" in out
    assert "?ód? Software was last diagnosed" in out


# -- 3. piped input that is not UTF-8 ----------------------------------------------------------


def test_a_piped_line_that_is_not_utf8_is_refused_and_asked_again(tmp_path):
    folder = tmp_path / "db"
    done = unstall(
        "--db", str(folder), "diagnose", "--plain", input=b"Zo\xeb Ltd\r\nZoe Ltd\r\nq\r\n"
    )
    no_crash(done)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, out
    assert "That line could not be read as text; type it again." in out
    assert "Saved as a draft: Zoe Ltd." in out
    with Repository(folder) as repository:
        [draft] = repository.drafts()
    assert draft.answers["partner"] == "Zoe Ltd"
    assert "\ufffd" not in json.dumps([draft.answers, draft.typed], ensure_ascii=False)


def test_a_line_that_is_not_utf8_in_the_notes_is_asked_again(repository):
    at_notes(repository)
    code, out = plain_run(repository, b"y\nfirst line\ncaf\xe9 time\nsecond line\n\nq\n")
    assert code == 0, out
    assert "That line could not be read as text; type it again." in out
    assert repository.drafts()[0].typed["notes"] == "first line\nsecond line"


def test_an_unreadable_reply_to_the_resume_question_is_asked_again(repository):
    repository.save_draft(Draft(answers={"partner": "Acme"}, typed={"partner": "Acme"}))
    code, out = plain_run(repository, b"\xff\xfe\ny\nq\n")
    assert code == 0, out
    assert "That line could not be read as text; type it again." in out
    assert "Resuming at:" in out


def test_the_plain_program_refuses_a_line_that_is_not_utf8(tmp_path):
    folder = tmp_path / "db"
    env = {**os.environ, "UNSTALL_TODAY": "2026-11-23"}
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run(
        [sys.executable, "-m", "tui.plain", str(folder)],
        input=b"Zo\xeb Ltd\nZo\xc3\xab Ltd\nq\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"That line could not be read as text; type it again." in done.stdout
    with Repository(folder) as repository:
        assert repository.drafts()[0].answers["partner"] == "Zoë Ltd"


# -- 2. Ctrl-C amid the notes ------------------------------------------------------------------


class InterruptAfter(io.TextIOWrapper):
    """UTF-8 lines from bytes, then Ctrl-C where a person presses it."""

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        line = super().readline(size)
        if not line:
            raise KeyboardInterrupt
        return line


def at_notes(repository: Repository) -> Draft:
    """A draft whose next question is the notes."""
    answers = applicable(validate({**EXAMPLE, "notes": ""}, clock.today()).answers)
    answers.pop("notes", None)
    return repository.save_draft(Draft(answers=answers, typed=dict(answers), position="notes"))


def test_ctrl_c_amid_the_notes_keeps_the_lines_typed(repository):
    at_notes(repository)
    stdin = InterruptAfter(io.BytesIO(b"y\nline one\nline two\n"), encoding="utf-8")
    stdout = io.StringIO()
    code = run_plain(repository, stdin, stdout)
    out = stdout.getvalue()
    assert code == 130, out
    assert SAVED_ON_CTRL_C in out
    [draft] = repository.drafts()
    assert draft.typed["notes"] == "line one\nline two"
    assert draft.answers["notes"] == "line one\nline two"


def test_ctrl_c_at_the_first_line_of_the_notes_keeps_it(repository):
    at_notes(repository)
    stdin = InterruptAfter(io.BytesIO(b"y\nonly line\n"), encoding="utf-8")
    code = run_plain(repository, stdin, io.StringIO())
    assert code == 130
    assert repository.drafts()[0].typed["notes"] == "only line"


def test_input_ending_amid_the_notes_keeps_the_lines_typed(repository):
    at_notes(repository)
    code, out = plain_run(repository, b"y\nline one\nline two\n")
    assert code == 2, out
    assert repository.drafts()[0].typed["notes"] == "line one\nline two"


# -- 4. several drafts -------------------------------------------------------------------------


def two_drafts(repository: Repository) -> tuple[Draft, Draft]:
    older = repository.save_draft(Draft(answers={"kind": "referral"}, typed={"kind": "referral"}))
    newer = repository.save_draft(
        Draft(
            answers={"partner": ZOE, "kind": "reseller"}, typed={"partner": ZOE, "kind": "reseller"}
        )
    )
    return older, newer


def test_several_drafts_are_listed_and_one_is_picked_by_number(repository):
    older, newer = two_drafts(repository)
    code, out = plain_run(repository, b"2\nAcme\nq\n")
    assert code == 0, out
    assert "2 unfinished diagnoses were found, the last saved first:" in out
    assert f"  1) {ZOE}: 2 answers, saved today at " in out
    assert "  2) an unnamed partner: 1 answer, saved today at " in out
    assert "Type a number from 1 to 2 to resume that one" in out
    assert "Resume it? [Y/n]" not in out
    drafts = {draft.id: draft for draft in repository.drafts()}
    assert drafts[older.id].answers == {"kind": "referral", "partner": "Acme"}
    assert drafts[newer.id].answers["partner"] == ZOE


def test_several_drafts_n_starts_a_new_one_and_keeps_them(repository):
    two_drafts(repository)
    code, out = plain_run(repository, b"n\nNew One\nq\n")
    assert code == 0, out
    assert "Starting a new diagnosis; the unfinished ones are kept." in out
    assert sorted(draft.partner for draft in repository.drafts()) == ["", "New One", ZOE]


def test_several_drafts_an_unclear_reply_is_asked_again_and_eof_changes_nothing(repository):
    two_drafts(repository)
    code, out = plain_run(repository, b"3\nperhaps\n")
    assert code == 2
    assert out.count("Type a number from 1 to 2 to resume that one") == 3
    assert "nothing was changed" in out
    assert len(repository.drafts()) == 2


def test_one_draft_still_gets_the_yes_no_question(repository):
    repository.save_draft(Draft(answers={"partner": "Acme"}, typed={"partner": "Acme"}))
    code, out = plain_run(repository, b"y\nq\n")
    assert code == 0
    assert "An unfinished diagnosis of Acme was found (1 answer). Resume it? [Y/n]" in out


# -- 5. UNSTALL_PLAIN --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["false", "no", "0", "off", "False", ""])
def test_unstall_plain_off_values_leave_plain_mode_off(tmp_path, value):
    done = unstall("--db", str(tmp_path / "db"), input=b"Acme\nq\n", UNSTALL_PLAIN=value)
    no_crash(done)
    assert done.returncode == 2
    assert done.stderr.decode().startswith("unstall: the app needs a terminal;")
    assert b"New diagnosis" not in done.stdout


@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
@pytest.mark.parametrize("argv", [[], ["diagnose"]], ids=["unstall", "unstall diagnose"])
def test_unstall_plain_on_starts_plain_mode_for_unstall_and_unstall_diagnose(tmp_path, value, argv):
    folder = tmp_path / "db"
    done = unstall("--db", str(folder), *argv, input=b"Acme\nq\n", UNSTALL_PLAIN=value)
    no_crash(done)
    assert done.returncode == 0, done.stderr
    assert b"New diagnosis. Answer each question" in done.stdout
    with Repository(folder) as repository:
        assert [draft.partner for draft in repository.drafts()] == ["Acme"]


def test_unstall_diagnose_without_plain_mode_still_asks_for_a_source(tmp_path):
    done = unstall("--db", str(tmp_path / "db"), "diagnose")
    assert done.returncode == 2
    assert b"one of the arguments --answers --template --plain is required" in done.stderr


def test_unstall_plain_with_json_is_refused(tmp_path):
    done = unstall("--db", str(tmp_path / "db"), "diagnose", "--json", UNSTALL_PLAIN="1")
    assert done.returncode == 2
    assert done.stderr == b"unstall: --json works with --answers, not with --plain\n"


# -- 6. the endings name the command -----------------------------------------------------------


def test_q_and_the_end_of_input_name_the_command_with_its_database(tmp_path):
    folder = tmp_path / "my db"
    command = f"unstall --db {shlex.quote(str(folder))} diagnose --plain"
    done = unstall("--db", str(folder), "diagnose", "--plain", input=b"Acme\nq\n")
    assert done.returncode == 0, done.stderr
    assert f"Saved as a draft: Acme. Run `{command}` again to resume it." in done.stdout.decode()
    done = unstall("--db", str(folder), "diagnose", "--plain", input=b"y\n4\n")
    assert done.returncode == 2, done.stderr
    assert f"run `{command}` again to resume it." in done.stdout.decode()


def test_ctrl_c_names_the_command(repository):
    stdin = InterruptAfter(io.BytesIO(b"Acme\n"), encoding="utf-8")
    stdout = io.StringIO()
    code = run_plain(repository, stdin, stdout, command="unstall --db /x diagnose --plain")
    assert code == 130
    assert (
        "Interrupted: every answer sent with Enter is saved as a draft (a line not yet sent is "
        "not); run `unstall --db /x diagnose --plain` again to resume it." in stdout.getvalue()
    )


def test_the_endings_name_the_command_without_a_database(repository):
    code, out = plain_run(repository, b"Acme\nq\n")
    assert code == 0
    assert "Run `unstall diagnose --plain` again to resume it." in out


# -- TERM=dumb ---------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_dumb_terminal_does_not_get_the_full_screen_app(tmp_path):
    main, child = os.openpty()
    try:
        environment = {**os.environ, "UNSTALL_TODAY": "2026-11-23", "TERM": "dumb"}
        environment.pop("TEXTUAL_DRIVER", None)
        environment.pop("UNSTALL_PLAIN", None)
        done = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--db", str(tmp_path / "db")],
            cwd=ROOT,
            env=environment,
            stdin=child,
            stdout=child,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(child)
        os.close(main)
    assert done.returncode == 2
    assert done.stderr == (
        b"unstall: TERM=dumb: this terminal cannot show the full-screen app; use 'unstall "
        b"diagnose --plain' for plain prompts (UNSTALL_PLAIN=1 makes them the default), or a "
        b"command such as 'unstall list'\n"
    )


def test_plain_mode_still_runs_on_a_dumb_terminal(tmp_path):
    folder = tmp_path / "db"
    done = unstall("--db", str(folder), input=b"Acme\nq\n", TERM="dumb", UNSTALL_PLAIN="1")
    assert done.returncode == 0, done.stderr
    assert b"Saved as a draft: Acme." in done.stdout


def test_the_endings_name_the_demo_database(tmp_path):
    done = unstall("--demo", "diagnose", "--plain", "--new", input=b"Acme\nq\n")
    assert done.returncode == 0, done.stderr
    assert b"Run `unstall --demo diagnose --plain` again to resume it." in done.stdout
