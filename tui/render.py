"""A diagnosis as plain text for a terminal: what ``unstall show``, ``unstall diagnose`` and
plain mode print.

It lives apart from :mod:`tui.cli` so that plain mode (:mod:`tui.plain`) and the command line
can both use it without importing each other. Stored text is shown inert
(:func:`playbook.inert.shown`) by whoever prints it; names are made one-line here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playbook.causes import CAUSES, VERDICT_WORDS, cause_title
from playbook.conversation import PRIORITY_WORDS, Conversation
from playbook.dates import long_date
from playbook.diagnosis import Diagnosis
from playbook.inert import shown
from playbook.outcome import Outcome
from playbook.report import outcome_facts, points_markdown


def outcome_line(data: Mapping[str, Any] | None) -> str | None:
    """The recorded outcome on one line ("revive: a monthly review (owner Alex Kim), due Fri
    27 Nov 2026"), or None when there is none."""
    outcome = Outcome.from_dict(data)
    if outcome is None:
        return None
    due = f", due {long_date(outcome.due)}" if outcome.due else ""
    fix = f": {shown(outcome.fix, one_line=True)}" if outcome.fix else ""
    owner = f" (owner {shown(outcome.owner, one_line=True)})" if outcome.owner else ""
    return f"{outcome.decision}{fix}{owner}{due}"


def outcome_lines(data: Mapping[str, Any] | None) -> list[str]:
    """The recorded outcome as labelled lines (decision, fix, owner, due), or no lines."""
    outcome = Outcome.from_dict(data)
    if outcome is None:
        return []
    facts = outcome_facts(outcome)
    return ["Outcome", *(f"  {label}: {shown(text, one_line=True)}" for label, text in facts)]


def conversation_lines(data: Mapping[str, Any] | None) -> list[str]:
    """The reset conversation held, in two lines (when, the answer and the decision; what was
    agreed), or no lines when none was recorded."""
    held = Conversation.from_dict(data)
    if held is None:
        return []
    answer = PRIORITY_WORDS.get(held.priority, held.priority)
    agreed = shown(held.agreed_sentence, one_line=True) or "no fix agreed"
    return [
        f"Conversation held {long_date(held.held_on)}: still a priority? {answer}; "
        f"decision: {held.decision_note}",
        f"  {held.agreed_label}: {agreed}",
    ]


def render_text(diagnosis: Diagnosis, *, unstall: str = "unstall") -> str:
    """A diagnosis for the terminal: verdict first, then causes, warnings, rhythm, the outcome
    when one is recorded, then the talking points."""
    verdict = diagnosis.verdict
    name, meaning = VERDICT_WORDS[verdict.verdict][0], verdict.meaning
    head = f"{shown(diagnosis.partner, one_line=True)}: {name.upper()}"
    if verdict.dominant_cause:
        head += f" (dominant cause: {cause_title(verdict.dominant_cause).lower()})"
    lines = [
        head,
        meaning,
        f"Diagnosed on {long_date(verdict.diagnosed_on)}, saved as #{diagnosis.id}.",
        *([verdict.tie_note] if verdict.tie_note else []),
        "",
    ]
    for finding in verdict.causes:
        marker = "  <- dominant" if finding.cause == verdict.dominant_cause else ""
        lines.append(f"{CAUSES[finding.cause].title}{marker}")
        lines.extend(f"  - {sentence}" for sentence in finding.evidence)
        lines.append(f"  Fix: {finding.fix}")
        lines.append("")
    for heading, sentences in verdict.sentence_groups():
        if sentences:
            lines.append(heading)
            lines.extend(f"  - {sentence}" for sentence in sentences)
            lines.append("")
    if diagnosis.talking_points.path != "exit":  # a partnership being closed keeps no review
        lines.append(f"Rhythm: {verdict.rhythm(long_date(verdict.next_review))}")
        lines.append("")
    outcome = outcome_lines(diagnosis.extra.get("outcome"))
    if outcome:
        lines.extend(outcome)
        lines.append("")
    conversation = conversation_lines(diagnosis.extra.get("conversation"))
    if conversation:
        lines.extend([*conversation, ""])
    lines.append(points_markdown(diagnosis, plain=True).rstrip("\n").removeprefix("## "))
    lines.append("")
    lines.append(f"Copy the points: {unstall} points {diagnosis.id}")
    return "\n".join(lines)
