"""The choice kind (crm_lessons/exercises/kinds/choice.py)."""

import pandas as pd
import pytest
import tiny_exercises as tiny

from crm_lessons.exercises.by_kind import (
    ChoiceExercise,
)
from crm_lessons.exercises.session import use_store

pytestmark = pytest.mark.usefixtures("tiny_store")


def _short(value):
    """A short test id (an integer of 400 digits would make a very long one)."""
    return repr(value)[:24]


# ---- choices ---------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", ["b", "B", " B ", "B)", "(b)", "b.", "Option B", "keeping one",
                                    "Keeping  One"])
def test_choice_accepts_any_spelling_of_the_letter(answer):
    assert tiny.concept.check(answer)


def test_choice_wrong_option_explains_why_when_feedback_is_given():
    result = tiny.biggest_channel.check("B")
    assert not result and "Referral brought two customers" in result.message
    assert "Option B (referral)" in result.message


@pytest.mark.parametrize("answer, words", [
    ("E", "not one of the options"), ("A, B", "more than one"), (1, "letters"),
    (None, "None"), (["B"], "without the brackets"), (["A", "B"], "exactly one"),
])
def test_choice_explains_wrong_answers(answer, words):
    result = tiny.concept.check(answer)
    assert not result and words in result.message


def test_choice_expected_is_computed_from_the_data():
    store = tiny.make_store(0)
    store.customers["channel"] = pd.Categorical(["email"] * 6 + ["search"] * 2)
    with use_store(store):
        assert tiny.biggest_channel.expected() == "C"
    assert tiny.biggest_channel.expected() == "A"


def test_choice_rejects_an_expected_letter_that_is_no_option():
    ex = ChoiceExercise(lesson="99", name="c", question="q", options={"A": "a", "B": "b"},
                        expected=lambda s: "Z", solution="")
    result = ex.check("A")
    assert not result and result.status == "error"



@pytest.mark.parametrize("answer", [float("inf"), 10 ** 400, pd.NA, float("nan")], ids=_short)
def test_choice_gives_real_messages_for_odd_values(answer):
    result = tiny.concept.check(answer)
    assert result.status == "incorrect" and "checker hit" not in result.message, result.message


# ---- an option written with its letter, or its text in another form -----------------------

@pytest.mark.parametrize("answer", ["B) keeping one", "b) Keeping one.", "B: keeping", "(B) keeping one",
                                    "KEEPING ONE.", "keeping one!", "'B'"])
def test_choice_recognises_an_option_written_with_its_letter_or_text(answer):
    assert tiny.concept.check(answer), answer


def test_choice_a_letter_with_another_options_text_is_told_so():
    result = tiny.concept.check("B) winning a new one")
    assert not result and "starts with the letter B" in result.message
    assert "option A" in result.message


def test_choice_the_text_of_a_wrong_option_gets_that_options_feedback():
    result = tiny.biggest_channel.check("B) referral.")
    assert not result and "Referral brought two customers" in result.message
