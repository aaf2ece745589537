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
  line and paragraph separators U+2028 and U+2029, the invisible U+200B, U+2060 and U+FEFF
  (a byte-order mark pasted into a name), and lone surrogates U+D800-U+DFFF (which
  cannot be encoded, so printing them would raise) with their code point written out, e.g.
  ``<U+009B>``, ``<U+202E>``, ``<U+D800>``.

Every other character is kept as it is, so text without any of these comes back unchanged
(the same object), and ``shown(shown(text)) == shown(text)``. The result always encodes to
UTF-8. It is plain text: build Textual content from it with ``Content(...)`` or
``rich.text.Text(...)``, never with markup.

:func:`unshown` is for editors filled with ``shown(stored)``: it gives the text an edit of
that stands for. ``shown`` alone cannot be undone (a stored ``"<U+200F>"`` and a stored
right-to-left mark look the same), so ``unshown`` is told the stored text too, and compares
what the editor holds with what it was filled with: every stand-in the edit left whole comes
back as the very character it stands for (a ``"\\r\\n"`` too), and everything typed or pasted is
kept as typed, a literal ``"<U+200F>"`` or ``"␛"`` included. So ``unshown(shown(t), t) == t``,
and what is saved looks exactly like what the editor showed.

:func:`markdown_text` is for Markdown documents: the text on one line, made inert, with every
character Markdown would read as syntax escaped, so stored text is shown literally (no link,
image, HTML, emphasis, table cell or heading can be made from it). :func:`markdown_lines` is
the same with the text's line breaks kept: each line escaped alike, the lines of a paragraph
ended with a hard break, paragraphs apart, for notes of several lines.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from difflib import SequenceMatcher

NEWLINE = "⏎"
"""A newline, shown on one line."""
TAB = "␉"
"""A tab, shown on one line."""

_PICTURES = 0x2400
_BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_SEPARATORS = (0x2028, 0x2029)
_INVISIBLE = (0x200B, 0x2060, 0xFEFF)
"""Zero-width space, word joiner and byte-order mark: they draw nothing, so two names that
differ by one would look alike. (Zero-width joiners, U+200C and U+200D, are kept: scripts and
emoji need them.)"""


def _code_point(code: int) -> str:
    return f"<U+{code:04X}>"


def _table(*, one_line: bool) -> dict[int, str]:
    table = {code: chr(_PICTURES + code) for code in range(0x20)}
    table[0x7F] = "␡"
    table.update({code: _code_point(code) for code in range(0x80, 0xA0)})
    table.update({code: _code_point(code) for code in (*_BIDI_CONTROLS, *_SEPARATORS, *_INVISIBLE)})
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


def unshown(edited: str, stored: str, *, one_line: bool = False) -> str:
    """The text that ``edited``, an edit of ``shown(stored, one_line=one_line)``, stands for:
    each part of the shown text the edit left whole is ``stored``'s own characters again (a
    ``<U+202E>`` the user did not touch is the override it stood for), everything else is
    ``edited`` as it is (what was typed, or a stand-in the user cut into, is text)."""
    before = shown(stored, one_line=one_line)
    if edited == before:
        return stored
    if before == stored:
        return edited  # nothing was replaced: the editor's text is the text
    starts, kept = _parts(stored, one_line=one_line)
    pieces: list[str] = []
    done = 0  # how much of ``edited`` is in ``pieces``
    for at, into, size in _matching_blocks(before, edited, newlines="\r\n" in stored):
        pieces.append(edited[done:into])
        end = at + size
        first = bisect_left(starts, at)  # the first part that begins inside the block
        last = bisect_right(starts, end) - 1  # the parts first..last-1 end inside it too
        if last <= first:
            pieces.append(before[at:end])  # inside one stand-in, or cutting it: as shown
        else:
            pieces.append(before[at : starts[first]])
            pieces.append(stored[kept[first] : kept[last]])
            pieces.append(before[starts[last] : end])
        done = into + size
    pieces.append(edited[done:])
    return "".join(pieces)


def _parts(stored: str, *, one_line: bool) -> tuple[list[int], list[int]]:
    """Where each part of ``stored`` (a character, or a ``"\\r\\n"``) begins in its shown text,
    and in ``stored``; each list ends with the length of the whole."""
    table = _ONE_LINE if one_line else _MULTI_LINE
    starts: list[int] = []
    kept: list[int] = []
    at = index = 0
    length = len(stored)
    while index < length:
        starts.append(at)
        kept.append(index)
        if stored.startswith("\r\n", index):
            at += len(table.get(ord("\n"), "\n"))
            index += 2
            continue
        at += len(table.get(ord(stored[index]), stored[index]))
        index += 1
    starts.append(at)
    kept.append(length)
    return starts, kept


