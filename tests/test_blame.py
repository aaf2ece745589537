"""The blame check flags phrases that put the other side on trial, and nothing else."""

from __future__ import annotations

import pytest

from playbook.blame import (
    _ACCUSING,
    _PATTERN,
    _PROMISE,
    _RESENT,
    _SCORE,
    _SIDE,
    _SILENCE,
    _VERDICT,
    PHRASES,
    check,
)

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


SCORE_AND_SIDE_PHRASES = (
    ("falls on our side", _SCORE),
    ("falls on us", _SCORE),
    ("we've been carrying", _SCORE),
    ("we have been carrying", _SCORE),
    ("we've been doing all", _SCORE),
    ("we do all the work", _SCORE),
    ("we did all the work", _SCORE),
    ("doing all the heavy lifting", _SCORE),
    ("we've done our part", _SCORE),
    ("we held up our end", _SCORE),
    ("your side hasn't", _SIDE),
    ("your team hasn't", _SIDE),
    ("your team didn't", _SIDE),
    ("you haven't", _ACCUSING),
    ("you were supposed to", _PROMISE),
    ("you said you would", _PROMISE),
    ("as usual", _PATTERN),
    ("once again you", _PATTERN),
    ("yet again", _PATTERN),
    ("still waiting on you", _SILENCE),
    ("waiting on your team", _SILENCE),
    ("no thanks to you", _SIDE),
    ("your lack of", _SIDE),
    ("you've gone quiet", _SILENCE),
    ("you went quiet", _SILENCE),
    ("you dropped", _SILENCE),
    ("left us hanging", _SILENCE),
    ("we're tired of", _RESENT),
)
"""Keeping score of who does the work, and blaming a side: each with the reason it gets."""


@pytest.mark.parametrize(("phrase", "reason"), SCORE_AND_SIDE_PHRASES)
def test_keeping_score_and_blaming_a_side_are_flagged_with_their_reason(
    phrase: str, reason: str
) -> None:
    text = f"To be clear, {phrase} the last few weeks."
    flags = check(text)
    assert [(flag.phrase, flag.reason) for flag in flags] == [(phrase, reason)]
    assert text[flags[0].start : flags[0].end] == phrase


@pytest.mark.parametrize(
    "phrase", [phrase for phrase, _ in SCORE_AND_SIDE_PHRASES if "'" in phrase]
)
def test_contractions_match_with_a_curly_apostrophe_too(phrase: str) -> None:
    curly = phrase.replace("'", "\u2019")
    flags = check(f"Well, {curly.upper()} here.")
    assert [flag.phrase for flag in flags] == [curly.upper()]


def test_every_new_phrase_is_in_the_list() -> None:
    assert {phrase for phrase, _ in SCORE_AND_SIDE_PHRASES} <= {phrase for phrase, _ in PHRASES}


def test_each_new_reason_says_why_it_hurts_and_what_to_do_instead() -> None:
    for reason in (_SCORE, _SIDE, _PROMISE, _PATTERN, _SILENCE, _RESENT):
        why, _, instead = reason.partition(";")
        assert why.strip() and instead.strip(), reason
        assert reason.endswith("."), reason


def test_the_list_has_no_phrase_twice() -> None:
    phrases = [phrase.casefold() for phrase, _ in PHRASES]
    assert len(phrases) == len(set(phrases))


def test_a_longer_phrase_wins_over_a_shorter_one_it_starts_with() -> None:
    flags = check("Then you dropped the ball on the webinar.")
    assert [(flag.phrase, flag.reason) for flag in flags] == [("you dropped the ball", _VERDICT)]
    flags = check("Then you dropped the webinar.")
    assert [(flag.phrase, flag.reason) for flag in flags] == [("you dropped", _SILENCE)]


def test_several_score_keeping_phrases_in_one_text_are_each_flagged_in_order() -> None:
    text = "As usual it falls on us: we\u2019ve been carrying this, and your team hasn\u2019t."
    assert [flag.phrase for flag in check(text)] == [
        "As usual",
        "falls on us",
        "we\u2019ve been carrying",
        "your team hasn\u2019t",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "We have both been busy since the summer.",
        "The work has mostly been on one side, and we would like to agree on a split.",
        "Let us agree on what each side does next.",
        "Can we talk about how we share the work from here?",
        "We want this to be worth your team's time.",
        "We want this to be worth your team\u2019s time.",
        "Is this still a priority for your team, honestly?",
        "We went quiet on both sides after the launch.",
        "The last time we spoke was on Mon 12 Oct 2026.",
        "We have not met since the kickoff.",
        "I have not had the time I wanted to give this.",
        "We would like one named owner on each side, by Friday 23 Oct.",
        "What would make this worth your team's time?",
        "Introductions went from 12 a month to 2 in the last 30 days.",
        "Our review is booked monthly but has not met since August.",
        "We never wrote down who owns which task, so let us do that now.",
        "Who on your team would be the right person to own this?",
        "If the answer is no, we will wind down cleanly and honour what is still owed.",
        "Thank you both for the work your team put into the webinar.",
        "We would like to carry on, and to share the heavy lifting evenly.",
        "Again, thank you for making the time today.",
        "What usually gets in the way on your side, and how can we help?",
        "We dropped the monthly call in August, and we would like to restart it.",
    ],
)
def test_low_blame_sentences_are_not_flagged(text: str) -> None:
    assert check(text) == []
