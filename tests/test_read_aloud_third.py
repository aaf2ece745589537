"""Found reading the drafts aloud a third time: the recap says the call was about a fixed slot
on the calendar only when that is the step agreed; the agreement's timeline does not give the
review twice when the fix agreed is the review; a metric the user put in quotes is not quoted
again; and "calendar" is the one word for where a review lives (never "diary")."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import run_cli as run

from playbook import clock
from playbook.agreement import agreement_markdown as agreement
from playbook.answers import validate
from playbook.conversation import Conversation, start_meeting
from playbook.diagnosis import Diagnosis
from playbook.recap import recap
from playbook.verdict import quoted

HELD = date(2026, 11, 26)


def diagnosed(raw: dict[str, Any]) -> Diagnosis:
    validated = validate(raw, date(2026, 11, 23))
    assert validated.ok, validated.errors
    return Diagnosis.from_answers(validated.answers)


@pytest.fixture
def diagnosis(example_answers: dict[str, Any]) -> Diagnosis:
    """The example partner: a rhythm stall, the points propose a monthly review."""
    return diagnosed(example_answers)


def proposed(diagnosis: Diagnosis) -> Conversation:
    step = diagnosis.talking_points.next_step
    assert step is not None
    return Conversation(
        held_on=HELD,
        priority="yes",
        decision="revive",
        fix=step.fix,
        owner=step.owner,
        side=step.side,
        due=step.due,
    )


def test_the_proposed_review_is_talked_about_and_a_fix_of_ones_own_is_not_dressed_as_it(
    diagnosis: Diagnosis,
) -> None:
    body = recap(diagnosis, proposed(diagnosis)).body
    assert "and about giving this a fixed slot on the calendar" in body
    own = Conversation(
        held_on=HELD,
        priority="yes",
        decision="revive",
        fix="Jo shares the January newsletter plan",
        owner="Jo Rivera",
        side="theirs",
        due=date(2026, 12, 4),
    )
    body = recap(diagnosis, own).body
    assert "We talked about the gap since our last real working session on Mon 12 Oct." in body
    assert "fixed slot" not in body
    assert "Jo shares the January newsletter plan" in body


def test_the_timeline_gives_the_review_once_when_the_fix_is_the_review(
    diagnosis: Diagnosis,
) -> None:
    text = agreement(diagnosis, proposed(diagnosis))
    timeline = text.split("## Timeline", 1)[1].split("##", 1)[0]
    assert "**First review:** Wed 23 Dec 2026." in timeline
    assert "Fix due" not in timeline
    # A fix of one's own due the same day is a day of its own: both lines stay.
    own = Conversation(
        held_on=HELD,
        priority="yes",
        decision="revive",
        fix="We send the missing materials",
        owner="Alex Kim",
        side="ours",
        due=date(2026, 12, 23),
    )
    timeline = agreement(diagnosis, own).split("## Timeline", 1)[1].split("##", 1)[0]
    assert "**Fix due:** Wed 23 Dec 2026." in timeline
    assert "**First review:** Wed 23 Dec 2026." in timeline


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("qualified leads per month", '"qualified leads per month"'),
        ('"qualified leads per month"', '"qualified leads per month"'),
        ("\u201cqualified leads\u201d", "\u201cqualified leads\u201d"),
        ("'leads'", "'leads'"),
        ('leads "booked"', '"leads "booked""'),
    ],
)
def test_a_metric_is_quoted_once(typed: str, said: str) -> None:
    assert quoted(typed) == said


def test_a_quoted_metric_reads_with_one_pair_of_quotes(
    example_answers: dict[str, Any], diagnosis: Diagnosis
) -> None:
    answers = {**example_answers, "success_metrics": '"discount redemptions per month"'}
    again = diagnosed(answers)
    body = recap(again, proposed(again)).body
    assert 'We\'ll keep watching "discount redemptions per month" to see' in body
    assert '""' not in body


def test_a_review_lives_on_the_calendar_never_in_a_diary(diagnosis: Diagnosis) -> None:
    points = diagnosis.talking_points
    spoken = " ".join(points.points)
    assert "We don't have a regular review on the calendar" in spoken
    assert "monthly review on both our calendars, starting on Wed 23 Dec 2026" in spoken
    meeting = start_meeting(diagnosis, today=HELD)
    assert meeting.typed["fix"] == "a monthly review on both calendars"
    texts = [spoken, recap(diagnosis, proposed(diagnosis)).body]
    texts.append(agreement(diagnosis, proposed(diagnosis)))
    assert not any("diary" in text or "diaries" in text for text in texts)


NORTHWIND = {
    "partner": "Northwind Distribution",
    "kind": "reseller",
    "started": "2025-11-03",
    "diagnosed_on": "2026-11-23",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "value_ours": "a payroll product their SMB customers keep asking for",
    "value_theirs": "a reseller network of 120 accounting firms",
    "still_want": "yes",
    "owner_ours": "",
    "owner_theirs": "Marta Kowalski",
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "last_conversation": "2026-09-29",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "2026-09-29",
    "expectations_written": "yes",
    "success_metrics": "licences resold per month",
    "workload": "balanced",
    "enablement_materials": "yes",
    "enablement_contact": "no",
    "activity": "slowing",
    "activity_last_month": "3",
    "activity_typical_month": "9",
    "outcomes": "flat",
    "last_activity": "2026-11-10",
}
"""Nobody owns it on our side (the dominant cause); a monthly review is booked, last met 29 Sep,
whose next meeting would come too late: the drafts move it, they do not invent one."""


def test_a_booked_review_is_moved_or_brought_back_never_proposed_as_new() -> None:
    diagnosis = diagnosed(NORTHWIND)
    assert diagnosis.verdict.dominant_cause == "owner"
    held = proposed(diagnosis)
    body = recap(diagnosis, held).body
    assert "I'd suggest a short review" not in body
    assert re.search(r"I'd suggest we (hold|bring) our monthly review", body), body
    text = agreement(diagnosis, held)
    assert "To agree: a review of" not in text
    assert re.search(r"To agree: our review, brought forward: |bringing our review back: ", text)
    # Nobody on our side: said once, not "ours to fix" and then "ours to do".
    assert "ours to fix" not in body and "It's ours to do" in body


def test_a_no_is_thanked_without_saying_the_partnership_was_fading(diagnosis: Diagnosis) -> None:
    no = Conversation(held_on=HELD, priority="no", decision="exit")
    body = recap(diagnosis, no).body
    assert "fade" not in body
    assert "That's a fair answer, and I'd much rather hear it plainly than guess." in body


def test_a_pending_agreement_dates_the_fix_and_the_decision_alike(diagnosis: Diagnosis) -> None:
    pending = replace(proposed(diagnosis), priority="evasive", decision="pending")
    body = recap(diagnosis, pending).body
    assert "you with where it sits among your team's priorities, and we with our decision" in body
    assert "Let's both come back to this by Wed 23 Dec:" in body
    timeline = agreement(diagnosis, pending).split("## Timeline", 1)[1].split("##", 1)[0]
    assert "**Fix due, and decision by:** Wed 23 Dec 2026." in timeline
    nothing = replace(pending, fix="", owner="", side="", due=None)
    timeline = agreement(diagnosis, nothing).split("## Timeline", 1)[1].split("##", 1)[0]
    assert "**Decision by:**" in timeline and "Fix due" not in timeline


def test_what_changed_on_their_side_is_said_once(example_answers: dict[str, Any]) -> None:
    answers = {**example_answers, "owner_theirs": "", "owner_theirs_in_role": ""}
    diagnosis = diagnosed({k: v for k, v in answers.items() if v != ""} | {"owner_theirs": ""})
    assert diagnosis.verdict.dominant_cause == "owner"
    body = recap(diagnosis, proposed(diagnosis)).body
    assert "with new people settling in on your side" in body
    assert "now that your team has changed" not in body


def test_our_own_missed_step_proposed_again_is_ours_to_put_right(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Northwind: last time we agreed to name our own owner and did not; the follow-up proposes
    that step again. The partner is not asked to look into a miss that was ours alone."""
    db = tmp_path / "db"
    first = tmp_path / "first.json"
    first.write_text(json.dumps(NORTHWIND), encoding="utf-8")
    assert run(capsys, "--db", str(db), "diagnose", "--answers", str(first))[0] == 0
    held = ("conversation", "1", "--held-on", "Nov 25", "--priority", "yes")
    monkeypatch.setenv("UNSTALL_TODAY", "2026-11-27")
    clock.fix(date(2026, 11, 27))
    assert run(capsys, "--db", str(db), *held)[0] == 0
    later = {
        **NORTHWIND,
        "diagnosed_on": "2026-12-09",
        "last_conversation": "2026-11-25",
        "review_last_held": "2026-11-25",
        "previous_fix_done": "no",
    }
    second = tmp_path / "second.json"
    second.write_text(json.dumps(later), encoding="utf-8")
    monkeypatch.setenv("UNSTALL_TODAY", "2026-12-09")
    clock.fix(date(2026, 12, 9))
    code, out, err = run(capsys, "--db", str(db), "diagnose", "--answers", str(second))
    assert code == 0, err
    said = " ".join(out.split())
    assert (
        "When we last took stock, we took on one step on our side, and it hasn't happened "
        "yet: it's the first thing I want to put right."
    ) in said
    assert "look together at what got in the way" not in said
