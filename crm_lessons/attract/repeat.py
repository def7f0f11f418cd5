"""Which channels bring customers who stay: the share still buying a year (or `days`) after
signing up, by acquisition channel.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_not_empty,
    require_whole_number,
)


def _customer_orders(customers: pd.DataFrame, orders: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    require_columns(customers, "customers", ["customer_id", "signup_date"])
    require_columns(orders, "orders", ["customer_id", "order_date"])
    require_not_empty(customers, "customers")
    require_not_empty(orders, "orders")
    signup = pd.Series(require_dates(customers, "customers", "signup_date").to_numpy(),
                       index=customers["customer_id"].to_numpy())
    if signup.index.duplicated().any():
        raise CRMDataError("customers has the same customer_id twice. Pass store.customers, "
                           "one row per customer.")
    o = pd.DataFrame({"customer_id": orders["customer_id"].to_numpy(),
                      "order_date": require_dates(orders, "orders", "order_date").to_numpy()})
    return signup, o


def repeat_rate_by_channel(customers: pd.DataFrame, orders: pd.DataFrame,
                           end_date: pd.Timestamp | str | None = None, days: int = 365,
                           by: str = "channel") -> pd.DataFrame:
    """Share of customers still buying after `days`: among customers who signed up at least
    `days` before `end_date`, those with an order `days` or more after their sign-up.

    Returns a DataFrame with the `by` column, customers, still_buying and share, best first.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2], "channel": ["referral", "paid_social"],
    ...     "signup_date": pd.to_datetime(["2023-01-01", "2023-01-01"])})
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2],
    ...     "order_date": pd.to_datetime(["2023-01-01", "2024-06-01", "2023-01-01"])})
    >>> repeat_rate_by_channel(customers, orders, "2024-12-31")["share"].tolist()
    [1.0, 0.0]
    """
    require_columns(customers, "customers", [by])
    signup, o = _customer_orders(customers, orders)
    days = require_whole_number(days, "days", minimum=1,
                                fix="Pass a number of days such as 365.")
    end = pd.Timestamp(end_date) if end_date is not None else o["order_date"].max()
    late = o["order_date"] >= o["customer_id"].map(signup) + pd.Timedelta(days=days)
    still = set(o.loc[late, "customer_id"].tolist())
    old = customers[signup.to_numpy() <= end - pd.Timedelta(days=days)]
    if old.empty:
        raise CRMDataError(f"No customer signed up {days} days or more before {end.date()}, so "
                           f"nothing can be measured. Use a smaller `days`.")
    flag = old["customer_id"].isin(still)
    out = flag.groupby(old[by].astype(str).to_numpy()).agg(["size", "sum"])
    out.columns = ["customers", "still_buying"]
    out["share"] = out["still_buying"] / out["customers"]
    out.index.name = by
    return out.sort_values("share", ascending=False, kind="stable").reset_index()

