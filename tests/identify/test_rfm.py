"""Tests of crm_lessons.identify.rfm: RFM tables and scores."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def dated_orders():
    """Customer 1: two orders, last on 1 March; customer 2: one order on 1 February;
    customer 3: one order after the as-of date (left out)."""
    return pd.DataFrame({
        "order_id": [1, 2, 3, 4],
        "customer_id": [1, 1, 2, 3],
        "order_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01", "2024-05-01"]),
        "revenue": [20.0, 30.0, 5.0, 99.0],
    })


def test_rfm_table_counts_days_orders_and_money_up_to_the_as_of_date():
    rfm = identify.rfm_table(dated_orders(), as_of="2024-03-31")
    assert rfm["customer_id"].tolist() == [1, 2]          # customer 3 ordered later
    assert rfm["recency_days"].tolist() == [30.0, 59.0]
    assert rfm["frequency"].tolist() == [2, 1]
    assert rfm["monetary"].tolist() == [50.0, 5.0]
    # without as_of, "today" is the last order date in the table
    assert identify.rfm_table(dated_orders())["recency_days"].tolist() == [61.0, 90.0, 0.0]


def test_rfm_table_errors_are_clear():
    with pytest.raises(CRMDataError, match="orders has no column 'order_date'"):
        identify.rfm_table(dated_orders().drop(columns="order_date"))
    with pytest.raises(CRMDataError, match="no order on or before"):
        identify.rfm_table(dated_orders(), as_of="2020-01-01")
    with pytest.raises(CRMDataError, match="as_of"):
        identify.rfm_table(dated_orders(), as_of="not a date")
    with pytest.raises(CRMDataError, match="should hold dates"):
        identify.rfm_table(dated_orders().assign(order_date="soon"))
    with pytest.raises(CRMDataError, match="orders is empty"):
        identify.rfm_table(dated_orders().iloc[:0])


def test_rfm_scores_are_quintiles_with_recent_customers_scoring_high(ten_customers):
    scores = identify.rfm_scores(ten_customers)
    assert scores["r_score"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert scores["f_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert scores["m_score"].tolist() == scores["f_score"].tolist()
    # each quintile holds the same number of customers
    assert scores["r_score"].value_counts().tolist() == [2] * 5


def test_rfm_scores_break_ties_by_customer_id_whatever_the_row_order():
    rfm = pd.DataFrame({"customer_id": [4, 3, 2, 1, 5], "recency_days": [9.0] * 5,
                        "frequency": [1] * 5, "monetary": [10.0] * 5})
    scores = identify.rfm_scores(rfm).set_index("customer_id")
    assert scores["f_score"].sort_index().tolist() == [1, 2, 3, 4, 5]
    shuffled = identify.rfm_scores(rfm.iloc[::-1]).set_index("customer_id")
    assert shuffled["f_score"].sort_index().tolist() == [1, 2, 3, 4, 5]


def test_rfm_scores_with_fixed_recency_edges(ten_customers):
    scores = identify.rfm_scores(ten_customers, recency_edges=[15, 30, 45, 60])
    # 10 days -> 5; 20, 30 -> 4; 40 -> 3; 50, 60 -> 2; over 60 -> 1
    assert scores["r_score"].tolist() == [5, 4, 4, 3, 2, 2, 1, 1, 1, 1]
    three = identify.rfm_scores(ten_customers, bins=3)
    assert sorted(three["m_score"].unique()) == [1, 2, 3]


def test_rfm_scores_errors_are_clear(ten_customers):
    with pytest.raises(CRMDataError, match="bins should be a whole number from 2 to 10"):
        identify.rfm_scores(ten_customers, bins=1)
    with pytest.raises(CRMDataError, match="bins should be a whole number from 2 to 10"):
        identify.rfm_scores(ten_customers, bins=5.0)
    with pytest.raises(CRMDataError, match="recency_edges"):
        identify.rfm_scores(ten_customers, recency_edges=[30, 10])
    with pytest.raises(CRMDataError, match="rfm has no column 'monetary'"):
        identify.rfm_scores(ten_customers.drop(columns="monetary"))
    with pytest.raises(CRMDataError, match="rfm.frequency has 1 missing"):
        identify.rfm_scores(ten_customers.assign(frequency=[np.nan] + [1.0] * 9))
    with pytest.raises(CRMDataError, match="below 0"):
        identify.rfm_scores(ten_customers.assign(monetary=-1.0))


def test_rfm_table_refuses_an_absurd_customer_id():
    orders = pd.DataFrame({"customer_id": [1.0, float("inf")], "revenue": [5.0, 6.0],
                           "order_date": pd.to_datetime(["2024-01-01", "2024-02-01"])})
    with pytest.raises(CRMDataError, match=r"orders\.customer_id should hold whole-number ids"):
        identify.rfm_table(orders)
