"""The checks themselves, for every exercise of every lesson (discovered with all_exercises()),
plus the tiny fixture exercises so the machinery is tested before the real data exist.

For every graded exercise the reference answer passes, and systematic wrong answers fail with
a message: for a table a dropped row, a numeric column scaled by 1.1 and a renamed column; for a
number off by 5%, the wrong sign and the wrong magnitude (x100, /100); for a choice every other
option; for a set one item missing and one extra. For every exercise, None, a string and a list
get a message and no exception.
"""

import ast
import sys

import numpy as np
import pandas as pd
import pytest
import tiny_exercises as tiny

from crm_lessons.exercises import all_exercises, exercises_of, use_store
from crm_lessons.exercises.by_kind import (
    ChoiceExercise,
    NumberExercise,
    ReflectionExercise,
    SetExercise,
    TableExercise,
)
from crm_lessons.exercises.exercise import Exercise
from crm_lessons.exercises.sql_exercise import SqlExercise

try:
    LESSON_EXERCISES = all_exercises()
    DISCOVERY_ERROR = None
except Exception as exc:  # a lesson module that does not import: reported by a test below
    LESSON_EXERCISES, DISCOVERY_ERROR = [], exc

EXERCISES = [(e, False) for e in LESSON_EXERCISES] + [(e, True) for e in exercises_of(tiny)]
GRADED = [(e, t) for e, t in EXERCISES if e.graded]


def ident(param) -> str:
    exercise, is_tiny = param
    return f"{'tiny' if is_tiny else 'lesson'}:{exercise.id}"


@pytest.fixture
def active(request, monkeypatch):
    """Compare against the tiny store for fixture exercises, the shipped store otherwise."""
    from crm_lessons.exercises import session

    monkeypatch.setattr(session, "OVERRIDE", [])  # no store left set by another test
    exercise, is_tiny = request.param
    if is_tiny:
        with use_store(tiny.make_store(0)):
            yield exercise
        return
    try:
        from crm_lessons.exercises.session import active_store

        active_store()
    except Exception as exc:
        pytest.skip(f"the store data cannot be loaded yet: {exc}")
    yield exercise


def test_every_lesson_module_imports():
    assert DISCOVERY_ERROR is None, f"a lesson's exercise module does not import: {DISCOVERY_ERROR!r}"


def test_exercise_names_are_unique_within_a_lesson_and_match_the_module():
    seen = set()
    for e in LESSON_EXERCISES:
        assert (e.lesson, e.name) not in seen, f"{e.id} is defined twice"
        seen.add((e.lesson, e.name))
        module = sys.modules[f"crm_lessons.exercises.lesson{e.lesson}"]
        assert getattr(module, e.name, None) is e, (
            f"{e.id}: the exercise's name must be its variable name in lesson{e.lesson}.py")


def test_every_exercise_has_question_solution_hint_and_why():
    for e, _ in EXERCISES:
        assert e.question and e.solution_code and e.hint_text and e.why, f"{e.id} lacks a text"
        assert "answer" in e.solution_code, f"{e.id}: the solution must assign `answer`"


# ---- systematic wrong answers ----------------------------------------------------------------

def _scaled_column(ref):
    """The reference with one numeric column (with a non-zero value) scaled by 1.1, or None."""
    if isinstance(ref, pd.Series):
        if pd.api.types.is_numeric_dtype(ref) and not pd.api.types.is_bool_dtype(ref) \
                and (ref.fillna(0) != 0).any():
            return ref * 1.1
        return None
    for col in ref.columns:
        s = ref[col]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s) \
                and (s.fillna(0) != 0).any():
            out = ref.copy()
            out[col] = s * 1.1
            return out
    return None


def _renamed(ex: TableExercise, ref):
    if isinstance(ref, pd.Series):
        if not ex.rule.check_names:
            return None
        return ref.rename(f"{ref.name if ref.name is not None else 'value'}_renamed")
    return ref.rename(columns={ref.columns[0]: f"{ref.columns[0]}_renamed"})


def _extra_item(items):
    if all(isinstance(i, str) for i in items):
        return "an item that is not there"
    numbers = [i for i in items if isinstance(i, (int, float, np.number))]
    return (max(numbers) + 1) if numbers else "an item that is not there"


