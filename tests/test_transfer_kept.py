"""An export carries everything a diagnosis keeps, so moving machines changes nothing: every
answer (a follow-up's and version 1's too), the playbook version that decided it, the edited
talking points, an outcome recorded by hand and the conversation held. Real Repository folders
in a temporary directory; the command line run as the ``unstall`` script runs it."""

from __future__ import annotations

import json
from datetime import date

import pytest

from playbook.answers import validate
from playbook.conversation import Conversation
from playbook.exchange import ImportReport, export_json
from playbook.history import Kept
from playbook.outcome import Outcome
from playbook.verdict import METHOD
from store.repository import Repository
from store.transfer import import_answers, load_diagnoses
from tui.cli import main

TODAY = date(2026, 11, 23)

FOLLOW_UP = {
    "previous_fix_done": "no",
    "previous_fix": "Name an owner on each side",
    "previous_fix_owner": "Dana Ortiz",
    "previous_fix_due": "2026-11-01",
    "previous_diagnosed_on": "2026-10-20",
    "previous_cause": "owner",
}


def clean(answers, **changes):
    validated = validate({**answers, **changes}, TODAY)
    assert validated.ok, validated.errors
    return validated.answers


def contract(diagnosis):
    """What `unstall show --json` prints of a diagnosis, but its id and save time."""
    found = diagnosis.to_contract()
    return {key: value for key, value in found.items() if key not in ("id", "created_at")}


def moved(source: Repository, target: Repository):
    """Export everything from ``source`` and import it into ``target``, as a move does."""
    items = json.loads(export_json(load_diagnoses(source)))
    report = import_answers(target, items, TODAY)
    assert report.ok and not report.skipped, report.details()
    return items, report


@pytest.fixture
def source(tmp_path):
    with Repository(tmp_path / "here") as repository:
        yield repository


@pytest.fixture
def target(tmp_path):
    with Repository(tmp_path / "there") as repository:
        yield repository


def conversation_for(diagnosis, **changes) -> Conversation:
    fields = {
        "held_on": "2026-11-23",
        "priority": "yes",
        "decision": "revive",
        "fix": "A monthly review, first on 8 December",
        "owner": "Alex Kim",
        "side": "both",
        "due": "2026-12-08",
        "notes": "Jo agreed to the review.",
        "said": [0, 2],
        **changes,
    }
    held = Conversation.from_dict(fields)
    assert held is not None
    return held


def test_a_follow_up_keeps_its_answers_verdict_and_points_when_moved(
    source, target, example_answers
):
    saved = source.save(clean(example_answers, **FOLLOW_UP))
    items, _ = moved(source, target)
    assert {key: items[0][key] for key in FOLLOW_UP} == FOLLOW_UP
    (arrived,) = load_diagnoses(target)
    assert arrived.answers == saved.answers
    assert contract(arrived) == contract(source.get(saved.id))
    assert arrived.verdict.dominant_cause == "owner"  # the fix that did not happen counts


def test_a_version_1_diagnosis_is_still_decided_by_version_1_when_moved(
    source, target, example_answers
):
    answers = clean(example_answers, owner_in_role="no")
    for key in ("owner_ours_in_role", "owner_theirs_in_role"):
        answers.pop(key, None)
    old = source.save(answers, kept=Kept(method=1))
    items, _ = moved(source, target)
    assert items[0]["method"] == 1 and items[0]["owner_in_role"] == "no"
    (arrived,) = load_diagnoses(target)
    assert arrived.verdict.method == 1
    assert contract(arrived) == contract(source.get(old.id))


def test_edited_points_an_outcome_by_hand_and_a_conversation_travel(
    source, target, example_answers
):
    edited = source.save(clean(example_answers, partner="Edited Co"))
    source.set_edited_points(edited.id, "- Our own words, <b>literally</b>\n- [a](b)\n")
    by_hand = source.save(clean(example_answers, partner="By Hand Co"))
    outcome = Outcome("pending", "Wait for the budget", "Jo", date(2026, 12, 14), TODAY)
    source.set_outcome(by_hand.id, outcome)
    talked = source.save(clean(example_answers, partner="Talked Co"))
    held = conversation_for(talked)
    source.set_conversation(talked.id, held)
    later = source.save(clean(example_answers, partner="Later Co"))
    source.set_conversation(later.id, conversation_for(later))
    exited = Outcome("exit", recorded_on=date(2026, 11, 30))
    source.set_outcome(later.id, exited)  # decided after the conversation, in the app

    first = export_json(load_diagnoses(source))
    items = {item["partner"]: item for item in json.loads(first)}
    assert items["Edited Co"]["edited_talking_points"].startswith("- Our own words")
    assert items["By Hand Co"]["outcome"] == outcome.to_dict()
    assert "outcome" not in items["Talked Co"], "the conversation's own outcome is not repeated"
    assert items["Later Co"]["outcome"] == exited.to_dict()
    moved(source, target)

    arrived = {d.partner: d for d in load_diagnoses(target)}
    assert arrived["Edited Co"].edited_points == "- Our own words, <b>literally</b>\n- [a](b)\n"
    assert arrived["By Hand Co"].extra["outcome"] == outcome.to_dict()
    assert arrived["Talked Co"].extra["conversation"] == held.to_dict()
    assert arrived["Talked Co"].extra["outcome"] == held.outcome.to_dict()
    assert arrived["Later Co"].extra["outcome"] == exited.to_dict()
    assert export_json(load_diagnoses(target)) == first


def test_an_export_made_before_items_named_their_version_is_decided_by_this_one(
    target, example_answers
):
    report = import_answers(target, [clean(example_answers)], TODAY)
    assert report.ok
    assert load_diagnoses(target)[0].verdict.method == METHOD


