"""Export, import and private files, over a real Repository in a temporary file."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from playbook import exchange as transfer
from playbook.answers import validate
from playbook.exchange import DOCUMENT_TITLE, ImportReport, export_json, export_markdown
from playbook.history import Kept
from playbook.questions import ALL_QUESTIONS
from playbook.verdict import METHOD
from store import files
from store.repository import Repository
from store.transfer import import_answers, load_diagnoses, write_private

TODAY = date(2026, 11, 23)


@pytest.fixture
def repository(db_path):
    with Repository(db_path) as repo:
        yield repo


@pytest.fixture
def empty(tmp_path):
    with Repository(tmp_path / "other.json") as repo:
        yield repo


def clean(answers, **changes):
    validated = validate({**answers, **changes}, TODAY)
    assert validated.ok, validated.errors
    return validated.answers


@pytest.fixture
def filled(repository, example_answers):
    """Five diagnoses saved out of date order, with awkward names and one edited draft."""
    repository.save(clean(example_answers, diagnosed_on="2026-11-23"))
    repository.save(clean(example_answers, partner="*Acme* [beta] <x>", diagnosed_on="2026-11-02"))
    repository.save(
        clean(example_answers, partner="Zoë, Ltd; 株式会社", kind="referral"),
        kept=Kept(edited_points="# Our plan\n\n- call Jo\n\n```\n# not a heading\n```\n"),
    )
    repository.save(clean(example_answers, partner="Beta", diagnosed_on="2026-11-02"))
    repository.save(
        clean({"partner": "Sparse Co", "diagnosed_on": "2025-12-31", "owner_ours": "nobody"})
    )
    return repository


# -- JSON export -----------------------------------------------------------------------------


def test_export_is_a_list_of_plain_answers_objects_oldest_first(filled):
    diagnoses = load_diagnoses(filled)
    items = json.loads(export_json(diagnoses))
    assert len(items) == 5
    assert all(set(item) <= {*ALL_QUESTIONS, *transfer.KEPT_KEYS} for item in items)
    assert all(item["method"] == METHOD for item in items)
    assert [i for i, item in enumerate(items) if "edited_talking_points" in item] == [4]
    dates = [item["diagnosed_on"] for item in items]
    assert dates == sorted(dates)
    assert [item["partner"] for item in items[1:3]] == ["*Acme* [beta] <x>", "Beta"]
    assert items[0]["owner_ours"] == "", "an empty owner (nobody) is kept as stored"


def test_every_exported_item_is_a_valid_answers_file_giving_the_same_answers(filled):
    for diagnosis, item in zip(
        sorted(load_diagnoses(filled), key=lambda d: (d.diagnosed_on, d.id)),
        json.loads(export_json(load_diagnoses(filled))),
        strict=True,
    ):
        answers = {key: value for key, value in item.items() if key not in transfer.KEPT_KEYS}
        validated = validate(answers, TODAY)
        assert validated.ok, validated.errors
        assert validated.answers == dict(diagnosis.answers)


def test_round_trip_through_an_empty_database_gives_identical_text(filled, empty, tmp_path):
    first = export_json(load_diagnoses(filled))
    target = tmp_path / "export.json"
    write_private(target, first)
    report = import_answers(empty, json.loads(target.read_text(encoding="utf-8")), TODAY)
    assert report.summary() == "Added 5, skipped 0 duplicates, rejected 0."
    assert export_json(load_diagnoses(empty)) == first


def test_the_round_trip_does_not_depend_on_today(filled, empty):
    first = export_json(load_diagnoses(filled))
    import_answers(empty, json.loads(first), date(2031, 1, 1))
    assert export_json(load_diagnoses(empty)) == first


def test_export_of_nothing_is_an_empty_list():
    assert json.loads(export_json([])) == []


def test_one_partner_can_be_exported(filled):
    items = json.loads(export_json(load_diagnoses(filled, "beta")))
    assert [item["partner"] for item in items] == ["Beta"]


# -- Markdown export -------------------------------------------------------------------------


def test_markdown_has_a_title_and_one_section_per_diagnosis_newest_first(filled):
    diagnoses = load_diagnoses(filled)
    text = export_markdown(diagnoses)
    lines = text.split("\n")
    assert lines[0] == DOCUMENT_TITLE
    top = [line for line in lines if line.startswith("# ") and line != "# not a heading"]
    assert top == [DOCUMENT_TITLE], "only the title is a top-level heading (and a code line)"
    stamped = [line for line in lines if line.startswith("Diagnosed on ")]
    ids = [int(line.split("(#")[1].split(")")[0]) for line in stamped]
    ordered = sorted(diagnoses, key=lambda d: (d.diagnosed_on, d.id), reverse=True)
    assert ids == [d.id for d in ordered]
    assert len([line for line in lines if line.startswith("## ") and "**" not in line]) >= 5
    assert "5 diagnoses." in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_markdown_demotes_every_heading_by_one(filled):
    text = export_markdown(load_diagnoses(filled))
    assert "\n### Causes\n" in text
    assert "\n## Causes\n" not in text
    assert "\n#### " in text, "cause headings were ### and are now ####"


def test_markdown_escapes_user_text(filled):
    text = export_markdown(load_diagnoses(filled))
    assert "## \\*Acme\\* \\[beta\\] \\<x\\>: " in text
    assert "*Acme* [beta]" not in text


def test_markdown_keeps_the_edited_points_and_leaves_code_blocks_alone(filled):
    text = export_markdown(load_diagnoses(filled))
    assert "\n## Our plan\n" in text, "the user's heading is demoted with the rest"
    assert "```\n# not a heading\n```" in text


def test_demote_headings_rules():
    source = "# A\n## B\n###### deep\n#tag\n   # indented\n    # code\n~~~\n# in fence\n~~~\n# C"
    assert transfer.demote_headings(source) == (
        "## A\n### B\n###### deep\n#tag\n   ## indented\n    # code\n~~~\n# in fence\n~~~\n## C"
    )


def test_markdown_of_one_diagnosis_says_so(filled):
    assert "\n1 diagnosis.\n" in export_markdown(load_diagnoses(filled)[:1])


# -- import --------------------------------------------------------------------------------


def test_import_adds_skips_and_rejects_with_reasons(filled, example_answers):
    existing = json.loads(export_json(load_diagnoses(filled)))[0]
    data = [
        {**example_answers, "partner": "New One"},  # 1 added
        existing,  # 2 duplicate of the database
        {**example_answers, "partner": "New One"},  # 3 duplicate of item 1
        {**example_answers, "partner": "Broken Ltd", "kind": "sideways", "colour": "red"},  # 4
        {"kind": "referral"},  # 5: no partner
        "Acme",  # 6: not an object
        {**example_answers, "partner": "  new   one  "},  # 7: stripped? no: a different name
    ]
    before = filled.count()
    report = import_answers(filled, data, TODAY)
    assert report.summary() == "Added 2, skipped 2 duplicates, rejected 3."
    assert filled.count() == before + 2
    assert len(report.added) == 2
    assert {filled.get(i).partner for i in report.added} == {"New One", "new   one"}
    assert [index for index, _ in report.skipped] == [2, 3]
    assert report.skipped[0][1].startswith("already stored as #")
    assert report.skipped[1][1] == "the same answers as item 1 of the file"
    rejected = dict(report.rejected)
    assert sorted(rejected) == [4, 5, 6]
    assert any(reason.startswith("kind: 'sideways'") for reason in rejected[4])
    assert any(reason.startswith("colour: ") for reason in rejected[4])
    assert any(reason.startswith("partner: is required") for reason in rejected[5])
    assert "not text" in rejected[6][0]
    details = report.details()
    assert details[0].startswith("Item 2 (")
    assert "Item 4 (Broken Ltd): rejected:" in details
    assert "Item 5: rejected:" in details
    assert any(line.startswith("  kind: 'sideways'") for line in details)
    assert not report.ok


def test_importing_the_same_file_twice_adds_nothing_the_second_time(empty, example_answers):
    data = [{**example_answers, "partner": f"P{n}"} for n in range(3)]
    assert len(import_answers(empty, data, TODAY).added) == 3
    again = import_answers(empty, data, TODAY)
    assert again.summary() == "Added 0, skipped 3 duplicates, rejected 0."
    assert again.ok
    assert empty.count() == 3


def test_duplicates_are_found_after_cleaning(empty, example_answers):
    import_answers(empty, [example_answers], TODAY)
    respelled = {**example_answers, "kind": "  CO-MARKETING ", "partner": " Example Harbor Travel"}
    report = import_answers(empty, [respelled], TODAY)
    assert report.summary() == "Added 0, skipped 1 duplicate, rejected 0."


def test_relative_dates_resolve_against_the_item_date(empty):
    data = [{"partner": "Acme", "diagnosed_on": "2026-06-10", "last_conversation": "3 weeks ago"}]
    report = import_answers(empty, data, TODAY)
    assert empty.get(report.added[0]).answers["last_conversation"] == "2026-05-20"


@pytest.mark.parametrize(
    ("data", "kind"),
    [({"partner": "Acme"}, "an object"), ("[]", "text"), (None, "null"), (3, "a number")],
)
def test_a_file_that_is_not_a_list_is_refused_whole(empty, data, kind):
    report = import_answers(empty, data, TODAY)
    assert report.error is not None and kind in report.error
    assert report.summary().startswith("Nothing imported: the file must be a JSON array")
    assert "unstall diagnose --answers" in report.summary()
    assert report.details() == []
    assert not report.ok
    assert empty.count() == 0


def test_an_empty_list_imports_nothing(empty):
    report = import_answers(empty, [], TODAY)
    assert report == ImportReport()
    assert report.summary() == "Added 0, skipped 0 duplicates, rejected 0."


def test_an_import_is_seen_whole_by_another_window(empty, example_answers):
    """Each partner's diagnoses go to its file in one write; another window sees them all."""
    data = [{**example_answers, "partner": f"P{n}"} for n in range(20)]
    report = import_answers(empty, data, TODAY)
    assert len(report.added) == 20
    with Repository(empty.path) as other:
        assert other.count() == 20
        assert other.partners()[0].partner == "P19"


