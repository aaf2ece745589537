"""What the follow-up audit found, fixed:

1. An owner fix agreed in the call (their side names an owner) that fell due with nobody named
   is a request with no answer: the follow-up goes to the decide path, with the day it was
   agreed and the day it was due in the evidence, instead of asking for an owner again. A fix
   not yet due, a step only proposed, or an owner named since, change nothing.
2. `unstall diagnose --answers FILE` with ``previous_fix_done`` and no ``previous_fix`` takes
   last time's fix from the partner's latest diagnosis and says so; with none to take, it says
   the answer was ignored and why, instead of dropping it silently.
3. A standing review held within its interval (plus a few days' slack) is the rhythm working:
   the weeks since it met are no rhythm cause.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLE, diagnosed, run_cli

from playbook import blame, clock
from playbook.answers import validate
from playbook.diagnosis import Diagnosis
from playbook.session import fill_follow_up, follow_up_start
from playbook.verdict import Facts, decide, owner_request, owner_unanswered
from store.repository import Repository

PARTNER = "Brightpath Referrals"
REFERRAL: dict[str, Any] = {
    "partner": PARTNER,
    "kind": "referral",
    "started": "2026-03-02",
    "diagnosed_on": "2026-11-23",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "value_ours": "warm introductions to accounting firms",
    "value_theirs": "a referral fee and a product their clients ask for",
    "still_want": "yes",
    "owner_ours": "Sam Ortiz",
    "owner_theirs": "",
    "owner_ours_in_role": "yes",
    "owner_request": "not-asked",
    "changes_theirs": "people",
    "last_conversation": "2026-10-05",
    "standing_review": "no",
    "expectations_written": "yes",
    "success_metrics": "qualified referrals a month",
    "workload": "balanced",
    "enablement_materials": "yes",
    "enablement_contact": "yes",
    "activity": "slowing",
    "activity_last_month": 1,
    "activity_typical_month": 5,
    "outcomes": "flat",
    "last_activity": "2026-10-28",
}
"""A referral partnership with nobody named at the partner and no owner asked for yet: stalled
on the owner, its points propose that Brightpath names one by Wed 2 Dec 2026."""

FIX = f"{PARTNER} names one owner for the partnership; Sam Ortiz follows up"
AGREED_ON, AGREED_DAY = "2026-11-25", "Wed 25 Nov 2026"
DUE, DUE_DAY = "2026-12-02", "Wed 2 Dec 2026"
LATER = date(2026, 12, 21)
UNANSWERED = (
    f"{PARTNER} agreed on {AGREED_DAY} to name an owner by {DUE_DAY}; that day has passed and "
    "nobody is named."
)
ASKED_AGAIN = "Could you name one person on your side who owns this"
"""How the revive path asks for an owner: never again once the agreed one did not come."""

LAST_FACTS = {
    "previous_diagnosed_on": "2026-11-23",
    "previous_fix": FIX,
    "previous_fix_status": "agreed",
    "previous_fix_owner": "their side",
    "previous_fix_due": DUE,
    "previous_cause": "owner",
    "previous_conversation_on": AGREED_ON,
}
"""What the follow-up carries after the call of Wed 25 Nov (priority yes, the fix proposed)."""


def day(monkeypatch: pytest.MonkeyPatch, today: date) -> None:
    """Today is ``today``, for this process and for anything reading the environment."""
    monkeypatch.setenv("UNSTALL_TODAY", today.isoformat())
    clock.fix(today)


def sentences(lines: list[str]) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(" ".join(lines).split())) if s]


def read_aloud(points: list[str]) -> None:
    """What every spoken text must be: no blame, and no sentence said twice."""
    assert blame.check("\n".join(points)) == []
    assert all(n == 1 for n in Counter(sentences(points)).values()), points


def follow_up(today: date = LATER, **typed: Any) -> dict[str, str]:
    """The follow-up's clean answers: the referral with last time's facts, the fix not done,
    the call of Wed 25 Nov as the last conversation, ``typed`` over them (``None`` leaves an
    answer out)."""
    answers: dict[str, Any] = {
        **REFERRAL,
        **LAST_FACTS,
        "diagnosed_on": today.isoformat(),
        "previous_fix_done": "no",
        "last_conversation": AGREED_ON,
        "last_activity": "2026-11-30",
    }
    answers = {key: value for key, value in {**answers, **typed}.items() if value is not None}
    validated = validate(answers, today)
    assert validated.ok, validated.errors
    return dict(validated.answers)


def write(tmp_path: Path, name: str, answers: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(answers), encoding="utf-8")
    return path


def saved(db: Path, diagnosis_id: int) -> Diagnosis:
    with Repository(db) as repository:
        found = repository.get(diagnosis_id)
    assert found is not None
    return found


def held(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, Any] = REFERRAL,
    priority: str = "yes",
) -> Path:
    """A database with #1 (``answers``, diagnosed Mon 23 Nov 2026) and its reset conversation
    held Wed 25 Nov with the answer ``priority``, the proposed fix kept; today is then
    :data:`LATER`."""
    db = diagnosed(capsys, tmp_path, answers, "first.json")
    day(monkeypatch, date(2026, 11, 25))
    code, _, err = run_cli(
        capsys, "--db", str(db), "conversation", "1", "--held-on", "today", "--priority", priority
    )
    assert code == 0, err
    day(monkeypatch, LATER)
    return db


@pytest.fixture
def agreed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A database with #1, the referral diagnosed Mon 23 Nov 2026, and its reset conversation
    held Wed 25 Nov: priority yes, the proposed fix agreed (due Wed 2 Dec)."""
    return held(capsys, tmp_path, monkeypatch)


