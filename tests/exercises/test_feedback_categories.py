"""Feedback categories (crm_lessons/exercises/result.py CATEGORIES): every check names the kind
of mistake it found, so a gradebook or a class report can count them. Each category is
produced here by a real lesson exercise or by the kind that builds the message, and a
correct answer has none."""

import pandas as pd
import pytest

from crm_lessons.exercises import all_exercises, lesson00, lesson01
from crm_lessons.exercises.by_kind import NumberExercise
from crm_lessons.exercises.kinds import ChoiceKind, NumberKind, SetKind, TableKind
from crm_lessons.exercises.kinds.base import no, ok
from crm_lessons.exercises.kinds.reflection import ReflectionKind
from crm_lessons.exercises.result import CATEGORIES, CheckResult


@pytest.fixture(scope="module")
def store(shipped_store):
    return shipped_store


# ---- real exercises, through check() --------------------------------------------------------

def test_a_correct_answer_has_no_category(store):
    result = lesson00.referral_share.check(lesson00.referral_share.expected())
    assert result and result.category is None
    reflection = lesson00.first_reflection.check("I come back because the staff know my name well.")
    assert reflection.done and reflection.category is None


def test_a_blank_is_blank(store):
    assert lesson00.referral_share.check().category == "blank"


def test_a_percentage_for_a_fraction(store):
    right = lesson00.referral_share.expected()
    result = lesson00.referral_share.check(right * 100)
    assert not result and "divide by 100" in result.message
    assert result.category == "percent-fraction"


def test_a_rounded_share(store):
    right = lesson01.ticket_advocate_share.expected()
    rounded = next(round(right, d) for d in range(1, 4)
                   if abs(round(right, d) - right) > 0.0005)  # rounded beyond the tolerance
    result = lesson01.ticket_advocate_share.check(rounded)
    assert not result and "rounded to" in result.message
    assert result.category == "rounding"


def test_a_count_too_high_too_low_and_of_the_wrong_sign(store):
    n = lesson00.customer_count.expected()
    assert lesson00.customer_count.check(n + 7).category == "too-high"
    assert lesson00.customer_count.check(n - 7).category == "too-low"
    assert lesson00.customer_count.check(-n).category == "sign"


def test_the_wrong_kind_of_value(store):
    assert lesson00.customer_count.check("many").category == "type"
    assert lesson00.customer_count.check(store.customers).category == "type"
    assert lesson00.first_reflection.check(42).category == "type"


def test_a_number_that_is_none_of_those_is_other(store):
    assert lesson00.customer_count.check(float("nan")).category == "other"
    too_short = lesson00.first_reflection.check("Good bread.")
    assert not too_short.done and too_short.category == "other"


def test_a_named_slip_of_a_lesson(store):
    for ex in all_exercises():
        if ex.lesson == "02" and ex.slips and isinstance(ex.rule, NumberKind):
            reference = ex._reference()
            for wrong, message in ex.slips:
                value = ex.rule.normalise(wrong(store), ex.id)
                if not ex.rule.same(value, reference):
                    result = ex.check(value)
                    assert not result and message in result.message
                    assert result.category == "named-slip", ex.id
                    return
    pytest.fail("no lesson 02 number exercise with a named slip")


def test_a_slip_is_named_only_when_the_answer_is_that_slip(tiny_store):
    ex = NumberExercise(lesson="99", name="slipped", question="Orders?",
                        expected=lambda s: len(s.orders), solution="answer = 1",
                        slips=[(lambda s: 2 * len(s.orders), "Each order counted twice.")])
    n = len(tiny_store.orders)
    assert ex.check(2 * n).category == "named-slip"
    assert ex.check(3 * n).category == "too-high"


# ---- the kinds that build the other messages ------------------------------------------------

REF = pd.DataFrame({"segment": ["a", "b", "c"], "share": [0.1234, 0.4567, 0.4199]})


def _table(verdict_of):
    return TableKind().compare(verdict_of, REF)


