"""Notes of several lines in a Markdown document keep their lines, and stay inert: rendered by
a real CommonMark parser (markdown-it-py, with tables and strikethrough on), nothing in the
notes makes a link, HTML, a heading, emphasis, code, a table, a quote or a list, and each
line of the notes is a line of the rendered text, in order, paragraphs apart."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from support import EXAMPLE

from playbook import report
from playbook.answers import validate
from playbook.conversation import Conversation
from playbook.diagnosis import Diagnosis
from playbook.exchange import export_markdown
from playbook.inert import HARD_BREAK, markdown_lines, markdown_text, shown

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

FORBIDDEN = {
    "link_open",
    "image",
    "html_block",
    "html_inline",
    "heading_open",
    "em_open",
    "strong_open",
    "s_open",
    "code_inline",
    "code_block",
    "fence",
    "table_open",
    "hr",
    "blockquote_open",
    "ordered_list_open",
}
"""What the notes must never make."""

FRAGMENTS = (
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "    ",
    "# ",
    "## x #",
    "- ",
    "+ ",
    "* ",
    "1. ",
    "2) ",
    "> ",
    "```",
    "~~~",
    "---",
    "===",
    "***",
    "___",
    "| a | b |",
    "|---|",
    "<b>",
    "</div>",
    "<!-- x -->",
    "<https://x.test>",
    "[a](http://x.test)",
    "![i](x.png)",
    "[ref]: http://x.test",
    "www.x.test",
    "http://x.test",
    "a@b.test",
    "*em*",
    "_em_",
    "**strong**",
    "~~gone~~",
    "`code`",
    "&amp;",
    "&#35;",
    "\\",
    "\\\n",
    "  \n",
    "\x1b[2J",
    "\x00",
    "\u2028",
    "\u202e",
    "\xa0",
)

pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6))
notes_texts = st.lists(pieces, max_size=24).map("".join)


def expected_paragraphs(notes: str) -> list[list[str]]:
    """The notes' lines as a person reads them, grouped in paragraphs: whitespace runs in a
    line are one space, control characters made visible, empty lines between paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in notes.replace("\r\n", "\n").split("\n"):
        words = " ".join(line.split())
        if words:
            paragraphs[-1].append(shown(words, one_line=True))
        elif paragraphs[-1]:
            paragraphs.append([])
    return [lines for lines in paragraphs if lines]


def read_item(tokens: list[Token]) -> tuple[list[list[str]], int]:
    """The first list item's paragraphs, each as its lines of rendered text, and how many
    soft breaks (lines run together) there were."""
    paragraphs: list[list[str]] = []
    soft = 0
    depth = 0
    for token in tokens:
        if token.type == "list_item_open":
            depth += 1
        elif token.type == "list_item_close":
            depth -= 1
            if depth == 0:
                break
        elif token.type == "inline" and depth:
            lines = [""]
            for child in token.children or []:
                if child.type in ("hardbreak", "softbreak"):
                    soft += child.type == "softbreak"
                    lines.append("")
                else:
                    lines[-1] += child.content
            paragraphs.append(lines)
    return paragraphs, soft


def check(notes: str, tokens: list[Token], *, label: str) -> None:
    made = {token.type for token in tokens} & FORBIDDEN
    assert not made, (made, notes)
    assert sum(token.type == "bullet_list_open" for token in tokens) == 1
    assert sum(token.type == "list_item_open" for token in tokens) == 2, "the notes stay one item"
    paragraphs, soft = read_item(tokens)
    assert soft == 0, "every line of the notes ends in a hard break"
    expected = expected_paragraphs(notes)
    if expected:
        expected[0][0] = f"{label} {expected[0][0]}"
    else:
        expected = [[label]]
    assert paragraphs == expected, notes


@settings(max_examples=300, deadline=None)
@given(notes_texts)
def test_notes_in_a_list_item_keep_their_lines_and_make_no_markdown(notes: str) -> None:
    document = f"**Notes**\n\n- Notes: {markdown_lines(notes, indent='  ')}\n- The next answer\n"
    check(notes, PARSER.parse(document), label="Notes:")
    assert "\r" not in document
    # As plain text too: each line of the notes is a line of the document, in order.
    body = document.split("- Notes: ", 1)[1].split("\n- The next answer")[0]
    plain = [line.strip() for line in body.split("\n") if line.strip()]
    wanted = [line for paragraph in expected_paragraphs(notes) for line in paragraph]
    assert len(plain) == len(wanted)


@given(notes_texts)
def test_one_line_is_exactly_markdown_text(notes: str) -> None:
    line = " ".join(notes.split())
    assert markdown_lines(line) == markdown_text(line)


def test_markdown_lines_examples() -> None:
    assert markdown_lines("one\n- two\r\n\n\n# three\n1. four\n") == (
        f"one{HARD_BREAK}\n\\- two\n\n\\# three{HARD_BREAK}\n1\\. four"
    )
    assert markdown_lines("a\nb", indent="  ") == f"a{HARD_BREAK}\n  b"
    assert markdown_lines("\n  \n") == ""


def diagnosis_with(notes: str, **extra: Any) -> Diagnosis:
    result = validate({**EXAMPLE, "notes": notes}, date(2026, 11, 23))
    assert result.ok, result.errors
    return Diagnosis.from_answers(result.answers, id=7, extra=extra)


NOTES = "Their slots went unused.\n- Jo took over in **August**\n\n# Not a heading\n1. nor a list"


def test_the_report_and_the_export_keep_the_answers_notes_lines() -> None:
    diagnosis = diagnosis_with(NOTES)
    for markdown in (report.diagnosis_markdown(diagnosis), export_markdown([diagnosis])):
        assert (
            "- Other observations Their slots went unused.  \n"
            "  \\- Jo took over in \\*\\*August\\*\\*\n"
            "\n"
            "  \\# Not a heading  \n"
            "  1\\. nor a list\n"
        ) in markdown
        notes_section = markdown.split("Notes**\n\n", 1)[1].split("\n#", 1)[0]
        tokens = PARSER.parse(notes_section)
        assert not {token.type for token in tokens} & FORBIDDEN
        paragraphs, soft = read_item(tokens)
        assert soft == 0
        assert paragraphs == [
            ["Other observations Their slots went unused.", "- Jo took over in **August**"],
            ["# Not a heading", "1. nor a list"],
        ]


def test_the_conversation_s_notes_are_in_the_report_with_their_lines() -> None:
    conversation = Conversation(
        held_on=date(2026, 11, 26), priority="yes", decision="revive", notes="first\n> second"
    )
    diagnosis = diagnosis_with("", conversation=conversation.to_dict())
    markdown = report.diagnosis_markdown(diagnosis)
    assert "- **Notes:** first  \n  \\> second\n" in markdown
    section = markdown.split("## The reset conversation", 1)[1].split("\n## ", 1)[0]
    assert not {token.type for token in PARSER.parse(section)} & FORBIDDEN
