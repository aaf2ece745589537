"""The command line speaks the app's words (issue 15): causes as the app names them, history
without changes that are not changes, the outcome wherever a diagnosis is printed, an example
answers file shipped in the package, and dates as people outside the US type them."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from support import run_cli as run

from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    from playbook import clock
    from store.repository import Repository
    from tui.demo import seed

    repository = Repository(db_path)
    seed(repository, clock.today())
    repository.close()
    return db_path


def saved(db: Path, *answers: dict[str, str]) -> list[int]:
    from store.repository import Repository

    with Repository(db) as repository:
        return [repository.save(item).id for item in answers]


# --- cause words --------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["ownership", "Ownership", "OWNER", "owner"])
def test_list_cause_takes_the_apps_word_as_well_as_the_key(capsys, demo_db, word):
    code, out, err = run(capsys, "--db", str(demo_db), "list", "--cause", word, "--json")
    assert code == 0, err
    assert {row["partner"] for row in json.loads(out)} == {
        "Northwind Analytics",
        "Lumen Learning Co-op",
    }


def test_an_unknown_cause_is_refused_naming_the_words_to_use(capsys, demo_db):
    code, _, err = run(capsys, "--db", str(demo_db), "list", "--cause", "money")
    assert code == 2
    assert "'money' is not a cause: use one of ownership, rhythm, expectations, enablement" in err
    assert "Traceback" not in err


def test_list_shows_causes_as_the_app_names_them(capsys, demo_db):
    code, out, _ = run(capsys, "--db", str(demo_db), "list")
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "  Ownership  " in rows["8"]
    assert "  Rhythm  " in rows["14"]
    assert "  Expectations  " in rows["12"]
    assert " owner " not in out and " rhythm " not in out


def test_list_json_keeps_the_cause_keys_of_the_contract(capsys, demo_db):
    _, out, _ = run(capsys, "--db", str(demo_db), "list", "--cause", "ownership", "--json")
    assert {row["dominant_cause"] for row in json.loads(out)} == {"owner"}


def test_history_shows_causes_as_the_app_names_them(capsys, demo_db):
    code, out, _ = run(capsys, "--db", str(demo_db), "history", "Northwind Analytics")
    assert code == 0
    assert "STALLED  dominant cause: Ownership" in out
    assert "dominant cause: owner" not in out


def test_list_help_names_the_cause_words(capsys):
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    assert "ownership, rhythm, expectations, enablement" in " ".join(
        capsys.readouterr().out.split()
    )


# --- history: only what changed ---------------------------------------------------------------


def test_history_does_not_list_an_unchanged_verdict_as_a_change(capsys, demo_db):
    code, out, _ = run(capsys, "--db", str(demo_db), "history", "Harbor Travel")
    assert code == 0
    second = out.split("#5 ")[1].split("#14 ")[0]
    assert "HEALTHY" in second
    assert "verdict:" not in second
    assert "verdict: healthy -> stalled" in out.split("#14 ")[1]


def test_history_says_nothing_changed_when_nothing_did(capsys, db_path):
    answers = {"partner": "Acme", "diagnosed_on": "2026-10-01", "fit_audience": "yes"}
    saved(db_path, answers, {**answers, "diagnosed_on": "2026-11-01"})
    code, out, _ = run(capsys, "--db", str(db_path), "history", "Acme")
    assert code == 0
    later = out.split("#2 ")[1]
    assert "    nothing changed" in later
    assert "verdict:" not in later


# --- the outcome, wherever a diagnosis is printed ---------------------------------------------


def record_outcome(capsys, db: Path, number: int) -> None:
    code, _, err = run(
        capsys,
        "--db",
        str(db),
        "outcome",
        str(number),
        "--decision",
        "revive",
        "--fix",
        "a *monthly* review",
        "--owner",
        "Alex Kim",
        "--due",
        "end of next month",
    )
    assert code == 0, err


def test_show_includes_the_outcome_when_there_is_one(capsys, demo_db):
    _, before, _ = run(capsys, "--db", str(demo_db), "show", "14")
    assert "Outcome" not in before
    record_outcome(capsys, demo_db, 14)
    code, out, _ = run(capsys, "--db", str(demo_db), "show", "14")
    assert code == 0
    block = out.split("\nOutcome\n")[1].split("\n\n")[0]
    assert block.splitlines() == [
        "  Decision: Revive",
        "  Fix: a *monthly* review",
        "  Owner: Alex Kim",
        "  Due: Thu 31 Dec 2026",
        "  Recorded on: Mon 23 Nov 2026",
    ]


def test_export_markdown_includes_the_outcome(capsys, demo_db):
    record_outcome(capsys, demo_db, 14)
    code, out, _ = run(
        capsys, "--db", str(demo_db), "export", "--partner", "Harbor Travel", "--format", "md"
    )
    assert code == 0
    newest = out.split("\n## Harbor Travel: ")[1]
    assert newest.startswith("Stalled, Mon 23 Nov 2026 (#14)\n")
    assert "### Outcome of the conversation" in newest
    assert r"- **Fix:** a \*monthly\* review" in newest
    assert "- **Owner:** Alex Kim" in newest
    assert "- **Due:** Thu 31 Dec 2026" in newest
    assert "Outcome" not in out.split("\n## Harbor Travel: ")[2]


def test_export_markdown_heads_each_diagnosis_with_its_date_and_never_repeats_one(capsys, demo_db):
    code, out, _ = run(capsys, "--db", str(demo_db), "export", "--format", "md")
    assert code == 0
    tops = [line for line in out.splitlines() if line.startswith("## ")]
    per_diagnosis = [line for line in tops if "(#" in line]
    assert len(per_diagnosis) == 14 and len(set(per_diagnosis)) == 14
    assert "## Harbor Travel: Healthy, Wed 7 Jan 2026 (#1)" in per_diagnosis


# --- the example answers, in the package --------------------------------------------------------


def test_diagnose_template_prints_example_answers_that_diagnose_takes(capsys, monkeypatch, db_path):
    code, out, err = run(capsys, "--db", str(db_path), "diagnose", "--template")
    assert code == 0, err
    answers = json.loads(out)
    assert answers["partner"] == "Example Harbor Travel"
    assert {"owner_ours_in_role", "owner_theirs_in_role"} <= set(answers), "version 2 ids"
    assert not db_path.exists(), "printing the template opens no database"
    monkeypatch.setattr(sys, "stdin", io.StringIO(out))
    code, out, err = run(capsys, "--db", str(db_path), "diagnose", "--answers", "-", "--json")
    assert code == 0, err
    assert json.loads(out)["verdict"] == "stalled"


def test_diagnose_template_takes_no_other_option(capsys, db_path):
    code, _, err = run(capsys, "--db", str(db_path), "diagnose", "--template", "--json")
    assert code == 2 and "--template" in err
    code, _, err = run(
        capsys, "--db", str(db_path), "diagnose", "--template", "--answers", "x.json"
    )
    assert code == 2 and "not allowed with" in err


def test_the_example_answers_ship_inside_the_package():
    from playbook.example import EXAMPLES, example_text

    package = ROOT / "playbook" / "examples"
    for name in EXAMPLES:
        assert (package / f"{name}.json").is_file()
        assert json.loads(example_text(name))["partner"]
        # examples/ at the top of the repository is the same text, for people browsing it
        assert (ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8") == (
            example_text(name)
        )
    with pytest.raises(KeyError):
        example_text("nope")


# --- dates for people outside the US ------------------------------------------------------------


def test_list_since_reads_a_date_in_numbers_day_first_for_day_first_users(
    capsys, monkeypatch, demo_db
):
    monkeypatch.setenv("UNSTALL_DATE_ORDER", "dmy")
    code, out, err = run(capsys, "--db", str(demo_db), "list", "--since", "05/10/2026", "--json")
    assert code == 0, err
    assert min(row["diagnosed_on"] for row in json.loads(out)) == "2026-10-09"
    monkeypatch.setenv("UNSTALL_DATE_ORDER", "mdy")
    _, out, _ = run(capsys, "--db", str(demo_db), "list", "--since", "05/10/2026", "--json")
    assert min(row["diagnosed_on"] for row in json.loads(out)) == "2026-05-27"


def test_an_impossible_date_on_the_command_line_suggests_the_other_order(
    capsys, monkeypatch, demo_db
):
    monkeypatch.setenv("UNSTALL_DATE_ORDER", "mdy")
    code, _, err = run(capsys, "--db", str(demo_db), "list", "--since", "25/10/2026")
    assert code == 2
    assert "did you mean 10/25/2026?" in err and "UNSTALL_DATE_ORDER=dmy" in err


def test_list_since_takes_a_part_of_a_month(capsys, monkeypatch, demo_db):
    monkeypatch.setenv("UNSTALL_DATE_ORDER", "mdy")
    code, out, _ = run(capsys, "--db", str(demo_db), "list", "--since", "mid October", "--json")
    assert code == 0
    assert min(row["diagnosed_on"] for row in json.loads(out)) == "2026-10-24"


def test_render_text_lives_in_tui_render_and_cli_still_offers_it():
    import tui.cli
    import tui.render

    assert tui.cli.render_text is tui.render.render_text
