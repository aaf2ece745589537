"""Moving diagnoses in and out, the part that needs no database: the JSON export (plain answers
objects, the same ``unstall diagnose --answers`` reads, so ``unstall import`` takes the file
back), the Markdown document, and the checks of an import. The answers travel, and beside them
(key ``conversation``) the reset conversation held, when there is one: verdicts and talking
points are recomputed from the answers, the outcome from the conversation; the user's edited
talking points and outcomes recorded by hand stay in the database (the Markdown export carries
the edited points for people to read).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from playbook.answers import text_problem, validate
from playbook.conversation import FIELDS, LIMITS, MAX_DRAFT, PRIORITIES, SIDES, Conversation
from playbook.dates import to_date
from playbook.diagnosis import Diagnosis
from playbook.history import read_conversation
from playbook.outcome import DECISIONS
from playbook.questions import QUESTIONS
from playbook.report import diagnosis_markdown

DOCUMENT_TITLE = "# Unstall: partnership diagnoses"
CONVERSATION = "conversation"
"""The key of an export item that holds its diagnosis's conversation, beside the answers."""

NOT_A_LIST = (
    "the file must be a JSON array of answers objects, as `unstall export` writes "
    '(e.g. [{{"partner": "Acme", ...}}]); got {kind}. For a single answers object, use '
    "`unstall diagnose --answers FILE`"
)

