"""Customers who told the shop they were leaving: what they were worth, why they left, and
which are worth winning back. Which reasons the company can fix is defined once, in
:mod:`crm_lessons.goals.defection_reasons` (re-exported here for lesson 02).
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    require_columns,
    require_ids,
    require_not_empty,
    require_number,
)
from crm_lessons.goals.defection_reasons import FIXABLE_REASONS, defection_reasons, is_fixable
from crm_lessons.identify.concentration import customer_revenue

__all__ = ["FIXABLE_REASONS", "defection_reasons", "lost_customers"]


def lost_customers(defections: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame,
                   min_value: float | None = None) -> pd.DataFrame:
    """Who left, why, what they were worth, and which are worth winning back.

    A lost customer is worth winning back when both hold (the documented rule):
    their past revenue is at least `min_value` (default: the median revenue of all customers
    who ordered, so they were better than the typical customer), and their reason is one the
    company can fix (:func:`defection_reasons`: price, a service failure or a better offer
    elsewhere).

    Returns
    -------
    DataFrame sorted by revenue (largest first) with customer_id, defection_date, reason,
    channel, region, age_band, orders, revenue (EUR), fixable, worth_winning_back.

    Examples
    --------
    >>> d = pd.DataFrame({"customer_id": [1, 2], "reason": ["service failure", "moved away"],
    ...                   "defection_date": pd.to_datetime(["2024-05-01", "2024-06-01"])})
    >>> c = pd.DataFrame({"customer_id": [1, 2, 3], "channel": ["a", "b", "a"],
    ...                   "region": ["N", "S", "N"], "age_band": ["25-34", "35-44", "65+"]})
    >>> o = pd.DataFrame({"customer_id": [1, 1, 2, 3], "revenue": [50.0, 40.0, 80.0, 5.0]})
    >>> lost_customers(d, c, o)["worth_winning_back"].tolist()
    [True, False]
    """
    defections = require_columns(defections, "defections",
                                 ["customer_id", "defection_date", "reason"])
    require_not_empty(defections, "defections")
    defections = defections.assign(
        customer_id=require_ids(defections, "defections", "customer_id"))
    customers = require_columns(customers, "customers",
                                ["customer_id", "channel", "region", "age_band"])
    customers = customers.assign(customer_id=require_ids(customers, "customers", "customer_id"))
    revenue = customer_revenue(orders)
    if min_value is None:
        threshold = float(revenue.median())
    else:
        threshold = require_number(min_value, "min_value",
                                   fix="Give a past revenue in EUR, or None for the median.")
    n_orders = orders.groupby("customer_id").size()
    out = defections[["customer_id", "defection_date", "reason"]].merge(
        customers[["customer_id", "channel", "region", "age_band"]], on="customer_id",
        how="left")
    out["orders"] = out["customer_id"].map(n_orders).fillna(0).astype(int).to_numpy()
    out["revenue"] = out["customer_id"].map(revenue).fillna(0.0).astype(float).to_numpy()
    out["fixable"] = is_fixable(out["reason"]).to_numpy()
    out["worth_winning_back"] = out["fixable"] & (out["revenue"] >= threshold)
    out = out.sort_values(["revenue", "customer_id"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)
