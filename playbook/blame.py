"""The blame check: phrases that turn a reset conversation into a trial, and why.

It flags accusations and absolutes aimed at the other side, guesses at their motives, keeping
score of who did the work, and pinning the stall on their side (their silence, their promises,
"as usual"). Each phrase carries a reason: why it hurts the conversation and what to say instead.

It runs on every draft the app writes (which must never trip it) and on any text the user edits.
Matching is case-insensitive, accepts straight and curly apostrophes, and respects word edges;
where one listed phrase starts another ("you dropped", "you dropped the ball"), the longer wins.
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
_SCORE = (
    "It keeps score of who did the work; say how the work is split today and agree on a split "
    "both sides accept."
)
_SIDE = (
    "It pins the stall on their side; describe what happened with dates, as something we both "
    "need to fix."
)
_PROMISE = (
    "It holds them to an old promise, which puts them on the defensive; agree on what each side "
    "does next, with a date."
)
_PATTERN = (
    "It implies they always fall short; name the one occasion with its date, and leave the "
    "pattern out."
)
_SILENCE = (
    "It makes the silence their doing; give the date we last spoke and ask what would help "
    "from here."
)
_RESENT = (
    "It carries resentment into the room; say what we would like to change and ask whether "
    "they want it too."
)

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
    # keeping score of who does the work
    ("falls on our side", _SCORE),
    ("falls on us", _SCORE),
    ("fallen on us", _SCORE),
    ("we've been carrying", _SCORE),
    ("we have been carrying", _SCORE),
    ("we've been doing all", _SCORE),
    ("we have been doing all", _SCORE),
    ("we do all the work", _SCORE),
    ("we did all the work", _SCORE),
    ("we've done all the work", _SCORE),
    ("we have done all the work", _SCORE),
    ("doing all the heavy lifting", _SCORE),
    ("done all the heavy lifting", _SCORE),
    ("did all the heavy lifting", _SCORE),
    ("we've done our part", _SCORE),
    ("we have done our part", _SCORE),
    ("we did our part", _SCORE),
    ("we held up our end", _SCORE),
    ("we've held up our end", _SCORE),
    ("we have held up our end", _SCORE),
    # blaming a side
    ("your side hasn't", _SIDE),
    ("your side has not", _SIDE),
    ("your side didn't", _SIDE),
    ("your side did not", _SIDE),
    ("your team hasn't", _SIDE),
    ("your team has not", _SIDE),
    ("your team didn't", _SIDE),
    ("your team did not", _SIDE),
    ("your lack of", _SIDE),
    ("no thanks to you", _SIDE),
    # holding them to what they said
    ("you were supposed to", _PROMISE),
    ("you said you would", _PROMISE),
    ("you said you'd", _PROMISE),
    # a pattern
    ("as usual", _PATTERN),
    ("once again you", _PATTERN),
    ("yet again", _PATTERN),
    # their silence
    ("still waiting on you", _SILENCE),
    ("waiting on your team", _SILENCE),
    ("waiting on your side", _SILENCE),
    ("you've gone quiet", _SILENCE),
    ("you have gone quiet", _SILENCE),
    ("you went quiet", _SILENCE),
    ("you dropped", _SILENCE),
    ("left us hanging", _SILENCE),
    # resentment
    ("we're tired of", _RESENT),
    ("we are tired of", _RESENT),
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


_LONGEST_FIRST = sorted(range(len(PHRASES)), key=lambda index: -len(PHRASES[index][0]))
"""The order the phrases are tried in at each place: a longer phrase wins over its start."""

_MATCHER = re.compile(
    "|".join(f"(?P<p{index}>{_pattern(PHRASES[index][0])})" for index in _LONGEST_FIRST),
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
