"""Tests of crm_lessons.goals.retention: the one definition of retention, on orders."""

import pandas as pd
import pytest

from crm_lessons import goals
from crm_lessons.errors import CRMDataError


def orders_table():
    """2023: customers 1, 2, 3, 4 buy. 2024: 1 and 3 buy again, 5 is new. 2025: only 5.

    So 2 of the 4 buyers of 2023 came back (50%), and 0 of the 3 buyers of 2024 but 5
    (1 of 3)."""
    return pd.DataFrame({
        "customer_id": [1, 1, 2, 3, 4, 1, 3, 5, 5],
        "order_date": pd.to_datetime(["2023-01-10", "2023-06-01", "2023-03-01", "2023-12-30",
                                      "2023-07-07", "2024-02-02", "2024-08-08", "2024-09-09",
                                      "2025-04-04"]),
    })


def test_retention_counts_who_bought_again_the_next_year():
    table = goals.retention_by_period(orders_table(), end_date="2025-12-31")
    assert table["period"].tolist() == [2023, 2024]
    assert table["customers"].tolist() == [4, 3]         # a customer with two orders counts once
    assert table["bought_again"].tolist() == [2, 1]
    assert table["retention_rate"].tolist() == pytest.approx([0.5, 1 / 3])
    assert goals.yearly_retention(orders_table(), "2025-12-31") == pytest.approx(1 / 3)


def test_a_year_not_yet_over_is_not_a_next_year():
    # on 30 June 2025 the year 2025 is not over: 2024 -> 2025 cannot be measured yet
    table = goals.retention_by_period(orders_table(), end_date="2025-06-30")
    assert table["period"].tolist() == [2023]
    assert goals.yearly_retention(orders_table(), "2025-06-30") == 0.5
    # without an end date the last year with an order counts as complete
    assert goals.retention_by_period(orders_table())["period"].tolist() == [2023, 2024]


def test_other_horizons_are_the_same_idea_at_another_period_length():
    quarters = goals.retention_by_period(orders_table(), period="Q", end_date="2025-12-31")
    by = quarters.set_index("period")
    # 2023Q1: customers 1 and 2 buy; in 2023Q2 only 1 buys again
    assert by.loc["2023Q1", ["customers", "bought_again"]].tolist() == [2, 1]
    # 2023Q2: customer 1; in 2023Q3 only 4 buys, a newcomer, who does not count as "again"
    assert by.loc["2023Q2", ["customers", "bought_again"]].tolist() == [1, 0]
    # the last row is the last quarter with a buyer (2025Q2: customer 5, who did not return)
    assert by.loc["2025Q2", ["customers", "bought_again"]].tolist() == [1, 0]
    assert quarters["period"].iloc[-1] == "2025Q2"


def test_stated_and_silent_split_the_customers_who_did_not_come_back():
    defections = pd.DataFrame({"customer_id": [2, 5],
                               "defection_date": pd.to_datetime(["2024-01-15", "2026-02-01"])})
    split = goals.stated_and_silent(orders_table(), defections, "2025-12-31").set_index("year")
    # 2023: 2 and 4 did not come back; 2 said so, 4 went quiet
    assert split.loc[2023, ["lapsed", "stated", "silent"]].tolist() == [2, 1, 1]
    # 2024: 1 and 3 did not come back, silently; 5 told us only after 2025 and still bought
    assert split.loc[2024, ["lapsed", "stated", "silent"]].tolist() == [2, 0, 2]
    assert split.loc[2024, "silent_share"] == 1.0


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(CRMDataError, match="period should be one of"):
        goals.retention_by_period(orders_table(), period="week")
    with pytest.raises(CRMDataError, match="fewer than two complete years"):
        goals.retention_by_period(orders_table().iloc[:5], end_date="2023-12-31")
    with pytest.raises(CRMDataError, match="orders has no column 'order_date'"):
        goals.yearly_retention(orders_table().drop(columns="order_date"))
    with pytest.raises(CRMDataError, match="defections"):
        goals.stated_and_silent(orders_table(), pd.DataFrame({"customer_id": [1]}))
