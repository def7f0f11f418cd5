"""crm_lessons.retain.complaints and pareto: the value of resolving complaints, and the
reasons ranked by the value they lost."""

import pandas as pd
import pytest

from crm_lessons import retain
from crm_lessons.errors import CRMDataError


@pytest.fixture
def shop():
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4],
                              "signup_date": pd.to_datetime(["2023-01-01"] * 4)})
    defections = pd.DataFrame({"customer_id": [1, 3], "defection_date":
                               pd.to_datetime(["2024-06-01", "2024-07-01"]),
                               "reason": ["service failure", "moved away"]})
    tickets = pd.DataFrame({"customer_id": [1, 2, 3, 4],
                            "resolved": [False, False, True, True]})
    orders = pd.DataFrame({"customer_id": [1, 2, 3, 4], "revenue": [200.0, 100.0, 50.0, 10.0],
                           "order_date": pd.to_datetime(["2023-01-01"] * 4)})
    return customers, defections, tickets, orders


def test_complaint_value_prices_the_gap_between_the_two_rates(shop):
    customers, defections, tickets, orders = shop
    out = retain.complaint_value(customers, defections, tickets, orders, "2024-12-31")
    assert out["defection_unresolved"] == 0.5 and out["defection_resolved"] == 0.5
    assert out["kept_revenue"] == 0
    defections = defections.iloc[:1]
    out = retain.complaint_value(customers, defections, tickets, orders, "2024-12-31")
    assert out["kept_customers"] == pytest.approx(1.0)
    assert out["revenue_per_year"] == pytest.approx(75.0)     # (200 + 100) / 2 over two years
    with pytest.raises(CRMDataError, match="both resolved and unresolved"):
        retain.complaint_value(customers, defections, tickets.assign(resolved=True), orders,
                               "2024-12-31")


def test_reason_pareto_ranks_by_lost_value_and_marks_the_fixable(shop):
    _, defections, _, orders = shop
    out = retain.reason_pareto(defections, orders, "2024-12-31")
    assert out["reason"].tolist() == ["service failure", "moved away"]
    assert out["fixable"].tolist() == [True, False]
    assert out["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    # revenue per year while they were customers: 200 over 517 days against 50 over 547
    assert out["value_share"].iloc[0] == pytest.approx((200 / 517) / (200 / 517 + 50 / 547))
    with pytest.raises(CRMDataError, match="reason"):
        retain.reason_pareto(defections.drop(columns="reason"), orders, "2024-12-31")


def test_yearly_revenue_can_stop_at_each_customers_own_date():
    orders = pd.DataFrame({"customer_id": [1, 2], "revenue": [60.0, 60.0],
                           "order_date": pd.to_datetime(["2023-01-01", "2023-01-01"])})
    until = pd.Series({1: pd.Timestamp("2023-07-02")})
    out = retain.yearly_revenue(orders, "2024-12-31", until=until)
    assert out[1] == pytest.approx(60 / (182 / 365)) and out[2] == pytest.approx(60 / (730 / 365))
    with pytest.raises(CRMDataError, match="until should be"):
        retain.yearly_revenue(orders, "2024-12-31", until=["2023-07-02"])
