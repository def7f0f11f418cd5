"""Contact fatigue, the opt-in, and the best yearly contact cap."""

import pandas as pd
import pytest

from crm_lessons.develop.fatigue import contact_cap_value, fatigue_by_frequency, opt_in_breaches
from crm_lessons.errors import CRMDataError


def _contacts():
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 2],
        "contact_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2025-06-01",
                                        "2024-01-01", "2024-02-01"]),
        "responded": [True, False, False, True, True],
        "unsubscribed": [False, True, False, False, False],
        "complained": [False, False, False, False, True]})


def test_rates_by_contacts_in_the_year():
    f = fatigue_by_frequency(_contacts()).set_index("contacts_in_year")
    assert f["contacts"].tolist() == [3, 2]          # 2025 starts customer 1's count again
    assert f.loc[2, "unsubscribe_rate"] == 0.5 and f.loc[2, "complaint_rate"] == 0.5
    assert f.loc[1, "response_rate"] == pytest.approx(2 / 3)


def test_best_cap_weighs_response_against_fatigue():
    f = pd.DataFrame({"contacts_in_year": [1, 2, 3], "response_rate": [0.1, 0.1, 0.1],
                      "unsubscribe_rate": [0.0, 0.01, 0.1], "complaint_rate": [0.0, 0.0, 0.1]})
    out = contact_cap_value(f, 10.0, 50.0, cost_per_complaint=10.0)
    assert out["net_value"].round(2).tolist() == [1.0, 1.5, -3.5]
    assert int(out.loc[out["net_value"].idxmax(), "cap"]) == 2
    with pytest.raises(CRMDataError, match="value_per_response"):
        contact_cap_value(f, -1, 50.0)


def test_opt_in_breaches_and_bad_input():
    customers = pd.DataFrame({"customer_id": [1, 2], "marketing_opt_in": [True, False]})
    assert opt_in_breaches(_contacts(), customers) == 2
    with pytest.raises(CRMDataError, match="unsubscribed"):
        fatigue_by_frequency(_contacts().drop(columns="unsubscribed"))
    prospects = _contacts().astype({"customer_id": "Int64"})
    prospects.loc[0, "customer_id"] = pd.NA
    with pytest.raises(CRMDataError, match="prospects"):
        fatigue_by_frequency(prospects)


def test_response_margin_and_the_value_of_a_customer_lost_to_marketing():
    from crm_lessons.develop.fatigue import marketing_value_lost, response_margin

    profit = pd.DataFrame({"profit": [30.0], "revenue": [100.0]})
    orders = pd.DataFrame({"order_id": [1, 2], "revenue": [40.0, 60.0]})
    assert response_margin(profit, orders, pd.DataFrame({"order_id": [2, None]})) == 18.0
    with pytest.raises(CRMDataError, match="no contact led to an order"):
        response_margin(profit, orders, pd.DataFrame({"order_id": [None]}))
    contacts = pd.DataFrame({"customer_id": [1, 2], "responded": [True, True],
                             "contact_date": pd.to_datetime(["2024-01-01", "2024-06-01"])})
    # one response a year per customer (the span is under a year, so one year counts)
    assert marketing_value_lost(contacts, 10.0, 0.8, 0.1) == pytest.approx(10 / 0.3)
    with pytest.raises(CRMDataError, match="margin_per_response"):
        marketing_value_lost(contacts, -1.0, 0.8)


def test_control_rows_are_not_messages_sent():
    from crm_lessons.develop.fatigue import sent_contacts

    c = pd.DataFrame({"customer_id": [1, 2, 2], "group": ["treatment", "control", "treatment"]})
    customers = pd.DataFrame({"customer_id": [1, 2], "marketing_opt_in": [True, False]})
    assert sent_contacts(c)["customer_id"].tolist() == [1, 2]
    assert opt_in_breaches(c, customers) == 1
    assert opt_in_breaches(c.drop(columns="group"), customers) == 2
