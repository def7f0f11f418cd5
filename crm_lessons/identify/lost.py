"""Customers lost to competitors: the defection reasons the company can fix, and who is worth
winning back.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    require_columns,
    require_ids,
    require_not_empty,
    require_number,
)
from crm_lessons.identify.concentration import customer_revenue

_REASONS = [
    ("lower price elsewhere", True, "a competitor was cheaper",
     "a personal price match or loyalty discount, for valuable customers only"),
    ("service failure", True, "we let them down (late delivery, unanswered complaint)",
     "apologise, fix the problem, show what changed, a goodwill gesture"),
    ("found something better", False, "a competitor's product suits them better",
     "only once the range has improved: tell them what is new"),
    ("moved away", False, "they now live where we do not deliver well",
     "nothing to fix; keep them on the newsletter if they agree"),
    ("no longer needed", False, "they stopped buying the category",
     "nothing to fix; let them go politely"),
]
FIXABLE_REASONS = [r[0] for r in _REASONS if r[1]]


def defection_reasons() -> pd.DataFrame:
    """The documented rule behind win-back: each defection reason, whether the company can fix
    it, what it means and what a win-back attempt would offer.

    Examples
    --------
    >>> defection_reasons().query("fixable")["reason"].tolist()
    ['lower price elsewhere', 'service failure']
    """
    return pd.DataFrame(_REASONS, columns=["reason", "fixable", "meaning", "win_back_offer"])


def lost_customers(defections: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame,
                   min_value: float | None = None) -> pd.DataFrame:
    """Who left, why, what they were worth, and which are worth winning back.

    A lost customer is worth winning back when both hold (the documented rule):
    their past revenue is at least `min_value` (default: the median revenue of all customers
    who ordered, so they were better than the typical customer), and their reason is one the
    company can fix (:func:`defection_reasons`: price or a service failure).

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
    out["fixable"] = out["reason"].astype(str).isin(FIXABLE_REASONS).to_numpy()
    out["worth_winning_back"] = out["fixable"] & (out["revenue"] >= threshold)
    out = out.sort_values(["revenue", "customer_id"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)
