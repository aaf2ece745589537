"""Moving diagnoses in and out, the part that needs no database: the JSON export, the Markdown
document, and the checks of an import.

Each item of the JSON export is a diagnosis's answers (every answer id an answers file may hold,
follow-up ones included), and beside them what it keeps: ``method``, the playbook version that
decided it; ``edited_talking_points``, the user's own version of the points; ``conversation``,
the reset conversation held; ``outcome``, when it was recorded by hand (not the conversation's).
``unstall import`` takes the file back: verdicts and talking points are recomputed from the
answers by the version that decided them, so moving machines changes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from playbook.answers import text_problem, validate
from playbook.conversation import FIELDS, LIMITS, MAX_DRAFT, PRIORITIES, SIDES, Conversation
from playbook.dates import to_date
from playbook.diagnosis import Diagnosis
from playbook.history import Kept, kept_of
from playbook.outcome import DECISIONS, Outcome
from playbook.points import points_limit
from playbook.questions import ALL_QUESTIONS
from playbook.report import diagnosis_markdown
from playbook.verdict import METHOD, join_words

DOCUMENT_TITLE = "# Unstall: partnership diagnoses"
CONVERSATION = "conversation"
"""The key of an export item that holds its diagnosis's conversation, beside the answers."""
METHOD_KEY, EDITED, OUTCOME = "method", "edited_talking_points", "outcome"
"""The other keys of an export item beside the answers (named as in ``unstall show --json``)."""
KEPT_KEYS = (METHOD_KEY, EDITED, OUTCOME, CONVERSATION)
METHODS = (1, METHOD)
"""The playbook versions this Unstall decides by (version 1: :mod:`playbook.v1`)."""

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
    """The answers of ``diagnosis`` as stored, in the questionnaire's order (then a follow-up's
    and version 1's), with its ``diagnosed_on`` always written (so relative dates never move on
    import). Keys that are not answer ids are left out: an answers file may not carry them."""
    answers = dict(diagnosis.answers)
    answers["diagnosed_on"] = diagnosis.diagnosed_on.isoformat()
    return {key: answers[key] for key in ALL_QUESTIONS if key in answers}