_HEADING = re.compile(r"^( {0,3})(#{1,5})(?=[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


# -- export ----------------------------------------------------------------------------------


def _oldest_first(diagnosis: Diagnosis) -> tuple[str, int]:
    return (diagnosis.diagnosed_on.isoformat(), diagnosis.id if diagnosis.id is not None else 0)


def export_answers(diagnosis: Diagnosis) -> dict[str, str]:
    """The answers of ``diagnosis`` as stored, in the questionnaire's order, with its
    ``diagnosed_on`` always written (so relative dates never move on import). Keys that are
    not answer ids of the contract are left out: an answers file may not carry them."""
    answers = dict(diagnosis.answers)
    answers["diagnosed_on"] = diagnosis.diagnosed_on.isoformat()
    return {key: answers[key] for key in QUESTIONS if key in answers}


def export_json(diagnoses: Iterable[Diagnosis]) -> str:
    """A JSON array of answers objects, oldest diagnosis first (ties: in the order saved).

    Exporting, importing into an empty database and exporting again gives the same text."""
    ordered = sorted(diagnoses, key=_oldest_first)
    items: list[dict[str, Any]] = []
    for diagnosis in ordered:
        item: dict[str, Any] = export_answers(diagnosis)
        held = read_conversation(diagnosis.extra.get("conversation"))
        if held is not None:
            item[CONVERSATION] = held.to_dict()
        items.append(item)
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def demote_headings(markdown: str) -> str:
    """Every ATX heading one level deeper (``#`` -> ``##``), code fences left alone."""
    lines: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            lines.append(line)
            continue
        if opened:
            fence = opened.group(1)
            lines.append(line)
            continue
        lines.append(_HEADING.sub(r"\1#\2", line))
    return "\n".join(lines)


def export_markdown(diagnoses: Iterable[Diagnosis]) -> str:
    """One Markdown document: a title, then one section per diagnosis, newest first."""
    ordered = sorted(diagnoses, key=_oldest_first, reverse=True)
    count = len(ordered)
    intro = f"{count} diagnosis." if count == 1 else f"{count} diagnoses."
    parts = [f"{DOCUMENT_TITLE}\n\n{intro}\n"]
    parts.extend(demote_headings(diagnosis_markdown(diagnosis)) for diagnosis in ordered)
    return "\n".join(part.rstrip("\n") + "\n" for part in parts)


# -- import ----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did. Item numbers are 1-based, as people count."""

    added: list[int] = field(default_factory=list)
    """Ids of the diagnoses saved."""
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """(item number, why): exact duplicates."""
    rejected: list[tuple[int, list[str]]] = field(default_factory=list)
    """(item number, problems): each problem names its answer id."""
    partners: dict[int, str] = field(default_factory=dict)
    """The partner named by each skipped or rejected item, when it names one."""
    error: str | None = None
    """Set when the whole file was refused (it is not a list); nothing was imported."""

    @property
    def ok(self) -> bool:
        """Nothing was refused (duplicates skipped are fine)."""
        return self.error is None and not self.rejected

    def summary(self) -> str:
        """One sentence, e.g. ``Added 3, skipped 1 duplicate, rejected 1.``"""
        if self.error is not None:
            return f"Nothing imported: {self.error}."
        skipped = len(self.skipped)
        return (
            f"Added {len(self.added)}, skipped {skipped} duplicate{'' if skipped == 1 else 's'}, "
            f"rejected {len(self.rejected)}."
        )

    def details(self) -> list[str]:
        """One line per skipped item, and per rejected item followed by its problems."""
        lines: list[str] = []
        if self.error is not None:
            return lines
        events: list[tuple[int, list[str]]] = [
            (index, [f"{self._item(index)}: skipped, {reason}."]) for index, reason in self.skipped
        ]
        events.extend(
            (index, [f"{self._item(index)}: rejected:", *(f"  {r}" for r in reasons)])
            for index, reasons in self.rejected
        )
        for _, entry in sorted(events, key=lambda event: event[0]):
            lines.extend(entry)
        return lines

    def _item(self, index: int) -> str:
        partner = self.partners.get(index)
        return f"Item {index} ({partner})" if partner else f"Item {index}"


def canonical(answers: Mapping[str, Any]) -> str:
    """The answers as one comparable string: same answers, same string."""
    return json.dumps(answers, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _partner_of(item: object, clean: Mapping[str, str]) -> str:
    if clean.get("partner"):
        return str(clean["partner"])
    if isinstance(item, Mapping):
        raw = item.get("partner")
        if isinstance(raw, str) and raw.strip() and text_problem(raw) is None:
            return " ".join(raw.split())[:80]
    return ""


def _kind_of(value: object) -> str:
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a {type(value).__name__}"


_TEXTS = ("fix", "owner", "notes")
_DATES = ("held_on", "due", "recorded_on")


def conversation_problems(data: object) -> tuple[Conversation | None, list[str]]:
    """The conversation an import item carries, or what is wrong with it, each problem naming
    its key (``conversation.due: ...``): nothing in it is guessed at or dropped."""
    if not isinstance(data, Mapping):
        return None, [
            f"{CONVERSATION}: must be an object as 'unstall export' writes, not {_kind_of(data)}"
        ]
    problems = [
        f"{CONVERSATION}.{key}: is not a key of a conversation"
        for key in data
        if key not in (*FIELDS, "said", "recorded_on", "recap", "agreement")
    ]
    choices = {"priority": PRIORITIES, "decision": DECISIONS, "side": SIDES}
    for key, allowed in choices.items():
        value = data.get(key)
        if (key != "side" or value not in (None, "")) and value not in allowed:
            problems.append(
                f"{CONVERSATION}.{key}: {_brief(value)} is not one of {', '.join(allowed)}"
            )
    for key in _DATES:
        value = data.get(key)
        if (key == "held_on" or value is not None) and (
            not isinstance(value, str) or _safe_date(value) is None
        ):
            problems.append(
                f"{CONVERSATION}.{key}: {_brief(value)} is not a date such as 2026-12-04"
            )
    for key in (*_TEXTS, "recap", "agreement"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"{CONVERSATION}.{key}: must be text, not {_kind_of(value)}")
        elif isinstance(value, str) and (problem := text_problem(value)) is not None:
            problems.append(f"{CONVERSATION}.{key}: {problem}")
    limits = {**LIMITS, "recap": MAX_DRAFT, "agreement": MAX_DRAFT}
    problems += [
        f"{CONVERSATION}.{key}: is {len(value):,} characters long; keep it to {limits[key]:,} "
        "or fewer"
        for key in (*_TEXTS, "recap", "agreement")
        if isinstance(value := data.get(key), str) and len(value) > limits[key]
    ]
    said = data.get("said", [])
    if not isinstance(said, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in said
    ):
        problems.append(f"{CONVERSATION}.said: must be a list of point numbers, such as [0, 2]")
    if problems:
        return None, problems
    held = Conversation.from_dict(data)
    if held is None:  # pragma: no cover - every way from_dict refuses is named above
        return None, [f"{CONVERSATION}: is not a conversation 'unstall export' writes"]
    return held, []


def held_problems(held: Conversation, diagnosed_on: date, today: date) -> list[str]:
    """What makes a well-formed conversation impossible, as ``unstall conversation`` refuses
    it: held before the diagnosis or after today (a day's grace for time zones), due before it
    was held, a revive with no fix."""
    problems = []
    if held.held_on < diagnosed_on:
        problems.append(
            f"{CONVERSATION}.held_on: {held.held_on} is before the diagnosis ({diagnosed_on})"
        )
    if held.held_on > today + timedelta(days=1):  # a day's grace: exported where it is tomorrow
        problems.append(f"{CONVERSATION}.held_on: {held.held_on} is after today ({today})")
    if held.due is not None and held.due < held.held_on:
        problems.append(
            f"{CONVERSATION}.due: {held.due} is before the conversation ({held.held_on})"
        )
    if held.decision == "revive" and not held.fix.strip():
        problems.append(f"{CONVERSATION}.fix: a revive needs the one fix agreed")
    return problems


def _brief(value: object) -> str:
    """A value named in a problem: short text quoted, anything else by its kind."""
    if value is None:
        return "nothing (the key is missing or null)"
    if isinstance(value, str) and len(value) <= 40:
        return f"'{value}'"
    return _kind_of(value)


def _safe_date(value: str) -> date | None:
    try:
        return to_date(value)
    except ValueError:
        return None


def check_import(
    data: object, today: date, seen: Mapping[str, int]
) -> tuple[ImportReport, list[dict[str, str]], list[Conversation | None]]:
    """What an import of the parsed answers export ``data`` (a list of answers objects) does,
    given ``seen``, the canonical answers of every stored diagnosis (see :func:`canonical`) and
    its id: the report, and the clean answers to save with the conversation of each.

    Each item is validated like an answers file; invalid items are rejected with every problem;
    items whose clean answers equal a stored diagnosis or an earlier item are skipped."""
    report = ImportReport()
    accepted: list[dict[str, str]] = []
    held: list[Conversation | None] = []
    if not isinstance(data, list):
        report.error = NOT_A_LIST.format(kind=_kind_of(data))
        return report, accepted, held
    earlier: dict[str, int] = {}
    for index, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            report.rejected.append(
                (
                    index,
                    [
                        f"(item): must be a JSON object of answers such as "
                        f'{{"partner": "Acme"}}, not {_kind_of(item)}'
                    ],
                )
            )
            continue
        conversation, problems = None, []
        if CONVERSATION in item:  # null: none held, as when the key is absent
            if item[CONVERSATION] is not None:
                conversation, problems = conversation_problems(item[CONVERSATION])
            item = {key: value for key, value in item.items() if key != CONVERSATION}
        validated = validate(item, today)
        if conversation is not None and not validated.errors:
            diagnosed_on = to_date(validated.answers.get("diagnosed_on")) or today
            problems = held_problems(conversation, diagnosed_on, today)
        partner = _partner_of(item, validated.answers)
        if partner:
            report.partners[index] = partner
        if validated.errors or problems:
            report.rejected.append((index, [*map(str, validated.errors), *problems]))
            continue
        key = canonical(validated.answers)
        if key in seen:
            report.skipped.append((index, f"the same answers as diagnosis #{seen[key]}"))
            continue
        if key in earlier:
            report.skipped.append((index, f"the same answers as item {earlier[key]} of the file"))
            continue
        earlier[key] = index
        accepted.append(validated.answers)
        held.append(conversation)
    return report, accepted, held
