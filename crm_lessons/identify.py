"""Customer identification (lesson 02): who the customers are and which ones matter most.

RFM scores and named segments, value tiers, the revenue concentration (Lorenz / Pareto) curve,
the value-against-service-need grid, profiles of profitable groups, k-means segments compared
with rule-based ones, and the customers lost to competitors.

Every function is pure: tables in, a table or a number out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_not_empty,
    require_numeric,
)

__all__ = [
    "customer_revenue",
    "revenue_concentration",
]


def _check_fraction(value: object, name: str, *, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CRMDataError(f"{name} should be a number between 0 and 1, but got {value!r}. "
                           f"Pass a fraction such as 0.2 for 20%.")
    value = float(value)
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value <= 1) or np.isnan(value):
        raise CRMDataError(f"{name} should be a fraction between 0 and 1, but got {value!r}. "
                           f"Pass for example 0.2 for 20% (not 20).")
    return value


def customer_revenue(orders: pd.DataFrame) -> pd.Series:
    """Total revenue of each customer, largest first.

    Parameters
    ----------
    orders : DataFrame
        With columns customer_id and revenue (EUR), one row per order.

    Returns
    -------
    Series named revenue, indexed by customer_id, sorted from the largest to the smallest
    (ties by customer_id).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 1], "revenue": [10.0, 5.0, 20.0]})
    >>> customer_revenue(orders).tolist()
    [30.0, 5.0]
    """
    orders = require_columns(orders, "orders", ["customer_id", "revenue"])
    require_not_empty(orders, "orders")
    revenue = require_numeric(orders, "orders", "revenue")
    if orders["customer_id"].isna().any():
        raise CRMDataError("orders.customer_id has missing values. Drop those rows first "
                           "(for example with .dropna(subset=['customer_id'])).")
    total = revenue.groupby(orders["customer_id"].to_numpy()).sum()
    total.index.name = "customer_id"
    total.name = "revenue"
    order = np.lexsort((total.index.to_numpy(), -total.to_numpy()))
    return total.iloc[order]


def revenue_concentration(orders: pd.DataFrame, top: float = 0.2) -> float:
    """Share of all revenue that comes from the top `top` fraction of customers by revenue.

    Customers are ranked by their total revenue; the top ``ceil(top * n)`` customers are taken
    (at least one), so with 10 customers and ``top=0.2`` the best two count.

    Parameters
    ----------
    orders : DataFrame
        With columns customer_id and revenue (EUR), one row per order.
    top : float
        Fraction of customers (0-1], default 0.2 for the top 20%.

    Returns
    -------
    float between 0 and 1.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
    ...                        "revenue": [60.0, 10.0, 10.0, 10.0, 10.0]})
    >>> revenue_concentration(orders, top=0.2)
    0.6
    """
    top = _check_fraction(top, "top")
    revenue = customer_revenue(orders)
    total = float(revenue.sum())
    if total <= 0:
        raise CRMDataError("orders.revenue sums to zero or less, so no share can be computed. "
                           "Pass orders with positive revenue.")
    n_top = max(1, int(np.ceil(round(top * len(revenue), 9))))
    return float(revenue.iloc[:n_top].sum() / total)
