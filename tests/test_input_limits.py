"""What an attacker (or an accident) can feed the command line: never a traceback, always a
message naming the real cause, and nothing saved when the input is refused."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import run_cli as run

from playbook.answers import validate
from playbook.outcome import MAX_DUE, MAX_FIX, MAX_OWNER, make_outcome
from playbook.questions import MAX_TEXT, QUESTIONS
from store.repository import Repository
from tui import crash
from tui.cli import main
from tui.reading import MAX_ANSWERS_BYTES, MAX_DEPTH, MAX_IMPORT_BYTES
from tui.reading import depth_over as nested_over


def saved(folder: Path) -> int:
    if not folder.exists():
        return 0
    with Repository(folder) as repository:
        return len(repository.list())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "db"


# -- size ------------------------------------------------------------------------------------


def test_an_endless_answers_file_stops_at_the_limit(capsys, db):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    code, _, err = run(capsys, "--db", str(db), "diagnose", "--answers", "/dev/zero")
    assert code == 2
    assert "/dev/zero is too large" in err and "1 MB" in err and "1,000,000 bytes" in err
    assert "Traceback" not in err


def test_a_large_answers_file_is_refused_with_its_size(capsys, db, tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_ANSWERS_BYTES + 1))
    code, _, err = run(capsys, "--db", str(db), "diagnose", "--answers", str(big))
    assert code == 2
    assert f"{MAX_ANSWERS_BYTES + 1:,} bytes" in err and "at most 1 MB" in err
    assert saved(db) == 0


def test_an_import_may_be_larger_than_an_answers_file(capsys, db, tmp_path):
    items = [{"partner": f"Acme {n}", "notes": "x" * 9000} for n in range(120)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    assert MAX_ANSWERS_BYTES < path.stat().st_size < MAX_IMPORT_BYTES
    code, out, _ = run(capsys, "--db", str(db), "import", str(path))
    assert code == 0 and "Added 120" in out


def test_an_import_over_its_limit_is_refused(capsys, db, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: no 64 MB written
    code, _, err = run(capsys, "--db", str(db), "import", str(path))
    assert code == 2 and "at most 64 MB" in err and "too large" in err


def test_stdin_is_read_with_a_bound_too(capsys, monkeypatch, db):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"[" + b" " * 2_000_000)))
    code, _, err = run(capsys, "--db", str(db), "diagnose", "--answers", "-")
    assert code == 2 and "standard input is too large" in err


# -- text that is not text --------------------------------------------------------------------


def test_a_lone_surrogate_in_an_answers_file_is_refused_by_its_key(capsys, db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"partner": "Acme", "owner_ours": "Jo \\ud800"}', encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db), "diagnose", "--answers", str(path))
    assert code == 2
    assert "owner_ours: is not valid Unicode text" in err and "\\ud800" in err
    assert saved(db) == 0


def test_a_lone_surrogate_in_a_key_is_named_escaped(capsys, db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"partner": "Acme", "x\\udfff": "1"}', encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db), "diagnose", "--answers", str(path))
    assert code == 2 and "x\\udfff: this key is not valid Unicode text" in err


def test_an_import_rejects_only_the_item_with_a_lone_surrogate(capsys, db, tmp_path):
    path = tmp_path / "items.json"
    path.write_text(
        '[{"partner": "Good"}, {"partner": "Bad \\udc00"}, {"kind": "\\ud83d"}]', encoding="utf-8"
    )
    code, out, err = run(capsys, "--db", str(db), "import", str(path))
    assert code == 1
    assert "Added 1" in out and "rejected 2" in out
    assert "unstall: Item 2: rejected:" in err  # the partner is not shown: it is not text
    assert "partner: is not valid Unicode text" in err
    assert "kind: is not valid Unicode text" in err
    assert saved(db) == 1


def test_validate_names_the_position_of_the_surrogate():
    validated = validate({"partner": "ab\ud800"}, TODAY)
    assert [str(error) for error in validated.errors] == [
        "partner: is not valid Unicode text: character 3 is a lone surrogate (\\ud800), "
        "which no text can hold"
    ]


def test_an_argument_that_is_not_utf8_is_named(capsys, db):
    bad = b"\xff".decode("utf-8", "surrogateescape")  # what Python makes of such bytes
    code, _, err = run(capsys, "--db", str(db), "list", "--search", bad)
    assert code == 2 and "--search is not valid text: byte 0xff" in err
    code, _, err = run(capsys, "--db", str(db), "history", "Ac" + bad)
    assert code == 2 and "PARTNER is not valid text" in err and "character 3" in err


def test_a_non_utf8_argument_from_a_real_terminal(tmp_path):
    """The real thing: bytes on the command line, no help from the test."""
    import subprocess

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui.cli",
            "--db",
            os.fsencode(tmp_path / "db"),
            "list",
            "--search",
            b"\xff",
        ],
        capture_output=True,
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert b"--search is not valid text" in done.stderr and b"Traceback" not in done.stderr


def test_a_utf8_bom_is_accepted(capsys, db, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"partner": "Bom Ltd"}).encode())
    code, out, _ = run(capsys, "--db", str(db), "diagnose", "--answers", str(path))
    assert code == 0 and "Bom Ltd" in out
    assert saved(db) == 1


def test_a_file_that_is_not_utf8_says_so(capsys, db, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"partner": "Café"}'.encode("latin-1"))
    code, _, err = run(capsys, "--db", str(db), "diagnose", "--answers", str(path))
    assert code == 2 and "is not UTF-8 text (byte 0xe9 at position 16)" in err


# -- shape -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["diagnose", "import"])
def test_json_nested_100000_deep_is_refused(capsys, db, tmp_path, command):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    argv = ["diagnose", "--answers", str(path)] if command == "diagnose" else ["import", str(path)]
    code, _, err = run(capsys, "--db", str(db), *argv)
    assert code == 2 and "nested too deeply" in err and str(MAX_DEPTH) in err
    assert "Traceback" not in err


def test_moderate_nesting_is_refused_at_the_limit_too(capsys, db, tmp_path):
    path = tmp_path / "deep.json"
    value: object = "x"
    for _ in range(MAX_DEPTH + 1):
        value = [value]
    path.write_text(json.dumps(value), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db), "import", str(path))
    assert code == 2 and "nested too deeply" in err
    assert not nested_over([[{"a": [1]}]], MAX_DEPTH) and nested_over([[[1]]], 2)


def test_import_says_what_an_import_file_is(capsys, db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"partner": "Acme"', encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db), "import", str(path))
    assert code == 2
    assert "An import file is a JSON array of answers objects" in err
    assert "An answers file is one JSON object" not in err


def test_a_number_too_long_to_read_is_refused(capsys, db, tmp_path):
    path = tmp_path / "digits.json"
    path.write_text('{"partner": "Acme", "activity_typical": ' + "9" * 5000 + "}")
    code, _, err = run(capsys, "--db", str(db), "diagnose", "--answers", str(path))
    assert code == 2 and "holds a number 5,000 digits long: that is too large" in err
    assert "sys.set_int_max_str_digits" not in err


@pytest.mark.parametrize("command", ["diagnose", "import"])
def test_a_folder_given_as_the_file_says_so(capsys, db, tmp_path, command):
    argv = (
        ["diagnose", "--answers", str(tmp_path)]
        if command == "diagnose"
        else ["import", str(tmp_path)]
    )
    code, _, err = run(capsys, "--db", str(db), *argv)
    assert code == 2 and f"{tmp_path} is a folder" in err


# -- every input, any bytes: 0, 1 or 2, never a traceback -------------------------------------

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(ANY_TEXT | st.sampled_from(sorted(QUESTIONS)), children, max_size=5)
    ),
    max_leaves=12,
)
ANSWER_LIKE = st.dictionaries(
    st.sampled_from(sorted(QUESTIONS)), st.none() | ANY_TEXT | st.integers(), max_size=8
).map(lambda d: {"partner": "Acme", **d})


def _check(capsys, tmp_path_factory, data: bytes, command: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "input.json"
    path.write_bytes(data)
    db = folder / "db"
    Repository(db).close()
    argv = ["diagnose", "--answers", str(path)] if command == "diagnose" else ["import", str(path)]
    code = main(["--db", str(db), *argv])
    captured = capsys.readouterr()
    assert code in (0, 1, 2), captured.err
    assert "Traceback" not in captured.err
    count = saved(db)
    if code == 2:
        assert count == 0, captured
    elif command == "diagnose":
        assert code == 0 and count == 1
    else:
        assert f"Added {count}," in captured.out


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(value=JSON_VALUES | ANSWER_LIKE | st.lists(ANSWER_LIKE, max_size=3))
@pytest.mark.parametrize("command", ["diagnose", "import"])
def test_any_json_value_gets_an_answer_not_a_traceback(capsys, tmp_path_factory, command, value):
    data = json.dumps(value, ensure_ascii=True).encode("utf-8")  # lone surrogates as \ud800
    _check(capsys, tmp_path_factory, data, command)


@FUZZ
@given(data=st.binary(max_size=200))
@pytest.mark.parametrize("command", ["diagnose", "import"])
def test_any_bytes_get_an_answer_not_a_traceback(capsys, tmp_path_factory, command, data):
    _check(capsys, tmp_path_factory, data, command)


# -- the outcome and the talking points: the same limits ---------------------------------------


def test_the_outcome_fields_have_limits(capsys, db, tmp_path, example_answers):
    assert MAX_FIX == MAX_TEXT and MAX_OWNER == MAX_TEXT
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(example_answers), encoding="utf-8")
    assert run(capsys, "--db", str(db), "diagnose", "--answers", str(answers))[0] == 0
    code, _, err = run(
        capsys, "--db", str(db), "outcome", "1", "--decision", "revive", "--fix", "x" * 100_000
    )
    assert code == 2
    assert "fix: is 100,000 characters long; keep it to 2,000 or fewer" in err
    assert "nothing was saved" in err
    with Repository(db) as repository:
        assert repository.get(1).extra["outcome"] is None
    _, problems = make_outcome(
        "pending", owner="o" * (MAX_OWNER + 1), due="d" * (MAX_DUE + 1), today=TODAY
    )
    assert problems == [
        f"owner: is {MAX_OWNER + 1:,} characters long; keep it to {MAX_OWNER:,} or fewer",
        f"due: is {MAX_DUE + 1} characters long; keep it to {MAX_DUE} or fewer",
    ]


# -- a crash of our own ----------------------------------------------------------------------


def test_a_crash_writes_a_private_log_and_says_where(capsys, monkeypatch, db):
    def broken(repository, args):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setitem(sys.modules["tui.cli"].COMMANDS, "list", broken)
    db.mkdir(exist_ok=True)  # a database folder, so that 'list' gets as far as the bug
    code, out, err = run(capsys, "--db", str(db), "list")
    assert code == crash.CRASH_EXIT == 70
    assert "Traceback" not in err and "ZeroDivisionError" in err
    logs = list(crash.crash_dir().glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "a bug of ours" in text and "def broken" not in err
    if os.name != "nt":
        assert logs[0].stat().st_mode & 0o777 == 0o600
        assert crash.crash_dir().stat().st_mode & 0o777 == 0o700


def test_a_crash_inside_the_app_goes_to_the_log_too(capsys, monkeypatch, db):
    from tui import app as app_module

    class Broken(app_module.UnstallApp):
        CSS_PATH = Path(app_module.__file__).with_name("app.tcss")

        def on_mount(self) -> None:
            raise RuntimeError("the app fell over")

    def run_broken(args):
        return app_module.run_app(Broken(Repository(db)), headless=True)

    monkeypatch.setattr(app_module, "run", run_broken)
    # Run headless: no terminal is needed (without one, main refuses to start the app).
    monkeypatch.setattr(sys.modules["tui.cli"], "check_app_can_run", lambda: None)
    code, out, err = run(capsys, "--db", str(db))
    assert code == 70
    assert "Traceback" not in err and "RuntimeError" in err and "the app fell over" not in err
    (log,) = crash.crash_dir().glob("crash-*.log")
    assert "the app fell over" in log.read_text(encoding="utf-8")


# -- the questionnaire's text fields stop at their limit and say so ---------------------------


def _questionnaire_app(tmp_path: Path, draft=None):
    from store.repository import Draft
    from tui.app import make_app

    repository = Repository(tmp_path / "db")
    app = make_app(repository)
    return app, repository, draft or Draft()


def _feedback(field) -> str:
    from textual.widgets import Static

    return str(field.query_one(".feedback", Static).render())


async def test_a_questionnaire_text_field_stops_typing_at_its_limit_and_says_so(tmp_path):
    from textual.widgets import Input

    from tui.screens.questionnaire import QuestionnaireScreen
    from tui.widgets.question_field import QuestionField

    app, repository, draft = _questionnaire_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.start_diagnosis(draft)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        screen.jump_to("owner_ours")
        await pilot.pause()
        field = screen.query_one("#field-owner_ours", QuestionField)
        editor = field.query_one(Input)
        assert editor.max_length == MAX_TEXT
        editor.value = "a" * (MAX_TEXT - 1)
        await pilot.pause()
        editor.cursor_position = len(editor.value)
        await pilot.press("b")  # the last character that fits
        await pilot.press("c")  # one too many: nothing changes, and the field says why
        await pilot.pause()
        assert editor.value == "a" * (MAX_TEXT - 1) + "b"
        assert screen.session.answers["owner_ours"] == "a" * (MAX_TEXT - 1) + "b"
        assert "owner_ours" not in screen.session.errors  # no error past the limit any more
        said = _feedback(field)
        assert f"at most {MAX_TEXT:,} characters" in said and "what was there is kept" in said
        assert field.has_class("-limit") and not field.has_class("-invalid")
        # A paste that does not fit is refused whole, never cut.
        app.copy_to_clipboard("pasted")
        await pilot.press("ctrl+v")
        await pilot.pause()
        assert editor.value == "a" * (MAX_TEXT - 1) + "b"
        # The next change that fits clears the notice.
        await pilot.press("backspace")
        await pilot.pause()
        assert editor.value == "a" * (MAX_TEXT - 1)
        assert "at most" not in _feedback(field) and not field.has_class("-limit")
    repository.close()


async def test_the_questionnaire_notes_stop_at_their_limit_and_say_so(tmp_path):
    from textual.widgets import TextArea

    from playbook.questions import MAX_NOTES
    from tui.widgets.question_field import QuestionField

    app, repository, draft = _questionnaire_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.start_diagnosis(draft)
        await pilot.pause()
        screen = app.screen
        screen.jump_to("notes")
        await pilot.pause()
        field = screen.query_one("#field-notes", QuestionField)
        editor = field.query_one(TextArea)
        editor.load_text("n" * (MAX_NOTES - 1))
        await pilot.pause()
        editor.move_cursor(editor.document.end)
        await pilot.press("y")  # the last character that fits
        await pilot.press("z")  # one too many
        await pilot.press("enter")  # a new line does not fit either
        await pilot.pause()
        assert editor.text == "n" * (MAX_NOTES - 1) + "y"
        assert screen.session.typed["notes"] == "n" * (MAX_NOTES - 1) + "y"
        assert "notes" not in screen.session.errors
        assert f"at most {MAX_NOTES:,} characters" in _feedback(field)
    repository.close()


async def test_an_answer_already_over_the_limit_is_shown_whole_and_can_be_shortened(tmp_path):
    from textual.widgets import Input

    from store.repository import Draft
    from tui.widgets.question_field import QuestionField

    long = "o" * (MAX_TEXT + 3)
    draft = Draft(answers={"partner": "Acme"}, typed={"owner_ours": long}, position="owner_ours")
    app, repository, draft = _questionnaire_app(tmp_path, draft)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.start_diagnosis(draft)
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#field-owner_ours", QuestionField)
        editor = field.query_one(Input)
        assert editor.value == long  # older data is never cut
        assert f"keep it to {MAX_TEXT:,} or fewer" in _feedback(field)
        editor.focus()
        editor.cursor_position = len(long)
        await pilot.press("x")  # longer still: refused
        await pilot.pause()
        assert editor.value == long
        for _ in range(3):
            await pilot.press("backspace")  # shorter: let through
        await pilot.pause()
        assert editor.value == "o" * MAX_TEXT
        assert screen.session.answers["owner_ours"] == "o" * MAX_TEXT
        assert "owner_ours" not in screen.session.errors
    repository.close()
