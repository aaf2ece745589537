"""What a screen tells the app, as messages rather than calls: the screen says what happened,
the app decides what follows (a screen's message bubbles up to the app)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from playbook.conversation import Meeting
from playbook.diagnosis import Diagnosis


class HomeShown(Message):
    """Home is on screen: the app may read the diagnoses now (only the first time costs
    anything, see ``Repository.warm``)."""


@dataclass
class DiagnosisDeleted(Message):
    """The person deleted ``diagnosis`` (it is gone from the database): the app keeps it, so
    that ``u`` can put it back until it closes, and says so. ``meeting`` is its meeting in
    progress when it went (the undo puts it back too)."""

    diagnosis: Diagnosis
    meeting: Meeting | None = None
