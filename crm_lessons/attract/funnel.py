"""The loyalty ladder by lead source: prospects, customers, repeat customers and advocates."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import require_columns, require_ids, require_not_empty


def funnel_by_source(prospects: pd.DataFrame, customers: pd.DataFrame,
                     orders: pd.DataFrame) -> pd.DataFrame:
    """The loyalty ladder for each lead source: prospects, customers (leads that bought),
    repeat customers (two orders or more) and advocates (who referred someone), with the
    rate of each step (customer_rate = customers / prospects, repeat_rate = repeat /
    customers, advocate_rate = advocates / repeat customers).

    Examples
    --------
    >>> prospects = pd.DataFrame({"prospect_id": [1, 2, 3, 4], "source": ["email"] * 4,
    ...     "customer_id": pd.array([10, 11, None, None], dtype="Int64")})
    >>> customers = pd.DataFrame({"customer_id": [10, 11, 12],
    ...     "referred_by": pd.array([None, None, 10], dtype="Int64")})
    >>> orders = pd.DataFrame({"customer_id": [10, 10, 11, 12]})
    >>> funnel_by_source(prospects, customers, orders).iloc[0][["prospects", "customers",
    ...     "repeat_customers", "advocates"]].astype(int).tolist()
    [4, 2, 1, 1]
    """
    require_columns(prospects, "prospects", ["prospect_id", "source", "customer_id"])
    require_columns(customers, "customers", ["customer_id", "referred_by"])
    require_columns(orders, "orders", ["customer_id"])
    require_not_empty(prospects, "prospects")
    n_orders = orders["customer_id"].value_counts()
    referrers = require_ids(customers, "customers", "referred_by", allow_missing=True)
    advocates = set(referrers.dropna().astype("int64").tolist())
    cust = pd.to_numeric(prospects["customer_id"], errors="coerce")
    bought = cust.notna()
    repeat = bought & (cust.map(n_orders).fillna(0) >= 2)
    advocate = repeat & cust.isin(advocates)
    flags = pd.DataFrame({"prospects": 1, "customers": bought, "repeat_customers": repeat,
                          "advocates": advocate})
    out = flags.groupby(prospects["source"].astype(str).to_numpy()).sum().astype("int64")
    out.index.name = "source"
    out["customer_rate"] = out["customers"] / out["prospects"]
    out["repeat_rate"] = out["repeat_customers"] / out["customers"].where(out["customers"] > 0)
    out["advocate_rate"] = out["advocates"] / out["repeat_customers"].where(out["repeat_customers"] > 0)
    return out.reset_index()

