"""A diagnosis: the answers, what they mean, and the drafted conversation, as one value.

The verdict and the talking points are always computed from the answers (a pure function), so
what ``diagnose`` printed and what ``show`` prints later are the same. Only what the user adds
(edited talking points, the conversation's outcome) is kept beside the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from playbook import v1
from playbook.dates import to_date
from playbook.points import POINTS_HEADING, PREP_HEADING, TalkingPoints
from playbook.talking_points import draft
from playbook.verdict import METHOD, Verdict, decide


@dataclass(frozen=True)
class Diagnosis:
    answers: Mapping[str, str]
    verdict: Verdict
    talking_points: TalkingPoints
    id: int | None = None
    created_at: str | None = None
    edited_points: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_answers(
        cls,
        answers: Mapping[str, str],
        *,
        id: int | None = None,  # noqa: A002 - the contract's name
        created_at: str | None = None,
        edited_points: str | None = None,
        extra: Mapping[str, Any] | None = None,
        method: int = METHOD,
    ) -> Diagnosis:
        """Decide and draft for clean answers (see :func:`playbook.answers.validate`), by the
        method the diagnosis was made with: a diagnosis saved under version 1 of the playbook
        is shown as it was decided then (:mod:`playbook.v1`)."""
        if method == 1:
            verdict = v1.decide_v1(answers)
            points = v1.draft_v1(verdict, answers)
        else:
            verdict = decide(answers)
            points = draft(verdict, answers)
        return cls(
            answers=dict(answers),
            verdict=verdict,
            talking_points=points,
            id=id,
            created_at=created_at,
            edited_points=edited_points,
            extra=dict(extra or {}),
        )

    @property
    def partner(self) -> str:
        return self.answers.get("partner", "")

    @property
    def diagnosed_on(self) -> date:
        return to_date(self.answers.get("diagnosed_on")) or self.verdict.diagnosed_on

    @property
    def points_text(self) -> str:
        """The talking points as the user last left them (their edit, or the draft)."""
        if self.edited_points is not None:
            return self.edited_points
        return self.talking_points.as_text()

    def to_contract(self) -> dict[str, Any]:
        """The verdict contract's JSON object (PLAYBOOK.md), plus the answers."""
        verdict = self.verdict.to_dict()
        return {
            "id": self.id,
            "partner": self.partner,
            "kind": self.answers.get("kind"),
            "diagnosed_on": self.diagnosed_on.isoformat(),
            "verdict": verdict["verdict"],
            "dominant_cause": verdict["dominant_cause"],
            "causes": verdict["causes"],
            "early_warning": verdict["early_warning"],
            "cadence": verdict["cadence"],
            "next_review": verdict["next_review"],
            "talking_points": self.talking_points.to_dict(),
            "conversation_on": self.talking_points.to_dict()["conversation_on"],
            "fit_failures": verdict.get("fit_failures", []),
            "value": verdict.get("value", []),
            "changed": verdict.get("changed"),
            "contradictions": verdict.get("contradictions", []),
            "method": self.verdict.method,
            "edited_talking_points": self.edited_points,
            "watch": verdict["watch"],
            "fit_concerns": verdict["fit_concerns"],
            "unknown": verdict["unknown"],
            "follow_up": verdict["follow_up"],
            "answers": dict(self.answers),
            "created_at": self.created_at,
            **{key: value for key, value in self.extra.items() if key not in ("answers",)},
        }


def spoken_points(diagnosis: Diagnosis) -> list[str]:
    """What the user says in the call, one point a line: the drafted points, or the bullets
    under "What to say" in the user's own edit of them (the notes before the call are left
    out). An edit with no bullets at all gives the drafted points."""
    if diagnosis.edited_points is None:
        return list(diagnosis.talking_points.points)
    lines = diagnosis.edited_points.splitlines()

    def heading(line: str) -> str:
        return line.strip().lstrip("#").strip().rstrip(":").strip().casefold()

    start = next(
        (n + 1 for n, line in enumerate(lines) if heading(line) == POINTS_HEADING.casefold()),
        None,
    )
    if start is not None:
        lines = lines[start:]
    else:
        in_prep = False
        kept = []
        for line in lines:
            if heading(line) == PREP_HEADING.casefold():
                in_prep = True
                continue
            if not in_prep:
                kept.append(line)
        lines = kept
    points: list[str] = []
    continues = False
    for line in lines:
        text = line.strip()
        if not text:
            continues = False
            continue
        bullet = text[:2] in ("- ", "* ", "• ")
        if bullet:
            points.append(text[2:].strip())
            continues = True
        elif continues and points:
            points[-1] += " " + text
        elif heading(line) not in (POINTS_HEADING.casefold(), PREP_HEADING.casefold()):
            points.append(text)
            continues = True
    return points or list(diagnosis.talking_points.points)
