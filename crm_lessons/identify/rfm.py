"""RFM: recency, frequency and monetary value of every customer, and their scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_ids,
    require_not_empty,
    require_numeric,
    require_whole_number,
)
from crm_lessons.identify.checks import require_rfm

RFM_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary"]


def rfm_table(orders: pd.DataFrame, as_of: object = None) -> pd.DataFrame:
    """Recency, frequency and monetary value of every customer who ordered.

    Parameters
    ----------
    orders : DataFrame
        With columns customer_id, order_date and revenue (EUR).
    as_of : date-like, optional
        "Today" for recency, e.g. ``store.end_date``; default the last order date in `orders`.
        Orders after `as_of` are left out (the table describes what was known on that day).

    Returns
    -------
    DataFrame sorted by customer_id with columns customer_id, recency_days (days since the last
    order), frequency (number of orders), monetary (total revenue, EUR), last_order_date.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2], "revenue": [20.0, 30.0, 5.0],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"])})
    >>> rfm_table(orders, as_of="2024-03-31")[["recency_days", "frequency", "monetary"]].values.tolist()
    [[30.0, 2.0, 50.0], [59.0, 1.0, 5.0]]
    """
    orders = require_columns(orders, "orders", ["customer_id", "order_date", "revenue"])
    require_not_empty(orders, "orders")
    dates = require_dates(orders, "orders", "order_date")
    revenue = require_numeric(orders, "orders", "revenue")
    if orders["customer_id"].isna().any():
        raise CRMDataError("orders.customer_id has missing values. Drop those rows first "
                           "(for example with .dropna(subset=['customer_id'])).")
    ids = require_ids(orders, "orders", "customer_id")
    if as_of is None:
        today = dates.max()
    else:
        try:
            today = pd.Timestamp(as_of)
        except (TypeError, ValueError) as exc:
            raise CRMDataError(f"as_of should be a date such as store.end_date or "
                               f"'2024-12-31', but got {as_of!r}.") from exc
        if pd.isna(today):
            raise CRMDataError("as_of is missing; pass a date such as store.end_date.")
    keep = (dates <= today).to_numpy()
    if not keep.any():
        raise CRMDataError(f"orders has no order on or before as_of={today.date()}, so there is "
                           f"nothing to score. Pass a later as_of, e.g. store.end_date.")
    frame = pd.DataFrame({"customer_id": ids.to_numpy()[keep],
                          "order_date": dates.to_numpy()[keep],
                          "revenue": revenue.to_numpy()[keep]})
    out = frame.groupby("customer_id", sort=True).agg(
        last_order_date=("order_date", "max"), frequency=("order_date", "size"),
        monetary=("revenue", "sum")).reset_index()
    out["recency_days"] = ((today - out["last_order_date"]).dt.days).astype(float)
    out["frequency"] = out["frequency"].astype(int)
    out["customer_id"] = out["customer_id"].astype("int64")
    return out[RFM_COLUMNS + ["last_order_date"]]


def _quantile_scores(values: np.ndarray, tiebreak: np.ndarray, ids: np.ndarray, bins: int,
                     high_is_good: bool) -> np.ndarray:
    """Scores 1..bins from equal-sized groups of the rank; ties broken by `tiebreak` (higher
    ranks higher), then by customer_id."""
    n = len(values)
    key = values if high_is_good else -values
    order = np.lexsort((ids, tiebreak, key))  # ascending: worst first
    rank = np.empty(n, dtype=float)
    rank[order] = np.arange(n)
    return (np.floor(rank * bins / n) + 1).astype(int)


def _edge_scores(values: np.ndarray, edges: object, name: str, high_is_good: bool) -> np.ndarray:
    try:
        e = np.asarray(edges, dtype=float)
    except (TypeError, ValueError) as exc:
        raise CRMDataError(f"{name} should be a list of numbers, but got {edges!r}.") from exc
    if e.ndim != 1 or len(e) < 1 or np.isnan(e).any() or (np.diff(e) <= 0).any():
        raise CRMDataError(f"{name} should be increasing numbers such as [30, 60, 90, 180], "
                           f"but got {edges!r}.")
    # number of edges strictly below the value: 0 .. len(e)
    step = np.searchsorted(e, values, side="left")
    return (len(e) + 1 - step) if not high_is_good else (step + 1)


def rfm_scores(rfm: pd.DataFrame, bins: int = 5, recency_edges: object = None,
               frequency_edges: object = None, monetary_edges: object = None) -> pd.DataFrame:
    """Add r_score, f_score and m_score (1 = worst, `bins` = best) to an RFM table.

    By default each score splits customers into `bins` equal groups (quintiles for 5) by rank.
    Customers with the same value are ordered by the next measure (spend for frequency and
    recency, number of orders for spend), then by customer_id, so every group has the same
    size and the result does not depend on row order. Recent customers get high recency scores.
    Passing edges (increasing cut points) scores by fixed thresholds instead: a recency of at
    most the first edge scores ``len(edges) + 1``, and so on.

    Parameters
    ----------
    rfm : DataFrame from :func:`rfm_table`.
    bins : int
        Number of score levels for quantile scoring, 2-10 (default 5).
    recency_edges, frequency_edges, monetary_edges : list of numbers, optional
        Fixed thresholds (days, orders, EUR) replacing the quantile scores of that column.

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "recency_days": [5, 50, 20, 300, 90],
    ...                     "frequency": [9, 1, 4, 1, 2], "monetary": [500, 20, 90, 15, 60]})
    >>> rfm_scores(rfm)[["r_score", "f_score", "m_score"]].values.tolist()[0]
    [5, 5, 5]
    """
    rfm = require_rfm(rfm)
    bins = require_whole_number(bins, "bins", minimum=2, maximum=10, fix="5 gives quintiles.")
    ids = rfm["customer_id"].to_numpy()
    out = rfm.copy()
    specs = [("r_score", "recency_days", "monetary", recency_edges, False),
             ("f_score", "frequency", "monetary", frequency_edges, True),
             ("m_score", "monetary", "frequency", monetary_edges, True)]
    for score, col, tie, edges, good in specs:
        values = rfm[col].to_numpy(dtype=float)
        if edges is None:
            out[score] = _quantile_scores(values, rfm[tie].to_numpy(dtype=float), ids,
                                          int(bins), good)
        else:
            out[score] = _edge_scores(values, edges, f"{col.split('_')[0]}_edges", good)
    return out
