"""How verdicts and trends look, in one place: a symbol and words (never colour alone), and the
colour for Textual content (theme variables) and for table cells (Rich styles)."""

from __future__ import annotations

from textual.content import Content

from playbook import clock
from playbook.causes import VERDICT_WORDS
from playbook.dates import describe
from playbook.inert import shown
from playbook.points import TalkingPoints

VERDICT_SYMBOL = {"healthy": "✔", "stalled": "◐", "failed": "✖", "unclear": "?"}

VERDICT_STYLE = {
    "healthy": "bold $success",
    "stalled": "bold $warning",
    "failed": "bold $error",
    "unclear": "bold $accent",
}
"""For Content (follows the theme)."""

VERDICT_CELL = {
    "healthy": "bold green",
    "stalled": "bold yellow",
    "failed": "bold red",
    "unclear": "bold cyan",
}
"""For Rich Text in table cells."""

TREND_WORDS = {
    "worse": "▼ worse",
    "better": "▲ better",
    "same": "= same",
    "first": "first",
    "unknown": "? not known",
}
TREND_STYLE = {
    "worse": "bold $error",
    "better": "bold $success",
    "same": "",
    "first": "dim",
    "unknown": "$accent",
}
TREND_CELL = {
    "worse": "bold red",
    "better": "bold green",
    "same": "",
    "first": "dim",
    "unknown": "cyan",
}


def verdict_class(verdict: str) -> str:
    """The CSS class a verdict's headline gets."""
    return f"-{verdict}"


def verdict_badge(verdict: str) -> str:
    """E.g. ``◐ STALLED``."""
    return f"{VERDICT_SYMBOL[verdict]} {VERDICT_WORDS[verdict][0].upper()}"


def diagnoses(count: int) -> str:
    """E.g. ``1 diagnosis``, ``3 diagnoses``."""
    return f"{count} diagnos{'is' if count == 1 else 'es'}"


def plan_lines(points: TalkingPoints) -> list[Content]:
    """The day proposed for the conversation and the next step with who acts ("both sides,
    owned by Alex Kim") and by when, as lines (none when the draft proposes neither). User
    text (an owner's name) stays plain text."""
    today = clock.today()
    lines: list[Content] = []
    if points.conversation_on is not None:
        lines.append(
            Content.assemble(
                "Hold the conversation on ",
                (describe(points.conversation_on, today), "bold"),
                ".",
            )
        )
    step = points.next_step
    if step is not None:
        lines.append(
            Content.assemble(
                ("Next step: ", "bold"),
                shown(step.fix.rstrip("."), one_line=True),
                ". ",
                ("Who acts: ", "bold"),
                shown(step.who, one_line=True),
                ". ",
                ("By ", "bold"),
                describe(step.due, today),
                ".",
            )
        )
    return lines
