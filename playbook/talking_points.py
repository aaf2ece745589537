"""The talking points for one honest, low-blame reset conversation (playbook version 2).

``points`` are said to the partner, verbatim, in order: spoken, first person, to them ("we",
"you", "your team"), never stage directions. ``prep`` holds the notes to self before the call:
the day, the facts to have ready, the order, the smaller gaps (for the first review), what the
notes say.

The paths:
- ``revive``: the fit is real and the cause is operational. What we observed, in the user's
  facts and without fault; the honest priority question; the fix for the dominant cause as a
  concrete proposal with its owner and date; what happens if the answer is no.
- ``decide``: their side was asked to name an owner and declined or never answered. The
  priority question is the centre, exit the natural other branch, no new month of waiting.
- ``keep``: healthy. What is working, with a specific, and the next review.
- ``exit``: the fit failed, or we no longer want it. Thanks, the mismatch named without blame,
  what is still owed, the door left open.
- ``prepare``: too little is known. The questions to ask them, and a second diagnosis after.
Every sentence is built from the facts; none trips the blame check (:mod:`playbook.blame`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from playbook import workdays
from playbook.answers import same_words
from playbook.cadence import ADJECTIVE, INTERVAL_DAYS
from playbook.causes import CAUSES
from playbook.dates import distance, long_date, span_words
from playbook.points import NextStep, TalkingPoints
from playbook.verdict import (
    DECIDES,
    DISPUTED,
    FIT_IDS,
    Facts,
    Finding,
    Verdict,
    decision_step,
    join_words,
    keep_review_step,
    met_since_last_time,
    new_review_step,
    on_schedule,
    owner_request,
    owner_unanswered,
    possessive,
    quoted,
    review_kept,
    review_met_since,
)

__all__ = ["NextStep", "TalkingPoints", "draft", "path_for"]

KIND_NOUN = {
    "referral": "referral partnership",
    "co-marketing": "co-marketing partnership",
    "reseller": "reseller partnership",
    "technology": "integration partnership",
    "strategic-alliance": "alliance",
    "joint-venture": "joint venture",
    "community": "community partnership",
}

CLOSE_OUT = {
    "referral": "close out any introductions still in progress",
    "co-marketing": "finish any campaigns already planned",
    "reseller": "look after any customers and deals still in flight",
    "technology": "keep the integration working for any customers who rely on it",
    "strategic-alliance": "wind down our joint commitments carefully",
    "joint-venture": "wind down the joint venture's commitments carefully",
    "community": "hand over what is running for the community",
}
"""What a good close-out looks after, by kind of partnership (what may be there: "any")."""

STILL_OPEN = {  # "any": what may be open is offered, never asserted
    "referral": "any introductions in progress and referral fees",
    "co-marketing": "any campaigns in the works and shared content",
    "reseller": "any customers and deals in flight, and margins owed",
    "technology": "any support for customers who use the integration",
    "strategic-alliance": "any joint commitments, shared customers and contractual matters",
    "joint-venture": "any of the joint venture's commitments, customers and contractual matters",
    "community": "any events and programmes already announced",
}


def still_open(kind: str | None) -> str:
    """What may still be open at a close-out of this kind of partnership, as examples."""
    return STILL_OPEN.get(
        kind or "", "any introductions, content, payments and customers in flight"
    )


RESULTS_BEHIND = "why the results haven't followed the work"
"""How flat results are framed after unwritten expectations: the value question, after it,
does not say them again."""

FIT_SAID = {
    "fit_audience": "our customers don't overlap the way we both hoped when we signed",
    "fit_incentives": "the way it is set up, it doesn't pay off for both of us",
    "fit_delivery": "as things stand, one of us can't deliver what we planned",
}

DOOR = {
    "fit_audience": "If our audiences move closer together, we'd be glad to talk again.",
    "fit_incentives": "If a model comes along that works for both of us, we'd be glad to talk "
    "again.",
    "fit_delivery": "If what we can each deliver changes, we'd be glad to look at this again.",
}


def path_for(verdict: Verdict, answers: Mapping[str, str]) -> str:
    """Which conversation to prepare for."""
    facts = verdict.facts or answers
    if verdict.verdict == "failed" or facts.get("still_want") == "no":
        return "exit"
    if verdict.verdict == "unclear":
        return "prepare"
    if verdict.verdict == "healthy":
        return "keep"
    if facts.get("owner_theirs") == "" and owner_request(Facts(facts)) in (
        "declined",
        "no-answer",
    ):  # asked, or agreed to and did not: a signal about priority
        return "decide"
    return "revive"


def draft(verdict: Verdict, answers: Mapping[str, str]) -> TalkingPoints:
    """The talking points for this verdict, built from the user's own facts."""
    facts = Facts(answers)
    path = path_for(verdict, answers)
    talk = verdict.conversation_on or verdict.diagnosed_on
    builder = {
        "exit": _exit,
        "prepare": _prepare,
        "keep": _keep,
        "decide": _decide,
        "revive": _revive,
    }[path]
    points, prep, step = builder(verdict, facts, talk)
    wrapped_up = _after_wrap_up(facts)
    if wrapped_up and path in ("revive", "decide", "prepare"):
        points = [points[0], wrapped_up, *points[1:]] if points else [wrapped_up]
    prep = [*_when(path, verdict, facts), *prep, *_common_prep(verdict, facts, path, said=prep)]
    return TalkingPoints(
        path=path,
        points=tuple(_unique(points)),
        next_step=step,
        prep=tuple(_unique(prep)),
        conversation_on=None if path == "keep" else talk,
        # the decide path's "If it is, could you name one person to own it", on its day
        if_yes=_owner_step(facts, step.due) if path == "decide" else None,
    )


def _owner_step(facts: Facts, due: date, *, confirm: bool = False) -> NextStep:
    """The step when their side has no owner: they name one and ours follows up, or, with no
    owner on ours either, each side names one. One wording on the revive and the decide path,
    so that a follow-up, and the recap's "still open from last time", know it again."""
    if facts.ours == "":
        return NextStep(
            "each side names one owner for the partnership",
            "both sides",
            "both",
            due,
            "we each name one person who owns this as part of their job",
        )
    return NextStep(
        f"{facts.partner} names one owner for the partnership; {_our_owner(facts)} follows up",
        "their side",
        "theirs",
        due,
        ("you confirm the name of" if confirm else "you name")
        + " one person on your side who owns this, and then I'll set up a first working "
        "session with them",
    )


_PLAIN_STARTS = frozenset(
    {"The", "No", "Nobody", "Scope", "Most", "A", "An", "There", "Our", "One", "We"}
    | {"Introductions", "Results", "Activity"}
)


def _inline(sentence: str) -> str:
    """An evidence sentence inside another sentence: its first word in lower case when it is
    an ordinary word (never a name), its full stop dropped."""
    first, _, rest = sentence.partition(" ")
    if first.rstrip(",") in _PLAIN_STARTS:
        sentence = f"{first.lower()} {rest}"
    return sentence.rstrip(".")


def _unique(lines: list[str]) -> list[str]:
    return [line for line in dict.fromkeys(line for line in lines if line)]


# -- pieces every path uses ------------------------------------------------------------------


def _our_owner(facts: Facts) -> str:
    """Who acts for our side: our owner by name, else our side."""
    return facts.ours or "our side"


def _after(talk: date, working_days: int, cap: date | None = None) -> date:
    due = workdays.add_working_days(talk, working_days)
    return min(due, cap) if cap is not None and cap > talk else due


def _day(value: date) -> str:
    """A date as said aloud in the points, with its year: ``Fri 11 Dec 2026``."""
    return long_date(value)


