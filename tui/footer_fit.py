"""A footer that keeps Keys and Quit whole on a narrow screen: the less important keys leave it
first, one after another, until the rest fits. They still work (a twin binding of the same key,
out of the footer) and the keys screen (``?``) lists them.

A screen using it declares, right after each binding that may leave the footer, its twin:
the same key and words, the action ``<action>_unlisted`` (the same method) and ``show=False``;
its ``check_action`` turns on one or the other with :func:`listed_or_twin`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.cells import cell_len
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

TWIN = "_unlisted"
"""The suffix of the twin of an action, out of the footer."""
PALETTE_KEY = cell_len("^p palette") + 2
"""The command palette's key on the right of the footer: its text, a space and its border."""


def footer_width(app: App[object], bindings: Iterable[Binding]) -> int:
    """How wide Textual's footer draws these keys: for each action, its first key, its words
    and three spaces; the command palette's key included."""
    by_action: dict[str, Binding] = {}
    for binding in bindings:
        by_action.setdefault(binding.action, binding)
    return PALETTE_KEY + sum(
        cell_len(app.get_key_display(binding)) + cell_len(binding.description) + 3
        for binding in by_action.values()
    )


def left_out(
    screen: Screen[object], available: Callable[[str], bool], leaving: tuple[str, ...]
) -> set[str]:
    """The actions of ``leaving`` (in that order, the first leaves first) that ``screen``'s
    footer leaves out so that the rest of its keys and the app's fit the screen's width;
    ``available`` says whether one of the screen's actions is on at the moment (a key that is
    off takes no room)."""
    by_key: dict[str, Binding] = {}
    for binding in Binding.make_bindings(screen.BINDINGS):
        if binding.show and available(binding.action):
            by_key.setdefault(binding.key, binding)
    for binding in Binding.make_bindings(screen.app.BINDINGS):
        if binding.show:  # the app's own (Quit): one key, whoever binds it
            by_key.setdefault(binding.key, binding)
    shown = list(by_key.values())
    out: set[str] = set()
    for action in leaving:
        kept = [binding for binding in shown if binding.action not in out]
        if footer_width(screen.app, kept) <= screen.app.size.width:
            break
        out.add(action)
    return out


def listed_or_twin(action: str, out: set[str]) -> bool:
    """For ``check_action``: whether ``action`` (one that may leave the footer, or its twin)
    is the one on: the listed one while it has room in the footer, else its twin."""
    listed = action.removesuffix(TWIN)
    return (action == listed) != (listed in out)


def fitted_check(
    screen: Screen[object], action: str, available: Callable[[str], bool], leaving: tuple[str, ...]
) -> bool:
    """``check_action`` of a screen whose footer fits: off when ``available`` says the action
    is off now; for one of ``leaving``, the listed binding or its twin (see the module
    docstring)."""
    listed = action.removesuffix(TWIN)
    if not available(listed):
        return False
    if listed in leaving:
        return listed_or_twin(action, left_out(screen, available, leaving))
    return True
