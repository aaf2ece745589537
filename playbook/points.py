"""What a drafted conversation is, as data: the path, what to say, the notes before the call,
the proposed day, and the one next step. The drafting itself is :mod:`playbook.talking_points`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from playbook.dates import long_date

Path = Literal["revive", "decide", "keep", "exit", "prepare"]
Side = Literal["ours", "theirs", "both"]

PATH_WORDS: dict[str, str] = {
    "keep": "Talking points to keep it going",
    "revive": "Talking points to revive it",
    "decide": "Talking points to decide, together",
    "exit": "Talking points for a clean exit",
    "prepare": "What to find out before talking",
}
"""Each path's title, as screens and Markdown show it."""

NEXT_WORDS: dict[str, str] = {
    "keep": "the talking points to keep it going",
    "revive": "the talking points to revive it",
    "decide": "the talking points to decide, together",
    "exit": "the talking points for a clean exit",
    "prepare": "what to find out before talking",
}
"""Each path as the object of "press t for ...". """

SIDE_WORDS: dict[str, str] = {
    "ours": "our side",
    "theirs": "their side",
    "both": "both sides",
}
"""Who must act on the next step, in words."""


def who_acts(side: str, owner: str) -> str:
    """Who acts, and who owns it when that is a person: "their side", "both sides, owned by
    Alex Kim"; an owner given as a side ("their side") is said once; with no side known, the
    owner alone."""
    words = SIDE_WORDS.get(side, side)
    if not owner or (words and owner in SIDE_WORDS.values()):
        return words
    return f"{words}, owned by {owner}" if words else owner


PREP_HEADING = "Before the call"
POINTS_HEADING = "What to say"

MAX_POINTS = 20_000
"""The longest edited talking points kept, in characters (see :func:`points_limit`)."""


def points_limit(drafted: str) -> int:
    """The longest the user's edit of ``drafted`` may be: :data:`MAX_POINTS`, or twice the
    draft when that is longer (a draft that quotes long notes)."""
    return max(MAX_POINTS, 2 * len(drafted))


@dataclass(frozen=True)
class NextStep:
    """The one fix, its one owner, the side that must act, and its one date. ``said`` is the
    fix as written to the partner (the recap): "you name one person ..." where ``fix`` notes
    "Acme names one owner ..."; empty when ``fix`` reads the same to both."""

    fix: str
    owner: str
    side: str
    due: date
    said: str = ""
    written: str = ""
    """The fix as the written agreement puts it, when ``fix`` is a note to the user only (the
    prepare path's "the diagnosis run again ..."); empty when ``fix`` will do."""

    @property
    def spoken(self) -> str:
        """The fix as written to the partner."""
        return self.said or self.fix

    @property
    def in_writing(self) -> str:
        """The fix as the written agreement puts it."""
        return self.written or self.fix

    @property
    def what(self) -> str:
        """The fix (the name version 1 used)."""
        return self.fix

    @property
    def who(self) -> str:
        """Who acts, and who owns it when that is a person: "their side", "both sides, owned
        by Alex Kim"."""
        return who_acts(self.side, self.owner)

    @property
    def sentence(self) -> str:
        return f"Next step: {self.fix}. Who acts: {self.who}. By {long_date(self.due)}."

    def to_dict(self) -> dict[str, str]:
        return {
            "fix": self.fix,
            "owner": self.owner,
            "side": self.side,
            "due": self.due.isoformat(),
        }


@dataclass(frozen=True)
class TalkingPoints:
    """A drafted conversation. ``points`` are said to the partner, verbatim, in order;
    ``prep`` are notes to self, never read aloud."""

    path: str
    points: tuple[str, ...]
    next_step: NextStep | None = None
    prep: tuple[str, ...] = ()
    conversation_on: date | None = None
    if_yes: NextStep | None = None
    """On the decide path, the step the points ask for if it is still a priority: their side
    names one owner (the next step is their decision, owner or wrap-up)."""

    def step_for(self, fix: str) -> NextStep | None:
        """The step these points proposed that ``fix`` is (kept as they put it): the next step,
        or on the decide path the step a yes leads to (:attr:`if_yes`); else ``None``."""
        return next((s for s in (self.next_step, self.if_yes) if s and s.fix == fix), None)

    def proposed(self, fix: str) -> bool:
        """Whether ``fix`` is a step these points proposed (see :meth:`step_for`)."""
        return self.step_for(fix) is not None

    def wraps_up(self, fix: str) -> bool:
        """Whether ``fix`` is the exit points' own step: the written wrap-up, the list of what
        is still owed (not one more item on it)."""
        return self.path == "exit" and self.proposed(fix)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "points": list(self.points),
            "prep": list(self.prep),
            "conversation_on": (self.conversation_on.isoformat() if self.conversation_on else None),
            "next_step": self.next_step.to_dict() if self.next_step else None,
        }

    def as_text(self) -> str:
        """The draft as plain Markdown, ready to paste into notes: the notes before the call
        (when there are any), then what to say, each a bullet list."""
        parts = []
        if self.prep:
            parts.append(PREP_HEADING + "\n\n" + "\n".join(f"- {line}" for line in self.prep))
        parts.append(POINTS_HEADING + "\n\n" + "\n".join(f"- {line}" for line in self.points))
        return "\n\n".join(parts) + "\n"