def _review_named(verdict: Verdict, review: date) -> str:
    """The first review after the call, as said aloud: the next meeting of the review that is
    held; that meeting brought forward when it is further out than four weeks (the recap, the
    agreement and the calendar file move it to that day, at its own rhythm); else a first
    review of the new rhythm."""
    if verdict.regular_review:
        return f"our next review on {_day(review)}"
    if verdict.review_unplaced:
        return f"our next {ADJECTIVE[verdict.cadence]} review, by {_day(review)} at the latest"
    if verdict.review_brought_forward:
        return f"our next {ADJECTIVE[verdict.cadence]} review, brought forward to {_day(review)}"
    return f"a first review on {_day(review)}"


def _kind_noun(facts: Facts) -> str:
    return KIND_NOUN.get(facts.kind or "", "partnership")


def _sat_down_on(facts: Facts) -> date | None:
    """The day of the reset conversation held after the last diagnosis, in a follow-up that
    carries it (and never a day after this diagnosis)."""
    held = facts.date("previous_conversation_on")
    return held if held is not None and held <= facts.diagnosed_on else None


def _since_we_sat_down(facts: Facts, held: date, said: list[str]) -> str | None:
    """E.g. "since we last sat down together, on Mon 23 Nov 2026", without "last" when a later
    working conversation is known; ``None`` when another point names that day already (and
    with it how long ago it was), so that the opening does not say it again."""
    if _day(held) in " ".join(said):
        return None
    last, _ = facts.last_contact()
    if last is not None and last > held:
        return f"since we sat down together on {_day(held)}"
    return f"since we last sat down together, on {_day(held)}"


def _from_our_talk(facts: Facts, held: date, said: list[str], wish: str) -> str:
    """An opening from the conversation held on ``held``, ending with ``wish``."""
    if (facts.diagnosed_on - held).days <= 1:
        when = distance(held, facts.diagnosed_on)
        return f"Picking up from when we sat down together {when}, {wish}."
    since = _since_we_sat_down(facts, held, said)
    if since is None:
        return f"Picking up from where we left off last time, {wish}."
    span = span_words(held, facts.diagnosed_on)
    last, _ = facts.last_contact()
    if last is not None and last > held and _day(last) not in " ".join(said):
        # We have worked together since, and no other point says so: "6 weeks since we sat
        # down together" alone would say we had not.
        later = f"and we last worked on it together on {_day(last)}"
        return f"It's been {span} since our conversation on {_day(held)}, {later}: {wish}."
    return f"It's been {span} {since}, and {wish}."


def _opening(facts: Facts, *, said: list[str]) -> str:
    """The first point: from the reset conversation held since the last diagnosis, when there
    was one; else from the kickoff. ``said`` are the other points, so that a day they name is
    not said twice."""
    held = _sat_down_on(facts)
    if held is not None:
        return _from_our_talk(facts, held, said, "I'd like us to see where things stand")
    age = facts.age
    started = facts.date("started")
    if age is None or started is None:
        return ""
    noun = _kind_noun(facts)
    if facts.early:
        return f"We're {age} into this {noun}, and I'd like to check in while it's still early."
    if (facts.months_in or 0) < 24:
        return (
            f"It's been {age} since we kicked off this {noun} in {started:%B %Y}, and I'd like "
            "us to take an honest look at where it stands."
        )
    return (
        f"We've worked together for {age} now, and that's exactly why I'd rather talk openly "
        "than let this drift."
    )


def _activity_said(facts: Facts) -> str:
    last = facts.count("activity_last_month")
    typical = facts.count("activity_typical_month")
    quiet = facts.date("last_activity")
    if last is not None and typical is not None and last < typical:
        were = "was" if last == 1 else "were"
        how_many = "none" if last == 0 else f"{last:,}"
        said = (
            f"In a typical month we'd see about {typical:,} introductions, pieces of content or "
            f"deals; in the last 30 days there {were} {how_many}."
        )
        days = None if quiet is None else (facts.diagnosed_on - quiet).days
        # The day only where it agrees with the count: "1 in the last 30 days" and a last one
        # 34 days ago, said one after the other, would contradict each other aloud.
        if days is not None and days >= 28 and (days >= 30) == (last == 0):
            said += f" The last one came through on {_day(quiet)}."
        return said
    if quiet is not None and (facts.diagnosed_on - quiet).days >= 28 * facts.quiet_scale:
        return (
            "The last introduction, piece of content or deal between us came through on "
            f"{_day(quiet)}, {distance(quiet, facts.diagnosed_on)}."
        )
    if facts.get("activity") == "stopped":
        return "Introductions, content and deals between us have stopped for now."
    if facts.get("activity") == "slowing":
        return "Introductions, content and deals between us have been slowing down."
    return ""


def _owner_said(facts: Facts) -> list[str]:
    """Ownership as observed, said to their owner (the person in the room): "you", never
    their name in the third person."""
    ours, theirs = facts.ours, facts.theirs
    said: list[str] = []
    if ours == "" and theirs == "":
        said.append(
            "Right now neither of us has one person whose job it is to look after this partnership."
        )
    elif theirs == "":
        if facts.get("owner_request") == "agreed":
            said.append(
                "You agreed to name someone to own this on your side, and I know the name "
                "hasn't been settled yet."
            )
        elif facts.get("changes_theirs") in ("people", "reorganisation"):
            said.append(
                "With the changes in your team, I'm no longer sure who looks after this for "
                "you day to day."
            )
        else:
            said.append("I don't know who on your side looks after this day to day.")
    elif ours == "":
        said.append(
            "On our side, nobody owns this partnership as part of their job right now, and "
            "that's ours to fix."
        )
    for side in facts.role_gaps():
        how = facts.how_in_role(side)
        if side == "ours":
            said.append(
                f"On our side, looking after this {how} "
                f"{possessive(facts.owner_words('ours'))} actual job, so it gets whatever time "
                "is left."
            )
        else:
            said.append(
                f"As I understand it, looking after this {how} your actual role, so it tends "
                "to get whatever time is left over."
            )
    return said


def _rhythm_said(verdict: Verdict, facts: Facts, *, again: bool = False) -> list[str]:
    """What the rhythm looks like. ``again``: the review agreed last time did not happen and
    is proposed again, which the follow-up line says: no "no regular review" before it."""
    last, source = facts.last_contact()
    started = facts.date("started")
    conversation = facts.date("last_conversation")
    adjective = ADJECTIVE.get(facts.review_cadence or "", "")
    if verdict.review == "lapsed":
        held = facts.date("review_last_held")
        if held is not None:
            return [
                f"Our {adjective} review is still on the calendar, but the last one we actually "
                f"held was on {_day(held)}, {distance(held, facts.diagnosed_on)}."
            ]
        assert conversation is not None
        return [
            f"Our {adjective} review is still on the calendar, but we haven't had a real working "
            f"session since {_day(conversation)}."
        ]
    if last is not None and started is not None and last < started:
        return [f"Since the kickoff on {_day(started)}, we haven't had a real working session."]
    held = facts.date("review_last_held")
    if verdict.review == "held" and held is not None:
        met = (
            f"Our {adjective} review last met on {_day(held)}, {distance(held, facts.diagnosed_on)}"
        )
        interval = INTERVAL_DAYS.get(facts.review_cadence or "", 0)
        if (facts.diagnosed_on - held).days <= interval:
            return [f"{met}."]  # within its own interval: no "long gap" to speak of
        return [f"{met}, and that's a long gap between working sessions."]
    no_review = "We don't have a regular review on the calendar"
    review = (
        ""
        if again
        else f"{no_review}, and"
        if facts.get("standing_review") == "no"
        else f"Our {adjective} review is on the calendar, but"
        if verdict.review_unplaced
        else ""
    )
    if last is not None and facts.long_since(last):
        when = (
            # That day was the reset conversation: named as it, not as another meeting.
            f"we haven't sat down to work on this since our conversation on {_day(last)}, "
            if last == _sat_down_on(facts)
            else f"the last time we sat down properly to work on this was on {_day(last)}, "
        ) + distance(last, facts.diagnosed_on)
        return [f"{review} {when}." if review else when[0].upper() + when[1:] + "."]
    if facts.get("standing_review") == "no" and not again:
        return [f"{no_review}, so we mostly talk when something comes up."]
    return []


