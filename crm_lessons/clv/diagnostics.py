"""The tables behind the diagnostic charts of a fitted lifetime-value model: does it describe
the data it was fitted on, and does it predict the period it did not see?

- :func:`repeat_count_table`: customers by number of repeat purchases in the calibration
  period, actual against the model's expectation;
- :func:`holdout_table`: mean purchases in the hold-out period by calibration frequency,
  actual against predicted;
- :func:`tracking_table`: cumulative repeat purchases week by week over calibration and
  hold-out, actual against predicted (the CDNOW tracking plot);
- :func:`alive_matrix`, :func:`expected_matrix`: probability alive and expected purchases of a
  customer for each frequency and recency (the heat maps);
- :func:`survival_table`: an sBG model's survival and retention against its cohort's, with the
  projection beyond the data.

Each table carries its time unit in ``attrs["freq"]`` for the charts' labels.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.clv.bgbb import BGBB
from crm_lessons.clv.bgbb_data import bgbb_arrays, bgbb_unit
from crm_lessons.clv.bgnbd import BGNBD
from crm_lessons.clv.fitting import PurchaseModel, model_unit
from crm_lessons.clv.mbgnbd import MBGNBD
from crm_lessons.clv.pareto import ParetoNBD
from crm_lessons.clv.sbg import SBG
from crm_lessons.clv.special import beta_geometric_counts, pareto_nbd_counts
from crm_lessons.clv.summary import clean_transactions, summary_arrays
from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_number,
    require_numeric,
    require_whole_number,
)
from crm_lessons.units import UNIT_DAYS

#: The heat maps show at most this many recency columns (wider ranges are stepped).
MAX_RECENCY_COLUMNS = 40


def _purchase_model(model: Any, who: str, kinds=(PurchaseModel,), what: str = "") -> None:
    if not isinstance(model, kinds):
        raise CRMDataError(f"{who}: model should be a fitted purchase model "
                           f"({what or 'from fit_bgnbd, fit_mbgnbd or fit_pareto_nbd'}), but "
                           f"got {type(model).__name__}. Fit one first, e.g. "
                           "model = fit_bgnbd(summary).")


def _checked(model: PurchaseModel, summary: pd.DataFrame, unit: str | None, who: str,
             extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The summary's model columns (checked) as a new frame stamped with the model's unit."""
    unit = model_unit(model, summary, unit, who)
    summary_arrays(summary, who)
    s = require_columns(summary, "summary", list(extra))[["frequency", "recency", "T",
                                                          *extra]].copy()
    s.attrs["freq"] = unit
    return s


def _bins(values: np.ndarray, top: int) -> np.ndarray:
    return np.minimum(values, top).astype(int)


def _labels(top: int) -> list[str]:
    return [str(k) for k in range(top)] + [f"{top}+"]


def repeat_count_table(model: Any, summary: pd.DataFrame, max_count: int = 7,
                       unit: str | None = None) -> pd.DataFrame:
    """Customers by number of repeat purchases in the calibration period, actual against the
    number the model expects: for each customer of age T, the model's chance of each count
    within T, added up (BG/NBD, MBG/NBD, Pareto/NBD). Counts of `max_count` or more share the
    last row.

    Returns
    -------
    DataFrame with columns repeat_purchases (label: "0", "1", ..., "7+"), actual, model.

    Examples
    --------
    >>> repeat_count_table(fit_bgnbd(s), s).head(3)          # doctest: +SKIP
    """
    who = "repeat_count_table"
    _purchase_model(model, who, (BGNBD, MBGNBD, ParetoNBD))
    top = require_whole_number(max_count, f"{who}: max_count", minimum=1, maximum=1000,
                               fix="Give the count where the last bar starts, e.g. 7.")
    s = _checked(model, summary, unit, who)
    x, T = s["frequency"].to_numpy(), s["T"].to_numpy()
    ages, per_age = np.unique(T, return_counts=True)
    p, counts = model.params, np.arange(top, dtype=float)[None, :]
    if isinstance(model, ParetoNBD):
        probs = pareto_nbd_counts(p["r"], p["alpha"], p["s"], p["beta"], counts, ages[:, None])
    else:
        probs = beta_geometric_counts(p["r"], p["alpha"], p["a"], p["b"], counts, ages[:, None],
                                      shift=1 if isinstance(model, MBGNBD) else 0)
    expected = per_age @ probs
    expected = np.append(expected, max(len(x) - expected.sum(), 0.0))
    actual = np.bincount(_bins(x, top), minlength=top + 1).astype(float)
    out = pd.DataFrame({"repeat_purchases": _labels(top), "actual": actual, "model": expected})
    out.attrs["freq"] = s.attrs["freq"]
    return out


