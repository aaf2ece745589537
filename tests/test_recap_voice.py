"""The recap is written to the partner: a step the talking points proposed, kept as agreed, is
said to them ("you name one person on your side ...", "we get your team ..."), never in the
notes' third person ("Acme names one owner ...; Alex Kim follows up"). A fix the user typed is
quoted as typed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_conversation_drafts import answers

from playbook import blame
from playbook.agreement import agreement_markdown
from playbook.answers import validate
from playbook.conversation import Conversation, make_conversation
from playbook.diagnosis import Diagnosis
from playbook.recap import recap

DIAGNOSED_ON = date(2026, 11, 23)
HELD = date(2026, 11, 25)


def diagnosed(**different: Any) -> Diagnosis:
    result = validate(
        {**answers("Ridgeline Tools", **different), "diagnosed_on": DIAGNOSED_ON.isoformat()},
        DIAGNOSED_ON,
    )
    assert result.ok, result.errors
    return Diagnosis.from_answers(result.answers)


def kept_as_proposed(diagnosis: Diagnosis, **typed: str) -> Conversation:
    """The conversation held on :data:`HELD` that kept the step the points proposed."""
    step = diagnosis.talking_points.next_step
    assert step is not None
    kept = {"fix": step.fix, "owner": step.owner, "side": step.side, "due": step.due.isoformat()}
    conversation, problems = make_conversation(
        {"held_on": HELD.isoformat(), "priority": "yes", **kept, **typed},
        diagnosed_on=DIAGNOSED_ON,
        today=HELD,
    )
    assert conversation is not None, problems
    return conversation


STEPS: dict[str, tuple[dict[str, Any], str, str]] = {
    "their owner missing": (
        {"owner_theirs": "", "owner_theirs_in_role": None, "owner_request": "not-asked",
         "changes_theirs": "people", "activity": "slowing"},
        "revive",
        "you name one person on your side who owns this, and then I'll set up a first "
        "working session with them",
    ),
    "our owner missing": (
        {"owner_ours": "", "owner_ours_in_role": None, "activity": "slowing"},
        "revive",
        "we make one person on our side the owner",
    ),
    "no owner either side": (
        {"owner_ours": "", "owner_ours_in_role": None, "owner_theirs": "",
         "owner_theirs_in_role": None, "owner_request": "not-asked", "activity": "slowing"},
        "revive",
        "we each name one person who owns this as part of their job",
    ),
    "their goals": (
        {"owner_theirs_in_role": "no", "activity": "slowing"},
        "revive",
        "looking after this becomes part of your actual goals",
    ),
    "enablement": (
        {"enablement_materials": "no", "enablement_contact": "no", "activity": "slowing"},
        "revive",
        "we get your team clear materials",
    ),
    "owner request declined": (
        {"owner_theirs": "", "owner_theirs_in_role": None, "owner_request": "declined",
         "activity": "slowing"},
        "decide",
        "you let us know whether we go on",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(STEPS))
def test_a_proposed_step_kept_as_agreed_is_written_to_the_partner(name: str) -> None:
    different, path, said = STEPS[name]
    diagnosis = diagnosed(**different)
    step = diagnosis.talking_points.next_step
    assert diagnosis.talking_points.path == path and step is not None
    conversation = kept_as_proposed(
        diagnosis, **({"decision": "pending"} if path == "decide" else {})
    )
    assert conversation.fix == step.fix  # the proposed step, as the call kept it
    body = " ".join(recap(diagnosis, conversation).body.split())
    assert said in body
    assert step.fix not in body
    assert "Ridgeline Tools names" not in body and "Ridgeline Tools has" not in body
    assert "follows up" not in body
    assert not blame.check(body)


def test_a_fix_the_user_typed_is_quoted_as_typed() -> None:
    diagnosis = diagnosed(owner_theirs="", owner_theirs_in_role=None, owner_request="not-asked")
    typed = "Ridgeline Tools names one owner by Friday"
    conversation, problems = make_conversation(
        {"held_on": HELD.isoformat(), "priority": "yes", "fix": typed, "side": "theirs",
         "due": "2026-12-04"},
        diagnosed_on=DIAGNOSED_ON,
        today=HELD,
    )  # fmt: skip
    assert conversation is not None, problems
    assert f"We agreed on one next step: {typed}." in " ".join(
        recap(diagnosis, conversation).body.split()
    )


def test_a_decision_left_to_them_is_not_called_ours() -> None:
    different, _, _ = STEPS["owner request declined"]
    diagnosis = diagnosed(**different)
    conversation = kept_as_proposed(diagnosis, priority="evasive", decision="pending")
    body = " ".join(recap(diagnosis, conversation).body.split())
    assert "our decision" not in body
    assert "Once we hear from you" in body


def test_a_lapsed_review_brought_back_meets_again_not_for_the_first_time() -> None:
    """Found by a read-aloud: 'the monthly review meets again', then 'The first is on ...' of
    a review that had met until September."""
    diagnosis = diagnosed(
        standing_review="yes", review_cadence="monthly", review_last_held="2026-09-01"
    )
    assert diagnosis.verdict.review == "lapsed"
    body = " ".join(recap(diagnosis, kept_as_proposed(diagnosis)).body.split())
    assert "the last one we held was on Tue 1 Sep" in body
    assert "The next one is on Tue 1 Dec, and after that we meet on the first Tuesday" in body
    assert "The first is on" not in body
    # The agreement and the verdict's rhythm say the same: its next meeting, brought back.
    agreed = agreement_markdown(diagnosis, kept_as_proposed(diagnosis))
    assert (
        "- **Review:** our review, brought back: 30 minutes on the first Tuesday of each month, "
        "next on Tue 1 Dec 2026." in agreed
    )
    assert "- **Next review:** Tue 1 Dec 2026." in agreed and "First review" not in agreed
    assert diagnosis.verdict.rhythm("Tue 1 Dec 2026") == (
        "the monthly review already on the calendar, brought back: next on Tue 1 Dec 2026."
    )


def test_a_review_agreed_as_the_step_is_dated_once() -> None:
    """Found by a read-aloud audit: the step named the first review's day, and the review
    paragraph announced the same day again."""
    diagnosis = diagnosed(
        standing_review="no", review_cadence=None, review_last_held=None,
        last_conversation="7 weeks ago", activity="slowing",
    )  # fmt: skip
    step = diagnosis.talking_points.next_step
    assert diagnosis.verdict.dominant_cause == "rhythm" and step is not None
    conversation = kept_as_proposed(diagnosis)
    body = " ".join(recap(diagnosis, conversation).body.split())
    first = f"{step.due:%a} {step.due.day} {step.due:%b}"
    assert body.count(first) == 1, body
    assert f"The first is on {first}, and after that we meet on the" in body
    assert f"first on {first}" not in step.fix  # the step carries no date of its own
    # Its subject is a first meeting, not a deadline.
    assert recap(diagnosis, conversation).subject.endswith(f" review, starting {first}")


def test_after_a_call_to_find_out_the_review_is_proposed_not_announced() -> None:
    """Found by a read-aloud audit: the recap of a call held to find out (the prepare path)
    announced "Our first review is on ...", which that call never set."""
    diagnosis = diagnosed(
        **dict.fromkeys(
            ("fit_audience", "fit_incentives", "fit_delivery", "expectations_written",
             "workload", "activity", "outcomes", "owner_theirs_in_role", "changes_theirs"),
            "unsure",
        ),
        standing_review=None, review_cadence=None, review_last_held=None,
        last_conversation=None, last_activity=None, enablement_materials=None,
        enablement_contact=None,
    )  # fmt: skip
    step = diagnosis.talking_points.next_step
    assert diagnosis.talking_points.path == "prepare" and step is not None
    conversation = kept_as_proposed(diagnosis)
    body = " ".join(recap(diagnosis, conversation).body.split())
    assert "I'd suggest a short review" in body and "Our first review" not in body
    assert "I'll come back to you with a concrete proposal" in body
    agreement = agreement_markdown(diagnosis, conversation)
    assert "- To agree: a review of 30 minutes" in agreement
    assert "**Review:**" not in agreement
    assert "**First review, proposed:** Wed 23 Dec 2026." in agreement


def test_the_one_who_signs_owns_the_step_in_the_first_person() -> None:
    """Found by a second read-aloud audit: "Alex Kim owns it" in an email Alex Kim signs."""
    diagnosis = diagnosed(
        standing_review="no", review_cadence=None, review_last_held=None,
        last_conversation="7 weeks ago", activity="slowing",
    )  # fmt: skip
    body = recap(diagnosis, kept_as_proposed(diagnosis)).body
    assert body.rstrip().endswith("Best wishes,\nAlex Kim")
    assert "I own it, with both our teams involved." in " ".join(body.split())
    assert "Alex Kim owns it" not in body


def test_a_keep_call_held_at_the_review_names_the_next_one_not_itself() -> None:
    """Found by a second read-aloud audit: the call held at the review recapped that review as
    the step agreed, due the day of the call, and called the next one the "first review"."""
    diagnosis = diagnosed(activity="rising", outcomes="rising")
    step = diagnosis.talking_points.next_step
    assert diagnosis.talking_points.path == "keep" and step is not None
    conversation, problems = make_conversation(
        {"held_on": step.due.isoformat(), "priority": "yes", "fix": step.fix,
         "owner": step.owner, "side": step.side, "due": step.due.isoformat()},
        diagnosed_on=DIAGNOSED_ON,
        today=step.due,
    )  # fmt: skip
    assert conversation is not None, problems
    drafted = recap(diagnosis, conversation)
    body = " ".join(drafted.body.split())
    assert drafted.subject.startswith("Ridgeline Tools: our next review, ")
    assert "We agreed on one next step" not in body and "first review" not in body
    assert "review carries on, with the next one on" in body


def test_the_proposed_wrap_up_is_the_list_of_what_is_owed_not_one_item_of_it() -> None:
    """Found by a second read-aloud audit: "one thing is still owed: a written wrap-up listing
    every open item ... If anything else is still open ..."."""
    diagnosis = diagnosed(fit_audience="no")
    assert diagnosis.talking_points.path == "exit"
    conversation = kept_as_proposed(diagnosis, decision="exit")
    body = " ".join(recap(diagnosis, conversation).body.split())
    assert "Before we close, I'll send you a written list of everything still open" in body
    assert "still owed: a written wrap-up" not in body and "anything else" not in body