def _expectations_said(facts: Facts) -> list[str]:
    written, metrics = facts.get("expectations_written"), facts.get("success_metrics")
    workload, agreed = facts.get("workload"), facts.get("workload_agreed")
    said: list[str] = []
    if written == "no":
        said.append(
            "When we kicked off, we never wrote down who does what and what success looks like, "
            "so I suspect we each have a slightly different picture."
        )
    elif written == "partly":
        said.append(
            "At kickoff we wrote down some of who does what and what success looks like, but "
            "not all of it"
            + (", and we never agreed a number for what 'working' means." if metrics == "" else ".")
        )
    elif metrics == "":
        said.append("We never agreed how we'd measure whether this is working.")
    if workload in ("mostly-us", "mostly-them") and agreed != "yes":
        if workload == "mostly-us":
            said.append(  # who does more is not counted out to them: only the split
                "Most of the day-to-day work sits on one side, "
                + (
                    "and we never actually agreed that split together."
                    if agreed == "no"
                    else "and I'm not sure we ever agreed that split together."
                )
            )
        else:
            said.append(
                f"I'm {'also ' if said else ''}aware that most of the work has ended up with "
                "your team, and "
                + (
                    "we never agreed that with you, which isn't fair on you."
                    if agreed == "no"
                    else "I'm not sure we ever agreed that with you."
                )
            )
    return said


def _enablement_said(facts: Facts) -> list[str]:
    materials, contact = facts.get("enablement_materials"), facts.get("enablement_contact")
    said = []
    if materials == "no":
        said.append(
            "Looking back, we never gave your team clear materials or training to work with."
        )
    elif materials == "partly":
        said.append("We gave your team some materials, but not everything you'd need.")
    if contact == "no":
        said.append(
            ("And there's" if said else "There's")
            + " no one on our side you can reach quickly when a question comes up."
        )
    return said


def _framing(verdict: Verdict, facts: Facts, cause: str | None) -> str:
    """One low-blame line that says why this happened, from the facts of the cause."""
    if cause == "owner":
        if facts.ours == "" and facts.theirs == "":
            return (
                "I don't think anyone let this slip on purpose: it's what happens when a "
                "partnership isn't in anyone's actual job."
            )
        if facts.theirs == "" and facts.get("changes_theirs") in ("people", "reorganisation"):
            return (
                "That's no one's fault: when people move on, a partnership easily ends up "
                "with no one looking after it."
            )
        return ""
    if cause == "rhythm":
        # Only when we said we still want it: unsure, the interest is the open question.
        interest = "I don't think either of us lost interest; " * (
            facts.get("still_want") == "yes"
            and facts.get("previous_priority") != "no"  # they told us it wasn't a priority
            and facts.get("previous_decision") != "exit"
        )
        if verdict.review == "lapsed":
            why = "once a meeting slips a couple of times, it quietly stops happening."
        elif facts.get("standing_review") == "no":
            last, _ = facts.last_contact()
            slipped = last is None or facts.long_since(last)
            why = (
                "without a fixed slot, it simply slipped behind everything else."
                if slipped  # a recent working session: nothing has slipped yet, it only could
                else "without a fixed slot, it's easy for this to slip behind everything else."
            )
        else:
            return ""
        return f"{interest}{why}" if interest else why[0].upper() + why[1:]
    quiet = _gone_quiet(verdict, facts)
    if cause == "expectations":
        if facts.get("expectations_written") in ("no", "partly"):
            if quiet:
                why = "why things have gone quiet"
            elif facts.get("outcomes") in ("flat", "falling"):
                why = RESULTS_BEHIND
            else:
                why = ""
            if facts.get("expectations_written") == "partly":  # no "picture" said yet
                if not why:
                    return (
                        "Where we didn't write it down, we may each have filled in the rest "
                        "differently, and it's better to find that out now than later."
                    )
                return (
                    "Where we didn't write it down, we may each have filled in the rest "
                    f"differently, and that's probably {why}."
                )
            if not why:
                return (
                    "Neither picture is wrong, and it's better to close the gap now than to "
                    "find it later."
                )
            return f"Neither picture is wrong, but the gap between them is probably {why}."
        return ""
    if cause == "enablement":
        if quiet:
            return "That part is on us, and I think it explains a lot of the quiet."
        return "That part is on us, and I'd like to put it right."
    return ""


def _gone_quiet(verdict: Verdict, facts: Facts) -> bool:
    """Whether "quiet" is true to the facts: activity is falling, the review lapsed, or
    :func:`_quiet_since`."""
    if verdict.activity_falling or verdict.review == "lapsed":
        return True
    return _quiet_since(facts) is not None


def _quiet_since(facts: Facts) -> date | None:
    """The last real working conversation, when it is three weeks ago or more (six for a
    quarterly rhythm): the quiet since. Never while activity is rising, nor when the last was
    the review, met within its interval (that is its rhythm)."""
    last, _ = facts.last_contact()
    if last is None or not facts.long_since(last) or facts.get("activity") == "rising":
        return None
    held = facts.date("review_last_held")
    if held is not None and held >= last and on_schedule(facts, held):
        return None
    return last


def _observed(
    verdict: Verdict,
    facts: Facts,
    cause: str | None,
    *,
    ours_again: bool = False,
    again: bool = False,
    repeated: bool = False,
    kept: bool = False,
) -> list[str]:
    """What we observed, in order. ``again``: last time's step was missed and is proposed
    again; the follow-up line asks what got in the way, so no framing answers it first.
    ``repeated``: last time's step is proposed again, whatever became of it. ``kept``: last
    time's first review, not due yet, is kept to: the proposal says what was agreed, so
    neither the follow-up line nor a framing of the missing slot says it first."""
    said: dict[str, list[str]] = {
        "owner": _owner_said(facts),
        "rhythm": _rhythm_said(verdict, facts, again=(again or kept) and cause == "rhythm"),
        "expectations": _expectations_said(facts),
        "enablement": _enablement_said(facts),
    }
    lines = list(said.get(cause or "", []))
    wrapped_up = facts.get("previous_decision") == "exit"  # ended on purpose: nothing "slipped"
    framing = _framing(verdict, facts, cause) if lines and not (again or kept or wrapped_up) else ""
    if framing and facts.early:
        framing += " It's also much easier to fix now than later."
    lines.append(framing)
    if cause != "rhythm" and verdict.review == "lapsed":
        lines += said["rhythm"]
    lines.append(_activity_said(facts))
    if not kept:
        lines.append(_follow_up_said(facts, ours_again=ours_again, repeated=repeated))
    return lines


def _missed_again(facts: Facts, cause: str | None, *texts: str) -> bool:
    """Whether last time's agreed step, late and not (or only partly) done, is the step
    proposed now for the gap ``cause`` (one of ``texts``, or the same gap's step in today's
    words, :meth:`Facts.step_renewed`): then it is tried again, not offered as new."""
    return facts.step_missed() and facts.step_again(cause, *texts)


def _after_wrap_up(facts: Facts) -> str:
    """Said first after the opening when the last call agreed to wrap up: that, in their
    words; the priority question asks whether it has changed. Empty otherwise."""
    if facts.get("previous_decision") != "exit":
        return ""
    then = {
        "no": "you told us this wasn't a priority for your team any more, and we agreed to wrap "
        "it up",
        # Their yes, and the close ours (our wish, or the fit): both said, as the recap did.
        "yes": "you told us this was still a priority for your team, and it was our side that "
        "decided to wrap it up",
    }.get(facts.get("previous_priority") or "", "we agreed to wrap this up")
    return f"When we last took stock, {then}."


