"""What changed between two diagnoses of one partner: answer by answer, cause by cause.

The answer to "is this partnership getting better?" A diagnosis is compared with the one before
it; the trend weighs the verdict first, then the total strength of the causes found.

Nothing unknown is read as progress:
- a cause found before and not now is ``resolved`` only when the answers that showed it are
  still known; when most of them are now missing or ``unsure`` it is ``unknown`` ("not known
  now"), since the cause may be there still (see ``CAUSE_ANSWERS``);
- when the newer diagnosis is ``unclear`` the trend is ``unknown`` ("not enough known to say"),
  never ``better`` (see ``trend_between``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from playbook.causes import CAUSES
from playbook.diagnosis import Diagnosis
from playbook.questions import QUESTIONS, answer_text, short_name

VERDICT_RANK = {"healthy": 0, "unclear": 1, "stalled": 1, "failed": 2}

IGNORED = frozenset({"diagnosed_on", "partner"})
"""Answers that always differ or name the comparison itself."""

CAUSE_ANSWERS: dict[str, tuple[str, ...]] = {
    "owner": (
        "owner_ours",
        "owner_theirs",
        "owner_ours_in_role",
        "owner_theirs_in_role",
        "owner_in_role",
    ),
    "rhythm": ("last_conversation", "standing_review", "review_cadence", "review_last_held"),
    "expectations": ("expectations_written", "success_metrics", "workload", "workload_agreed"),
    "enablement": ("enablement_materials", "enablement_contact"),
}
"""The answers that are the evidence for each cause: when most of those given before are now
unknown, a cause that is no longer found is "not known now", not "resolved"."""

STATUS_WORDS: dict[str, str] = {
    "new": "new",
    "resolved": "resolved",
    "unknown": "not known now",
    "worse": "worse",
    "better": "better",
    "same": "same",
}
"""Each cause status in words, as a comparison says it ("ownership: not known now")."""

TREND_MEANING: dict[str, str] = {
    "better": "better than the diagnosis before",
    "worse": "worse than the diagnosis before",
    "same": "about the same as the diagnosis before",
    "unknown": "not enough known to say",
}
"""Each trend value and what it means."""


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
    """``new``, ``resolved``, ``unknown`` (found before; its answers are unknown now),
    ``worse``, ``better`` or ``same``: see ``STATUS_WORDS``."""
    before: int
    after: int

    def __str__(self) -> str:
        return f"{CAUSES[self.cause].topic}: {STATUS_WORDS[self.status]}"


@dataclass(frozen=True)
class Comparison:
    older: Diagnosis
    newer: Diagnosis
    answers: tuple[AnswerChange, ...]
    causes: tuple[CauseChange, ...]
    trend: str
    """``better``, ``worse``, ``same`` or ``unknown`` (the newer diagnosis is ``unclear``):
    see ``trend_between``."""

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
    """How bad it looks: the verdict's rank first, then the total strength of the causes."""
    verdict = diagnosis.verdict
    return VERDICT_RANK[verdict.verdict] * 100 + sum(f.strength for f in verdict.causes)


def trend_between(
    older_verdict: str, older_severity: int, newer_verdict: str, newer_severity: int
) -> str:
    """The trend from one diagnosis to the next, from what the store keeps of each.

    - ``unknown`` when the newer verdict is ``unclear``: too little is known now to say, so an
      unclear follow-up is never ``better`` (nor ``worse``);
    - otherwise ``worse``, ``better`` or ``same`` as the severity rose, fell or held (an unclear
      older diagnosis is compared like any other: its verdict is already weighed in its
      severity).
    """
    if newer_verdict == "unclear":
        return "unknown"
    difference = newer_severity - older_severity
    return "worse" if difference > 0 else "better" if difference < 0 else "same"


def is_unknown(answers: Mapping[str, object], question_id: str) -> bool:
    """Not answered, or answered ``unsure``."""
    value = answers.get(question_id)
    return value is None or value == "unsure"


def evidence_lost(cause: str, before: Mapping[str, object], after: Mapping[str, object]) -> bool:
    """Whether most of the answers that were evidence for ``cause`` before are unknown now.

    The answers weighed are those of ``CAUSE_ANSWERS[cause]`` that were known before (all of
    them, if none was): more than half of them missing or ``unsure`` now means the evidence is
    gone, not the cause."""
    ids = CAUSE_ANSWERS[cause]
    given = [qid for qid in ids if not is_unknown(before, qid)] or list(ids)
    lost = sum(is_unknown(after, qid) for qid in given)
    return lost * 2 > len(given)


def cause_status(
    cause: str, old: int, new: int, before: Mapping[str, object], after: Mapping[str, object]
) -> str:
    """How one cause moved, from its strength before and now and the answers each time."""
    if not old:
        return "new"
    if not new:
        return "unknown" if evidence_lost(cause, before, after) else "resolved"
    if new > old:
        return "worse"
    if new < old:
        return "better"
    return "same"


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
        status = cause_status(cause, old, new, older.answers, newer.answers)
        changes.append(CauseChange(cause, status, old, new))
    trend = trend_between(
        older.verdict.verdict, severity(older), newer.verdict.verdict, severity(newer)
    )
    return Comparison(older, newer, answers, tuple(changes), trend)


def timeline(history: list[Diagnosis]) -> list[tuple[Diagnosis, Comparison | None]]:
    """Each diagnosis of one partner (oldest first) with what changed since the one before
    (``None`` for the first)."""
    return [
        (diagnosis, compare(history[index - 1], diagnosis) if index else None)
        for index, diagnosis in enumerate(history)
    ]
