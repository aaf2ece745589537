"""How a screen reaches the app, typed: one getter instead of ``self.app.repository`` with a
``type: ignore`` in every screen.

    class HomeScreen(AppAccess, Screen[None]): ...
        self.repository.partners()      # the app's Repository
        self.unstall.open_partner(name)  # the UnstallApp itself
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from textual.dom import DOMNode

if TYPE_CHECKING:
    from store.repository import Repository
    from tui.app import UnstallApp


def unstall_app(node: object) -> UnstallApp:
    """The :class:`~tui.app.UnstallApp` that ``node`` (a widget or a screen) runs in.

    Typed, not imported: ``tui.app`` imports the screens, so importing it here would make a
    circle; every screen of ours runs in an ``UnstallApp`` (``tui.app.make_app``)."""
    if not isinstance(node, DOMNode):
        raise TypeError(f"{node!r} is not part of an app")
    return cast("UnstallApp", node.app)


class AppAccess:
    """For screens and widgets: :attr:`unstall` is the app, :attr:`repository` its database."""

    @property
    def unstall(self) -> UnstallApp:
        return unstall_app(self)

    @property
    def repository(self) -> Repository:
        return unstall_app(self).repository


@runtime_checkable
class HoldsTyping(Protocol):
    """A form whose typing is kept only once it is saved (the outcome): ``unsaved`` names what
    leaving it now would lose ("the outcome typed here"), or is empty when nothing would be."""

    def unsaved(self) -> str: ...


class Reloads:
    """A screen that reads the database again on :meth:`reload` (after an undo, say)."""

    def reload(self) -> None:
        raise NotImplementedError