def _left_open(facts: Facts, *, said: list[str]) -> str:
    """Last time's decision, left open, to settle now: what they answered then, and that
    leaving it open again helps neither side. Empty unless the last decision was left open.
    ``said`` are the points before it: a "When we last took stock" there is not said twice."""
    if facts.get("previous_decision") != "pending":
        return ""
    then = {
        "evasive": "we didn't get to a clear answer on whether this is still a priority for "
        "your team, and we left the decision open",
        "no": "you told us this wasn't a priority for your team right now, and we left the "
        "decision open",
        "yes": "you told us this was still a priority for your team, but we left open how we go on",
    }.get(facts.get("previous_priority") or "", "we left open how we go on")
    lead = "When we last took stock, "
    if any("When we last took stock" in line for line in said):
        lead = "That day, "
    elif any(line.startswith("When we spoke on") for line in said):  # other points between
        lead = "When we last spoke, "
    return f"{lead}{then}. I'd like us to settle it today, one way or the other."


def _follow_up_said(facts: Facts, *, ours_again: bool = False, repeated: bool = False) -> str:
    """Last time's step, followed up. ``ours_again``: it was ours alone and is proposed again
    now, so a miss is ours to put right, not theirs to look into. ``repeated``: it is proposed
    again now, so "we followed through" on it would contradict the proposal (the notes before
    the call say the two answers disagree)."""
    done, fix = facts.get("previous_fix_done"), facts.get("previous_fix")
    fix = facts.get("previous_fix_said") or fix  # to them, not the notes' third person
    if not fix or facts.get("previous_fix_status") == "proposed":
        return ""  # a step only proposed was never agreed with them: not theirs to hear
    if done == "yes":
        if repeated:
            return ""
        if facts.get("previous_fix_said"):  # words proposing it do not say it was done
            return "I'm glad we followed through on the step we agreed last time."
        return f"I'm glad we followed through on what we agreed last time: {fix}."
    if done == "no" and review_met_since(facts) is not None:
        return ""  # the review met since: neither claim is said (the notes ask which is right)
    if done in ("no", "partly"):
        due = facts.date("previous_fix_due")
        if due is not None and due > facts.diagnosed_on:
            # Not late: nothing got in the way yet, so check it is on track.
            return (
                f"When we last took stock, we agreed on this: {fix}, by {_day(due)}. Let's "
                "check together that it's still on track."
            )
        how = "hasn't happened yet" if done == "no" else "has only partly happened"
        if ours_again:  # the proposal says the step again, in full: here only that it is ours
            return (
                f"When we last took stock, we took on one step on our side, and it {how}: "
                "it's the first thing I want to put right."
            )
        owner = facts.get("previous_fix_owner") or ""
        ours = bool(owner and facts.ours) and same_words(owner) == same_words(facts.ours)
        if ours and facts.get("previous_cause") in (None, "enablement"):
            # a step of ours alone (what we were to find out, or to give them): ours to put
            # right, not theirs to look into; a review or a page both sides share is asked
            return (
                f"When we last took stock, we agreed on this: {fix}. That {how}, and that's on us."
            )
        return (
            f"When we last took stock, we agreed on this: {fix}. That {how}, and I'd like us to "
            "look together at what got in the way."
        )
    if done == "unsure":  # we don't know: theirs to tell, not ours to guess
        return (
            f"When we last took stock, we agreed on this: {fix}. I'd like to hear where that "
            "stands from your side."
        )
    return ""


def _priority_question(facts: Facts, *, said: list[str]) -> str:
    """The honest question, shaped by what changed on their side unless the observation
    already said it; never the partnership's age again (the opening says it). After a call
    that asked it, it starts from their answer then (:func:`_asked_before`)."""
    before = _asked_before(facts, said=said)
    if before:
        return before
    change = facts.get("changes_theirs")
    if any("changes in your team" in line for line in said):
        change = None
    if change == "priorities":
        return (
            "I know your priorities have shifted since we started, so I'd like to ask plainly: "
            "is this partnership still a priority for your team?"
        )
    if change == "budget":
        return (
            "With the budget changes on your side, I'd like to ask plainly: is this still a "
            "priority for your team, honestly?"
        )
    if change == "people":
        return (
            "With new people on your side, it's a fair moment to ask: is this still a priority "
            "for your team, honestly?"
        )
    if change == "reorganisation":
        return (
            "After the reorganisation on your side, is this partnership still a priority for "
            "your team, honestly?"
        )
    if facts.early:
        return (
            "Even this early, I'd rather ask than guess: is this a priority for your team right "
            "now, honestly?"
        )
    return (
        "I'd rather ask than guess: is this partnership still a priority for your team, honestly?"
    )


def _asked_before(facts: Facts, *, said: list[str]) -> str:
    """The priority question in a follow-up of a call that asked it: their answer then is
    where it starts, never a "still" after a no, and never what changed on their side again
    (they answered knowing it). Empty when no such call is carried."""
    priority, decision = facts.get("previous_priority"), facts.get("previous_decision")
    if priority not in ("yes", "no", "evasive"):
        return ""
    if decision == "exit":  # the wrap-up was said first after the opening
        if priority == "no":
            return (
                "So I'd like to ask honestly: has that changed, and is this a priority for your "
                "team again?"
            )
        if priority == "yes":  # not "now" as if they had said no
            return "I'd like to ask honestly: is it still a priority for your team, as it was then?"
        return "So I'd like to ask honestly: is this a priority for your team now?"
    if decision == "pending":  # the decision left open was just recalled, with that answer
        return {
            "yes": "Is this still a priority for your team, and do we carry on together?",
            "no": "So I'd like to ask again, honestly: is this a priority for your team now?",
            "evasive": "So, plainly: is this still a priority for your team?",
        }[priority]
    recalled = any(  # the call recalled already (the decide path's "When we spoke on ...")
        "When we last took stock" in line or line.startswith("When we spoke on") for line in said
    )
    lead = "When we last spoke, " if recalled else "When we last took stock, "
    return (
        lead
        + {
            "yes": "you told us this was still a priority for your team, and I don't want to "
            "take that for granted: is it still?",
            "no": "you told us this wasn't a priority for your team right now. I'd like to ask "
            "again, honestly: has that changed?",
            "evasive": "we didn't get to a clear answer on whether this is still a priority for "
            "your team, so I'd like to ask again, plainly: is it?",
        }[priority]
    )


DELIVERY_QUESTION = "Is any part of what we agreed hard to deliver at the moment, on either side?"
AUDIENCE_QUESTION = (
    "Our customers overlap only in part: is that overlap big enough to be worth the effort for you?"
)


def _fit_partly(facts: Facts) -> list[str]:
    """The questions that test the fit answers of ``partly`` for audience and delivery."""
    lines = []
    if facts.get("fit_audience") == "partly":
        lines.append(AUDIENCE_QUESTION)
    if facts.get("fit_delivery") == "partly":
        lines.append(DELIVERY_QUESTION)
    return lines


def _value_and_fit(verdict: Verdict, facts: Facts, *, said: Sequence[str] = ()) -> list[str]:
    """The value and fit questions; ``said``, what the points say before them (flat results
    said already are not said again)."""
    lines = []
    incentives = facts.get("fit_incentives")
    late_flat = (
        facts.get("outcomes") == "flat"
        and not facts.early
        and facts.age is not None
        and not verdict.activity_falling
    )
    if incentives == "partly":
        lines.append(
            # Only that one side gains less is known, not which: neither is named.
            "I'm not sure this pays off equally for both of us: what would make it worth "
            "your team's time?"
        )
    elif facts.get("value_theirs") == "" or incentives == "unsure" or late_flat:
        if late_flat and not any(RESULTS_BEHIND in line for line in said):
            lines.append(
                # How long it has run is the opening's: not said twice, nor stretched.
                "The work keeps moving, but the results are still flat: what would make this "
                "worth your team's time from here?"
            )
        elif verdict.verdict == "healthy":  # said after thanks: not as if it were not worth it
            lines.append("Is there anything that would make this more worth your team's time?")
        else:
            lines.append("What would make this worth your team's time from here?")
    return lines + _fit_partly(facts)


