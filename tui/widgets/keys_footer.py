"""The footer every screen shows: Textual's ``Footer``, rebuilt only when what it shows changes.

Textual's footer builds its keys again each time the screen says its bindings were updated,
which happens several times for one key press (a focus moved, a screen pushed, a check of what
is enabled), up to 13 times when the meeting ends in the drafts. Most of those times nothing it
shows changed. This one compares what it would show (each key, its words, whether it is enabled,
the palette's key) with what it shows, and rebuilds only when they differ.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(footer: Footer, screen: Screen[Any]) -> tuple[object, ...]:
    """What ``footer`` shows on ``screen`` now: each key in it, with its words, action and
    whether it is enabled, in order, and whether the palette's key is in it."""
    keys = tuple(
        (binding.key, binding.key_display, binding.description, binding.action, enabled, tip)
        for _, binding, enabled, tip in screen.active_bindings.values()
        if binding.show
    )
    return (keys, footer.show_command_palette, footer.compact)


class KeysFooter(Footer):
    """Textual's footer, rebuilt only when what it shows changes (see the module docstring)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.showing: tuple[object, ...] | None = None
        """What was last rebuilt (``None``: nothing yet)."""

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # as Textual does: ready, and nothing rebuilt
            return
        showing = shown_keys(self, screen)
        if showing == self.showing:
            return
        self.showing = showing
        super().bindings_changed(screen)

    def watch_show_command_palette(self) -> None:
        """The palette's key comes or goes (a screen fitting its footer to a new width): the
        keys are built again, as they would be for a change of bindings."""
        if self.is_attached and self.is_mounted:
            self.showing = None
            self.call_after_refresh(self.recompose)