def export_json(diagnoses: Iterable[Diagnosis]) -> str:
    """A JSON array of answers objects, oldest diagnosis first (ties: in the order saved).

    Exporting, importing into an empty database and exporting again gives the same text."""
    ordered = sorted(diagnoses, key=_oldest_first)
    items: list[dict[str, Any]] = []
    for diagnosis in ordered:
        item: dict[str, Any] = export_answers(diagnosis)
        kept = kept_of(diagnosis)
        item[METHOD_KEY] = kept.method
        if kept.edited_points is not None:
            item[EDITED] = kept.edited_points
        if kept.conversation is not None:
            item[CONVERSATION] = kept.conversation.to_dict()
        if kept.outcome is not None and (
            kept.conversation is None or kept.outcome != kept.conversation.outcome
        ):
            item[OUTCOME] = kept.outcome.to_dict()
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
    completed: list[tuple[int, int, str]] = field(default_factory=list)
    """(item number, diagnosis id, what was added): duplicates of a stored diagnosis that gave
    it what it lacked (its conversation, edited points or outcome)."""
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
        completed = f"filled in {len(self.completed)} already stored, " if self.completed else ""
        return (
            f"Added {len(self.added)}, {completed}"
            f"skipped {skipped} duplicate{'' if skipped == 1 else 's'}, "
            f"rejected {len(self.rejected)}."
        )

    def details(self, *, rejected: bool = True) -> list[str]:
        """One line per skipped or completed item, and (unless not ``rejected``) per rejected
        item followed by its problems, in the order of the file."""
        lines: list[str] = []
        if self.error is not None:
            return lines
        events: list[tuple[int, list[str]]] = [
            (index, [f"{self._item(index)}: skipped: {reason}."]) for index, reason in self.skipped
        ]
        events.extend(
            (
                index,
                [f"{self._item(index)}: already stored as #{doc_id}, which now also has {what}."],
            )
            for index, doc_id, what in self.completed
        )
        if rejected:
            events.extend(self._rejections())
        for _, entry in sorted(events, key=lambda event: event[0]):
            lines.extend(entry)
        return lines

    def rejections(self) -> list[str]:
        """Per rejected item, its heading line, then its problems (indented)."""
        return [line for _, entry in self._rejections() for line in entry]

    def _rejections(self) -> list[tuple[int, list[str]]]:
        return [
            (index, [f"{self._item(index)}: rejected:", *(f"  {r}" for r in reasons)])
            for index, reasons in sorted(self.rejected)
        ]

    def duplicate(self, index: int, doc_id: int, added: list[str], differs: list[str]) -> None:
        """Item ``index`` has the answers of stored diagnosis ``doc_id``: it gave it ``added``
        (filled in, e.g. ``edited talking points``), or nothing (skipped); ``differs``, what
        the diagnosis has of its own and the item has otherwise."""
        was = "were" if len(differs) > 1 else "was"
        own = f"its own {join_words(differs)}" if differs else ""
        if added:
            kept = f"; it keeps {own}, the file's {was} not used" if differs else ""
            self.completed.append((index, doc_id, f"the file's {join_words(added)}{kept}"))
        else:
            kept = f", with {own}; the file's {was} not used" if differs else ""
            self.skipped.append((index, f"{ALREADY_STORED.format(doc_id=doc_id)}{kept}"))

    def _item(self, index: int) -> str:
        partner = self.partners.get(index)
        return f"Item {index} ({partner})" if partner else f"Item {index}"


ALREADY_STORED = "already stored as #{doc_id}"
"""Why an import item equal to a stored diagnosis is skipped (the same answers)."""


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
        if key not in (*FIELDS, "said", "recorded_on", "recap", "agreement", *_LATER)
    ]
    problems += _later_problems(data)
    choices = {"priority": PRIORITIES, "decision": DECISIONS, "side": SIDES}
    for key, allowed in choices.items():
        value = data.get(key)
        if (key != "side" or value not in (None, "")) and value not in allowed:
            problems.append(
                f"{CONVERSATION}.{key}: {_brief(value)} is not one of {', '.join(allowed)}"
            )
    problems += _date_problems(CONVERSATION, data, _DATES, required="held_on")
    limits = {**{key: LIMITS[key] for key in _TEXTS}, "recap": MAX_DRAFT, "agreement": MAX_DRAFT}
    problems += _text_problems(CONVERSATION, data, limits)
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


_LATER = ("later", "decision_in_call")
"""The keys of a conversation an outcome recorded since the call adds (both, or neither)."""


def _later_problems(data: Mapping[str, Any]) -> list[str]:
    """What is wrong with the outcome recorded since the call a conversation carries."""
    if not any(key in data for key in _LATER):
        return []
    if not all(key in data for key in _LATER):
        return [f"{CONVERSATION}: 'later' and 'decision_in_call' come together, or neither"]
    later, problems = outcome_problems(data["later"])
    problems = [f"{CONVERSATION}.later{problem.removeprefix(OUTCOME)}" for problem in problems]
    called = data["decision_in_call"]
    if called not in DECISIONS:
        problems.append(
            f"{CONVERSATION}.decision_in_call: {_brief(called)} is not one of "
            + ", ".join(DECISIONS)
        )
    if later is not None and later.decision != data.get("decision"):
        problems.append(
            f"{CONVERSATION}.later.decision: {_brief(later.decision)} is not the conversation's "
            "decision"
        )
    return problems


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
    if held.called == "revive" and not held.fix.strip():
        problems.append(f"{CONVERSATION}.fix: a revive needs the one fix agreed")
    return problems


