"""The README's table of answer ids is the questionnaire's: every id, every choice, in order,
so that an answers file written from it is one `unstall diagnose --answers` takes."""

from __future__ import annotations

import re
from pathlib import Path

from playbook.questions import QUESTIONS

README = Path(__file__).parent.parent / "README.md"


def test_the_readme_lists_every_answer_id_with_its_choices() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("**Answers files.**", 1)[1].split("\n\n", 2)[1]
    rows = [re.findall(r"`([^`]+)`", line) for line in table.splitlines()[2:]]
    listed = {row[0]: row[1:] for row in rows}
    assert list(listed) == list(QUESTIONS)
    for qid, question in QUESTIONS.items():
        assert listed[qid] == list(question.values), qid
