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


def test_the_report_is_headed_with_the_partner_the_verdict_and_the_date(example):
    _, markdown = example
    assert markdown.splitlines()[0] == "# Example Harbor Travel: Stalled, Mon 23 Nov 2026 (#7)"
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
    assert "## Fit concerns" in markdown
    for sentence in diagnosis.verdict.early_warning:
        assert sentence in markdown


def test_the_report_gives_the_rhythm_and_the_first_review(example):
    _, markdown = example
    rhythm = "A monthly review suits this partnership; the first on Wed 23 Dec 2026."
    assert f"## Review rhythm\n\n{rhythm}" in markdown


def test_the_report_has_the_talking_points_under_a_heading_of_their_own(example):
    diagnosis, markdown = example
    assert "\n## Talking points to revive it\n" in markdown, "the report's heading has the rest"
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
    assert markdown.splitlines()[0] == r"# \*Acme\* \[beta\] \<x\>: Stalled, Mon 23 Nov 2026 (#7)"
    assert r"Nobody at \*Acme\* \[beta\] \<x\> is named" in markdown


def test_notes_and_owner_names_with_markup_are_escaped_in_the_answers():
    diagnosis = diagnosis_for(notes="**urgent** see <https://x.test> | col", owner_ours="_Al_")
    markdown = report.diagnosis_markdown(diagnosis)
    assert r"\*\*urgent\*\* see \<https\://x.test\> \| col" in markdown
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


# --- headings: readable, dated, never two alike ------------------------------------------------


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if re.match(r"#{1,6} ", line)]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"fit_audience": "no", "fit_incentives": "no"},
        {"owner_theirs": "nobody", "standing_review": "yes", "review_cadence": "monthly"},
        {"partner": "Rhythm", "kind": None, "notes": None},
    ],
    ids=["stalled", "failed", "owner", "partner-named-like-a-section"],
)
def test_no_two_headings_of_a_report_have_one_name(changes):
    markdown = report.diagnosis_markdown(diagnosis_for(**changes))
    found = [line.lstrip("#").strip() for line in headings(markdown)]
    assert len(found) == len(set(found)), found
    assert found[0].endswith("Mon 23 Nov 2026 (#7)"), "headed with its date"


def test_the_rhythm_cause_and_the_review_rhythm_are_different_sections(example):
    _, markdown = example
    found = headings(markdown)
    assert "### Rhythm (dominant)" in found
    assert "## Review rhythm" in found
    assert "## Rhythm" not in found


def test_two_diagnoses_of_one_partner_on_one_day_have_different_headings():
    first = diagnosis_for()
    second = Diagnosis.from_answers(first.answers, id=8)
    assert report.diagnosis_heading(first) != report.diagnosis_heading(second)


def test_points_markdown_keeps_its_own_full_heading_for_pasting(example):
    diagnosis, _ = example
    text = report.points_markdown(diagnosis)
    assert text.startswith("## Talking points to revive it: Example Harbor Travel, Mon 23 Nov")


# --- the outcome ------------------------------------------------------------------------------


def with_outcome(diagnosis: Diagnosis, **outcome: Any) -> Diagnosis:
    return Diagnosis.from_answers(diagnosis.answers, id=diagnosis.id, extra={"outcome": outcome})


def test_the_report_has_the_outcome_when_one_is_recorded(example):
    diagnosis, plain = example
    assert "Outcome" not in plain
    markdown = report.diagnosis_markdown(
        with_outcome(
            diagnosis,
            decision="revive",
            fix="a *monthly* review",
            owner="Alex [Kim]",
            due="2026-11-27",
            recorded_on="2026-11-23",
        )
    )
    section = markdown.split("## Outcome of the conversation\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "- **Decision:** Revive",
        r"- **Fix:** a \*monthly\* review",
        r"- **Owner:** Alex \[Kim\]",
        "- **Due:** Fri 27 Nov 2026",
        "- **Recorded on:** Mon 23 Nov 2026",
    ]
    assert markdown.index("## Outcome") < markdown.index("## Causes")


def test_an_exit_outcome_has_only_what_was_recorded(example):
    diagnosis, _ = example
    markdown = report.diagnosis_markdown(with_outcome(diagnosis, decision="exit"))
    assert "- **Decision:** Exit\n\n" in markdown
    assert "**Fix:** \n" not in markdown and "**Owner:**" not in markdown


def test_an_unreadable_outcome_is_left_out(example):
    diagnosis, _ = example
    markdown = report.diagnosis_markdown(with_outcome(diagnosis, decision="maybe"))
    assert "Outcome" not in markdown
