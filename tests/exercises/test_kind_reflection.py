"""The reflection kind (crm_lessons/exercises/kinds/reflection.py)."""

import pytest
import tiny_exercises as tiny

pytestmark = pytest.mark.usefixtures("tiny_store")


def _short(value):
    """A short test id (an integer of 400 digits would make a very long one)."""
    return repr(value)[:24]


# ---- reflection ------------------------------------------------------------------------------

def test_reflection_is_ungraded_and_recorded_as_done():
    from crm_lessons.exercises.records import load_records

    assert tiny.thoughts.graded is False and tiny.thoughts.expected() is None
    result = tiny.thoughts.check("They know my name and what I like to order there.")
    assert result and result.correct is None and result.status == "done"
    rec = load_records().iloc[-1]
    assert rec["exercise"] == "thoughts" and bool(rec["done"]) and rec["correct"] is None


@pytest.mark.parametrize("answer, words", [("too short", "at least 5"), (None, "None"),
                                           (42, "own words")])
def test_reflection_needs_enough_words(answer, words):
    result = tiny.thoughts.check(answer)
    assert not result and words in result.message



@pytest.mark.parametrize("answer", [float("inf"), 10 ** 400, float("nan")], ids=_short)
def test_reflection_gives_real_messages_for_odd_values(answer):
    result = tiny.thoughts.check(answer)
    assert result.status == "incorrect" and "checker hit" not in result.message, result.message


def test_reflection_needs_enough_different_words():
    from crm_lessons.exercises.kinds.reflection import ReflectionKind

    kind = ReflectionKind(min_words=30)
    assert kind.min_distinct == 18
    repeated = kind.compare(" ".join(["blah"] * 30))
    assert not repeated.correct and "only 1 different word;" in repeated.message
    real = ("I would offer the matcha bundle to customers who bought the powder without the "
            "whisk, because the pair has the highest lift. I would send it once, only to "
            "customers who agreed to marketing.")
    assert kind.compare(real).correct
    assert tiny.thoughts.check("They know my name and what I like to order there.")
