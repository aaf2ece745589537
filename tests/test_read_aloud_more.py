"""What a read-aloud audit of other stalls found (expectations, ownership, healthy, closing, odd
names): a line pointing at a "picture" never mentioned, a doubled word, a split of the work
counted out to the partner, flat results said twice, the agreement listing as still to agree
what the agreed fix does, a deadline for everything owed when only the wrap-up list has one,
"no recurring review" when one is in the diary, things asserted as planned that nobody said,
and Markdown escapes printed on the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import diagnosed, run_cli


def said(capsys, db: Path, command: str) -> str:
    code, out, err = run_cli(capsys, "--db", str(db), command, "1")
    assert code == 0, err
    return " ".join(out.split())


def held(capsys, db: Path, priority: str = "yes") -> None:
    code, _, err = run_cli(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", priority
    )
    assert code == 0, err


def test_partly_written_expectations_are_framed_without_a_picture_never_mentioned(
    capsys, tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    answers = {
        **example_answers,
        "expectations_written": "partly",
        "success_metrics": "none",
        "workload": "mostly-us",
        "workload_agreed": "no",
        "enablement_materials": "yes",
        "owner_theirs_in_role": "yes",
        "changes_theirs": "none",
        "standing_review": "yes",
        "review_cadence": "monthly",
        "review_last_held": "1 week ago",
        "last_conversation": "1 week ago",
        "activity": "steady",
        "activity_last_month": 4,
        "last_activity": "1 week ago",
        "outcomes": "flat",
    }
    db = diagnosed(capsys, tmp_path, answers)
    points = said(capsys, db, "points")
    assert "picture" not in points
    assert "we may each have filled in the rest differently" in points
    # The split is said, not who carries it.
    assert "ended up with our team" not in points
    assert "Most of the day-to-day work sits on one side" in points
    assert "drifted" not in points  # a change over time nobody described
    # Flat results are said once: the value question does not repeat them.
    assert points.count("results") == 1, points
    assert "What would make this worth your team's time from here?" in points


OWNER_GAP = {
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2 weeks ago",
    "last_conversation": "2 weeks ago",
    "expectations_written": "yes",
    "enablement_materials": "yes",
    "changes_theirs": "none",
}
"""With the example's answers: only the ownership gap is left."""


def test_an_owner_partly_in_role_is_only_partly_in_it_not_partly_part_of_it(
    capsys, tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    db = diagnosed(capsys, tmp_path, {**example_answers, **OWNER_GAP})
    points = said(capsys, db, "points")
    assert "partly part of" not in points
    assert "looking after this is only partly in your actual role" in points


def test_the_agreement_does_not_leave_to_agree_what_the_agreed_ownership_fix_does(
    capsys, tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    answers = {
        **example_answers,
        **OWNER_GAP,
        "owner_theirs_in_role": "no",
    }
    db = diagnosed(capsys, tmp_path, answers)
    assert "goals" in said(capsys, db, "points")
    held(capsys, db)
    agreement = said(capsys, db, "agreement")
    assert "**Agreed fix:** the partnership goes into Jo Rivera's goals" in agreement
    assert "To agree: making the partnership part of" not in agreement


def test_the_close_out_agreement_dates_the_wrap_up_list_not_everything_owed(
    capsys, tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    db = diagnosed(capsys, tmp_path, {**example_answers, "still_want": "no"})
    held(capsys, db)
    agreement = said(capsys, db, "agreement")
    assert "Everything still owed done by" not in agreement
    assert "**Next step:** a written wrap-up" in agreement
    assert "**Wrap-up list due:**" in agreement
    assert "To agree: the date everything still owed is done." in agreement


def test_a_partnership_closing_with_a_review_in_the_diary_is_not_said_to_have_none(
    capsys, tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    answers = {
        **example_answers,
        "fit_audience": "no",
        "standing_review": "yes",
        "review_cadence": "monthly",
        "review_last_held": "3 weeks ago",
    }
    db = diagnosed(capsys, tmp_path, answers)
    held(capsys, db, "no")
    agreement = said(capsys, db, "agreement")
    assert "Recurring review:** none" not in agreement
    assert "To agree: whether our monthly review goes on until the open items are done." in (
        agreement
    )


def test_what_is_still_open_is_offered_as_examples_never_asserted_as_planned(
    capsys, tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    db = diagnosed(capsys, tmp_path, {**example_answers, "still_want": "no"})
    points = said(capsys, db, "points")
    assert "what's still open on both sides, such as any campaigns in the works" in points
    assert "already scheduled" not in points and "(" not in points
    (tmp_path / "revive").mkdir()
    revive = diagnosed(capsys, tmp_path / "revive", example_answers)
    assert "finish any campaigns already planned" in said(capsys, revive, "points")


def test_the_terminal_shows_a_name_as_typed_with_no_markdown_escapes(
    capsys, tmp_path: Path, example_answers: dict[str, Any]
) -> None:
    name = "O'Brien & Sons_*x*"
    db = diagnosed(capsys, tmp_path, {**example_answers, "partner": name})
    code, shown, err = run_cli(capsys, "--db", str(db), "show", "1")
    assert code == 0, err
    assert "\\" not in shown
    assert f"Talking points to revive it: {name}, Mon 23 Nov 2026" in shown
    # The Markdown of `unstall points` escapes what Markdown would read, and not the "&".
    markdown = run_cli(capsys, "--db", str(db), "points", "1")[1]
    assert "O'Brien & Sons\\_\\*x\\*" in markdown