def test_an_agreed_enablement_step_leaves_nothing_of_it_to_agree() -> None:
    """Found by a second read-aloud audit: the agreement recorded the materials and the
    contact as the agreed fix, and listed both again as "To agree"."""
    diagnosis = diagnosed(enablement_materials="no", enablement_contact="no", activity="slowing")
    assert diagnosis.verdict.dominant_cause == "enablement"
    text = agreement_markdown(diagnosis, kept_as_proposed(diagnosis))
    assert "**Materials and training for Ridgeline Tools:** in the agreed fix" in text
    assert "**A point of contact for Ridgeline Tools' questions:** in the agreed fix" in text
    assert "To agree: the materials and training" not in text
    assert "To agree: one named contact" not in text


@pytest.mark.parametrize(
    ("different", "talked"),
    [
        (
            {"enablement_materials": "no", "enablement_contact": "no", "activity": "slowing"},
            "We talked about what your team needs from us to run with this.",
        ),
        (
            {"expectations_written": "no", "workload": "mostly-us", "workload_agreed": "no",
             "activity": "slowing"},
            "We talked about putting on paper what we expect of each other, including how we "
            "share the work, since we never did that at kickoff.",
        ),
    ],
)  # fmt: skip
def test_what_we_talked_about_does_not_list_what_the_step_lists(
    different: dict[str, Any], talked: str
) -> None:
    """Found by a second read-aloud audit: the recap listed what they need (or what to write
    down), then the step agreed listed it again."""
    diagnosis = diagnosed(**different)
    body = " ".join(recap(diagnosis, kept_as_proposed(diagnosis)).body.split())
    assert f"{talked} We agreed on one next step: " in body


def test_a_review_the_call_never_raised_is_proposed_not_announced() -> None:
    """Found by a read-aloud audit: after an owner fix, the recap announced "Our first review
    is on ..." and the agreement set it down as agreed, though no point had raised it."""
    diagnosis = diagnosed(
        owner_ours="", owner_ours_in_role=None,
        standing_review="no", review_cadence=None, review_last_held=None,
    )  # fmt: skip
    assert diagnosis.verdict.dominant_cause == "owner"
    day = f"{diagnosis.verdict.next_review:%a} {diagnosis.verdict.next_review.day}"
    assert not any(day in point for point in diagnosis.talking_points.points)
    conversation = kept_as_proposed(diagnosis)
    body = " ".join(recap(diagnosis, conversation).body.split())
    assert "I'd suggest a short review" in body and "Our first review" not in body
    written = agreement_markdown(diagnosis, conversation)
    assert "(proposed)." in written and "**First review, proposed:**" in written
