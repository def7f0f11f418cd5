"""How much service each customer needs: tickets and handling cost per order.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    require_columns,
    require_ids,
    require_not_empty,
    require_numeric,
)


def service_need(orders: pd.DataFrame, tickets: pd.DataFrame) -> pd.DataFrame:
    """How much service each ordering customer needs: tickets and handling cost per order.

    Returns
    -------
    DataFrame sorted by customer_id with customer_id, orders, revenue (EUR), tickets,
    service_cost (EUR), tickets_per_order, service_cost_per_order (EUR). Customers without
    tickets get zeros.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2], "revenue": [10.0, 10.0, 30.0]})
    >>> tickets = pd.DataFrame({"customer_id": [1], "handling_cost": [6.0]})
    >>> service_need(orders, tickets)["service_cost_per_order"].tolist()
    [3.0, 0.0]
    """
    orders = require_columns(orders, "orders", ["customer_id", "revenue"])
    require_not_empty(orders, "orders")
    tickets = require_columns(tickets, "tickets", ["customer_id", "handling_cost"])
    revenue = require_numeric(orders, "orders", "revenue")
    cost = require_numeric(tickets, "tickets", "handling_cost", min_value=0)
    per = revenue.groupby(require_ids(orders, "orders", "customer_id").to_numpy()).agg(
        ["size", "sum"])
    per.columns = ["orders", "revenue"]
    t = cost.groupby(require_ids(tickets, "tickets", "customer_id").to_numpy()).agg(
        ["size", "sum"])
    t.columns = ["tickets", "service_cost"]
    out = per.join(t, how="left").fillna({"tickets": 0, "service_cost": 0.0})
    out.index.name = "customer_id"
    out = out.reset_index()
    out["customer_id"] = out["customer_id"].astype("int64")
    out["tickets"] = out["tickets"].astype(int)
    out["tickets_per_order"] = out["tickets"] / out["orders"]
    out["service_cost_per_order"] = out["service_cost"] / out["orders"]
    return out
