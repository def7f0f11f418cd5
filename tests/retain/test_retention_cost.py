"""crm_lessons.retain.cost: retention spend per kept customer."""

import pandas as pd
import pytest

from crm_lessons import retain
from crm_lessons.errors import CRMDataError


def test_retention_cost_per_customer_divides_by_kept_treated_customers():
    campaigns = pd.DataFrame({"campaign_id": [1, 2, 3], "type": ["retention", "retention", "acquisition"],
                              "total_cost": [60.0, 40.0, 1000.0]})
    contacts = pd.DataFrame({
        "campaign_id": [1, 1, 1, 2, 2],
        "customer_id": [1, 2, 3, 1, 4],
        "group": ["treatment", "treatment", "control", "treatment", "treatment"],
        "responded": [True, False, True, True, True],
    })
    # 100 EUR of retention campaigns; customers 1 and 4 responded when treated (1 counts once)
    assert retain.retention_cost_per_customer(campaigns, contacts) == 50.0
    with pytest.raises(CRMDataError, match="no row of type 'retention'"):
        retain.retention_cost_per_customer(campaigns.iloc[2:], contacts)