def _solution_text(ex) -> str:
    """The query an SQL exercise's solution assigns to `answer`."""
    tree = ast.parse(ex.solution_code)
    return next(n.value.value for n in ast.walk(tree)
                if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant))


def wrong_answers(ex: Exercise, ref) -> list[tuple[str, object]]:
    if isinstance(ex, NumberExercise):
        wrong = [("off by 5%", ref * 1.05 if ref != 0 else 1.0)]
        if ref != 0:
            wrong += [("wrong sign", -ref), ("times 100", ref * 100), ("divided by 100", ref / 100)]
        else:
            wrong += [("minus one", -1.0), ("plus 100", 100.0)]
        return wrong
    if isinstance(ex, TableExercise) or ex.kind == "table":  # a lesson's own table rule too
        wrong = [("dropped row", ref.iloc[1:])]
        scaled = _scaled_column(ref)
        if scaled is not None:
            wrong.append(("column scaled by 1.1", scaled))
        renamed = _renamed(ex, ref)
        if renamed is not None:
            wrong.append(("renamed column", renamed))
        wrong.append(("duplicated row", pd.concat([ref, ref.iloc[:1]])))
        return wrong
    if isinstance(ex, ChoiceExercise):
        return [(f"option {k}", k) for k in ex.rule.options if k != ref]
    if isinstance(ex, SqlExercise):
        query = _solution_text(ex)
        return [("the number itself", ref), ("a number typed into a query", f"SELECT {ref}"),
                ("off by one percent and one", f"SELECT ({query}) * 1.01 + 1"), ("a write", "DELETE FROM customers"),
                ("not a query", "customers"), ("an error", f"{query} WHERE no_such_column")]
    if isinstance(ex, SetExercise):
        items = list(ref)
        wrong = [("one extra", items + [_extra_item(items)])]
        if items:
            wrong.append(("one missing", items[1:]))
        if ex.rule.ordered and len(items) > 1 and items != items[::-1]:
            wrong.append(("reversed", items[::-1]))
        return wrong
    raise AssertionError(f"no wrong answers defined for {type(ex).__name__}")


@pytest.mark.parametrize("active", GRADED, indirect=True, ids=ident)
def test_reference_answer_passes(active):
    # an SQL exercise's reference is the number its query returns; the answer is the query
    answer = _solution_text(active) if isinstance(active, SqlExercise) else active.expected()
    result = active.check(answer)
    assert result, f"{active.id}: its own reference answer fails: {result.message}"


@pytest.mark.parametrize("active", GRADED, indirect=True, ids=ident)
def test_systematic_wrong_answers_fail_with_a_message(active):
    ref = active.expected()
    wrong = wrong_answers(active, ref)
    if isinstance(active, (NumberExercise, TableExercise)):
        assert len(wrong) >= 3, f"{active.id}: fewer than three systematic wrong answers"
    for label, answer in wrong:
        result = active.check(answer)
        assert not result, f"{active.id}: the wrong answer '{label}' is accepted"
        assert result.status == "incorrect" and len(result.message) > 20, (
            f"{active.id}: '{label}' gets no specific message: {result.message!r}")


@pytest.mark.parametrize("active", EXERCISES, indirect=True, ids=ident)
@pytest.mark.parametrize("answer", [None, "no", [1, 2]], ids=["None", "string", "list"])
def test_wrong_types_get_a_message_and_no_exception(active, answer):
    result = active.check(answer)
    assert not result and result.status == "incorrect", f"{active.id}: {result.message}"
    assert len(result.message) > 20, f"{active.id}: no specific message for {answer!r}"


@pytest.mark.parametrize("active", [(e, t) for e, t in EXERCISES if not e.graded],
                         indirect=True, ids=ident)
def test_reflection_model_answer_is_long_enough(active):
    assert isinstance(active, ReflectionExercise)
    tree = ast.parse(active.solution_code)
    values = [n.value.value for n in ast.walk(tree)
              if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
              and any(getattr(t, "id", None) == "answer" for t in n.targets)]
    assert values, f"{active.id}: the model answer must be `answer = \"...\"`"
    assert active.check(values[0]), f"{active.id}: the model answer is shorter than min_words"
