"""What a loyalty program changes: repeat orders per year of non-members, and of members before
and after joining.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_dates, require_not_empty


def loyalty_frequency(customers: pd.DataFrame, orders: pd.DataFrame,
                      end_date: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Repeat orders per customer per year (the first order left out), for non-members over
    their whole time with us, and for members before and after they joined the loyalty
    program. If members already bought more before joining, part of the program's apparent
    effect is that heavy buyers join.

    Returns a DataFrame with period ("non-members", "members before joining", "members after
    joining"), customers, orders, years and orders_per_year (orders / customer-years).

    >>> customers = pd.DataFrame({"customer_id": [1, 2], "loyalty_member": [False, True],
    ...     "signup_date": pd.to_datetime(["2024-01-01", "2024-01-01"]),
    ...     "loyalty_join_date": pd.to_datetime([None, "2024-07-01"])})
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2, 2, 2, 2],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-08-01", "2024-01-01",
    ...                                   "2024-03-01", "2024-08-01", "2024-09-01"])})
    >>> loyalty_frequency(customers, orders, "2024-12-31")["orders"].tolist()
    [1, 1, 2]
    """
    require_columns(customers, "customers",
                    ["customer_id", "signup_date", "loyalty_member", "loyalty_join_date"])
    require_columns(orders, "orders", ["customer_id", "order_date"])
    require_not_empty(customers, "customers")
    require_not_empty(orders, "orders")
    signup = pd.Series(require_dates(customers, "customers", "signup_date").to_numpy(),
                       index=customers["customer_id"].to_numpy())
    if customers["customer_id"].isna().any() or customers["customer_id"].duplicated().any():
        raise CRMDataError("customers.customer_id has missing or repeated ids. Pass "
                           "store.customers, one row per customer.")
    join = pd.to_datetime(customers["loyalty_join_date"], errors="coerce")
    member = customers["loyalty_member"].fillna(False).astype(bool).to_numpy() & join.notna().to_numpy()
    if not member.any():
        raise CRMDataError("customers has no loyalty member (loyalty_member True with a "
                           "loyalty_join_date), so there is nothing to compare. Pass "
                           "store.customers, with its loyalty_member and loyalty_join_date columns.")
    joined = pd.Series(join.to_numpy(), index=customers["customer_id"].to_numpy())[member]
    odate = require_dates(orders, "orders", "order_date")
    end = pd.Timestamp(end_date) if end_date is not None else odate.max()
    o = pd.DataFrame({"c": orders["customer_id"].to_numpy(), "d": odate.to_numpy()})
    o = o[o["d"] > o["c"].map(signup)]                    # repeat orders only
    j = o["c"].map(joined)
    is_mem = j.notna()
    days_total = (end - signup).dt.days.clip(lower=1)
    rows = []
    non = ~signup.index.isin(joined.index)
    rows.append(("non-members", int(non.sum()), int((~is_mem).sum()),
                 float(days_total[non].sum() / 365)))
    before_days = (joined - signup[joined.index]).dt.days
    rows.append(("members before joining", len(joined), int((is_mem & (o["d"] < j)).sum()),
                 float(before_days.sum() / 365)))
    after_days = (end - joined).dt.days
    rows.append(("members after joining", len(joined), int((is_mem & (o["d"] >= j)).sum()),
                 float(after_days.sum() / 365)))
    out = pd.DataFrame(rows, columns=["period", "customers", "orders", "years"])
    out["orders_per_year"] = out["orders"] / out["years"].where(out["years"] > 0)
    return out