def holdout_table(model: Any, summary: pd.DataFrame, max_frequency: int = 7,
                  unit: str | None = None) -> pd.DataFrame:
    """Mean purchases in the hold-out period by calibration frequency: actual (the summary's
    frequency_holdout) against predicted (expected purchases over duration_holdout), as in
    Fader, Hardie and Lee's conditional expectations. Frequencies of `max_frequency` or more
    share the last row.

    Returns
    -------
    DataFrame with columns frequency (label), customers, actual, predicted.

    Examples
    --------
    >>> s = purchase_summary(tx, calibration_end="1997-09-30",      # doctest: +SKIP
    ...                      observation_end="1998-06-30")
    >>> holdout_table(fit_bgnbd(s), s)                       # doctest: +SKIP
    """
    who = "holdout_table"
    _purchase_model(model, who)
    top = require_whole_number(max_frequency, f"{who}: max_frequency", minimum=1, maximum=1000,
                               fix="Give the frequency where the last group starts, e.g. 7.")
    s = _checked(model, summary, unit, who, ("frequency_holdout", "duration_holdout"))
    actual = require_numeric(s, "summary", "frequency_holdout", min_value=0).to_numpy()
    duration = require_numeric(s, "summary", "duration_holdout", min_value=0).to_numpy()
    if not (np.isfinite(actual).all() and np.isfinite(duration).all()):
        raise CRMDataError(f"{who}: summary.frequency_holdout and duration_holdout must be "
                           "finite. Rebuild the summary with purchase_summary(..., "
                           "observation_end=...).")
    predicted = np.zeros(len(s))
    for d in np.unique(duration):            # usually one hold-out length for everyone
        rows = duration == d
        predicted[rows] = model.expected_purchases(s[rows], float(d)).to_numpy()
    groups = _bins(s["frequency"].to_numpy(), top)
    customers = np.bincount(groups, minlength=top + 1).astype(float)
    with np.errstate(invalid="ignore"):
        mean_actual = np.bincount(groups, actual, top + 1) / customers
        mean_pred = np.bincount(groups, predicted, top + 1) / customers
    out = pd.DataFrame({"frequency": _labels(top), "customers": customers,
                        "actual": mean_actual, "predicted": mean_pred})
    out = out[out["customers"] > 0].reset_index(drop=True)
    out.attrs["freq"] = s.attrs["freq"]
    return out


