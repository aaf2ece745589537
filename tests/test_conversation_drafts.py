"""The recap email and the written agreement after a held reset conversation, for ten
realistic partnerships.

Each case is a short story: what the partnership manager would say happened before and during
the call. The answers go through :func:`playbook.answers.validate` with a fixed diagnosis day,
the conversation through :func:`playbook.conversation.make_conversation`, exactly as the app and
``unstall conversation`` do. Every expectation was written from PLAYBOOK.md (v2), the issue
and the two articles before reading the drafts: the recap quotes the agreed fix, its owner and
its date ("Fri 11 Dec") and the first review; an exit is a close-out with what is still owed;
the agreement has the seven headings, once each, in order, and marks what is not known
"To agree"; neither trips the blame check, repeats a sentence, or says what the answers
contradict; the user's notes never reach the email.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from playbook import blame
from playbook.agreement import HEADINGS, agreement_markdown
from playbook.answers import validate
from playbook.conversation import (
    Conversation,
    day_words,
    first_review,
    make_conversation,
    rhythm_words,
)
from playbook.dates import long_date
from playbook.diagnosis import Diagnosis
from playbook.recap import recap
from playbook.report import diagnosis_markdown

DIAGNOSED_ON = date(2026, 11, 23)  # a Monday
HELD_ON = "2026-11-26"  # the Thursday after
RECORDED = date(2026, 11, 27)
PRIVATE = "Note to self: their renewal budget is frozen until March."
"""A line of the user's notes that must never reach the partner."""

BASE: dict[str, Any] = {
    "kind": "co-marketing",
    "started": "10 months ago",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "yes",
    "value_ours": "a newsletter read by 30,000 shop owners",
    "value_theirs": "a booking tool our customers keep asking about",
    "still_want": "yes",
    "owner_ours": "Alex Kim",
    "owner_ours_in_role": "yes",
    "owner_theirs": "Jo Rivera",
    "owner_theirs_in_role": "yes",
    "changes_theirs": "none",
    "last_conversation": "10 days ago",
    "standing_review": "yes",
    "review_cadence": "monthly",
    "review_last_held": "10 days ago",
    "expectations_written": "yes",
    "success_metrics": "sign-ups from the shared landing page",
    "workload": "balanced",
    "enablement_materials": "yes",
    "enablement_contact": "yes",
    "activity": "steady",
    "outcomes": "rising",
    "last_activity": "6 days ago",
    "notes": f"Jo is easier to reach on Thursdays.\n{PRIVATE}",
}
"""A partnership where everything is in place; each story says what is different (``None``:
not answered, or the question does not apply)."""

NO_REVIEW = {"standing_review": "no", "review_cadence": None, "review_last_held": None}


@dataclass(frozen=True)
class Case:
    name: str
    story: str
    answers: dict[str, Any]
    typed: dict[str, str]
    path: str
    dominant: str | None
    to_agree: tuple[str, ...] = ()
    """Open items the agreement must mark "To agree: ..." (a fragment of each)."""
    says: tuple[str, ...] = ()
    """Fragments the recap must contain, from the facts of this case."""
    never: tuple[str, ...] = ()
    """What the answers contradict: never in the recap nor the agreement."""
    extra: dict[str, str] = field(default_factory=dict)


def answers(partner: str, **different: Any) -> dict[str, Any]:
    merged = {**BASE, "partner": partner, **different}
    return {key: value for key, value in merged.items() if value is not None}


