"""crm_lessons.attract: acquisition cost, funnel and campaign lift on hand-made tables."""

import pandas as pd
import pytest

from crm_lessons import attract
from crm_lessons.errors import CRMDataError


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


def test_repeat_rate_by_channel_counts_customers_still_buying(acq_tables):
    _, customers = acq_tables
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3],
                           "order_date": pd.to_datetime(["2024-01-05", "2025-03-01", "2024-02-01",
                                                         "2024-03-01", "2025-04-01"])})
    out = attract.repeat_rate_by_channel(customers, orders, "2025-06-30").set_index("channel")
    # customers 1-4 are old enough; 1 (search) and 3 (referral) bought after a year
    assert out.loc["referral", "share"] == 0.5 and out.loc["search", "share"] == 0.5
    assert out["customers"].sum() == 4


def test_funnel_by_source_counts_each_step():
    prospects = pd.DataFrame({"prospect_id": [1, 2, 3, 4, 5], "source": ["email"] * 3 + ["search"] * 2,
                              "customer_id": pd.array([1, 2, None, 3, None], dtype="Int64")})
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4],
                              "referred_by": pd.array([None, None, None, 1], dtype="Int64")})
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3, 4]})
    out = attract.funnel_by_source(prospects, customers, orders).set_index("source")
    assert out.loc["email", ["prospects", "customers", "repeat_customers", "advocates"]].tolist() == [3, 2, 1, 1]
    assert out.loc["search", "customer_rate"] == 0.5
    assert out.loc["search", "advocates"] == 0


@pytest.fixture
def campaign_tables():
    campaigns = pd.DataFrame({"campaign_id": [1, 2, 3],
                              "type": ["retention", "retention", "win-back"],
                              "offer": ["discount", "free sample", "discount"]})
    contacts = pd.DataFrame({
        "campaign_id": [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3],
        "customer_id": [1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8],
        "contact_date": pd.to_datetime(["2024-06-01"] * 12),
        "group": ["treatment", "treatment", "control", "control"] * 3,
        "responded": [True, True, True, False, True, False, False, False, True, False, False, False],
    })
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5, 6, 7, 8],
                              "signup_date": pd.to_datetime(["2024-05-01", "2022-01-01"] * 4)})
    return campaigns, contacts, customers


def test_campaign_lift_is_treatment_rate_minus_control_rate(campaign_tables):
    campaigns, contacts, _ = campaign_tables
    out = attract.campaign_lift(campaigns, contacts, by="offer",
                                campaign_type="retention").set_index("offer")
    assert out.loc["discount", "treatment_rate"] == 1.0
    assert out.loc["discount", "control_rate"] == 0.5
    assert out.loc["discount", "lift"] == 0.5
    assert out.loc["free sample", "lift"] == 0.5
    overall = attract.campaign_lift(campaigns, contacts, by=None)
    assert overall["treated"].item() == 6 and overall["control"].item() == 6


def test_lift_by_tenure_splits_new_and_established_customers(campaign_tables):
    campaigns, contacts, customers = campaign_tables
    out = attract.lift_by_tenure(campaigns, contacts, customers, offer="free sample",
                                 bins=(0, 180, None))
    assert out["tenure"].astype(str).tolist() == ["0-179 days", "180+ days"]
    assert out["lift"].tolist() == [1.0, 0.0]


def test_winback_reactivation_reads_the_winback_campaigns(campaign_tables):
    campaigns, contacts, _ = campaign_tables
    out = attract.winback_reactivation(campaigns, contacts)
    assert out["treatment_rate"] == 0.5 and out["control_rate"] == 0.0 and out["lift"] == 0.5


def test_campaign_lift_errors_are_clear(campaign_tables):
    campaigns, contacts, _ = campaign_tables
    with pytest.raises(CRMDataError, match="'treatment' or 'control'"):
        attract.campaign_lift(campaigns, contacts.assign(group="test"))
    with pytest.raises(CRMDataError, match="cannot split by 'colour'"):
        attract.campaign_lift(campaigns, contacts, by="colour")
    with pytest.raises(CRMDataError, match="campaign_id 9 is not in campaigns"):
        attract.campaign_lift(campaigns, contacts.assign(campaign_id=9))
    with pytest.raises(CRMDataError, match="No contacts are left"):
        attract.campaign_lift(campaigns, contacts, campaign_type="cross-sell")