def generated(count: int) -> list[dict[str, str]]:
    kinds = ["referral", "co-marketing", "reseller", "technology", "joint-venture", "other"]
    choices = ["yes", "partly", "no", "unsure"]
    start = date(2020, 1, 1)
    items = []
    for n in range(count):
        day = start + timedelta(days=n % 2000)
        items.append(
            {
                "partner": f"Partner {n:05d}, Ltd",
                "kind": kinds[n % len(kinds)],
                "diagnosed_on": day.isoformat(),
                "fit_audience": choices[n % 4],
                "fit_incentives": choices[(n // 4) % 4],
                "owner_ours": "" if n % 3 else "Alex Kim",
                "owner_theirs": "Jo Rivera",
                "last_conversation": "3 weeks ago",
                "standing_review": "no" if n % 2 else "yes",
                "activity": "slowing",
                "last_activity": (day - timedelta(days=40)).isoformat(),
                "notes": "Generated for the bulk import test.",
            }
        )
    return items


def test_a_bulk_import_of_10000_items_adds_each_once(empty):
    """How long it takes is measured by ``tests/bench_store.py`` (never a timed test)."""
    data = generated(10_000)
    data.append(dict(data[0]))  # one duplicate within the file
    report = import_answers(empty, data, TODAY)
    assert report.summary() == "Added 10000, skipped 1 duplicate, rejected 0."
    assert empty.count() == 10_000
    again = import_answers(empty, data, TODAY)
    assert again.summary() == "Added 0, skipped 10001 duplicates, rejected 0."
    with Repository(empty.path) as other:  # what another window reads, from disk
        assert other.count() == 10_000
    assert not list(empty.path.rglob("*.tmp")), "a temporary file was left behind"


# -- private files ---------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_private_creates_a_file_only_its_owner_can_read(tmp_path):
    target = tmp_path / "out.ics"
    write_private(target, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ics"]


def test_write_private_narrows_an_existing_wider_file(tmp_path):
    target = tmp_path / "export.json"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_private(target, "Zoë ✓\n")
    assert target.read_text(encoding="utf-8") == "Zoë ✓\n"
    assert mode(target) == 0o600


def test_write_private_ignores_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        write_private(tmp_path / "a.md", "x")
    finally:
        os.umask(old)
    assert mode(tmp_path / "a.md") == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "export.json"
    target.write_text("old")

    def broken(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_private(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


def test_write_private_into_a_missing_directory_fails_clearly(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_private(tmp_path / "nope" / "out.json", "x")
