"""crm_lessons.attract.acquisition: cost of a new customer, overall and by channel."""

import pytest

from crm_lessons import attract
from crm_lessons.errors import CRMDataError


def test_acquisition_cost_per_customer_divides_spend_by_new_customers(acq_tables):
    campaigns, customers = acq_tables
    # 660 EUR of acquisition campaigns; 4 sign-ups fall inside them (customer 5 comes later)
    assert attract.acquisition_cost_per_customer(campaigns, None, customers) == 165.0


def test_acquisition_cost_by_channel_is_cheapest_first(acq_tables):
    campaigns, customers = acq_tables
    out = attract.acquisition_cost_by_channel(campaigns, customers)
    assert out["channel"].tolist() == ["referral", "search"]
    assert out["cost_per_customer"].tolist() == [30.0, 300.0]


def test_acquisition_cost_needs_acquisition_campaigns(acq_tables):
    campaigns, customers = acq_tables
    with pytest.raises(CRMDataError, match="no row of type 'acquisition'"):
        attract.acquisition_cost_per_customer(campaigns.iloc[2:], None, customers)
    with pytest.raises(CRMDataError, match="campaigns has no column 'total_cost'"):
        attract.acquisition_cost_per_customer(campaigns.drop(columns="total_cost"), None, customers)

