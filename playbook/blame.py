"""The blame check: phrases that turn a reset conversation into a trial, and why.

It runs on every draft the app writes (which must never trip it) and on any text the user edits.
Matching is case-insensitive, accepts straight and curly apostrophes, and respects word edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ACCUSING = "It accuses the other side; state what we observed instead (dates, counts)."
_ABSOLUTE = "Absolutes invite a defence of the exceptions; name the specific occasions instead."
_VERDICT = "It assigns fault, and people defend themselves instead of fixing the problem."
_GROUP = "It lumps the other team together; speak to the people in the room."
_MOTIVE = "It guesses at their motives; ask whether this is still a priority instead."
_SHOULD = "It lectures about the past; propose what both sides do next."

PHRASES: tuple[tuple[str, str], ...] = (
    ("you never", _ABSOLUTE),
    ("you always", _ABSOLUTE),
    ("your fault", _VERDICT),
    ("you failed", _VERDICT),
    ("you didn't", _ACCUSING),
    ("you did not", _ACCUSING),
    ("you people", _GROUP),
    ("you guys never", _ABSOLUTE),
    ("you don't care", _MOTIVE),
    ("you do not care", _MOTIVE),
    ("you clearly", _MOTIVE),
    ("you obviously", _MOTIVE),
    ("you should have", _SHOULD),
    ("you ought to have", _SHOULD),
    ("you haven't", _ACCUSING),
    ("you have not", _ACCUSING),
    ("you promised", _ACCUSING),
    ("you dropped the ball", _VERDICT),
    ("you let us down", _VERDICT),
    ("you ignored", _ACCUSING),
    ("you keep", _ABSOLUTE),
    ("your team failed", _VERDICT),
    ("your team never", _ABSOLUTE),
    ("your side never", _ABSOLUTE),
    ("blame you", _VERDICT),
    ("because of you", _VERDICT),
)
"""Each flagged phrase with the reason it hurts the conversation."""


@dataclass(frozen=True)
class Flag:
    """One flagged phrase in a text: where it is, what it is, and why."""

    start: int
    end: int
    phrase: str
    reason: str


def _pattern(phrase: str) -> str:
    words = [re.escape(word).replace("'", "['\u2019]") for word in phrase.split()]
    return r"\b" + r"\s+".join(words) + r"\b"


_MATCHER = re.compile(
    "|".join(f"(?P<p{index}>{_pattern(phrase)})" for index, (phrase, _) in enumerate(PHRASES)),
    re.IGNORECASE,
)


def check(text: str) -> list[Flag]:
    """Every flagged phrase in ``text``, in order."""
    flags = []
    for match in _MATCHER.finditer(text):
        index = int((match.lastgroup or "p0")[1:])
        phrase, reason = PHRASES[index]
        flags.append(Flag(match.start(), match.end(), match.group(0), reason))
    return flags
