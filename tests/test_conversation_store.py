"""The reset conversation in the store: the meeting saved as typed, the conversation held on its
diagnosis (with the outcome it sets), two windows, deletes and undo, damage, kills between the
writes, and export/import, over real Repository folders in temporary directories."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from playbook import clock
from playbook.answers import validate
from playbook.conversation import Conversation, Meeting, make_conversation, start_meeting
from playbook.diagnosis import Diagnosis
from playbook.exchange import export_json, export_markdown
from playbook.outcome import Outcome
from store import meetings as meetings_module
from store.folder import Folder
from store.repository import DiagnosisGone, MeetingChanged, Repository
from store.transfer import import_answers, load_diagnoses

TODAY = date(2026, 11, 23)


def clean(answers: dict[str, Any], **changes: Any) -> dict[str, str]:
    validated = validate({**answers, **changes}, TODAY)
    assert validated.ok, validated.errors
    return validated.answers


@pytest.fixture
def repository(tmp_path: Path) -> Repository:
    return Repository(tmp_path / "db")


@pytest.fixture
def harbor(repository: Repository, example_answers: dict[str, Any]) -> Diagnosis:
    return repository.save(clean(example_answers))


def listed(repository: Repository) -> list[tuple[int, str, Meeting]]:
    """The meetings in progress as (diagnosis id, partner, meeting), the last saved first."""
    return [(m.diagnosis_id, m.partner, m.meeting) for m in repository.meetings()]


def held(diagnosis: Diagnosis, **typed: str) -> Conversation:
    meeting = start_meeting(diagnosis, today=TODAY)
    conversation, problems = make_conversation(
        {**meeting.typed, "priority": "yes", **typed},
        diagnosed_on=diagnosis.diagnosed_on,
        today=TODAY,
        said=(0, 2),
    )
    assert conversation is not None, problems
    return conversation


# -- the conversation -------------------------------------------------------------------------


def test_every_diagnosis_handed_out_carries_its_conversation_or_none(repository, harbor):
    assert harbor.extra["conversation"] is None
    assert repository.get(harbor.id).extra["conversation"] is None
    assert repository.history(harbor.partner)[0].extra["conversation"] is None
    assert repository.get(harbor.id).to_contract()["conversation"] is None


def test_set_conversation_stores_it_and_sets_its_outcome(repository, harbor):
    conversation = held(harbor, fix="Jo names an owner", owner="Jo Rivera", side="theirs")
    repository.set_conversation(harbor.id, conversation)
    again = Repository(repository.path).get(harbor.id)
    assert again.extra["conversation"] == conversation.to_dict()
    assert Conversation.from_dict(again.extra["conversation"]) == conversation
    assert again.extra["outcome"] == conversation.outcome.to_dict()
    assert again.extra["outcome"]["decision"] == "revive"
    assert again.extra["outcome"]["fix"] == "Jo names an owner"
    # home's "Agreed fixes" read the outcome from the index: it follows the conversation
    (partner,) = repository.partners()
    assert partner.latest.outcome == conversation.outcome
    assert again.to_contract()["conversation"]["side"] == "theirs"


def test_an_evasive_answer_sets_an_exit(repository, harbor):
    conversation = held(harbor, priority="evasive", fix="", owner="", due="")
    repository.set_conversation(harbor.id, conversation)
    assert repository.get(harbor.id).extra["outcome"]["decision"] == "exit"


def test_removing_the_conversation_takes_its_outcome_but_not_one_set_by_hand(repository, harbor):
    repository.set_conversation(harbor.id, held(harbor))
    repository.set_conversation(harbor.id, None)
    assert repository.get(harbor.id).extra == {"outcome": None, "conversation": None}
    repository.set_conversation(harbor.id, held(harbor))
    by_hand = Outcome("pending", "", "", None, TODAY)
    repository.set_outcome(harbor.id, by_hand)
    repository.set_conversation(harbor.id, None)
    assert repository.get(harbor.id).extra == {
        "outcome": by_hand.to_dict(),
        "conversation": None,
    }


def test_a_conversation_for_a_deleted_diagnosis_raises_and_saves_nothing(repository, harbor):
    conversation = held(harbor)
    repository.delete(harbor.id)
    with pytest.raises(DiagnosisGone):
        repository.set_conversation(harbor.id, conversation)
    assert repository.list() == []


def test_a_damaged_conversation_reads_as_none_and_blocks_nothing(repository, harbor, tmp_path):
    repository.set_conversation(harbor.id, held(harbor))
    (path,) = repository.partners_dir.glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["diagnoses"][str(harbor.id)]["conversation"] = {"held_on": "July 32", "priority": "yes"}
    path.write_text(json.dumps(data), encoding="utf-8")
    again = Repository(repository.path)
    diagnosis = again.get(harbor.id)
    assert diagnosis is not None and diagnosis.extra["conversation"] is None
    assert diagnosis.extra["outcome"]["decision"] == "revive"
    assert path not in again.damaged
    assert [s.id for s in again.list()] == [harbor.id]


# -- the meeting in progress ------------------------------------------------------------------


def test_a_meeting_is_saved_as_typed_and_listed_from_its_own_small_file(repository, harbor):
    assert repository.get_meeting(harbor.id) is None
    assert repository.meetings() == []
    meeting = start_meeting(harbor, today=TODAY, started_at="2026-11-23T09:00:00")
    saved = repository.save_meeting(harbor.id, meeting)
    assert saved.revision == 1 and saved.typed == meeting.typed
    typed = {**saved.typed, "priority": "yes", "due": "Feb 30", "notes": "Jo is keen"}
    second = repository.save_meeting(harbor.id, Meeting(typed, (0, 1), saved.started_at, 1))
    assert second.revision == 2
    again = Repository(repository.path)
    assert again.get_meeting(harbor.id) == second
    assert again.get_meeting(harbor.id).typed["due"] == "Feb 30"  # kept as typed, not valid yet
    assert listed(again) == [(harbor.id, "Example Harbor Travel", second)]
    assert again.meetings()[0].saved_at == clock.now().isoformat(timespec="seconds")
    assert "Jo is keen" in (repository.path / "meetings.json").read_text(encoding="utf-8")


def test_the_meetings_listing_reads_no_partner_file(repository, harbor, monkeypatch):
    repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    fresh = Repository(repository.path)
    read: list[Path] = []
    real = Folder._read

    def watching(self: Folder, path: Path, table: str) -> Any:
        read.append(path)
        return real(self, path, table)

    monkeypatch.setattr(Folder, "_read", watching)
    assert [m.diagnosis_id for m in fresh.meetings()] == [harbor.id]
    assert fresh.get_meeting(harbor.id) is not None
    assert all(path.parent == fresh.path for path in read), read
    assert not any(path.parent == fresh.partners_dir for path in read)


def test_meetings_are_listed_most_recently_saved_first(repository, example_answers):
    first = repository.save(clean(example_answers))
    second = repository.save(clean(example_answers, partner="Acme"))
    clock.fix(date(2026, 11, 23))
    repository.save_meeting(first.id, start_meeting(first, today=TODAY))
    repository.save_meeting(second.id, start_meeting(second, today=TODAY))
    assert [(m.diagnosis_id, m.partner) for m in repository.meetings()] == [
        (second.id, "Acme"),
        (first.id, first.partner),
    ]
    again = repository.get_meeting(first.id)
    repository.save_meeting(first.id, again)
    assert [m.diagnosis_id for m in repository.meetings()] == [first.id, second.id]


def test_the_meetings_listing_names_the_partner_as_it_is_now(repository, harbor):
    meeting = repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    repository.rename_partner(harbor.partner, "Harbor Travel Group")
    assert listed(Repository(repository.path)) == [(harbor.id, "Harbor Travel Group", meeting)]


def test_discarding_a_meeting(repository, harbor):
    repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    repository.discard_meeting(harbor.id)
    repository.discard_meeting(harbor.id)  # nothing there: nothing happens
    assert repository.get_meeting(harbor.id) is None and repository.meetings() == []
    assert not (repository.path / "meetings.json.bak").exists()  # its text stays nowhere


def test_a_save_from_an_older_revision_is_refused_and_the_newer_kept(repository, harbor):
    opened = repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    window_a = repository.save_meeting(
        harbor.id, Meeting({**opened.typed, "notes": "A"}, (), "", 1)
    )
    with pytest.raises(MeetingChanged) as refused:
        repository.save_meeting(harbor.id, Meeting({**opened.typed, "notes": "B"}, (), "", 1))
    assert "another window" in str(refused.value) and "Nothing was saved" in str(refused.value)
    assert repository.get_meeting(harbor.id) == window_a


def test_a_meeting_finished_in_another_window_is_not_brought_back(repository, harbor):
    opened = repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    repository.set_conversation(harbor.id, held(harbor))
    assert repository.get_meeting(harbor.id) is None
    with pytest.raises(MeetingChanged) as refused:
        repository.save_meeting(harbor.id, opened)
    assert "finished or discarded" in str(refused.value)
    assert repository.meetings() == []


def test_a_meeting_for_a_deleted_diagnosis_raises(repository, harbor):
    repository.delete(harbor.id)
    with pytest.raises(DiagnosisGone):
        repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    assert repository.meetings() == []


def test_recording_the_conversation_discards_the_meeting(repository, harbor):
    repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    repository.set_conversation(harbor.id, held(harbor))
    assert repository.get_meeting(harbor.id) is None
    assert Repository(repository.path).meetings() == []


def test_deleting_a_diagnosis_removes_its_meeting_and_every_copy_of_its_text(repository, harbor):
    typed = {**start_meeting(harbor, today=TODAY).typed, "notes": "secret remark"}
    repository.save_meeting(harbor.id, Meeting(typed))
    repository.save_meeting(harbor.id, Meeting(typed, revision=1))
    repository.delete(harbor.id)
    assert repository.meetings() == [] and repository.get_meeting(harbor.id) is None
    for path in repository.path.rglob("*"):
        if path.is_file():
            assert b"secret remark" not in path.read_bytes(), path


def test_undo_of_a_delete_puts_the_conversation_and_outcome_back(repository, harbor):
    conversation = held(harbor, notes="they will come back in Q1")
    repository.set_conversation(harbor.id, conversation)
    by_hand = Outcome("pending", "wait for Q1", "Alex Kim", None, TODAY)
    repository.set_outcome(harbor.id, by_hand)
    deleted = repository.get(harbor.id)
    repository.delete(harbor.id)
    restored = repository.restore(deleted)
    assert restored.id != harbor.id
    assert restored.extra == {"outcome": by_hand.to_dict(), "conversation": conversation.to_dict()}
    assert Repository(repository.path).get(restored.id).extra == restored.extra


@pytest.mark.parametrize(
    "content",
    [b'{"meetings": {"1": {"meet', b"\x00" * 30, b"[]", b'{"meetings": []}'],
    ids=["truncated", "zeros", "a-list", "wrong-shape"],
)
def test_a_damaged_meetings_file_reads_as_no_meeting_and_blocks_nothing(
    repository, harbor, content
):
    repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    target = repository.path / "meetings.json"
    target.write_bytes(content)
    again = Repository(repository.path)
    assert again.meetings() == [] and again.get_meeting(harbor.id) is None
    assert target in again.damaged
    assert [s.id for s in again.list()] == [harbor.id]
    again.set_conversation(harbor.id, held(harbor))  # the rest works
    assert again.get(harbor.id).extra["conversation"] is not None
    assert target.read_bytes() == content  # never written while damaged
    again.delete(harbor.id)
    assert target.read_bytes() == content


def test_a_new_meeting_saves_over_a_damaged_file_which_is_kept_aside(repository, harbor):
    repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    repository.save_meeting(harbor.id, Meeting({"notes": "good copy"}, revision=1))
    target = repository.path / "meetings.json"
    target.write_bytes(b"{ damaged")
    again = Repository(repository.path)
    saved = again.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    assert again.get_meeting(harbor.id) == saved and saved.revision == 1
    aside = {p.name.split(".damaged-")[0]: p for p in again.path.glob("meetings.json*.damaged-*")}
    assert aside["meetings.json"].read_bytes() == b"{ damaged"
    last_good = json.loads(aside["meetings.json.bak"].read_bytes())  # the save before "good copy"
    assert last_good["meetings"][str(harbor.id)]["meeting"]["revision"] == 1
    assert target not in again.damaged


def test_one_damaged_meeting_is_none_and_the_others_stay(repository, example_answers):
    first = repository.save(clean(example_answers))
    second = repository.save(clean(example_answers, partner="Acme"))
    repository.save_meeting(first.id, start_meeting(first, today=TODAY))
    repository.save_meeting(second.id, start_meeting(second, today=TODAY))
    target = repository.path / "meetings.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    data["meetings"][str(first.id)]["meeting"] = "not a meeting"
    target.write_text(json.dumps(data), encoding="utf-8")
    again = Repository(repository.path)
    assert again.get_meeting(first.id) is None
    assert [m.diagnosis_id for m in again.meetings()] == [second.id]


# -- kills between the writes of finishing a meeting ------------------------------------------


class Killed(BaseException):
    """Stands for the process being killed at that point: nothing after it runs."""


def test_a_kill_after_the_conversation_landed_never_offers_the_meeting_again(
    repository, harbor, monkeypatch
):
    repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    conversation = held(harbor)

    def killed(self: object, diagnosis_id: int) -> None:
        raise Killed

    monkeypatch.setattr(meetings_module.Meetings, "_forget_meeting", killed)
    with pytest.raises(Killed):
        repository.set_conversation(harbor.id, conversation)
    monkeypatch.undo()
    assert repository.meetings() == []  # closing: not offered even before the next open
    again = Repository(repository.path)
    assert again.get(harbor.id).extra["conversation"] == conversation.to_dict()
    assert again.meetings() == [] and again.get_meeting(harbor.id) is None
    assert "closing" not in (again.path / "meetings.json").read_text(encoding="utf-8")


def test_a_kill_before_the_conversation_landed_keeps_the_meeting(repository, harbor, monkeypatch):
    meeting = repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))

    def killed(self: object, files: object) -> None:
        raise Killed

    monkeypatch.setattr(Folder, "_put_partners", killed)
    with pytest.raises(Killed):
        repository.set_conversation(harbor.id, held(harbor))
    monkeypatch.undo()
    again = Repository(repository.path)
    assert again.get(harbor.id).extra["conversation"] is None
    assert again.get_meeting(harbor.id) == meeting  # nothing typed is lost
    assert listed(again) == [(harbor.id, harbor.partner, meeting)]


def test_a_kill_inside_a_delete_leaves_no_meeting_to_resume(repository, harbor, monkeypatch):
    repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))

    def killed(self: object, diagnosis_id: int) -> None:
        raise Killed

    monkeypatch.setattr(meetings_module.Meetings, "_forget_meeting", killed)
    with pytest.raises(Killed):
        repository.delete(harbor.id)
    monkeypatch.undo()
    again = Repository(repository.path)
    assert again.get(harbor.id) is None
    assert again.meetings() == []


# -- export and import ------------------------------------------------------------------------


def test_export_carries_the_conversation_and_import_reads_it_back(
    repository, example_answers, tmp_path
):
    harbor = repository.save(clean(example_answers))
    repository.save(clean(example_answers, partner="Acme", diagnosed_on="2026-11-02"))
    conversation = held(harbor, notes="Jo: “yes, let's”\nsecond line")
    repository.set_conversation(harbor.id, conversation)
    text = export_json(load_diagnoses(repository))
    items = json.loads(text)
    assert [item.get("conversation") for item in items] == [None, conversation.to_dict()]
    assert "conversation" not in items[0]  # only when there is one: old exports unchanged
    empty = Repository(tmp_path / "empty")
    report = import_answers(empty, items, TODAY)
    assert report.ok and len(report.added) == 2
    imported = [d for d in load_diagnoses(empty) if d.partner == harbor.partner]
    assert imported[0].extra["conversation"] == conversation.to_dict()
    assert imported[0].extra["outcome"] == conversation.outcome.to_dict()
    assert export_json(load_diagnoses(empty)) == text


def test_an_import_item_may_leave_out_what_a_conversation_does_not_need(
    repository, example_answers
):
    minimal = {"held_on": "2026-11-24", "priority": "no", "decision": "exit"}
    items = [
        {**example_answers, "conversation": minimal},
        {**example_answers, "partner": "Acme", "conversation": None},
    ]
    report = import_answers(repository, items, TODAY)
    assert report.ok, report.details()
    by_partner = {d.partner: d for d in load_diagnoses(repository)}
    conversation = Conversation.from_dict(by_partner["Example Harbor Travel"].extra["conversation"])
    assert conversation is not None and conversation.held_on == date(2026, 11, 24)
    assert (conversation.fix, conversation.due, conversation.said) == ("", None, ())
    assert by_partner["Example Harbor Travel"].extra["outcome"]["decision"] == "exit"
    assert by_partner["Acme"].extra == {"outcome": None, "conversation": None}


def test_the_markdown_export_is_fed_the_conversation(repository, harbor):
    conversation = held(harbor, fix="Jo names an owner for the campaign")
    repository.set_conversation(harbor.id, conversation)
    (diagnosis,) = load_diagnoses(repository)
    assert diagnosis.extra["conversation"] == conversation.to_dict()
    assert "Jo names an owner for the campaign" in export_markdown([diagnosis])


BASE = {"held_on": "2026-11-23", "priority": "no", "decision": "exit"}


@pytest.mark.parametrize(
    ("conversation", "named"),
    [
        ("yes", "conversation: must be an object"),
        ({"priority": "yes", "decision": "revive"}, "conversation.held_on:"),
        ({**BASE, "held_on": "July 32"}, "conversation.held_on:"),
        ({**BASE, "priority": "maybe"}, "conversation.priority:"),
        ({**BASE, "decision": "go"}, "conversation.decision:"),
        ({**BASE, "due": "soon"}, "conversation.due:"),
        ({**BASE, "side": "left"}, "conversation.side:"),
        ({**BASE, "fix": 3}, "conversation.fix:"),
        ({**BASE, "said": "all"}, "conversation.said:"),
        ({**BASE, "mood": "ok"}, "conversation.mood:"),
        ({**BASE, "notes": "x" * 10_001}, "conversation.notes:"),
        ({**BASE, "recap": "\ud800"}, "conversation.recap:"),
    ],
    ids=[
        "not-object",
        "no-date",
        "bad-date",
        "priority",
        "decision",
        "due",
        "side",
        "fix",
        "said",
        "key",
        "long",
        "surrogate",
    ],
)
def test_a_bad_conversation_in_an_import_is_refused_naming_the_item_and_key(
    repository, example_answers, conversation, named
):
    items = [
        clean(example_answers, partner="Fine Co"),
        {**example_answers, "conversation": conversation},
    ]
    report = import_answers(repository, items, TODAY)
    assert not report.ok
    assert report.added and len(report.added) == 1  # the good item is still imported
    ((index, problems),) = report.rejected
    assert index == 2
    assert any(problem.startswith(named) for problem in problems), problems
    details = "\n".join(report.details())
    assert "Item 2 (Example Harbor Travel): rejected:" in details and named in details
    assert [s.partner for s in repository.list()] == ["Fine Co"]


# -- real kills (SIGKILL in a forked child) at every file-system step -------------------------


def _crash_folders(tmp_path: Path, template: Path, change: Any) -> list[tuple[str, Path]]:
    """``template`` copied and ``change`` made in it by a forked child SIGKILLed before and
    after each of its file-system steps (``tests/store_child.py``'s cut), one copy per point."""
    import shutil

    from store_child import _forked

    dry = tmp_path / "dry"
    shutil.copytree(template, dry)
    assert not _forked(dry, change, 0, False)
    steps = json.loads((dry / "steps.json").read_text())
    assert steps, "the change wrote nothing"
    folders = []
    for step in range(1, len(steps) + 1):
        for after in (False, True):
            folder = tmp_path / f"cut-{step}-{after}"
            shutil.copytree(template, folder)
            assert _forked(folder, change, step, after)
            (folder / "steps.json").unlink(missing_ok=True)
            folders.append((f"{'after' if after else 'before'} {steps[step - 1]}", folder))
    return folders


posix_only = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")


@posix_only
def test_a_kill_at_any_step_of_finishing_a_meeting_keeps_the_meeting_or_the_conversation(
    tmp_path, example_answers
):
    template = tmp_path / "template"
    repository = Repository(template)
    harbor = repository.save(clean(example_answers))
    meeting = repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    conversation = held(harbor)
    results = set()
    for where, folder in _crash_folders(
        tmp_path, template, lambda r: r.set_conversation(harbor.id, conversation)
    ):
        again = Repository(folder)
        assert not again.damaged, where
        stored = again.get(harbor.id).extra
        offered = listed(again)
        if stored["conversation"] is None:
            assert offered == [(harbor.id, harbor.partner, meeting)], where  # nothing lost
            assert stored["outcome"] is None, where
            results.add("not happened")
        else:
            assert stored["conversation"] == conversation.to_dict(), where
            assert stored["outcome"] == conversation.outcome.to_dict(), where
            assert offered == [] and again.get_meeting(harbor.id) is None, where
            results.add("happened")
    assert results == {"happened", "not happened"}


@posix_only
def test_a_kill_at_any_step_of_a_meeting_save_keeps_one_revision_or_the_next(
    tmp_path, example_answers
):
    template = tmp_path / "template"
    repository = Repository(template)
    harbor = repository.save(clean(example_answers))
    first = repository.save_meeting(harbor.id, start_meeting(harbor, today=TODAY))
    typed = {**first.typed, "notes": "typed during the call"}
    nxt = Meeting(typed, (1,), first.started_at, first.revision)
    for where, folder in _crash_folders(
        tmp_path, template, lambda r: r.save_meeting(harbor.id, nxt)
    ):
        again = Repository(folder)
        assert not again.damaged, where
        found = again.get_meeting(harbor.id)
        assert found in (first, Meeting(typed, (1,), first.started_at, 2)), where
        assert [m.diagnosis_id for m in again.meetings()] == [harbor.id], where
