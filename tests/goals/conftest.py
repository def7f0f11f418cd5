"""Tiny hand-made store tables shared by the tests of crm_lessons.goals."""

import pandas as pd
import pytest


@pytest.fixture
def tiny_tables():
    """Three customers: 1 buys twice and answers a survey, 2 only raises a ticket, 3 nothing.

    (customers, orders, tickets, surveys, contacts), fresh for every test.
    """
    return _tables()


def _tables():
    customers = pd.DataFrame({
        "customer_id": [1, 2, 3],
        "channel": pd.Categorical(["email", "search", "referral"]),
        "region": pd.Categorical(["North", "South", "North"]),
        "referred_by": pd.array([None, None, 1], dtype="Int64"),
        "loyalty_member": [True, False, False],
    })
    orders = pd.DataFrame({
        "order_id": [10, 11, 12],
        "customer_id": [1, 1, 2],
        "order_date": pd.to_datetime(["2024-01-05", "2024-03-01", "2023-01-01"]),
        "revenue": [20.0, 30.0, 12.5],
    })
    tickets = pd.DataFrame({"ticket_id": [1, 2], "customer_id": [2, 2],
                            "handling_cost": [8.0, 4.0]})
    surveys = pd.DataFrame({
        "survey_id": [1, 2, 3], "customer_id": [1, 1, 2],
        "survey_date": pd.to_datetime(["2023-06-01", "2024-03-31", "2024-03-31"]),
        "recommend": [6, 10, 7],
        "expectation": [5, 6, 4], "perceived": [6, 6, 3],
        "monthly_category_spend": [50.0, 25.0, 30.0],
    })
    contacts = pd.DataFrame({
        "contact_id": [1, 2, 3], "customer_id": pd.array([1, None, 1], dtype="Int64"),
        "responded": [True, False, False],
    })
    return customers, orders, tickets, surveys, contacts