def test_tables_name_wrong_rows_columns_values_and_order():
    assert _table(REF.copy()).category is None
    assert _table(REF.iloc[:2]).category == "wrong-rows"
    assert _table(REF.rename(columns={"share": "part"})).category == "wrong-columns"
    assert _table(REF.assign(extra=1)).category == "wrong-columns"
    assert _table(REF.assign(share=[0.5, 0.2, 0.3])).category == "wrong-values"
    keyed = REF.set_index("segment")  # rows named by their key: another key is another row
    other_rows = TableKind().compare(keyed.rename(index={"c": "z"}), keyed)
    assert not other_rows.correct and other_rows.category == "wrong-rows"
    assert _table(REF.assign(share=REF["share"].round(2))).category == "rounding"
    assert _table(REF.assign(share=REF["share"] * 100)).category == "percent-fraction"
    assert _table([1, 2, 3]).category == "type"
    ordered = TableKind(ordered=True).compare(REF.iloc[::-1], REF)
    assert not ordered.correct and ordered.category == "order"


def test_lists_name_missing_and_extra_items_and_order():
    kind = SetKind()
    assert kind.compare(["a", "b"], ["a", "b"]).category is None
    assert kind.compare(["a"], ["a", "b"]).category == "missing-items"
    assert kind.compare(["a", "b", "c"], ["a", "b"]).category == "extra-items"
    assert kind.compare(["a", "a", "b"], ["a", "b"]).category == "extra-items"
    assert SetKind(ordered=True).compare(["b", "a"], ["a", "b"]).category == "order"
    assert kind.compare("a, b", ["a", "b"]).category == "type"


def test_a_choice_names_a_wrong_type_and_a_wrong_option():
    kind = ChoiceKind(options={"A": "yes", "B": "no"})
    assert kind.compare("B", "B").category is None
    assert kind.compare(2, "B").category == "type"
    assert kind.compare("A", "B").category == "other"


def test_a_short_reflection_is_other_and_a_number_is_type():
    kind = ReflectionKind(min_words=3)
    assert kind.compare("one two", None).category == "other"
    assert kind.compare(3, None).category == "type"


# ---- the list itself ------------------------------------------------------------------------

def test_every_category_has_a_label_and_an_unknown_one_is_refused():
    assert set(CATEGORIES) == {
        "blank", "type", "percent-fraction", "rounding", "too-high", "too-low", "sign",
        "wrong-rows", "wrong-columns", "wrong-values", "missing-items", "extra-items", "order",
        "named-slip", "other"}
    assert all(isinstance(label, str) and label for label in CATEGORIES.values())
    with pytest.raises(ValueError, match="Unknown feedback category"):
        CheckResult("99.x", "incorrect", "No.", correct=False, done=False, category="typo")


def test_verdicts_default_to_other_when_wrong_and_none_when_right():
    assert no("No.").category == "other"
    assert ok().category is None
    error = CheckResult("99.x", "error", "Could not run.", correct=False, done=False,
                        category="type")
    assert error.category is None


def _first(kind, lesson, fits):
    for ex in all_exercises():
        if ex.lesson == lesson and type(ex.rule) is kind and fits(ex.expected()):
            return ex
    pytest.fail(f"no {kind.__name__} exercise in lesson {lesson} fits")


def test_a_real_table_exercise_names_wrong_rows_and_wrong_columns(store):
    ex = _first(TableKind, "02", lambda ref: isinstance(ref, pd.DataFrame) and len(ref) > 2)
    ref = ex.expected()
    assert ex.check(ref).category is None
    assert ex.check(ref.iloc[1:]).category == "wrong-rows"
    assert ex.check(ref.rename(columns={ref.columns[-1]: "something_else"})).category \
        == "wrong-columns"


def test_a_real_list_exercise_names_missing_and_extra_items(store):
    ex = _first(SetKind, "02", lambda ref: len(ref) > 1)
    ref = list(ex.expected())
    assert ex.check(ref).category is None
    assert ex.check(ref[1:]).category == "missing-items"
    assert ex.check(ref + ["no such item"]).category == "extra-items"
