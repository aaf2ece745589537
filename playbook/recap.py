"""The recap email after the reset conversation: a subject and a short body, in the voice of
the talking points. (Placeholder: being written.)"""

from __future__ import annotations

from dataclasses import dataclass

from playbook.conversation import Conversation
from playbook.diagnosis import Diagnosis


@dataclass(frozen=True)
class Recap:
    subject: str
    body: str

    def to_dict(self) -> dict[str, str]:
        return {"subject": self.subject, "body": self.body}

    @property
    def text(self) -> str:
        """The email as one text to copy: ``Subject: ...``, a blank line, the body."""
        return f"Subject: {self.subject}\n\n{self.body}"


def recap(diagnosis: Diagnosis, conversation: Conversation) -> Recap:
    """The recap email of ``conversation`` (held about ``diagnosis``)."""
    return Recap(
        subject=f"Our conversation: {diagnosis.partner}",
        body=f"Thank you for the time.\n\nWhat we agreed: {conversation.agreed_sentence}.\n",
    )