def _brief(value: object) -> str:
    """A value named in a problem: short text quoted, anything else by its kind."""
    if value is None:
        return "nothing (the key is missing or null)"
    if isinstance(value, str) and len(value) <= 40:
        return f"'{value}'"
    return _kind_of(value)


def _text_problems(prefix: str, data: Mapping[str, Any], limits: Mapping[str, int]) -> list[str]:
    """What is wrong with each key of ``limits`` in ``data`` (``prefix.key: ...``): it may be
    absent or null, else it is valid Unicode text no longer than its limit."""
    problems = []
    for key, limit in limits.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{prefix}.{key}: must be text, not {_kind_of(value)}")
            continue
        if (problem := text_problem(value)) is not None:
            problems.append(f"{prefix}.{key}: {problem}")
        if len(value) > limit:
            problems.append(
                f"{prefix}.{key}: is {len(value):,} characters long; keep it to {limit:,} or fewer"
            )
    return problems


def _date_problems(
    prefix: str, data: Mapping[str, Any], keys: Iterable[str], required: str = ""
) -> list[str]:
    """What is wrong with each date of ``keys`` in ``data``: absent or null (unless it is the
    ``required`` one), else an ISO date."""
    return [
        f"{prefix}.{key}: {_brief(value)} is not a date such as 2026-12-04"
        for key in keys
        if ((value := data.get(key)) is not None or key == required)
        and (not isinstance(value, str) or _safe_date(value) is None)
    ]


def _safe_date(value: str) -> date | None:
    try:
        return to_date(value)
    except ValueError:
        return None


def outcome_problems(data: object) -> tuple[Outcome | None, list[str]]:
    """The outcome recorded by hand an import item carries, or what is wrong with it, each
    problem naming its key (``outcome.due: ...``)."""
    if not isinstance(data, Mapping):
        return None, [
            f"{OUTCOME}: must be an object as 'unstall export' writes, not {_kind_of(data)}"
        ]
    problems = [
        f"{OUTCOME}.{key}: is not a key of an outcome"
        for key in data
        if key not in ("decision", "fix", "owner", "due", "recorded_on")
    ]
    if data.get("decision") not in DECISIONS:
        problems.append(
            f"{OUTCOME}.decision: {_brief(data.get('decision'))} is not one of "
            + ", ".join(DECISIONS)
        )
    problems += _text_problems(OUTCOME, data, {key: LIMITS[key] for key in ("fix", "owner")})
    problems += _date_problems(OUTCOME, data, ("due", "recorded_on"))
    if data.get("decision") == "revive" and not str(data.get("fix") or "").strip():
        problems.append(f"{OUTCOME}.fix: a revive needs the one fix agreed")
    return (None, problems) if problems else (Outcome.from_dict(data), [])


def kept_problems(
    item: Mapping[str, Any], answers: Mapping[str, str], today: date, *, clean: bool = True
) -> tuple[Kept, list[str]]:
    """What an import item keeps beside its ``answers`` (its ``method``, edited points,
    conversation and outcome; a missing ``method`` is this version), or what is wrong. Only
    the shape is checked when the answers are not ``clean`` (they have problems of their own)."""
    problems: list[str] = []
    method = item.get(METHOD_KEY, METHOD)
    if isinstance(method, bool) or method not in METHODS:
        problems.append(
            f"{METHOD_KEY}: {method if type(method) is int else _brief(method)} is not a "
            "playbook version this Unstall decides by "
            f"({' or '.join(map(str, METHODS))}); a newer Unstall may read it"
        )
        method = METHOD
    conversation = outcome = edited = None
    if item.get(CONVERSATION) is not None:  # null: none held, as when the key is absent
        conversation, found = conversation_problems(item[CONVERSATION])
        if conversation is not None and clean:
            diagnosed_on = to_date(answers.get("diagnosed_on")) or today
            found = held_problems(conversation, diagnosed_on, today)
        problems += found
    if item.get(OUTCOME) is not None:
        outcome, found = outcome_problems(item[OUTCOME])
        problems += found
    if item.get(EDITED) is not None:
        edited = item[EDITED]
        if not isinstance(edited, str):
            problems.append(f"{EDITED}: must be text, not {_kind_of(edited)}")
        elif (problem := text_problem(edited)) is not None:
            problems.append(f"{EDITED}: {problem}")
        elif clean and not problems:
            drafted = Diagnosis.from_answers(answers, method=method).talking_points.as_text()
            if len(edited) > (limit := points_limit(drafted)):
                problems.append(
                    f"{EDITED}: is {len(edited):,} characters long; keep it to {limit:,} or fewer"
                )
    kept = Kept(method, edited if isinstance(edited, str) else None, outcome, conversation)
    return kept, problems