CASES = [
    Case(
        name="owner-yes",
        story="Ridgeline Tools resells our software. Their partner manager, who signed the "
        "deal, left in the summer and nobody took it over; we have not asked them to name "
        "anyone yet. On the call they said yes, it still matters, and Sam agreed to name an "
        "owner by Friday 11 December.",
        answers=answers(
            "Ridgeline Tools",
            kind="reseller",
            owner_theirs="",
            owner_theirs_in_role=None,
            owner_request="not-asked",
            changes_theirs="people",
            activity="slowing",
            activity_last_month="2",
            activity_typical_month="9",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "yes",
            "fix": "Sam Okafor names one owner at Ridgeline for the partnership",
            "owner": "Sam Okafor",
            "side": "theirs",
            "due": "2026-12-11",
        },
        path="revive",
        dominant="owner",
        says=("new people settling in", "who on your side looks after this day to day"),
        to_agree=("one named owner at Ridgeline Tools",),
        never=("**Owner at Ridgeline Tools:**",),
    ),
    Case(
        name="rhythm-yes-three-years",
        story="Harbor Travel and we have co-marketed for three years. Our monthly review is "
        "still in the diary but last met in August; the call went well, and we agreed to "
        "bring the review back, Alex sending the invitations by Wed 9 Dec.",
        answers=answers(
            "Harbor Travel",
            started="3 years ago",
            last_conversation="2026-08-19",
            review_last_held="2026-08-19",
            activity="slowing",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "yes",
            "fix": "bring the monthly review back, invitations from Alex",
            "owner": "Alex Kim",
            "side": "ours",
            "due": "Wed 9 Dec",
        },
        path="revive",
        dominant="rhythm",
        says=(
            "After 3 years of working together",
            "bringing our monthly review back",
            "first review back is on Wed 16 Dec, and after that on the third Wednesday of "
            "each month",
        ),
        never=("To agree: one named owner",),
    ),
    Case(
        name="expectations-yes-lopsided",
        story="Lumen Studio co-hosts webinars with us. Nothing was written down at kickoff, "
        "we ended up doing most of the work without ever agreeing that, and we never set a "
        "metric. They said yes; we agreed that Alex drafts a one-page split of the work by "
        "Wednesday 9 December, for both sides to sign off.",
        answers=answers(
            "Lumen Studio",
            expectations_written="no",
            workload="mostly-us",
            workload_agreed="no",
            success_metrics="",
            **NO_REVIEW,
            last_conversation="5 weeks ago",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "yes",
            "fix": "a one-page split of who does what, signed off by both sides",
            "owner": "Alex Kim",
            "side": "both",
            "due": "2026-12-09",
        },
        path="revive",
        dominant="expectations",
        says=("how we share the work", "never put that on paper"),
        to_agree=(
            "the one or two metrics",
            "a split of the work both sides accept",
            "none of it is written down yet",
        ),
        never=("as both sides agreed", "**What “working” means:**"),
    ),
    Case(
        name="enablement-yes-early",
        story="Northwind Data built an integration with us ten weeks ago. We never sent them "
        "a proper guide and they have nobody to call on our side. They said yes, it is a "
        "priority; Dana sends the guide and becomes their named contact by Tue 8 Dec.",
        answers=answers(
            "Northwind Data",
            kind="technology",
            started="10 weeks ago",
            enablement_materials="no",
            enablement_contact="no",
            success_metrics="joint customers live on the integration",
            activity="slowing",
            outcomes="flat",
            review_last_held="3 weeks ago",
            last_conversation="3 weeks ago",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "yes",
            "fix": "send the integration guide; Dana becomes the named contact",
            "owner": "Dana Liu",
            "side": "ours",
            "due": "2026-12-08",
        },
        path="revive",
        dominant="enablement",
        says=(
            "clear materials and some training",
            "weeks in, that this is a priority",
            "early days",
        ),
        to_agree=(
            "the materials and training Northwind Data gets from us",
            "one named contact on our side",
        ),
        never=("in place.",),
    ),
    Case(
        name="declined-owner-then-no",
        story="Pinecrest Insurance refers customers to us. Since their reorganisation nobody "
        "owns it there; we asked them in October to name someone and they declined. On the "
        "call Priya said plainly it is not a priority any more. We agreed to close the open "
        "referrals and pay what is owed, Alex by Fri 11 Dec.",
        answers=answers(
            "Pinecrest Insurance",
            kind="referral",
            owner_theirs="",
            owner_theirs_in_role=None,
            owner_request="declined",
            changes_theirs="reorganisation",
            activity="stopped",
            last_activity="2 months ago",
            **NO_REVIEW,
            last_conversation="7 weeks ago",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "no",
            "fix": "close the 4 open referrals and pay the referral fees owed",
            "owner": "Alex Kim",
            "side": "ours",
            "due": "2026-12-11",
        },
        path="decide",
        dominant="owner",
        says=("isn't a priority for your team any more", "moves back up your list"),
        never=("first review", "Recurring review:** monthly"),
    ),
    Case(
        name="evasive-exit",
        story="Brightline Events ran two campaigns with us this year. Activity has slowed; "
        "when asked whether it is still a priority, they talked around it. We decided to "
        "wrap up after the last campaign, which Alex finishes by Mon 14 Dec.",
        answers=answers(
            "Brightline Events",
            review_last_held="2026-09-15",
            last_conversation="2026-09-15",
            activity="slowing",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "evasive",
            "fix": "run the December campaign already planned, then stop",
            "owner": "Alex Kim",
            "side": "ours",
            "due": "2026-12-14",
        },
        path="revive",
        dominant="rhythm",
        says=("Without a clear yes", "my door is open"),
        # A close-out leaves nothing to agree about the priority: the answer is stated.
        never=("first review", "confirmed on", "whether this is still a priority for both teams"),
    ),
    Case(
        name="failed-fit-exit-owed",
        story="Tessellate Labs and we started a joint venture a year ago. Their buyers are "
        "hospitals, ours are retailers: two pilots and no overlap. The priority answer was "
        "yes, but the fit is not there, so we close it; Jamie hands the two pilots over to "
        "Noor by Fri 4 Dec.",
        answers=answers(
            "Tessellate Labs",
            kind="joint-venture",
            started="2025-12-01",
            fit_audience="no",
            owner_ours="Jamie Chen",
            owner_theirs="Noor Haddad",
            review_cadence="biweekly",
            success_metrics="joint pilots signed",
            outcomes="flat",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "yes",
            "fix": "hand the two pilots over to Noor's team",
            "owner": "Jamie Chen",
            "side": "ours",
            "due": "2026-12-04",
            "decision": "exit",
        },
        path="exit",
        dominant=None,
        says=("customers don't overlap", "since December 2025", "audiences move closer"),
        never=("first review", "**Agreed fix:**"),
    ),
    Case(
        name="pending",
        story="Copperleaf Media: the outcomes have stayed flat for months and they were "
        "frank that it is not a priority right now, but they offered to look at it again "
        "in the new year. We decide by Thu 17 Dec; meanwhile Jo shares last quarter's "
        "numbers.",
        answers=answers(
            "Copperleaf Media",
            owner_theirs_in_role="partly",
            outcomes="flat",
            activity="slowing",
            last_activity="5 weeks ago",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "no",
            "fix": "Jo shares last quarter's numbers with us",
            "owner": "Jo Rivera",
            "side": "theirs",
            "due": "2026-12-17",
            "decision": "pending",
        },
        path="revive",
        dominant="owner",
        says=("decision by Thu 17 Dec", "If we carry on, here is the one next step we'd take"),
        never=("We agreed on one next step",),
    ),
    Case(
        name="healthy-keep-yes",
        story="Orchard Bank's referral partnership is working: a quarterly review that meets, "
        "introductions rising. The call was the review; we agreed to keep it and Alex adds "
        "the March meeting to both diaries by Fri 11 Dec.",
        answers=answers(
            "Orchard Bank",
            kind="referral",
            review_cadence="quarterly",
            review_last_held="3 weeks ago",
            last_conversation="3 weeks ago",
            activity="rising",
            activity_last_month="14",
            activity_typical_month="10",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "yes",
            "fix": "the quarterly review goes in both diaries",
            "owner": "Alex Kim",
            "side": "ours",
            "due": "2026-12-11",
        },
        path="keep",
        dominant=None,
        says=("introductions, content and deals rising", "sign-ups from the shared landing page"),
        never=("To agree: one named owner", "wind", "stalled"),
    ),
    Case(
        name="unknowns-evasive-revive",
        story="Meridian Health: a community partnership we inherited. Nobody recorded who owns "
        "it on either side or what would count as success. The answer to the priority "
        "question was vague, but we agreed one step: Alex finds out who owns it on both "
        "sides by Thu 10 Dec.",
        answers=answers(
            "Meridian Health",
            kind="community",
            owner_ours=None,
            owner_ours_in_role=None,
            owner_theirs=None,
            owner_theirs_in_role=None,
            success_metrics=None,
            workload=None,
            expectations_written="unsure",
            enablement_materials=None,
            activity="slowing",
        ),
        typed={
            "held_on": HELD_ON,
            "priority": "evasive",
            "fix": "find out who owns Meridian on both sides",
            "owner": "Alex Kim",
            "side": "both",
            "due": "2026-12-10",
            "decision": "revive",
        },
        path="prepare",  # too little is known to name a cause: the verdict is unclear
        dominant=None,
        says=("hard question to answer on the spot", "it doesn't feel worth your team's time"),
        to_agree=(
            "one named owner on our side",
            "one named owner at Meridian Health",
            "the one or two metrics",
            "who carries which part of the work",
            "whether Meridian Health has the materials it needs",
        ),
        never=("**Owner on our side:**", "**Owner at Meridian Health:**", "**The work today:**"),
    ),
]


