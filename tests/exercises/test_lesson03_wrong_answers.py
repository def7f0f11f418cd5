"""Lesson 03: wrong answers are rejected without giving the answer away, and the likely
slips are named."""

import pytest

from crm_lessons import attract
from crm_lessons.exercises import lesson03 as ex


@pytest.fixture(scope="module")
def lesson(shipped_store):
    """The tables the lesson builds, computed as its cells compute them."""
    s = shipped_store
    funnel = attract.funnel_by_source(s.prospects, s.customers, s.orders)
    ladder = funnel.set_index("source")[["prospects", "customers", "repeat_customers", "advocates"]]
    margins = attract.order_margins(s.orders, s.order_lines, s.products)
    year_margin = attract.first_year_margin(s.customers, s.orders, margins)
    cost = attract.acquisition_cost_by_channel(s.campaigns, s.customers)
    payback = attract.payback_by_channel(cost, s.customers, year_margin).set_index("channel")
    uplift = attract.uplift_interval(attract.campaign_lift(
        s.campaigns, s.contacts, by="offer", campaign_type="retention")).set_index("offer")
    older, later = attract.prospect_split(s.prospects, "2025-01-01")
    judged = later.assign(score=attract.score_prospects(attract.fit_targeting_model(older), later))
    return {"ladder": ladder, "payback": payback, "uplift": uplift, "judged": judged,
            "year_margin": year_margin}


def test_customer_rate_names_the_wrong_rung_and_the_upside_down_division(lesson):
    ladder = lesson["ladder"]
    assert ex.customer_rate.check(ladder["customers"] / ladder["prospects"])
    result = ex.customer_rate.check(ladder["repeat_customers"] / ladder["customers"])
    assert not result and "That is the next step" in result.message
    result = ex.customer_rate.check(ladder["prospects"] / ladder["customers"])
    assert not result and "upside down" in result.message


def test_wasted_leads_feedback_points_at_counts_not_rates(lesson):
    ladder = lesson["ladder"]
    right = ex.wasted_leads.expected()
    lowest_rate = (ladder["customers"] / ladder["prospects"]).idxmax()
    wrong = next(k for k, v in ex.CHANNEL_OPTIONS.items() if v == lowest_rate)
    result = ex.wasted_leads.check(wrong)
    assert not result and "compare the numbers, not the rates" in result.message
    assert ex.CHANNEL_OPTIONS[right] not in result.message


def test_payback_in_years_or_upside_down_is_named(lesson):
    row = lesson["payback"].loc["paid_social"]
    months = row["cost_per_customer"] / (row["first_year_margin"] / 12)
    assert ex.payback_months.check(months)
    result = ex.payback_months.check(months / 12)
    assert not result and "payback in years" in result.message
    result = ex.payback_months.check(12 / months)
    assert not result and "upside down" in result.message


def test_advocate_worth_names_the_direct_value(lesson, shipped_store):
    advocates = attract.advocate_value(shipped_store.customers, lesson["year_margin"])
    assert ex.advocate_worth.check(advocates["chain_value"].mean())
    result = ex.advocate_worth.check(advocates["direct_value"].mean())
    assert not result and "referred directly" in result.message


def test_caused_share_names_the_complement_and_the_bare_uplift(lesson):
    row = lesson["uplift"].loc["discount"]
    assert ex.caused_share.check(row["uplift"] / row["treatment_rate"])
    result = ex.caused_share.check(row["control_rate"] / row["treatment_rate"])
    assert not result and "would have bought anyway" in result.message
    result = ex.caused_share.check(row["uplift"])
    assert not result and "uplift itself" in result.message


def test_discount_roi_names_the_missing_cost_and_all_responses(shipped_store):
    right = ex.discount_roi.expected()
    result = ex.discount_roi.check(right + 1)
    assert not result and "Take the cost away" in result.message
    table, margin = ex.retention_returns(shipped_store)
    row = table.set_index("offer").loc["discount"]
    result = ex.discount_roi.check(row["treatment_rate"] * row["treated"] * margin / row["cost"] - 1)
    assert not result and "Only the incremental" in result.message


def test_top_fifth_names_the_rate_inside_the_fifth_and_the_wrong_end(lesson):
    judged = lesson["judged"]
    n = round(0.2 * len(judged))
    best = judged.sort_values("score", ascending=False).head(n)
    assert ex.top_fifth_capture.check(best["converted"].sum() / judged["converted"].sum())
    result = ex.top_fifth_capture.check(best["converted"].mean())
    assert not result and "conversion rate inside the best fifth" in result.message
    worst = judged.sort_values("score").head(n)
    result = ex.top_fifth_capture.check(worst["converted"].sum() / judged["converted"].sum())
    assert not result and "lowest-scored fifth" in result.message


