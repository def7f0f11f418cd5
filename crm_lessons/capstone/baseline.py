"""Each lesson-02 segment's starting point: how many customers, their yearly retention and
their yearly margin, measured over the last year of the data.
"""

from __future__ import annotations

import pandas as pd

from crm_lessons.develop import customer_profit
from crm_lessons.errors import CRMDataError, require_columns, require_dates, require_not_empty
from crm_lessons.identify import rfm_scores, rfm_segments, rfm_table

BASELINE_COLUMNS = ["segment", "customers", "retention", "margin"]


def segment_baseline(orders: pd.DataFrame, order_lines: pd.DataFrame, products: pd.DataFrame,
                     tickets: pd.DataFrame | None, end_date: object) -> pd.DataFrame:
    """Per RFM segment: customers, retention and margin, in the course's definitions.

    Customers are put in their lesson-02 segment as they stood one year before `end_date`.
    Retention is the share of them who bought again in the following year (lesson 01's
    definition); margin is the profit (``develop.customer_profit``: revenue less discounts,
    returns, cost of goods and the tickets opened in that year) per customer who bought in
    that year, EUR.

    Returns
    -------
    DataFrame with columns segment, customers, retention (0-1), margin (EUR per year).

    Examples
    --------
    >>> segment_baseline(store.orders, store.order_lines, store.products, store.tickets,
    ...                  store.end_date)  # doctest: +SKIP
    """
    require_not_empty(require_columns(orders, "orders", ["customer_id", "order_date"]), "orders")
    dates = require_dates(orders, "orders", "order_date")
    try:
        end = pd.Timestamp(end_date)
    except (TypeError, ValueError):
        raise CRMDataError(f"end_date should be a date such as '2025-12-31', not {end_date!r}."
                           ) from None
    start = end - pd.Timedelta(days=365)
    past, year = orders[dates <= start], orders[(dates > start) & (dates <= end)]
    if past.empty or year.empty:
        raise CRMDataError("orders needs orders both before and within the last year before "
                           f"end_date ({start:%Y-%m-%d} to {end:%Y-%m-%d}). Give more history.")
    scored = rfm_scores(rfm_table(past, as_of=start))
    scored["segment"] = rfm_segments(scored)
    if tickets is not None:   # the service costs of the same year only
        opened = require_dates(require_columns(tickets, "tickets", ["opened_date"]), "tickets",
                               "opened_date")
        tickets = tickets[(opened > start) & (opened <= end)]
    profit = customer_profit(year, order_lines, products, tickets).set_index(
        "customer_id")["profit"]
    kept = scored["customer_id"].isin(year["customer_id"])
    scored["retention"] = kept.astype(float)
    scored["margin"] = scored["customer_id"].map(profit).where(kept)
    out = scored.groupby("segment", observed=True).agg(
        customers=("customer_id", "size"), retention=("retention", "mean"),
        margin=("margin", "mean")).reset_index()
    out["segment"] = out["segment"].astype(str)
    out["margin"] = out["margin"].fillna(0.0)
    return out[BASELINE_COLUMNS]


def require_baseline(baseline: object, table: str = "baseline") -> pd.DataFrame:
    """Check a baseline table (segment, customers, retention, margin) and return it.

    >>> require_baseline(pd.DataFrame({"segment": ["a"], "customers": [10],
    ...                                "retention": [0.8], "margin": [50.0]})).shape
    (1, 4)
    """
    df = require_not_empty(require_columns(baseline, table, BASELINE_COLUMNS), table)
    r = pd.to_numeric(df["retention"], errors="coerce")
    if r.isna().any() or ((r < 0) | (r > 1)).any():
        raise CRMDataError(f"{table}.retention should be a fraction from 0 to 1 (0.8 for 80%) "
                           f"for every segment. Fix the rows outside it.")
    for col in ("customers", "margin"):
        if pd.to_numeric(df[col], errors="coerce").isna().any():
            raise CRMDataError(f"{table}.{col} should hold a number for every segment.")
    return df
