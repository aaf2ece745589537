"""Child processes for the kill and two-process tests and the benchmark, and the kill harness.

Run as a script (the parent starts it with ``sys.executable``; the project root is put on
``sys.path`` below), or import it for :func:`run_kills` and :func:`snapshot`:

    python tests/store_child.py loop FOLDER SEED       random changes through the Repository
    python tests/store_child.py exit FOLDER SEED       open, type (autosave), close, again
    python tests/store_child.py window-draft FOLDER ID REVISION TAG N
    python tests/store_child.py window-change FOLDER ID FIELD TAG N
    python tests/store_child.py window-save FOLDER TAG N
    python tests/store_child.py delete FOLDER ID DELAY

Every change is announced on stdout before it starts (``{"phase": "begin", ...}``) and again
after it returned (``{"phase": "done", ...}``), one JSON object a line, flushed: whatever the
parent read as done before it killed the child must be in the database, and the one change
begun and not done must have happened entirely or not at all. The ``window-*`` children wait
for a line on stdin before they start, so the parent can start two of them at once.

The kill harness (:func:`run_kills`) starts a child, kills it at a random moment (SIGKILL during
random changes, reset conversations included: meetings saved as typed, finished with
``set_conversation``, discarded; SIGKILL or SIGHUP while the app's exit flushes its autosave
and closes; SIGKILL of a whole ``python -m tui.cli diagnose --answers FILE`` run), opens the
folder with a fresh Repository and checks it against what the child reported: 0 acknowledged
changes lost (drafts, diagnoses with their outcome, points and conversation, meetings in
progress with their revision), the database opens (nothing damaged), no duplicate diagnosis (a
finished draft is a draft or a diagnosis, never both), no finished meeting back in progress,
nothing left closing in ``meetings.json``, ids never reused. Each check then takes what it read
from disk as the state the next round starts from.

The records' ``op``: ``S`` an answer saved in a draft, ``F`` a draft finished, ``C`` a save
from the command line, ``D`` a delete, ``N`` a rename, ``O`` an outcome, ``E`` edited points,
``M`` a meeting saved (its notes and the revision it got), ``H`` a conversation held (its notes
and the fix it sets; its meeting, if any, goes), ``Q`` a meeting discarded; ``X``, ``Y`` and
``Z`` the app's exit (an autosaved draft, kept points, a meeting's writer).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playbook.answers import validate  # noqa: E402
from playbook.conversation import Conversation, Meeting, make_conversation  # noqa: E402
from playbook.history import partner_key  # noqa: E402
from playbook.outcome import Outcome  # noqa: E402

HERE = Path(__file__).resolve()
TODAY = "2026-11-23"
POOL = tuple(f"Partner {n}" for n in range(8))
"""The partner names the children use: few, so renames often merge two partners."""

RAW_ANSWERS: dict[str, Any] = {
    "kind": "co-marketing",
    "started": "2026-02-10",
    "diagnosed_on": "2026-11-20",
    "fit_audience": "yes",
    "fit_incentives": "yes",
    "fit_delivery": "partly",
    "value_ours": "a newsletter read by 40,000 small-business owners",
    "value_theirs": "travel discounts our members ask for",
    "still_want": "yes",
    "owner_ours": "Alex Kim",
    "owner_theirs": "Jo Rivera",
    "last_conversation": "2026-10-12",
    "standing_review": "no",
    "review_cadence": "none",
    "expectations_written": "partly",
    "success_metrics": "discount redemptions per month",
    "workload": "balanced",
    "activity": "slowing",
    "outcomes": "flat",
    "last_activity": "2026-10-20",
}


def clean_answers(partner: str, notes: str) -> dict[str, str]:
    """A finished questionnaire's answers (validated, as the app and the CLI save them)."""
    validated = validate({**RAW_ANSWERS, "partner": partner, "notes": notes}, date(2026, 11, 23))
    assert validated.ok, validated.errors
    return dict(validated.answers)


def child_env() -> dict[str, str]:
    return {**os.environ, "UNSTALL_TODAY": TODAY, "PYTHONPATH": str(ROOT)}


class Emitter:
    """Prints the begin and done lines of each change (flushed)."""

    def begin(self, op: str, **fields: Any) -> None:
        print(json.dumps({"phase": "begin", "op": op, **fields}), flush=True)

    def done(self, op: str, **fields: Any) -> None:
        print(json.dumps({"phase": "done", "op": op, **fields}), flush=True)


# -- the children -----------------------------------------------------------------------------


def loop(folder: str, seed: int) -> None:
    """Random acknowledged changes forever: answer saves, finishes, deletes, renames, outcomes,
    edited points, and the reset conversation's meeting saves, conversations held (finishing a
    meeting, or without one) and discarded meetings. Notes start with a token naming the draft
    or the meeting they were typed in."""
    from store.repository import Draft, Repository

    rng = random.Random(seed)
    out = Emitter()
    repository = Repository(folder)
    drafts = {draft.id: draft for draft in repository.drafts() if draft.id is not None}
    ids = [summary.id for summary in repository.list()]
    meetings = {found.diagnosis_id: found.meeting for found in repository.meetings()}
    counter = seed * 100_000
    out.done("open")
    while True:
        counter += 1
        roll = rng.random()
        if roll >= 0.76:
            if ids:
                _meeting_change(repository, out, rng, roll, counter, ids, meetings)
            continue
        if roll < 0.28 or not drafts:
            current = rng.choice(list(drafts.values())) if drafts and rng.random() < 0.7 else None
            if current is None:
                current = Draft(answers={"partner": rng.choice(POOL)})
                token = f"t{counter}"
            else:
                token = current.answers["notes"].split()[0]
            notes = f"{token} typing {counter}"
            draft = replace(
                current,
                answers={**current.answers, "notes": notes},
                typed={**current.typed, "notes": notes},
            )
            out.begin("S", draft=draft.id, partner=draft.partner, notes=notes)
            saved = repository.save_draft(draft)
            assert saved.id is not None and saved.forked_from is None, saved
            drafts[saved.id] = saved
            out.done("S", draft=saved.id, partner=saved.partner, notes=notes)
        elif roll < 0.41:
            draft = rng.choice(list(drafts.values()))
            notes = draft.answers["notes"]
            out.begin("F", draft=draft.id, partner=draft.partner, notes=notes)
            diagnosis = repository.finish_draft(draft, clean_answers(draft.partner, notes))
            del drafts[draft.id]
            ids.append(diagnosis.id)
            out.done("F", draft=draft.id, id=diagnosis.id, partner=draft.partner, notes=notes)
        elif roll < 0.49:
            if not ids:
                continue
            doc_id = ids.pop(rng.randrange(len(ids)))
            out.begin("D", id=doc_id)
            repository.delete(doc_id)
            meetings.pop(doc_id, None)
            out.done("D", id=doc_id)
        elif roll < 0.56:
            old, new = rng.sample(POOL, 2)
            out.begin("N", old=old, new=new)
            count = repository.rename_partner(old, new)
            # A rename takes the partner's drafts along (a revision on): this window reads them
            # again, as the app does after its own rename.
            drafts = {draft.id: draft for draft in repository.drafts() if draft.id is not None}
            out.done("N", old=old, new=new, count=count)
        elif roll < 0.67:
            if not ids:
                continue
            doc_id = rng.choice(ids)
            fix = f"fix {counter}"
            out.begin("O", id=doc_id, fix=fix)
            repository.set_outcome(doc_id, Outcome("revive", fix=fix, owner="Kim"))
            out.done("O", id=doc_id, fix=fix)
        else:
            if not ids:
                continue
            doc_id = rng.choice(ids)
            text = f"points {counter}"
            out.begin("E", id=doc_id, text=text)
            repository.set_edited_points(doc_id, text)
            out.done("E", id=doc_id, text=text)


