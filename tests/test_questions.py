"""The questionnaire matches the answers contract of PLAYBOOK.md, and choices are easy to pick."""

from __future__ import annotations

import pytest

from playbook.questions import (
    ALL_QUESTIONS,
    LEGACY,
    QUESTIONS,
    SECTIONS,
    Choice,
    Question,
    applicable,
    iter_questions,
    section_of,
)

FIT = ("yes", "partly", "no", "unsure")

# The answers contract of PLAYBOOK.md, copied by hand: id -> (type, choice values in order).
CONTRACT: dict[str, tuple[str, tuple[str, ...]]] = {
    "partner": ("text", ()),
    "kind": (
        "choice",
        (
            "referral",
            "co-marketing",
            "reseller",
            "technology",
            "strategic-alliance",
            "joint-venture",
            "community",
            "other",
        ),
    ),
    "started": ("date", ()),
    "diagnosed_on": ("date", ()),
    "fit_audience": ("choice", FIT),
    "fit_incentives": ("choice", FIT),
    "fit_delivery": ("choice", FIT),
    "value_ours": ("text", ()),
    "value_theirs": ("text", ()),
    "still_want": ("choice", ("yes", "no", "unsure")),
    "owner_ours": ("text", ()),
    "owner_theirs": ("text", ()),
    "owner_ours_in_role": ("choice", FIT),
    "owner_theirs_in_role": ("choice", FIT),
    "owner_request": ("choice", ("not-asked", "agreed", "declined", "no-answer")),
    "changes_theirs": (
        "choice",
        ("none", "people", "priorities", "budget", "reorganisation", "unsure"),
    ),
    "last_conversation": ("date", ()),
    "standing_review": ("choice", ("yes", "no")),
    "review_cadence": ("choice", ("weekly", "biweekly", "monthly", "quarterly", "none")),
    "review_last_held": ("date", ()),
    "expectations_written": ("choice", FIT),
    "success_metrics": ("text", ()),
    "workload": ("choice", ("balanced", "mostly-us", "mostly-them", "unsure")),
    "workload_agreed": ("choice", ("yes", "no", "unsure")),
    "enablement_materials": ("choice", ("yes", "partly", "no", "not-needed")),
    "enablement_contact": ("choice", ("yes", "no", "not-needed")),
    "activity": ("choice", ("rising", "steady", "slowing", "stopped", "unsure")),
    "activity_last_month": ("number", ()),
    "activity_typical_month": ("number", ()),
    "outcomes": ("choice", ("rising", "flat", "falling", "unsure")),
    "last_activity": ("date", ()),
    "notes": ("text", ()),
}

PAST_DATES = {"started", "last_conversation", "last_activity", "review_last_held"}


def all_question_ids() -> list[str]:
    return [question.id for section in SECTIONS for question in section.questions]


def test_every_contract_id_is_asked_exactly_once():
    ids = all_question_ids()
    for question_id in CONTRACT:
        assert ids.count(question_id) == 1, question_id


def test_the_questionnaire_asks_nothing_outside_the_contract():
    assert set(all_question_ids()) == set(CONTRACT)
    assert set(QUESTIONS) == set(CONTRACT)


def test_the_v1_owner_in_role_answer_is_accepted_but_no_longer_asked():
    assert "owner_in_role" in LEGACY
    assert LEGACY["owner_in_role"].values == FIT
    assert "owner_in_role" in ALL_QUESTIONS
    assert "owner_in_role" not in all_question_ids()


# Which questions apply, as the contract says: (question, answers, asked?)
APPLIES = [
    ("review_cadence", {"standing_review": "no"}, False),
    ("review_cadence", {"standing_review": "yes"}, True),
    ("review_cadence", {}, False),
    ("review_last_held", {"standing_review": "no"}, False),
    ("review_last_held", {"standing_review": "yes"}, True),
    ("owner_request", {"owner_theirs": ""}, True),
    ("owner_request", {"owner_theirs": "Jo Rivera"}, False),
    ("owner_request", {}, False),
    ("owner_theirs_in_role", {"owner_theirs": ""}, False),
    ("owner_theirs_in_role", {"owner_theirs": "Jo Rivera"}, True),
    ("owner_ours_in_role", {"owner_ours": ""}, False),
    ("owner_ours_in_role", {}, True),
    ("workload_agreed", {"workload": "balanced"}, False),
    ("workload_agreed", {"workload": "mostly-us"}, True),
    ("workload_agreed", {"workload": "mostly-them"}, True),
    ("workload_agreed", {"workload": "unsure"}, False),
    ("notes", {}, True),
]