def test_trailing_attributes_counts_a_missing_one_without_naming_it(shipped_store):
    right = list(ex.trailing_attributes.expected())
    for missing in right:
        result = ex.trailing_attributes.check([a for a in right if a != missing])
        assert not result and "leaves out 1 attribute." in result.message
        assert missing not in result.message, result.message


def test_winback_cost_names_all_responders_and_per_mailed(shipped_store):
    campaigns = shipped_store.campaigns
    winback = attract.winback_reactivation(campaigns, shipped_store.contacts)
    spend = campaigns.loc[campaigns["type"] == "win-back", "total_cost"].sum()
    assert ex.winback_cost.check(spend / (winback["lift"] * winback["treated"]))
    result = ex.winback_cost.check(spend / (winback["treatment_rate"] * winback["treated"]))
    assert not result and "Use the lift, not the treatment rate" in result.message
    result = ex.winback_cost.check(spend / winback["treated"])
    assert not result and "cost per customer mailed" in result.message


def test_choice_feedback_never_names_the_right_option(shipped_store):
    for exercise in (ex.sample_for_whom, ex.explorer_half_margin):
        right = exercise.expected()
        for letter in exercise.rule.options:
            if letter != right:
                result = exercise.check(letter)
                assert not result and result.message


# ---- after the new-student review (issue 17) ---------------------------------------------------

@pytest.fixture(scope="module")
def retention(shipped_store):
    s = shipped_store
    contacts = s.contacts.merge(s.campaigns[["campaign_id", "type", "offer"]], on="campaign_id")
    return contacts[contacts["type"] == "retention"]


def test_offer_rates_accepts_the_pivot_the_reset_index_and_the_swapped_grouping(retention):
    rates = retention.groupby(["offer", "group"])["responded"]
    for answer in (rates.mean(),
                   retention.pivot_table(index="offer", columns="group", values="responded",
                                         aggfunc="mean"),
                   rates.mean().unstack(), rates.mean().reset_index(),
                   retention.groupby(["group", "offer"])["responded"].mean()):
        assert ex.offer_rates.check(answer), answer


def test_offer_rates_sum_and_rounding_are_named(retention):
    rates = retention.groupby(["offer", "group"])["responded"]
    result = ex.offer_rates.check(rates.sum())
    assert not result and ".mean()" in result.message
    assert "asks to add up a column" not in result.message  # the old, backwards advice
    result = ex.offer_rates.check(rates.mean().round(2))
    assert not result and "rounded to 2 decimals" in result.message


def test_customer_rate_rounded_or_over_all_leads_is_named(lesson):
    ladder = lesson["ladder"]
    result = ex.customer_rate.check((ladder["customers"] / ladder["prospects"]).round(2))
    assert not result and "rounded to 2 decimals" in result.message
    assert "column 'value'" not in result.message  # a Series has no such column
    result = ex.customer_rate.check(ladder["customers"] / ladder["prospects"].sum())
    assert not result and "leads of all sources together" in result.message


def test_top_fifth_accepts_every_way_of_breaking_ties(lesson):
    judged = lesson["judged"]
    total = judged["converted"].sum()
    n = round(0.2 * len(judged))
    routes = [judged.loc[judged["score"] >= judged["score"].quantile(0.8), "converted"].sum(),
              judged.sort_values("score", ascending=False).head(n)["converted"].sum(),
              judged.sort_values("score", ascending=False, kind="mergesort").head(n)[
                  "converted"].sum()]
    for converted in routes:
        assert ex.top_fifth_capture.check(converted / total)
    low, high, _, _ = ex._fifth_ties(ex.active_store())
    assert low < high  # the shipped data do tie at the cut-off
    assert not ex.top_fifth_capture.check(high + 0.02)


def test_caused_share_slips_lead_without_the_computation(lesson):
    row = lesson["uplift"].loc["discount"]
    result = ex.caused_share.check(row["uplift"] / row["control_rate"])
    assert not result and "control group's rate" in result.message
    for wrong in (row["uplift"], row["uplift"] / row["control_rate"], 0.9):
        message = ex.caused_share.check(wrong).message
        assert "Divide" not in message and "treatment_rate" not in message


def test_discount_roi_names_a_division_by_the_gain(shipped_store):
    table, margin = ex.retention_returns(shipped_store)
    row = table.set_index("offer").loc["discount"]
    gain = row["incremental"] * margin
    result = ex.discount_roi.check((gain - row["cost"]) / gain)
    assert not result and "divides by the incremental margin" in result.message
    assert "Use the incremental column" not in result.message


def test_advice_names_the_idea_not_the_computation(shipped_store):
    advocates = ex.advocate_worth.check(1.4 * ex.advocate_worth.expected()).message
    assert "Average the chain_value" not in advocates and "whole chain" in advocates
    winback = ex.winback_cost.check(1.4 * ex.winback_cost.expected()).message
    assert "lift times the treated" not in winback and "control group" in winback
    trailing = ex.trailing_attributes.check(["nothing"]).message
    assert "below 0" not in trailing and "sign" in trailing
