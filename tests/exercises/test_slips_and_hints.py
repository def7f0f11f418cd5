"""Named slips and graded hints (crm_lessons/exercises/exercise.py): engine features that
every kind can use. A slip's message appears for the slip's value, a correct answer is still
accepted, and an unrelated wrong answer gets the kind's own message."""

import pytest
import tiny_exercises as tiny

from crm_lessons.exercises.by_kind import (
    ChoiceExercise,
    NumberExercise,
    SetExercise,
    TableExercise,
)
from crm_lessons.exercises.kinds.describe import fmt

pytestmark = pytest.mark.usefixtures("tiny_store")


def _orders_per_customer(store):
    return store.orders.groupby("customer_id")["amount"].count().rename("revenue")


def _spent_more_than(store, limit):
    return tiny._revenue(store).loc[lambda s: s > limit].index.tolist()


NUMBER = NumberExercise(
    lesson="99", name="slip_number", question="Revenue per order?",
    expected=lambda s: s.orders["amount"].sum() / len(s.orders),
    solution="answer = store.orders['amount'].mean()", hint="Divide by the number of orders.",
    slips=[(lambda s: s.orders["amount"].sum() / len(s.customers),
            "That is revenue per customer: divide by the number of orders."),
           (lambda s: s.no_such_table, "A slip that cannot be computed is skipped.")],
)

TABLE = TableExercise(
    lesson="99", name="slip_table", question="Revenue per customer?", expected=tiny._revenue,
    solution="answer = ...", hint="Sum the amounts.",
    slips=[(_orders_per_customer, "You counted the orders; add up their amounts instead.")],
)

SET = SetExercise(
    lesson="99", name="slip_set", question="Who spent more than 100 euros?",
    expected=lambda s: _spent_more_than(s, 100), solution="answer = ...", hint="Filter.",
    slips=[(lambda s: _spent_more_than(s, 50), "That is more than 50 euros; the limit is 100.")],
)

CHOICE = ChoiceExercise(
    lesson="99", name="slip_choice", question="Cheaper?",
    options={"A": "winning", "B": "keeping", "C": "the same"}, expected="B",
    solution='answer = "B"', hint="Advertising costs.",
    slips=[(lambda s: "C", "Keeping costs less than winning in every study of the lesson.")],
)


def test_a_number_slip_is_named_with_the_answer(tiny_store):
    slip = tiny_store.orders["amount"].sum() / len(tiny_store.customers)
    result = NUMBER.check(slip)
    assert not result
    assert f"Your answer {fmt(slip)} is not right yet. That is revenue per customer" in \
        result.message
    assert "Stuck? Run `ex.slip_number.hint()`." in result.message


def test_a_number_slip_leaves_right_and_other_answers_alone(tiny_store):
    assert NUMBER.check(NUMBER.expected())
    other = NUMBER.check(NUMBER.expected() * 1.5)
    assert not other and "revenue per customer" not in other.message
    assert "too high" in other.message


def test_a_table_slip_is_named(tiny_store):
    result = TABLE.check(_orders_per_customer(tiny_store))
    assert not result and "You counted the orders" in result.message
    assert TABLE.check(tiny._revenue(tiny_store))
    other = TABLE.check(tiny._revenue(tiny_store) * 2)
    assert not other and "counted" not in other.message and "differ" in other.message


def test_a_set_slip_is_named(tiny_store):
    result = SET.check(_spent_more_than(tiny_store, 50))
    assert not result and "the limit is 100" in result.message
    assert SET.check(_spent_more_than(tiny_store, 100))
    other = SET.check([1, 2, 3, 4, 5, 6, 7, 8])
    assert not other and "limit" not in other.message


def test_a_choice_slip_is_named():
    assert "every study" in CHOICE.check("C").message
    assert CHOICE.check("b")
    assert "every study" not in CHOICE.check("A").message


def test_a_slip_equal_to_the_reference_never_hides_a_correct_answer():
    ex = NumberExercise(lesson="99", name="slip_same", question="q", expected=lambda s: 2.0,
                        slips=[(lambda s: 2.0, "never shown")])
    assert ex.check(2.0)
    assert "never shown" not in ex.check(3.0).message


HINTED = NumberExercise(
    lesson="99", name="hinted", question="How many customers?",
    expected=lambda s: len(s.customers), solution="answer = len(store.customers)",
    hint=["Each row of store.customers is one customer.", "len(table) counts rows.",
          "Try len(store.customers)."],
)


def test_hint_shows_the_first_and_hint_n_the_nth():
    first, second = HINTED.hint(), HINTED.hint(2)
    assert str(first) == "Each row of store.customers is one customer."
    assert "Hint 1 of 3" in repr(first) and "hint(2)" in repr(first)
    assert str(second) == "len(table) counts rows." and "hint(3)" in repr(second)
    assert str(HINTED.hint(3)) == "Try len(store.customers)."
    assert str(HINTED.hint(1)) == str(first)


def test_a_hint_past_the_last_says_so_and_shows_the_last():
    past = HINTED.hint(4)
    assert "no more hints" in str(past) and str(past).endswith("Try len(store.customers).")
    assert "Hint 3 of 3" in repr(past)
    single = tiny.n_customers.hint(2)
    assert "no more hints" in str(single) and str(single).endswith("len() counts rows.")


def test_a_hint_number_that_is_not_a_count_is_explained():
    assert "1 to 3" in str(HINTED.hint(0)) and "1 to 3" in str(HINTED.hint("2"))


def test_an_exercise_without_a_hint_says_so():
    bare = NumberExercise(lesson="99", name="bare", question="q", expected=lambda s: 1)
    assert "No hint" in str(bare.hint())
    assert "Stuck?" not in bare.check(5).message


def test_a_wrong_answer_points_to_the_first_hint():
    assert "Stuck? Run `ex.hinted.hint()`." in HINTED.check(9).message


# ---- other right answers (``also``) ---------------------------------------------------------

ALSO = NumberExercise(
    lesson="99", name="also_number", question="Revenue per order?",
    expected=lambda s: s.orders["amount"].sum() / len(s.orders),
    solution="answer = store.orders['amount'].mean()", hint="Divide by the number of orders.",
    also=[(lambda s: s.orders["amount"].median(), "The median is a fair middle too."),
          (lambda s: s.no_such_table, "A value that cannot be computed is skipped.")],
)


def test_another_right_value_is_accepted_with_its_note(tiny_store):
    median = tiny_store.orders["amount"].median()
    assert median != ALSO.expected()
    result = ALSO.check(median)
    assert result and "The median is a fair middle too." in result.message
    assert ALSO.check(ALSO.expected())


def test_a_value_that_is_neither_is_still_wrong(tiny_store):
    wrong = ALSO.expected() + 1000
    result = ALSO.check(wrong)
    assert not result and "fair middle" not in result.message
