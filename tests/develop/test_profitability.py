"""crm_lessons.develop.profitability: profit per customer after discounts, returns and service, and profit by
year of relationship, on tables small enough to check by hand."""

import pandas as pd
import pytest

from crm_lessons import develop
from crm_lessons.errors import CRMDataError


@pytest.fixture
def tiny():
    customers = pd.DataFrame({"customer_id": [1, 2],
                              "signup_date": pd.to_datetime(["2023-01-01", "2024-06-01"])})
    orders = pd.DataFrame({
        "order_id": [10, 11, 12],
        "customer_id": [1, 1, 2],
        "order_date": pd.to_datetime(["2023-01-01", "2024-03-01", "2024-06-01"]),
        "discount": [0.0, 5.0, 0.0],
    })
    lines = pd.DataFrame({
        "order_id": [10, 11, 11, 12],
        "product_id": [1, 1, 2, 2],
        "quantity": [2, 1, 1, 1],
        "unit_price": [10.0, 10.0, 30.0, 30.0],
        "returned_quantity": [0, 0, 0, 1],
    })
    products = pd.DataFrame({"product_id": [1, 2], "unit_cost": [4.0, 12.0]})
    tickets = pd.DataFrame({"customer_id": [2], "opened_date": pd.to_datetime(["2024-06-10"]),
                            "handling_cost": [15.0]})
    return customers, orders, lines, products, tickets


def test_customer_profit_counts_discounts_returns_and_service(tiny):
    customers, orders, lines, products, tickets = tiny
    out = develop.customer_profit(orders, lines, products, tickets).set_index("customer_id")
    # customer 1: revenue 20 + 40, discount 5, cost 8 + 4 + 12 -> 60 - 5 - 24 = 31
    assert out.loc[1, "profit"] == 31.0
    # customer 2: revenue 30, all returned (refund 30, no goods kept), ticket 15 -> -15
    assert out.loc[2, "returns"] == 30.0 and out.loc[2, "service_cost"] == 15.0
    assert out.loc[2, "profit"] == -15.0
    assert list(out.reset_index().columns) == develop.PROFIT_COLUMNS


def test_unprofitable_share_is_the_share_below_zero(tiny):
    customers, orders, lines, products, tickets = tiny
    assert develop.unprofitable_share(develop.customer_profit(orders, lines, products, tickets)) == 0.5
    assert develop.unprofitable_share(pd.Series([1.0, -1.0, 2.0, 3.0])) == 0.25


def test_profit_by_relationship_year_counts_only_fully_seen_years(tiny):
    customers, orders, lines, products, tickets = tiny
    out = develop.profit_by_relationship_year(orders, lines, products, customers,
                                              end_date="2025-03-01")
    # year 1: customer 1's first order (20 - 8 = 12); customer 2's first year is not over yet
    # year 2: customer 1's second order (40 - 5 - 16 = 19)
    assert out["year"].tolist() == [1, 2]
    assert out["customers"].tolist() == [1, 1]
    assert out["profit_per_customer"].tolist() == [12.0, 19.0]
    later = develop.profit_by_relationship_year(orders, lines, products, customers, tickets,
                                                end_date="2025-12-31")
    assert later.loc[later["year"] == 1, "customers"].item() == 2
    assert later.loc[later["year"] == 1, "profit"].item() == 12.0 + (0.0 - 15.0)


def test_missing_column_names_the_table_and_column(tiny):
    customers, orders, lines, products, tickets = tiny
    with pytest.raises(CRMDataError, match="order_lines has no column 'returned_quantity'"):
        develop.customer_profit(orders, lines.drop(columns="returned_quantity"), products)


def test_more_returned_than_bought_is_a_clear_error(tiny):
    customers, orders, lines, products, tickets = tiny
    bad = lines.assign(returned_quantity=[5, 0, 0, 0])
    with pytest.raises(CRMDataError, match="returned_quantity is larger than quantity"):
        develop.customer_profit(orders, bad, products)


def test_unknown_product_and_unknown_customer_are_clear_errors(tiny):
    customers, orders, lines, products, tickets = tiny
    with pytest.raises(CRMDataError, match="product_id 2 is not in products"):
        develop.customer_profit(orders, lines, products.iloc[:1])
    with pytest.raises(CRMDataError, match="not in customers"):
        develop.profit_by_relationship_year(orders, lines, products, customers.iloc[:1])


def test_unprofitable_share_rejects_other_types():
    with pytest.raises(CRMDataError, match="customer_profit"):
        develop.unprofitable_share([1, -1])


def test_profit_by_relationship_year_refuses_empty_customers(tiny):
    customers, orders, lines, products, _ = tiny
    with pytest.raises(CRMDataError, match=r"customers is empty, so there is nothing to compute"):
        develop.profit_by_relationship_year(orders, lines, products, customers.iloc[0:0])
