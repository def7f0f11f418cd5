"""crm_lessons.attract.campaigns: lift of randomised campaigns, by offer, tenure and win-back."""

import pandas as pd
import pytest

from crm_lessons import attract
from crm_lessons.errors import CRMDataError


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



def _retention_campaign():
    campaigns = pd.DataFrame({"campaign_id": [1], "type": ["retention"], "offer": ["discount"]})
    contacts = pd.DataFrame({"campaign_id": [1, 1], "customer_id": [1, 2],
                             "contact_date": pd.to_datetime(["2024-06-01"] * 2),
                             "group": ["treatment", "control"], "responded": [True, False]})
    return campaigns, contacts


@pytest.mark.parametrize("ids, words", [
    ([1, 1], r"customers\.customer_id should name each row once, but 1 appears more than once"),
    ([1.0, 1e308], r"customers\.customer_id should hold whole-number ids"),
])
def test_lift_by_tenure_refuses_repeated_or_absurd_customer_ids(ids, words):
    campaigns, contacts = _retention_campaign()
    customers = pd.DataFrame({"customer_id": ids,
                              "signup_date": pd.to_datetime(["2024-01-01", "2023-01-01"])})
    with pytest.raises(CRMDataError, match=words):
        attract.lift_by_tenure(campaigns, contacts, customers)


def test_lift_by_tenure_refuses_empty_customers():
    campaigns, contacts = _retention_campaign()
    customers = pd.DataFrame({"customer_id": pd.Series([], dtype="int64"),
                              "signup_date": pd.Series([], dtype="datetime64[ns]")})
    with pytest.raises(CRMDataError, match=r"customers is empty"):
        attract.lift_by_tenure(campaigns, contacts, customers)


def test_campaign_lift_refuses_a_campaign_without_an_offer():
    campaigns, contacts = _retention_campaign()
    campaigns = campaigns.assign(offer=pd.Series([None], dtype="str"))
    with pytest.raises(CRMDataError, match=r"campaigns\.offer has 1 missing values\. Fill them"):
        attract.campaign_lift(campaigns, contacts)
