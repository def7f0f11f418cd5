"""Lesson 01: answers computed the wrong way are rejected, each with its own message.

`uplift_three_points` asks for a rise in euros, which moves by 3% or more with each point of
discount rate, so an answer computed with another rate than the task's 8% is caught and the
rate it looks like is named. (The rise as a fraction hardly depends on the rate at all:
0.20 and 0.25 give nearly the same fraction as 0.08.)
"""

import pytest

from crm_lessons import goals
from crm_lessons.exercises import lesson01 as ex


def rise_at(store, rate):
    """What a student gets with `rate` in both calls, as the notebook's cells compute it."""
    from crm_lessons import attract, develop

    keep = goals.yearly_retention(store.orders, store.end_date)  # the lesson's `keep`
    by_year = develop.profit_by_relationship_year(store.orders, store.order_lines,
                                                  store.products, store.customers,
                                                  store.tickets)
    margins = goals.margins_from_profit_by_year(by_year, years=5)
    acq = attract.acquisition_cost_per_customer(store.campaigns, store.contacts, store.customers)
    now = goals.five_year_profit(keep, margins, acquisition_cost=acq, discount_rate=rate)
    higher = goals.five_year_profit(keep + 0.03, margins, acquisition_cost=acq,
                                    discount_rate=rate)
    return higher - now


@pytest.mark.parametrize("rate, named", [(0.2, "20%"), (0.03, "3%, the three extra points"),
                                         (0.0, "ignores discounting"), (0.05, "5%"),
                                         (0.8, "not 0.8"), (0.25, "25%")])
def test_a_wrong_discount_rate_is_rejected_and_named(shipped_store, rate, named):
    result = ex.uplift_three_points.check(rise_at(shipped_store, rate))
    assert not result and named in result.message, result.message
    assert "the task says 8%" in result.message or "0.08" in result.message


@pytest.mark.parametrize("digits", [None, 4, 2, 1])
def test_the_task_rate_is_accepted_with_the_rounding_a_student_might_do(shipped_store, digits):
    right = rise_at(shipped_store, 0.08)
    answer = right if digits is None else round(right, digits)
    assert ex.uplift_three_points.check(answer), answer


def test_the_check_rejects_every_rate_but_the_tasks():
    """Self-test of the tolerance: on any store the rise at 7% and 9% is outside it."""
    from crm_lessons import load_store

    for seed in (None, 7):
        store = load_store() if seed is None else load_store(seed=seed)
        right = rise_at(store, 0.08)
        for rate in (0.07, 0.09):
            assert abs(rise_at(store, rate) / right - 1) > 0.02, (seed, rate)


def test_other_slips_of_the_euro_rise_are_named(shipped_store):
    five = ex.uplift_three_points.check(ex._rise(shipped_store, 0.05))
    assert "five more points" in five.message
    keep, margins, acq = ex._economics(shipped_store)
    fraction = goals.profit_uplift(keep, 0.03, margins, acquisition_cost=acq, discount_rate=0.08)
    assert "as a fraction" in ex.uplift_three_points.check(fraction).message
    higher = ex.uplift_three_points.check(ex._profit(shipped_store, 0.03))
    assert "subtract `now`" in higher.message


def rise_with(store, higher_rate):
    """The rise when the higher call gets `higher_rate` and `now` uses the true keep."""
    keep, margins, acq = ex._economics(store)
    now = goals.five_year_profit(keep, margins, acquisition_cost=acq, discount_rate=0.08)
    return goals.five_year_profit(higher_rate, margins, acquisition_cost=acq,
                                  discount_rate=0.08) - now


def test_three_percent_instead_of_three_points_is_named_not_taken_for_a_rate(shipped_store):
    keep = ex._economics(shipped_store)[0]
    result = ex.uplift_three_points.check(rise_with(shipped_store, keep * 1.03))
    assert not result and "keep + 0.03, not 3% more" in result.message, result.message
    assert "discount rate" not in result.message


@pytest.mark.parametrize("digits", [2, 1])
def test_a_rounded_keep_is_named_not_taken_for_a_rate(shipped_store, digits):
    keep = ex._economics(shipped_store)[0]
    result = ex.uplift_three_points.check(rise_with(shipped_store, round(keep, digits) + 0.03))
    assert not result and "use `keep` itself" in result.message, result.message
    assert "discount rate" not in result.message


def test_the_named_slips_come_before_the_rate_slips():
    """The first slip that matches is named, so the rate slips must be the last ones."""
    messages = [m for _, m in ex.uplift_three_points.slips]
    first_rate = next(i for i, m in enumerate(messages) if "discount" in m)
    assert all("discount" in m for m in messages[first_rate:])
    assert any("not 3% more" in m for m in messages[:first_rate])


def region_table(store, how):
    view = ex._view(store)
    return getattr(view.groupby("region")[["revenue", "service_cost"]], how)()


@pytest.mark.parametrize("how, named", [("mean", "averages"), ("count", "counts")])
def test_region_means_and_counts_are_named(shipped_store, how, named):
    result = ex.region_summary.check(region_table(shipped_store, how))
    assert not result and named in result.message and ".sum()" in result.message
    assert ex.region_summary.check(region_table(shipped_store, "sum"))


def test_a_bare_list_of_labels_is_told_to_go_into_the_table(shipped_store):
    labels = goals.crm_tasks().set_index("task_id").loc[ex.QUIZ_TASKS, "crm_type"]
    result = ex.task_types.check(labels.astype(str).tolist())
    assert not result and "quiz.assign(crm_type=" in result.message, result.message
    assert "groupby" not in result.message


def test_the_proactive_blank_asks_for_numbers():
    result = ex.proactive_tasks.check()
    assert "[1, 2]" in result.message and "'a'" not in result.message
