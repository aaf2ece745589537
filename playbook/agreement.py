"""The written agreement after the reset conversation: Markdown under the seven headings of the
second article (outcomes, expectations, accountability, division of labour, communication,
timeline, conflict resolution).

Each heading is filled from the answers (owners and their roles, the metrics, the review, the
workload and whether it was agreed, the value each side brings, what is written down,
enablement) and from what was agreed in the conversation (the fix, its owner and side, the due
date, the first review). Whatever is not known is marked "To agree: ..." with what needs
agreeing, never invented. User text is made inert for Markdown (:func:`playbook.report.escape`).

Pure Python: no screens, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from playbook import workdays
from playbook.cadence import ADJECTIVE
from playbook.conversation import (
    Conversation,
    agrees_the_review,
    first_review,
    review_raised,
    rhythm_words,
)
from playbook.dates import long_date
from playbook.diagnosis import Diagnosis
from playbook.report import escape
from playbook.talking_points import WRAP_UP, still_open
from playbook.verdict import Facts, decision_step, possessive, review_met_since

HEADINGS = (
    "Outcomes",
    "Expectations",
    "Accountability",
    "Division of labour",
    "Communication",
    "Timeline",
    "Conflict resolution",
)

TO_AGREE = "To agree:"
"""How an open item starts: what still needs agreeing follows."""


def _fact(label: str, text: str) -> str:
    return f"- **{label}:** {text}"


def _open(text: str) -> str:
    return f"- {TO_AGREE} {text}"


def agreement_markdown(diagnosis: Diagnosis, conversation: Conversation) -> str:
    """The written agreement of ``conversation`` as Markdown, stating what the decision now in
    force promises (:attr:`Conversation.promised`)."""
    since = conversation.decision == "exit" and conversation.called != "exit"
    conversation = conversation.promised
    sections = _Sections(diagnosis, conversation)
    kind = "Close-out agreement" if conversation.decision == "exit" else "Partnership agreement"
    held = long_date(conversation.held_on)
    title = f"# {kind}: {sections.partner}, {held}"
    closing = f"decided after our conversation of {held}" if since else f"as discussed on {held}"
    reset = "" if sections.keep else "reset "  # a healthy partnership had nothing to reset
    intro = {
        "revive": f"What we and {sections.partner} agreed in our {reset}conversation on "
        f"{held}, and what is still to agree.",
        "exit": f"How we and {sections.partner} close the partnership, {closing}, and what is "
        "still to agree.",
        "pending": f"Where we and {sections.partner} got to on "
        f"{long_date(conversation.held_on)}; the decision on how we go on is still to come.",
    }[conversation.decision]
    parts = [title, intro]
    builders = (
        sections.outcomes,
        sections.expectations,
        sections.accountability,
        sections.division,
        sections.communication,
        sections.timeline,
        sections.conflict,
    )
    for heading, build in zip(HEADINGS, builders, strict=True):
        parts.append(f"## {heading}\n\n" + "\n".join(line for line in build() if line))
    return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class MissedFix:
    """Last time's agreed fix, late and not (or only partly) done."""

    fix: str
    """As the notes put it."""
    said: str
    """As it was put to the partner."""
    due: date | None
    how: str
    """``"hasn't happened yet"`` or ``"has only partly happened"``."""


def missed_fix(diagnosis: Diagnosis, conversation: Conversation) -> MissedFix | None:
    """Last time's agreed fix, late and not (or only partly) done, when this conversation
    carried on (or left it open) and did not agree it again: whether it still stands is to
    agree, never silently dropped. ``None`` otherwise, and for a fix only proposed. Agreed
    again is also the points' own step for the same gap, proposed last time and agreed now in
    today's words (the materials "still missing" where none were given, say)."""
    facts = Facts(diagnosis.answers)
    if conversation.decision == "exit" or not facts.step_missed():
        return None  # closing, or nothing of theirs late to settle (on time, or only proposed)
    done, before = facts.get("previous_fix_done"), facts.get("previous_fix") or ""
    if conversation.decision == "revive" and decision_step(before):
        return None  # the decision it asked for: this call, carrying on, has taken it
    if done == "no" and review_met_since(facts) is not None:
        return None  # the review met since: "it hasn't happened" would contradict that
    if facts.same_step(conversation.fix):
        return None  # agreed again: the fix agreed now is it
    if diagnosis.talking_points.proposed(conversation.fix) and facts.step_renewed(
        diagnosis.verdict.dominant_cause
    ):
        return None  # the same gap's step, in today's words: agreed again
    said = facts.get("previous_fix_said") or ""
    due = facts.date("previous_fix_due")
    how = "hasn't happened yet" if done == "no" else "has only partly happened"
    return MissedFix(before, said or before, due, how)


