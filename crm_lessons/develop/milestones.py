"""Thanking repeat customers: who reaches a milestone this month (their tenth order, another
whole year with the shop)."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_dates, require_whole_number


def milestones_this_month(customers: pd.DataFrame, orders: pd.DataFrame, month: str,
                          nth_order: int = 10) -> pd.DataFrame:
    """Customers reaching a milestone in `month` ("2024-11"): their `nth_order`-th order was
    placed that month, or the month is a whole number of years after their sign-up and they
    ordered in the year before the month ends (still a customer worth thanking).

    Returns
    -------
    DataFrame with customer_id, milestone ("10th order" or "2 years with us"), date; by
    customer.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": [1, 2],
    ...     "signup_date": pd.to_datetime(["2023-11-10", "2024-01-05"])})
    >>> orders = pd.DataFrame({"customer_id": [1, 2, 2],
    ...     "order_date": pd.to_datetime(["2024-10-01", "2024-03-01", "2024-11-20"])})
    >>> milestones_this_month(customers, orders, "2024-11", nth_order=2)["milestone"].tolist()
    ['1 year with us', '2nd order']
    """
    require_columns(customers, "customers", ["customer_id", "signup_date"])
    require_columns(orders, "orders", ["customer_id", "order_date"])
    nth = require_whole_number(nth_order, "nth_order", minimum=1, fix="Give e.g. 10.")
    try:
        period = pd.Period(month, freq="M")
    except (ValueError, TypeError):
        period = pd.NaT
    if pd.isna(period):                     # None and NaN give NaT, not an error
        raise CRMDataError(f"month should be a month like '2024-11', not {month!r}.")
    dates = require_dates(orders, "orders", "order_date")
    tx = pd.DataFrame({"customer_id": orders["customer_id"].to_numpy(), "date": dates.to_numpy()})
    tx = tx.sort_values(["customer_id", "date"], kind="stable")
    tx["number"] = tx.groupby("customer_id").cumcount() + 1
    hit = tx[(tx["number"] == nth) & (tx["date"].dt.to_period("M") == period)]
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(nth % 10 if nth % 100 not in (11, 12, 13) else 0, "th")
    orders_part = pd.DataFrame({"customer_id": hit["customer_id"].to_numpy(),
                                "milestone": f"{nth}{suffix} order", "date": hit["date"].to_numpy()})
    signup = require_dates(customers, "customers", "signup_date")
    years = period.year - signup.dt.year
    anniversary = pd.to_datetime({"year": signup.dt.year + years, "month": signup.dt.month,
                                  "day": signup.dt.day.clip(upper=28)})
    end = period.end_time.normalize()
    last = tx.groupby("customer_id")["date"].max()
    active = customers["customer_id"].map(last) > end - pd.Timedelta(days=365)
    keep = (signup.dt.month == period.month) & (years >= 1) & active.to_numpy()
    years_part = pd.DataFrame({"customer_id": customers.loc[keep, "customer_id"].to_numpy(),
                               "milestone": [f"{y} year{'s' if y > 1 else ''} with us"
                                             for y in years[keep]],
                               "date": anniversary[keep].to_numpy()})
    out = pd.concat([orders_part, years_part], ignore_index=True)
    return out.sort_values(["customer_id", "milestone"], kind="stable").reset_index(drop=True)
