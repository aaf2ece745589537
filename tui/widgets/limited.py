"""Inputs and editors for text a person types: never a control character on screen, and,
for the limited ones, a length limit.

:class:`TextInput` and :class:`TextEditor` make the control characters of whatever is typed or
pasted visible (``␛`` for an escape) before it is inserted.

Typing or pasting past ``max_length`` changes nothing (what is there stays, the paste is
refused whole, never cut) and posts :class:`LimitReached`, for the screen to say what the limit
is. A value already longer (older data) is shown whole: the screen refuses to save it instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.widgets.text_area import EditResult, Location

from playbook.inert import shown


@dataclass
class LimitReached(Message):
    """Something typed or pasted would have made ``widget`` longer than ``limit``."""

    widget: Widget
    limit: int

    @property
    def control(self) -> Widget:
        return self.widget


class TextInput(Input):
    """:class:`Input` whose every change (typed, pasted, set by a screen) has its control
    characters made visible (:func:`playbook.inert.shown`): a paste holding an escape sequence
    can never reach the terminal, even while it is being edited."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(shown(text, one_line=True), start, end)


class TextEditor(TextArea):
    """:class:`TextArea` with the same care as :class:`TextInput` (newlines and tabs kept)."""

    def replace(
        self,
        insert: str,
        start: Location,
        end: Location,
        *,
        maintain_selection_offset: bool = True,
    ) -> EditResult:
        return super().replace(
            shown(insert), start, end, maintain_selection_offset=maintain_selection_offset
        )


class LimitedInput(TextInput):
    """:class:`Input` with ``max_length`` that tells the screen when it refused a change.

    A value already longer than the limit (older data) can still be shortened: a change that
    makes it no longer is let through (Textual's ``Input`` would refuse even a deletion)."""

    def replace(self, text: str, start: int, end: int) -> None:
        limit = self.max_length
        length = len(self.value)
        low, high = sorted((max(0, start), min(length, end)))
        if limit and length > limit and len(text) <= high - low:
            self.max_length = 0
            try:
                super().replace(text, start, end)
            finally:
                self.max_length = limit
            return
        super().replace(text, start, end)

    def restricted(self) -> None:
        super().restricted()
        if self.max_length:
            self.post_message(LimitReached(self, self.max_length))


class LimitedTextArea(TextEditor):
    """:class:`TextArea` with a ``max_length`` for what is typed or pasted."""

    def __init__(self, text: str = "", *, max_length: int = 0, **kwargs: object) -> None:
        super().__init__(text, **kwargs)  # type: ignore[arg-type]
        self.max_length = max_length

    def _refuses(self, insert: str) -> bool:
        """Whether putting ``insert`` over the selection would pass the limit (then say so)."""
        if self.read_only or not self.max_length or not insert:
            return False
        if len(self.text) - len(self.selected_text) + len(insert) <= self.max_length:
            return False
        self.app.bell()
        self.post_message(LimitReached(self, self.max_length))
        return True

    # Public handlers that run before TextArea's own (``prevent_default`` stops those).

    def on_key(self, event: events.Key) -> None:
        inserted = {"enter": "\n", "tab": " " * self.indent_width}.get(event.key)
        if inserted == " " * self.indent_width and self.tab_behavior != "indent":
            inserted = None
        if event.is_printable and event.character:
            inserted = event.character
        if inserted is not None and self._refuses(inserted):
            event.prevent_default()
            event.stop()

    def on_paste(self, event: events.Paste) -> None:
        if self._refuses(event.text):
            event.prevent_default()
            event.stop()

    def action_paste(self) -> None:
        if not self._refuses(self.app.clipboard):
            super().action_paste()
