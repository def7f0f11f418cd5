"""Self-checking exercises: the blank ``____``, the lesson modules and your progress.

In a lesson's set-up cell::

    from crm_lessons.exercises import ____, lesson02 as ex

then in a "Your turn" cell::

    answer = ____
    ex.top20_share.check(answer)

``all_exercises()`` lists every exercise of every lesson; ``progress()`` lists, lesson by
lesson, what you have done, tried and not started, with a link to each exercise (the file
lives at ``~/.crm_lessons/progress.json`` unless ``CRM_LESSONS_PROGRESS`` names another).
"""

from __future__ import annotations

import importlib
from typing import Any

from crm_lessons.exercises import progress
from crm_lessons.exercises.binding import bind_exercises, exercises_of
from crm_lessons.exercises.blank import Blank
from crm_lessons.exercises.by_kind import (
    ChoiceExercise,
    NumberExercise,
    ReflectionExercise,
    SetExercise,
    TableExercise,
)
from crm_lessons.exercises.catalogue import all_exercises, is_lesson_module, lesson_modules
from crm_lessons.exercises.exercise import Exercise
from crm_lessons.exercises.result import ExerciseFailed
from crm_lessons.exercises.session import use_store
from crm_lessons.exercises.sql_exercise import SqlExercise

____ = Blank()  # the blank students replace (Blank is a singleton: the same object everywhere)

__all__ = ["____", "all_exercises", "lesson_modules", "progress", "Exercise", "ExerciseFailed",
           "NumberExercise", "TableExercise", "ChoiceExercise", "SetExercise",
           "ReflectionExercise", "SqlExercise", "use_store", "bind_exercises", "exercises_of"]


def __getattr__(name: str) -> Any:
    # `from crm_lessons.exercises import lesson02` works through the import system; this also
    # makes `crm_lessons.exercises.lesson02` work after a plain `import crm_lessons.exercises`.
    if is_lesson_module(name):
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
