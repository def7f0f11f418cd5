"""How unequal customers are: revenue per customer, the share of the top customers, and the
concentration (Pareto) curve.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_fraction,
    require_not_empty,
    require_numeric,
)
from crm_lessons.identify.checks import require_customer_values


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


def _best_first(values: object, what_fails: str) -> tuple[np.ndarray, float]:
    """The checked values per customer sorted from the largest, and their (positive) total."""
    v = require_customer_values(values)
    total = float(v.sum())
    if total <= 0:
        raise CRMDataError(f"values sum to zero or less, so {what_fails}. "
                           "Pass positive revenue or profit per customer.")
    return np.sort(v.to_numpy())[::-1], total


def top_share(values: pd.Series, top: float = 0.2) -> float:
    """Share of the total held by the top `top` fraction of customers (ranked by `values`).

    The top ``ceil(top * n)`` customers count (at least one).

    Parameters
    ----------
    values : Series
        One number per customer (revenue or profit, EUR), e.g. ``customer_revenue(orders)``.
    top : float
        Fraction of customers (0-1], default 0.2.

    Examples
    --------
    >>> top_share(pd.Series([60.0, 10.0, 10.0, 10.0, 10.0]), top=0.2)
    0.6
    """
    top = require_fraction(top, "top", allow_zero=False,
                           fix="Pass a share of customers such as 0.2 for the top 20% (not 20).")
    ordered, total = _best_first(values, "no share can be computed")
    n_top = max(1, int(np.ceil(round(top * len(ordered), 9))))
    return float(ordered[:n_top].sum() / total)


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
    top = require_fraction(top, "top", allow_zero=False,
                           fix="Pass a share of customers such as 0.2 for the top 20% (not 20).")
    revenue = customer_revenue(orders)
    if float(revenue.sum()) <= 0:
        raise CRMDataError("orders.revenue sums to zero or less, so no share can be computed. "
                           "Pass orders with positive revenue.")
    return top_share(revenue, top)


def concentration_curve(values: pd.Series) -> pd.DataFrame:
    """The Pareto (concentration) curve: customers ranked from the most to the least valuable,
    with the cumulative share of customers and of the total they account for.

    Parameters
    ----------
    values : Series
        One number per customer (revenue or profit, EUR), e.g. ``customer_revenue(orders)``.

    Returns
    -------
    DataFrame with columns customer_share (0-1) and value_share (0-1), starting at (0, 0) and
    ending at (1, 1), one row per customer plus the origin.

    Examples
    --------
    >>> concentration_curve(pd.Series([60.0, 10.0, 30.0]))["value_share"].round(2).tolist()
    [0.0, 0.6, 0.9, 1.0]
    """
    ordered, total = _best_first(values, "no curve can be drawn")
    n = len(ordered)
    return pd.DataFrame({
        "customer_share": np.arange(n + 1) / n,
        "value_share": np.concatenate([[0.0], np.cumsum(ordered) / total]),
    })
