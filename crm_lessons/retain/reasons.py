"""Who leaves and why: unresolved service tickets and what the defectors of each stated reason
had in common.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import require_columns, require_not_empty, require_numeric


def ticket_resolution(tickets: pd.DataFrame) -> pd.Series:
    """Per customer with at least one ticket: "unresolved" if any of their tickets stayed
    unresolved, else "all resolved" (indexed by customer_id; pass it as `by` to
    `defection_rate`).

    >>> tickets = pd.DataFrame({"customer_id": [1, 1, 2], "resolved": [True, False, True]})
    >>> ticket_resolution(tickets).tolist()
    ['unresolved', 'all resolved']
    """
    require_columns(tickets, "tickets", ["customer_id", "resolved"])
    resolved = require_numeric(tickets, "tickets", "resolved").astype(bool)
    any_open = (~resolved).groupby(tickets["customer_id"].to_numpy()).any()
    return pd.Series(np.where(any_open.to_numpy(), "unresolved", "all resolved"),
                     index=any_open.index, name="tickets")


def reason_profile(defections: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame,
                   tickets: pd.DataFrame) -> pd.DataFrame:
    """What the defectors of each stated reason had in common: defectors, share of all
    stated defections, mean tickets, share with an unresolved ticket, and discount share
    (discounts / value before discount of their orders), most frequent reason first.

    >>> defections = pd.DataFrame({"customer_id": [1, 2], "reason": ["service failure",
    ...     "lower price elsewhere"]})
    >>> customers = pd.DataFrame({"customer_id": [1, 2]})
    >>> orders = pd.DataFrame({"customer_id": [1, 2], "discount": [0.0, 5.0],
    ...                        "revenue": [20.0, 15.0]})
    >>> tickets = pd.DataFrame({"customer_id": [1], "resolved": [False]})
    >>> reason_profile(defections, customers, orders, tickets)["discount_share"].tolist()
    [0.25, 0.0]
    """
    require_columns(defections, "defections", ["customer_id", "reason"])
    require_columns(customers, "customers", ["customer_id"])
    require_columns(orders, "orders", ["customer_id", "discount", "revenue"])
    require_columns(tickets, "tickets", ["customer_id", "resolved"])
    require_not_empty(defections, "defections")
    disc = require_numeric(orders, "orders", "discount", min_value=0)
    rev = require_numeric(orders, "orders", "revenue", min_value=0)
    per = pd.DataFrame({"d": disc.to_numpy(), "g": (disc + rev).to_numpy()}).groupby(
        orders["customer_id"].to_numpy()).sum()
    n_tickets = tickets["customer_id"].value_counts()
    unresolved = ticket_resolution(tickets) == "unresolved"
    ids = defections["customer_id"]
    frame = pd.DataFrame({
        "reason": defections["reason"].astype(str).to_numpy(),
        "tickets": ids.map(n_tickets).fillna(0).to_numpy(),
        "unresolved": ids.map(unresolved).fillna(False).astype(bool).to_numpy(),
        "d": ids.map(per["d"]).fillna(0).to_numpy(),
        "g": ids.map(per["g"]).fillna(0).to_numpy(),
    })
    out = frame.groupby("reason").agg(defectors=("tickets", "size"),
                                      mean_tickets=("tickets", "mean"),
                                      share_unresolved=("unresolved", "mean"),
                                      d=("d", "sum"), g=("g", "sum"))
    out["share"] = out["defectors"] / out["defectors"].sum()
    out["discount_share"] = out["d"] / out["g"].where(out["g"] > 0)
    out = out.drop(columns=["d", "g"]).sort_values("defectors", ascending=False, kind="stable")
    return out.reset_index()[["reason", "defectors", "share", "mean_tickets",
                              "share_unresolved", "discount_share"]]