# -- 1. an agreed owner that never came: the decide path --------------------------------------


def test_the_story_goes_to_the_decide_path_with_the_dates_in_the_evidence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, agreed: Path
) -> None:
    """As the audit ran it: the follow-up of 21 Dec, every answer carried, the fix not done."""
    start = follow_up_start(saved(agreed, 1))
    assert start.answers["previous_fix"] == FIX
    answers = {
        **start.answers,
        "diagnosed_on": LATER.isoformat(),
        "previous_fix_done": "no",
        "last_conversation": AGREED_ON,
        "activity": "slowing",
        "last_activity": "2026-11-30",
    }
    answers_file = write(tmp_path, "follow-up.json", answers)
    code, out, err = run_cli(
        capsys, "--db", str(agreed), "diagnose", "--answers", str(answers_file), "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    points = result["talking_points"]
    assert points["path"] == "decide"
    assert result["dominant_cause"] == "owner"
    evidence = result["causes"][0]["evidence"]
    assert UNANSWERED in evidence
    assert evidence[0].startswith(f"The fix agreed last time did not happen: {FIX}")
    assert result["causes"][0]["fix"].startswith(f"Ask {PARTNER} plainly whether")
    spoken = points["points"]
    assert not any(ASKED_AGAIN in point for point in spoken)
    joined = " ".join(spoken)
    assert (
        "When we spoke on Wed 25 Nov 2026, we agreed that someone on your side would own this"
        in joined
    )
    assert "and we haven't got there yet" in joined
    assert "you were going to" not in joined  # an observation in "we", keeping no score
    assert "we didn't hear back" not in joined  # they answered: they agreed
    # their yes in that call is where the question starts, once other points came between
    assert (
        "When we last spoke, you told us this was still a priority for your team, and I don't want "
        "to take that for granted: is it still?" in spoken
    )
    assert points["next_step"]["fix"].startswith(f"{PARTNER} decides: one owner named")
    read_aloud(spoken)
    # The user's own answer stays as given; only the verdict reads it.
    assert saved(agreed, 2).answers["owner_request"] == "not-asked"


def test_the_request_reads_as_unanswered_whatever_was_answered_about_it() -> None:
    for request in ("not-asked", "agreed", None):
        answers = follow_up(owner_request=request)
        verdict = decide(answers)
        assert owner_request(Facts(answers)) == "no-answer"
        assert verdict.facts.get("owner_request") == request  # the answers are not rewritten
        owner = verdict.causes[0]
        assert owner.cause == "owner" and UNANSWERED in owner.evidence
        assert f"{PARTNER} agreed to name an owner; nobody is named yet." not in owner.evidence
        assert Diagnosis.from_answers(answers).talking_points.path == "decide"


def test_a_refusal_said_outright_stays_a_refusal() -> None:
    answers = follow_up(owner_request="declined")
    verdict = decide(answers)
    assert owner_request(Facts(answers)) == "declined"
    evidence = verdict.causes[0].evidence
    assert f"We asked {PARTNER} to name an owner, and they declined." in evidence
    assert UNANSWERED not in evidence
    assert Diagnosis.from_answers(answers).talking_points.path == "decide"


def test_only_partly_done_with_still_nobody_named_is_unanswered_too() -> None:
    answers = follow_up(previous_fix_done="partly")
    assert UNANSWERED in decide(answers).causes[0].evidence
    assert Diagnosis.from_answers(answers).talking_points.path == "decide"


def test_nobody_on_either_side_says_both_and_when_it_was_agreed() -> None:
    answers = follow_up(owner_ours="", owner_ours_in_role=None)
    evidence = decide(answers).causes[0].evidence
    assert evidence[1].startswith("Nobody owns the partnership on either side")
    assert UNANSWERED in evidence
    drafted = Diagnosis.from_answers(answers).talking_points
    assert drafted.path == "decide"
    read_aloud(list(drafted.points))


def test_without_a_conversation_the_agreement_is_dated_last_time() -> None:
    answers = follow_up(previous_conversation_on=None)
    sentence = (
        f"{PARTNER} agreed last time to name an owner by {DUE_DAY}; that day has passed and "
        "nobody is named."
    )
    assert sentence in decide(answers).causes[0].evidence


@pytest.mark.parametrize(
    ("why", "typed"),
    [
        ("not due yet", {"today": date(2026, 11, 30)}),
        ("only proposed", {"previous_fix_status": "proposed"}),
        ("an owner named since", {"owner_theirs": "Dana Lee", "owner_theirs_in_role": "yes"}),
        ("it happened", {"previous_fix_done": "yes"}),
        ("nobody is sure", {"previous_fix_done": "unsure"}),
        ("another cause", {"previous_cause": "rhythm"}),
        ("no due date", {"previous_fix_due": None}),
    ],
)
def test_everything_else_stays_as_it_was(why: str, typed: dict[str, Any]) -> None:
    today = typed.pop("today", LATER)
    answers = follow_up(today, **typed)
    facts = Facts(answers)
    assert owner_unanswered(facts) is None, why
    verdict = decide(answers)
    assert verdict.facts.get("owner_request") == facts.get("owner_request"), why
    assert Diagnosis.from_answers(answers).talking_points.path == "revive", why
    assert not any(UNANSWERED in finding.evidence for finding in verdict.causes), why


def test_a_fix_not_yet_due_is_said_as_not_due_and_never_scored() -> None:
    answers = follow_up(date(2026, 11, 30))
    verdict = decide(answers)
    assert verdict.follow_up is not None
    assert verdict.follow_up.startswith(f"The fix agreed last time is not due yet (due {DUE_DAY})")
    without = decide({k: v for k, v in answers.items() if k != "previous_fix_done"})
    assert [(f.cause, f.strength, f.evidence) for f in verdict.causes] == [
        (f.cause, f.strength, f.evidence) for f in without.causes
    ]
    spoken = Diagnosis.from_answers(answers).talking_points.points
    # the step agreed, still ahead, is kept to on its own day, not asked again by a new one
    kept = f"Could we keep to what we agreed for {DUE_DAY}: you name one person on your side"
    assert any(point.startswith(kept) for point in spoken)
    assert not any(ASKED_AGAIN in point for point in spoken)


def test_the_owner_request_read_is_the_answer_when_nothing_is_unanswered() -> None:
    assert owner_request(Facts(follow_up(owner_theirs="Dana Lee"))) is None  # not asked then
    assert owner_request(Facts(follow_up(previous_fix_done="yes"))) == "not-asked"
    assert owner_request(Facts(follow_up())) == "no-answer"


# -- 2. `diagnose --answers` with previous_fix_done and no previous_fix ------------------------


def only_done(today: date = LATER, **typed: Any) -> dict[str, Any]:
    """A follow-up's file that says the fix did not happen, but not which fix it was."""
    return {
        **REFERRAL,
        "diagnosed_on": today.isoformat(),
        "previous_fix_done": "no",
        "last_conversation": AGREED_ON,
        "last_activity": "2026-11-30",
        **typed,
    }


def test_the_fix_is_taken_from_the_last_diagnosis_and_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, agreed: Path
) -> None:
    answers_file = write(tmp_path, "only-done.json", only_done())
    code, out, err = run_cli(
        capsys, "--db", str(agreed), "diagnose", "--answers", str(answers_file), "--json"
    )
    assert code == 0, err
    assert err == (
        "unstall: last time's fix taken from #1 (diagnosed Mon 23 Nov 2026), agreed, due "
        f"{DUE_DAY}: {FIX}\n"
    )
    result = json.loads(out)  # stdout holds the JSON alone
    assert result["follow_up"].startswith(f"The fix agreed last time did not happen: {FIX}")
    assert result["talking_points"]["path"] == "decide"
    spoken = result["talking_points"]["points"]
    assert not any("kicked off" in point for point in spoken)  # from the call, not the kickoff
    read_aloud(spoken)
    kept = saved(agreed, 2).answers
    assert {key: kept.get(key) for key in LAST_FACTS} == LAST_FACTS
    assert kept["previous_fix_done"] == "no"