_TOKEN = re.compile(r"<U\+[0-9A-F]{4}>|.", re.DOTALL)
"""The tokens text is compared in: a code point written out, or one character. A stand-in is
never split, so an untouched one always matches whole (a ``<`` typed just before a
``<U+200F>`` is not taken for its first character)."""
_STAND_INS = frozenset(_MULTI_LINE.values()) | frozenset(_ONE_LINE.values())
_ALIGNED = 100_000
"""The largest product of two counts of stand-ins aligned exactly (the time it takes grows
with it); beyond it, :class:`difflib.SequenceMatcher`'s quicker alignment is used."""


def _matching_blocks(a: str, b: str, *, newlines: bool) -> list[tuple[int, int, int]]:
    """Blocks ``(i, j, size)`` with ``a[i:i+size] == b[j:j+size]``, in order in both and never
    cutting a written-out code point: the common beginning and end, and between them the most
    stand-ins that can be matched in order. Nothing else needs matching: any other character
    is the same character, matched or typed (a newline too, unless ``newlines``: some stand
    for a ``"\\r\\n"``)."""
    tokens_a, tokens_b = _TOKEN.findall(a), _TOKEN.findall(b)
    at_a, at_b = _offsets(tokens_a), _offsets(tokens_b)
    prefix = _common_length(tokens_a, tokens_b, from_end=False)
    suffix = _common_length(tokens_a[prefix:], tokens_b[prefix:], from_end=True)
    end_a, end_b = len(tokens_a) - suffix, len(tokens_b) - suffix
    special = _STAND_INS | {"\n"} if newlines else _STAND_INS
    picked_a = [i for i in range(prefix, end_a) if tokens_a[i] in special]
    picked_b = [j for j in range(prefix, end_b) if tokens_b[j] in special]
    pairs = _aligned([tokens_a[i] for i in picked_a], [tokens_b[j] for j in picked_b])
    blocks = [(0, 0, prefix)]
    blocks += [(picked_a[i], picked_b[j], 1) for i, j in pairs]
    blocks.append((end_a, end_b, suffix))
    return [(at_a[i], at_b[j], at_a[i + size] - at_a[i]) for i, j, size in blocks if size]


def _aligned(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` with ``a[i] == b[j]``, in order in both: as many as can be (the
    longest common subsequence) when that is quick enough to find."""
    if not a or not b:
        return []
    if len(a) * len(b) > _ALIGNED:
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        return [(i + k, j + k) for i, j, size in matcher.get_matching_blocks() for k in range(size)]
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        row, below, token = rows[i], rows[i + 1], a[i]
        for j in range(len(b) - 1, -1, -1):
            row[j] = below[j + 1] + 1 if token == b[j] else max(below[j], row[j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif rows[i + 1][j] >= rows[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _offsets(tokens: list[str]) -> list[int]:
    """Where each token begins in the text, then the text's length."""
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def _common_length(a: list[str], b: list[str], *, from_end: bool) -> int:
    """How many tokens ``a`` and ``b`` have in common at their beginning (or end)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        same = a[-middle:] == b[-middle:] if from_end else a[:middle] == b[:middle]
        if same:
            low = middle
        else:
            high = middle - 1
    return low


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#@])")
"""Escaped anywhere: emphasis, code, links and images, HTML, tables, strikethrough, headings (a
closing ``#`` too), e-mail autolinks (``@``)."""
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
"""An ``&`` that would start an entity (``&amp;``, ``&#35;``): escaped. Any other ``&`` is
literal in Markdown already ("O'Brien & Sons"), and is left as it is, with no backslash to
read when the text is pasted into an e-mail."""
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
    escaped = _ENTITY.sub(r"\\&", _MARKDOWN_SPECIAL.sub(r"\\\1", flat))
    escaped = _AUTOLINK.sub(lambda m: f"{m.group(1)}\\." if m.group(1) else "\\:", escaped)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1):
        return "\\" + escaped
    digits = match.group(2)
    return f"{digits}\\{escaped[len(digits) :]}"


HARD_BREAK = "  "
"""What ends a line of :func:`markdown_lines` that another line of its paragraph follows: two
spaces, a hard line break to Markdown, nothing to see as plain text."""


def markdown_lines(text: str, *, indent: str = "") -> str:
    """``text`` for a Markdown document with its line breaks kept: each line as
    :func:`markdown_text` makes it (inert, its syntax escaped, its start too, so no line opens
    a list, a quote, a heading, a table or a code block), a hard break (:data:`HARD_BREAK`)
    between the lines of a paragraph, and one empty line between paragraphs (where ``text``
    has empty lines; none at the start or the end). Every line after the first starts with
    ``indent``: ``"  "`` keeps the text inside a ``- `` list item. One line gives exactly what
    :func:`markdown_text` gives."""
    paragraphs: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").split("\n"):
        escaped = markdown_text(line)
        if escaped:
            paragraphs[-1].append(escaped)
        elif paragraphs[-1]:
            paragraphs.append([])
    kept = [lines for lines in paragraphs if lines]
    joined = (f"{HARD_BREAK}\n{indent}".join(lines) for lines in kept)
    return f"\n\n{indent}".join(joined)