def _if_no(facts: Facts) -> str:
    """What happens if the answer is no: said as "still" after a call where it was."""
    if facts.get("previous_decision") == "exit":  # the wrap-up agreed then stands
        return (
            "If the honest answer is that it isn't a priority, that's fair: we'll keep to the "
            "wrap-up we agreed and part on good terms."
        )
    close = CLOSE_OUT.get(facts.kind or "", "close out what's open between our teams")
    last = _quiet_since(facts)
    quiet = "than after another quarter of guessing"
    if (facts.months_in or 0) < 3 and facts.date("started") is not None:  # no quarter gone by
        quiet = "than after months of guessing"
    contact, _ = facts.last_contact()
    if contact is not None and (facts.diagnosed_on - contact).days < 21:
        quiet = "than a quarter from now"  # a working conversation lately: no guessing gone by
    if _sat_down_on(facts) is not None:  # a call weeks ago: no quarter of guessing since
        quiet = "than later"
    if last is not None:
        # The gap itself is in the rhythm point already: not said twice.
        months = (facts.diagnosed_on - last).days >= 60
        quiet = f"than after more {'months' if months else 'weeks'} of quiet"
    answer = (
        "it still isn't a priority"
        if facts.get("previous_priority") == "no"
        else "it isn't a priority any more"
    )
    return (
        f"If the honest answer is that {answer}, that's fair, and I'd rather hear it now "
        f"{quiet}: then let's agree how to {close} and part on good terms."
    )


# -- the paths -------------------------------------------------------------------------------

Drafted = tuple[list[str], list[str], NextStep]


def _proposal(
    verdict: Verdict, facts: Facts, dominant: Finding, talk: date, *, kept: bool = False
) -> tuple[str, NextStep]:
    """The one fix proposed, as said and as the next step. ``kept``: the first review agreed
    last time, not due yet, is the next review (:func:`playbook.verdict.review_kept`)."""
    review = verdict.next_review
    rhythm = ADJECTIVE[verdict.cadence]
    ours, theirs, partner = facts.ours, facts.theirs, facts.partner
    cause = dominant.cause
    if cause == "owner":
        due = _after(talk, 5, review)
        if theirs == "" and ours == "":
            return (
                "Could we each name one person who owns this as part of their job, not a "
                f"committee, and swap names by {_day(due)}?",
                _owner_step(facts, due),
            )
        if theirs == "":
            follow = "I'll"
            confirm = facts.get("owner_request") == "agreed"
            asked = (
                f"Could you confirm that name by {_day(due)}?"
                if confirm
                else "Could you name one person on your side who owns this day to day, with "
                f"time for it in their role, by {_day(due)}?"
            )
            return (
                f"{asked} Then {follow} set up a first working session with them.",
                _owner_step(facts, due, confirm=confirm),
            )
        if ours == "":
            return (
                # The observation opened with "On our side": not said twice in a row.
                "We'll make one person on our side the owner, with this in their goals, and "
                f"introduce them to you by {_day(due)}.",
                NextStep(
                    "our side names one owner and introduces them to "
                    + facts.owner_words("theirs"),
                    "our side",
                    "ours",
                    due,
                    "we make one person on our side the owner, with this in their goals, and "
                    "introduce them to you",
                ),
            )
        gaps = facts.role_gaps()
        names = [facts.owner_words(side) for side in gaps] or ["both owners"]
        if gaps == ["ours", "theirs"] or not gaps:
            return (
                "Could we each make looking after this part of our actual goals, on both "
                f"sides, so it gets real time, and confirm that by {_day(due)}?",
                NextStep(
                    f"the partnership goes into the goals of {join_words(names)}",
                    "both sides",
                    "both",
                    due,
                    "we each make looking after this part of our actual goals",
                ),
            )
        if "theirs" in gaps:
            return (
                "Could looking after this become part of your actual goals, so it gets real "
                f"time? It would help to know by {_day(due)}.",
                NextStep(
                    f"the partnership goes into {possessive(facts.owner_words('theirs'))} goals; "
                    f"{_our_owner(facts)} follows up",
                    theirs or "their side",
                    "theirs",
                    due,
                    "looking after this becomes part of your actual goals, and I'll follow up",
                ),
            )
        return (
            "On our side, we'll make looking after this part of "
            f"{possessive(facts.owner_words('ours'))} actual goals, confirmed by {_day(due)}.",
            NextStep(
                f"the partnership goes into {possessive(facts.owner_words('ours'))} goals",
                ours or "our side",
                "ours",
                due,
                "looking after this becomes part of "
                + ("my" if ours else "our owner's")
                + " actual goals",
            ),
        )
    if cause == "rhythm":
        goes_ahead = f"our next {rhythm} review goes ahead, with a working agenda"
        if verdict.review == "held" and verdict.regular_review:
            said = (
                f"Could we make sure our next {rhythm} review, on {_day(review)}, goes ahead, "
                "and use it for real work: what moved, what's stuck, and what each of us does "
                "next?"
            )
            fix = goes_ahead
        elif verdict.review_unplaced:
            said = (
                f"Could we make sure our {rhythm} review meets by {_day(review)} at the "
                "latest, and use it for real work: what moved, what's stuck, and what each of "
                "us does next?"
            )
            fix = goes_ahead
        elif verdict.review == "held":
            said = (
                f"Our next {rhythm} review is still a while off: could we meet for a working "
                f"session on {_day(review)} before it, and keep it short: what moved, what's "
                "stuck, and what each of us does next?"
            )
            fix = f"a working session ahead of the next {rhythm} review, with a working agenda"
        elif verdict.review == "lapsed":
            fix = f"the {rhythm} review meets again"
            said = (
                "Rather than start something new, could we "
                + ("try again to " if _missed_again(facts, "rhythm", fix) else "")
                + f"bring our {rhythm} review back, starting on {_day(review)}, and keep it "
                "short: what moved, what's stuck, and what each of us does next?"
            )
        else:  # no review: one on both calendars (or the one agreed last time, kept to)
            fix = new_review_step(verdict.cadence)
            if kept:
                said = (
                    f"Could we keep to what we agreed: our first {rhythm} review on "
                    f"{_day(review)}, with the same three questions each time: what moved, "
                    "what's stuck, and what each of us does next?"
                )
            else:
                ask = (
                    "give it another go: a short"
                    if _missed_again(facts, "rhythm", fix)
                    else "put a short"
                )
                said = (
                    f"Could we {ask} {rhythm} review on both our calendars, starting on "
                    f"{_day(review)}, with the same three questions each time: what moved, "
                    "what's stuck, and what each of us does next?"
                )
        send = "an agenda beforehand" if verdict.review_unplaced else "the invitation"
        then = f"I'll send {send}."
        if kept:
            then = "I'll send the invitation today."  # it was to be sent last time
        if _missed_again(
            facts, "rhythm", fix
        ):  # an invitation after the call did not do it last time
            then = (
                "This time, let's put it in our calendars before we hang up."
                if fix.endswith("on both calendars")
                else "This time, let's both confirm the day before we hang up."
            )
        return (
            f"{said} {then}",
            NextStep(fix, _our_owner(facts), "both", review),
        )
    if cause == "expectations":
        metric = facts.get("success_metrics")
        measure = (
            f"whether {quoted(metric)} is still the right measure of success"
            if metric
            else "the one or two numbers that tell us it's working"
        )
        shared = (
            "how we share the work, "
            if facts.get("workload") in ("mostly-us", "mostly-them")
            and facts.get("workload_agreed") != "yes"
            else ""
        )
        return (
            f"Could we put it on one page: {shared}who does what, what each of us committed to, "
            f"and {measure}? I'll send you a draft, and we can agree it at "
            f"{_review_named(verdict, review)}.",
            NextStep(
                "a one-page agreement of who does what and what success means, agreed by both "
                "sides",
                _our_owner(facts),
                "both",
                review,
            ),
        )
    due = _after(talk, 10, review)
    gaps = []
    if facts.get("enablement_materials") == "no":
        gaps.append("clear materials and a short training session")
    elif facts.get("enablement_materials") == "partly":
        gaps.append("the materials that are still missing")
    if facts.get("enablement_contact") == "no":
        gaps.append("one named contact who answers within a day")
    check = (
        f" At {_review_named(verdict, review)}, we can check together whether it helped."
        if review > due
        else ""
    )
    given = ", plus ".join(gaps or ["what it needs to run with this"])
    return (
        f"By {_day(due)}, we'll get your team {given}.{check}",
        NextStep(
            f"{partner} has {given}", _our_owner(facts), "ours", due, f"we get your team {given}"
        ),
    )