def promised_list(diagnosis: Diagnosis, conversation: Conversation) -> date | None:
    """The day the recap promises the list of what is still owed, with a date for each: an
    exit agreed with no one fix and no date for what is owed, other than a second close (it
    keeps to the wrap-up agreed before). The exit points' wrap-up day while it is still ahead,
    else a week of working days after the call (the exit the points did not plan). The
    agreement and the calendar file date the list the same way; ``None`` when none is
    promised."""
    if conversation.decision != "exit" or conversation.fix or conversation.due is not None:
        return None
    closed_before = Facts(diagnosis.answers).wrapped_up_on is not None
    if closed_before and conversation.priority in ("no", "evasive"):
        return None
    points = diagnosis.talking_points
    step = points.next_step
    if points.path == "exit" and step is not None and step.due >= conversation.held_on:
        return step.due
    return workdays.add_working_days(conversation.held_on, WRAP_UP)


class _Sections:
    """The facts of one agreement, read once, and the lines under each heading."""

    def __init__(self, diagnosis: Diagnosis, conversation: Conversation) -> None:
        self.diagnosis = diagnosis
        self.verdict = diagnosis.verdict
        self.facts = Facts(diagnosis.answers)
        self.conversation = conversation
        self.partner = escape(diagnosis.partner) or "the partner"
        self.exit = conversation.decision == "exit"
        self.pending = conversation.decision == "pending"
        self.to_find_out = diagnosis.talking_points.path == "prepare"
        """The call was held to find out: the review is proposed, not agreed."""
        self.keep = diagnosis.talking_points.path == "keep" and conversation.decision == "revive"
        """A healthy partnership, carrying on: its step is a next step, not a fix."""
        self.first = first_review(diagnosis, conversation)
        self.wrap_up = self.exit and diagnosis.talking_points.wraps_up(conversation.fix)
        """The step agreed is the exit points' written wrap-up: the list of what is owed."""

    def _text(self, question_id: str) -> str:
        """An answer given as text, made inert; empty when not given or empty."""
        return escape(self.facts.get(question_id) or "")

    def outcomes(self) -> list[str]:
        if self.exit:
            return [
                _fact(
                    "Decision",
                    "we close the partnership, once what is still owed is done (see "
                    "Accountability).",
                ),
                _open(
                    f"the list of open items ({still_open(self.facts.kind)}) and who finishes "
                    "or hands over each one."
                ),
            ]
        lines = [
            _fact("Decision", "still open; see Timeline for when it is made.")
            if self.pending
            else _fact("Decision", "we carry on as we are, with the next step below.")
            if self.keep
            else _fact("Decision", "we carry on together, starting with the fix below.")
        ]
        metric = self._text("success_metrics")
        lines.append(
            _fact("What \u201cworking\u201d means", metric)
            if metric
            else _open("the one or two metrics that show this partnership is working.")
        )
        ours, theirs = self._text("value_ours"), self._text("value_theirs")
        lines.append(
            _fact(f"The value we bring {self.partner}", ours)
            if ours
            else _open(f"the value we bring {self.partner}, in a sentence.")
        )
        lines.append(
            _fact(f"The value {self.partner} brings us", theirs)
            if theirs
            else _open(f"the value {self.partner} brings us, in a sentence.")
        )
        return lines

    def expectations(self) -> list[str]:
        facts, held = self.facts, long_date(self.conversation.held_on)
        priority = self.conversation.priority
        confirmed = (
            f"In our conversation on {held}, {self.partner} said this was still a priority; we "
            "have since decided to close it."
            if self.exit and self.conversation.called != "exit"
            else f"{self.partner} confirmed on {held} that this is "
            + ("again" if facts.was_no_priority else "still")
            + " a priority for their team."
        )
        lines = (
            []
            if self.diagnosis.talking_points.path in ("exit", "keep")
            else [
                {
                    "yes": _fact("Priority", confirmed),
                    "no": _fact(
                        "Priority",
                        f"{self.partner} told us on {held} that this is not a priority for their "
                        "team right now.",
                    ),
                }.get(
                    priority,
                    _fact("Priority", f"no clear answer on {held}.")
                    if self.exit  # closing: nothing left to agree about it
                    else _open(
                        "whether this is "
                        + ("" if facts.was_no_priority else "still ")
                        + f"a priority for both teams (no clear answer on {held})."
                    ),
                )
            ]
        )  # a close-out or a healthy check-in never asked it
        written = facts.get("expectations_written")
        scope = "scope, who owns which task, and what each side committed to"
        if self.exit:  # closing: what was written is a fact, and nothing more is to agree
            if written in ("yes", "partly", "no"):
                done = {
                    "yes": f"{scope}.",
                    "partly": f"only part of the {scope}.",
                    "no": "none of it.",
                }
                lines.append(_fact("Written down so far", done[written]))
            return lines
        if written == "yes":
            lines.append(
                _fact("Written down so far", f"{scope}; this page brings them up to date.")
            )
        elif written == "partly":
            lines.append(_fact("Written down so far", f"only part of the {scope}."))
            lines.append(_open("what was left unwritten, so that all of it is on this page."))
        elif written == "no":
            lines.append(_open(f"{scope} (none of it is written down yet)."))
        else:
            lines.append(_open(f"{scope}."))
        materials = facts.get("enablement_materials")
        # The fix agreed is the proposed enablement step: what it gives is agreed.
        covered = self.verdict.dominant_cause == "enablement" and (
            self.diagnosis.talking_points.proposed(self.conversation.fix)
        )
        agreed = "in the agreed fix (see Accountability)."
        if covered and materials in ("partly", "no"):
            materials = "agreed"
        lines.append(
            {
                "agreed": _fact(f"Materials and training for {self.partner}", agreed),
                "yes": _fact(f"Materials and training for {self.partner}", "in place."),
                "not-needed": _fact(f"Materials and training for {self.partner}", "not needed."),
                "partly": _open(
                    f"which materials {self.partner} still needs from us, and by when."
                ),
                "no": _open(
                    f"the materials and training {self.partner} gets from us, and by when."
                ),
            }.get(materials or "", _open(f"whether {self.partner} has the materials it needs."))
        )
        contact = facts.get("enablement_contact")
        if covered and contact == "no":
            contact = "agreed"
        lines.append(
            {
                "yes": _fact(
                    f"A point of contact for {possessive(self.partner)} questions", "in place."
                ),
                "not-needed": _fact(
                    f"A point of contact for {possessive(self.partner)} questions", "not needed."
                ),
                "agreed": _fact(
                    f"A point of contact for {possessive(self.partner)} questions", agreed
                ),
                "no": _open(
                    "one named contact on our side who answers "
                    f"{possessive(self.partner)} questions within a day."
                ),
            }.get(
                contact or "",
                _open(f"who answers {possessive(self.partner)} questions on our side."),
            )
        )
        return lines

    def _owner_lines(self, side: str) -> list[str]:
        facts = self.facts
        name = escape((facts.ours if side == "ours" else facts.theirs) or "")
        label = "Owner on our side" if side == "ours" else f"Owner at {self.partner}"
        where = "on our side" if side == "ours" else f"at {self.partner}"
        if not name:
            if self.exit:  # closing: one person to see the wrap-up through, not an owner
                return [_open(f"who {where} sees the wrap-up through (one person).")]
            return [_open(f"one named owner {where} (a person, not a committee).")]
        role = facts.in_role(side)
        if role == "yes":
            return [_fact(label, f"{name}, with the partnership part of their job.")]
        lines = [_fact(label, f"{name}.")]
        # With both owners named, the proposed ownership step is this very change: the agreed
        # fix below says it, so it is not also still to agree.
        covered = (
            self.verdict.dominant_cause == "owner"
            and bool(facts.ours and facts.theirs)
            and self.diagnosis.talking_points.proposed(self.conversation.fix)
        )
        if role in ("no", "partly") and not self.exit and not covered:
            lines.append(
                _open(
                    f"making the partnership part of {possessive(name)} goals, so it gets real "
                    "time."
                )
            )
        return lines

    def accountability(self) -> list[str]:
        conversation = self.conversation
        lines = [*self._owner_lines("ours"), *self._owner_lines("theirs")]
        proposed = self.diagnosis.talking_points.step_for(conversation.fix)
        fix = escape(proposed.in_writing if proposed else conversation.fix)
        owner = escape(conversation.owner)
        if fix:
            step = self.wrap_up or self.keep  # a next step, not a fix
            label = "Next step" if step else "Still owed" if self.exit else "Agreed fix"
            lines.append(_fact(label, fix))
            lines.append(
                _fact("Who owns it" if self.exit or step else "Who owns the fix", owner)
                if owner
                else _open("one person who owns " + ("it." if self.exit else "the fix."))
            )
        elif self.exit:
            lines.append(_open("what is still owed, who finishes each item, and by when."))
        elif self.pending:
            lines.append(_open("the one next step, with its owner, once the decision is made."))
        missed = self._missed_fix()
        if missed:
            lines.append(_open(missed))
        return lines

    def _missed_fix(self) -> str:
        missed = missed_fix(self.diagnosis, self.conversation)
        if missed is None:
            return ""
        by = f", due {long_date(missed.due)}" if missed.due is not None else ""
        return (
            f"whether last time's fix ({escape(missed.fix)}{by}), which {missed.how}, still "
            "stands, and by when."
        )

    def division(self) -> list[str]:
        facts = self.facts
        workload, agreed = facts.get("workload"), facts.get("workload_agreed")
        where = {"mostly-us": "mostly with us", "mostly-them": f"mostly with {self.partner}"}
        lines: list[str] = []
        if self.exit:
            if not (self.conversation.fix and self.conversation.side):
                lines.append(_open("which side finishes or hands over each open item."))
        elif workload == "balanced":
            lines.append(
                _fact("The work today", f"shared about evenly between us and {self.partner}.")
            )
        elif workload in where:
            if agreed == "yes":
                lines.append(_fact("The work today", f"{where[workload]}, as both sides agreed."))
            else:
                lines.append(_fact("The work today", f"{where[workload]}."))
                lines.append(
                    _open(
                        "a split of the work both sides accept (the current one was never agreed)."
                        if agreed == "no"
                        else "whether this split of the work suits both sides."
                    )
                )
        else:
            lines.append(_open("who carries which part of the work."))
        side = self.conversation.side
        if self.conversation.fix and side:
            acting = {
                "ours": "our side",
                "theirs": f"{possessive(self.partner)} side",
                "both": "both sides",
            }
            label = (
                "Who writes the wrap-up list"  # who finishes each item is on the list, to agree
                if self.wrap_up
                else "Who finishes what is still owed"
                if self.exit
                else "Who acts on it"
                if self.keep
                else "Who acts on the fix"
            )
            lines.append(_fact(label, f"{acting[side]}."))
        return lines

    @property
    def review_regular(self) -> bool:
        """The first review is the next meeting of the review already held."""
        return self.verdict.regular_review and self.first == self.verdict.next_review

    @property
    def review_proposed(self) -> bool:
        """The review is proposed, not agreed: the call was held to find out, or never raised
        it."""
        return self.to_find_out or not review_raised(self.diagnosis)

    @property
    def proposed_review(self) -> str:
        """A review proposed, in words: one already on the calendar is brought back, or moved
        to a day that comes soon enough, never proposed as if it were new."""
        return {
            "back": "bringing our review back: ",
            "forward": "our review, brought forward: ",
        }.get(self.verdict.review_moved or "", "a review of ")

    def communication(self) -> list[str]:
        if self.exit:
            if self.facts.get("standing_review") == "yes":  # one is on the calendar: not "none"
                rhythm = ADJECTIVE.get(self.facts.review_cadence or "", "")
                review = f"our {rhythm} review" if rhythm else "our review"
                # One that stopped meeting does not "go on": it would be restarted.
                goes = f"{review} goes on until the open items are done."
                if self.verdict.review == "lapsed":
                    goes = f"to restart {review} for the time it takes to finish the open items."
                first = _open(f"whether {goes}")
            else:
                first = _fact("Recurring review", "none; the partnership is closing.")
            return [
                first,
                _open("how the owners keep each other posted until the open items are done."),
            ]
        cadence, first = self.verdict.cadence, self.first
        rhythm = f"30 minutes {rhythm_words(cadence, first)}"
        label = "Review, if we carry on" if self.pending else "Review"
        if self.verdict.review_unplaced:
            # On the calendar already, on days not known here: a date to meet by, never a new
            # slot.
            kept = f"our {ADJECTIVE[cadence]} review, already on the calendar; next by "
            kept += long_date(first)
            line = (
                _open(f"{kept} (proposed).")
                if self.review_proposed
                else _fact(label, f"{kept} at the latest.")
            )
        elif self.review_regular:
            # Its length is its own, not known here: only the calendar file's new one is 30 min.
            slot = f"our {ADJECTIVE[cadence]} review, already on the calendar, "
            slot += rhythm_words(cadence, self.verdict.review_anchor)
            moved = self.verdict.moved_clause(long_date)
            line = _fact(label, f"{slot}; next on {long_date(first)}{moved}.")
        else:
            # A review held before is brought forward or back: its next meeting, not a first.
            moved = self.verdict.review_moved
            when = f"{rhythm}, {'next' if moved else 'first'} on {long_date(first)}"
            if self.review_proposed:
                line = _open(f"{self.proposed_review}{when} (proposed).")
            else:
                line = _fact(label, f"{f'our review, brought {moved}: ' if moved else ''}{when}.")
        lines = [line]
        lines.append(
            _fact("Agenda each time", "what moved, what is stuck, what each side does next.")
        )
        lines.append(
            _open("how the owners reach each other between reviews (a channel, an answer time).")
        )
        return lines

    def timeline(self) -> list[str]:
        conversation, facts = self.conversation, self.facts
        started = facts.date("started")
        lines = [_fact("Kicked off", f"{started:%B %Y}.")] if started is not None else []
        label = "Conversation" if self.keep else "Reset conversation"
        lines.append(_fact(label, f"{long_date(conversation.held_on)}."))
        due = conversation.due
        if self.exit:
            # Only the step agreed has a date: not everything that is still owed.
            label = "Wrap-up list due" if self.wrap_up else "Still owed, due by"
        elif self.pending:
            # The day we come back with a decision is the fix's (see the recap).
            label = "Fix due, and decision by" if conversation.fix else "Decision by"
        else:
            label = "Next step due" if self.keep else "Fix due"
        if due is not None:
            review = self.keep or agrees_the_review(self.diagnosis, conversation)
            # A fix that is the review itself: the review's line says its day (but a pending
            # timeline has no review line).
            if self.pending or not (review and due == self.first):
                lines.append(_fact(label, f"{long_date(due)}."))
            if self.wrap_up:
                lines.append(_open("the date everything still owed is done."))
        elif self.pending:
            lines.append(_fact(label, f"{long_date(self.first)}, the day of a first review."))
        elif conversation.fix or self.exit:
            listed = promised_list(self.diagnosis, conversation)
            if listed is not None:  # the list the recap promises, with a date for each
                who = escape(self.facts.ours or "") or "us"
                lines.append(
                    _fact(f"List of what is still owed, from {who}", f"{long_date(listed)}.")
                )
            what = "everything still owed is done." if self.exit else "the fix is due."
            lines.append(_open(f"the date {what}"))
        if not self.exit and not self.pending:
            label = (
                "Next review"
                if self.review_regular or self.verdict.review_met_before
                else "First review"
            )
            if self.verdict.review_unplaced:
                label = "Next review, at the latest"
            if not self.review_regular and self.review_proposed:
                label = f"{label}, proposed"
            lines.append(_fact(label, f"{long_date(self.first)}."))
        return lines

    def conflict(self) -> list[str]:
        if self.exit:
            return [_open("who settles a question about an open item while we wrap up.")]
        return [
            _open(
                "how either side raises a problem (the owners first, then the next review), "
                "and who decides when the owners cannot agree."
            )
        ]
