"""Cohort retention: of the customers whose first order fell in a month, the share who
ordered again k months later. It is the course's one definition of retention
(:mod:`crm_lessons.goals.retention`: bought in period t and again in a later period),
measured against the period of the first order.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError
from crm_lessons.goals.retention import buyers_by_period


def retention_matrix(orders: pd.DataFrame, end_date: pd.Timestamp | str | None = None,
                     period: str = "M", by: pd.Series | None = None) -> pd.DataFrame:
    """The retention matrix: one row per cohort (period of the first order), one column per
    period since it (0, 1, 2, ...), each cell the share of the cohort who ordered in that
    period (period 0 is 1 by construction). Periods not over yet by `end_date` are missing.

    With `by` (a Series indexed by customer_id, such as the acquisition channel), the rows are
    the groups instead of the cohorts: every customer's periods counted from their own first
    order, pooled over the cohorts.

    ``.attrs["customers"]`` holds each row's number of customers.

    >>> o = pd.DataFrame({"customer_id": [1, 2, 1], "order_date": pd.to_datetime(
    ...     ["2024-01-05", "2024-01-20", "2024-02-03"])})
    >>> retention_matrix(o, "2024-02-29").loc["2024-01"].tolist()
    [1.0, 0.5]
    """
    pairs = buyers_by_period(orders, period, end_date)
    ordinal = pd.Series(pairs["period"].array.asi8, index=pairs.index)
    first = ordinal.groupby(pairs["customer_id"]).transform("min")
    age = ordinal - first
    if by is None:
        labels = pd.PeriodIndex.from_ordinals(first.to_numpy(), freq=pairs["period"].dt.freq)
        row = pd.Series(labels.astype(str), index=pairs.index)
    else:
        if not isinstance(by, pd.Series):
            raise CRMDataError("by should be a Series indexed by customer_id, such as "
                               "store.customers.set_index('customer_id')['channel'].")
        row = pairs["customer_id"].map(by)
    frame = pd.DataFrame({"row": row.to_numpy(), "age": age.to_numpy(),
                          "customer_id": pairs["customer_id"].to_numpy(),
                          "room": (ordinal.max() - first).to_numpy()})
    frame = frame.dropna(subset=["row"])
    if frame.empty:
        raise CRMDataError("by has no group for any customer of orders. Pass a Series indexed "
                           "by customer_id, such as the customers' channel.")
    counts = frame.pivot_table(index="row", columns="age", values="customer_id",
                               aggfunc="nunique", fill_value=0)
    starters = frame[frame["age"] == 0]
    sizes = starters.groupby("row")["customer_id"].nunique()
    # a cell counts only the customers who could be watched that long
    room = pd.crosstab(starters["row"], starters["room"])
    room = room.reindex(columns=range(int(frame["room"].max()) + 1), fill_value=0)
    watched = room.iloc[:, ::-1].cumsum(axis=1).iloc[:, ::-1]     # customers with room >= a
    watched.columns = watched.columns.astype("int64")
    watched = watched.reindex(index=counts.index, columns=counts.columns)
    table = (counts / watched.where(watched > 0)).sort_index()
    table.index.name = "cohort" if by is None else (by.name or "group")
    table.columns.name = "periods_since_first_order"
    table.attrs["customers"] = sizes.reindex(table.index)
    return table