def test_what_the_file_gives_is_kept_over_what_is_carried(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, agreed: Path
) -> None:
    answers_file = write(tmp_path, "owner.json", only_done(previous_fix_owner="Sam Ortiz"))
    code, out, err = run_cli(
        capsys, "--db", str(agreed), "diagnose", "--answers", str(answers_file)
    )
    assert code == 0, err
    assert "last time's fix taken from #1" in err
    kept = saved(agreed, 2).answers
    assert kept["previous_fix_owner"] == "Sam Ortiz"
    assert kept["previous_fix"] == FIX


def test_a_file_naming_the_fix_is_read_as_it_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, agreed: Path
) -> None:
    given = only_done(previous_fix="Sam sends the referral guide", previous_cause="enablement")
    answers_file = write(tmp_path, "named.json", given)
    code, _, err = run_cli(capsys, "--db", str(agreed), "diagnose", "--answers", str(answers_file))
    assert code == 0, err
    assert err == ""
    kept = saved(agreed, 2).answers
    assert kept["previous_fix"] == "Sam sends the referral guide"
    assert "previous_conversation_on" not in kept


def test_a_step_only_proposed_is_taken_as_proposed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = diagnosed(capsys, tmp_path, REFERRAL, "first.json")  # no conversation, no outcome
    day(monkeypatch, LATER)
    answers_file = write(tmp_path, "only-done.json", only_done())
    code, out, err = run_cli(capsys, "--db", str(db), "diagnose", "--answers", str(answers_file))
    assert code == 0, err
    assert "last time's fix taken from #1 (diagnosed Mon 23 Nov 2026), only proposed" in err
    assert "The step proposed last time (never recorded as agreed) did not happen" in out
    assert "Talking points to revive it" in out  # nobody agreed: no request went unanswered
    assert saved(db, 2).answers["previous_fix_status"] == "proposed"


