"""Stored text shown inert: no control character, bidi control or lone surrogate survives, and
text without any of them is left exactly as it was."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from playbook.inert import HARMFUL, NEWLINE, TAB, markdown_text, shown

BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}

# Every character, surrogates included, with the dangerous ones drawn often.
texts = st.text(
    alphabet=st.one_of(
        st.characters(codec=None, exclude_categories=()),
        st.sampled_from(sorted(HARMFUL)),
        st.sampled_from(list("\n\r\t [](){}<>#*_`|~&!-+=.\\")),
    ),
    max_size=60,
)


def harmful(character: str, *, allowed: str = "") -> bool:
    code = ord(character)
    if character in allowed:
        return False
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or code in BIDI
        or code in (0x2028, 0x2029)
        or 0xD800 <= code <= 0xDFFF
    )


@given(texts, st.booleans())
def test_nothing_harmful_survives_and_the_result_encodes(text: str, one_line: bool) -> None:
    result = shown(text, one_line=one_line)
    allowed = "" if one_line else "\n\t"
    assert not any(harmful(character, allowed=allowed) for character in result)
    result.encode("utf-8")  # strict: raises on a lone surrogate
    assert shown(result, one_line=one_line) == result
    if one_line:
        assert "\n" not in result and "\t" not in result


@given(texts, st.booleans())
def test_text_with_nothing_harmful_is_unchanged(text: str, one_line: bool) -> None:
    allowed = "" if one_line else "\n\t"
    if not any(harmful(character, allowed=allowed) for character in text):
        assert shown(text, one_line=one_line) == text


def test_the_stand_ins() -> None:
    assert shown("Evil\x1b]52;c;SEFDS0VE\x1b\\Co") == "Evil␛]52;c;SEFDS0VE␛\\Co"
    assert shown("a\x00b\x7fc") == "a␀b␡c"
    assert shown("\x9b2J") == "<U+009B>2J"
    assert shown("\u202eevil\u2066x\u2069\u200f") == "<U+202E>evil<U+2066>x<U+2069><U+200F>"
    assert shown("lone \ud800") == "lone <U+D800>"
    assert shown("one\r\ntwo\tthree\rfour") == "one\ntwo\tthree␍four"
    assert shown("one\r\ntwo\tthree", one_line=True) == f"one{NEWLINE}two{TAB}three"
    assert shown("Acme [EU] Ltd") == "Acme [EU] Ltd"
    assert shown("Café 🙂 日本") == "Café 🙂 日本"


@given(texts)
def test_markdown_text_is_one_inert_line_with_its_syntax_escaped(text: str) -> None:
    result = markdown_text(text)
    assert not any(harmful(character) for character in result)
    result.encode("utf-8")
    # Every Markdown special character is escaped (the backslashes themselves included).
    unescaped = result.replace("\\\\", "")
    for special in "`*_[]<>|~#&":
        assert unescaped.count(special) == unescaped.count("\\" + special)
    assert not result.startswith(("-", "+", "=", ">", "#"))
    assert not any(unicodedata.category(c) == "Zl" for c in result)


def test_markdown_text_examples() -> None:
    assert markdown_text("*Acme* [beta] <x>") == "\\*Acme\\* \\[beta\\] \\<x\\>"
    assert markdown_text("Acme\n# Heading\n<b>x</b>") == "Acme \\# Heading \\<b\\>x\\</b\\>"
    assert markdown_text("- not a list") == "\\- not a list"
    assert markdown_text("1. not a list") == "1\\. not a list"
    assert markdown_text("[click](http://x)") == "\\[click\\](http\\://x)"
    # Nothing GitHub-flavoured Markdown would turn into a link by itself.
    assert markdown_text("https://evil.test www.evil.test a@b.test") == (
        "https\\://evil.test www\\.evil.test a\\@b.test"
    )
    assert markdown_text("at 10:30 //x, awww.x") == "at 10:30 //x, awww.x"
    assert markdown_text("a &amp; b") == "a \\&amp; b"
    assert markdown_text("Evil\x1b]52;c;x\x1b\\Co\x00") == "Evil␛\\]52;c;x␛\\\\Co␀"
    assert markdown_text("plain words, 2026-11-23.") == "plain words, 2026-11-23."
