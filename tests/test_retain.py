"""crm_lessons.retain: retention cost, defection rates, satisfaction, reasons, loyalty and
difference-in-differences on hand-made tables."""

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


def test_defection_rate_counts_customers_on_the_books_at_the_window_start(people):
    customers, defections = people
    # window 2024-01-01..2024-12-31: customer 1 already left, 5 joined too late -> 1 of 3
    assert retain.defection_rate(customers, defections, "2024-12-31") == pytest.approx(1 / 3)
    assert retain.defection_rate(customers, defections, "2024-12-31", window_days=None) == 0.4


def test_defection_rate_by_group(people):
    customers, defections = people
    out = retain.defection_rate(customers, defections, "2024-12-31", by="channel",
                                window_days=None).set_index("channel")
    assert out.loc["search", "defection_rate"] == pytest.approx(2 / 3)
    assert out.loc["referral", "defection_rate"] == 0.0
    grades = pd.Series(["very satisfied", "very disappointed"], index=[3, 2])
    by_grade = retain.defection_rate(customers, defections, "2024-12-31", by=grades, window_days=None)
    assert dict(zip(by_grade.iloc[:, 0], by_grade["defection_rate"], strict=True)) == {
        "very disappointed": 1.0, "very satisfied": 0.0}


def test_defection_rate_errors(people):
    customers, defections = people
    with pytest.raises(CRMDataError, match="defections has no column 'defection_date'"):
        retain.defection_rate(customers, defections.drop(columns="defection_date"))
    with pytest.raises(CRMDataError, match="window_days"):
        retain.defection_rate(customers, defections, "2024-12-31", window_days=-3)
    with pytest.raises(CRMDataError, match="No customer was on the books"):
        retain.defection_rate(customers, defections, "2023-02-01")


def test_satisfaction_follows_the_gap():
    surveys = pd.DataFrame({"customer_id": [1, 2, 3, 1],
                            "survey_date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03",
                                                           "2024-05-01"]),
                            "expectation": [6, 4, 4, 5], "perceived": [3, 4, 6, 5],
                            "satisfaction": ["very disappointed", "neutral", "very satisfied", "neutral"]})
    out = retain.satisfaction_by_gap(surveys)
    assert out["gap"].tolist() == [-3, 0, 2]
    assert out["mean_score"].tolist() == [1.0, 3.0, 5.0]
    latest = retain.latest_satisfaction(surveys)
    assert latest.loc[1] == "neutral" and latest.cat.ordered
    with pytest.raises(CRMDataError, match="not one of"):
        retain.satisfaction_score(pd.Series(["happy"]))


def test_ticket_resolution_marks_customers_with_an_open_ticket():
    tickets = pd.DataFrame({"customer_id": [1, 1, 2, 3], "resolved": [True, False, True, True]})
    out = retain.ticket_resolution(tickets)
    assert out.to_dict() == {1: "unresolved", 2: "all resolved", 3: "all resolved"}


def test_reason_profile_links_reasons_to_causes(people):
    customers, defections = people
    orders = pd.DataFrame({"customer_id": [1, 2], "discount": [10.0, 0.0], "revenue": [30.0, 50.0]})
    tickets = pd.DataFrame({"customer_id": [2, 2], "resolved": [False, True]})
    out = retain.reason_profile(defections, customers, orders, tickets).set_index("reason")
    assert out.loc["service failure", "mean_tickets"] == 2.0
    assert out.loc["service failure", "share_unresolved"] == 1.0
    assert out.loc["moved away", "discount_share"] == 0.25
    assert out["share"].sum() == 1.0


def test_loyalty_frequency_separates_before_and_after_joining():
    customers = pd.DataFrame({"customer_id": [1, 2], "loyalty_member": [False, True],
                              "signup_date": pd.to_datetime(["2024-01-01", "2024-01-01"]),
                              "loyalty_join_date": pd.to_datetime([None, "2024-07-01"])})
    orders = pd.DataFrame({"customer_id": [1, 1, 2, 2, 2, 2],
                           "order_date": pd.to_datetime(["2024-01-01", "2024-08-01", "2024-01-01",
                                                         "2024-03-01", "2024-08-01", "2024-09-01"])})
    out = retain.loyalty_frequency(customers, orders, "2024-12-31").set_index("period")
    assert out["orders"].tolist() == [1, 1, 2]        # first orders are left out
    assert out.loc["members before joining", "years"] == pytest.approx(182 / 365)


def test_diff_in_diff_removes_the_common_trend():
    data = pd.DataFrame({"hospital": ["A"] * 4 + ["B"] * 4,
                         "period": ["before", "before", "after", "after"] * 2,
                         "came_back": [0, 1, 1, 1, 0, 1, 0, 1]})
    out = retain.diff_in_diff(data, "came_back", "hospital", "period", treated="A", after="after")
    # A: 0.5 -> 1.0 (+0.5); B: 0.5 -> 0.5 (0) -> effect 0.5
    assert out["effect"] == 0.5 and out["treated_after"] == 1.0
    with pytest.raises(CRMDataError, match="no rows for treated after"):
        retain.diff_in_diff(data, "came_back", "hospital", "period", treated="A", after="later")