def test_with_no_earlier_diagnosis_the_answer_is_ignored_and_said_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day(monkeypatch, LATER)
    db = tmp_path / "db"
    answers_file = write(tmp_path, "only-done.json", only_done())
    code, out, err = run_cli(capsys, "--db", str(db), "diagnose", "--answers", str(answers_file))
    assert code == 0, err
    assert err == (
        "unstall: warning: previous_fix_done was ignored: there is no earlier diagnosis of "
        f"{PARTNER} to take last time's fix from. Give previous_fix in the file to say which "
        "fix it was.\n"
    )
    assert "Traceback" not in out + err
    assert "previous_fix_done" not in saved(db, 1).answers


def test_a_diagnosis_after_the_files_date_is_not_last_time(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, agreed: Path
) -> None:
    answers_file = write(
        tmp_path,
        "earlier.json",
        only_done(date(2026, 11, 20), last_conversation="2026-11-02", last_activity="2026-11-02"),
    )
    code, _, err = run_cli(capsys, "--db", str(agreed), "diagnose", "--answers", str(answers_file))
    assert code == 0, err
    assert (
        f"previous_fix_done was ignored: there is no earlier diagnosis of {PARTNER} on or "
        "before Fri 20 Nov 2026" in err
    )


def test_after_an_exit_the_answer_is_ignored_and_said_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = held(capsys, tmp_path, monkeypatch, priority="no")
    answers_file = write(tmp_path, "only-done.json", only_done(partner="brightpath  REFERRALS"))
    code, _, err = run_cli(capsys, "--db", str(db), "diagnose", "--answers", str(answers_file))
    assert code == 0, err
    assert err == (
        f"unstall: warning: previous_fix_done was ignored: the last diagnosis of {PARTNER}, "
        "#1 (diagnosed Mon 23 Nov 2026), ended in an exit, so no fix was agreed to "
        "follow up (its conversation of Wed 25 Nov 2026 is carried, for the points).\n"
    )
    assert "previous_fix_done" not in saved(db, 2).answers
    assert saved(db, 2).answers["previous_decision"] == "exit"


