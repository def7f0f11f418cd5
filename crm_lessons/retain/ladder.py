"""The loyalty ladder, customer by customer and over time: the rung each customer stood on at
a date, and how many climbed a rung in a year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import require_columns, require_dates, require_ids, require_whole_number
from crm_lessons.retain.checks import require_day

#: The rungs of the ladder, lowest first (a prospect has not bought yet).
RUNGS = ["prospect", "customer", "repeat customer", "advocate"]


def rung_at(customers: pd.DataFrame, orders: pd.DataFrame, as_of: pd.Timestamp | str) -> pd.Series:
    """Each customer's rung on `as_of`, as an ordered categorical indexed by customer_id:
    prospect (no order yet), customer (one order), repeat customer (two or more), advocate
    (has brought in a customer who signed up by then).

    >>> c = pd.DataFrame({"customer_id": [1, 2, 3], "referred_by": pd.array([None, 1, None],
    ...     dtype="Int64"), "signup_date": pd.to_datetime(["2024-01-01", "2024-03-01",
    ...     "2024-05-01"])})
    >>> o = pd.DataFrame({"customer_id": [1, 2, 2, 3], "order_date": pd.to_datetime(
    ...     ["2024-01-01", "2024-03-01", "2024-04-01", "2024-05-01"])})
    >>> rung_at(c, o, "2024-04-15").astype(str).tolist()
    ['advocate', 'repeat customer', 'prospect']
    """
    require_columns(customers, "customers", ["customer_id", "referred_by", "signup_date"])
    require_columns(orders, "orders", ["customer_id", "order_date"])
    day = require_day(as_of, "as_of")
    ids = require_ids(customers, "customers", "customer_id")
    done = orders[require_dates(orders, "orders", "order_date") <= day]
    n = done["customer_id"].value_counts().reindex(ids.to_numpy(), fill_value=0).to_numpy()
    joined = require_dates(customers, "customers", "signup_date") <= day
    ref = require_ids(customers, "customers", "referred_by", allow_missing=True)[joined]
    referrers = set(ref.dropna().astype("int64").tolist())
    level = np.minimum(n, 2)
    level = np.where(ids.isin(referrers).to_numpy() & (n > 0), 3, level)
    return pd.Series(pd.Categorical.from_codes(level, RUNGS, ordered=True),
                     index=pd.Index(ids.to_numpy(), name="customer_id"), name="rung")


def ladder_moves(customers: pd.DataFrame, orders: pd.DataFrame, end_date: pd.Timestamp | str,
                 days: int = 365) -> pd.DataFrame:
    """Where every customer stood `days` days before `end_date` (rows) against where they
    stand on it (columns): a count table over RUNGS. ``.attrs["moved_up"]`` is the number of
    customers who climbed one rung or more.
    """
    end = require_day(end_date, "end_date")
    days = require_whole_number(days, "days", minimum=1, maximum=3650,
                                fix="Give a number of days such as 365.")
    then = rung_at(customers, orders, end - pd.Timedelta(days=days))
    now = rung_at(customers, orders, end)
    table = pd.crosstab(then.rename("a year ago"), now.rename("now"), dropna=False)
    table = table.reindex(index=RUNGS, columns=RUNGS, fill_value=0)
    table.attrs["moved_up"] = int((now.cat.codes > then.cat.codes).sum())
    return table