def check_import(
    data: object, today: date, seen: Mapping[str, int]
) -> tuple[ImportReport, list[tuple[dict[str, str], Kept]], list[tuple[int, int, Kept]]]:
    """What an import of the parsed answers export ``data`` (a list of items) does, given
    ``seen``, the canonical answers of every stored diagnosis (see :func:`canonical`) and its
    id: the report; the clean answers to save, each with what it keeps; and the items equal
    to a stored diagnosis that keep something (item number, its id, what they keep), for the
    caller to give what that diagnosis lacks.

    Each item is validated like an answers file; invalid items are rejected with every problem;
    items whose clean answers equal a stored diagnosis or an earlier item are skipped."""
    report = ImportReport()
    accepted: list[tuple[dict[str, str], Kept]] = []
    stored: list[tuple[int, int, Kept]] = []
    if not isinstance(data, list):
        report.error = NOT_A_LIST.format(kind=_kind_of(data))
        return report, accepted, stored
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
        given = {key: value for key, value in item.items() if key not in KEPT_KEYS}
        validated = validate(given, today)
        clean = not validated.errors
        kept, problems = kept_problems(item, validated.answers, today, clean=clean)
        partner = _partner_of(given, validated.answers)
        if partner:
            report.partners[index] = partner
        if validated.errors or problems:
            report.rejected.append((index, [*map(str, validated.errors), *problems]))
            continue
        key = canonical(validated.answers)
        if key in seen:
            if kept != Kept(method=kept.method):
                stored.append((index, seen[key], kept))
            else:
                report.skipped.append((index, ALREADY_STORED.format(doc_id=seen[key])))
            continue
        if key in earlier:
            report.skipped.append((index, f"the same answers as item {earlier[key]} of the file"))
            continue
        earlier[key] = index
        accepted.append((validated.answers, kept))
    return report, accepted, stored


def completion(have: Kept, given: Kept) -> tuple[Kept, list[str], list[str]]:
    """What of ``given`` (an import item's) a stored diagnosis that keeps ``have`` lacks: a
    :class:`Kept` of only that (the rest ``None``), its words, and the words for what the
    diagnosis has of its own that ``given`` has otherwise (it stays). A conversation added
    sets its outcome, and then an outcome recorded by hand after it comes too."""
    add, added, differs = {}, [], []
    if given.conversation is not None and have.conversation is None:
        add["conversation"] = given.conversation
        added.append("conversation held")
        have = replace(have, outcome=None)
    elif given.conversation is not None and given.conversation != have.conversation:
        differs.append("conversation")
    if given.edited_points is not None and have.edited_points is None:
        add["edited_points"] = given.edited_points
        added.append("edited talking points")
    elif given.edited_points is not None and given.edited_points != have.edited_points:
        differs.append("edited talking points")
    if given.outcome is not None and have.outcome is None:
        add["outcome"] = given.outcome
        added.append("outcome recorded")
    elif given.outcome is not None and given.outcome != have.outcome:
        differs.append("outcome")
    return Kept(given.method, **add), added, differs