def test_after_a_healthy_diagnosis_there_is_no_fix_to_follow_up() -> None:
    healthy = {
        **EXAMPLE,
        "fit_delivery": "yes",
        "owner_theirs_in_role": "yes",
        "changes_theirs": "none",
        "standing_review": "yes",
        "review_cadence": "monthly",
        "review_last_held": "2026-11-16",
        "last_conversation": "2026-11-16",
        "expectations_written": "yes",
        "enablement_materials": "yes",
        "activity": "rising",
        "activity_last_month": 5,
        "outcomes": "rising",
        "last_activity": "2026-11-20",
    }
    validated = validate(healthy, date(2026, 11, 23))
    assert validated.ok, validated.errors
    last = Diagnosis.from_answers(validated.answers, id=4)
    assert last.verdict.verdict == "healthy"
    answers = {
        "partner": EXAMPLE["partner"],
        "diagnosed_on": "2026-12-21",
        "previous_fix_done": "no",
    }
    filled = fill_follow_up(answers, [last])
    assert filled.ignored and filled.source is last
    assert filled.said == (
        f"previous_fix_done was ignored: the last diagnosis of {EXAMPLE['partner']}, #4 "
        "(diagnosed Mon 23 Nov 2026), names no fix: no outcome records one and its talking "
        "points proposed none."
    )
    assert "previous_fix_done" not in filled.answers
    # Without previous_fix_done, or with the fix named, nothing is filled and nothing said.
    for given in ({"partner": "X"}, {**answers, "previous_fix": "a fix"}):
        assert fill_follow_up(given, [last]).answers == given
        assert fill_follow_up(given, [last]).said is None


# -- 3. a review held on its rhythm is no rhythm cause ----------------------------------------


def reviewed(held: str, cadence: str = "monthly", **typed: Any) -> dict[str, str]:
    answers = {
        **EXAMPLE,
        "standing_review": "yes",
        "review_cadence": cadence,
        "review_last_held": held,
        "last_conversation": held,
        **typed,
    }
    validated = validate(answers, date(2026, 11, 23))
    assert validated.ok, validated.errors
    return dict(validated.answers)


