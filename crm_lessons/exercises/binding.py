"""Naming exercises after their variables, as learntools' ``bind_exercises`` does.

A lesson module defines its exercises without names and ends with::

    bind_exercises(globals(), lesson="01")

which sets each exercise's lesson and name (its id is ``"01.cost_ratio"`` for the variable
``cost_ratio``). One object under two names, or an id already bound by another module, fails
with a message that says which.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from crm_lessons.exercises.exercise import Exercise, lesson_number

__all__ = ["bind_exercises", "exercises_of"]

# exercise id -> the module that bound it
_BOUND: dict[str, str] = {}


def bind_exercises(namespace: dict[str, Any], lesson: str | int) -> list[Exercise]:
    """Name every exercise in `namespace` (a module's ``globals()``) after its variable.

    Returns the exercises in the order they are written.

    >>> from crm_lessons.exercises.by_kind import NumberExercise
    >>> ns = {"__name__": "demo", "answer_count": NumberExercise(question="How many?",
    ...                                                           expected=lambda s: 3)}
    >>> bind_exercises(ns, lesson="98")[0].id
    '98.answer_count'
    """
    module = str(namespace.get("__name__", "?"))
    lesson = lesson_number(lesson)
    names: dict[int, str] = {}
    bound = []
    for var, value in list(namespace.items()):
        if not isinstance(value, Exercise):
            continue
        if id(value) in names:
            raise ValueError(f"{module}: the same exercise is bound to {names[id(value)]!r} and "
                             f"{var!r}. Give each exercise one variable.")
        names[id(value)] = var
        if value.name is not None and (value.lesson, value.name) != (lesson, var):
            raise ValueError(f"{module}: {var!r} is the exercise {value.lesson}.{value.name}, "
                             "already named elsewhere. Define a new exercise instead.")
        exercise_id = f"{lesson}.{var}"
        owner = _BOUND.get(exercise_id)
        if owner is not None and owner != module:
            raise ValueError(f"The exercise id {exercise_id} is bound by {owner} and again by "
                             f"{module}: exercise ids must be unique, so rename one of them.")
        value.bind(lesson, var)
        _BOUND[exercise_id] = module
        bound.append(value)
    return bound


def exercises_of(module: ModuleType) -> list[Exercise]:
    """The exercises defined in a lesson module, in the order they are written.

    Raises ValueError when one of them was never named (the module does not end with
    ``bind_exercises``).
    """
    seen: list[Exercise] = []
    for value in vars(module).values():
        if isinstance(value, Exercise) and all(value is not s for s in seen):
            seen.append(value)
    unbound = [e for e in seen if e.name is None]
    if unbound:
        raise ValueError(f"{module.__name__} has {len(unbound)} exercise(s) without a name: end "
                         "the module with `bind_exercises(globals(), lesson=\"NN\")`.")
    return seen