@dataclass(frozen=True)
class Held:
    diagnosis: Diagnosis
    conversation: Conversation
    subject: str
    body: str
    agreement: str


def hold(case: Case) -> Held:
    validated = validate({**case.answers, "diagnosed_on": DIAGNOSED_ON.isoformat()}, DIAGNOSED_ON)
    assert validated.ok, validated.errors
    diagnosis = Diagnosis.from_answers(validated.answers, id=11, created_at="2026-11-23T09:00")
    conversation, problems = make_conversation(
        case.typed, diagnosed_on=DIAGNOSED_ON, today=RECORDED
    )
    assert conversation is not None, problems
    drafted = recap(diagnosis, conversation)
    return Held(
        diagnosis,
        conversation,
        drafted.subject,
        drafted.body,
        agreement_markdown(diagnosis, conversation),
    )


def sentences(text: str) -> list[str]:
    """The sentences of a text (a bullet or a line counts as one when it has no full stop)."""
    found = []
    for line in text.splitlines():
        line = line.strip().lstrip("-# ").strip()
        found += [part.strip() for part in re.split(r"(?<=[.!?])\s+", line) if part.strip()]
    return found


IDS = [case.name for case in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_story_is_the_path_and_cause_it_was_written_for(case: Case) -> None:
    held = hold(case)
    assert held.diagnosis.talking_points.path == case.path
    assert held.diagnosis.verdict.dominant_cause == case.dominant


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_neither_draft_trips_the_blame_check(case: Case) -> None:
    held = hold(case)
    assert blame.check(f"{held.subject}\n{held.body}") == []
    assert blame.check(held.agreement) == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_recap_quotes_the_fix_its_owner_and_its_date(case: Case) -> None:
    held = hold(case)
    conversation = held.conversation
    assert conversation.fix in held.body
    assert conversation.owner in held.body
    assert conversation.due is not None
    due = day_words(conversation.due, conversation.held_on)
    assert re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri) \d{1,2} Dec", due)
    assert due in held.body
    assert day_words(conversation.held_on, conversation.held_on) in held.body  # Thu 26 Dec
    for fragment in case.says:
        assert fragment in held.body, fragment


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_recap_gives_the_first_review_unless_the_partnership_is_closing(case: Case) -> None:
    held = hold(case)
    first = day_words(first_review(held.diagnosis, held.conversation), HELD_ON_DATE)
    if held.conversation.decision == "revive":
        said = " ".join(held.body.split())
        assert re.search(
            rf"(review|review back) is on {first}\b|next one on {first}\b"
            rf"|our \w+ review, next on {first}, covers"  # held on its days: no "first"
            rf"|I'd suggest (a short review|we bring our \w+ review back)"
            rf" [^.]*, the first on {first}\b"  # a call to find out, or a review not raised
            rf"|review (is brought )?forward to {first}\b",  # held, its next meeting too late
            said,
        )
        assert held.diagnosis.verdict.cadence in ("weekly", "biweekly", "monthly", "quarterly")
    else:
        assert "review is on" not in held.body
    if held.conversation.decision == "exit":
        assert "still owed" in held.body
        assert "talk again" in held.body or "door is open" in held.body


