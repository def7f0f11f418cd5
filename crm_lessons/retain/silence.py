"""What counts as a defection when customers just stop: a silence longer than N days, and how
the defection rate moves with N."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_ids,
    require_not_empty,
    require_whole_number,
)
from crm_lessons.retain.checks import require_day


def last_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """Each customer's first and last order date (indexed by customer_id).

    >>> o = pd.DataFrame({"customer_id": [1, 1], "order_date": pd.to_datetime(["2024-01-01",
    ...                   "2024-03-01"])})
    >>> last_orders(o)["last"].dt.month.tolist()
    [3]
    """
    require_columns(orders, "orders", ["customer_id", "order_date"])
    require_not_empty(orders, "orders")
    dates = require_dates(orders, "orders", "order_date")
    ids = require_ids(orders, "orders", "customer_id")
    return dates.groupby(ids.to_numpy()).agg(["min", "max"]).rename(
        columns={"min": "first", "max": "last"}).rename_axis("customer_id")


def silent_defection_rate(orders: pd.DataFrame, end_date: pd.Timestamp | str,
                          days: int = 365) -> float:
    """Share of customers who count as defected under the rule "no order in the last `days`
    days": of the customers whose first order is at least `days` days before `end_date`
    (so they had the time to be silent that long), those with no order since.

    >>> o = pd.DataFrame({"customer_id": [1, 2, 2, 3], "order_date": pd.to_datetime(
    ...     ["2023-01-01", "2023-01-01", "2024-11-01", "2024-12-20"])})
    >>> silent_defection_rate(o, "2024-12-31", days=180)
    0.5
    """
    return float(defection_by_threshold(orders, end_date, [days])["defection_rate"].iloc[0])


def defection_by_threshold(orders: pd.DataFrame, end_date: pd.Timestamp | str,
                           thresholds: Sequence[int] = (90, 180, 270, 365, 540)) -> pd.DataFrame:
    """The silent defection rate for each threshold N in `thresholds` (days): a short N
    calls many customers lost who are only between orders, a long N finds the lost ones late.

    Returns a DataFrame with days, customers (first order at least N days before end_date),
    defected (silent for more than N days) and defection_rate.
    """
    last = last_orders(orders)
    end = require_day(end_date, "end_date")
    if last["last"].max() > end:
        raise CRMDataError(f"orders has orders after end_date {end.date()}. Pass the data's "
                           "last day, such as store.end_date.")
    rows = []
    for n in thresholds:
        n = require_whole_number(n, "days", minimum=1, fix="Give a number of days such as 365.")
        cut = end - pd.Timedelta(days=n)
        seen = last["first"] <= cut
        if not seen.any():
            raise CRMDataError(f"No customer in orders has a first order {n} days or more "
                               f"before {end.date()} (end_date). Use a shorter number of "
                               "days.")
        gone = seen & (last["last"] <= cut)
        rows.append((n, int(seen.sum()), int(gone.sum())))
    out = pd.DataFrame(rows, columns=["days", "customers", "defected"])
    out["defection_rate"] = out["defected"] / out["customers"]
    return out.astype({"defection_rate": np.float64})