def rhythm(answers: dict[str, str]) -> list[str]:
    verdict = decide(answers)
    found = [f for f in verdict.causes if f.cause == "rhythm"]
    return [*(found[0].evidence if found else ()), *verdict.watch]


def test_a_monthly_review_held_three_weeks_ago_is_no_rhythm_cause() -> None:
    answers = reviewed("3 weeks ago")
    verdict = decide(answers)
    assert verdict.review == "held"
    assert verdict.verdict == "stalled"
    assert "rhythm" not in [finding.cause for finding in verdict.causes]
    assert not any("Mon 2 Nov 2026" in line for line in rhythm(answers))
    drafted = Diagnosis.from_answers(answers).talking_points
    assert not any("Keep the monthly review" in line for line in drafted.prep)
    read_aloud(list(drafted.points))


@pytest.mark.parametrize(
    ("cadence", "on_time", "late"),
    [
        ("monthly", "2026-10-16", "2026-10-15"),  # 38 days ago on time; 39 late
        ("biweekly", "2026-11-02", "2026-11-01"),  # 21 days on time; 22 late
    ],
)
def test_the_slack_ends_a_week_after_the_interval(cadence: str, on_time: str, late: str) -> None:
    assert rhythm(reviewed(on_time, cadence)) == []
    late_evidence = rhythm(reviewed(late, cadence))
    assert late_evidence and late_evidence[0].startswith("The last real working conversation")


def test_a_review_held_on_time_after_a_longer_silence_says_only_the_review() -> None:
    """The conversation answer is older than the review: the review held is the last contact,
    and on time; the answers that disagree are still named."""
    answers = reviewed("3 weeks ago", last_conversation="2026-09-01")
    verdict = decide(answers)
    assert "rhythm" not in [finding.cause for finding in verdict.causes]
    assert any("check it is still a working conversation" in c for c in verdict.contradictions)


# -- 4. last time's step is quoted to the partner as it was proposed to them ------------------


@pytest.mark.parametrize("done", ["no", "yes"])
def test_an_agreed_step_is_quoted_to_them_not_in_the_notes_third_person(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    done: str,
) -> None:
    """Found by a read-aloud audit: "we agreed on this: Acme has clear materials ..." was said
    to Acme. The follow-up carries the step as the points proposed it to them."""
    enablement = {
        **REFERRAL,
        "owner_theirs": "Priya Nair",
        "owner_theirs_in_role": "yes",
        "owner_request": None,
        "standing_review": "yes",
        "review_cadence": "monthly",
        "review_last_held": "2026-11-16",
        "last_conversation": "2026-11-16",
        "enablement_materials": "no",
        "enablement_contact": "no",
    }
    enablement = {key: value for key, value in enablement.items() if value is not None}
    db = held(capsys, tmp_path, monkeypatch, enablement)
    first = saved(db, 1)
    step = first.talking_points.next_step
    assert first.verdict.dominant_cause == "enablement" and step is not None and step.said
    start = follow_up_start(first)
    assert start.answers["previous_fix"] == step.fix
    assert start.answers["previous_fix_said"] == step.said
    answers = {**start.answers, "diagnosed_on": LATER.isoformat(), "previous_fix_done": done}
    if done == "yes":  # the materials and the contact came: the step is not proposed again
        answers |= {"enablement_materials": "yes", "enablement_contact": "yes"}
    validated = validate(answers, LATER)
    assert validated.ok, validated.errors
    spoken = " ".join(Diagnosis.from_answers(validated.answers).talking_points.points)
    if done == "no":  # ours, tried again: said in full once, in the proposal
        assert "we took on one step on our side, and it hasn't happened yet" in spoken
        assert "This time, " in spoken and "we'll get your team clear materials" in spoken
    else:  # the words that proposed it do not say it was done
        assert "I'm glad we followed through on the step we agreed last time." in spoken
    assert f"{PARTNER} has" not in spoken and step.fix not in spoken