HELD_ON_DATE = date.fromisoformat(HELD_ON)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_recap_keeps_the_notes_to_self_out_and_says_nothing_twice(case: Case) -> None:
    held = hold(case)
    assert "renewal budget" not in held.body
    assert "Thursdays" not in held.body
    said = sentences(held.body)
    assert len(said) == len(set(said)), Counter(said).most_common(2)
    assert held.body.startswith(("Hi ", "Hello,"))
    assert held.diagnosis.partner in held.subject
    assert len(held.subject) <= 90
    assert "\n" not in held.subject


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_agreement_has_the_seven_headings_once_each_in_order(case: Case) -> None:
    held = hold(case)
    found = [line[3:] for line in held.agreement.splitlines() if line.startswith("## ")]
    assert found == list(HEADINGS)
    title = held.agreement.splitlines()[0]
    assert title.startswith("# ")
    assert held.diagnosis.partner in title
    assert "Thu 26 Nov 2026" in title
    lines = [line for line in held.agreement.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), Counter(lines).most_common(2)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_agreement_marks_what_is_not_known_and_never_contradicts_the_answers(
    case: Case,
) -> None:
    held = hold(case)
    for fragment in case.to_agree:
        assert any(
            line.startswith("- To agree:") and fragment in line
            for line in held.agreement.splitlines()
        ), fragment
    for fragment in case.never:
        assert fragment not in held.agreement, fragment
        assert fragment not in held.body, fragment
    conversation = held.conversation
    keep = held.diagnosis.talking_points.path == "keep" and conversation.decision == "revive"
    label = "Still owed" if conversation.decision == "exit" else "Agreed fix"
    if keep:  # a healthy partnership carries on: a next step, nothing to reset or fix
        label = "Next step"
        assert "reset" not in held.agreement and "fix" not in held.agreement
    assert f"**{label}:** {conversation.fix}" in held.agreement
    assert conversation.owner in held.agreement
    assert "renewal budget" not in held.agreement
    if conversation.decision != "exit":
        first = first_review(held.diagnosis, conversation)
        assert long_date(first) in held.agreement
        if conversation.decision == "revive":
            assert f"review:** {long_date(first)}." in held.agreement
        slot = rhythm_words(held.diagnosis.verdict.cadence, first)
        if held.diagnosis.verdict.regular_review:  # its own length, not known here
            assert f"already on the calendar, {slot}" in held.agreement
            assert "30 minutes" not in held.agreement
        else:  # a new one, as the calendar file books it
            assert f"30 minutes {slot}" in held.agreement


