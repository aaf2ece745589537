"""The four operational causes of a stall, as data: what each is called, how it shows, and its fix.

Everything the app says about a cause lives here; the verdict engine picks which apply and fills
in the user's facts, screens only render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CauseId = Literal["owner", "rhythm", "expectations", "enablement"]


@dataclass(frozen=True)
class Cause:
    id: CauseId
    title: str
    looks_like: str
    fix: str

    @property
    def topic(self) -> str:
        """The cause as a subject: "ownership", "rhythm", ..."""
        return TOPICS[self.id]


TOPICS: dict[str, str] = {
    "owner": "ownership",
    "rhythm": "rhythm",
    "expectations": "expectations",
    "enablement": "enablement",
}


CAUSES: dict[str, Cause] = {
    "owner": Cause(
        "owner",
        "Ownership",
        "Nobody has the partnership in their actual job, so it gets the time left over: none.",
        "One named, accountable owner on each side, with the partnership in their real "
        "responsibilities: a person, not a committee.",
    ),
    "rhythm": Cause(
        "rhythm",
        "Rhythm",
        "No standing review: the partnership is discussed only when something breaks.",
        "A recurring review on the calendar with a short agenda: what moved, what is stuck, "
        "what each side does next.",
    ),
    "expectations": Cause(
        "expectations",
        "Expectations",
        "The two sides hold different pictures of who does what and what success is.",
        "Write down who owns which task, what each side committed to, and the one or two "
        "metrics that define 'working'.",
    ),
    "enablement": Cause(
        "enablement",
        "Enablement",
        "The partner was handed a product or programme and left to work it out alone.",
        "Clear materials, a real point of contact, and fast answers in the first weeks.",
    ),
}

PRECEDENCE: tuple[CauseId, ...] = ("owner", "rhythm", "expectations", "enablement")
"""Order among causes of equal strength: a missing owner outranks the rest."""

VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "healthy": ("Healthy", "Moving: no stall cause found and activity is holding."),
    "stalled": ("Stalled", "The fit is real but momentum is gone: usually recoverable."),
    "failed": ("Failed fit", "The fit was never there: plan a clean, friendly exit."),
    "unclear": ("Unclear", "Too little is known yet: find out a few facts before talking."),
}
"""Each verdict's name and one-line meaning, as shown to the user."""


def cause_title(cause: str) -> str:
    """The cause as the app names it ("Ownership" for ``owner``); an id it does not know (from
    a newer file) is shown as it is."""
    found = CAUSES.get(cause)
    return found.title if found is not None else cause


def cause_id(word: str) -> CauseId | None:
    """The cause a person means by ``word``: its title or topic as the app says it
    ("Ownership", "ownership"), or its id (``owner``), in any case; None when none."""
    wanted = word.strip().lower()
    for cause in CAUSES.values():
        if wanted in (cause.id, cause.title.lower(), cause.topic):
            return cause.id
    return None


CAUSE_WORDS: tuple[str, ...] = tuple(cause.topic for cause in CAUSES.values())
"""The word for each cause a person types (``--cause ownership``), in the order of ``CAUSES``."""
