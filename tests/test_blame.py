"""The blame check flags phrases that put the other side on trial, and nothing else."""

from __future__ import annotations

import pytest

from playbook.blame import PHRASES, check

CONTRACT_PHRASES = (
    "you never",
    "you always",
    "your fault",
    "you failed",
    "you didn't",
    "you people",
)


@pytest.mark.parametrize("phrase", CONTRACT_PHRASES)
def test_each_contract_phrase_is_flagged_with_a_reason(phrase):
    text = f"Honestly, {phrase} reply on time."
    flags = check(text)
    assert len(flags) == 1
    assert flags[0].phrase == phrase
    assert flags[0].reason.strip()
    assert text[flags[0].start : flags[0].end] == phrase


@pytest.mark.parametrize(("phrase", "reason"), PHRASES)
def test_every_listed_phrase_is_flagged_with_its_own_reason(phrase, reason):
    flags = check(f"Well... {phrase}.")
    assert [flag.reason for flag in flags] == [reason]


def test_every_contract_phrase_is_in_the_list():
    listed = {phrase for phrase, _ in PHRASES}
    assert set(CONTRACT_PHRASES) <= listed


@pytest.mark.parametrize("text", ["YOU NEVER call", "You Never call", "yOu nEvEr call"])
def test_the_check_ignores_case(text):
    flags = check(text)
    assert len(flags) == 1
    assert flags[0].phrase == text[:9]


def test_a_curly_apostrophe_is_flagged_like_a_straight_one():
    text = "You didn\u2019t send the list."
    flags = check(text)
    assert len(flags) == 1
    assert flags[0].phrase == "You didn\u2019t"


def test_extra_spaces_and_line_breaks_between_words_are_still_flagged():
    text = "And you   never\n answered."
    flags = check(text)
    assert len(flags) == 1
    assert flags[0].phrase == "you   never"
    assert (flags[0].start, flags[0].end) == (4, 15)
    assert [flag.phrase for flag in check("Yes, you\nalways do.")] == ["you\nalways"]


@pytest.mark.parametrize(
    "text",
    [
        "your faulty report",  # a word boundary after "fault"
        "you neverland",
        "Bayou never floods",  # a word boundary before "you"
        "you alwaysx",
        "youpeople",
    ],
)
def test_the_check_respects_word_edges(text):
    assert check(text) == []


def test_offsets_point_at_each_flag_in_order():
    text = "Frankly you never call. It is your fault. you people!"
    flags = check(text)
    assert [flag.phrase for flag in flags] == ["you never", "your fault", "you people"]
    for flag in flags:
        assert text[flag.start : flag.end] == flag.phrase
    assert flags[0].start == text.index("you never")
    assert flags[1].start == text.index("your fault")
    assert flags[2].start == text.rindex("you people")
    assert [flag.start for flag in flags] == sorted(flag.start for flag in flags)


@pytest.mark.parametrize(
    "text",
    [
        "We never set a review.",
        "We always meant to write the scope down.",
        "The last real working conversation was on Mon 12 Oct 2026, 6 weeks ago.",
        "Is this still a priority for your team, honestly?",
        "Thank you for the time both teams have put into this.",
        "Nobody at Acme is named as owner of the partnership.",
        "",
    ],
)
def test_neutral_observations_are_not_flagged(text):
    assert check(text) == []


def test_a_phrase_at_the_very_start_and_end_of_the_text_is_flagged():
    assert check("you failed")[0].start == 0
    assert check("you failed")[0].end == len("you failed")