def _meeting_change(
    repository: Any,
    out: Emitter,
    rng: random.Random,
    roll: float,
    counter: int,
    ids: list[int],
    meetings: dict[int, Meeting],
) -> None:
    """One change of the loop's reset conversations (``roll`` from 0.76 to 1): save a meeting
    as typed (a new one from :func:`start_meeting`, or one in progress), finish one with
    ``set_conversation`` (or record a conversation held without one), or discard one."""
    from playbook.conversation import start_meeting

    today = date.fromisoformat(TODAY)
    if roll < 0.91:
        pick = list(meetings) if meetings and rng.random() < 0.7 else ids
        doc_id = rng.choice(pick)
        meeting = meetings.get(doc_id)
        if meeting is None:
            meeting, token = start_meeting(repository.get(doc_id), today=today), f"m{counter}"
        else:
            token = meeting.typed["notes"].split()[0]
        notes = f"{token} said {counter}"
        typed = {**meeting.typed, "priority": "yes", "fix": f"fix {token}", "notes": notes}
        meeting = replace(meeting, typed=typed, said=(0, counter % 3))
        out.begin("M", id=doc_id, notes=notes, revision=meeting.revision + 1)
        saved = repository.save_meeting(doc_id, meeting)
        assert saved.revision == meeting.revision + 1 and saved.typed == typed, saved
        meetings[doc_id] = saved
        out.done("M", id=doc_id, notes=notes, revision=saved.revision)
    elif roll < 0.97:
        doc_id = rng.choice(list(meetings) if meetings and rng.random() < 0.85 else ids)
        meeting = meetings.get(doc_id)
        if meeting is not None:  # finished with what a user types last (the priority, a fix)
            token = meeting.typed["notes"].split()[0]
            typed = {"fix": f"fix {token}", **meeting.typed, "priority": "yes"}
            said = meeting.said
        else:  # held without a meeting saved first
            typed = {"priority": "yes", "fix": f"fix h{counter}", "notes": f"h{counter} held"}
            said = ()
        diagnosis = repository.get(doc_id)
        conversation, problems = make_conversation(
            typed, diagnosed_on=diagnosis.diagnosed_on, today=today, said=said
        )
        assert conversation is not None, problems
        out.begin("H", id=doc_id, notes=conversation.notes, fix=conversation.fix)
        repository.set_conversation(doc_id, conversation)
        meetings.pop(doc_id, None)
        out.done("H", id=doc_id, notes=conversation.notes, fix=conversation.fix)
    elif meetings:
        doc_id = rng.choice(list(meetings))
        out.begin("Q", id=doc_id)
        repository.discard_meeting(doc_id)
        del meetings[doc_id]
        out.done("Q", id=doc_id)


def exit_loop(folder: str, seed: int) -> None:
    """The app's exit, again and again: open the folder, type into a draft (autosaved), edit
    a diagnosis's talking points (kept by a LatestWriter, as the points screen does) or type
    into a meeting (a LatestWriter over ``save_meeting``, each save from the revision the last
    one stored, as the meeting screen does), then close as the app does (the writers' ``stop``
    writes what is pending, then ``close``). The parent sends SIGKILL or SIGHUP while that
    runs."""
    from playbook.conversation import start_meeting
    from store.repository import Draft, Repository
    from tui.autosave import Autosaver, LatestWriter

    rng = random.Random(seed)
    out = Emitter()
    counter = seed * 100_000
    while True:
        repository = Repository(folder)
        out.done("open")
        ids = [summary.id for summary in repository.list()]
        counter += 10
        count = rng.randint(1, 6)
        if ids and rng.random() < 0.25:
            doc_id = rng.choice(ids)
            stored = repository.get_meeting(doc_id)
            if stored is None:
                today = date.fromisoformat(TODAY)
                stored, token = start_meeting(repository.get(doc_id), today=today), f"m{counter}"
            else:
                token = stored.typed["notes"].split()[0]
            texts = [f"{token} said {counter + i}" for i in range(count)]
            at = [stored.revision]

            def write(
                meeting: Meeting, r: Any = repository, i: int = doc_id, at: list[int] = at
            ) -> None:
                at[0] = r.save_meeting(i, replace(meeting, revision=at[0])).revision

            writer: LatestWriter[Meeting] = LatestWriter(write)
            out.begin("Z", id=doc_id, candidates=texts, revision=stored.revision)
            for text in texts:
                writer.submit(replace(stored, typed={**stored.typed, "notes": text}))
            writer.stop()
            if writer.last_error is not None:
                raise writer.last_error
            repository.close()
            out.done("Z", id=doc_id, notes=texts[-1], revision=at[0])
            continue
        if ids and rng.random() < 0.3:
            doc_id = rng.choice(ids)
            texts = [f"kept {counter + i}" for i in range(count)]
            keeper: LatestWriter[str] = LatestWriter(
                lambda text, r=repository, i=doc_id: r.set_edited_points(i, text)
            )
            out.begin("Y", id=doc_id, candidates=texts)
            for text in texts:
                keeper.submit(text)
            keeper.stop()
            if keeper.last_error is not None:
                raise keeper.last_error
            repository.close()
            out.done("Y", id=doc_id, text=texts[-1])
            continue
        drafts = repository.drafts()
        if drafts and rng.random() < 0.7:
            draft = rng.choice(drafts)
            token = draft.answers["notes"].split()[0]
        else:
            draft, token = Draft(answers={"partner": rng.choice(POOL)}), f"t{counter}"
        saver = Autosaver(repository, draft.id, revision=draft.revision)
        candidates = [f"{token} typing {counter + i}" for i in range(count)]
        out.begin("X", draft=draft.id, partner=draft.partner, candidates=candidates)
        for notes in candidates:
            saver.submit(
                replace(
                    draft,
                    answers={**draft.answers, "notes": notes},
                    typed={**draft.typed, "notes": notes},
                )
            )
        saver.stop()
        if saver.last_error is not None:
            raise saver.last_error
        repository.close()
        out.done("X", draft=saver.draft_id, partner=draft.partner, notes=candidates[-1])


