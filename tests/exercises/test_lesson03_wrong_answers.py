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
