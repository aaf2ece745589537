"""Stored text, made inert for showing: nothing a partner's name, an owner, a note or a pasted
value holds can drive the terminal, reorder what is displayed, or fail to print.

:func:`shown` is for every place stored text reaches a person: the terminal (the command line,
the plain questionnaire), the app's screens, toasts and command palette. It replaces:

- C0 controls U+0000-U+001F with their control pictures U+2400-U+241F (NUL is ``␀``, ESC is
  ``␛``, so an OSC 52 or CSI sequence prints as text); DEL U+007F with ``␡``. Newline and tab
  are kept (``"\\r\\n"`` is read as one newline), unless ``one_line``: then a newline is ``⏎``
  and a tab ``␉``, so a name stays on one line;
- C1 controls U+0080-U+009F (U+009B is CSI to some terminals), the bidirectional controls
  (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069: the Unicode ``Bidi_Control`` set,
  overrides, embeddings, isolates and marks alike, so none can reorder what follows it), the
  line and paragraph separators U+2028 and U+2029, and lone surrogates U+D800-U+DFFF (which
  cannot be encoded, so printing them would raise) with their code point written out, e.g.
  ``<U+009B>``, ``<U+202E>``, ``<U+D800>``.

Every other character is kept as it is, so text without any of these comes back unchanged
(the same object), and ``shown(shown(text)) == shown(text)``. The result always encodes to
UTF-8. It is plain text: build Textual content from it with ``Content(...)`` or
``rich.text.Text(...)``, never with markup.

:func:`markdown_text` is for Markdown documents: the text on one line, made inert, with every
character Markdown would read as syntax escaped, so stored text is shown literally (no link,
image, HTML, emphasis, table cell or heading can be made from it).

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import re

NEWLINE = "⏎"
"""A newline, shown on one line."""
TAB = "␉"
"""A tab, shown on one line."""

_PICTURES = 0x2400
_BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_SEPARATORS = (0x2028, 0x2029)


def _code_point(code: int) -> str:
    return f"<U+{code:04X}>"


def _table(*, one_line: bool) -> dict[int, str]:
    table = {code: chr(_PICTURES + code) for code in range(0x20)}
    table[0x7F] = "␡"
    table.update({code: _code_point(code) for code in range(0x80, 0xA0)})
    table.update({code: _code_point(code) for code in (*_BIDI_CONTROLS, *_SEPARATORS)})
    table.update({code: _code_point(code) for code in range(0xD800, 0xE000)})
    if one_line:
        table[ord("\n")] = NEWLINE
        table[ord("\t")] = TAB
    else:
        del table[ord("\n")], table[ord("\t")]
    return table


_MULTI_LINE = _table(one_line=False)
_ONE_LINE = _table(one_line=True)

HARMFUL: frozenset[str] = frozenset(chr(code) for code in _ONE_LINE)
"""Every character :func:`shown` replaces on one line (newline and tab included)."""


def shown(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character, bidirectional control, separator and lone
    surrogate replaced by a visible stand-in (see the module's rules); newlines and tabs are
    kept unless ``one_line``."""
    if text.isprintable():
        return text  # the common case: no control, format or separator character at all
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return text.translate(_ONE_LINE if one_line else _MULTI_LINE)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&@])")
"""Escaped anywhere: emphasis, code, links and images, HTML and entities, tables, strikethrough,
headings (a closing ``#`` too), e-mail autolinks (``@``)."""
_AUTOLINK = re.compile(r"(?i)(?<![\w\\])(www)\.|(?<=[a-z])(:)(?=//)")
"""What GitHub-flavoured Markdown turns into a link with no syntax at all: ``www.`` and a
scheme's ``://`` (the dot or the colon is escaped)."""
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))")
"""What opens a block at the start of a line: a list item, a setext underline, an ordered
list (``>`` and ``#`` are escaped everywhere already)."""


def markdown_text(text: str) -> str:
    """``text`` for a Markdown document, shown literally: whitespace runs (newlines included)
    become one space, control characters are made visible as :func:`shown` does, and Markdown
    syntax is escaped with backslashes (``*Acme* [beta]`` stays exactly that when rendered)."""
    flat = shown(" ".join(text.split()), one_line=True)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", flat)
    escaped = _AUTOLINK.sub(lambda m: f"{m.group(1)}\\." if m.group(1) else "\\:", escaped)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1):
        return "\\" + escaped
    digits = match.group(2)
    return f"{digits}\\{escaped[len(digits) :]}"
