"""What handling complaints well is worth: customers whose tickets were all resolved defect
less often than those left with an unresolved one; the difference, in kept revenue."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_dates, require_numeric
from crm_lessons.retain.checks import require_day
from crm_lessons.retain.defection import defection_rate
from crm_lessons.retain.reasons import ticket_resolution


def yearly_revenue(orders: pd.DataFrame, end_date: pd.Timestamp | str,
                   until: pd.Series | None = None) -> pd.Series:
    """Each customer's revenue per year with us (EUR): their revenue divided by the years
    from their first order to `end_date` (at least a month), indexed by customer_id. With
    `until` (a date per customer_id, such as the day they defected), a customer's years end
    on that date instead.

    >>> o = pd.DataFrame({"customer_id": [1, 1], "revenue": [30.0, 30.0],
    ...     "order_date": pd.to_datetime(["2023-01-01", "2023-06-01"])})
    >>> round(float(yearly_revenue(o, "2024-12-31").iloc[0]), 1)
    30.0
    """
    require_columns(orders, "orders", ["customer_id", "order_date", "revenue"])
    rev = require_numeric(orders, "orders", "revenue", min_value=0)
    by = orders["customer_id"].to_numpy()
    first = require_dates(orders, "orders", "order_date").groupby(by).min()
    stop = pd.Series(require_day(end_date, "end_date"), index=first.index)
    if until is not None:
        if not isinstance(until, pd.Series):
            raise CRMDataError("until should be a Series of dates indexed by customer_id.")
        stop = pd.to_datetime(until.reindex(first.index), errors="coerce").fillna(stop)
    years = ((stop - first).dt.days / 365).clip(lower=1 / 12)
    return (rev.groupby(by).sum() / years).rename("yearly_revenue").rename_axis("customer_id")


def complaint_value(customers: pd.DataFrame, defections: pd.DataFrame, tickets: pd.DataFrame,
                    orders: pd.DataFrame, end_date: pd.Timestamp | str) -> dict[str, float]:
    """What resolving every ticket would have kept: the defection rates of customers with an
    unresolved ticket and of those whose tickets were all resolved (over the whole data), the
    customers with an unresolved ticket, their mean revenue per year, and kept_revenue: the
    customers who would not have left had they defected at the resolved rate, times that
    revenue (EUR per year).

    >>> # complaint_value(store.customers, store.defections, store.tickets, store.orders,
    >>> #                 store.end_date)["kept_revenue"]
    """
    rates = defection_rate(customers, defections, end_date, window_days=None,
                           by=ticket_resolution(tickets)).set_index("tickets")
    if not {"unresolved", "all resolved"} <= set(rates.index):
        raise CRMDataError("tickets needs both resolved and unresolved tickets to compare "
                           "them. Pass store.tickets.")
    unresolved = ticket_resolution(tickets)
    ids = unresolved.index[unresolved == "unresolved"]
    revenue = float(yearly_revenue(orders, end_date).reindex(ids).fillna(0).mean())
    r_u = float(rates.loc["unresolved", "defection_rate"])
    r_r = float(rates.loc["all resolved", "defection_rate"])
    n = int(rates.loc["unresolved", "customers"])
    return {"defection_unresolved": r_u, "defection_resolved": r_r, "unresolved_customers": n,
            "revenue_per_year": revenue, "kept_customers": (r_u - r_r) * n,
            "kept_revenue": (r_u - r_r) * n * revenue}