def test_no_sentence_of_the_recap_fits_every_partnership() -> None:
    recaps = [hold(case).body for case in CASES]
    shared = set.intersection(*(set(sentences(body)) for body in recaps))
    assert shared <= {"Best wishes,"}, shared


def test_the_three_answers_thank_differently() -> None:
    by_name = {case.name: hold(case) for case in CASES}
    yes = sentences(by_name["owner-yes"].body)[1]
    no = sentences(by_name["declined-owner-then-no"].body)[1]
    evasive = sentences(by_name["unknowns-evasive-revive"].body)[1]
    assert len({yes, no, evasive}) == 3
    assert "still a priority for your team" in yes


def test_markdown_in_user_text_is_inert_in_the_agreement() -> None:
    case = CASES[0]
    hostile = {
        **case.typed,
        "fix": "# Heading [link](http://x) *bold* <b>tag</b>",
        "owner": "Sam | Okafor `x`",
    }
    validated = validate({**case.answers, "partner": "*Acme* [beta]"}, DIAGNOSED_ON)
    diagnosis = Diagnosis.from_answers(validated.answers, id=3)
    conversation, problems = make_conversation(hostile, diagnosed_on=DIAGNOSED_ON, today=RECORDED)
    assert conversation is not None, problems
    text = agreement_markdown(diagnosis, conversation)
    assert "\\*Acme\\* \\[beta\\]" in text.splitlines()[0]
    assert "\\# Heading \\[link\\](http\\://x) \\*bold\\* \\<b\\>tag\\</b\\>" in text
    assert "Sam \\| Okafor \\`x\\`" in text
    assert "[link](" not in text and "<b>" not in text
    drafted = recap(diagnosis, conversation)
    assert hostile["fix"] in drafted.body, "the email quotes the fix as typed"


def test_a_pending_conversation_without_a_date_comes_back_by_the_first_review() -> None:
    case = next(case for case in CASES if case.name == "pending")
    typed = {key: value for key, value in case.typed.items() if key not in ("due", "fix")}
    validated = validate(case.answers, DIAGNOSED_ON)
    diagnosis = Diagnosis.from_answers(validated.answers, id=4)
    conversation, problems = make_conversation(typed, diagnosed_on=DIAGNOSED_ON, today=RECORDED)
    assert conversation is not None, problems
    first = day_words(first_review(diagnosis, conversation), conversation.held_on)
    body = recap(diagnosis, conversation).body
    assert f"decision by {first}" in body
    text = agreement_markdown(diagnosis, conversation)
    assert "To agree: the one next step" in text
    assert blame.check(body) == [] and blame.check(text) == []


