"""The reflection kind (crm_lessons/exercises/kinds/reflection.py)."""

import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

import tiny_exercises as tiny  # noqa: E402

from crm_lessons.exercises.by_kind import (  # noqa: E402
    NumberExercise,
)
from crm_lessons.exercises.session import use_store  # noqa: E402


@pytest.fixture(autouse=True)
def tiny_store():
    store = tiny.make_store(0)
    with use_store(store):
        yield store


def number(**kw):
    base = dict(lesson="99", name="x", question="q?", expected=lambda s: 0.64, solution="answer = 1",
                hint="h", why="because")
    base.update(kw)
    return NumberExercise(**base)

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

