"""Stored text shown inert: no control character, bidi control or lone surrogate survives, and
text without any of them is left exactly as it was."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from playbook.inert import HARMFUL, NEWLINE, TAB, markdown_text, shown, unshown

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
    for special in "`*_[]<>|~#":
        assert unescaped.count(special) == unescaped.count("\\" + special)
    # An "&" is escaped where it would start an entity, and only there.
    assert not re.search(r"(?<!\\)&#?[A-Za-z0-9]+;", unescaped)
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
    assert markdown_text("O'Brien & Sons") == "O'Brien & Sons"  # no entity: no backslash
    assert markdown_text("Evil\x1b]52;c;x\x1b\\Co\x00") == "Evil␛\\]52;c;x␛\\\\Co␀"
    assert markdown_text("plain words, 2026-11-23.") == "plain words, 2026-11-23."


# -- unshown: an edit of shown text, back to the stored text ----------------------------------

# Text a person types that cannot be taken for a stand-in: no "<" (so no "<U+200F>"), no
# control picture, no newline (a "\r\n" is shown as one), nothing shown replaces.
LOOKALIKES = {"<", "\n", "\r", NEWLINE, TAB, "␡", *(chr(0x2400 + code) for code in range(0x20))}
plain = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")).filter(
        lambda c: c not in LOOKALIKES and c.isprintable()
    ),
    max_size=12,
)
# Stored text full of stand-ins and of text that looks like them.
stored_texts = st.lists(
    st.one_of(
        st.sampled_from(sorted(HARMFUL)),
        st.sampled_from(["<U+200F>", "<U+202E>", "<U+", "␛", "␍", NEWLINE, TAB, "\r\n", "<", ">"]),
        st.characters(codec=None, exclude_categories=()),
    ),
    max_size=20,
).map("".join)


def lookalike_free(text: str) -> bool:
    return not any(character in LOOKALIKES or not character.isprintable() for character in text)


@given(stored_texts, st.booleans())
def test_unshown_gives_back_exactly_what_was_shown_unchanged(text: str, one_line: bool) -> None:
    assert unshown(shown(text, one_line=one_line), text, one_line=one_line) == text


@given(stored_texts, stored_texts, plain, plain, st.booleans())
def test_an_edit_keeps_every_untouched_character_and_what_was_typed(
    before: str, after: str, removed: str, typed: str, one_line: bool
) -> None:
    """One edit (``removed`` replaced by ``typed``, either may be empty) anywhere: the text
    before and after it comes back exactly, stand-ins and lookalikes alike, and what was typed
    is kept as typed."""
    stored = before + removed + after
    edited = shown(before, one_line=one_line) + typed + shown(after, one_line=one_line)
    if before.endswith("\r") and after.startswith("\n") and not removed:
        return  # then the stored text holds a "\r\n" across the edit, shown as one newline
    if shown(stored, one_line=one_line) != (
        shown(before, one_line=one_line) + removed + shown(after, one_line=one_line)
    ):
        return  # the same: a "\r\n" shown as one newline
    assert unshown(edited, stored, one_line=one_line) == before + typed + after


@given(stored_texts, st.lists(st.tuples(st.integers(0, 40), plain), max_size=4), st.booleans())
def test_several_insertions_keep_every_stand_in_character(
    stored: str, insertions: list[tuple[int, str]], one_line: bool
) -> None:
    """Text typed in several places (as one editor session does): every character the
    person did not touch is kept, and what was typed is there as typed."""
    parts = [shown(character, one_line=one_line) for character in stored]
    originals = list(stored)
    for at, typed in insertions:
        at = min(at, len(parts))
        parts.insert(at, typed)
        originals.insert(at, typed)
    if "\r" in stored:
        return  # a "\r\n" is one part, not two: covered by the test above
    edited = "".join(parts)
    assert unshown(edited, stored, one_line=one_line) == "".join(originals)


@given(stored_texts, texts, st.booleans())
def test_whatever_the_edit_what_is_kept_looks_like_the_editor(
    stored: str, typed: str, one_line: bool
) -> None:
    """Any text an editor can hold (everything typed is made inert): stored back, it shows as
    the editor showed it, and holds no harmful character the stored text did not."""
    edited = shown(typed, one_line=one_line)
    result = unshown(edited, stored, one_line=one_line)
    for character in set(result) & HARMFUL:
        if not (character in "\n\t" and not one_line):
            assert result.count(character) <= stored.count(character)
    if "\r" not in stored:
        assert shown(result, one_line=one_line) == edited


def test_unshown_examples() -> None:
    # The audit's cases: a mark in notes, an override in a partner's name.
    notes = "המשרד\u200f (HQ)\tfloor 2"
    assert unshown(shown(notes) + "!", notes) == notes + "!"
    name = "Acme\u202eLtd"
    assert unshown(shown(name, one_line=True) + " GmbH", name, one_line=True) == (
        "Acme\u202eLtd GmbH"
    )
    # A literal "<U+200F>", stored or typed, stays literal; the mark beside it stays a mark.
    assert unshown("<U+200F><U+200F>", "\u200f") == "\u200f<U+200F>"
    assert unshown("<U+200F>x<U+200F>", "<U+200F>x\u200f") == "<U+200F>x\u200f"
    assert unshown("<<U+200F>", "\u200f") == "<\u200f"
    # A stand-in the person cut into is text, as it was seen.
    assert unshown("<U+200>", "\u200f") == "<U+200>"
    assert unshown("a\nb␍", "a\r\nb\r") == "a\r\nb\r"
    assert unshown("a\nb␍!", "a\r\nb\r") == "a\r\nb\r!"
    assert unshown("x", "\x1b") == "x"
    assert unshown("", "\x1b") == ""
    # Text without stand-ins is the editor's text as it is.
    assert unshown("new", "old") == "new"


def test_unshown_of_long_text_edited_in_many_places_keeps_every_mark() -> None:
    """Long text (compared line by line, then within the lines changed) edited in several
    places keeps every mark it was not asked to lose."""
    lines = [f"line {n} \u200f{'word ' * 30}\u202e end" for n in range(300)]
    stored = "\n".join(lines)
    edited_lines = [shown(line) for line in lines]
    for n in (3, 150, 299):
        edited_lines[n] = "typed " + edited_lines[n] + " more"
    edited_lines.insert(200, "a new line")
    result = unshown("\n".join(edited_lines), stored)
    expected = list(lines)
    for n in (3, 150, 299):
        expected[n] = "typed " + lines[n] + " more"
    expected.insert(200, "a new line")
    assert result == "\n".join(expected)


def test_invisible_characters_are_shown_so_two_names_never_look_alike():
    assert shown("\ufeffAcme") == "<U+FEFF>Acme"
    assert shown("Ac\u200bme") == "Ac<U+200B>me" and shown("a\u2060b") == "a<U+2060>b"
    assert shown("👩\u200d💻 and ن\u200cم") == "👩\u200d💻 and ن\u200cم"  # joiners are kept
