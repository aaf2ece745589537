"""The Markdown report: everything the diagnosis found, with the user's text written literally."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from support import EXAMPLE

from playbook import report
from playbook.answers import validate
from playbook.diagnosis import Diagnosis

TODAY = date(2026, 11, 23)


MARKUP = "*Acme* [beta] <x>"


def diagnosis_for(**changes: Any) -> Diagnosis:
    raw = {key: value for key, value in {**EXAMPLE, **changes}.items() if value is not None}
    result = validate(raw, TODAY)
    assert result.ok, result.errors
    return Diagnosis.from_answers(result.answers, id=7)


@pytest.fixture
def example() -> tuple[Diagnosis, str]:
    diagnosis = diagnosis_for()
    return diagnosis, report.diagnosis_markdown(diagnosis)


def test_the_report_is_titled_with_the_partner_and_the_verdict(example):
    _, markdown = example
    assert markdown.splitlines()[0] == "# Example Harbor Travel: Stalled"
    assert "Diagnosed on Mon 23 Nov 2026 (#7)." in markdown
    assert "**Verdict: Stalled.**" in markdown


def test_the_report_names_the_dominant_cause(example):
    _, markdown = example
    assert "**Dominant cause: Rhythm.**" in markdown
    assert "### Rhythm (dominant)" in markdown


def test_the_report_has_every_cause_with_its_evidence_and_fix(example):
    diagnosis, markdown = example
    assert len(diagnosis.verdict.causes) == 4
    for finding in diagnosis.verdict.causes:
        assert f"- **Fix:** {report.escape(finding.fix)}" in markdown
        for sentence in finding.evidence:
            assert f"- {report.escape(sentence)}" in markdown
    assert "The last real working conversation was on Mon 12 Oct 2026, 6 weeks ago." in markdown


def test_the_report_lists_early_warnings_and_fit_concerns(example):
    diagnosis, markdown = example
    assert "## Early warnings" in markdown
    assert "## Fit" in markdown
    for sentence in diagnosis.verdict.early_warning:
        assert sentence in markdown


def test_the_report_gives_the_rhythm_and_the_first_review(example):
    _, markdown = example
    assert "Recommended review: monthly; first review on Wed 23 Dec 2026." in markdown


def test_the_report_has_the_talking_points(example):
    diagnosis, markdown = example
    assert "## Talking points to revive it: Example Harbor Travel, Mon 23 Nov 2026" in markdown
    for point in diagnosis.talking_points.points:
        assert f"- {report.escape(point)}" in markdown


def test_the_report_prints_edited_points_instead_of_the_draft():
    diagnosis = diagnosis_for()
    edited = Diagnosis.from_answers(diagnosis.answers, edited_points="- Call Jo on Friday.\n")
    markdown = report.diagnosis_markdown(edited)
    assert "- Call Jo on Friday." in markdown
    assert diagnosis.talking_points.points[0] not in markdown


def test_the_report_lists_every_answer_as_a_person_reads_it(example):
    _, markdown = example
    assert "## Answers" in markdown
    assert "Alex Kim" in markdown
    assert "Jo Rivera" in markdown
    assert "Mon 12 Oct 2026, 6 weeks ago" in markdown
    assert "Co-marketing" in markdown
    assert "Their last two newsletter slots went unused." in markdown
    for title in ("**The partnership**", "**Fit**", "**Ownership**", "**Notes**"):
        assert title in markdown


def test_missing_answers_read_not_answered_and_nobody_reads_nobody():
    diagnosis = diagnosis_for(notes=None, owner_theirs="nobody")
    markdown = report.diagnosis_markdown(diagnosis)
    assert "Other observations not answered" in markdown
    assert "Who owns it on their side? nobody" in markdown


def test_a_failed_fit_report_has_the_exit_points_and_no_dominant_cause():
    diagnosis = diagnosis_for(fit_audience="no", fit_incentives="no")
    markdown = report.diagnosis_markdown(diagnosis)
    assert "Failed fit" in markdown
    assert "Dominant cause" not in markdown
    assert "Talking points for a clean exit" in markdown


def test_an_unclear_report_has_what_to_find_out():
    result = validate({"partner": "Acme", "diagnosed_on": "2026-11-23"}, TODAY)
    markdown = report.diagnosis_markdown(Diagnosis.from_answers(result.answers))
    assert "# Acme: Unclear" in markdown
    assert "What to find out before talking" in markdown
    assert "## Causes" not in markdown


def test_points_markdown_is_the_notes_before_the_call_then_what_to_say(example):
    diagnosis, _ = example
    drafted = diagnosis.talking_points
    text = report.points_markdown(diagnosis)
    assert text.startswith(
        "## Talking points to revive it: Example Harbor Travel, Mon 23 Nov 2026\n\n"
    )
    assert text.count("\n- ") == len(drafted.points) + len(drafted.prep)
    before, say = text.index("### Before the call\n"), text.index("### What to say\n")
    assert before < say < text.index("### Next step\n")
    for line in drafted.prep:
        assert before < text.index(f"- {report.escape(line)}") < say
    for line in drafted.points:
        assert text.index(f"- {report.escape(line)}") > say
    assert drafted.next_step is not None
    assert report.escape(drafted.next_step.sentence) in text


# --- user text is written literally -----------------------------------------------------------


def test_escape_backslashes_every_markdown_control_character():
    assert report.escape(MARKUP) == r"\*Acme\* \[beta\] \<x\>"
    assert report.escape("a_b `c` |d| ~e~ \\") == r"a\_b \`c\` \|d\| \~e\~ \\"
    assert report.escape("two\nlines") == "two lines"


def test_a_partner_name_with_markup_is_escaped_in_the_title_and_evidence():
    diagnosis = diagnosis_for(partner=MARKUP, owner_theirs="nobody")
    markdown = report.diagnosis_markdown(diagnosis)
    assert markdown.splitlines()[0] == r"# \*Acme\* \[beta\] \<x\>: Stalled"
    assert r"Nobody at \*Acme\* \[beta\] \<x\> is named" in markdown


def test_notes_and_owner_names_with_markup_are_escaped_in_the_answers():
    diagnosis = diagnosis_for(notes="**urgent** see <https://x.test> | col", owner_ours="_Al_")
    markdown = report.diagnosis_markdown(diagnosis)
    assert r"\*\*urgent\*\* see \<https://x.test\> \| col" in markdown
    assert r"\_Al\_" in markdown
    assert "**urgent**" not in markdown


@pytest.mark.parametrize(
    "changes",
    [
        {"partner": MARKUP, "enablement_materials": "no", "enablement_contact": "no"},
        {"partner": MARKUP, "owner_theirs": "nobody"},
        {"partner": MARKUP, "fit_audience": "no", "fit_delivery": "no"},
        {"owner_ours": MARKUP},
    ],
    ids=["enablement", "owner", "exit", "owner-name"],
)
def test_user_text_is_never_left_unescaped_anywhere_in_the_report(changes):
    markdown = report.diagnosis_markdown(diagnosis_for(**changes))
    unescaped = re.compile(r"(?<!\\)\*Acme(?<!\\)\*|(?<!\\)\[beta(?<!\\)\]|(?<!\\)<x>")
    assert unescaped.search(markdown) is None, unescaped.search(markdown)


def test_a_diagnosis_from_answers_without_a_date_still_serialises():
    answers = {"partner": "Acme"}
    diagnosis = Diagnosis.from_answers(answers)
    assert diagnosis.to_contract()["diagnosed_on"] == diagnosis.verdict.diagnosed_on.isoformat()
