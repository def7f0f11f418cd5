"""Shared tables of the attraction tests: campaigns and customers of two channels."""

import pandas as pd
import pytest


@pytest.fixture
def acq_tables():
    campaigns = pd.DataFrame({
        "campaign_id": [1, 2, 3],
        "type": ["acquisition", "acquisition", "retention"],
        "offer": ["none", "discount", "discount"],
        "channel": ["search", "referral", "email"],
        "start_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01"]),
        "end_date": pd.to_datetime(["2024-06-30", "2024-06-30", "2024-01-14"]),
        "total_cost": [600.0, 60.0, 999.0],
    })
    customers = pd.DataFrame({
        "customer_id": [1, 2, 3, 4, 5],
        "channel": ["search", "search", "referral", "referral", "search"],
        "signup_date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-03-01", "2024-04-01",
                                       "2024-09-01"]),
        "referred_by": pd.array([None, None, 1, 3, None], dtype="Int64"),
    })
    return campaigns, customers

