"""The checks of a BG/BB summary (frequency, recency, periods and optional weights, counted in
opportunities) and of its unit, before the model is fitted or asked for a prediction."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.clv.fitting import warn_few
from crm_lessons.clv.summary import summary_unit
from crm_lessons.errors import CRMDataError, require_columns, require_not_empty, require_numeric

BGBB_COLUMNS = ["frequency", "recency", "periods"]


def bgbb_unit(summary: pd.DataFrame, unit: str | None, who: str) -> str | None:
    """The length of one opportunity when `unit` or the summary states it ("D", "W", "M"),
    else None (opportunities of a length the summary does not state, such as a year).

    >>> bgbb_unit(pd.DataFrame({"frequency": [1]}), None, "fit_bgbb") is None
    True
    """
    if unit is None and getattr(summary, "attrs", {}).get("freq") is None:
        return None
    return summary_unit(summary, unit, who)


def _plain_numbers(s: pd.DataFrame, column: str) -> np.ndarray | None:
    """The column as floats when it is numeric, finite and not below 0 (checked in numpy, a
    fraction of the pandas checks' cost on a small summary); None when the full checks should
    say what is wrong."""
    col = s[column]
    if pd.api.types.is_bool_dtype(col) or not pd.api.types.is_numeric_dtype(col):
        return None
    v = col.to_numpy(dtype=float)
    return v if np.isfinite(v).all() and (v >= 0).all() else None


def _whole(s: pd.DataFrame, column: str) -> np.ndarray:
    v = _plain_numbers(s, column)
    if v is not None and (v == np.round(v)).all():
        return v
    v = require_numeric(s, "summary", column, min_value=0).to_numpy()
    bad = ~np.isfinite(v) | (v != np.round(v))
    if bad.any():
        raise CRMDataError(f"summary.{column} should count whole opportunities (0, 1, 2, ...), "
                           f"but has values such as {v[bad][0]!r}. Fix those rows.")
    return v


def bgbb_arrays(summary: pd.DataFrame, who: str) -> tuple[np.ndarray, ...]:
    """Check a BG/BB summary and return frequency, recency, periods and weights as arrays
    (weights 1 when the summary has no weights column).

    >>> s = pd.DataFrame({"frequency": [2], "recency": [3], "periods": [6]})
    >>> [a.tolist() for a in bgbb_arrays(s, "fit_bgbb")]
    [[2.0], [3.0], [6.0], [1.0]]
    """
    s = require_columns(summary, "summary", BGBB_COLUMNS)
    require_not_empty(s, "summary")
    x, tx, n = (_whole(s, c) for c in BGBB_COLUMNS)
    if "weights" in s.columns:
        w = _plain_numbers(s, "weights")
        if w is None:
            w = require_numeric(s, "summary", "weights", min_value=0).to_numpy()
        if not np.isfinite(w).all() or w.sum() <= 0:
            raise CRMDataError("summary.weights should count the customers each row stands "
                               "for (numbers of 0 or more, not all 0, none infinite). Fix "
                               "that column, or drop it if every row is one customer.")
    else:
        w = np.ones(len(x))
    checks = [(x > tx, "frequency is above recency (more opportunities taken than had passed "
                       "by the last one taken)"),
              (tx > n, "recency is above periods (the last opportunity taken comes after the "
                       "last one there was)"),
              ((x == 0) & (tx > 0), "recency is above 0 with frequency 0 (no opportunity taken, "
                                    "so there is no last one)")]
    for bad, what in checks:
        if bad.any():
            raise CRMDataError(f"{who}: in {int(bad.sum())} rows of the summary {what}, for "
                               f"example row {s.index[np.flatnonzero(bad)[0]]!r}. Count "
                               "frequency, recency and periods in opportunities from the first "
                               "purchase, as in load_donations().")
    return x, tx, n, w


def require_bgbb_identifiable(x: np.ndarray, n: np.ndarray, w: np.ndarray) -> None:
    """Raise CRMDataError when a BG/BB summary cannot identify the model: no opportunity taken,
    every opportunity taken, or all customers alike; warn when few customers carry the fit.

    >>> require_bgbb_identifiable(np.zeros(2), np.full(2, 6.0), np.ones(2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    crm_lessons.errors.CRMDataError: fit_bgbb: no customer in the summary took an opportunity ...
    """
    use = w > 0
    if not (x[use] > 0).any():
        raise CRMDataError("fit_bgbb: no customer in the summary took an opportunity after the "
                           "first (frequency is 0 for all), so the data cannot tell how often "
                           "customers come back: the BG/BB model cannot be fitted. Use more "
                           "opportunities (a longer period) or more customers.")
    if (x[use] == n[use]).all():
        raise CRMDataError("fit_bgbb: every customer took every opportunity (frequency equals "
                           "periods in every row), so nobody ever skipped or left and the model "
                           "has nothing to estimate. Check how the summary was built.")
    if len(np.unique(np.c_[x, n][use], axis=0)) < 2:
        raise CRMDataError("fit_bgbb: every customer in the summary has the same frequency and "
                           "periods, so the data cannot tell customers apart. Check how the "
                           "summary was built (one row per customer or per group of alike "
                           "customers with weights).")
    warn_few(int(round(w[use & (x > 0)].sum())), int(round(w.sum())), "fit_bgbb",
             "took an opportunity after the first")
