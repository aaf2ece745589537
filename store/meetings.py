"""The reset conversation in the store: the meeting in progress, saved as it is typed in
``meetings.json``, and the conversation once held, on its diagnosis's document.

``meetings.json`` (table ``meetings``) holds one document per diagnosis with a meeting in
progress (its id is the diagnosis id): the partner's name, the :class:`Meeting` as typed, when it
was last saved; home lists them from this one small file. The held conversation is the diagnosis
document's ``conversation``, written in one change with the ``outcome`` it sets.

Finishing a meeting writes three times, each atomic, under the folder's lock: the meeting is
marked ``closing`` with the conversation it becomes, the partner file gets the conversation,
the meeting goes. A kill after the first write leaves a closing meeting that is never offered
while it closes; the next open of the folder keeps it (the conversation did not land) or drops
it (it did): the conversation is never lost, and a meeting already recorded never comes back.

Two windows on one meeting never overwrite each other: a save from another revision than the
stored one is refused (:class:`MeetingChanged`). Damaged meeting data never blocks the rest:
an unreadable ``meetings.json`` reads as no meetings (and is reported in ``damaged``); the
next save sets it and its backup aside, kept as ``meetings.json.damaged-<time>`` and
``meetings.json.bak.damaged-<time>``, and starts a new one; a stored meeting that is not one
reads as none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playbook import clock
from playbook.conversation import Conversation, Meeting
from playbook.history import read_conversation
from playbook.outcome import Outcome
from store.errors import StoreError
from store.folder import Folder
from store.records import MEETINGS, DiagnosisGone


class MeetingChanged(StoreError):
    """A meeting saved from an older revision than the stored one (two windows on it), or
    one finished or discarded in another window meanwhile: nothing was saved."""


class Meetings(Folder):
    """The conversation half of the repository (see the module docstring)."""

    # -- one diagnosis document -------------------------------------------------------------

    def _existing(self, diagnosis_id: int) -> tuple[str, dict[int, dict[str, Any]]]:
        """:meth:`_locate`, where a diagnosis deleted meanwhile raises :class:`DiagnosisGone`."""
        found = self._locate(diagnosis_id)
        if found is None:
            raise DiagnosisGone(
                self.path,
                f"diagnosis #{diagnosis_id} no longer exists (deleted in another window?)",
                "Nothing was saved; go back to the partner's page",
            )
        return found

    def _change(self, diagnosis_id: int, change: dict[str, Any]) -> None:
        """Merge ``change`` into one diagnosis's document (a deleted one raises
        :class:`DiagnosisGone`)."""
        with self._changing():
            key, documents = self._existing(diagnosis_id)
            documents[diagnosis_id] = {**documents[diagnosis_id], **change}
            self._put_partner(key, documents)

    def set_conversation(self, diagnosis_id: int, conversation: Conversation | None) -> None:
        """Record the conversation held about one diagnosis, and the outcome it sets, in one
        change; the meeting it came from goes. ``None`` removes the conversation, and the
        outcome with it when that is still the one the conversation set. A diagnosis deleted
        meanwhile raises :class:`DiagnosisGone`."""
        stored = conversation.to_dict() if conversation is not None else None
        with self._changing():
            found = self._existing(diagnosis_id)
            change: dict[str, Any] = {"conversation": stored}
            if conversation is not None:
                change["outcome"] = conversation.outcome.to_dict()
            else:
                before = read_conversation(found[1][diagnosis_id].get("conversation"))
                outcome = Outcome.from_dict(found[1][diagnosis_id].get("outcome"))
                if before is not None and outcome == before.outcome:
                    change["outcome"] = None
            meetings = self._meeting_documents()
            if meetings is not None and diagnosis_id in meetings:
                meetings[diagnosis_id] = {**meetings[diagnosis_id], "closing": stored or {}}
                self._write(self._meetings_path, MEETINGS, meetings)
            key, documents = found
            documents[diagnosis_id] = {**documents[diagnosis_id], **change}
            self._put_partner(key, documents)
            self._forget_meeting(diagnosis_id)

    # -- meetings ---------------------------------------------------------------------------

    @property
    def _meetings_path(self) -> Path:
        return self.path / "meetings.json"

    def _meeting_documents(self) -> dict[int, dict[str, Any]] | None:
        return self._read(self._meetings_path, MEETINGS)  # None: damaged, and recorded

    def save_meeting(self, diagnosis_id: int, meeting: Meeting) -> Meeting:
        """Save the meeting in progress for one diagnosis, as typed; returns it with its
        revision one higher. Refused with :class:`MeetingChanged` when the stored meeting is
        at another revision than ``meeting`` (saved meanwhile in another window, or finished
        or discarded there); a deleted diagnosis raises :class:`DiagnosisGone`."""
        stamp = clock.now().isoformat(timespec="seconds")
        with self._changing():
            found = self._existing(diagnosis_id)
            meetings = self._meeting_documents()
            if meetings is None:  # damaged: kept aside, with its last good copy, not lost
                backup = self._meetings_path.with_name("meetings.json.bak")
                if backup.exists():
                    self._set_aside(backup)
                self._set_aside(self._meetings_path)
                meetings = {}
            stored = self._meeting_of(meetings.get(diagnosis_id))
            at = stored.revision if stored is not None else 0
            if at != meeting.revision:
                raise MeetingChanged(
                    self._meetings_path,
                    f"the meeting for #{diagnosis_id} was "
                    + (
                        "changed in another window since this one read it"
                        if stored is not None
                        else "finished or discarded in another window"
                    ),
                    "Nothing was saved here; open the meeting again to see where it stands",
                    database=self.path,
                )
            saved = Meeting(
                typed=dict(meeting.typed),
                said=meeting.said,
                started_at=meeting.started_at or stamp,
                revision=meeting.revision + 1,
            )
            meetings.pop(diagnosis_id, None)  # the last saved is the last in the file
            meetings[diagnosis_id] = {
                "partner": found[1][diagnosis_id]["partner"],
                "meeting": saved.to_dict(),
                "updated_at": stamp,
            }
            self._write(self._meetings_path, MEETINGS, meetings)
        return saved

    @staticmethod
    def _meeting_of(document: dict[str, Any] | None) -> Meeting | None:
        """The meeting a stored document holds; ``None`` when there is none, it is closing,
        or it is damaged."""
        if not isinstance(document, dict) or "closing" in document:
            return None
        return Meeting.from_dict(document.get("meeting"))

    def get_meeting(self, diagnosis_id: int) -> Meeting | None:
        """The meeting in progress for one diagnosis, or ``None`` (none, or unreadable)."""
        return self._meeting_of((self._meeting_documents() or {}).get(diagnosis_id))

    def meetings(self) -> list[tuple[int, str, Meeting]]:
        """Every meeting in progress as ``(diagnosis id, partner, meeting)``, the most
        recently saved first, from ``meetings.json`` and the index alone (the partner's name as
        it is now, after a rename too; a meeting whose diagnosis is gone is left out)."""
        names = {
            number: entry["latest"][1]["partner"]
            for entry in self._index().values()
            if entry.get("latest")
            for number in entry["ids"]
        }
        found = []
        for position, (doc_id, document) in enumerate((self._meeting_documents() or {}).items()):
            meeting = self._meeting_of(document)
            partner = names.get(doc_id)
            if meeting is not None and isinstance(partner, str):
                found.append(
                    (str(document.get("updated_at", "")), position, doc_id, partner, meeting)
                )
        found.sort(reverse=True)
        return [(doc_id, partner, meeting) for *_, doc_id, partner, meeting in found]

    def discard_meeting(self, diagnosis_id: int) -> None:
        """Drop the meeting in progress for one diagnosis (nothing if there is none)."""
        with self._changing():
            self._forget_meeting(diagnosis_id)

    def _forget_meeting(self, diagnosis_id: int) -> None:
        """Inside a change: remove one meeting, and the backup that still holds its text."""
        meetings = self._meeting_documents()
        if meetings is None:
            return  # damaged: never written, and its backup kept
        if diagnosis_id in meetings:
            del meetings[diagnosis_id]
            self._write(self._meetings_path, MEETINGS, meetings)
        self._meetings_path.with_name("meetings.json.bak").unlink(missing_ok=True)

    def _settle_meetings(self) -> None:
        """Inside a change, when the folder opens: a meeting whose diagnosis is gone (a kill
        inside a delete) goes; each meeting left closing by a kill is dropped if its
        conversation landed, kept otherwise."""
        meetings = self._meeting_documents()
        if not meetings:
            return
        known = {i for entry in self._index().values() for i in entry.get("ids", ())}
        closing = {k: v for k, v in meetings.items() if "closing" in v or k not in known}
        if not closing:
            return
        for diagnosis_id, document in closing.items():
            try:
                found = self._locate(diagnosis_id)
            except StoreError:
                continue  # its partner file is damaged: left closing until it reads again
            stored = found[1][diagnosis_id].get("conversation") if found else None
            if found is None or stored == (document.get("closing") or None):
                del meetings[diagnosis_id]
            else:
                meetings[diagnosis_id] = {k: v for k, v in document.items() if k != "closing"}
        self._write(self._meetings_path, MEETINGS, meetings)
