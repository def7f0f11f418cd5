"""The per-customer summary that the lifetime-value models are fitted to: frequency, recency,
age (T) and repeat spend, and the checks every model runs on such a summary.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_dates,
    require_not_empty,
    require_numeric,
)
from crm_lessons.units import UNIT_DAYS, UNIT_NAMES, require_unit


def clean_transactions(transactions: pd.DataFrame, customer_col: str, date_col: str,
                       amount_col: str) -> pd.DataFrame:
    """Check a transactions table and return the customer, the day of each purchase (column
    ``_day``, without time of day or time zone) and the amount.

    >>> tx = pd.DataFrame({"c": [1], "d": pd.to_datetime(["2024-01-01 15:00"]), "a": [9.5]})
    >>> clean_transactions(tx, "c", "d", "a")["_day"].dt.hour.tolist()
    [0]
    """
    tx = require_columns(transactions, "transactions", [customer_col, date_col, amount_col])
    require_not_empty(tx, "transactions")
    if tx[customer_col].isna().any():
        raise CRMDataError(f"transactions.{customer_col} has {int(tx[customer_col].isna().sum())} "
                           f"missing customer ids. Drop those rows first (for example with "
                           f".dropna(subset=[{customer_col!r}])).")
    dates = require_dates(tx, "transactions", date_col)
    amount = require_numeric(tx, "transactions", amount_col)
    if not np.isfinite(amount.to_numpy()).all():
        raise CRMDataError(f"transactions.{amount_col} has infinite values. Remove those rows or "
                           f"correct them before computing.")
    if (amount < 0).any():
        bad = amount[amount < 0].iloc[0]
        raise CRMDataError(f"transactions.{amount_col} has negative amounts, such as {bad!r}: "
                           f"lifetime-value models count purchases, not returns. Remove returns "
                           f"and refunds first (for example tx[tx[{amount_col!r}] >= 0]).")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return pd.DataFrame({customer_col: tx[customer_col].to_numpy(),
                         "_day": dates.dt.normalize().to_numpy(),
                         amount_col: amount.to_numpy()})


def _as_day(value: Any, name: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise CRMDataError(f"purchase_summary: {name} should be a date such as '1997-09-30', "
                           f"got {value!r}.") from exc
    if ts is pd.NaT or pd.isna(ts):
        raise CRMDataError(f"purchase_summary: {name} should be a date such as '1997-09-30', "
                           f"got {value!r}.")
    if ts.tz is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def purchase_summary(transactions: pd.DataFrame, customer_col: str = "customer_id",
                     date_col: str = "date", amount_col: str = "amount",
                     calibration_end: Any = None, observation_end: Any = None,
                     freq: str = "W") -> pd.DataFrame:
    """Per-customer frequency, recency, age and repeat spend: the input of the CLV models.

    Purchases on the same day count as one purchase (their amounts are added). Only purchases
    up to and including `calibration_end` are used for the model's columns; customers whose
    first purchase comes later are left out. Durations are measured in `freq` units from each
    customer's first purchase:

    * ``frequency``: number of repeat purchases (days with a purchase, minus the first one);
    * ``recency``: time from the first to the last purchase (0 with no repeat purchase);
    * ``T``: time from the first purchase to `calibration_end` (the customer's age);
    * ``monetary_value``: mean amount of the repeat purchases (0 with no repeat purchase).

    With an `observation_end` after `calibration_end`, the hold-out period between them adds
    ``frequency_holdout`` (purchase days in the hold-out), ``monetary_holdout`` (their mean
    amount, 0 if none) and ``duration_holdout`` (its length in `freq` units).

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase.
    customer_col, date_col, amount_col : str
        Column names. Amounts must be 0 or more (a free item still counts as a visit; the
        spend model then rejects customers whose repeat purchases were all free).
    calibration_end : date-like, optional
        Last day of the calibration period; default the last purchase date.
    observation_end : date-like, optional
        Last day of the hold-out period; default no hold-out.
    freq : {"W", "D", "M"}
        Time unit (crm_lessons.units): weeks (default), days or months (MONTH_DAYS, a twelfth
        of 365.25 days).

    Returns
    -------
    DataFrame indexed by customer (sorted), float columns as above.

    Notes
    -----
    Times run from the start of one day to the start of another: a customer who first bought on
    1997-01-01 has T = 272 days = 38.86 weeks at calibration_end 1997-09-30, as in the published
    CDNOW summary that the BG/NBD and Pareto/NBD papers fit.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 2], "amount": [10.0, 4.0, 6.0, 8.0],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-01-15", "2024-01-08"])})
    >>> purchase_summary(tx, calibration_end="2024-01-29").loc[1].tolist()
    [1.0, 2.0, 4.0, 10.0]
    """
    freq = require_unit(freq, "purchase_summary: freq")
    tx = clean_transactions(transactions, customer_col, date_col, amount_col)
    cal_end = tx["_day"].max() if calibration_end is None else _as_day(calibration_end,
                                                                       "calibration_end")
    obs_end = None if observation_end is None else _as_day(observation_end, "observation_end")
    if obs_end is not None and obs_end <= cal_end:
        raise CRMDataError(f"purchase_summary: observation_end ({obs_end.date()}) must come after "
                           f"calibration_end ({cal_end.date()}); the hold-out period lies "
                           f"between them.")
    daily = tx.groupby([customer_col, "_day"], sort=True)[amount_col].sum().reset_index()
    cal = daily[daily["_day"] <= cal_end]
    if cal.empty:
        raise CRMDataError(f"purchase_summary: no purchase in transactions.{date_col} falls on or "
                           f"before calibration_end ({cal_end.date()}). Choose a later "
                           f"calibration_end.")
    unit = np.timedelta64(int(UNIT_DAYS[freq] * 86400 * 1000), "ms")
    g = cal.groupby(customer_col, sort=True)
    first = g["_day"].min()
    last = g["_day"].max()
    n = g["_day"].size().astype(float)
    total = g[amount_col].sum()
    first_amount = g[amount_col].first()
    frequency = n - 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        monetary = np.where(frequency > 0, (total - first_amount) / frequency.where(frequency > 0, 1.0),
                            0.0)
    out = pd.DataFrame({
        "frequency": frequency.to_numpy(),
        "recency": ((last - first) / unit).to_numpy(dtype=float),
        "T": ((cal_end - first) / unit).to_numpy(dtype=float),
        "monetary_value": np.asarray(monetary, dtype=float),
    }, index=first.index)
    if obs_end is not None:
        ho = daily[(daily["_day"] > cal_end) & (daily["_day"] <= obs_end)]
        ho = ho[ho[customer_col].isin(out.index)]
        hg = ho.groupby(customer_col)[amount_col]
        out["frequency_holdout"] = hg.size().reindex(out.index, fill_value=0).astype(float)
        out["monetary_holdout"] = hg.mean().reindex(out.index, fill_value=0.0).astype(float)
        out["duration_holdout"] = float((obs_end - cal_end) / unit)
    out.index.name = customer_col
    out.attrs["freq"] = freq
    return out


def summary_unit(summary: pd.DataFrame, unit: str | None = None, who: str = "") -> str:
    """The time unit of a summary: `unit` when given (checked, and it must agree with the
    summary's own ``summary.attrs["freq"]`` when that is set), else ``summary.attrs["freq"]``.

    A summary that does not say its unit (one read back from a CSV file, or built by hand) and
    no `unit` is refused: guessing weeks for a summary in days gives lifetime values several
    times too low without a word.

    >>> s = pd.DataFrame({"frequency": [1.0], "recency": [2.0], "T": [3.0]})
    >>> summary_unit(s, unit="D")
    'D'
    >>> s.attrs["freq"] = "W"
    >>> summary_unit(s)
    'W'
    """
    prefix = f"{who}: " if who else ""
    attrs = getattr(summary, "attrs", None)
    stated = attrs.get("freq") if isinstance(attrs, dict) else None
    if stated is not None:
        stated = require_unit(stated, f"{prefix}summary.attrs['freq']")
    if unit is not None:
        unit = require_unit(unit, f"{prefix}unit")
        if stated is not None and stated != unit:
            raise CRMDataError(
                f"{prefix}unit={unit!r} ({UNIT_NAMES[unit]}) disagrees with the summary, whose "
                f"summary.attrs['freq'] says {stated!r} ({UNIT_NAMES[stated]}): its frequency, "
                f"recency and T are counted in {UNIT_NAMES[stated]}. Leave unit out, or rebuild "
                f"the summary with purchase_summary(..., freq={unit!r}).")
        return unit
    if stated is None:
        raise CRMDataError(
            f"{prefix}the summary does not say its time unit (summary.attrs['freq'] is not set, "
            f"for example after a round trip through a CSV file), so its recency and T could "
            f"be days or weeks. Pass unit='W' (weeks) or unit='D' (days) to the fit, or set "
            f"summary.attrs['freq'].")
    return stated


def summary_arrays(summary: pd.DataFrame, who: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check a per-customer summary (`who` names the caller in the messages) and return its
    frequency, recency and T as arrays.

    >>> s = pd.DataFrame({"frequency": [2.0], "recency": [30.4], "T": [38.9]})
    >>> [a.tolist() for a in summary_arrays(s, "fit_bgnbd")]
    [[2.0], [30.4], [38.9]]
    """
    s = require_columns(summary, "summary", ["frequency", "recency", "T"])
    require_not_empty(s, "summary")
    x = require_numeric(s, "summary", "frequency", min_value=0).to_numpy()
    tx = require_numeric(s, "summary", "recency", min_value=0).to_numpy()
    T = require_numeric(s, "summary", "T", min_value=0).to_numpy()
    if not (np.isfinite(x).all() and np.isfinite(tx).all() and np.isfinite(T).all()):
        raise CRMDataError(f"{who}: summary has infinite frequency, recency or T. Rebuild it "
                           f"with purchase_summary().")
    if (x != np.round(x)).any():
        raise CRMDataError(f"{who}: summary.frequency must count whole repeat purchases, but has "
                           f"values such as {x[x != np.round(x)][0]!r}. Rebuild it with "
                           f"purchase_summary().")
    above = tx > T * (1 + 1e-9) + 1e-12
    if above.any():
        who_id = s.index[np.flatnonzero(above)[0]]
        raise CRMDataError(f"{who}: summary.recency is above T for {int(above.sum())} customers "
                           f"(for example customer {who_id!r}): a last purchase cannot come after "
                           f"the end of the calibration period. Rebuild the summary with "
                           f"purchase_summary(), with one calibration_end for all.")
    if ((x == 0) & (tx > 0)).any():
        raise CRMDataError(f"{who}: summary.recency is above 0 for customers with frequency 0 "
                           f"(no repeat purchase, so no time between first and last purchase). "
                           f"Rebuild the summary with purchase_summary().")
    return x, tx, T

