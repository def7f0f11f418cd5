"""Finding the exercises of every lesson (crm_lessons/exercises/__init__.py)."""

import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

import tiny_exercises as tiny  # noqa: E402

from crm_lessons.exercises import (  # noqa: E402
    all_exercises,
)
from crm_lessons.exercises.by_kind import (  # noqa: E402
    NumberExercise,
    SetExercise,
)
from crm_lessons.exercises.exercise import Exercise  # noqa: E402
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

# ---- discovery -------------------------------------------------------------------------------

def test_all_exercises_lists_the_lesson_modules_in_order():
    exercises = all_exercises()
    lessons = [e.lesson for e in exercises]
    assert lessons == sorted(lessons)
    assert all(isinstance(e, Exercise) for e in exercises)


def test_exercise_needs_an_identifier_name_and_an_expected_function():
    with pytest.raises(ValueError, match="identifier"):
        number(name="not ok")
    with pytest.raises(ValueError, match="expected="):
        SetExercise(lesson="99", name="s", question="q", solution="")