def wait_for_go() -> None:
    print(json.dumps({"phase": "ready"}), flush=True)
    sys.stdin.readline()


def window_draft(folder: str, draft_id: int, revision: int, tag: str, count: int) -> None:
    """One app window typing into a draft another window has open too (the app's Autosaver,
    a keystroke about every millisecond)."""
    from store.repository import Draft, Repository
    from tui.autosave import Autosaver

    repository = Repository(folder)
    forks: list[int] = []
    saver = Autosaver(
        repository, draft_id, revision=revision, on_fork=lambda d: forks.append(d.forked_from or 0)
    )
    base = repository.get_draft(draft_id) or Draft()
    wait_for_go()
    text = ""
    for i in range(count):
        text = f"{tag} typed {i}"
        saver.submit(replace(base, answers={**base.answers, "notes": text}, typed={"notes": text}))
        time.sleep(0.001)
    saver.stop()
    error = repr(saver.last_error) if saver.last_error else None
    print(json.dumps({"draft": saver.draft_id, "last": text, "forks": forks, "error": error}))


def window_change(folder: str, doc_id: int, what: str, tag: str, count: int) -> None:
    """One window changing one diagnosis over and over (``outcome`` or ``points``) until it is
    told the diagnosis is gone; prints the last change that returned and the refusal."""
    from store.repository import DiagnosisGone, Repository

    repository = Repository(folder)
    wait_for_go()
    last, refused = None, None
    for i in range(count):
        text = f"{tag} {i}"
        try:
            if what == "outcome":
                repository.set_outcome(doc_id, Outcome("pending", fix=text))
            else:
                repository.set_edited_points(doc_id, text)
        except DiagnosisGone as error:
            refused = str(error)
            break
        last = text
        time.sleep(0.001)
    print(json.dumps({"last": last, "refused": refused}))


def window_save(folder: str, tag: str, count: int) -> None:
    """One window saving new diagnoses, half through drafts (save_draft, finish_draft)."""
    from store.repository import Draft, Repository

    repository = Repository(folder)
    wait_for_go()
    saved = []
    for i in range(count):
        notes = f"{tag} {i}"
        if i % 2:
            draft = repository.save_draft(Draft(answers={"partner": POOL[0], "notes": notes}))
            diagnosis = repository.finish_draft(draft, clean_answers(POOL[0], notes))
        else:
            diagnosis = repository.save(clean_answers(POOL[0], notes))
        saved.append([diagnosis.id, notes])
    print(json.dumps({"saved": saved}))


def delete_after(folder: str, doc_id: int, delay: float) -> None:
    from store.repository import Repository

    repository = Repository(folder)
    wait_for_go()
    time.sleep(delay)
    print(json.dumps({"deleted": repository.delete(doc_id)}))


# -- what the folder holds, read through the public API ---------------------------------------


@dataclass(frozen=True)
class Diag:
    partner: str
    notes: str
    fix: str | None
    edited: str | None
    conversation: str | None = None
    """The notes of the conversation held about it (``None``: none held)."""


@dataclass(frozen=True)
class Meet:
    """A meeting in progress: the notes typed into it, and its revision."""

    notes: str
    revision: int


@dataclass
class State:
    """What a folder holds: diagnoses by id, drafts by id (their notes), meetings in progress
    by diagnosis id, and meta's counters."""

    diagnoses: dict[int, Diag] = field(default_factory=dict)
    drafts: dict[int, str] = field(default_factory=dict)
    next_id: int = 1
    next_draft: int = 1
    meetings: dict[int, Meet] = field(default_factory=dict)

    def copy(self) -> State:
        return State(
            dict(self.diagnoses),
            dict(self.drafts),
            self.next_id,
            self.next_draft,
            dict(self.meetings),
        )