def _keep_to(
    facts: Facts, step: NextStep | None, cause: str, talk: date
) -> tuple[str, NextStep] | None:
    """Last time's agreed step, not done (or not known to be), due after this diagnosis and
    not before this call, when it is the step proposed now (in the same words, or the same
    gap's step in today's words): it is kept to, on its own day, not asked again by a new one
    in the same breath as "let's check it's on track". The rhythm's own
    (:func:`review_kept`) is the proposal's. ``None`` otherwise."""
    due = facts.date("previous_fix_due")
    if step is None or cause == "rhythm" or due is None or due < talk or due <= facts.diagnosed_on:
        return None
    if facts.get("previous_fix_status") == "proposed":
        return None  # never agreed: nothing of theirs to keep to
    if facts.get("previous_fix_done") not in ("no", "partly", "unsure"):
        return None
    if not facts.step_again(cause, step.fix, step.spoken):
        return None
    words = facts.get("previous_fix_said") or step.spoken
    kept = NextStep(
        facts.get("previous_fix") or step.fix,
        facts.get("previous_fix_owner") or step.owner,
        step.side,
        due,
        facts.get("previous_fix_said") or "",
    )
    if step.side == "ours":  # ours to do: said as kept, not asked of them
        return f"We'll keep to what we agreed for {_day(due)}: {words}.", kept
    return (
        f"Could we keep to what we agreed for {_day(due)}: {words}? If anything is getting in "
        "the way, let's sort it out now.",
        kept,
    )


def _revive(verdict: Verdict, facts: Facts, talk: date) -> Drafted:
    dominant = verdict.dominant
    assert dominant is not None
    kept = dominant.cause == "rhythm" and (
        review_kept(facts, verdict.cadence, talk, verdict.review) == verdict.next_review
    )
    proposal, step = _proposal(verdict, facts, dominant, talk, kept=kept)
    held_to = _keep_to(facts, step, dominant.cause, talk)
    if held_to is not None:  # last time's step, not due yet, is this one: its day stands
        (proposal, step), kept = held_to, True
    ours_again = (  # last time's step, ours alone, proposed again (maybe in today's words)
        step is not None
        and step.side == "ours"
        and (facts.step_renewed(dominant.cause) or step.spoken == facts.get("previous_fix_said"))
    )
    again = step is not None and _missed_again(facts, dominant.cause, step.fix, step.spoken)
    repeated = step is not None and facts.same_step(step.fix, step.spoken)
    observed = _observed(
        verdict,
        facts,
        dominant.cause,
        ours_again=ours_again,
        again=again,
        repeated=repeated,
        kept=kept,
    )
    if again and dominant.cause != "rhythm":  # the rhythm's own words try it again
        proposal = f"This time, {proposal[0].lower()}{proposal[1:]}"
    unsure = (  # asked where it stands (the follow-up line): proposed only if it has not
        step is not None
        and not kept
        and facts.get("previous_fix_done") == "unsure"
        and facts.get("previous_fix_status") != "proposed"
        and facts.step_again(dominant.cause, step.fix, step.spoken)
    )
    if unsure:
        proposal = f"If it hasn't happened yet, {proposal[0].lower()}{proposal[1:]}"
    rest = [
        *observed,
        _left_open(facts, said=observed),
        _priority_question(facts, said=observed),
        *_value_and_fit(verdict, facts, said=observed),
        proposal,
        _if_no(facts),
    ]
    points = [_opening(facts, said=rest), *rest]
    prep = [f"Have the facts ready: {' '.join(dominant.evidence)}"]
    others = [f for f in verdict.causes if f is not dominant]
    # each gap with all of its evidence (a lopsided split is rarely its first)
    prep += [_aside(verdict, finding) for finding in others]
    if repeated and facts.get("previous_fix_done") == "yes":
        prep.append(
            f"{DISPUTED} ({facts.get('previous_fix')}) is said to "
            "have happened, yet today's answers still show the gap it was meant to close, so "
            "the points propose it again. Worth checking which is right, and what became of it."
        )
    prep.append(
        "The order: what we observed, then the priority question; let them answer before "
        "proposing the fix."
    )
    return points, prep, step


def _aside(verdict: Verdict, finding: Finding) -> str:
    """The prep note for a gap besides the dominant one: left for the first review (the next,
    for a review on the calendar that has met). The rhythm's own fix is that review, which the
    recap suggests; a lapsed review is also said in the points, as part of what we observed,
    so the note never calls it "not this call"."""
    evidence = " ".join(finding.evidence)
    if finding.cause != "rhythm":
        which = "next" if verdict.review_met_before else "first"
        return f"For the {which} review, not this call ({CAUSES[finding.cause].topic}): {evidence}"
    adjective, day = ADJECTIVE[verdict.cadence], _day(verdict.next_review)
    if verdict.review == "lapsed":
        return (
            "The points name the lapsed review as part of what we observed, but it needs no "
            f"fix of its own on this call (rhythm): {evidence} If they want to go on, the "
            f"recap suggests bringing the {adjective} review back, the first on {day}."
        )
    return (
        f"No fix of its own on this call (rhythm): {evidence} If they want to go on, the recap "
        f"suggests {_review_named(verdict, verdict.next_review)}."
    )


