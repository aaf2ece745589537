"""What changed between two diagnoses of one partner: answer by answer, cause by cause.

The answer to "is this partnership getting better?" A diagnosis is compared with the one before
it; the trend weighs the verdict first, then the total strength of the causes found.
"""

from __future__ import annotations

from dataclasses import dataclass

from playbook.causes import CAUSES
from playbook.diagnosis import Diagnosis
from playbook.questions import QUESTIONS, answer_text, short_name

VERDICT_RANK = {"healthy": 0, "unclear": 1, "stalled": 1, "failed": 2}

IGNORED = frozenset({"diagnosed_on", "partner"})
"""Answers that always differ or name the comparison itself."""


@dataclass(frozen=True)
class AnswerChange:
    id: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{short_name(self.id)}: {self.before} -> {self.after}"


@dataclass(frozen=True)
class CauseChange:
    cause: str
    status: str
    """``new``, ``resolved``, ``worse``, ``better`` or ``same``."""
    before: int
    after: int

    def __str__(self) -> str:
        return f"{CAUSES[self.cause].topic}: {self.status}"


@dataclass(frozen=True)
class Comparison:
    older: Diagnosis
    newer: Diagnosis
    answers: tuple[AnswerChange, ...]
    causes: tuple[CauseChange, ...]
    trend: str
    """``better``, ``worse`` or ``same``."""

    @property
    def verdict_change(self) -> str:
        before, after = self.older.verdict.verdict, self.newer.verdict.verdict
        return f"verdict: {before} -> {after}" if before != after else f"verdict: {after}"

    def lines(self) -> list[str]:
        """Every change in words: the verdict, causes that moved, then answers."""
        lines = [self.verdict_change]
        lines += [str(change) for change in self.causes if change.status != "same"]
        lines += [str(change) for change in self.answers]
        return lines

    def to_dict(self) -> dict[str, object]:
        return {
            "from": self.older.id,
            "to": self.newer.id,
            "trend": self.trend,
            "verdict": [self.older.verdict.verdict, self.newer.verdict.verdict],
            "causes": [
                {"cause": c.cause, "status": c.status, "before": c.before, "after": c.after}
                for c in self.causes
            ],
            "answers": [{"id": a.id, "before": a.before, "after": a.after} for a in self.answers],
        }


def shown(question_id: str, value: str | None) -> str:
    """An answer in a few words, for a comparison: "none" for nobody, a short date."""
    return answer_text(question_id, value, short=True)


def severity(diagnosis: Diagnosis) -> int:
    verdict = diagnosis.verdict
    return VERDICT_RANK[verdict.verdict] * 100 + sum(f.strength for f in verdict.causes)


def compare(older: Diagnosis, newer: Diagnosis) -> Comparison:
    """How ``newer`` differs from ``older`` (two diagnoses of the same partner)."""
    answers = tuple(
        AnswerChange(qid, shown(qid, older.answers.get(qid)), shown(qid, newer.answers.get(qid)))
        for qid in QUESTIONS
        if qid not in IGNORED and older.answers.get(qid) != newer.answers.get(qid)
    )
    before = {f.cause: f.strength for f in older.verdict.causes}
    after = {f.cause: f.strength for f in newer.verdict.causes}
    changes = []
    for cause in CAUSES:
        old, new = before.get(cause, 0), after.get(cause, 0)
        if not old and not new:
            continue
        if not old:
            status = "new"
        elif not new:
            status = "resolved"
        elif new > old:
            status = "worse"
        elif new < old:
            status = "better"
        else:
            status = "same"
        changes.append(CauseChange(cause, status, old, new))
    difference = severity(newer) - severity(older)
    trend = "worse" if difference > 0 else "better" if difference < 0 else "same"
    return Comparison(older, newer, answers, tuple(changes), trend)


def timeline(history: list[Diagnosis]) -> list[tuple[Diagnosis, Comparison | None]]:
    """Each diagnosis of one partner (oldest first) with what changed since the one before
    (``None`` for the first)."""
    return [
        (diagnosis, compare(history[index - 1], diagnosis) if index else None)
        for index, diagnosis in enumerate(history)
    ]
