"""crm_lessons.retain.churn: features before the cut-off, outcome after it, AUC and lift."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import retain
from crm_lessons.errors import CRMDataError


def _shop(n=80):
    rng = np.random.default_rng(3)
    rows = []
    for c in range(1, n + 1):
        loyal = c % 2 == 0
        days = np.sort(rng.integers(0, 360, 6 if loyal else 2))
        rows += [(c, pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(d))) for d in days]
        if loyal:
            rows.append((c, pd.Timestamp("2025-02-01")))
    rows.append((1, pd.Timestamp("2025-06-30")))
    orders = pd.DataFrame(rows, columns=["customer_id", "order_date"])
    customers = pd.DataFrame({"customer_id": range(1, n + 1)})
    tickets = pd.DataFrame({"customer_id": [1, 3], "resolved": [False, True],
                            "opened_date": pd.to_datetime(["2024-05-01", "2025-03-01"])})
    surveys = pd.DataFrame({"customer_id": [2], "satisfaction": ["very satisfied"],
                            "survey_date": pd.to_datetime(["2024-06-01"])})
    return customers, orders, tickets, surveys


def test_features_stop_at_the_cutoff_and_the_outcome_starts_after_it():
    customers, orders, tickets, surveys = _shop()
    t = retain.churn_table(customers, orders, tickets, surveys, "2024-12-31", horizon_days=90)
    assert t.loc[1, "tickets"] == 1 and t.loc[3, "tickets"] == 0     # ticket after the cut-off
    assert t.loc[2, "satisfaction"] == 5 and t.loc[4, "satisfaction"] == 3
    assert not t.loc[2, "churned"] and t.loc[1, "churned"]           # 1 came back too late
    with pytest.raises(CRMDataError, match="earlier cut-off"):
        retain.churn_table(customers, orders, tickets, surveys, "2025-06-01")


def test_model_scores_unseen_customers_and_the_lift_table_ranks_them():
    customers, orders, tickets, surveys = _shop()
    t = retain.churn_table(customers, orders, tickets, surveys, "2024-12-31", horizon_days=90)
    _, scored = retain.fit_churn_model(t, seed=1)
    assert len(scored) == 24 and scored.attrs["auc"] > 0.9
    lift = retain.lift_table(scored, groups=4)
    assert lift["lift"].iloc[0] > 1 > lift["lift"].iloc[-1]
    with pytest.raises(CRMDataError, match="only churners"):
        retain.fit_churn_model(t.assign(churned=True))


def test_at_risk_list_sorts_by_value_at_stake_and_stops_at_the_budget():
    scored = pd.DataFrame({"risk": [0.9, 0.5, 0.2]}, index=[1, 2, 3])
    value = pd.Series({1: 10.0, 2: 100.0, 3: 50.0})
    out = retain.at_risk_list(scored, value, budget=10, cost_per_contact=5)
    assert out.index.tolist() == [2, 3, 1]
    assert out["reached"].tolist() == [True, True, False]
    with pytest.raises(CRMDataError, match="cost_per_contact"):
        retain.at_risk_list(scored, value, budget=10, cost_per_contact=0)