class Broken(AssertionError):
    """A promise of the store is broken; ``kind`` says which."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind, self.detail = kind, detail
        super().__init__(f"{kind}: {detail}")


def snapshot(folder: str | Path) -> State:
    """Open the folder with a fresh Repository and read everything, checking that it opens,
    nothing is damaged, every id is listed once and the index agrees with the files."""
    from store.repository import Repository

    try:
        repository = Repository(folder)
    except Exception as error:
        raise Broken("does not open", repr(error)) from error
    with repository:
        summaries = repository.list()
        if repository.damaged:
            raise Broken("does not open", f"damaged files: {list(repository.damaged.values())}")
        listed = [summary.id for summary in summaries]
        if len(set(listed)) != len(listed):
            twice = sorted({i for i in listed if listed.count(i) > 1})
            raise Broken("duplicate diagnosis", f"ids listed twice: {twice}")
        state = State()
        for partner in repository.partners():
            for diagnosis in repository.history(partner.latest.partner):
                assert diagnosis.id is not None
                outcome = Outcome.from_dict(diagnosis.extra.get("outcome"))
                held = Conversation.from_dict(diagnosis.extra.get("conversation"))
                if diagnosis.extra.get("conversation") is not None and held is None:
                    raise Broken("lost", f"diagnosis #{diagnosis.id}: its conversation is damaged")
                state.diagnoses[diagnosis.id] = Diag(
                    diagnosis.partner,
                    diagnosis.answers.get("notes", ""),
                    outcome.fix if outcome else None,
                    diagnosis.edited_points,
                    held.notes if held else None,
                )
        if sorted(state.diagnoses) != sorted(listed):
            raise Broken(
                "index",
                f"home's partners show {sorted(state.diagnoses)}, the list shows {sorted(listed)}",
            )
        for draft in repository.drafts():
            assert draft.id is not None
            notes = draft.answers.get("notes", "")
            if draft.typed.get("notes", notes) != notes:
                raise Broken("lost", f"draft {draft.id}: typed {draft.typed} != answers {notes}")
            state.drafts[draft.id] = notes
        state.meetings = _meetings(repository, state.diagnoses)
    meta = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))["meta"]["1"]
    state.next_id, state.next_draft = int(meta["next_id"]), int(meta["next_draft"])
    tokens: dict[str, list[str]] = {}
    for doc_id, diag in state.diagnoses.items():
        tokens.setdefault(diag.notes.split()[0], []).append(f"diagnosis #{doc_id}")
    for draft_id, notes in state.drafts.items():
        tokens.setdefault(notes.split()[0], []).append(f"draft {draft_id}")
    for token, holders in tokens.items():
        if len(holders) > 1:
            raise Broken("duplicate diagnosis", f"{token} is in {', '.join(holders)}")
    return state


def _meetings(repository: Any, diagnoses: dict[int, Diag]) -> dict[int, Meet]:
    """The meetings in progress, read through the Repository (home's list, and each one on its
    own) and checked against ``meetings.json`` as the open left it: every meeting there is
    offered, none is left closing, none belongs to a diagnosis that is gone, and none is the
    meeting of the conversation its diagnosis already holds (a finished one come back)."""
    meetings: dict[int, Meet] = {}
    for found in repository.meetings():
        doc_id, partner, meeting = found.diagnosis_id, found.partner, found.meeting
        if doc_id in meetings:
            raise Broken("meeting", f"the meeting for #{doc_id} is listed twice")
        if doc_id not in diagnoses:
            raise Broken("meeting", f"a meeting is offered for #{doc_id}, which is gone")
        if partner_key(partner) != partner_key(diagnoses[doc_id].partner):
            raise Broken("meeting", f"#{doc_id}'s meeting is listed under {partner!r}")
        if repository.get_meeting(doc_id) != meeting:
            raise Broken("meeting", f"#{doc_id}: get_meeting disagrees with the list")
        notes = meeting.typed.get("notes", "")
        held = diagnoses[doc_id].conversation
        if held is not None and held.split()[0] == notes.split()[0]:
            raise Broken(
                "finished meeting back",
                f"#{doc_id} holds the conversation {held!r} and its meeting {notes!r} again",
            )
        meetings[doc_id] = Meet(notes, meeting.revision)
    path = Path(repository.path) / "meetings.json"
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for key, document in stored.get("meetings", {}).items():
        if "closing" in document:
            raise Broken("meeting", f"#{key}'s meeting is still closing after the open")
        if int(key) not in meetings:
            raise Broken("meeting", f"meetings.json holds #{key}, which is not offered")
    return meetings


# -- what the reported changes must have left -------------------------------------------------


def apply(state: State, record: dict[str, Any], new_id: int | None = None) -> State:
    """``state`` after the change ``record`` (a done line, or a begun one completed with the
    id it got, ``new_id``, and for writers, its notes or text in ``record``)."""
    result = state.copy()
    op = record["op"]
    if op in ("S", "X"):
        draft_id = record["draft"] if record.get("draft") is not None else new_id
        assert draft_id is not None
        result.drafts[draft_id] = record["notes"]
    elif op == "F":
        result.drafts.pop(record["draft"], None)
        doc_id = record.get("id", new_id)
        result.diagnoses[doc_id] = Diag(record["partner"], record["notes"], None, None)
    elif op == "C":
        doc_id = record.get("id", new_id)
        result.diagnoses[doc_id] = Diag(record["partner"], record["notes"], None, None)
    elif op == "D":
        result.diagnoses.pop(record["id"], None)
        result.meetings.pop(record["id"], None)
    elif op == "N":
        old = partner_key(record["old"])
        for doc_id, diag in state.diagnoses.items():
            if partner_key(diag.partner) == old:
                result.diagnoses[doc_id] = replace(diag, partner=record["new"])
    elif op == "O":
        result.diagnoses[record["id"]] = replace(result.diagnoses[record["id"]], fix=record["fix"])
    elif op in ("E", "Y"):
        doc_id = record["id"]
        result.diagnoses[doc_id] = replace(result.diagnoses[doc_id], edited=record["text"])
    elif op in ("M", "Z"):
        if record["id"] not in result.diagnoses:
            raise KeyError(record["id"])
        result.meetings[record["id"]] = Meet(record["notes"], record["revision"])
    elif op == "H":
        doc_id = record["id"]
        held = replace(result.diagnoses[doc_id], fix=record["fix"], conversation=record["notes"])
        result.diagnoses[doc_id] = held
        result.meetings.pop(doc_id, None)
    elif op == "Q":
        result.meetings.pop(record["id"], None)
    return result


def _same(actual: State, expected: State) -> bool:
    return (
        actual.diagnoses == expected.diagnoses
        and actual.drafts == expected.drafts
        and actual.meetings == expected.meetings
    )


def _completions(before: State, actual: State, begun: dict[str, Any]) -> Iterator[State]:
    """Every state the begun, unfinished change may have left had it happened: with each new
    id it may have got (the one found on disk) and each value a writer may have written."""
    op = begun["op"]
    new_ids: list[int | None] = [None]
    if op in ("F", "C"):
        new_ids = [i for i in actual.diagnoses if i not in before.diagnoses]
    elif op in ("S", "X") and begun.get("draft") is None:
        new_ids = [i for i in actual.drafts if i not in before.drafts]
    variants = [begun]
    if op == "X":
        variants = [{**begun, "notes": notes} for notes in begun["candidates"]]
    elif op == "Y":
        variants = [{**begun, "text": text} for text in begun["candidates"]]
    elif op == "Z":  # the writer may have skipped any of the ones before the last written
        variants = [
            {**begun, "notes": notes, "revision": begun["revision"] + saves}
            for n, notes in enumerate(begun["candidates"])
            for saves in range(1, n + 2)
        ]
    for new_id in new_ids:
        for variant in variants:
            try:
                yield apply(before, variant, new_id)
            except KeyError:  # a change to a diagnosis that is not there
                continue


def _describe(actual: State, expected: State) -> str:
    lines = []
    for doc_id in sorted(set(actual.diagnoses) | set(expected.diagnoses)):
        a, e = actual.diagnoses.get(doc_id), expected.diagnoses.get(doc_id)
        if a != e:
            lines.append(f"diagnosis #{doc_id}: on disk {a}, expected {e}")
    for draft_id in sorted(set(actual.drafts) | set(expected.drafts)):
        a_text, e_text = actual.drafts.get(draft_id), expected.drafts.get(draft_id)
        if a_text != e_text:
            lines.append(f"draft {draft_id}: on disk {a_text!r}, expected {e_text!r}")
    for doc_id in sorted(set(actual.meetings) | set(expected.meetings)):
        a_meet, e_meet = actual.meetings.get(doc_id), expected.meetings.get(doc_id)
        if a_meet != e_meet:
            lines.append(f"meeting for #{doc_id}: on disk {a_meet}, expected {e_meet}")
    return "; ".join(lines)


@dataclass
class Ledger:
    """Every id ever handed out or seen, across rounds (none may come back), and counts."""

    diagnoses: set[int] = field(default_factory=set)
    drafts: set[int] = field(default_factory=set)
    changes: int = 0
    """Acknowledged changes checked."""
    by_op: dict[str, int] = field(default_factory=dict)
    """Acknowledged changes checked, by kind (the records' ``op``)."""
    deleted: set[str] = field(default_factory=set)
    """The notes of every diagnosis whose deletion was acknowledged."""


def check_round(
    folder: str | Path, before: State, records: list[dict[str, Any]], ledger: Ledger
) -> tuple[State, str]:
    """Check the folder against ``before`` and the changes a killed child reported. Returns
    what the folder holds now (the next round's ``before``) and what became of the change under
    way when the child was killed: ``none`` (there was none), ``happened`` or ``not happened``."""
    expected = before
    begun: dict[str, Any] | None = None
    given_diagnoses: list[int] = []
    given_drafts: list[int] = []
    ended: set[int] = set()  # meetings finished or discarded
    for record in records:
        if record.get("phase") == "begin":
            begun = record
        elif record.get("phase") == "done" and record["op"] != "open":
            begun = None
            if record["op"] == "D" and record["id"] in expected.diagnoses:
                gone = expected.diagnoses[record["id"]]
                ledger.deleted |= {gone.notes} | ({gone.conversation} - {None})
                if record["id"] in expected.meetings:
                    ledger.deleted.add(expected.meetings[record["id"]].notes)
            if record["op"] in ("H", "Q"):
                ended.add(record["id"])
            elif record["op"] in ("M", "Z"):
                ended.discard(record["id"])
            expected = apply(expected, record)
            ledger.changes += 1
            ledger.by_op[record["op"]] = ledger.by_op.get(record["op"], 0) + 1
            if record["op"] in ("F", "C"):
                given_diagnoses.append(record["id"])
            if record["op"] in ("S", "X") and record["draft"] not in before.drafts:
                given_drafts.append(record["draft"])
    under_way = f"the change under way when killed: {begun}"
    try:
        actual = snapshot(folder)
    except Broken as error:
        raise Broken(error.kind, f"{error.detail} ({under_way})") from None
    reused = [i for i in given_diagnoses if i in ledger.diagnoses]
    reused += [i for i in set(actual.diagnoses) - set(before.diagnoses) if i in ledger.diagnoses]
    new_drafts = (set(actual.drafts) - set(before.drafts)) | set(given_drafts)
    reused_drafts = [i for i in new_drafts if i in ledger.drafts]
    if reused or len(set(given_diagnoses)) != len(given_diagnoses) or reused_drafts:
        raise Broken(
            "id reused", f"diagnosis ids {sorted(set(reused))}, draft ids {sorted(reused_drafts)}"
        )
    how = "none" if begun is None else "not happened"
    if not _same(actual, expected):
        if begun is None or not any(
            _same(actual, option) for option in _completions(expected, actual, begun)
        ):
            kind = "duplicate diagnosis" if _has_duplicate(actual) else "lost"
            if (set(actual.meetings) - set(expected.meetings)) & ended:
                kind = "finished meeting back"
            raise Broken(kind, f"{_describe(actual, expected)} ({under_way})")
        how = "happened"
    ledger.diagnoses |= set(actual.diagnoses) | set(given_diagnoses)
    ledger.drafts |= set(actual.drafts) | set(given_drafts)
    if ledger.diagnoses and actual.next_id <= max(ledger.diagnoses):
        raise Broken("id reused", f"next_id {actual.next_id} <= {max(ledger.diagnoses)}")
    if ledger.drafts and actual.next_draft <= max(ledger.drafts):
        raise Broken("id reused", f"next_draft {actual.next_draft} <= {max(ledger.drafts)}")
    return actual, how


def _has_duplicate(state: State) -> bool:
    tokens = [d.notes.split()[0] for d in state.diagnoses.values()]
    tokens += [notes.split()[0] for notes in state.drafts.values()]
    return len(set(tokens)) != len(tokens)


def leftovers(folder: str | Path, deleted: set[str]) -> tuple[list[str], list[str]]:
    """Temporary files left in the folder (by writes cut short), and the files that still hold
    the notes of a deleted diagnosis."""
    temps, holding = [], []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file():
            continue
        if path.name.endswith(".tmp"):
            temps.append(str(path.relative_to(folder)))
        text = path.read_bytes().decode(errors="replace")
        if any(notes in text for notes in deleted):
            holding.append(str(path.relative_to(folder)))
    return temps, holding


# -- the kill rounds --------------------------------------------------------------------------


@dataclass
class Round:
    kind: str
    """``loop`` (SIGKILL), ``exit-kill``, ``exit-hup`` (the app's exit), ``cli``."""
    records: list[dict[str, Any]]
    killed: bool = True


def _parse(text: str) -> list[dict[str, Any]]:
    lines = text.split("\n")[:-1]  # the last piece may be a half-printed line
    return [json.loads(line) for line in lines if line.startswith("{")]


def _kill_child(
    mode: str,
    folder: str,
    seed: int,
    sig: signal.Signals,
    ready: Callable[[bytes], bool],
    delay: float,
) -> list[dict[str, Any]]:
    child = subprocess.Popen(
        [sys.executable, str(HERE), mode, folder, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    assert child.stdout is not None and child.stderr is not None
    seen = b""
    while True:
        line = child.stdout.readline()
        seen += line
        if not line or ready(line):
            break
    time.sleep(delay)
    child.send_signal(sig)
    # Read the rest through the same buffered reader: readline() may have read ahead.
    seen += child.stdout.read()
    err = child.stderr.read().decode(errors="replace")
    child.wait()
    if child.returncode != -sig:
        raise AssertionError(
            f"the {mode} child ended by itself ({child.returncode}): {err[-3000:]}"
        )
    return _parse(seen.decode())


def _cli_round(folder: str, seed: int, rng: random.Random, cli_seconds: float) -> Round:
    """One ``python -m tui.cli --db FOLDER diagnose --answers FILE``, killed at a random
    moment of its run (or let finish, when the moment falls after its end)."""
    partner, notes = rng.choice(POOL), f"c{seed} from the command line"
    answers = Path(folder).with_name(Path(folder).name + f"-answers-{seed}.json")
    answers.write_text(json.dumps({**RAW_ANSWERS, "partner": partner, "notes": notes}))
    begun = {"phase": "begin", "op": "C", "partner": partner, "notes": notes}
    child = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", folder, "diagnose", "--answers", str(answers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=ROOT,
    )
    try:
        child.wait(timeout=rng.uniform(0.6, 1.05) * cli_seconds)
        killed = False
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        killed = True
    out, err = child.communicate()
    answers.unlink()
    if not killed and child.returncode != 0:
        raise AssertionError(f"the command failed ({child.returncode}): {err.decode()[-3000:]}")
    found = re.search(r"saved as #(\d+)", out.decode())
    records: list[dict[str, Any]] = [begun]
    if found:
        records.append({**begun, "phase": "done", "id": int(found.group(1))})
    return Round("cli", records, killed)


def time_cli(folder: str) -> float:
    """How long one whole ``diagnose --answers`` command takes here (seconds)."""
    start = time.perf_counter()
    done = _cli_round(folder, 0, random.Random(0), cli_seconds=1000.0)
    assert done.records[-1]["phase"] == "done"
    return time.perf_counter() - start


@dataclass
class KillReport:
    rounds: dict[str, list[int]] = field(default_factory=dict)
    """By kind of round: [rounds, killed with a change begun and not acknowledged, of which
    the change was found made]."""
    changes: int = 0
    """Acknowledged changes checked after the kills."""
    by_op: dict[str, int] = field(default_factory=dict)
    """The same by kind of change (the records' ``op``: ``M`` a meeting saved, ``H`` a
    conversation held, ``Q`` a meeting discarded, ...)."""
    diagnoses: int = 0
    drafts: int = 0
    meetings: int = 0
    temps: list[str] = field(default_factory=list)
    holding_deleted: list[str] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def kills(self) -> int:
        return sum(counts[0] for counts in self.rounds.values())

    def table(self) -> str:
        lines = [
            "| kills | how many | killed before the change under way was acknowledged "
            "| of which it had happened |",
            "|---|---|---|---|",
        ]
        for kind, (rounds, cut, landed) in sorted(self.rounds.items()):
            lines.append(f"| {KINDS[kind]} | {rounds} | {cut} | {landed} |")
        return "\n".join(lines)

    def summary(self) -> str:
        meetings = " / ".join(str(self.by_op.get(op, 0)) for op in ("M", "H", "Q"))
        verdict = (
            f"{len(self.failures)} broken promises"
            if self.failures
            else "0 acknowledged changes lost, always opened, no duplicate diagnosis, "
            "no finished meeting back, no id reused"
        )
        return (
            f"{self.kills} kills, {self.changes} acknowledged changes checked after them "
            f"({meetings} of them meeting saves, conversations held, meetings discarded): "
            f"{verdict}. At the end {self.diagnoses} diagnoses, {self.drafts} drafts and "
            f"{self.meetings} meetings in progress; "
            f"{len(self.temps)} temporary files left by cut writes; "
            f"{len(self.holding_deleted)} files still holding a deleted diagnosis's notes "
            f"({self.seconds:.0f} s)."
        )


KINDS = {
    "loop": "SIGKILL during saves, finishes, deletes, renames, outcomes, edits, meetings",
    "exit-kill": "SIGKILL while the app's exit flushes (drafts, points, meetings) and closes",
    "exit-hup": "SIGHUP while the app's exit flushes (drafts, points, meetings) and closes",
    "cli": "SIGKILL of `python -m tui.cli diagnose --answers` mid-run",
}


def plan(rounds: int, rng: random.Random) -> list[str]:
    """The kinds of round: about 60% random changes, 25% the app's exit (SIGKILL and SIGHUP),
    15% the command line, in a random order."""
    exit_kill, exit_hup, cli = round(rounds * 0.13), round(rounds * 0.12), round(rounds * 0.15)
    kinds = ["exit-kill"] * exit_kill + ["exit-hup"] * exit_hup + ["cli"] * cli
    kinds += ["loop"] * (rounds - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _one_round(folder: str, kind: str, seed: int, rng: random.Random, cli: float) -> Round:
    if kind == "loop":
        delay = rng.uniform(0.0, 0.25)
        return Round(kind, _kill_child("loop", folder, seed, signal.SIGKILL, bool, delay))
    if kind == "cli":
        return _cli_round(folder, seed, rng, cli)
    closes, seen = rng.randint(1, 3), [0]

    def at_close(line: bytes) -> bool:  # the ``closes``-th exit has begun
        seen[0] += b'"begin"' in line
        return seen[0] >= closes

    sig = signal.SIGKILL if kind == "exit-kill" else signal.SIGHUP
    return Round(kind, _kill_child("exit", folder, seed, sig, at_close, rng.uniform(0, 0.004)))


def run_kills(
    folder: str | Path, rounds: int, seed: int = 0, stop_early: bool = True
) -> KillReport:
    """The kill harness (see the module docstring). Raises :class:`Broken` at the first broken
    promise when ``stop_early``; otherwise counts them in the report, keeps the broken folder
    and goes on in a new one."""
    folder = base = str(folder)
    rng = random.Random(seed)
    report = KillReport()
    start = time.perf_counter()
    cli_seconds = time_cli(folder)
    before = snapshot(folder)
    ledger = Ledger(set(before.diagnoses), set(before.drafts))
    for number, kind in enumerate(plan(rounds, rng)):
        round_seed = seed * 10_000 + number + 1
        result = _one_round(folder, kind, round_seed, rng, cli_seconds)
        counts = report.rounds.setdefault(kind, [0, 0, 0])
        counts[0] += 1
        try:
            before, how = check_round(folder, before, result.records, ledger)
        except Broken as error:
            where = f"round {number} ({kind}, seed {round_seed})"
            if stop_early:
                raise Broken(error.kind, f"in {where}: {error.detail}") from error
            kept = f"{base}-broken-{len(report.failures) + 1}"
            os.replace(folder, kept)
            report.failures.append(f"{error.kind} in {where}: {error.detail} [kept in {kept}]")
            folder = f"{base}-{len(report.failures)}"
            before = snapshot(folder)
            ledger = Ledger(changes=ledger.changes, by_op=ledger.by_op, deleted=ledger.deleted)
            continue
        counts[1] += how != "none" and result.killed
        counts[2] += how == "happened" and result.killed
    report.changes, report.by_op = ledger.changes, ledger.by_op
    report.diagnoses, report.drafts = len(before.diagnoses), len(before.drafts)
    report.meetings = len(before.meetings)
    report.temps, report.holding_deleted = leftovers(folder, ledger.deleted)
    report.seconds = time.perf_counter() - start
    return report


# -- every crash point of every change, by fork -----------------------------------------------

STEPS = ("replace", "unlink", "link")
"""The file-system calls a change is made of: each file written whole (``os.replace`` of a
finished temporary file), a file removed, a backup linked."""


MEETING_TYPED = {"held_on": TODAY, "priority": "yes", "fix": "fix m1", "notes": "m1 said 1"}
"""What the template's meeting in progress (for diagnosis 1, at revision 1) holds."""


def _template(folder: Path) -> dict[str, int]:
    """A small database: Partner 0 (two diagnoses, one with an outcome and a meeting in
    progress), Partner 1 (one), drafts for Partner 0 and Partner 2. Returns the ids by name."""
    from store.repository import Draft, Repository

    repository = Repository(folder)
    first = repository.save(clean_answers(POOL[0], "a1 first of partner 0"))
    second = repository.save(clean_answers(POOL[0], "a2 second of partner 0"))
    third = repository.save(clean_answers(POOL[1], "a3 only one of partner 1"))
    assert first.id and second.id and third.id
    repository.set_outcome(first.id, Outcome("revive", fix="a monthly review"))
    draft_a = repository.save_draft(
        Draft(answers={"partner": POOL[0], "notes": "dA typing 1"}, typed={"notes": "dA typing 1"})
    )
    draft_b = repository.save_draft(
        Draft(answers={"partner": POOL[2], "notes": "dB typing 2"}, typed={"notes": "dB typing 2"})
    )
    assert draft_a.id and draft_b.id
    assert repository.save_meeting(first.id, Meeting(MEETING_TYPED)).revision == 1
    return {"1": first.id, "2": second.id, "3": third.id, "A": draft_a.id, "B": draft_b.id}


CHANGES = (
    "save an answer",
    "save a new draft",
    "finish a draft",
    "finish a new partner's draft",
    "save from the command line",
    "delete",
    "delete a partner's last",
    "rename",
    "rename into another partner",
    "record an outcome",
    "edit the talking points",
    "save a meeting",
    "start a meeting",
    "finish a meeting",
    "hold a conversation without a meeting",
    "discard a meeting",
    "delete one with a meeting",
)
"""The changes the crash points cut, each at every step."""


def crash_changes(ids: dict[str, int]) -> dict[str, tuple[dict[str, Any], Callable[..., Any]]]:
    """Each change the crash points cut: its begin record, and how to make it."""
    from store.repository import Draft

    def draft(name: str, partner: str, notes: str) -> Draft:
        return Draft(
            id=ids[name],
            answers={"partner": partner, "notes": notes},
            typed={"notes": notes},
            revision=1,
        )

    a_notes, b_notes = "dA typing 1", "dB typing 2"
    new = Draft(
        answers={"partner": POOL[3], "notes": "dC typing 3"}, typed={"notes": "dC typing 3"}
    )
    cli = clean_answers(POOL[1], "c9 from the command line")
    today = date.fromisoformat(TODAY)

    def held(typed: dict[str, str]) -> Conversation:
        conversation, problems = make_conversation(
            typed, diagnosed_on=date(2026, 11, 20), today=today, said=(0,)
        )
        assert conversation is not None, problems
        return conversation

    finished, without = held(MEETING_TYPED), held({"priority": "no", "notes": "h9 held"})
    typed = {**MEETING_TYPED, "notes": "m1 said 9"}
    started = {"held_on": TODAY, "priority": "evasive", "notes": "m2 said 9"}
    return {
        "save an answer": (
            {"op": "S", "draft": ids["A"], "partner": POOL[0], "notes": "dA typing 5"},
            lambda r: r.save_draft(draft("A", POOL[0], "dA typing 5")),
        ),
        "save a new draft": (
            {"op": "S", "draft": None, "partner": POOL[3], "notes": "dC typing 3"},
            lambda r: r.save_draft(new),
        ),
        "finish a draft": (
            {"op": "F", "draft": ids["A"], "partner": POOL[0], "notes": a_notes},
            lambda r: r.finish_draft(draft("A", POOL[0], a_notes), clean_answers(POOL[0], a_notes)),
        ),
        "finish a new partner's draft": (
            {"op": "F", "draft": ids["B"], "partner": POOL[2], "notes": b_notes},
            lambda r: r.finish_draft(draft("B", POOL[2], b_notes), clean_answers(POOL[2], b_notes)),
        ),
        "save from the command line": (
            {"op": "C", "partner": POOL[1], "notes": cli["notes"]},
            lambda r: r.save(cli),
        ),
        "delete": ({"op": "D", "id": ids["2"]}, lambda r: r.delete(ids["2"])),
        "delete a partner's last": ({"op": "D", "id": ids["3"]}, lambda r: r.delete(ids["3"])),
        "rename": (
            {"op": "N", "old": POOL[0], "new": POOL[5]},
            lambda r: r.rename_partner(POOL[0], POOL[5]),
        ),
        "rename into another partner": (
            {"op": "N", "old": POOL[0], "new": POOL[1]},
            lambda r: r.rename_partner(POOL[0], POOL[1]),
        ),
        "record an outcome": (
            {"op": "O", "id": ids["2"], "fix": "fix 9"},
            lambda r: r.set_outcome(ids["2"], Outcome("revive", fix="fix 9")),
        ),
        "edit the talking points": (
            {"op": "E", "id": ids["3"], "text": "points 9"},
            lambda r: r.set_edited_points(ids["3"], "points 9"),
        ),
        "save a meeting": (
            {"op": "M", "id": ids["1"], "notes": "m1 said 9", "revision": 2},
            lambda r: r.save_meeting(ids["1"], Meeting(typed, (0,), revision=1)),
        ),
        "start a meeting": (
            {"op": "M", "id": ids["2"], "notes": "m2 said 9", "revision": 1},
            lambda r: r.save_meeting(ids["2"], Meeting(started)),
        ),
        "finish a meeting": (
            {"op": "H", "id": ids["1"], "notes": finished.notes, "fix": finished.fix},
            lambda r: r.set_conversation(ids["1"], finished),
        ),
        "hold a conversation without a meeting": (
            {"op": "H", "id": ids["3"], "notes": without.notes, "fix": without.fix},
            lambda r: r.set_conversation(ids["3"], without),
        ),
        "discard a meeting": (
            {"op": "Q", "id": ids["1"]},
            lambda r: r.discard_meeting(ids["1"]),
        ),
        "delete one with a meeting": ({"op": "D", "id": ids["1"]}, lambda r: r.delete(ids["1"])),
    }


def _cut_at(step: int, after: bool, log: list[str], folder: Path) -> None:
    """From now on, SIGKILL this process at the ``step``-th file-system step (before it, or
    right after it; never when ``step`` is 0), and name each step in ``log``."""
    for name in STEPS:
        real = getattr(os, name)

        def cut(
            *args: Any, real: Callable[..., Any] = real, name: str = name, **kwargs: Any
        ) -> Any:
            target = Path(os.fspath(args[-1] if name != "unlink" else args[0]))
            log.append(f"{name} {target.relative_to(folder)}")
            if len(log) == step and not after:
                os.kill(os.getpid(), signal.SIGKILL)
            try:
                return real(*args, **kwargs)
            finally:  # also when it failed (a missing backup to unlink)
                if len(log) == step and after:
                    os.kill(os.getpid(), signal.SIGKILL)

        setattr(os, name, cut)


def _forked(folder: Path, change: Callable[..., Any], step: int, after: bool) -> bool:
    """Make ``change`` in a forked child killed at ``step``; ``True`` if it was killed."""
    from store.repository import Repository

    pid = os.fork()
    if pid == 0:  # the child
        log: list[str] = []
        try:
            repository = Repository(folder)
            _cut_at(step, after, log, folder)
            change(repository)
        except BaseException:
            traceback.print_exc()
        finally:
            (folder / "steps.json").write_text(json.dumps(log))
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def _drafts_follow(folder: Path, begin: dict[str, Any], result: str) -> str:
    """``result``, or broken when a rename's drafts are not under the name its diagnoses are
    (the template's draft A is Partner 0's): a draft finished later would split the partner."""
    from store.repository import Repository

    named = {
        partner_key(str(draft.answers.get("partner", ""))) for draft in Repository(folder).drafts()
    }
    wanted = begin["new"] if result == "happened" else begin["old"]
    if partner_key(wanted) not in named:
        return f"broken: the diagnoses {result}, but draft A is not under {wanted!r}"
    return result


def crash_points(workdir: str, names: list[str]) -> None:
    """For each change named (all when none is): kill it by fork before and after each of its
    file-system steps, then check the folder with a fresh Repository (in this process, which
    was not killed). Prints one JSON line per crash point: the change, the step (numbered
    from 1, and what it does), before or after it, and what the folder was found to hold."""
    import shutil

    work = Path(workdir)
    template = work / "template"
    ids = _template(template)
    before = snapshot(template)
    changes = crash_changes(ids)
    assert tuple(changes) == CHANGES
    for name in names or list(changes):
        begin, change = changes[name]
        dry = work / f"{name}-steps"
        shutil.copytree(template, dry)
        assert not _forked(dry, change, 0, False)
        steps = json.loads((dry / "steps.json").read_text())
        for step in range(1, len(steps) + 2):
            for after in (False, True) if step <= len(steps) else (False,):
                folder = work / f"{len(list(work.iterdir()))}"
                shutil.copytree(template, folder)
                killed = _forked(folder, change, step, after)
                (folder / "steps.json").unlink(missing_ok=True)
                point = {
                    "change": name,
                    "step": step,
                    "does": steps[step - 1] if step <= len(steps) else "(finished)",
                    "after": after,
                    "killed": killed,
                }
                try:
                    _, how = check_round(
                        folder,
                        before,
                        [{"phase": "begin", **begin}],
                        Ledger(set(before.diagnoses), set(before.drafts)),
                    )
                    point["result"] = how
                    if not killed and how != "happened":
                        point["result"] = "broken: the change finished but is not there"
                except Broken as error:
                    point["result"] = f"broken: {error}"
                if begin["op"] == "N" and not point["result"].startswith("broken"):
                    point["result"] = _drafts_follow(folder, begin, point["result"])
                temps, _ = leftovers(folder, set())
                point["temps"] = len(temps)
                print(json.dumps(point), flush=True)


def main(argv: list[str]) -> None:
    mode, folder = argv[0], argv[1]
    if mode == "loop":
        loop(folder, int(argv[2]))
    elif mode == "exit":
        exit_loop(folder, int(argv[2]))
    elif mode == "window-draft":
        window_draft(folder, int(argv[2]), int(argv[3]), argv[4], int(argv[5]))
    elif mode == "window-change":
        window_change(folder, int(argv[2]), argv[3], argv[4], int(argv[5]))
    elif mode == "window-save":
        window_save(folder, argv[2], int(argv[3]))
    elif mode == "delete":
        delete_after(folder, int(argv[2]), float(argv[3]))
    elif mode == "points":
        crash_points(folder, argv[2:])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
