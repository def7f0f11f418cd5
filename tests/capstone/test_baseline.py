"""Each segment's starting point: segments a year before the end, retention and margin in the
year after."""

import pandas as pd
import pytest

from crm_lessons.capstone import segment_baseline
from crm_lessons.capstone.baseline import require_baseline
from crm_lessons.errors import CRMDataError


def tiny_shop():
    # customers 1-5 bought in 2024; 1, 2 and 3 bought again in 2025 (one order each, one line)
    orders = pd.DataFrame({
        "order_id": range(1, 9), "customer_id": [1, 2, 3, 4, 5, 1, 2, 3],
        "order_date": pd.to_datetime(["2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01",
                                      "2024-07-01", "2025-03-01", "2025-04-01", "2025-05-01"]),
        "channel": "web", "discount": 0.0, "campaign_id": pd.NA,
        "revenue": [50.0, 40.0, 30.0, 20.0, 10.0, 100.0, 60.0, 20.0]})
    lines = pd.DataFrame({"order_id": range(1, 9), "product_id": 1, "quantity": 1,
                          "unit_price": orders["revenue"], "returned_quantity": 0})
    products = pd.DataFrame({"product_id": [1], "name": ["beans"], "category": ["coffee"],
                             "price": [10.0], "unit_cost": [0.0]})
    return orders, lines, products


def test_retention_and_margin_per_segment_add_up_to_the_hand_count():
    orders, lines, products = tiny_shop()
    base = segment_baseline(orders, lines, products, None, "2025-12-31")
    assert list(base.columns) == ["segment", "customers", "retention", "margin"]
    assert base["customers"].sum() == 5
    # three of the five came back: the customer-weighted retention is 3/5
    assert (base["retention"] * base["customers"]).sum() == pytest.approx(3)
    # goods cost nothing here, so a returning customer's margin is their 2025 revenue
    assert (base["margin"] * base["retention"] * base["customers"]).sum() == pytest.approx(180)


def test_too_little_history_or_a_bad_date_is_refused():
    orders, lines, products = tiny_shop()
    with pytest.raises(CRMDataError, match="before and within the last year"):
        segment_baseline(orders, lines, products, None, "2024-12-31")
    with pytest.raises(CRMDataError, match="end_date"):
        segment_baseline(orders, lines, products, None, "soon")
    with pytest.raises(CRMDataError, match="orders"):
        segment_baseline(orders.drop(columns="order_date"), lines, products, None, "2025-12-31")


def test_a_baseline_must_hold_fractions_and_numbers():
    good = pd.DataFrame({"segment": ["a"], "customers": [10], "retention": [0.8],
                         "margin": [50.0]})
    assert require_baseline(good) is not None
    with pytest.raises(CRMDataError, match="baseline.retention"):
        require_baseline(good.assign(retention=[80]))
    with pytest.raises(CRMDataError, match="baseline.margin"):
        require_baseline(good.assign(margin=["lots"]))
