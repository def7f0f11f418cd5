"""Shared tables of the retention tests: five customers and their stated defections (with reasons)."""

import pandas as pd
import pytest


@pytest.fixture
def people():
    customers = pd.DataFrame({
        "customer_id": [1, 2, 3, 4, 5],
        "signup_date": pd.to_datetime(["2023-01-01"] * 4 + ["2024-11-01"]),
        "channel": ["search", "search", "referral", "referral", "search"],
    })
    defections = pd.DataFrame({"customer_id": [1, 2],
                               "defection_date": pd.to_datetime(["2023-06-01", "2024-08-01"]),
                               "reason": ["moved away", "service failure"]})
    return customers, defections

