"""How verdicts and trends look, in one place: a symbol and words (never colour alone), and the
colour for Textual content (theme variables) and for table cells (Rich styles)."""

from __future__ import annotations

from playbook.causes import VERDICT_WORDS

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
