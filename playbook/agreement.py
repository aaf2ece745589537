"""The written agreement after the reset conversation: Markdown under the seven headings of the
second article. (Placeholder: being written.)"""

from __future__ import annotations

from playbook.conversation import Conversation
from playbook.diagnosis import Diagnosis

HEADINGS = (
    "Outcomes",
    "Expectations",
    "Accountability",
    "Division of labour",
    "Communication",
    "Timeline",
    "Conflict resolution",
)


def agreement_markdown(diagnosis: Diagnosis, conversation: Conversation) -> str:
    """The written agreement of ``conversation`` as Markdown."""
    parts = [f"# Partnership agreement: {diagnosis.partner}"]
    parts += [f"## {heading}\n\nTo agree." for heading in HEADINGS]
    return "\n\n".join(parts) + "\n"
