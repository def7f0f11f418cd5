"""A churn-risk model: features measured up to a cut-off date, the outcome (no order in the
months after it) measured after it, so the model never sees the future it predicts; judged
on customers it did not see (AUC and a lift table), and the list of customers to call first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_fraction,
    require_number,
    require_numeric,
    require_whole_number,
)
from crm_lessons.retain.checks import require_day
from crm_lessons.retain.satisfaction import latest_satisfaction, satisfaction_score

FEATURES = ["recency_days", "orders", "tickets", "unresolved", "satisfaction", "tenure_days"]


def churn_table(customers: pd.DataFrame, orders: pd.DataFrame, tickets: pd.DataFrame,
                surveys: pd.DataFrame, cutoff: pd.Timestamp | str,
                horizon_days: int = 180) -> pd.DataFrame:
    """One row per customer with an order on or before `cutoff`: the FEATURES from the data up to `cutoff` and churned (True when they
    placed no order in the `horizon_days` days after it), indexed by customer_id.

    Satisfaction is the latest grade answered before the cut-off (1-5, 3 when none).
    """
    cut = require_day(cutoff, "cutoff")
    horizon_days = require_whole_number(horizon_days, "horizon_days", minimum=1, maximum=3650,
                                        fix="Give a number of days such as 180.")
    require_columns(orders, "orders", ["customer_id", "order_date"])
    require_columns(tickets, "tickets", ["customer_id", "opened_date", "resolved"])
    require_columns(customers, "customers", ["customer_id"])
    odate = require_dates(orders, "orders", "order_date")
    before = orders[odate <= cut]
    after = orders[(odate > cut) & (odate <= cut + pd.Timedelta(days=horizon_days))]
    if before.empty or odate.max() < cut + pd.Timedelta(days=horizon_days):
        raise CRMDataError(f"the orders should cover the cut-off {cut.date()} and the "
                           f"{horizon_days} days after it. Pick an earlier cut-off.")
    g = pd.to_datetime(before["order_date"]).groupby(before["customer_id"].to_numpy())
    t = tickets[require_dates(tickets, "tickets", "opened_date") <= cut]
    require_columns(surveys, "surveys", ["customer_id", "survey_date", "satisfaction"])
    s = surveys[require_dates(surveys, "surveys", "survey_date") <= cut]
    grade = satisfaction_score(latest_satisfaction(s).astype(str)) if len(s) else pd.Series(
        dtype="int64")
    ids = g.size().index
    out = pd.DataFrame({
        "recency_days": (cut - g.max()).dt.days,
        "orders": g.size(),
        "tickets": t["customer_id"].value_counts().reindex(ids, fill_value=0),
        "unresolved": (~t["resolved"].astype(bool)).groupby(t["customer_id"].to_numpy()).sum()
        .reindex(ids, fill_value=0),
        "satisfaction": grade.reindex(ids).fillna(3),
        "tenure_days": (cut - g.min()).dt.days,
    }, index=ids).astype("float64")
    out["churned"] = ~out.index.isin(after["customer_id"].unique())
    return out.rename_axis("customer_id")


def fit_churn_model(table: pd.DataFrame, seed: int = 0, test_share: float = 0.3):
    """Fit a logistic regression of churned on FEATURES (standardised) on a random part of
    the customers and score the others (the test customers the model did not see).

    Returns (model, test) where test is a DataFrame of the test customers with churned and
    risk (the predicted chance to churn), and ``test.attrs["auc"]`` the AUC on them.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    require_columns(table, "table", FEATURES + ["churned"])
    test_share = require_fraction(test_share, "test_share", allow_zero=False)
    y = table["churned"].astype(bool)
    if y.nunique() < 2:
        raise CRMDataError("table has only churners or only stayers; no model can tell them "
                           "apart. Pick another cut-off or horizon.")
    train, test = train_test_split(table, test_size=test_share, random_state=seed, stratify=y)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
    model.fit(train[FEATURES], train["churned"].astype(bool))
    scored = test[["churned"]].assign(risk=model.predict_proba(test[FEATURES])[:, 1])
    scored.attrs["auc"] = float(roc_auc_score(scored["churned"], scored["risk"]))
    return model, scored


def lift_table(scored: pd.DataFrame, groups: int = 10) -> pd.DataFrame:
    """Customers sorted by risk and cut into `groups` equal groups (1 = riskiest): customers,
    churn_rate and lift (the group's churn rate over the overall rate).

    >>> sc = pd.DataFrame({"risk": [0.9, 0.8, 0.2, 0.1], "churned": [True, True, False, True]})
    >>> lift_table(sc, groups=2)["lift"].round(2).tolist()
    [1.33, 0.67]
    """
    require_columns(scored, "scored", ["risk", "churned"])
    groups = require_whole_number(groups, "groups", minimum=1, fix="Give a number such as 10.")
    require_numeric(scored, "scored", "risk")
    order = scored.sort_values("risk", ascending=False, kind="stable")
    group = np.arange(len(order)) * groups // max(len(order), 1) + 1
    out = order.assign(group=group).groupby("group").agg(
        customers=("churned", "size"), churn_rate=("churned", "mean"))
    out["lift"] = out["churn_rate"] / order["churned"].mean()
    return out.reset_index()


def at_risk_list(scored: pd.DataFrame, value: pd.Series, budget: float,
                 cost_per_contact: float) -> pd.DataFrame:
    """The customers to call first: sorted by value at stake (risk x their revenue per
    year), with reached (True for as many as `budget` / `cost_per_contact` can pay for).
    """
    require_columns(scored, "scored", ["risk"])
    require_numeric(scored, "scored", "risk")
    budget = require_number(budget, "budget", minimum=0, fix="Give the budget in EUR.")
    cost_per_contact = require_number(cost_per_contact, "cost_per_contact", minimum=0,
                                      fix="Give the cost of one contact in EUR.")
    if cost_per_contact <= 0:
        raise CRMDataError("cost_per_contact should be above 0 (EUR).")
    if not isinstance(value, pd.Series):
        raise CRMDataError("value should be a Series indexed by customer_id "
                           "(retain.yearly_revenue(...)).")
    out = scored.assign(yearly_revenue=value.reindex(scored.index).fillna(0.0))
    out["value_at_stake"] = out["risk"] * out["yearly_revenue"]
    out = out.sort_values("value_at_stake", ascending=False, kind="stable")
    out["reached"] = np.arange(len(out)) < int(budget // cost_per_contact)
    return out
