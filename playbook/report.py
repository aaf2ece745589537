"""A whole diagnosis as Markdown: for a shared document, an email, or ``unstall points``.

User text is written literally: Markdown control characters in names and notes are escaped so a
partner called ``*Acme* [beta]`` stays exactly that, and control characters are made visible
(see :mod:`playbook.inert`): a document never carries an escape sequence, a NUL or a bidi
override. Notes keep their lines: each on a line of its own, paragraphs apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from playbook import inert
from playbook.causes import CAUSES, VERDICT_WORDS
from playbook.conversation import PRIORITY_WORDS, Conversation
from playbook.dates import long_date
from playbook.diagnosis import Diagnosis
from playbook.outcome import Outcome
from playbook.points import PATH_WORDS, POINTS_HEADING, PREP_HEADING
from playbook.questions import SECTIONS, answer_text


def escape(text: str) -> str:
    """``text`` with Markdown control characters escaped, on one line (see
    :func:`playbook.inert.markdown_text`)."""
    return inert.markdown_text(text)


def escape_lines(text: str) -> str:
    """``text`` escaped as :func:`escape` does, with its line breaks kept, for notes inside a
    ``- `` list item: the lines of a paragraph end in a hard break, paragraphs stay apart, and
    every line is indented to stay in the item (see :func:`playbook.inert.markdown_lines`)."""
    return inert.markdown_lines(text, indent="  ")


DECISION_WORDS: dict[str, str] = {
    "revive": "Revive",
    "exit": "Exit",
    "pending": "Still pending",
}
"""Each outcome decision as a person reads it."""

OUTCOME_HEADING = "Outcome of the conversation"
CONVERSATION_HEADING = "The reset conversation"
REVIEW_HEADING = "Review rhythm"
ANSWERS_HEADING = "Answers"
CAUSES_HEADING = "Causes"
GROUP_HEADINGS = {"Fit": "Fit concerns"}
"""Headings of :meth:`Verdict.sentence_groups` said differently here, so that no heading of a
report repeats another (the answers have a "Fit" section too)."""


def points_markdown(
    diagnosis: Diagnosis, *, level: int = 2, titled: bool = True, plain: bool = False
) -> str:
    """Just the talking points, as the user last left them, under a short heading: the path's
    title with the partner and the date (``titled``), or the title alone (inside a report,
    which is headed with both). ``level`` is the heading's level; its parts are one deeper.
    ``plain``: for a terminal, not a Markdown document: stored text is shown as it is (made
    inert by :func:`playbook.inert.shown`), with no Markdown escapes to read."""
    verdict = diagnosis.verdict
    drafted = diagnosis.talking_points
    esc = _plain if plain else escape
    title = PATH_WORDS[drafted.path]
    if titled:
        title += f": {esc(diagnosis.partner)}, {long_date(verdict.diagnosed_on)}"
    head = f"{'#' * level} {title}\n\n"
    if diagnosis.edited_points is not None:
        # The user's own text: kept as written, Markdown and all; only control characters are
        # made visible.
        return head + inert.shown(diagnosis.edited_points).rstrip("\n") + "\n"
    sub = "#" * (level + 1)
    parts = []
    if drafted.prep:
        parts.append(f"{sub} {PREP_HEADING}\n\n" + _bullets(drafted.prep, esc))
    parts.append(f"{sub} {POINTS_HEADING}\n\n" + _bullets(drafted.points, esc))
    step = drafted.next_step
    if step is not None:
        parts.append(f"{sub} Next step\n\n{esc(step.sentence)}")
    return head + "\n\n".join(parts) + "\n"


def outcome_markdown(data: Mapping[str, Any] | None) -> list[str]:
    """The recorded outcome (decision, fix, owner, due) as a section, or no lines."""
    outcome = Outcome.from_dict(data)
    if outcome is None:
        return []
    facts = [f"- **{label}:** {escape(value)}" for label, value in outcome_facts(outcome)]
    return [f"## {OUTCOME_HEADING}", "", *facts, ""]


def conversation_markdown(conversation: Conversation | None) -> list[str]:
    """The reset conversation that was held (the day, the answer to the priority question,
    what was agreed, the decision, the notes) as a section, or no lines."""
    if conversation is None:
        return []
    facts = [
        f"- **Held on:** {long_date(conversation.held_on)}",
        f"- **Still a priority for their team?** {PRIORITY_WORDS[conversation.priority]}",
    ]
    if conversation.agreed_sentence:
        label = conversation.agreed_label
        facts.append(f"- **{label}:** {escape(conversation.agreed_sentence)}")
    called = conversation.called
    changed = called != conversation.decision
    note = f" ({DECISION_WORDS[called].lower()} in the call)" if changed else ""
    facts.append(f"- **Decision:** {DECISION_WORDS[conversation.decision]}{note}")
    if conversation.notes.strip():
        facts.append(f"- **Notes:** {escape_lines(conversation.notes)}")
    return [f"## {CONVERSATION_HEADING}", "", *facts, ""]


def outcome_facts(outcome: Outcome) -> list[tuple[str, str]]:
    """What an outcome records, as (label, text) pairs for any front end: the decision, then
    the fix, owner, due date and day recorded that it has. The text is as the user gave it."""
    facts = [("Decision", DECISION_WORDS[outcome.decision])]
    facts += [("Fix", outcome.fix)] if outcome.fix else []
    facts += [("Owner", outcome.owner)] if outcome.owner else []
    facts += [("Due", long_date(outcome.due))] if outcome.due else []
    facts += [("Recorded on", long_date(outcome.recorded_on))] if outcome.recorded_on else []
    return facts


def _bullets(lines: tuple[str, ...], esc: Callable[[str], str] = escape) -> str:
    return "\n".join(f"- {esc(line)}" for line in lines)


def _plain(text: str) -> str:
    """``text`` on one line for a terminal: inert, as it is, no Markdown escapes."""
    return inert.shown(" ".join(text.split()), one_line=True)


def diagnosis_heading(diagnosis: Diagnosis) -> str:
    """The report's heading: partner, verdict, the day of the diagnosis and its number, e.g.
    ``Harbor Travel: Stalled, Mon 23 Nov 2026 (#7)``, so that the diagnoses of one partner in
    one document never share a heading."""
    name = VERDICT_WORDS[diagnosis.verdict.verdict][0]
    number = f" (#{diagnosis.id})" if diagnosis.id is not None else ""
    return (
        f"{escape(diagnosis.partner)}: {name}, {long_date(diagnosis.verdict.diagnosed_on)}{number}"
    )


def diagnosis_markdown(diagnosis: Diagnosis) -> str:
    """The whole diagnosis: verdict, the outcome when one is recorded, causes, early warnings,
    the review rhythm, talking points, answers. Every heading in it is different."""
    verdict = diagnosis.verdict
    name, meaning = VERDICT_WORDS[verdict.verdict][0], verdict.meaning
    lines = [
        f"# {diagnosis_heading(diagnosis)}",
        "",
        f"Diagnosed on {long_date(verdict.diagnosed_on)}"
        + (f" (#{diagnosis.id})" if diagnosis.id is not None else "")
        + ".",
        "",
        f"**Verdict: {name}.** {meaning}",
    ]
    if verdict.dominant_cause:
        lines.append(f"**Dominant cause: {CAUSES[verdict.dominant_cause].title}.**")
        if verdict.tie_note:
            lines += ["", verdict.tie_note]
    lines.append("")
    held = Conversation.from_dict(diagnosis.extra.get("conversation"))
    recorded = Outcome.from_dict(diagnosis.extra.get("outcome"))
    if held is None or held.later is not None or recorded != held.outcome:
        lines += outcome_markdown(diagnosis.extra.get("outcome"))
    lines += conversation_markdown(held)
    if verdict.follow_up:
        lines += ["## Last time", "", escape(verdict.follow_up), ""]
    if verdict.causes:
        lines.append(f"## {CAUSES_HEADING}")
        lines.append("")
        for finding in verdict.causes:
            marker = " (dominant)" if finding.cause == verdict.dominant_cause else ""
            lines.append(f"### {CAUSES[finding.cause].title}{marker}")
            lines.append("")
            lines.extend(f"- {escape(sentence)}" for sentence in finding.evidence)
            lines.append(f"- **Fix:** {escape(finding.fix)}")
            lines.append("")
    for heading, sentences in verdict.sentence_groups():
        if sentences:
            lines.append(f"## {GROUP_HEADINGS.get(heading, heading)}")
            lines.append("")
            lines.extend(f"- {escape(sentence)}" for sentence in sentences)
            lines.append("")
    if diagnosis.talking_points.path != "exit":  # a partnership being closed keeps no review
        lines.append(f"## {REVIEW_HEADING}")
        lines.append("")
        sentence = verdict.rhythm(long_date(verdict.next_review))
        lines.append(sentence[0].upper() + sentence[1:])
        lines.append("")
    lines.append(points_markdown(diagnosis, titled=False).rstrip("\n"))
    lines.append("")
    lines.append(f"## {ANSWERS_HEADING}")
    lines.append("")
    for section in SECTIONS:
        lines.append(f"**{section.title}**")
        lines.append("")
        for question in section.questions:
            if not question.applies(diagnosis.answers):
                continue
            value = diagnosis.answers.get(question.id)
            shown = answer_text(question.id, value, diagnosis.answers.get("diagnosed_on"))
            text = escape_lines(shown) if question.multiline else escape(shown)
            lines.append(f"- {escape(question.prompt)} {text}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
