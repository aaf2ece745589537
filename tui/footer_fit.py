"""A footer that keeps Keys, Quit and the way back whole on a narrow screen: the less important
keys leave it first, one after another, until the rest fits. They still work (a twin binding of
the same key, out of the footer) and the keys screen (``?``) lists them. Home, the partner's
page and the meeting all fit their footers this way, measured at the screen's width.

A screen using it declares, right after each binding that may leave the footer, its twin:
the same key and words, the action ``<action>_unlisted`` (the same method, the same
parameters: ``priority('yes')`` has the twin ``priority_unlisted('yes')``) and ``show=False``;
its ``check_action`` turns on one or the other with :func:`fitted_check`.

What may leave is named in ``leaving``, first to leave first: an action's name
(``"resume"``, ``"priority"``) stands for each of its bindings, whatever their parameters; an
action with parameters (``"priority('yes')"``) for the bindings with those parameters only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import groupby

from rich.cells import cell_len
from textual.actions import parse
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

TWIN = "_unlisted"
"""The suffix of the twin of an action, out of the footer."""
PALETTE_KEY = cell_len("^p palette") + 2
"""The command palette's key on the right of the footer: its text, a space and its border."""


def footer_width(app: App[object], bindings: Iterable[Binding]) -> int:
    """How wide Textual's footer draws these keys: for each action, its first key, its words
    and three spaces; actions next to each other in one group (``Binding.Group``) as Textual
    draws them, their keys side by side and the group's words once; the command palette's key
    included."""
    by_action: dict[str, Binding] = {}
    for binding in bindings:
        by_action.setdefault(binding.action, binding)
    width = PALETTE_KEY
    for group, members in groupby(by_action.values(), lambda binding: binding.group):
        drawn = list(members)
        keys = sum(cell_len(app.get_key_display(binding)) for binding in drawn)
        if group is None or len(drawn) == 1:
            words = sum(cell_len(binding.description) for binding in drawn)
            width += keys + words + 3 * len(drawn)
        else:
            # Each key with a space either side, one space between two keys (compact: a
            # space before and after them all), then the group's words and a space.
            spaces = 2 if group.compact else len(drawn) + 1
            width += keys + spaces + cell_len(group.description) + 1
    return width


def covers(entry: str, action: str, parameters: tuple[object, ...]) -> bool:
    """Whether ``entry`` of ``leaving`` names the screen's ``action`` called with
    ``parameters`` (see the module docstring)."""
    _, name, wanted = parse(entry)
    return name == action and (not wanted or wanted == parameters)


@lru_cache(maxsize=256)
def _listed(bindings: tuple[Binding, ...]) -> tuple[tuple[Binding, str, str], ...]:
    """The bindings shown in a footer, each with its action's namespace and name (parsed once
    for each set of bindings: a footer asks for them on every check of an action)."""
    return tuple(
        (binding, *parse(binding.action)[:2])
        for binding in Binding.make_bindings(bindings)
        if binding.show
    )


@lru_cache(maxsize=256)
def _left_out(
    app: App[object], shown: tuple[Binding, ...], width: int, leaving: tuple[str, ...]
) -> frozenset[str]:
    def kept(out: set[str]) -> list[Binding]:
        def stays(binding: Binding) -> bool:
            namespace, name, parameters = parse(binding.action)
            return bool(namespace) or not any(covers(e, name, parameters) for e in out)

        return [binding for binding in shown if stays(binding)]

    out: set[str] = set()
    for entry in leaving:
        if footer_width(app, kept(out)) <= width:
            break
        out.add(entry)
    return frozenset(out)


def left_out(
    screen: Screen[object], available: Callable[[str], bool], leaving: tuple[str, ...]
) -> set[str]:
    """The entries of ``leaving`` (in that order, the first leaves first) that ``screen``'s
    footer leaves out so that the rest of its keys and the app's fit the screen's width;
    ``available`` says whether one of the screen's actions (by its name) is on at the moment
    (a key that is off takes no room). Measured once for each set of keys and width."""
    by_key: dict[str, Binding] = {}
    for binding, namespace, name in _listed(tuple(screen.BINDINGS)):
        if namespace or available(name):
            by_key.setdefault(binding.key, binding)
    for binding, _, _ in _listed(tuple(screen.app.BINDINGS)):
        by_key.setdefault(binding.key, binding)  # the app's own (Quit): one key, whoever binds it
    shown = tuple(by_key.values())
    return set(_left_out(screen.app, shown, screen.app.size.width, leaving))


def refit(
    screen: Screen[object],
    available: Callable[[str], bool],
    leaving: tuple[str, ...],
    was: set[str],
) -> set[str]:
    """For ``on_resize``: what :func:`left_out` gives now, with ``screen``'s bindings refreshed
    when that is not what it left out before (``was``)."""
    now = left_out(screen, available, leaving)
    if now != was:
        screen.refresh_bindings()
    return now


def listed_or_twin(action: str, out: set[str], parameters: tuple[object, ...] = ()) -> bool:
    """For ``check_action``: whether ``action`` called with ``parameters`` (one that may leave
    the footer, or its twin) is the one on: the listed one while it has room in the footer,
    else its twin. ``out`` is what :func:`left_out` gave."""
    listed = action.removesuffix(TWIN)
    leaves = any(covers(entry, listed, parameters) for entry in out)
    return (action == listed) != leaves


def fitted_check(
    screen: Screen[object],
    action: str,
    available: Callable[[str], bool],
    leaving: tuple[str, ...],
    parameters: tuple[object, ...] = (),
) -> bool:
    """``check_action`` of a screen whose footer fits (pass it the ``parameters`` that
    ``check_action`` is given): off when ``available`` says the action is off now; for one of
    ``leaving``, the listed binding or its twin (see the module docstring)."""
    listed = action.removesuffix(TWIN)
    if not available(listed):
        return False
    if any(covers(entry, listed, parameters) for entry in leaving):
        return listed_or_twin(action, left_out(screen, available, leaving), parameters)
    return True
