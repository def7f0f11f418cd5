"""A fairer loyalty comparison: each member's orders before and after joining, against a
non-member who signed up in the same month and bought as often before that date (a matched
group), so that heavy buyers joining does not pass for the programme's effect."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_ids,
    require_whole_number,
)
from crm_lessons.retain.checks import require_day
from crm_lessons.retain.experiments import diff_in_diff

_SPAN = 1 << 24  # room for every day number in one customer's key: customer_id * _SPAN + day


def _window_counts(keys: np.ndarray, ids, start: int, stop: int) -> np.ndarray:
    """Orders of each customer in `ids` dated in [start, stop) (day numbers); `keys` holds
    customer_id * _SPAN + day of every order, sorted."""
    base = np.asarray(ids, dtype=np.int64) * _SPAN
    return (np.searchsorted(keys, base + stop) - np.searchsorted(keys, base + start)).astype(
        np.int64)


def matched_before_after(customers: pd.DataFrame, orders: pd.DataFrame, days: int = 180,
                         end_date: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Orders in the `days` days before and after each member's join date, for the member and
    for a matched non-member (same sign-up month, the closest number of orders in the window
    before that date). Members whose after-window runs past `end_date` are left out.

    Returns one row per person and period: pair, group ("member" or "matched"), period
    ("before" or "after") and orders; ``.attrs["effect"]`` is the difference in differences
    (:func:`crm_lessons.retain.diff_in_diff`).
    """
    require_columns(customers, "customers", ["customer_id", "signup_date", "loyalty_join_date"])
    require_columns(orders, "orders", ["customer_id", "order_date"])
    days = require_whole_number(days, "days", minimum=30, fix="Give a window such as 180 days.")
    odays = require_dates(orders, "orders", "order_date").to_numpy().astype("datetime64[D]").astype(np.int64)
    ocust = require_ids(orders, "orders", "customer_id").to_numpy()
    require_ids(customers, "customers", "customer_id")
    by_cust = np.sort(ocust.astype(np.int64) * _SPAN + odays)
    end = require_day(end_date, "end_date") if end_date is not None else pd.Timestamp(
        np.datetime64(int(odays.max()), "D"))  # the last order's day
    join = pd.to_datetime(customers["loyalty_join_date"], errors="coerce")
    month = require_dates(customers, "customers", "signup_date").dt.to_period("M")
    members = customers[join.notna() & (join + pd.Timedelta(days=days) <= end)]
    pool = customers[join.isna()]
    by_month = {m: g.to_numpy() for m, g in pool["customer_id"].groupby(month[pool.index])}
    rows = []
    for pair, (cid, j, m) in enumerate(zip(members["customer_id"], join[members.index],
                                           month[members.index], strict=True)):
        jd = int(np.datetime64(j, "D").astype(np.int64))
        cand = by_month.get(m, np.array([], dtype=np.int64))
        if cand.size == 0:
            continue
        mine = _window_counts(by_cust, [cid], jd - days, jd)[0]
        theirs = _window_counts(by_cust, cand, jd - days, jd)
        twin = cand[int(np.argmin(np.abs(theirs - mine)))]
        for group, who in (("member", cid), ("matched", twin)):
            for period, a, b in (("before", jd - days, jd), ("after", jd, jd + days)):
                n = _window_counts(by_cust, [who], a, b)[0]
                rows.append((pair, group, period, int(n)))
    if not rows:
        raise CRMDataError("No loyalty member could be matched with a non-member who signed up "
                           "in the same month. Pass store.customers and store.orders.")
    out = pd.DataFrame(rows, columns=["pair", "group", "period", "orders"])
    out.attrs["effect"] = diff_in_diff(out, "orders", "group", "period", "member", "after")
    return out
