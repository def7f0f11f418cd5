"""Lesson 05: wrong answers are rejected without giving the answer away, and the likely slips
of each exercise are named."""

import pytest

from crm_lessons import clv, develop
from crm_lessons.exercises import lesson05 as ex
from crm_lessons.exercises import lesson05_refs as refs


def _slip(exercise, value, words):
    result = exercise.check(value)
    assert not result and words in result.message, (exercise.id, value, result.message)
    return result


def test_wallet_median_names_the_mean_and_percent(shipped_store):
    w = refs.wallet(shipped_store)
    assert ex.wallet_median.check(w["share_of_wallet"].median())
    _slip(ex.wallet_median, w["share_of_wallet"].mean(), "That is the mean")
    _slip(ex.wallet_median, 100 * w["share_of_wallet"].median(), "divide by 100")
    _slip(ex.wallet_median, round(100 * w["share_of_wallet"].mean()), "mean, written as a percent")
    _slip(ex.wallet_median, round(w["room_to_grow"].median()), "median room to grow")


def test_room_tier_each_wrong_letter_explains(shipped_store):
    right = ex.room_tier.expected()
    for letter in "ABC":
        if letter != right:
            result = ex.room_tier.check(letter)
            assert not result and "room_to_grow" in result.message


def test_strong_pairs_boundary_and_wrong_threshold(shipped_store):
    pairs = refs.pairs(shipped_store)
    assert ex.strong_pairs.check((pairs["lift"] >= 3).sum())
    _slip(ex.strong_pairs, len(pairs), "every pair")
    _slip(ex.strong_pairs, (pairs["lift"] >= 1).sum(), "above chance")


def test_suggestions_count_a_missing_product_without_naming_it(shipped_store):
    right = list(ex.suggestions.expected())
    result = ex.suggestions.check(right[:-1])
    assert not result and right[-1] not in result.message
    assert ex.suggestions.check(right[::-1])


def test_suggestions_asks_no_count_and_names_ids(shipped_store):
    assert "top 3" not in ex.suggestions.question
    found = develop.also_bought(shipped_store.order_lines,
                                refs.product_id(shipped_store, refs.SUGGEST_FOR), top=3,
                                products=shipped_store.products)
    _slip(ex.suggestions, found["product_id"].tolist(), "take the name column")
    assert "you need to use it" not in ex.suggestions.why


def test_bundle_break_even_names_the_example_discount(shipped_store):
    assert ex.bundle_break_even.check(refs.bundle(shipped_store, 0.05)["break_even_take_up"])
    _slip(ex.bundle_break_even, refs.bundle(shipped_store, 0.10)["break_even_take_up"],
          "10% discount of the example")
    _slip(ex.bundle_break_even, refs.bundle(shipped_store, 0.10)["break_even_take_up"] / 2,
          "does not halve the break-even")


def test_fatigue_ratio_upside_down_and_difference(shipped_store):
    rates = refs.fatigue(shipped_store).set_index("contacts_in_year")["unsubscribe_rate"]
    assert ex.fatigue_ratio.check(rates.loc[6] / rates.loc[1])
    _slip(ex.fatigue_ratio, rates.loc[1] / rates.loc[6], "other way round")
    _slip(ex.fatigue_ratio, rates.loc[6] - rates.loc[1], "difference")


def test_opt_in_letters_counts_messages_sent_not_control_rows(shipped_store):
    n = develop.opt_in_breaches(shipped_store.contacts, shipped_store.customers)
    assert n > 0 and ex.opt_in_letters.check(n)
    sent = shipped_store.contacts[shipped_store.contacts["group"] == "treatment"]
    _slip(ex.opt_in_letters, len(sent) - n, "did agree")
    _slip(ex.opt_in_letters, int((~shipped_store.customers["marketing_opt_in"]).sum()),
          "contacted or not")
    every_row = shipped_store.contacts.merge(shipped_store.customers, on="customer_id")
    _slip(ex.opt_in_letters, int((~every_row["marketing_opt_in"]).sum()), "control-group rows")


