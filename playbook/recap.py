"""The recap email after the reset conversation: a subject and a short body, in the voice of
the talking points (spoken, first person, to them: "we", "you", "your team"; no stage
directions, no blame).

- Revive: thanks (shaped by the answer to the priority question, how long the partnership has
  run and what changed on their side), what we talked about (the dominant cause, in the user's
  facts), what was agreed (the fix, who owns it, by when), the first review and its rhythm.
- Exit: the close-out. Thanks, the reason without blame, what is still owed and by when (the
  agreed fix read as the trailing obligation), the door left open. An exit decided after a
  call that planned to carry on says so: what we talked about in the call, and that we decided
  since, on our side, not to go on with it.
- Pending: what was agreed if we carry on, and when we come back with a decision.

What the user typed (the fix, the owner) is quoted as given, never parsed or reworded; the
user's notes never go into the email (they may be notes to self). Nothing is asserted that the
user did not record. Every draft passes :func:`playbook.blame.check`.

Pure Python: no screens, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from playbook.agreement import missed_fix, promised_list
from playbook.cadence import ADJECTIVE, INTERVAL_DAYS
from playbook.conversation import (
    Conversation,
    day_words,
    first_review,
    review_raised,
    rhythm_words,
)
from playbook.diagnosis import Diagnosis
from playbook.points import SIDE_WORDS
from playbook.talking_points import DOOR, FIT_SAID, still_open
from playbook.verdict import FIT_IDS, Facts, join_words, quoted

SUBJECT_FIX = 48
"""The longest agreed fix that goes into the subject line as it is; a longer one is "next
steps" there (the body quotes it whole)."""
SIGN_OFF = "Best wishes,"
AGENDA = "what moved, what's stuck, and what each of us does next"

SUBJECT_TOPIC = {
    "owner": "who owns this",
    "rhythm": "our review",
    "expectations": "who does what",
    "enablement": "what your team needs",
}
"""What the conversation was about, for a subject line, by dominant cause."""

CHANGED_CLAUSE = {
    "people": ", with new people settling in on your side",
    "reorganisation": ", in the middle of your reorganisation",
    "priorities": ", while your priorities are shifting",
    "budget": ", with the budget changes on your side",
}
"""What changed on their side, as a clause of the thanks."""


@dataclass(frozen=True)
class Recap:
    subject: str
    body: str

    def to_dict(self) -> dict[str, str]:
        return {"subject": self.subject, "body": self.body}

    @property
    def text(self) -> str:
        """The email as one text to copy: ``Subject: ...``, a blank line, the body."""
        return f"Subject: {self.subject}\n\n{self.body}"


def recap(diagnosis: Diagnosis, conversation: Conversation) -> Recap:
    """The recap email of ``conversation`` (held about ``diagnosis``), stating what the decision
    now in force promises (:attr:`Conversation.promised`)."""
    draft = _Draft(diagnosis, conversation.promised, call=conversation)
    if draft.conversation.decision == "exit":
        paragraphs, subject = draft.exit(), draft.exit_subject()
    elif draft.conversation.decision == "pending":
        paragraphs, subject = draft.pending(), draft.pending_subject()
    else:
        paragraphs, subject = draft.revive(), draft.revive_subject()
    body = [draft.greeting(), *(" ".join(p for p in lines if p) for lines in paragraphs)]
    ours = _one_line(draft.facts.ours or "")
    body.append(f"{SIGN_OFF}\n{ours}" if ours else SIGN_OFF)
    return Recap(subject=subject, body="\n\n".join(part for part in body if part) + "\n")


