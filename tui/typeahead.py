"""Keys typed ahead of the cursor go where the cursor lands, in the order they were typed.

A key that moves the cursor (enter on an answer, a choice's letter, tab) is carried out a few
messages after the app hands it on: the field posts that it was submitted, its form moves the
cursor. A key typed in between went to the field just left, so ``Acme`` enter ``Kim`` typed
quickly (or while the machine was busy) gave the partner ``AcmeKim``; and a key typed as a
screen opened or closed reached a screen with no cursor yet, and was lost.

So the app holds the keys (and pastes) that come after one the screen says moves the cursor
(:meth:`MovesCursor.moves_cursor`), until that screen says the cursor has landed
(:meth:`TypeAheadApp.cursor_landed`); and after a screen opens or closes, until the screen
then on top has drawn itself, its cursor in place. Then it hands them on, in order, as if
they had just been typed. Keys are held :data:`HOLD_AT_MOST` seconds at most, should nothing
ever say the cursor landed."""

from __future__ import annotations

from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

HOLD_AT_MOST = 1.0
"""Seconds keys are held at most, should nothing say the cursor landed."""


@runtime_checkable
class MovesCursor(Protocol):
    """A screen whose keys may move the cursor a few messages after they are handed on."""

    def moves_cursor(self, event: events.Key) -> bool:
        """Whether ``event``, handed to the widget that has the cursor now, will move the
        cursor later; the screen then calls :meth:`TypeAheadApp.cursor_landed` once it has
        (or opens or closes a screen)."""
        ...


class CursorLanded(Message):
    """``screen`` put the cursor where the keys of hold number ``hold`` wait to go."""

    def __init__(self, hold: int, screen: Screen[Any]) -> None:
        self.hold = hold
        self.screen = screen
        super().__init__()


Held = events.Key | events.Paste


class TypeAheadApp(App[None]):
    """An app that holds keys typed ahead of a cursor on its way (see the module docstring)."""

    _held: list[Held] | None = None
    """The keys and pastes held, in order; ``None`` while none are."""
    _holds = 0
    """The number of the hold under way (or of the last one)."""
    _hold_timer: Timer | None = None
    _opened: Screen[Any] | None = None
    """The screen opened or shown again during the hold: only its landing ends the hold."""

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, Held) or event.is_forwarded:
            await super().on_event(event)
            return
        if self._held is not None:
            self._held.append(event)
            return
        screen = self.screen
        if (
            isinstance(event, events.Key)
            and isinstance(screen, MovesCursor)
            and screen.moves_cursor(event)
        ):
            self._hold()  # from now on: the cursor may even land while this key is handed on
        await super().on_event(event)

    def _hold(self) -> None:
        if self._held is None:
            self._held, self._opened = [], None
            self._holds += 1
            self._hold_timer = self.set_timer(HOLD_AT_MOST, partial(self._timed_out, self._holds))

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """A screen opened or closed: keys wait until the one on top has drawn itself."""
        self._hold()
        self._opened = screen
        screen.call_after_refresh(self.post_message, CursorLanded(self._holds, screen))

    def cursor_landed(self, screen: Screen[Any]) -> None:
        """Said by ``screen`` once the cursor is where a key held for sent it: the keys typed
        after that key go on to it (unless another screen has opened or closed meanwhile)."""
        if self._held is not None:
            self.post_message(CursorLanded(self._holds, screen))

    def action_focus_next(self) -> None:
        super().action_focus_next()
        self.cursor_landed(self.screen)  # tab in a form: see MovesCursor

    def action_focus_previous(self) -> None:
        super().action_focus_previous()
        self.cursor_landed(self.screen)

    async def on_cursor_landed(self, message: CursorLanded) -> None:
        if message.hold != self._holds or self._held is None:
            return  # a hold over already
        if message.screen is not (self._opened or self.screen):
            return  # said by a screen left since: the one opened lands the cursor
        await self._let_go()

    async def _timed_out(self, hold: int) -> None:
        if hold == self._holds and self._held is not None:
            await self._let_go()

    async def _let_go(self) -> None:
        held, self._held, self._opened = self._held or [], None, None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        for at, event in enumerate(held):
            if self._held is not None:  # one let go moves the cursor again: the rest wait
                self._held.extend(held[at:])
                return
            await self.on_event(event)
