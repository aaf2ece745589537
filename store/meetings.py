"""The reset conversation: the meeting in progress in ``meetings.json`` (table ``meetings``, by
diagnosis id: the partner, the :class:`Meeting` as typed, when saved), and the one held, kept as
its diagnosis's ``conversation`` with the ``outcome`` it sets.

Finishing marks the meeting ``closing`` with its conversation, writes the partner file, then drops
the meeting (each write atomic, under the lock). A closing meeting is never offered; the next open
drops it if its conversation landed, else keeps it. A save from another revision than the stored
one is refused (:class:`MeetingChanged`): two windows never overwrite each other. A damaged
``meetings.json`` reads as no meetings (and is in ``damaged``); the next save sets it and its
backup aside (``.damaged-<time>``) and starts anew."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from playbook import clock
from playbook.conversation import Conversation, Meeting
from playbook.history import held_fields, read_conversation
from playbook.outcome import Outcome
from store.errors import StoreError
from store.folder import Folder, backup_of
from store.records import MEETINGS, DiagnosisGone


class MeetingChanged(StoreError):
    """A meeting saved from another revision than the stored one, or ended elsewhere: not saved."""


@dataclass(frozen=True)
class InProgress:
    """A meeting in progress as :meth:`Meetings.meetings` hands it out: its diagnosis, the
    partner's name as now, the meeting as typed, and when it was last saved (``updated_at``,
    ISO seconds; empty when not known)."""

    diagnosis_id: int
    partner: str
    meeting: Meeting
    saved_at: str = ""


class Meetings(Folder):
    """The conversation half of the repository (see the module docstring)."""

    def _existing(self, diagnosis_id: int) -> tuple[str, dict[int, dict[str, Any]]]:
        found = self._locate(diagnosis_id)
        if found is None:
            raise DiagnosisGone(
                self.path,
                f"diagnosis #{diagnosis_id} no longer exists (deleted in another window?)",
                "Nothing was saved; go back to the partner's page",
            )
        return found

    def _change(self, diagnosis_id: int, change: dict[str, Any]) -> None:
        with self._changing():
            key, documents = self._existing(diagnosis_id)
            documents[diagnosis_id] = {**documents[diagnosis_id], **change}
            self._put_partners({key: documents})

    def set_conversation(
        self, diagnosis_id: int, conversation: Conversation | None, *, ends_meeting: bool = True
    ) -> None:
        """Record the conversation held about one diagnosis and the outcome it sets; its meeting
        goes (unless ``ends_meeting`` is false: an outcome recorded since the call leaves a
        meeting in progress alone). ``None`` removes it, and the outcome too if it set it.
        Deleted: DiagnosisGone."""
        with self._changing():
            key, documents = self._existing(diagnosis_id)
            document, change = documents[diagnosis_id], held_fields(conversation)
            before = read_conversation(document.get("conversation"))
            if conversation is None and (
                before is None or before.outcome != Outcome.from_dict(document.get("outcome"))
            ):
                del change["outcome"]  # not the one the conversation set: it stays
            closing = change["conversation"] or {}
            meetings = (self._meeting_documents() or {}) if ends_meeting else {}
            if diagnosis_id in meetings:
                meetings[diagnosis_id] = dict(meetings[diagnosis_id], closing=closing)
                self._write(self.path / "meetings.json", MEETINGS, meetings)
            documents[diagnosis_id] = {**document, **change}
            self._put_partners({key: documents})
            if ends_meeting:
                self._forget_meeting(diagnosis_id)

    def _meeting_documents(self) -> dict[int, dict[str, Any]] | None:
        return self._read(self.path / "meetings.json", MEETINGS)  # None: damaged, and recorded

    def save_meeting(self, diagnosis_id: int, meeting: Meeting) -> Meeting:
        """Save the meeting in progress as typed; returns it one revision on. Another revision
        stored (saved, finished or discarded elsewhere): MeetingChanged; deleted: DiagnosisGone."""
        stamp = clock.now().isoformat(timespec="seconds")
        path = self.path / "meetings.json"
        with self._changing():
            key, documents = self._existing(diagnosis_id)
            meetings = self._meeting_documents()
            if meetings is None:  # damaged: kept aside, with its last good copy, not lost
                if backup_of(path).exists():
                    self._set_aside(backup_of(path))
                self._set_aside(path)
                meetings = {}
            stored = self._meeting_of(meetings.get(diagnosis_id))
            at = stored.revision if stored is not None else 0
            if at != meeting.revision:
                why = "changed in another window since this one read it"
                if stored is None:
                    why = "finished or discarded in another window"
                raise MeetingChanged(
                    path,
                    f"the meeting for #{diagnosis_id} was {why}",
                    "Nothing was saved here; open the meeting again to see where it stands",
                    database=self.path,
                )
            started = meeting.started_at or stamp
            saved = replace(meeting, typed=dict(meeting.typed), started_at=started, revision=at + 1)
            meetings.pop(diagnosis_id, None)  # the last saved is the last in the file
            meetings[diagnosis_id] = {
                "partner": documents[diagnosis_id]["partner"],
                "meeting": saved.to_dict(),
                "updated_at": stamp,
            }
            self._write(path, MEETINGS, meetings)
        return saved

    @staticmethod
    def _meeting_of(document: dict[str, Any] | None) -> Meeting | None:
        """The meeting a stored document holds: none when absent, closing or damaged."""
        if document is None or "closing" in document:
            return None
        return Meeting.from_dict(document.get("meeting"))

    def get_meeting(self, diagnosis_id: int) -> Meeting | None:
        """The meeting in progress for one diagnosis, or ``None`` (none, or unreadable)."""
        return self._meeting_of((self._meeting_documents() or {}).get(diagnosis_id))

    def meetings(self) -> list[InProgress]:
        """Every meeting in progress (:class:`InProgress`), the last saved first, from
        ``meetings.json`` and the index alone (names as now; none of a deleted one)."""
        names = {
            number: entry["latest"][1]["partner"]
            for entry in self._index().values()
            if entry.get("latest")
            for number in entry["ids"]
        }
        pairs = reversed((self._meeting_documents() or {}).items())  # a tie: the later first
        ranked = sorted(pairs, key=lambda item: str(item[1].get("updated_at", "")), reverse=True)
        return [
            InProgress(doc_id, names[doc_id], meeting, str(document.get("updated_at", "")))
            for doc_id, document in ranked
            if (meeting := self._meeting_of(document)) and isinstance(names.get(doc_id), str)
        ]

    def discard_meeting(self, diagnosis_id: int) -> None:
        with self._changing():
            self._forget_meeting(diagnosis_id)

    def _forget_meeting(self, diagnosis_id: int) -> None:
        self._forget(self.path / "meetings.json", MEETINGS, diagnosis_id)

    def _settle_meetings(self) -> None:
        """At open, inside a change: a meeting whose diagnosis is gone (a kill inside a delete)
        goes; one left closing by a kill goes if its conversation landed, else is kept."""
        meetings = self._meeting_documents() or {}
        known = {i for entry in self._index().values() for i in entry.get("ids", ())}
        unsettled = [k for k, v in meetings.items() if "closing" in v or k not in known]
        for diagnosis_id in unsettled:
            try:
                found = self._locate(diagnosis_id)
            except StoreError:
                continue  # its partner file is damaged: left closing until it reads again
            document = meetings[diagnosis_id] = dict(meetings[diagnosis_id])
            closing = document.pop("closing", None) or None
            if found is None or found[1][diagnosis_id].get("conversation") == closing:
                del meetings[diagnosis_id]
        if unsettled:
            self._write(self.path / "meetings.json", MEETINGS, meetings)