def _day(value: Any, name: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        ts = pd.NaT
    if ts is pd.NaT or pd.isna(ts):
        raise CRMDataError(f"tracking_table: {name} should be a date such as '1997-09-30', "
                           f"got {value!r}.")
    return (ts.tz_localize(None) if ts.tz is not None else ts).normalize()


def tracking_table(model: Any, transactions: pd.DataFrame, calibration_end: Any,
                   observation_end: Any, customer_col: str = "customer_id",
                   date_col: str = "date", amount_col: str = "amount") -> pd.DataFrame:
    """Cumulative repeat purchases of the customers who first bought by `calibration_end`,
    week by week to `observation_end`: actual (purchase days after each customer's first, as
    in purchase_summary) against predicted (each customer's expected repeat purchases since
    their first purchase, from the model's expected_purchases_new, added up).

    Returns
    -------
    DataFrame with columns week (1, 2, ...), week_end (first day after the week), period
    ("calibration" or "holdout"), actual, predicted (cumulative) and actual_weekly,
    predicted_weekly (the purchases of that week alone).

    Examples
    --------
    >>> tracking_table(fit_bgnbd(s), load_cdnow(), "1997-09-30", "1998-06-30")  # doctest: +SKIP
    """
    who = "tracking_table"
    _purchase_model(model, who)
    cal_end, obs_end = _day(calibration_end, "calibration_end"), _day(observation_end,
                                                                      "observation_end")
    if obs_end <= cal_end:
        raise CRMDataError(f"{who}: observation_end ({obs_end.date()}) must come after "
                           f"calibration_end ({cal_end.date()}); the hold-out lies between.")
    tx = clean_transactions(transactions, customer_col, date_col, amount_col)
    days = tx[[customer_col, "_day"]].drop_duplicates()
    first = days.groupby(customer_col)["_day"].transform("min")
    keep = (first <= cal_end) & (days["_day"] <= obs_end)
    if not keep.any():
        raise CRMDataError(f"{who}: no customer in transactions first bought on or before "
                           f"calibration_end ({cal_end.date()}). Choose a later one.")
    days, first = days[keep], first[keep]
    start = first.min()
    stop = obs_end + pd.Timedelta(days=1)
    weeks = int(np.ceil((stop - start).days / 7))
    bounds = np.minimum((start + pd.to_timedelta(7 * np.arange(1, weeks + 1), unit="D"))
                        .to_numpy(), stop.to_datetime64())
    repeat = days["_day"][days["_day"] > first].to_numpy()
    actual = np.searchsorted(np.sort(repeat), bounds, side="left").astype(float)
    firsts, count = np.unique(first.groupby(days[customer_col]).first().to_numpy(),
                              return_counts=True)
    ages = (bounds[None, :] - firsts[:, None]) / np.timedelta64(1, "D")
    ages = np.maximum(ages, 0.0) / UNIT_DAYS[model.freq]
    uniq, inv = np.unique(ages, return_inverse=True)
    predicted = count @ np.asarray(model.expected_purchases_new(uniq))[inv.reshape(ages.shape)]
    out = pd.DataFrame({"week": np.arange(1, weeks + 1), "week_end": bounds,
                        "period": np.where(bounds <= (cal_end + pd.Timedelta(days=1)).to_datetime64(),
                                           "calibration", "holdout"),
                        "actual": actual, "predicted": predicted})
    out["actual_weekly"] = np.diff(actual, prepend=0.0)
    out["predicted_weekly"] = np.diff(predicted, prepend=0.0)
    out.attrs["freq"] = model.freq
    out.attrs["calibration_end"] = cal_end
    return out


def _grid_axes(summary_max_x: float, T: float, max_frequency: int | None, who: str):
    top = int(summary_max_x) if max_frequency is None else require_whole_number(
        max_frequency, f"{who}: max_frequency", minimum=1, maximum=500,
        fix="Give the highest frequency to show, e.g. 20.")
    step = max(1.0, float(np.ceil(T / MAX_RECENCY_COLUMNS)))
    recency = np.arange(0.0, np.floor(T) + step / 2, step)
    recency = recency[recency <= T]
    return np.arange(max(top, 1) + 1, dtype=float), recency


def _purchase_grid(model: PurchaseModel, summary, unit, max_frequency, who, values):
    s = _checked(model, summary, unit, who)
    T = float(s["T"].max())
    if T <= 0:
        raise CRMDataError(f"{who}: every customer's T is 0, so there is no recency to show. "
                           "Use a summary with a calibration period.")
    freqs, rec = _grid_axes(s["frequency"].max(), T, max_frequency, who)
    xx, rr = np.meshgrid(freqs, rec, indexing="ij")
    rr = np.where(xx == 0, 0.0, rr)              # no repeat purchase: no recency either
    grid = pd.DataFrame({"frequency": xx.ravel(), "recency": rr.ravel(),
                         "T": np.full(xx.size, T)})
    grid.attrs["freq"] = s.attrs["freq"]
    table = pd.DataFrame(values(grid).reshape(xx.shape), index=pd.Index(freqs, name="frequency"),
                         columns=pd.Index(rec, name="recency"))
    table.attrs.update({"freq": s.attrs["freq"], "T": T})
    return table


def _bgbb_grid(model: BGBB, summary, unit, max_frequency, who, values):
    stated = bgbb_unit(summary, unit, who)
    if stated != model.freq:
        raise CRMDataError(f"{who}: the summary's unit ({stated!r}) is not the model's "
                           f"({model.freq!r}). Use the summary the model was fitted on.")
    _, _, n, _ = bgbb_arrays(summary, who)
    periods = float(n.max())
    freqs = np.arange(int(periods if max_frequency is None else min(
        require_whole_number(max_frequency, f"{who}: max_frequency", minimum=1, maximum=500),
        periods)) + 1, dtype=float)
    rec = np.arange(periods + 1)
    xx, rr = np.meshgrid(freqs, rec, indexing="ij")
    ok = (xx <= rr) & ((xx > 0) | (rr == 0))
    grid = pd.DataFrame({"frequency": xx[ok], "recency": rr[ok],
                         "periods": np.full(int(ok.sum()), periods)})
    grid.attrs["freq"] = model.freq
    full = np.full(xx.shape, np.nan)              # cells no customer can be in stay empty
    full[ok] = values(grid)
    table = pd.DataFrame(full, index=pd.Index(freqs, name="frequency"),
                         columns=pd.Index(rec, name="recency"))
    table.attrs.update({"freq": model.freq, "T": periods, "opportunities": True})
    return table


def alive_matrix(model: Any, summary: pd.DataFrame, max_frequency: int | None = None,
                 unit: str | None = None) -> pd.DataFrame:
    """Probability that a customer is still active, for each frequency (rows, 0 to
    `max_frequency`, default the summary's highest) and recency (columns, 0 to the summary's
    largest T, at most 40 steps), for a customer of that largest age T. A BG/BB model gives it
    at the next opportunity, by opportunities; impossible cells (more purchases than
    opportunities by the last one) are empty.

    Examples
    --------
    >>> alive_matrix(fit_bgnbd(s), s).iloc[:3, :3]           # doctest: +SKIP
    """
    who = "alive_matrix"
    if isinstance(model, BGBB):
        return _bgbb_grid(model, summary, unit, max_frequency, who,
                          lambda g: model.probability_alive(g).to_numpy())
    _purchase_model(model, who, what="from fit_bgnbd, fit_mbgnbd, fit_pareto_nbd or fit_bgbb")
    return _purchase_grid(model, summary, unit, max_frequency, who,
                          lambda g: model.probability_alive(g).to_numpy())


def expected_matrix(model: Any, summary: pd.DataFrame, t: float,
                    max_frequency: int | None = None, unit: str | None = None) -> pd.DataFrame:
    """Expected purchases in the next `t` time units (BG/BB: the next `t` opportunities) for
    each frequency and recency, laid out as :func:`alive_matrix`.

    Examples
    --------
    >>> expected_matrix(fit_bgnbd(s), s, t=39).iloc[:3, :3]  # doctest: +SKIP
    """
    who = "expected_matrix"
    t = require_number(t, f"{who}: t", minimum=0,
                       fix="Give the future period, e.g. 39 (weeks) or 5 (opportunities).")
    if isinstance(model, BGBB):
        if t != round(t):
            raise CRMDataError(f"{who}: t counts future opportunities for a BG/BB model, so it "
                               f"should be a whole number, got {t!r}.")
        table = _bgbb_grid(model, summary, unit, max_frequency, who,
                           lambda g: model.expected_transactions(g, int(t)).to_numpy())
    else:
        _purchase_model(model, who,
                        what="from fit_bgnbd, fit_mbgnbd, fit_pareto_nbd or fit_bgbb")
        table = _purchase_grid(model, summary, unit, max_frequency, who,
                               lambda g: model.expected_purchases(g, t).to_numpy())
    table.attrs["t"] = float(t)
    return table


def survival_table(model: Any, periods: int | None = None) -> pd.DataFrame:
    """An sBG model's survival and retention period by period against the cohort it was fitted
    on, and beyond it (the projection) up to `periods` (default twice the data's length).

    Returns
    -------
    DataFrame with columns period (0, 1, ...), part ("fitted" while there are data, then
    "projected"), observed and model (share still active at the start of the period; observed
    is empty where there are no data), observed_retention and model_retention (share of those
    active at the previous period still active; empty at period 0).

    Examples
    --------
    >>> survival_table(fit_sbg([1000, 869, 743, 653, 593]))  # doctest: +SKIP
    """
    who = "survival_table"
    if not isinstance(model, SBG):
        raise CRMDataError(f"{who}: model should be a fitted sBG model (from fit_sbg), but got "
                           f"{type(model).__name__}. Fit one first: model = fit_sbg(survivors).")
    data = np.asarray(model.survivors, dtype=float)
    last = 2 * (len(data) - 1) if periods is None else require_whole_number(
        periods, f"{who}: periods", minimum=1, maximum=10_000,
        fix="Give the last period to show, e.g. 12.")
    t = np.arange(last + 1)
    observed = np.full(len(t), np.nan)
    shown = min(len(data), len(t))
    observed[:shown] = data[:shown] / data[0]
    curve = model.survival(t)
    with np.errstate(invalid="ignore", divide="ignore"):
        obs_ret = np.r_[np.nan, observed[1:] / observed[:-1]]
    mod_ret = np.r_[np.nan, model.retention(t[1:])] if last >= 1 else np.array([np.nan])
    return pd.DataFrame({"period": t, "part": np.where(t < len(data), "fitted", "projected"),
                         "observed": observed, "model": curve,
                         "observed_retention": obs_ret, "model_retention": mod_ret})