def _decide(verdict: Verdict, facts: Facts, talk: date) -> Drafted:
    due = _after(talk, 5)
    asked = (
        "you told us that wasn't possible right now"
        if facts.get("owner_request") == "declined"
        else "we didn't hear back"
    )
    last, _ = facts.last_contact()
    sat_down = _sat_down_on(facts)  # a call carried: the opening gives its day
    since = (
        f" The last time we worked on this together was on {_day(last)}."
        if last is not None
        and (facts.diagnosed_on - last).days >= 21
        and (sat_down is None or last > sat_down)
        else ""
    )
    since_change = {  # the change and the ask side by side: which came first is not known
        "people": "I know there have been people changes in your team. When",
        "priorities": "I know your priorities have shifted. When",
        "budget": "I know your budget has changed. When",
        "reorganisation": "I know your team has been reorganised. When",
    }.get(facts.get("changes_theirs") or "", "When")
    if facts.get("previous_priority"):  # they answered in a call, knowing of the change
        since_change = "When"
    ours_missing = facts.ours == ""
    fair = (
        "It's the same here: nobody on our side has this in their job either."
        if ours_missing
        else ""
    )
    then = (
        "We'll name ours by the same day, and the two of them can hold the first working session."
        if ours_missing
        else "I'll set up the first working session with them."
    )
    asked_then = (
        f"{since_change} we asked you to name someone on your side to own this, {asked}.{since}"
    )
    if owner_unanswered(facts) is not None:  # they agreed to name one, and the day passed
        held, due_then = facts.date("previous_conversation_on"), facts.date("previous_fix_due")
        assert due_then is not None
        when = f"When we spoke on {_day(held)}" if held is not None else "Last time"
        asked_then = (
            f"{when}, we agreed that someone on your side would own this by "
            f"{_day(due_then)}, and we haven't got there yet."
        )
        if decision_step(facts.get("previous_fix") or ""):  # a decision, not only a name
            asked_then = (
                f"{when}, we agreed that you'd let us know by {_day(due_then)} whether we go "
                "on together, with one person on your side who owns this, or wrap up, and we "
                "haven't settled it yet."
            )
    rest = [
        asked_then,
        fair,
        _activity_said(facts),
        *_value_and_fit(verdict, facts),  # before the question that "If it is" answers
        _left_open(facts, said=[asked_then]),
        # after a call that asked it, from their answer then (never "still" after a no)
        _asked_before(facts, said=[asked_then])
        or "I'd rather ask you directly than guess: is this partnership still a priority for "
        "your team?",
        f"If it is, could you name one person to own it by {_day(due)}, rather than either of "
        f"us waiting another month? {then}",
        _if_no(facts),
    ]
    points = [_opening(facts, said=rest), *rest]
    dominant = verdict.dominant
    prep = [
        f"Have the facts ready: {' '.join(dominant.evidence)}" if dominant else "",
        "Asking for an owner has not produced one: that is a signal about priority, not a "
        "stall. Go in ready for either answer.",
        "The order: the observation, then the priority question, then listen.",
    ]
    step = NextStep(
        f"{facts.partner}{DECIDES}; "
        + (
            "our side names its owner by the same day"
            if ours_missing
            else f"{_our_owner(facts)} follows up"
        ),
        "their side",
        "theirs",
        due,
        "you let us know whether we go on, with one person on your side who owns this, or "
        "wrap up together"
        + (", and we name our own owner by the same day" if ours_missing else ""),
    )
    return points, prep, step


def _keep(verdict: Verdict, facts: Facts, talk: date) -> Drafted:
    review = verdict.next_review
    rhythm = ADJECTIVE[verdict.cadence]
    working: list[str] = []
    held = facts.date("review_last_held")
    done = verdict.review == "held" and held is not None and facts.get("previous_fix_done") == "yes"
    # Last time's step set this review up, and it happened: thanked with the review, once.
    set_up = done and review_met_since(facts) is not None
    # Last time's step was this review's next meeting (a healthy partnership's), and it met:
    # thanked with the review too, not once more as "what we agreed last time".
    met_as_agreed = (
        done
        and met_since_last_time(facts) is not None
        and facts.same_step(keep_review_step(verdict.cadence))
    )
    if verdict.review == "held" and held is not None:
        working.append(
            f"The {rhythm} review we agreed last time is doing its job: it last met on "
            f"{_day(held)}, and I'm glad we followed through on it."
            if set_up
            else f"Our {rhythm} review met on {_day(held)}, as we agreed, and it's doing its job."
            if met_as_agreed
            else f"Our {rhythm} review is doing its job: it last met on {_day(held)}."
        )
    thanked = set_up or met_as_agreed  # last time's step, with the review above
    last = facts.count("activity_last_month")
    typical = facts.count("activity_typical_month")
    activity = facts.get("activity")
    if activity in ("rising", "steady"):
        moving = "are rising" if activity == "rising" else "are holding steady"
        if last and typical and last > typical:
            moving += (
                f": {last:,} in the last 30 days, against about {typical:,} in a typical month"
            )
        elif last:
            moving += f", with {last:,} in the last 30 days"
        working.append(f"Introductions, content and deals {moving}.")
    if facts.get("outcomes") == "rising":
        working.append("And the results are rising.")
    if facts.ours and facts.theirs and facts.in_role("theirs") == facts.in_role("ours") == "yes":
        working.append("It helps that looking after this is part of both our jobs.")
    age = facts.age
    flat = facts.get("outcomes") == "flat"
    held = _sat_down_on(facts)
    if held is not None and (facts.diagnosed_on - held).days > 1:
        what = "the work between us has been moving" if flat else "this has been working"
        since = _since_we_sat_down(facts, held, working) or "since we last sat down together"
        opening = f"{since[0].upper()}{since[1:]}, {what}, and I wanted to thank you for it."
    else:
        head = f"{age[0].upper()}{age[1:]} in, I" if age else "I"
        what = "the work between us is moving" if flat else "this is working"
        opening = f"{head} wanted to say that {what}, and thank you for it."
    points = [opening, *working]
    metric = facts.get("success_metrics")
    if metric:
        points.append(f"Is {quoted(metric)} still the right measure of success for your side?")
    points += _value_and_fit(verdict, facts)
    if not thanked:
        points.append(_follow_up_said(facts))
    if verdict.regular_review:
        points.append(
            f"Let's keep our {rhythm} review going; the next one is on {_day(review)}"
            f"{verdict.moved_clause(_day)}."
        )
    elif verdict.review_unplaced:
        points.append(
            f"Let's keep our {rhythm} review going, with the next one by {_day(review)} at the "
            "latest."
        )
    elif verdict.review_brought_forward:
        points.append(
            f"Let's keep our {rhythm} review going, and bring the next one forward to "
            f"{_day(review)}."
        )
    else:
        points.append(
            f"To keep it that way, could we put a short {rhythm} review on the calendar, the first "
            f"on {_day(review)}?"
        )
    prep = []
    if facts.ours and facts.theirs:
        prep.append(
            f"Owners in place: {facts.ours} on our side, {facts.theirs} at {facts.partner}."
        )
    prep += [f"Worth a minute when you talk: {sentence}" for sentence in verdict.watch]
    prep += [f"Keep an eye on: {sentence}" for sentence in verdict.early_warning]
    step = NextStep(keep_review_step(verdict.cadence), _our_owner(facts), "both", review)
    return points, prep, step


WRAP_UP = 5
"""Working days after the conversation by which the written wrap-up of a closing goes out."""


def _exit(verdict: Verdict, facts: Facts, talk: date) -> Drafted:
    due = _after(talk, WRAP_UP)
    started = facts.date("started")
    failed = [qid for qid in FIT_IDS if facts.get(qid) == "no"]
    thanks = (
        f"Thank you for everything your team has put into this since {started:%B %Y}."
        if started is not None
        else "Thank you for the time and work your team has put into this."
    )
    if failed:
        reason = (
            f"Looking at it honestly, {', and '.join(FIT_SAID[qid] for qid in failed)}. More "
            "effort on either side wouldn't change that, so I'd rather say so now."
        )
        door = DOOR[failed[0]]
    else:
        reason = (
            # Only that we no longer want it is known: no reason is said for us.
            "On our side, we've decided not to take this partnership further, and it's fairer "
            "to tell you that now than to let it fade."
        )
        door = "If things change on our side, I'd like to be the one who calls you."
    still = still_open(facts.kind)
    points = [
        thanks,
        reason,
        f"Before we close it, let's go through what's still open on both sides, such as {still}, "
        "and agree how each one is finished or handed over.",
        f"I'll send you a short written wrap-up by {_day(due)}, with every open item and who "
        "finishes it.",
        door,
    ]
    why = " ".join(verdict.fit_failures) or "We no longer want the partnership."
    prep = [
        f"Why we are closing it: {why}",
        "List every open commitment on both sides before the call, so nothing owed is forgotten.",
        "The order: thanks, the reason, what is still owed, the door left open. No drama.",
    ]
    step = NextStep(
        "a written wrap-up listing every open item and who completes it",
        _our_owner(facts),
        "ours",
        due,
    )
    return points, prep, step


