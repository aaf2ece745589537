"""Text search's quick look at a partner file's bytes (``store.records.may_hold``): it may skip
a file only when no diagnosis in it can match, whatever the text and the letters in it, and the
repository's search finds through it exactly what a search of every document finds."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support import ACME

from playbook.history import Filter, searchable
from store.records import may_hold
from store.repository import Repository

LETTERS = st.text(
    alphabet=st.sampled_from(list('abcXYZ "\\\n\t/ßẞİıﬁKΣσς€é\u00a0\u2028')), max_size=30
)


def stored(info: str, points: str, edited: str | None) -> dict[str, object]:
    """A diagnosis document's searched fields, as the store keeps them (folded at saving)."""
    return {"search_info": info.casefold(), "search_points": points.casefold(),
            "edited_points": edited}  # fmt: skip


def as_written(*documents: dict[str, object]) -> bytes:
    """A partner file's bytes, written as the store writes them."""
    table = {str(number): document for number, document in enumerate(documents, start=1)}
    return json.dumps({"diagnoses": table}).encode("utf-8")


@settings(max_examples=400, deadline=None)
@given(info=LETTERS, points=LETTERS, edited=st.none() | LETTERS, cut=st.data())
def test_a_file_holding_the_text_is_never_skipped(info, points, edited, cut) -> None:
    document = stored(info, points, edited)
    text = searchable(document)
    start = cut.draw(st.integers(0, len(text)))
    end = cut.draw(st.integers(start, len(text)))
    piece = text[start:end]
    louder = piece.upper() if piece.upper().casefold() == piece.casefold() else piece
    needle = cut.draw(st.sampled_from([piece, louder]))
    assert Filter(text=needle).matches({**document, "diagnosed_on": "2026-11-23"})
    assert may_hold(as_written(document), needle)


@settings(max_examples=200, deadline=None)
@given(info=LETTERS, points=LETTERS, edited=st.none() | LETTERS, needle=LETTERS)
def test_a_skipped_file_holds_no_match(info, points, edited, needle) -> None:
    document = stored(info, points, edited)
    if not may_hold(as_written(document), needle):
        assert needle.casefold() not in searchable(document)


def test_a_file_without_the_word_is_skipped_and_one_with_it_is_not() -> None:
    raw = as_written(stored("their slots went unused", "hold the call on friday", None))
    assert not may_hold(raw, "Quarterly")
    assert not may_hold(raw, "slots went quarterly")  # every piece must be there
    assert may_hold(raw, "SLOTS   went")
    assert may_hold(raw, "unused hold")  # across the two texts: each piece is in the bytes
    assert not may_hold(raw, "Straße")  # folded, it is plain ASCII: "strasse" is not there
    assert may_hold(raw, "café")  # not plain ASCII: the file is read


def test_search_finds_what_every_document_holds(tmp_path: Path) -> None:
    """Through the repository, with files the index knows (the quick look) and one changed
    on disk since (read and checked in full): the same matches as a look at each document."""
    repository = Repository(tmp_path / "db")
    first = repository.save({**ACME, "notes": "Their slots went unused in October."})
    other = repository.save({**ACME, "partner": "Borealis", "notes": "Nothing went out."})
    assert first.id is not None and other.id is not None
    repository.set_edited_points(other.id, "We will meet at the STRAẞE café.")
    for text, wanted in [
        ("slots went unused", {first.id}),
        ("strasse café", {other.id}),
        ("went", {first.id, other.id}),
        ("quarterly", set()),
    ]:
        assert {s.id for s in repository.find(Filter(text=text))} == wanted, text
    # A file changed behind the index's back is read in full, not trusted.
    path = next(p for p in (tmp_path / "db" / "partners").glob("*.json") if "borealis" in p.name)
    data = json.loads(path.read_bytes())
    data["diagnoses"][str(other.id)]["search_info"] = "a word added by hand: zebra"
    path.write_text(json.dumps(data), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert {s.id for s in Repository(tmp_path / "db").find(Filter(text="zebra"))} == {other.id}
    del data["diagnoses"][str(other.id)]["verdict"]
    path.write_text(json.dumps(data), encoding="utf-8")
    reopened = Repository(tmp_path / "db")
    assert reopened.find(Filter(text="zebra")) == []
    assert path in reopened.damaged
