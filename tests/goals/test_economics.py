"""Tests of crm_lessons.goals.economics: the economics of keeping customers, by hand."""

import pandas as pd
import pytest

from crm_lessons import goals
from crm_lessons.errors import CRMDataError
from crm_lessons.units import discount_factors


def test_retention_projection_by_hand():
    # half the customers stay each year; margin 100 then 200; acquisition 50; no discounting
    p = goals.retention_projection(0.5, [100, 200], acquisition_cost=50, years=3)
    assert p["still_customer"].tolist() == [1.0, 0.5, 0.25]
    assert p["margin"].tolist() == [100.0, 200.0, 200.0]  # the last margin carries on
    assert p["expected_profit"].tolist() == [100.0, 100.0, 50.0]
    assert p["cumulative_profit"].tolist() == [50.0, 150.0, 200.0]


def test_discounting_divides_each_year_by_one_plus_rate_to_the_year():
    p = goals.retention_projection(1.0, 110, discount_rate=0.1, years=1)
    assert p["discounted_profit"].iloc[0] == pytest.approx(100.0)


def test_five_year_profit_rises_with_retention_and_uplift_is_relative():
    low = goals.five_year_profit(0.7, [50, 60, 70], acquisition_cost=80, discount_rate=0.08)
    high = goals.five_year_profit(0.75, [50, 60, 70], acquisition_cost=80, discount_rate=0.08)
    assert high > low
    up = goals.profit_uplift(0.7, 0.05, [50, 60, 70], acquisition_cost=80, discount_rate=0.08)
    assert up == pytest.approx((high - low) / abs(low))


def test_discounting_is_the_one_convention_of_units():
    # cash at the end of each year t = 1, 2, ... discounted by (1 + d) ** t
    p = goals.retention_projection(0.8, [100.0, 120.0, 150.0], discount_rate=0.1, years=3)
    expected = p["still_customer"] * p["margin"] * discount_factors(0.1, 3)
    assert p["discounted_profit"].tolist() == pytest.approx(expected.tolist())
    assert p["still_customer"].tolist() == pytest.approx([1.0, 0.8, 0.64])


def test_five_year_profit_keeps_its_published_value():
    # 100 * (1/1.1 + 0.8/1.1**2 + 0.64/1.1**3 + 0.512/1.1**4 + 0.4096/1.1**5)
    assert round(goals.five_year_profit(0.8, 100, discount_rate=0.1), 2) == 265.51
    by_hand = sum(100 * 0.8 ** (t - 1) / 1.1 ** t for t in range(1, 6))
    assert goals.five_year_profit(0.8, 100, discount_rate=0.1) == pytest.approx(by_hand)


def test_retention_profit_curve_matches_five_year_profit():
    curve = goals.retention_profit_curve([40, 50], acquisition_cost=30, rates=[0.6, 0.8])
    assert curve["profit"].tolist() == pytest.approx(
        [goals.five_year_profit(r, [40, 50], acquisition_cost=30) for r in (0.6, 0.8)])
    discounted = goals.retention_profit_curve([40, 50], discount_rate=0.08, years=3,
                                              rates=[0.7])
    assert discounted["profit"].iloc[0] == pytest.approx(
        goals.five_year_profit(0.7, [40, 50], discount_rate=0.08, years=3))


def test_retention_profit_curve_carries_its_horizon():
    curve = goals.retention_profit_curve(100.0, years=2, rates=[0.5, 0.9])
    assert curve["years"].tolist() == [2, 2]
    assert goals.retention_profit_curve(100.0)["years"].unique().tolist() == [5]
    with pytest.raises(CRMDataError, match="acquisition_cost should be a number of at least 0"):
        goals.retention_profit_curve(100.0, acquisition_cost=-1)
    with pytest.raises(CRMDataError, match="rates should be retention rates"):
        goals.retention_profit_curve(100.0, rates=[1.5])


@pytest.mark.parametrize("kwargs, message", [
    ({"retention_rate": 80}, "retention_rate should be a fraction from 0 to 1.*not 80"),
    ({"retention_rate": "high"}, "retention_rate should be a fraction from 0 to 1, but got 'high'"),
    ({"retention_rate": True}, "retention_rate should be a fraction"),
    ({"discount_rate": -0.1}, "discount_rate should be a fraction"),
    ({"margin_by_year": []}, "at least one finite number"),
    ({"margin_by_year": ["a"]}, "should hold numbers"),
    ({"acquisition_cost": -5}, "at least 0"),
    ({"years": 0}, "years should be a whole number of at least 1"),
    ({"years": 2.5}, "years should be a whole number"),
])
def test_projection_errors_are_clear(kwargs, message):
    args = {"retention_rate": 0.8, "margin_by_year": [10.0], "acquisition_cost": 5.0,
            "discount_rate": 0.0, "years": 5} | kwargs
    with pytest.raises(CRMDataError, match=message):
        goals.retention_projection(**args)


def test_profit_uplift_refuses_retention_above_one():
    with pytest.raises(CRMDataError, match="above 1"):
        goals.profit_uplift(0.98, 0.05, 10.0)


def test_cost_ratio():
    assert goals.cost_ratio(60, 10) == 6.0
    with pytest.raises(CRMDataError, match="retention cost above 0"):
        goals.cost_ratio(60, 0)
    with pytest.raises(CRMDataError, match="acquisition_cost should be a number of at least 0"):
        goals.cost_ratio(-1, 10)
    with pytest.raises(CRMDataError, match="retention_cost should be a number"):
        goals.cost_ratio(60, "ten")


def test_profit_uplift_refuses_extra_points_that_are_not_a_number():
    with pytest.raises(CRMDataError, match="extra_points should be a number"):
        goals.profit_uplift(0.7, "five", 10.0)


def test_profit_by_year_series_reads_a_series_or_a_year_table():
    frame = pd.DataFrame({"year": [2, 1, 3], "customers": [5, 9, 2],
                          "profit_per_customer": [20.0, 10.0, 25.0]})
    assert goals.profit_by_year_series(frame).to_dict() == {1: 10.0, 2: 20.0, 3: 25.0}
    assert goals.margins_from_profit_by_year(frame, years=4) == [10.0, 20.0, 25.0, 25.0]
    with pytest.raises(CRMDataError, match="a year column and a profit column"):
        goals.profit_by_year_series(frame[["year"]])
    with pytest.raises(CRMDataError, match="profit is empty"):
        goals.profit_by_year_series(frame.iloc[:0])
    with pytest.raises(CRMDataError, match="not list"):
        goals.profit_by_year_series([10.0, 20.0])


def test_margin_by_year_none_is_named_with_the_fix():
    calls = [lambda: goals.retention_projection(0.8, None),
             lambda: goals.five_year_profit(0.8, None),
             lambda: goals.profit_uplift(0.8, 0.05, None),
             lambda: goals.retention_scenario(0.9, 0.8, None)]
    for call in calls:
        with pytest.raises(CRMDataError, match=r"margin_by_year should be a number or a list of "
                                               r"numbers .*not NoneType\. Pass for example 40\.0"):
            call()


def test_margins_from_profit_by_year_names_profit():
    with pytest.raises(CRMDataError, match=r"^profit should hold at least one finite number"):
        goals.margins_from_profit_by_year(pd.Series([float("nan")], index=[1]))


def test_profit_uplift_at_zero_profit_names_what_cancels_out():
    with pytest.raises(CRMDataError, match=r"retention_rate is exactly 0 \(margin_by_year and "
                                           r"acquisition_cost cancel out\)"):
        goals.profit_uplift(0.5, 0.1, 0.0)