_ASK_THEM: tuple[tuple[str, str], ...] = (
    ("fit_audience", "How much do you think your customers overlap with ours?"),
    ("fit_incentives", "What does your team get out of this today?"),
    ("fit_delivery", DELIVERY_QUESTION),
    ("owner_theirs", "Who on your side looks after this partnership day to day?"),
    (
        "expectations_written",
        "When you think about who does what here, and what success looks like, what's your "
        "picture?",
    ),
    ("enablement_materials", "Do you have the materials you need from us?"),
    (
        "enablement_contact",
        "Is there someone on our side you can reach quickly when a question comes up?",
    ),
    (
        "activity",
        "From where you sit, are introductions, content or deals still moving between us?",
    ),
    ("outcomes", "Are you seeing results on your side, whatever you measure?"),
)
"""What to ask them when an answer is unknown that they can give."""

_LOOK_UP: tuple[tuple[tuple[str, ...], str], ...] = (
    (("owner_ours",), "Decide who owns this on our side, by name."),
    (
        ("last_conversation", "standing_review"),
        "Check the calendar: when the last real working conversation was (a meeting or call, "
        "not an email), and whether a review recurs.",
    ),
    (
        ("success_metrics", "workload"),
        "Note which metric defines 'working' and who carries the work today.",
    ),
    (
        ("last_activity",),
        "Look up the last introduction, piece of content or deal, and count the last 30 days "
        "against a typical month.",
    ),
)


def _prepare(verdict: Verdict, facts: Facts, talk: date) -> Drafted:
    unknown = set(verdict.unknown)
    age = facts.age
    held = _sat_down_on(facts)
    if held is not None:
        opening = ""  # said below, once the other points are known
    elif age:
        opening = (
            f"{age[0].upper()}{age[1:]} in, I'd like to make sure I understand how this looks "
            "from your side."
        )
    else:
        opening = (
            "Before anything else, I'd like to understand how this partnership looks from "
            "your side."
        )
    value = facts.get("value_theirs") == "" or facts.get("fit_incentives") in ("partly", "unsure")
    questions = [
        question
        for qid, question in _ASK_THEM
        if qid in unknown and not (value and qid == "fit_incentives")
    ]
    questions += _fit_partly(facts)
    if "owner_theirs_in_role" in unknown and facts.theirs:
        questions.append(
            "Is looking after this part of your actual role, or squeezed in around it?"
        )
    if value:
        questions.append("What would make this worth your team's time from here?")
    nothing_changed = facts.get("changes_theirs") == "none"
    if verdict.activity_falling and not verdict.causes:
        questions.append(
            "As far as I know, nothing has changed on your side, yet things have slowed down: "
            "what do you see from where you sit?"
            if nothing_changed
            else "What has changed on your side in the last few months?"
        )
    observed = _activity_said(facts) if verdict.activity_falling else ""
    followed_up = _follow_up_said(facts)  # last time's step, as every other path follows it up
    points = [
        opening,
        observed,
        followed_up,
        *questions,
        _left_open(facts, said=[]),
        # after a call that asked it, from their answer then
        _asked_before(facts, said=[followed_up])
        or "And honestly, is this still a priority for your team?",
    ]
    if held is not None:
        wish = "I'd like to make sure I understand how this looks from your side"
        points[0] = _from_our_talk(facts, held, points, wish)
    if not verdict.too_little_known:
        prep = ["This call is to find out what is behind the slowdown, not to propose a fix."]
    else:
        prep = [
            f"Too little is known yet to diagnose: {len(unknown)} of the answers the diagnosis "
            "rests on are missing or unsure. This call is to find out, not to propose a fix."
        ]
    prep += [line for ids, line in _LOOK_UP if any(qid in unknown for qid in ids)]
    if verdict.activity_falling and not verdict.causes:
        prep.append(
            "Activity is falling, yet none of the four usual causes shows"
            + (
                f", and as far as you know nothing changed at {facts.partner}: ask what they "
                "see (demand, their customers, the market)."
                if nothing_changed
                else f": find out what changed at {facts.partner} (people, priorities, budget)."
            )
        )
    for finding in verdict.causes:
        prep.append(
            f"Already visible ({CAUSES[finding.cause].topic}): {' '.join(finding.evidence)}"
        )
    due = _after(talk, 3)
    step = NextStep(
        "the diagnosis run again with what this call finds out",
        _our_owner(facts),
        "ours",
        due,
        "I'll come back to you with a concrete proposal, once we've gone through what we learned",
        "a concrete proposal, built on what this call found out",
    )
    return points, prep, step


def _when(path: str, verdict: Verdict, facts: Facts) -> list[str]:
    with_whom = f" with {facts.theirs}" if facts.theirs else ""
    if path == "keep":
        rhythm, review = ADJECTIVE[verdict.cadence], long_date(verdict.next_review)
        if verdict.review == "held":
            # The points name that day as still to come: they are said before it.
            before = f"the {rhythm} review on {review}" if verdict.regular_review else review
            return [
                f"No reset is needed: say this the next time you speak{with_whom}, before {before}."
            ]
        return [
            f"No reset is needed: raise the {rhythm} review the next time you speak, and send "
            f"the invitation for the first one, on {review}."
        ]
    talk = verdict.conversation_on
    if talk is None:
        return []
    # Counted from the diagnosis, not from today: the points are read again days later.
    after = span_words(talk, verdict.diagnosed_on)
    return [
        f"Hold the conversation{with_whom} on {long_date(talk)}, {after} after this diagnosis: "
        "soon, while the facts are fresh. Thirty minutes is enough."
    ]


def _common_prep(verdict: Verdict, facts: Facts, path: str, *, said: list[str]) -> list[str]:
    """The notes every path shares; ``said`` is the path's own prep, so that what it says
    already (last time's fix among the facts to have ready) is not said again."""
    prep = []
    if path != "exit":
        prep += [f"Test the fit: {sentence}" for sentence in verdict.fit_concerns]
    if facts.get("value_ours") == "":
        prep.append(
            f"We could not name the value we bring {facts.partner}: work it out before the call, "
            "as they may ask."
        )
    if facts.get("still_want") == "unsure" and path != "exit":
        prep.append(
            "We are not sure ourselves that we want this: decide before the call what answer "
            "would make it worth continuing."
        )
    evidence = {sentence for finding in verdict.causes for sentence in finding.evidence}
    if verdict.changed and verdict.changed not in evidence.union(verdict.watch):
        prep.append(f"What changed on their side: {verdict.changed}")
    prep += [
        f"Check before the call: {sentence}"
        for sentence in verdict.contradictions
        if sentence.split(" Read as:")[0] not in evidence
    ]
    follow_up = verdict.follow_up
    if any(line.startswith(DISPUTED) for line in said):
        follow_up = None  # the check says the answers disagree: "it happened" is not said too
    if follow_up and not any(follow_up in line or _inline(follow_up) in line for line in said):
        prep.append(follow_up)
    if facts.get("previous_decision") == "exit":
        prep.append(
            "Last time ended in agreeing to wrap up: know what has changed since, on either "
            "side, that makes this worth another try, and ask before proposing anything."
        )
    if facts.get("previous_decision") == "pending":
        prep.append(
            "Last time the decision was left open: go in ready to settle it, to carry on or to "
            "wrap up. Leaving it open again is the worst outcome for both sides."
        )
    notes = facts.get("notes")
    if notes:
        prep.append(
            "Your notes: " + " / ".join(line.strip() for line in notes.splitlines() if line.strip())
        )
    return prep