@pytest.mark.parametrize(("question_id", "answers", "asked"), APPLIES)
def test_a_question_that_does_not_apply_is_not_asked(question_id, answers, asked):
    assert QUESTIONS[question_id].applies(answers) is asked


def test_answers_to_questions_that_do_not_apply_are_not_read():
    answers = {"standing_review": "no", "review_cadence": "monthly", "partner": "Acme"}
    assert applicable(answers) == {"standing_review": "no", "partner": "Acme"}


def test_notes_are_several_lines_up_to_ten_thousand_characters():
    notes = QUESTIONS["notes"]
    assert notes.multiline
    assert notes.max_length == 10_000
    assert QUESTIONS["owner_ours"].max_length == 2000


@pytest.mark.parametrize("question_id", list(CONTRACT))
def test_each_question_has_the_contract_type(question_id):
    assert QUESTIONS[question_id].kind == CONTRACT[question_id][0]


@pytest.mark.parametrize("question_id", list(CONTRACT))
def test_each_question_offers_exactly_the_contract_choices_in_order(question_id):
    assert QUESTIONS[question_id].values == CONTRACT[question_id][1]


def test_sections_come_in_the_order_of_a_diagnosis():
    assert [section.id for section in SECTIONS] == [
        "context",
        "fit",
        "owner",
        "rhythm",
        "expectations",
        "enablement",
        "activity",
        "notes",
    ]


@pytest.mark.parametrize("section", SECTIONS, ids=lambda section: section.id)
def test_every_section_explains_why_it_matters(section):
    assert section.why.strip()
    assert section.title.strip()
    assert section.questions


@pytest.mark.parametrize("question_id", list(CONTRACT))
def test_every_question_has_a_prompt(question_id):
    prompt = QUESTIONS[question_id].prompt
    assert prompt.strip()
    assert len(prompt) > 10


def test_only_the_partner_is_required():
    assert [q.id for q in QUESTIONS.values() if q.required] == ["partner"]


def test_past_tense_dates_are_marked_past_and_the_diagnosis_date_is_not():
    assert {q.id for q in QUESTIONS.values() if q.past} == PAST_DATES
    assert not QUESTIONS["diagnosed_on"].past


def test_owners_and_metrics_give_meaning_to_an_empty_answer():
    assert QUESTIONS["owner_ours"].empty_means == "nobody"
    assert QUESTIONS["owner_theirs"].empty_means == "nobody"
    assert QUESTIONS["success_metrics"].empty_means
    assert not QUESTIONS["partner"].empty_means


def test_every_choice_has_a_label():
    for question in QUESTIONS.values():
        for choice in question.choices:
            assert choice.label.strip(), (question.id, choice.value)


def test_questions_are_listed_in_the_order_asked_with_their_section():
    pairs = list(iter_questions())
    assert [question.id for _, question in pairs] == list(QUESTIONS)
    assert section_of("owner_theirs").id == "owner"
    assert section_of("last_activity").id == "activity"
    with pytest.raises(KeyError):
        section_of("nonsense")


def test_label_for_shows_the_words_of_a_choice():
    assert QUESTIONS["review_cadence"].label_for("biweekly") == "Every two weeks"
    assert QUESTIONS["fit_audience"].label_for("unsure") == "Not sure"
    assert QUESTIONS["fit_audience"].label_for(None) == ""
    assert QUESTIONS["fit_audience"].label_for("odd") == "odd"


# --- shortcuts ------------------------------------------------------------------------------


def test_digits_pick_choices_in_order():
    keys = QUESTIONS["activity"].shortcuts()
    assert keys["1"] == "rising"
    assert keys["2"] == "steady"
    assert keys["3"] == "slowing"
    assert keys["4"] == "stopped"
    assert keys["5"] == "unsure"
    assert "6" not in keys


