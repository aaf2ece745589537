"""Saving what the user types without making the typing wait.

A screen hands every change to :meth:`LatestWriter.submit`; a background thread writes the newest
value. Changes that arrive while a write is running are coalesced: the thread then writes only
the latest, so the cost follows what the disk can take, not the keystrokes, and an older value
can never overwrite a newer one. ``flush`` waits until everything submitted is on disk (screens
call it before they close, the app before it exits).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Generic, TypeVar

from store.repository import Draft, Repository

T = TypeVar("T")

_NOTHING = object()


class LatestWriter(Generic[T]):
    """Writes the newest submitted value in a background thread."""

    def __init__(
        self,
        write: Callable[[T], None],
        on_error: Callable[[Exception], None] | None = None,
        name: str = "unstall-writer",
    ) -> None:
        self._write = write
        self._on_error = on_error
        self._pending: object = _NOTHING
        self._condition = threading.Condition()
        self._busy = False
        self._stopped = False
        self.writes = 0
        self.last_error: Exception | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, value: T) -> None:
        """Ask for ``value`` to be written; returns at once."""
        with self._condition:
            self._pending = value
            self._condition.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every submitted value is written. ``False`` if that took too long."""
        with self._condition:
            return self._condition.wait_for(
                lambda: self._pending is _NOTHING and not self._busy, timeout=timeout
            )

    def stop(self) -> None:
        """Write what is pending, then end the thread."""
        self.flush()
        with self._condition:
            self._stopped = True
            self._condition.notify_all()
        self._thread.join(timeout=5)

    def drop(self) -> None:
        """Forget anything not yet written."""
        with self._condition:
            self._pending = _NOTHING

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending is not _NOTHING or self._stopped)
                if self._pending is _NOTHING:
                    return
                value = self._pending
                self._pending = _NOTHING
                self._busy = True
            try:
                self._write(value)  # type: ignore[arg-type]
            except Exception as error:  # reported to the screen, which keeps the typed text
                self.last_error = error
                if self._on_error is not None:
                    self._on_error(error)
            else:
                self.last_error = None
                self.writes += 1
            with self._condition:
                self._busy = False
                self._condition.notify_all()


class Autosaver(LatestWriter[Draft]):
    """Saves the newest state of one questionnaire as its draft."""

    def __init__(
        self,
        repository: Repository,
        draft_id: int | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        revision: int = 0,
        on_fork: Callable[[Draft], None] | None = None,
    ) -> None:
        self._repository = repository
        self._draft_id = draft_id
        self._revision = revision
        self._on_fork = on_fork
        super().__init__(self._save, on_error, name="unstall-autosave")

    @property
    def draft_id(self) -> int | None:
        return self._draft_id

    @property
    def revision(self) -> int:
        """The revision of the draft as this window last saved it."""
        return self._revision

    def _save(self, draft: Draft) -> None:
        saved = self._repository.save_draft(
            replace(draft, id=self._draft_id, revision=self._revision)
        )
        self._draft_id, self._revision = saved.id, saved.revision
        if saved.forked_from is not None and self._on_fork is not None:
            self._on_fork(saved)