@pytest.mark.parametrize(
    ("kept", "named"),
    [
        ({"method": 3}, "method: 3 is not a playbook version this Unstall decides by (1 or 2)"),
        ({"method": "2"}, "method: '2' is not a playbook version"),
        ({"method": True}, "method: true/false is not a playbook version"),
        ({"edited_talking_points": 7}, "edited_talking_points: must be text, not a number"),
        ({"edited_talking_points": "x" * 60_001}, "edited_talking_points: is 60,001 characters"),
        ({"edited_talking_points": "\ud800"}, "edited_talking_points: is not valid Unicode"),
        ({"outcome": "revive"}, "outcome: must be an object"),
        ({"outcome": {"decision": "maybe"}}, "outcome.decision: 'maybe' is not one of"),
        ({"outcome": {"decision": "revive"}}, "outcome.fix: a revive needs the one fix agreed"),
        ({"outcome": {"decision": "exit", "due": "soon"}}, "outcome.due: 'soon' is not a date"),
        ({"outcome": {"decision": "exit", "mood": "ok"}}, "outcome.mood: is not a key"),
        ({"outcome": {"decision": "exit", "owner": 3}}, "outcome.owner: must be text"),
        ({"outcome": {"decision": "exit", "fix": "x" * 3000}}, "outcome.fix: is 3,000"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else None,
)
def test_what_an_item_keeps_is_checked_and_a_bad_one_refused_naming_its_key(
    target, example_answers, kept, named
):
    items = [clean(example_answers, partner="Fine Co"), {**example_answers, **kept}]
    report = import_answers(target, items, TODAY)
    assert not report.ok and len(report.added) == 1
    ((index, problems),) = report.rejected
    assert index == 2 and any(problem.startswith(named) for problem in problems), problems
    assert [s.partner for s in target.list()] == ["Fine Co"]


def test_a_bad_kept_value_is_named_beside_the_answers_own_problems(target, example_answers):
    item = {**example_answers, "activity": "sideways", "method": 9, "outcome": {"decision": "x"}}
    ((_, problems),) = import_answers(target, [item], TODAY).rejected
    assert [p.split(":")[0] for p in problems] == ["activity", "method", "outcome.decision"]


def test_a_duplicate_gives_a_stored_diagnosis_what_it_lacks_and_never_replaces_it(
    source, target, example_answers
):
    bare = target.save(clean(example_answers, partner="Bare Co"))
    own = target.save(clean(example_answers, partner="Own Co"))
    target.set_edited_points(own.id, "- our version here\n")
    for name in ("Bare Co", "Own Co"):
        saved = source.save(clean(example_answers, partner=name))
        source.set_conversation(saved.id, conversation_for(saved))
        source.set_edited_points(saved.id, "- the file's version\n")
    items = json.loads(export_json(load_diagnoses(source)))

    report = import_answers(target, items, TODAY)
    assert report.added == [] and report.rejected == [] and report.skipped == []
    assert (
        report.summary() == "Added 0, filled in 2 already stored, skipped 0 duplicates, rejected 0."
    )
    assert report.details() == [
        f"Item 1 (Bare Co): already stored as #{bare.id}, which now also has the file's "
        "conversation held and edited talking points.",
        f"Item 2 (Own Co): already stored as #{own.id}, which now also has the file's "
        "conversation held; it keeps its own edited talking points, the file's was not used.",
    ]
    after = {d.partner: d for d in load_diagnoses(target)}
    assert after["Bare Co"].edited_points == "- the file's version\n"
    assert after["Own Co"].edited_points == "- our version here\n"
    assert after["Bare Co"].extra["conversation"] == conversation_for(bare).to_dict()
    assert after["Bare Co"].extra["outcome"]["decision"] == "revive"

    again = import_answers(target, items, TODAY)
    assert [why for _, why in again.skipped] == [
        f"already stored as #{bare.id}",
        f"already stored as #{own.id}, with its own edited talking points; the file's was not used",
    ]
    assert again.completed == []
    assert again.details()[1] == (
        f"Item 2 (Own Co): skipped: already stored as #{own.id}, with its own edited talking "
        "points; the file's was not used."
    )


def test_the_command_line_says_what_an_import_completed(tmp_path, example_answers, capsys):
    stored = tmp_path / "db"
    with Repository(stored) as repository:
        saved = repository.save(clean(example_answers))
    item = {**clean(example_answers), "edited_talking_points": "- mine\n"}
    path = tmp_path / "in.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    assert main(["--db", str(stored), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Added 0, filled in 1 already stored, skipped 0 duplicates, rejected 0." in out
    assert (
        f"Item 1 (Example Harbor Travel): already stored as #{saved.id}, which now also has the "
        "file's edited talking points." in out
    )
    with Repository(stored) as repository:
        assert repository.get(saved.id).edited_points == "- mine\n"


def test_each_duplicate_line_says_what_was_filled_in_and_what_stayed_in_plain_words():
    report = ImportReport(partners={1: "Three Co", 2: "Two Co", 3: "Same Co"})
    report.duplicate(
        1,
        4,
        ["conversation held", "edited talking points", "outcome recorded"],
        [],
    )
    report.duplicate(2, 5, [], ["conversation", "outcome"])
    report.duplicate(3, 6, [], [])
    assert report.summary() == (
        "Added 0, filled in 1 already stored, skipped 2 duplicates, rejected 0."
    )
    assert report.details() == [
        "Item 1 (Three Co): already stored as #4, which now also has the file's conversation "
        "held, edited talking points and outcome recorded.",
        "Item 2 (Two Co): skipped: already stored as #5, with its own conversation and outcome; "
        "the file's were not used.",
        "Item 3 (Same Co): skipped: already stored as #6.",
    ]
    assert "filled in" not in ImportReport(skipped=[(1, "x")]).summary()
