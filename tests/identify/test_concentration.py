"""Tests of crm_lessons.identify.concentration: revenue per customer, top shares, the Pareto curve."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def five_customers():
    """Customer 1 spends 60 EUR over two orders; customers 2-5 spend 10 EUR each."""
    return pd.DataFrame({
        "order_id": [1, 2, 3, 4, 5, 6],
        "customer_id": [1, 1, 2, 3, 4, 5],
        "revenue": [40.0, 20.0, 10.0, 10.0, 10.0, 10.0],
    })


def test_customer_revenue_sums_orders_per_customer_largest_first():
    rev = identify.customer_revenue(five_customers())
    assert rev.index.tolist() == [1, 2, 3, 4, 5]
    assert rev.tolist() == [60.0, 10.0, 10.0, 10.0, 10.0]


def test_revenue_concentration_is_the_share_of_the_best_fifth():
    # 5 customers: the top 20% is customer 1, who brings 60 of 100 EUR
    assert identify.revenue_concentration(five_customers(), top=0.2) == pytest.approx(0.6)
    # the top 40% is customers 1 and one 10-EUR customer: 70 of 100
    assert identify.revenue_concentration(five_customers(), top=0.4) == pytest.approx(0.7)
    assert identify.revenue_concentration(five_customers(), top=1.0) == pytest.approx(1.0)


def test_revenue_concentration_of_equal_customers_equals_their_headcount_share():
    orders = pd.DataFrame({"customer_id": np.arange(10), "revenue": np.full(10, 5.0)})
    assert identify.revenue_concentration(orders, top=0.2) == pytest.approx(0.2)
    assert identify.revenue_concentration(orders, top=0.5) == pytest.approx(0.5)


def test_revenue_concentration_takes_at_least_one_customer():
    orders = pd.DataFrame({"customer_id": [1, 2], "revenue": [3.0, 1.0]})
    assert identify.revenue_concentration(orders, top=0.01) == pytest.approx(0.75)


@pytest.mark.parametrize("top", [0, -0.1, 1.5, 20, "20%", None, True, float("nan")])
def test_revenue_concentration_rejects_a_bad_fraction(top):
    with pytest.raises(CRMDataError, match="top"):
        identify.revenue_concentration(five_customers(), top=top)


def test_revenue_concentration_names_a_missing_column():
    with pytest.raises(CRMDataError, match="orders has no column 'revenue'"):
        identify.revenue_concentration(five_customers().drop(columns="revenue"))


def test_revenue_concentration_rejects_empty_text_and_missing_values():
    with pytest.raises(CRMDataError, match="orders is empty"):
        identify.revenue_concentration(five_customers().iloc[:0])
    text = five_customers().assign(revenue=["a", "1", "2", "3", "4", "5"])
    with pytest.raises(CRMDataError, match="orders.revenue should hold numbers"):
        identify.revenue_concentration(text)
    nan = five_customers().assign(revenue=[np.nan, 1, 2, 3, 4, 5])
    with pytest.raises(CRMDataError, match="missing values"):
        identify.revenue_concentration(nan)
    with pytest.raises(CRMDataError, match="DataFrame"):
        identify.revenue_concentration([1, 2, 3])
    zero = five_customers().assign(revenue=0.0)
    with pytest.raises(CRMDataError, match="zero"):
        identify.revenue_concentration(zero)


def test_top_share_and_concentration_curve_agree():
    values = pd.Series([60.0, 10.0, 30.0], index=[7, 8, 9])
    curve = identify.concentration_curve(values)
    assert curve["customer_share"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert curve["value_share"].tolist() == pytest.approx([0, 0.6, 0.9, 1.0])
    assert identify.top_share(values, top=1 / 3) == pytest.approx(0.6)
    with pytest.raises(CRMDataError, match="Series"):
        identify.concentration_curve([1.0, 2.0])
    with pytest.raises(CRMDataError, match="empty"):
        identify.concentration_curve(pd.Series([], dtype=float))
    with pytest.raises(CRMDataError, match="missing values"):
        identify.top_share(pd.Series([1.0, np.nan]))
