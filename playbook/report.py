"""A whole diagnosis as Markdown: for a shared document, an email, or ``unstall points``.

User text is written literally: Markdown control characters in names and notes are escaped so a
partner called ``*Acme* [beta]`` stays exactly that, and control characters are made visible
(see :mod:`playbook.inert`): a document never carries an escape sequence, a NUL or a bidi
override.
"""

from __future__ import annotations

from playbook import inert
from playbook.causes import CAUSES, VERDICT_WORDS
from playbook.dates import long_date
from playbook.diagnosis import Diagnosis
from playbook.points import PATH_WORDS, POINTS_HEADING, PREP_HEADING
from playbook.questions import SECTIONS, answer_text


def escape(text: str) -> str:
    """``text`` with Markdown control characters escaped, on one line (see
    :func:`playbook.inert.markdown_text`)."""
    return inert.markdown_text(text)


def points_markdown(diagnosis: Diagnosis) -> str:
    """Just the talking points, as the user last left them, under a short heading."""
    verdict = diagnosis.verdict
    drafted = diagnosis.talking_points
    title = PATH_WORDS[drafted.path]
    head = f"## {title}: {escape(diagnosis.partner)}, {long_date(verdict.diagnosed_on)}\n\n"
    if diagnosis.edited_points is not None:
        # The user's own text: kept as written, Markdown and all; only control characters are
        # made visible.
        return head + inert.shown(diagnosis.edited_points).rstrip("\n") + "\n"
    parts = []
    if drafted.prep:
        parts.append(f"### {PREP_HEADING}\n\n" + _bullets(drafted.prep))
    parts.append(f"### {POINTS_HEADING}\n\n" + _bullets(drafted.points))
    step = drafted.next_step
    if step is not None:
        parts.append(f"### Next step\n\n{escape(step.sentence)}")
    return head + "\n\n".join(parts) + "\n"


def _bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"- {escape(line)}" for line in lines)


def diagnosis_markdown(diagnosis: Diagnosis) -> str:
    """The whole diagnosis: verdict, causes, early warnings, rhythm, talking points, answers."""
    verdict = diagnosis.verdict
    name, meaning = VERDICT_WORDS[verdict.verdict]
    lines = [
        f"# {escape(diagnosis.partner)}: {name}",
        "",
        f"Diagnosed on {long_date(verdict.diagnosed_on)}"
        + (f" (#{diagnosis.id})" if diagnosis.id is not None else "")
        + ".",
        "",
        f"**Verdict: {name}.** {meaning}",
    ]
    if verdict.dominant_cause:
        lines.append(f"**Dominant cause: {CAUSES[verdict.dominant_cause].title}.**")
    lines.append("")
    if verdict.follow_up:
        lines += ["## Last time", "", escape(verdict.follow_up), ""]
    if verdict.causes:
        lines.append("## Causes")
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
            lines.append(f"## {heading}")
            lines.append("")
            lines.extend(f"- {escape(sentence)}" for sentence in sentences)
            lines.append("")
    lines.append("## Rhythm")
    lines.append("")
    lines.append(
        f"Recommended review: {verdict.cadence}; first review on {long_date(verdict.next_review)}."
    )
    lines.append("")
    lines.append(points_markdown(diagnosis).rstrip("\n"))
    lines.append("")
    lines.append("## Answers")
    lines.append("")
    for section in SECTIONS:
        lines.append(f"**{section.title}**")
        lines.append("")
        for question in section.questions:
            if not question.applies(diagnosis.answers):
                continue
            value = diagnosis.answers.get(question.id)
            shown = answer_text(question.id, value, diagnosis.answers.get("diagnosed_on"))
            lines.append(f"- {escape(question.prompt)} {escape(shown)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
