"""crm_lessons.attract.payback: order margins, first-year margin and payback by channel."""

import pandas as pd
import pytest

from crm_lessons import attract
from crm_lessons.errors import CRMDataError


@pytest.fixture
def shop():
    customers = pd.DataFrame({"customer_id": [1, 2, 3], "channel": ["search", "search", "referral"],
                              "signup_date": pd.to_datetime(["2024-01-01"] * 3)})
    orders = pd.DataFrame({"order_id": [10, 11, 12, 13], "customer_id": [1, 1, 2, 3],
                           "order_date": pd.to_datetime(["2024-01-01", "2025-03-01",
                                                         "2024-06-01", "2024-02-01"]),
                           "revenue": [50.0, 80.0, 30.0, 40.0]})
    lines = pd.DataFrame({"order_id": [10, 11, 12, 13], "product_id": [1, 1, 2, 2],
                          "quantity": [2, 1, 1, 2]})
    products = pd.DataFrame({"product_id": [1, 2], "unit_cost": [10.0, 5.0]})
    return customers, orders, lines, products


def test_margin_is_revenue_minus_cost_of_goods(shop):
    _, orders, lines, products = shop
    # 50 - 2*10, 80 - 10, 30 - 5, 40 - 2*5
    assert attract.order_margins(orders, lines, products).tolist() == [30.0, 70.0, 25.0, 30.0]


def test_first_year_margin_leaves_out_later_orders(shop):
    customers, orders, lines, products = shop
    m = attract.order_margins(orders, lines, products)
    year = attract.first_year_margin(customers, orders, m)
    assert year.to_dict() == {1: 30.0, 2: 25.0, 3: 30.0}   # order 11 is after the first year


def test_payback_is_cost_over_monthly_margin(shop):
    customers, orders, lines, products = shop
    year = attract.first_year_margin(customers, orders, attract.order_margins(orders, lines, products))
    cost = pd.DataFrame({"channel": ["search", "referral"], "cost_per_customer": [55.0, 10.0]})
    out = attract.payback_by_channel(cost, customers, year).set_index("channel")
    assert out.loc["search", "first_year_margin"] == 27.5
    assert out.loc["search", "payback_months"] == pytest.approx(55 / (27.5 / 12))
    assert out.index.tolist() == ["referral", "search"]   # quickest first


def test_bad_inputs_are_named(shop):
    customers, orders, lines, products = shop
    with pytest.raises(CRMDataError, match=r"product_id \d+ is not in products"):
        attract.order_margins(orders, lines, products.iloc[:1])
    with pytest.raises(CRMDataError, match="same product_id twice"):
        attract.order_margins(orders, lines, pd.concat([products, products]))
    with pytest.raises(CRMDataError, match="unit_cost"):
        attract.order_margins(orders, lines, products.drop(columns="unit_cost"))
    cost = pd.DataFrame({"channel": ["search"], "cost_per_customer": [5.0]})
    with pytest.raises(CRMDataError, match="year_margin has no value"):
        attract.payback_by_channel(cost, customers, pd.Series([1.0], index=[99]))
