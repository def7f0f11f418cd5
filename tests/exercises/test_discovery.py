"""Finding the exercises of every lesson (crm_lessons/exercises/__init__.py)."""

import pytest
from tiny_exercises import number

from crm_lessons.exercises import (
    all_exercises,
)
from crm_lessons.exercises.by_kind import (
    SetExercise,
)
from crm_lessons.exercises.exercise import Exercise

pytestmark = pytest.mark.usefixtures("tiny_store")


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