def test_control_rows_carry_no_fatigue(shipped_store):
    control = shipped_store.contacts[shipped_store.contacts["group"] == "control"]
    assert len(control) and not control["unsubscribed"].any() and not control["complained"].any()
    fatigue = refs.fatigue(shipped_store)
    assert fatigue["contacts"].sum() == (shipped_store.contacts["group"] == "treatment").sum()


def test_best_cap_names_the_old_complaint_cost(shipped_store):
    five = refs.cap_table(shipped_store)
    twenty = refs.cap_table(shipped_store, 20.0)
    best5 = int(five.loc[five["net_value"].idxmax(), "cap"])
    best20 = int(twenty.loc[twenty["net_value"].idxmax(), "cap"])
    assert ex.best_cap.check(best20)
    if best5 != best20:
        _slip(ex.best_cap, best5, "complaints at €5")
    _slip(ex.best_cap, round(twenty["net_value"].max(), 2), "the cap that earns it")
    if int(twenty["cap"].max()) != best20:
        _slip(ex.best_cap, int(twenty["cap"].max()), "largest cap in the table")


@pytest.mark.parametrize("value, words", [(40 / 0.4, "left out the discount rate"),
                                          (40 * 1.1 / 0.5, "undiscounted"),
                                          (40 * 0.6 / 0.5, "already kept once"),
                                          (114.29, "75% of customers kept"),
                                          (76.14, "horizon=5")])
def test_simple_value_slips(value, words):
    assert ex.simple_value.check(clv.simple_clv(40, 0.6, 0.1))
    _slip(ex.simple_value, value, words)


def test_winback_value_names_threshold_minimum_and_division(shipped_store):
    _, _, _, value, alive = refs.cdnow_fits()
    quiet = develop.gone_quiet(alive, value, threshold=0.5, min_value=20)
    assert ex.winback_value.check(quiet["value_at_stake"].sum())
    low = develop.gone_quiet(alive, value, threshold=0.3, min_value=20)
    _slip(ex.winback_value, low["value_at_stake"].sum(), "threshold of 0.3")
    every = develop.gone_quiet(alive, value, threshold=0.5)
    _slip(ex.winback_value, every["value_at_stake"].sum(), "min_value=20")
    divided = develop.gone_quiet(alive, value / alive, threshold=0.5, min_value=20)
    _slip(ex.winback_value, divided["value_at_stake"].sum(), "pass `value` itself")


def test_winback_value_no_near_dead_customer_dominates(shipped_store):
    _, _, _, value, alive = refs.cdnow_fits()
    quiet = develop.gone_quiet(alive, value, threshold=0.5, min_value=20)
    total = quiet["value_at_stake"].sum()
    assert quiet["value_at_stake"].max() < 0.1 * total
    assert quiet.loc[quiet["p_alive"] < 0.05, "value_at_stake"].sum() < 0.05 * total
    assert "times the chance" in ex.winback_value.check(total).message


def test_stop_subsidising_sign_and_count(shipped_store):
    p = refs.profit(shipped_store)["profit"]
    assert ex.stop_subsidising.check(-p[p < 0].sum())
    _slip(ex.stop_subsidising, p[p < 0].sum(), "sign is the wrong way round")
    _slip(ex.stop_subsidising, (p < 0).sum(), "counts the loss-making customers")


def test_tenth_orders_names_every_milestone(shipped_store):
    m = develop.milestones_this_month(shipped_store.customers, shipped_store.orders,
                                      refs.month(shipped_store))
    assert ex.tenth_orders.check((m["milestone"] == "10th order").sum())
    _slip(ex.tenth_orders, len(m), "anniversaries too")


def test_reflection_is_recorded_not_graded():
    assert not ex.develop_plan.graded
    assert not ex.develop_plan.check(" ".join(["blah"] * 30))
    model = {}
    exec(ex.develop_plan.solution_code, model)
    assert ex.develop_plan.check(model["answer"])


def test_suggestions_wrong_ids_are_told_names_are_wanted(shipped_store):
    result = ex.suggestions.check([24, 23])
    assert not result and "wants names" in result.message and "should not include" not in result.message
