"""Tiny hand-made tables shared by the tests of crm_lessons.identify."""

import numpy as np
import pandas as pd
import pytest


@pytest.fixture
def ten_customers():
    """Customer i (1-10): recency 10*i days, i orders, 100*i EUR: higher ids buy more but
    longer ago."""
    i = np.arange(1, 11)
    return pd.DataFrame({"customer_id": i, "recency_days": 10.0 * i, "frequency": i,
                         "monetary": 100.0 * i})


@pytest.fixture
def tickets_and_orders():
    """Customers 1 and 2 spend most; 1 and 4 need service (20 EUR and 15 EUR of tickets)."""
    orders = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
                           "revenue": [100.0, 90.0, 10.0, 5.0, 8.0]})
    tickets = pd.DataFrame({"customer_id": [1, 4], "handling_cost": [20.0, 15.0]})
    return orders, tickets