def test_the_report_shows_a_held_conversation() -> None:
    held = hold(CASES[0])
    extra = {
        "conversation": held.conversation.to_dict(),
        "outcome": held.conversation.outcome.to_dict(),
    }
    diagnosis = Diagnosis.from_answers(held.diagnosis.answers, id=11, extra=extra)
    markdown = diagnosis_markdown(diagnosis)
    assert "## The reset conversation" in markdown
    assert "- **Held on:** Thu 26 Nov 2026" in markdown
    assert "- **Still a priority for their team?** yes" in markdown
    assert "Sam Okafor names one owner at Ridgeline for the partnership" in markdown
    assert "Fri 11 Dec 2026" in markdown
    assert "## Outcome of the conversation" not in markdown, "the conversation says it"


@pytest.mark.parametrize("priority", ["yes", "no", "evasive"])
@pytest.mark.parametrize("decision", ["revive", "exit", "pending"])
def test_every_answer_and_decision_drafts_cleanly_for_every_story(
    priority: str, decision: str
) -> None:
    for case in CASES:
        typed = {**case.typed, "priority": priority, "decision": decision}
        held = hold(Case(case.name, case.story, case.answers, typed, case.path, case.dominant))
        for text in (f"{held.subject}\n{held.body}", held.agreement):
            assert blame.check(text) == [], (case.name, text)
        said = sentences(held.body)
        assert len(said) == len(set(said)), (case.name, Counter(said).most_common(2))
        assert case.typed["fix"] in held.body and case.typed["fix"] in held.agreement
        found = [line[3:] for line in held.agreement.splitlines() if line.startswith("## ")]
        assert found == list(HEADINGS)
        sections = re.split(r"^## .*$", held.agreement, flags=re.MULTILINE)[1:]
        assert all(section.strip() for section in sections), (case.name, held.agreement)


def test_no_section_of_an_exit_without_a_fix_is_left_empty() -> None:
    for case in CASES:
        typed = {**case.typed, "priority": "evasive", "decision": "exit", "fix": "", "side": ""}
        held = hold(Case(case.name, case.story, case.answers, typed, case.path, case.dominant))
        sections = re.split(r"^## .*$", held.agreement, flags=re.MULTILINE)[1:]
        assert len(sections) == 7
        assert all(section.strip() for section in sections), (case.name, held.agreement)


def test_qa_a_healthy_keep_says_its_next_review_once(capsys, tmp_path, example_answers):
    """Found in QA: the kept step (the next review) was the subject, the agreed step, its due
    date and the review, four times over."""
    import json

    from tests.test_conversation_cli import record, run

    healthy = {
        **example_answers,
        "fit_delivery": "yes",
        "owner_theirs_in_role": "yes",
        "changes_theirs": "none",
        "standing_review": "yes",
        "review_cadence": "monthly",
        "review_last_held": "2 weeks ago",
        "last_conversation": "1 week ago",
        "expectations_written": "yes",
        "enablement_materials": "yes",
        "activity": "steady",
        "activity_last_month": 5,
        "activity_typical_month": 5,
        "outcomes": "rising",
        "last_activity": "1 week ago",
    }
    answers = tmp_path / "healthy.json"
    answers.write_text(json.dumps(healthy), encoding="utf-8")
    path = tmp_path / "db"
    code, out, err = run(capsys, "--db", str(path), "diagnose", "--answers", str(answers), "--json")
    assert code == 0, err
    assert json.loads(out)["talking_points"]["path"] == "keep"
    assert record(capsys, path, "--held-on", "today", "--priority", "yes")[0] == 0
    email = json.loads(run(capsys, "--db", str(path), "recap", "1", "--json")[1])
    day = email["subject"].rsplit(", ", 1)[-1]
    assert email["subject"].endswith(f"our next review, {day}")
    assert email["body"].count(day) == 1
    assert "the step we agreed is due" not in email["body"]


def test_a_close_out_states_the_priority_answer_and_asks_nothing_more_about_scope() -> None:
    """Found by a read-aloud audit: a close-out agreement asked to agree whether it is still a
    priority, and to write down the scope left unwritten, of a partnership being closed."""
    case = next(case for case in CASES if case.name == "evasive-exit")
    text = hold(case).agreement
    assert "**Priority:** no clear answer on Thu 26 Nov 2026." in text
    assert "left unwritten" not in text and "To agree: scope" not in text
