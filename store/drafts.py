"""Drafts: unfinished diagnoses, saved answer by answer in ``drafts.json``. Two windows on one
draft never overwrite each other: a save from an older revision is kept as a draft of its own."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from playbook import clock
from playbook.history import Draft, is_empty
from store.folder import Folder
from store.records import DRAFTS


class Drafts(Folder):
    """The drafts half of the repository."""

    def _drafts(self) -> dict[int, dict[str, Any]]:
        return self._must_read(self.path / "drafts.json", DRAFTS)

    def save_draft(self, draft: Draft) -> Draft:
        """Create or update a draft; returns it with its id, revision and time of the save. One
        saved from an older revision than the stored one, or whose id is no longer stored (it
        was finished or discarded in another window), is kept as a new draft, as
        ``forked_from`` and ``forked_because`` say."""
        stamp = clock.now().isoformat(timespec="seconds")
        with self._changing():
            drafts = self._drafts()
            stored = drafts.get(draft.id) if draft.id is not None else None
            forked: int | None = None
            because: Literal["changed", "gone"] | None = None
            if stored is not None and int(stored.get("revision", 0)) != draft.revision:
                forked, because, stored = draft.id, "changed", None
            elif draft.id is not None and stored is None:
                forked, because = draft.id, "gone"
            if is_empty(draft):  # nothing given: nothing kept, and a draft kept before goes
                if stored is not None:
                    self._forget_draft(draft.id)
                return replace(draft, id=None, revision=0, updated_at=stamp)
            draft_id = draft.id if stored is not None else self._ids("next_draft", 1)[0]
            assert draft_id is not None
            document = {
                **draft.to_document(),
                "updated_at": stamp,
                "started_at": draft.started_at or stamp,
                "revision": draft.revision + 1 if stored is not None else 1,
            }
            drafts[draft_id] = document
            self._write(self.path / "drafts.json", DRAFTS, drafts)
        saved = Draft.from_document(draft_id, document)
        return replace(saved, forked_from=forked, forked_because=because)

    def drafts(self) -> list[Draft]:
        """Unfinished diagnoses, most recently touched first."""
        found = [Draft.from_document(doc_id, doc) for doc_id, doc in self._drafts().items()]
        return sorted(found, key=lambda draft: (draft.updated_at, draft.id or 0), reverse=True)

    def get_draft(self, draft_id: int) -> Draft | None:
        document = self._drafts().get(draft_id)
        return None if document is None else Draft.from_document(draft_id, document)

    def discard_draft(self, draft_id: int) -> None:
        with self._changing():
            self._forget_draft(draft_id)

    def _forget_draft(self, draft_id: int | None) -> None:
        self._forget(self.path / "drafts.json", DRAFTS, draft_id)