ANSWERED = {
    "no": "In that conversation, you told me honestly that this isn't a priority for your "
    "team any more",
    "evasive": "In that conversation, it was hard to say on the spot whether this is still "
    "a priority for your team",
}
"""How an exit after a call that carried on recalls the answer the call got."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends a sentence (the user's fix may)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


class _Draft:
    """The facts of one recap, read once, and the paragraphs built from them."""

    def __init__(
        self, diagnosis: Diagnosis, conversation: Conversation, *, call: Conversation
    ) -> None:
        self.diagnosis = diagnosis
        self.call = call
        """The conversation as recorded in the call (``conversation`` is what it promises)."""
        self.verdict = diagnosis.verdict
        self.facts = Facts(diagnosis.answers)
        self.conversation = conversation
        self.partner = _one_line(diagnosis.partner) or "our partnership"
        self.first = first_review(diagnosis, conversation)
        self.points = diagnosis.talking_points
        self.keep = self.points.path == "keep"

    @property
    def change_clause(self) -> str:
        """What changed on their side, as a clause of the thanks; empty in the recap of a
        follow-up's call, since the last call's recap said it and nothing says it is new."""
        if self.facts.get("previous_conversation_on"):
            return ""
        return CHANGED_CLAUSE.get(self.facts.get("changes_theirs") or "", "")

    @property
    def change_said(self) -> bool:
        """Whether the thanks say what changed on their side (see :meth:`revive`: its thanks,
        unless for a no or a healthy partnership's time), so the rest does not say it again."""
        revive = self.conversation.decision not in ("exit", "pending")
        changed = self.change_clause
        return revive and bool(changed) and not self.keep and self.conversation.priority != "no"

    def day(self, value: date) -> str:
        return day_words(value, self.conversation.held_on)

    @property
    def held(self) -> str:
        return self.day(self.conversation.held_on)

    def greeting(self) -> str:
        theirs = _one_line(self.facts.theirs or "")
        return f"Hi {theirs}," if theirs else "Hello,"

    # -- subjects ------------------------------------------------------------------------

    def _short_fix(self) -> str:
        fix = _one_line(self.conversation.fix)
        return fix if fix and len(fix) <= SUBJECT_FIX else ""

    @property
    def next_by(self) -> str:
        """The next review's day, "by" it when the review's own days are not known here."""
        return ("by " if self.verdict.review_unplaced else "") + self.day(self.first)

    def revive_subject(self) -> str:
        fix, due = self._short_fix(), self.conversation.due
        if self.keep and self.review_step():
            return f"{self.partner}: our next review, {self.next_by}"
        if self.review_step():  # the fix is the review: a first meeting, not a deadline
            rhythm, moved = ADJECTIVE[self.verdict.cadence], self.verdict.review_moved
            if moved is None and self.verdict.review_met_before:  # its own days: kept
                return f"{self.partner}: our next {rhythm} review, {self.next_by}"
            when = {"back": "back on", "forward": "brought forward to"}.get(moved or "", "starting")
            return f"{self.partner}: our {rhythm} review, {when} {self.day(self.first)}"
        if fix:
            return f"{self.partner}: {fix}" + (f", by {self.day(due)}" if due else "")
        if self.keep:
            return f"{self.partner}: our next review, {self.next_by}"
        topic = SUBJECT_TOPIC.get(self.verdict.dominant_cause or "")
        facts = self.facts
        if (
            topic
            and self.verdict.dominant_cause == "owner"
            and "" not in (facts.ours, facts.theirs)
        ):
            topic = "making time for this"  # both owners named: the gap is the time in their job
        if topic:
            return f"{self.partner}: {topic}, and next steps"
        return f"{self.partner}: next steps from {self.held}"

    def exit_subject(self) -> str:
        if self.conversation.fix:
            return f"{self.partner}: wrapping up, and what's still owed"
        return f"{self.partner}: wrapping up our partnership"

    def pending_subject(self) -> str:
        return f"{self.partner}: where we got to on {self.held}"

    # -- pieces ----------------------------------------------------------------------------

    def owner_clause(self, *, dated: bool = True) -> str:
        """Who owns the fix and by when: "Alex Kim owns it on our side, and it's due by Wed
        23 Dec." The owner is quoted as typed, unless it is only a side ("their side")."""
        owner, side = _one_line(self.conversation.owner), self.conversation.side
        person = owner and _one_line(owner).lower() not in SIDE_WORDS.values()
        if person and owner in self.conversation.fix:
            person = False  # the fix names them already: say the side, not the name again
        signer = _one_line(self.facts.ours or "")
        if person and owner.casefold() == signer.casefold():  # the one who signs: first person
            who = {
                "ours": "I own it on our side",
                "theirs": "I'll follow it up on our side",
                "both": "I own it, with both our teams involved",
            }.get(side, "I own it")
        elif person and owner.casefold() == _one_line(self.facts.theirs or "").casefold():
            # The one the email is to: "you", never their own name in the third person.
            who = "You own it, with both our teams involved" if side == "both" else "You own it"
        elif person:
            who = {
                "ours": f"{owner} owns it on our side",
                "theirs": f"{owner} owns it on your side",
                "both": f"{owner} owns it, with both our teams involved",
            }.get(side, f"{owner} owns it")
        else:
            who = {
                "ours": "It's ours to do",
                "theirs": "It sits with your team",
                "both": "It needs both our teams",
            }.get(side, "It needs both our teams")
        due = self.conversation.due
        if not dated:
            return f"{who}."
        if due is None:
            return f"{who}; we haven't put a date on it yet, so let's settle one soon."
        return f"{who}, and it's due by {self.day(due)}."

    def talked_about(self) -> str:
        """What the conversation was about: the dominant cause, in the user's facts."""
        facts, verdict = self.facts, self.verdict
        cause = verdict.dominant_cause
        if cause == "owner":
            ours, theirs = facts.ours, facts.theirs
            if ours == "" and theirs == "":
                return (
                    "We talked about the fact that neither of us has one person whose job it "
                    "is to look after this."
                )
            if theirs == "":
                if (
                    facts.get("changes_theirs") in ("people", "reorganisation")
                    and self.change_clause
                    and not self.change_said
                ):
                    return (
                        "We talked about who looks after this on your side now that your team "
                        "has changed."
                    )
                return "We talked about who on your side looks after this day to day."
            if ours == "":
                return "We talked about the owner gap on our side."
            gaps = facts.role_gaps()
            if gaps == ["theirs"]:
                # The step makes it part of their goals: said once, there.
                how = facts.how_in_role("theirs")
                return (
                    f"We talked about the time this can get on your side while it {how} your role."
                )
            if gaps == ["ours"]:
                return (
                    "We talked about making this part of our owner's actual job, so it gets "
                    "real time."
                )
            return (
                "We talked about making this part of someone's actual job on each side, so it "
                "gets real time."
            )
        if cause == "rhythm":
            adjective = ADJECTIVE.get(facts.review_cadence or "", "")
            held = facts.date("review_last_held")
            last, _ = facts.last_contact()
            if verdict.review == "lapsed" and held is not None:
                return (
                    f"We talked about bringing our {adjective} review back: the last one we "
                    f"held was on {self.day(held)}."
                )
            if verdict.review == "held" and held is not None:
                interval = INTERVAL_DAYS.get(facts.review_cadence or "", 0)
                if (facts.diagnosed_on - held).days <= interval:  # no "long gap", as the points
                    return (
                        f"We talked about making the most of our {adjective} review, which last "
                        f"met on {self.day(held)}."
                    )
                return (
                    f"We talked about the long gap since our {adjective} review last met, on "
                    f"{self.day(held)}."
                )
            # A fixed slot is the step the points proposed: said only when it is the one agreed,
            # and never of a review already on the calendar (the step says it goes ahead).
            slot = self.points.proposed(self.conversation.fix) and not verdict.review_unplaced
            if last is not None:
                also = ", and about giving this a fixed slot on the calendar" if slot else ""
                started = facts.date("started")
                since = (
                    f"since our conversation on {self.day(last)}"
                    if last == facts.date("previous_conversation_on")  # that reset call
                    else f"since our last real working session on {self.day(last)}"
                )
                if started is not None and last < started:  # none since, as the points say
                    since = f"since the kickoff on {self.day(started)}"
                return f"We talked about the gap {since}{also}."
            return "We talked about giving this a fixed slot on the calendar." if slot else ""
        if cause == "expectations":
            written = facts.get("expectations_written")
            lopsided = (
                facts.get("workload") in ("mostly-us", "mostly-them")
                and facts.get("workload_agreed") != "yes"
            )
            share = ", how we share the work," if lopsided else ""
            if written in ("no", "partly") and self.points.proposed(self.conversation.fix):
                # The step agreed names the rest.
                how = "never did that" if written == "no" else "only partly did that"
                share = ", including how we share the work" if lopsided else ""
                return (
                    f"We talked about putting on paper what we expect of each other{share}, "
                    f"since we {how} at kickoff."
                )
            if written == "no":
                return (
                    f"We talked about writing down who does what{share} and what success looks "
                    "like, since we never put that on paper at kickoff."
                )
            if written == "partly":
                return (
                    f"We talked about finishing what we only partly wrote down at kickoff: who "
                    f"does what{share}, and what success looks like."
                )
            if facts.get("success_metrics") == "":
                return "We talked about agreeing how we'll measure whether this is working."
            if lopsided:
                return "We talked about how we share the work between our two teams."
            return ""
        if cause == "enablement":
            needs = []
            materials = facts.get("enablement_materials")
            if materials == "no":
                needs.append("clear materials and some training")
            elif materials == "partly":
                needs.append("the materials that are still missing")
            if facts.get("enablement_contact") == "no":
                needs.append("a named contact on our side who answers quickly")
            if needs and not self.points.proposed(self.conversation.fix):  # else the step does
                return (
                    "We talked about what your team needs from us to run with this: "
                    f"{', plus '.join(needs)}."
                )
            return "We talked about what your team needs from us to run with this."
        return ""

    def working(self) -> str:
        """For a healthy partnership: what is working, with a specific."""
        facts = self.facts
        activity = facts.get("activity")
        last = facts.count("activity_last_month")
        if activity in ("rising", "steady"):
            how = "rising" if activity == "rising" else "holding steady"
            counts = f", with {last:,} in the last 30 days" if last else ""
            rising = facts.get("outcomes") == "rising"
            # "with them" only when the activity itself grows: steady work, growing results.
            results = f" and the results growing{' with them' if how == 'rising' else ''}"
            results = results if rising else ""
            return f"It's good to see introductions, content and deals {how}{counts}{results}."
        if facts.get("outcomes") == "rising":
            return "It's good to see the results rising."
        return ""

    def words(self, fix: str) -> str:
        """A fix as written to the partner: the proposed step's own words for them when it is
        the step the points proposed (see :attr:`NextStep.said`), else as the user typed it."""
        step = self.points.step_for(fix)
        return _one_line(step.spoken if step is not None else fix)

    def agreed(self, so_far: bool = False) -> list[str]:
        fix = self.words(self.conversation.fix)
        if not fix:
            return []
        # Pending, the step holds only if we carry on (the agreement's "if we carry on").
        lead = "We agreed on one next step"
        if so_far:
            lead = "If we carry on, here is the one next step we'd take"  # nothing decided yet
        if self.review_step():
            if so_far:  # a decision pending: no review paragraph follows, so its day is here
                day = self.day(self.first)
                if self.verdict.review_unplaced:
                    when = f"by {day} at the latest"
                else:
                    when = f"on {day}" if self.keep else f"the first on {day}"
                return [_sentence(f"{lead}: {fix}, {when}"), self.owner_clause(dated=False)]
            if self.keep:
                return []  # the step is the next review: the review paragraph says it
            return [_sentence(f"{lead}: {fix}"), self.owner_clause(dated=False)]
        return [_sentence(f"{lead}: {fix}"), self.owner_clause()]

    def missed(self) -> list[str]:
        """Last time's fix, late and not done, that this call did not agree again: still to
        settle, as the agreement's "To agree" says, never dropped without a word."""
        missed = missed_fix(self.diagnosis, self.conversation)
        if missed is None:
            return []
        by = f", by {self.day(missed.due)}" if missed.due is not None else ""
        return [
            "One thing is still open from last time.",
            f"We agreed on this: {_one_line(missed.said)}{by}.",
            f"That {missed.how}, so let's settle whether it still stands, and by when.",
        ]

    def review_step(self) -> bool:
        """The step agreed is the review itself (a rhythm stall's or a healthy partnership's
        proposal, kept, due the day of the first review): the review paragraph says its date."""
        step = self.points.next_step
        if step is None or not self.points.proposed(self.conversation.fix):
            return False
        if self.keep and self.conversation.held_on >= step.due:
            return True  # the call was that review: the next one is the step now
        return self.conversation.due == self.first and (
            self.keep or self.verdict.dominant_cause == "rhythm"
        )

    def moved(self) -> str:
        """ ", as Fri 25 Dec is a public holiday" when the first review is the regular one's
        next meeting, moved off its usual day."""
        if self.first != self.verdict.next_review:
            return ""
        return self.verdict.moved_clause(self.day)

    def review(self) -> list[str]:
        first, cadence = self.first, self.verdict.cadence
        step_is_review = self.review_step()
        regular = self.verdict.regular_review and (
            first == self.verdict.next_review or (self.keep and step_is_review)
        )
        if self.verdict.review_unplaced:
            # On the calendar already, on days not known here: a date to meet by, no new slot;
            # suggested when the call never raised it.
            raised = self.points.path != "prepare" and review_raised(self.diagnosis)
            meets = (
                f"{ADJECTIVE[cadence]} review meets again by {self.day(first)} at the latest: "
                f"a short meeting on {AGENDA}."
            )
            lines = [f"Our {meets}" if raised else f"I'd suggest our {meets}"]
            if step_is_review:
                return lines
        elif step_is_review and not self.keep:  # the step agreed is this review
            # A review held before (lapsed, or brought forward) meets again: not its "first".
            which = "The next one" if self.verdict.review_met_before else "The first"
            return [
                f"{which} is on {self.day(first)}, and after that we meet "
                f"{rhythm_words(cadence, first)}: a short meeting on {AGENDA}."
            ]
        # A review the call never raised (an owner fix, say) is proposed, not announced.
        elif self.points.path == "prepare" or not (review_raised(self.diagnosis) or regular):
            # A review already on the calendar is kept, brought forward or brought back, not
            # made anew.
            adjective, rhythm = ADJECTIVE[cadence], rhythm_words(cadence, first)
            if self.verdict.review == "held" and self.verdict.regular_review:
                # Already meeting on its own days: its next meeting, not a "first".
                line = (
                    f"I'd suggest our {adjective} review, next on {self.day(first)}"
                    f"{self.moved()}, covers"
                )
            elif self.verdict.review_brought_forward:
                line = (
                    f"I'd suggest we bring our {adjective} review forward to {self.day(first)}, "
                    f"and from then on meet {rhythm}:"
                )
            else:
                review = {"lapsed": f"we bring our {adjective} review back"}
                line = (
                    f"I'd suggest {review.get(self.verdict.review, 'a short review')} {rhythm}, "
                    f"the first on {self.day(first)}:"
                )
            lines = [f"{line} {AGENDA}."]
        elif regular:
            lines = [
                f"Our {ADJECTIVE[cadence]} review carries on, with the next one on "
                f"{self.day(first)}{self.moved()}."
            ]
        elif self.verdict.review_brought_forward:
            lines = [
                f"Our next {ADJECTIVE[cadence]} review is brought forward to {self.day(first)}, "
                f"and after that we meet {rhythm_words(cadence, first)}: a short meeting on "
                f"{AGENDA}."
            ]
        else:
            which = "first review back" if self.verdict.review == "lapsed" else "first review"
            lines = [
                f"Our {which} is on {self.day(first)}, and after that "
                f"{rhythm_words(cadence, first)}: a short meeting on {AGENDA}."
            ]
        due = self.conversation.due
        if due is not None and self.conversation.fix and not step_is_review:
            if due < first:
                lines.append(
                    "That's after the step we agreed is due, so we can look together at how it "
                    "went."
                )
            elif due == first:
                if self.verdict.dominant_cause != "rhythm":  # else the step is that review
                    lines.append(
                        "That's also when the step we agreed is due, so we can look at it together."
                    )
            else:
                lines.append(
                    "That comes before the step we agreed is due, so we can see how it's going "
                    "and sort out anything that's stuck."
                )
        return lines

    def metric(self) -> str:
        metric = _one_line(self.facts.get("success_metrics") or "")
        if not metric:
            return ""
        return f"We'll keep watching {quoted(metric)} to see whether this is working."

    # -- the three emails ------------------------------------------------------------------

    def revive(self) -> list[list[str]]:
        facts, priority = self.facts, self.conversation.priority
        clause = self.change_clause
        age, months = facts.age, facts.months_in
        if self.keep:
            thanks = [f"Thank you for the time on {self.held}.", self.working()]
        elif priority == "yes":
            if facts.early and age:
                said = (
                    f"Thank you for talking on {self.held}{clause}, and for the clear answer: "
                    f"it's good to know, {age} in, that this is a priority for your team."
                )
            elif age and months is not None and months >= 24:
                said = (
                    f"Thank you for talking on {self.held}{clause}. After {age} of working "
                    "together, it means a lot to hear that this is still a priority for your team."
                )
            else:
                # Not "still" after a call where they told us it was no longer a priority.
                priority_now = (
                    "a priority for your team again"
                    if self.facts.was_no_priority
                    else "still a priority for your team"
                )
                said = (
                    f"Thank you for making time on {self.held}{clause}, and for the straight "
                    f"answer: it helps to know this is {priority_now}."
                )
            thanks = [said]
        elif priority == "no":
            thanks = [
                f"Thank you for talking on {self.held}, and for being honest that this isn't a "
                "priority for your team right now.",
                "I appreciate that you were still willing to agree one step with us, so we can "
                "both see whether it's worth more time.",
            ]
        else:
            thanks = [
                f"Thank you for talking on {self.held}{clause}.",
                "I know it's a hard question to answer on the spot, whether this is "
                + ("" if facts.was_no_priority else "still ")
                + "a priority for your team, so I'm glad we could agree one concrete step.",
            ]
        paragraphs = [thanks]
        talked = "" if self.keep else self.talked_about()
        paragraphs.append([talked, *self.agreed()])
        paragraphs.append(self.review())  # "The first is on ..." follows the step it dates
        paragraphs.append(self.missed())
        closing: list[str] = [self.metric()]
        if priority in ("no", "evasive"):
            closing.append(
                f"If by {self.day(self.first)} it "
                # "still" only after a no: no clear answer did not say it isn't worth it
                + ("still doesn't" if priority == "no" else "doesn't")
                + " feel worth your team's time, we can say so openly then and wrap things up "
                "on good terms."
            )
        elif not self.keep and facts.early:
            closing.append("It's early days, and I'm glad we looked at this now rather than later.")
        elif not self.keep and age and months is not None and months >= 24:
            closing.append("I'm glad we're giving this a proper second start.")
        paragraphs.append(closing)
        return paragraphs

    def exit(self) -> list[list[str]]:
        facts, conversation = self.facts, self.conversation
        started = facts.date("started")
        wrapped_on = facts.wrapped_up_on  # the call that agreed to wrap up before this one
        thanks = (
            f"Thank you for talking on {self.held}, and for everything your team has put into "
            f"this since {started:%B %Y}."
            if started is not None
            else f"Thank you for talking on {self.held}, and for the time and work your team "
            "has put into this."
        )
        failed = [qid for qid in FIT_IDS if facts.get(qid) == "no"]
        yes_said = (  # not "still" after a call where they told us it wasn't
            "a priority for your team again"
            if facts.was_no_priority
            else "still a priority for your team"
        )
        if failed:
            reason = (
                f"As I see it, {join_words([FIT_SAID[qid] for qid in failed])}, and more effort "
                "on either side wouldn't change that, so closing it now is the fair thing for "
                "both of us."
            )
            door = DOOR[failed[0]]
        elif self.call.called in ("revive", "pending") and conversation.priority in ANSWERED:
            # The call carried on despite the answer, and we decided to close since: both said.
            honest = ANSWERED[conversation.priority]
            then = (
                f"we still agreed to try one step: {_sentence(self.words(self.call.fix))}"
                if self.call.called == "revive"
                else "we left open how we'd go on."
            )
            reason = (
                f"{honest}, and {then} Since then, we've decided on our side not to carry on, "
                "and I wanted to tell you directly rather than let it quietly lapse."
            )
            door = (
                "If this moves back up your list, I'd be glad to talk again."
                if conversation.priority == "no"
                else "If the timing is better later on, my door is open."
            )
        elif wrapped_on is not None and conversation.priority in ("no", "evasive"):
            # a second close: the wrap-up agreed then stands, not a new one started
            before = facts.get("previous_priority")  # their answer in that call
            if conversation.priority == "no":
                still = "still isn't" if before == "no" else "isn't"
                answer = (
                    f"I appreciate you being open that this {still} a priority for your team, "
                    "and that's a fair answer, so"
                )
                door = "If this moves back up your list, I'd be glad to talk again."
            else:
                either = " either" if before == "evasive" else ""
                answer = f"We didn't get to a clear yes this time{either}, so"
                door = "If the timing is better later on, my door is open."
            reason = (
                f"{answer} we'll keep to the wrap-up we agreed when we spoke on "
                f"{self.day(wrapped_on)}."
            )
        elif conversation.priority == "no":
            reason = (
                "I appreciate you being straight with me that this isn't a priority for your "
                "team any more. That's a fair answer, and I'd much rather hear it plainly than "
                "guess."
            )
            door = "If this moves back up your list, I'd be glad to talk again."
        elif facts.get("still_want") == "no":
            reason = (
                f"I know this is {yes_said}, which makes this harder to say: on our side, "
                "we've decided not to take this further, and we'd like to close it properly now."
                if conversation.priority == "yes"  # their yes is heard, the decision is ours
                else "On our side, we've decided not to take this further, so we'd like to "
                "close it properly now."
            )
            door = "If things change on our side, I'd like to be the one who calls you."
        elif conversation.priority == "evasive":
            reason = (
                "Without a clear yes on whether this is "
                + (
                    "a priority again"  # not "still" after a call where they told us it wasn't
                    if facts.was_no_priority
                    else "still a priority"
                )
                + ", we think it's fairer to both teams to close it cleanly now than to let it "
                "drift."
            )
            door = "If the timing is better later on, my door is open."
        elif self.call.called == "revive":
            reason = (
                "In that conversation we talked about getting this going again, starting with "
                f"one step: {_sentence(self.words(self.call.fix))} Since then, we've decided on "
                "our side not to carry on, and I wanted to tell you directly rather than let "
                "that plan quietly lapse."
            )
            door = "If things change on our side, I'd like to be the one who gets in touch."
        elif self.call.called == "pending":
            reason = (
                "In that conversation we left open how we'd go on. Since then, we've decided on "
                "our side not to carry on, and I wanted to tell you directly rather than leave "
                "it hanging."
            )
            door = "If things change on our side, I'd like to be the one who gets in touch."
        else:
            reason = (
                "We've decided to close the partnership rather than let it drift, and I wanted "
                "to confirm that in writing."
            )
            if conversation.priority == "yes":  # their yes is heard, the decision is ours
                reason = (
                    f"I know this is {yes_said}, which makes this harder to say: we've decided "
                    "on our side to close the partnership rather than let it drift, and I wanted "
                    "to confirm that in writing."
                )
            door = "If things change on either side, I'd be glad to talk again."
        still = still_open(facts.kind)
        if self.points.wraps_up(conversation.fix):
            # The proposed wrap-up is the list of what is owed, not one more item on it.
            due = conversation.due
            owed = [
                f"Before we close, I'll send you a written list of everything still open, such "
                f"as {still}, and who completes each item"
                + (f", by {self.day(due)}." if due else ".")
            ]
        elif conversation.fix:
            fix = self.words(conversation.fix)
            owed = [
                _sentence(f"Before we close, one thing is still owed: {fix}"),
                self.owner_clause(),
                f"If anything else is still open, such as {still}, let's agree who finishes or "
                "hands over each item, and by when.",
            ]
        elif wrapped_on is not None and conversation.priority in ("no", "evasive"):
            due = conversation.due  # the wrap-up agreed then: what is left of it, no new list
            by = f", all of it by {self.day(due)}" if due else ""
            owed = [
                f"If anything from it is still open, such as {still}, let's make sure it's "
                f"finished or handed over{by}."
            ]
        else:
            due = conversation.due  # a date agreed for what is still owed, with no one fix
            by = f", all of it by {self.day(due)}" if due else ""
            listed = promised_list(self.diagnosis, conversation)  # else within the date agreed
            send = f" by {self.day(listed)}" if listed is not None else ""
            owed = [
                f"Before we close, let's make sure everything still open, such as {still}, is "
                f"finished or handed over{by}; I'll send a list with a date for each{send}."
            ]
        return [[thanks, reason], owed, [door]]

    def pending(self) -> list[list[str]]:
        priority = self.conversation.priority
        again = "a priority for your team again" if self.facts.was_no_priority else ""
        thanks = {
            "yes": f"Thank you for talking on {self.held}, and for "
            + (
                f"telling us this is {again}."
                if again
                else "confirming that this is still a priority for your team."
            ),
            "no": f"Thank you for talking on {self.held}, and for being honest that this isn't "
            "a priority for your team right now.",
        }.get(
            priority,
            f"Thank you for talking on {self.held}. I know it's hard to say on the spot whether "
            + ("this is a priority for your team now" if again else "this is still a priority")
            + ", so let's both take a little time.",
        )
        lines = [
            thanks,
            "We haven't settled yet how we go on from here, so here is where we got to.",
        ]
        due = self.conversation.due
        step = self.points.step_for(self.conversation.fix)
        if self.points.path == "decide" and step is not None and step is self.points.next_step:
            # The decision the proposed step asks for is theirs.
            back = "Once we hear from you, we'll settle together how we go on."
        else:
            by = f"by {self.day(due if due is not None else self.first)}"
            if due is None:
                by += ", the day we'd hold a first review"
            # No clear answer: both sides take the time, so both come back (the thanks says so).
            back = (
                f"Let's both come back to this {by}: you with where it sits among your team's "
                "priorities, and we with our decision."
                if priority == "evasive"
                else f"We'll come back to you with our decision {by}."
            )
        return [lines, [self.talked_about(), *self.agreed(so_far=True)], self.missed(), [back]]
