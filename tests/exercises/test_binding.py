"""Exercise names bound from the lesson module (crm_lessons/exercises/binding.py): a name comes
from the variable, ids stay "LL.name" as the progress files know them, and a duplicate or an
unbound exercise fails with a message that says what to do."""

import types

import pytest
import tiny_exercises as tiny

from crm_lessons.exercises import exercises_of, use_store
from crm_lessons.exercises.binding import bind_exercises
from crm_lessons.exercises.by_kind import ChoiceExercise, NumberExercise
from crm_lessons.exercises.exercise import ExerciseNotBound

LESSON01_NAMES = ["region_summary", "customers_with_tickets_sql", "task_types", "proactive_tasks",
                  "cost_ratio", "tenure_profit_rise", "uplift_three_points",
                  "ticket_advocate_share", "cross_sell_measure", "quality_position",
                  "office_level", "reflection", "quiz_gartner", "quiz_dashboard", "quiz_phases"]


def count(**kw):
    return NumberExercise(question="How many customers?", expected=lambda s: len(s.customers),
                          solution="answer = len(store.customers)", hint="len()", **kw)


def test_the_name_comes_from_the_variable_and_the_lesson_is_two_digits():
    ns = {"__name__": "lesson_demo_a", "customer_count": count(), "other": 3}
    bound = bind_exercises(ns, lesson=7)
    assert [e.id for e in bound] == ["07.customer_count"]
    assert ns["customer_count"].name == "customer_count" and ns["customer_count"].lesson == "07"


def test_lesson_ids_are_those_the_progress_files_hold():
    from crm_lessons.exercises import lesson01

    assert [e.id for e in exercises_of(lesson01)] == [f"01.{n}" for n in LESSON01_NAMES]
    assert [e.id for e in exercises_of(tiny)][:3] == ["99.n_customers", "99.referral_share",
                                                       "99.total_revenue"]


def test_a_check_is_recorded_under_the_bound_name():
    from crm_lessons.exercises.records import load_records

    with use_store(tiny.make_store(0)):
        tiny.n_customers.check(8)
    rec = load_records().iloc[-1]
    assert (rec["lesson"], rec["exercise"]) == ("99", "n_customers")


def test_one_exercise_under_two_names_fails_clearly():
    shared = count()
    with pytest.raises(ValueError, match="same exercise is bound to 'first' and 'second'"):
        bind_exercises({"__name__": "lesson_demo_b", "first": shared, "second": shared},
                       lesson="98")


def test_an_id_bound_by_two_modules_fails_clearly():
    bind_exercises({"__name__": "lesson_demo_c", "twice": count()}, lesson="97")
    with pytest.raises(ValueError, match=r"97\.twice is bound by lesson_demo_c and again by "
                                         r"lesson_demo_d"):
        bind_exercises({"__name__": "lesson_demo_d", "twice": count()}, lesson="97")


def test_binding_again_from_the_same_module_is_fine():
    # a lesson module reloaded in a kernel binds its (new) exercises again
    bind_exercises({"__name__": "lesson_demo_e", "again": count()}, lesson="96")
    assert bind_exercises({"__name__": "lesson_demo_e", "again": count()}, lesson="96")


def test_an_exercise_named_elsewhere_cannot_be_renamed():
    ns = {"__name__": "lesson_demo_f", "original": count()}
    bind_exercises(ns, lesson="95")
    with pytest.raises(ValueError, match="already named elsewhere"):
        bind_exercises({"__name__": "lesson_demo_g", "copy": ns["original"]}, lesson="95")


def test_an_unbound_exercise_fails_clearly_when_checked_or_listed():
    loose = ChoiceExercise(question="Which?", options={"A": "x", "B": "y"}, expected="A")
    with pytest.raises(ExerciseNotBound, match=r"bind_exercises\(globals\(\), lesson="):
        loose.check("A")
    assert "not bound yet" in repr(loose)
    module = types.ModuleType("lesson_demo_h")
    module.loose = loose
    with pytest.raises(ValueError, match="without a name"):
        exercises_of(module)


def test_a_name_given_by_hand_must_be_an_identifier():
    with pytest.raises(ValueError, match="identifier"):
        count(lesson="99", name="not ok")
