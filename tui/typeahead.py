"""Keys typed ahead of the cursor go where the cursor lands, in the order they were typed.

A key that moves the cursor (enter on an answer, a choice's letter, tab) is carried out a few
messages after the app hands it on: the field posts that it was submitted, its form moves the
cursor. A key typed in between went to the field just left, so ``Acme`` enter ``Kim`` typed
quickly (or while the machine was busy) gave the partner ``AcmeKim``. Here the app holds every
key that comes after one the screen says moves the cursor (:meth:`MovesCursor.moves_cursor`),
until the screen says the cursor has landed (:meth:`TypeAheadApp.cursor_landed`), then hands
the keys it held on, in order, as if they had just been typed. A screen that never says so
only delays them: they go on after :data:`HOLD_AT_MOST` seconds."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual import events
from textual.app import App
from textual.message import Message
from textual.timer import Timer

HOLD_AT_MOST = 1.0
"""Seconds keys are held at most, should a screen never say its cursor landed."""


@runtime_checkable
class MovesCursor(Protocol):
    """A screen whose keys may move the cursor a few messages after they are handed on."""

    def moves_cursor(self, event: events.Key) -> bool:
        """Whether ``event``, handed to the widget that has the cursor now, will move the
        cursor later; the screen then calls :meth:`TypeAheadApp.cursor_landed` once it has."""
        ...


class CursorLanded(Message):
    """The screen put the cursor where the key the app holds keys for sent it."""

    def __init__(self, hold: int) -> None:
        self.hold = hold
        super().__init__()


class TypeAheadApp(App[None]):
    """An app that holds keys typed ahead of a cursor on its way (see the module docstring)."""

    _held: list[events.Key] | None = None
    _holds = 0
    _hold_timer: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        if self._held is not None:
            self._held.append(event)
            return
        screen = self.screen
        if isinstance(screen, MovesCursor) and screen.moves_cursor(event):
            # Held from now on: the cursor may even land while this key is handed on.
            self._held = []
            self._holds += 1
            self._hold_timer = self.set_timer(HOLD_AT_MOST, self._let_go)
        await super().on_event(event)

    def cursor_landed(self) -> None:
        """Said by a screen once the cursor is where a key held for sent it: the keys typed
        after that key go on to it."""
        if self._held is not None:
            self.post_message(CursorLanded(self._holds))

    async def on_cursor_landed(self, message: CursorLanded) -> None:
        if message.hold == self._holds:
            await self._let_go()

    async def _let_go(self) -> None:
        held, self._held = self._held or [], None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        for at, key in enumerate(held):
            if self._held is not None:  # a key let go moves the cursor again: the rest wait
                self._held.extend(held[at:])
                return
            await self.on_event(key)