def test_unique_initials_pick_a_choice_and_shared_ones_do_not():
    keys = QUESTIONS["activity"].shortcuts()
    # Rising, Steady, Slowing, Stopped, Not sure: "S" is shared by three.
    assert keys["r"] == "rising"
    assert keys["n"] == "unsure"
    assert "s" not in keys


def test_the_letters_are_those_of_the_labels_shown_not_of_the_stored_values():
    keys = QUESTIONS["fit_audience"].shortcuts()
    # Yes, Partly, No, Not sure: "No" and "Not sure" share N, and the one word "No" keeps it;
    # "Not sure" is u, the "unsure" it stands for (no label starts with U).
    assert (keys["y"], keys["p"], keys["n"], keys["u"]) == ("yes", "partly", "no", "unsure")
    assert QUESTIONS["review_cadence"].shortcuts()["e"] == "biweekly"  # Every two weeks
    assert "b" not in QUESTIONS["review_cadence"].shortcuts()
    owner_request = QUESTIONS["owner_request"].shortcuts()
    # Not yet, They agreed to, They declined, No answer: N and T are shared by labels of
    # several words, so neither is a key; the values' a and d are nobody's first letter.
    assert {key: value for key, value in owner_request.items() if key.isalpha()} == {
        "a": "agreed",
        "d": "declined",
    }
    workload = QUESTIONS["workload"].shortcuts()  # Balanced, Mostly us, Mostly them, Not sure
    assert workload["b"] == "balanced" and workload["n"] == "unsure" and "m" not in workload
    activity = QUESTIONS["activity"].shortcuts()  # Rising, Steady, Slowing, Stopped, Not sure
    assert activity["r"] == "rising" and "s" not in activity  # three one-word labels share S


def test_only_the_first_nine_choices_get_a_digit():
    question = Question(
        "many",
        "choice",
        "Pick one",
        choices=tuple(Choice(f"v{n}", f"Value {n}") for n in range(1, 12)),
    )
    keys = question.shortcuts()
    assert keys["9"] == "v9"
    assert "10" not in keys
    assert "v" not in keys


def test_a_text_question_has_no_shortcuts():
    assert QUESTIONS["partner"].shortcuts() == {}


# --- match_choice ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question_id", "typed", "expected"),
    [
        ("review_cadence", "monthly", "monthly"),
        ("review_cadence", "  Monthly ", "monthly"),
        ("review_cadence", "every two weeks", "biweekly"),
        ("review_cadence", "2", "biweekly"),
        ("review_cadence", "q", "quarterly"),
        ("review_cadence", "quar", "quarterly"),
        ("review_cadence", "every", "biweekly"),
        ("kind", "strat", "strategic-alliance"),
        ("kind", "Reseller / channel", "reseller"),
        ("kind", "joint", "joint-venture"),
        ("workload", "mostly-th", "mostly-them"),
        ("workload", "Mostly us", "mostly-us"),
        ("fit_audience", "not sure", "unsure"),
        ("fit_audience", "NO", "no"),
        ("enablement_materials", "not", "not-needed"),
    ],
)
def test_match_choice_understands_values_labels_digits_and_prefixes(question_id, typed, expected):
    assert QUESTIONS[question_id].match_choice(typed) == expected


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [
        ("activity", "s"),  # steady, slowing, stopped
        ("activity", "st"),  # steady, stopped
        ("kind", "co"),  # co-marketing, community
        ("workload", "mostly"),  # mostly-us, mostly-them
    ],
)
def test_match_choice_refuses_to_guess_between_several(question_id, typed):
    assert QUESTIONS[question_id].match_choice(typed) is None


def test_a_digit_wins_over_a_label_prefix():
    # "1" is the digit of "weekly", whatever the labels start with.
    assert QUESTIONS["review_cadence"].match_choice("1") == "weekly"


@pytest.mark.parametrize("typed", ["", "   ", "9", "maybe", "yess"])
def test_match_choice_returns_nothing_for_what_fits_no_choice(typed):
    assert QUESTIONS["fit_audience"].match_choice(typed) is None
