"""Customer lifetime value: simple formulas, cohorts, and the models of customer-base analysis.

Lifetime value is what a customer is worth to the firm over the whole relationship: the margin
they will bring in each future period, counted only while they stay, and worth less the further
away it lies (a dollar next year is worth less than a dollar today, hence the discount rate).

Three ways to estimate it, from the simplest to the richest:

* **Simple lifetime value** (:func:`simple_clv`). Assume every customer brings the same margin
  each period and stays from one period to the next with the same probability (the retention
  rate). Add up the discounted margins, forever or over a fixed number of periods.
* **Cohort lifetime value** (:func:`cohort_value`). Group customers by the month they first
  bought, and add up what each group actually spent, per customer, one period after another.
  It needs no model, only history, so it says nothing about the future beyond what has been seen.
* **Probabilistic models** for a business where customers can leave silently (a shop, a web
  store: nobody cancels a subscription). Each model is fitted to a small per-customer summary
  (:func:`purchase_summary`): how many times the customer came back (frequency), when they last
  bought (recency) and how long we have known them (T).

  - **BG/NBD** (:func:`fit_bgnbd`): while active, a customer buys at their own steady pace, and
    the pace differs from one customer to the next (a gamma distribution with parameters r and
    alpha). After each purchase the customer may leave for good, with a probability of their own
    (a beta distribution with parameters a and b).
  - **Pareto/NBD** (:func:`fit_pareto_nbd`): the same buying process, but a customer can leave at
    any moment, not only just after a purchase; how long each stays follows an exponential
    lifetime whose rate differs between customers (a gamma distribution with s and beta).
  - **Gamma-Gamma** (:func:`fit_gamma_gamma`): how much a customer spends per purchase. Each
    customer has their own typical basket; a customer with few purchases is pulled towards the
    average of everyone, one with many purchases is trusted more.

  A purchase model tells how many purchases to expect from a customer in the coming weeks and
  how likely the customer is to be still active; multiplied by the spend model's expected
  basket and discounted, that gives the lifetime value of each customer
  (:func:`lifetime_value`).

The models follow Fader, Hardie and Lee (2005, "Counting your customers the easy way" and "RFM
and CLV: using iso-value curves"), Schmittlein, Morrison and Colombo (1987) for the Pareto/NBD,
and Fader and Hardie's notes on implementing them. They are fitted by maximum likelihood with
scipy (imported only inside the fitting and prediction functions).

Examples
--------
>>> from crm_lessons.data import load_cdnow          # doctest: +SKIP
>>> tx = load_cdnow()                                    # doctest: +SKIP
>>> s = purchase_summary(tx, calibration_end="1997-09-30")   # doctest: +SKIP
>>> fit_bgnbd(s)                                         # doctest: +SKIP
BGNBD(r=0.243, alpha=4.41, a=0.793, b=2.43; LL=-9582.4, n=2357)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
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

__all__ = [
    "BGNBD",
    "CRMDataWarning",
    "CRMFitWarning",
    "GammaGamma",
    "ParetoNBD",
    "UNIT_DAYS",
    "cohort_value",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_pareto_nbd",
    "lifetime_value",
    "purchase_summary",
    "simple_clv",
]

#: Length of each time unit in days (a month is a twelfth of an average year).
UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}
#: Units per month for the discounted lifetime value (the same steps as the `lifetimes` package).
_UNITS_PER_MONTH = {"D": 30.0, "W": 4.345, "M": 1.0}
_BOUND = 15.0  # a log-parameter beyond +-15 means the fit ran away (warned)


class CRMFitWarning(RuntimeWarning):
    """Raised as a warning when a model's maximum-likelihood fit did not converge."""


class CRMDataWarning(UserWarning):
    """Raised as a warning when some rows are left out of a fit (the message says which)."""


# ----------------------------------------------------------------------------------------------
# Simple and cohort lifetime value
# ----------------------------------------------------------------------------------------------

def simple_clv(margin: Any, retention: Any, discount_rate: Any, horizon: int | None = None,
               first_margin_now: bool = True) -> Any:
    """Lifetime value of a customer with a constant margin and retention rate.

    Each period the customer is still there, they bring `margin`; they stay from one period to
    the next with probability `retention`; money one period away is worth 1 / (1 + discount_rate)
    of money now.

    With the first margin paid now (default) the value over `horizon` periods is
    ``sum_{t=0}^{H-1} m * (r / (1 + d))**t``, and for an endless horizon ``m * (1 + d) / (1 + d - r)``.
    With ``first_margin_now=False`` the first margin comes at the end of the first period, only
    if the customer stays: ``sum_{t=1}^{H} m * (r / (1 + d))**t``, endless ``m * r / (1 + d - r)``.

    Parameters
    ----------
    margin : float or array-like
        Margin per period from an active customer (money).
    retention : float or array-like
        Share of customers who stay from one period to the next, in [0, 1).
    discount_rate : float or array-like
        Discount rate per period, at least 0 (0.10 for 10%).
    horizon : int, optional
        Number of periods counted; None (default) counts every future period.
    first_margin_now : bool
        Whether the first margin is paid at once (True) or one period later (False).

    Returns
    -------
    float, or an array when any input is an array (numpy broadcasting).

    Examples
    --------
    >>> round(simple_clv(100, 0.8, 0.1), 2)       # 100 * 1.1 / (1.1 - 0.8)
    366.67
    >>> round(simple_clv(100, 0.8, 0.1, horizon=2), 2)   # 100 + 100 * 0.8 / 1.1
    172.73
    """
    m = np.asarray(margin, dtype=float)
    r = np.asarray(retention, dtype=float)
    d = np.asarray(discount_rate, dtype=float)
    if np.isnan(m).any() or np.isnan(r).any() or np.isnan(d).any():
        raise CRMDataError("simple_clv: margin, retention and discount_rate must not be missing "
                           "(NaN). Fill them in first.")
    if ((r < 0) | (r > 1)).any():
        raise CRMDataError("simple_clv: retention is a share of customers kept, between 0 and 1 "
                           "(0.8 for 80%); got a value outside that range.")
    if (d < 0).any():
        raise CRMDataError("simple_clv: discount_rate must be at least 0 (0.1 for 10% per "
                           "period); got a negative value.")
    q = r / (1.0 + d)
    if horizon is None:
        if (q >= 1).any():
            raise CRMDataError("simple_clv: with retention 1 and no discounting the value never "
                               "stops growing; give a horizon (a number of periods) or a "
                               "discount_rate above 0.")
        total = 1.0 / (1.0 - q)
    else:
        if int(horizon) != horizon or horizon < 0:
            raise CRMDataError(f"simple_clv: horizon must be a whole number of periods (0 or "
                               f"more), got {horizon!r}.")
        h = int(horizon)
        with np.errstate(divide="ignore", invalid="ignore"):
            total = np.where(q == 1, float(h), (1.0 - q ** h) / np.where(q == 1, 0.5, 1.0 - q))
    value = m * total if first_margin_now else m * q * total
    return float(value) if np.ndim(value) == 0 else value


def cohort_value(transactions: pd.DataFrame, customer_col: str = "customer_id",
                 date_col: str = "date", amount_col: str = "amount", freq: str = "M",
                 margin: float = 1.0, discount_rate: float = 0.0) -> pd.DataFrame:
    """Cumulative value per acquired customer, by acquisition cohort and period since acquisition.

    Customers are grouped by the period of their first purchase (their cohort). For each cohort
    and each period since acquisition (0 = the period of the first purchase) the table gives the
    cohort's cumulative spend times `margin`, discounted by `discount_rate` per period, divided
    by the number of customers acquired in the cohort (those who bought nothing more count too).
    Periods not yet observed for a cohort are missing (NaN).

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase with a customer, a date and an amount.
    customer_col, date_col, amount_col : str
        Column names.
    freq : {"M", "W", "D"}
        Period length: calendar months (default), weeks or days.
    margin : float
        Share of spend that is margin (1.0 = count revenue).
    discount_rate : float
        Discount rate per period (0 = no discounting).

    Returns
    -------
    DataFrame indexed by cohort (a string such as "1997-01"), one column per period since
    acquisition (0, 1, 2, ...), plus nothing else; ``.attrs["customers"]`` holds the cohort sizes.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [10.0, 5.0, 20.0],
    ...                    "date": pd.to_datetime(["2024-01-03", "2024-02-10", "2024-01-20"])})
    >>> cohort_value(tx).loc["2024-01"].tolist()     # (10 + 20) / 2, then + 5 / 2
    [15.0, 17.5]
    """
    tx = _clean_transactions(transactions, customer_col, date_col, amount_col)
    if freq not in ("M", "W", "D"):
        raise CRMDataError(f"cohort_value: freq must be 'M', 'W' or 'D', got {freq!r}.")
    try:
        margin, discount_rate = float(margin), float(discount_rate)
    except (TypeError, ValueError):
        margin = discount_rate = float("nan")          # reported just below
    if not (np.isfinite(margin) and np.isfinite(discount_rate)) or discount_rate < 0:
        raise CRMDataError("cohort_value: margin must be a number and discount_rate a number of "
                           "at least 0 (0.01 for 1% per period).")
    period = tx["_day"].dt.to_period(freq)
    ordinal = pd.Series(period.array.asi8, index=tx.index)
    first = ordinal.groupby(tx[customer_col]).transform("min")
    age = (ordinal - first).to_numpy()
    disc = (1.0 + discount_rate) ** (-age.astype(float))
    frame = pd.DataFrame({"cohort": first.to_numpy(), "age": age,
                          "value": tx[amount_col].to_numpy() * margin * disc})
    table = frame.pivot_table(index="cohort", columns="age", values="value", aggfunc="sum",
                              fill_value=0.0)
    last = int(ordinal.max())
    all_ages = np.arange(int(age.max()) + 1)
    table = table.reindex(columns=all_ages, fill_value=0.0).cumsum(axis=1)
    sizes = tx.groupby(first.to_numpy())[customer_col].nunique()
    table = table.div(sizes.reindex(table.index), axis=0)
    seen = (last - table.index.to_numpy())[:, None] >= all_ages[None, :]
    table = table.where(seen)
    labels = pd.PeriodIndex.from_ordinals(table.index.to_numpy(), freq=freq).astype(str)
    table.index = pd.Index(labels, name="cohort")
    table.columns = pd.Index(all_ages, name="periods_since_first_purchase")
    table.attrs["customers"] = pd.Series(sizes.to_numpy(), index=table.index, name="customers")
    return table


# ----------------------------------------------------------------------------------------------
# The per-customer summary
# ----------------------------------------------------------------------------------------------

def _clean_transactions(transactions: pd.DataFrame, customer_col: str, date_col: str,
                        amount_col: str) -> pd.DataFrame:
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
        Time unit: weeks (default), days or months (a twelfth of 365.25 days).

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
    if freq not in UNIT_DAYS:
        raise CRMDataError(f"purchase_summary: freq must be one of {sorted(UNIT_DAYS)} (days, "
                           f"months or weeks), got {freq!r}.")
    tx = _clean_transactions(transactions, customer_col, date_col, amount_col)
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


# ----------------------------------------------------------------------------------------------
# Checking a summary
# ----------------------------------------------------------------------------------------------

def _summary_arrays(summary: pd.DataFrame, who: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def _times(t: Any) -> np.ndarray:
    arr = np.asarray(t, dtype=float)
    if np.isnan(arr).any() or (arr < 0).any():
        raise CRMDataError(f"the future period t must be a length of time of 0 or more (in the "
                           f"summary's unit, e.g. 39 weeks), got {t!r}.")
    return arr


def _compress(*cols: np.ndarray) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """Unique rows of the given columns and how many times each occurs (same likelihood)."""
    counts = pd.DataFrame({i: c for i, c in enumerate(cols)}).value_counts(sort=False)
    idx = counts.index
    return tuple(idx.get_level_values(i).to_numpy(dtype=float) for i in range(len(cols))), \
        counts.to_numpy(dtype=float)


def _by_value(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of `x` and the index of each element among them (for per-x terms)."""
    vals, inv = np.unique(x, return_inverse=True)
    return vals, inv.reshape(-1)


def _pairs(x: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (x, t) pairs and the index of each row among them."""
    vals, inv = np.unique(x + 1j * t, return_inverse=True)
    return vals.real.copy(), vals.imag.copy(), inv.reshape(-1)


def _minimize(fun, x0: np.ndarray, jac: bool, maxiter: int, model: str) -> Any:
    """Minimise over log-parameters with BFGS; warn (CRMFitWarning) when it does not converge."""
    from scipy.optimize import minimize

    if isinstance(maxiter, bool) or not isinstance(maxiter, (int, np.integer)) or maxiter < 1:
        raise CRMDataError(f"The {model} fit needs maxiter as a whole number of 1 or more, "
                           f"not {maxiter!r}. Leave it out to use the default (500).")

    with np.errstate(all="ignore"):
        res = minimize(fun, x0, jac=jac if jac else None, method="BFGS",
                       options={"maxiter": maxiter, "gtol": 1e-6})
    # BFGS may stop on "precision loss" at the optimum; accept that when the gradient is flat
    flat = res.jac is not None and np.all(np.isfinite(res.jac)) and np.max(np.abs(res.jac)) < 1e-4
    ok = bool(res.success or (flat and res.status == 2))
    if not ok or not np.isfinite(res.fun) or (np.abs(res.x) > _BOUND).any():
        reason = res.message if not ok else "a parameter ran off towards 0 or infinity"
        warnings.warn(f"The {model} fit did not converge ({reason}); its estimates are "
                      f"unreliable. Check the summary (enough repeat buyers? one time unit?) "
                      f"or raise maxiter.", CRMFitWarning, stacklevel=3)
        ok = False
    res.converged = ok
    return res


def _fmt_params(name: str, params: dict[str, float], ll: float, n: int) -> str:
    inner = ", ".join(f"{k}={v:.3g}" for k, v in params.items())
    return f"{name}({inner}; LL={ll:.1f}, n={n})"


def _series(values: np.ndarray, summary: pd.DataFrame, name: str) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=float), index=summary.index, name=name)


# ----------------------------------------------------------------------------------------------
# BG/NBD
# ----------------------------------------------------------------------------------------------

def _bgnbd_ll(logp: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray,
              grad: bool = True, xv: tuple[np.ndarray, np.ndarray] | None = None):
    from scipy.special import digamma, gammaln

    r, alpha, a, b = np.exp(logp)
    vals, inv = xv if xv is not None else _by_value(x)
    # terms that depend on x only: computed once per distinct x
    gx = (gammaln(r + vals) - gammaln(r) + gammaln(a + b) + gammaln(b + vals) - gammaln(b)
          - gammaln(a + b + vals))[inv]
    rx = r + x
    pos = x > 0
    la, lat, laT = np.log(alpha), np.log(alpha + tx), np.log(alpha + T)
    A3 = -rx * laT
    bx1 = np.where(pos, b + x - 1.0, 1.0)
    A4 = np.where(pos, np.log(a) - np.log(bx1) - rx * lat, -np.inf)
    L = np.logaddexp(A3, A4)
    ll = gx + r * la + L
    total = float(w @ ll)
    if not grad:
        return total, ll
    w3 = np.exp(A3 - L)
    w4 = np.where(pos, np.exp(A4 - L), 0.0)
    dab = digamma(a + b)
    d_r = (digamma(r + vals) - digamma(r))[inv] + la - w3 * laT - w4 * lat
    d_alpha = r / alpha - rx * (w3 / (alpha + T) + w4 / (alpha + tx))
    dabx = digamma(a + b + vals)[inv]
    d_a = dab - dabx + w4 / a
    d_b = dab + (digamma(b + vals) - digamma(b))[inv] - dabx - w4 / bx1
    g = np.array([w @ d_r * r, w @ d_alpha * alpha, w @ d_a * a, w @ d_b * b])
    return total, g


@dataclass(frozen=True, repr=False)
class _PurchaseModel:
    """What the two purchase models share: their fields and the per-customer predictions,
    built on each model's own `_expected` and `_alive`."""

    params: dict[str, float]
    log_likelihood: float
    n: int
    converged: bool = True
    freq: str = "W"

    def __repr__(self) -> str:
        return _fmt_params(type(self).__name__, self.params, self.log_likelihood, self.n)

    def expected_purchases(self, summary: pd.DataFrame, t: float) -> pd.Series:
        """Expected number of purchases of each customer in the next `t` time units.

        Examples
        --------
        >>> model.expected_purchases(summary, 39).sum()        # doctest: +SKIP
        """
        x, tx, T = _summary_arrays(summary, f"{type(self).__name__}.expected_purchases")
        return _series(self._expected(x, tx, T, float(_times(t))), summary, "expected_purchases")

    def probability_alive(self, summary: pd.DataFrame) -> pd.Series:
        """Probability that each customer is still active at the end of the calibration period.

        Examples
        --------
        >>> model.probability_alive(summary).head()             # doctest: +SKIP
        """
        x, tx, T = _summary_arrays(summary, f"{type(self).__name__}.probability_alive")
        return _series(self._alive(x, tx, T), summary, "probability_alive")


@dataclass(frozen=True, repr=False)
class BGNBD(_PurchaseModel):
    """A fitted BG/NBD model (beta-geometric / negative binomial distribution).

    Attributes
    ----------
    params : dict
        r, alpha (gamma spread of buying rates, in purchases per time unit), a, b (beta spread of
        the chance to leave after a purchase).
    log_likelihood : float
        Log-likelihood at the estimates.
    n : int
        Number of customers fitted.
    converged : bool
        Whether the optimiser reported convergence.
    freq : str
        Time unit of the summary ("W" for weeks).
    """

    def _p(self):
        p = self.params
        return p["r"], p["alpha"], p["a"], p["b"]

    def _expected(self, x, tx, T, t):
        from scipy.special import hyp2f1

        r, alpha, a, b = self._p()
        t = np.asarray(t, dtype=float)
        z = t / (alpha + T + t)
        hyp = hyp2f1(r + x, b + x, a + b + x - 1.0, z)
        head = (a + b + x - 1.0) / (a - 1.0)
        num = 1.0 - np.exp((r + x) * np.log((alpha + T) / (alpha + T + t))) * hyp
        return head * num * self._alive(x, tx, T)

    def _alive(self, x, tx, T):
        r, alpha, a, b = self._p()
        pos = x > 0
        with np.errstate(all="ignore"):
            odds = np.where(pos, a / np.where(pos, b + x - 1.0, 1.0)
                            * np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + tx))), 0.0)
        return 1.0 / (1.0 + odds)

    def expected_purchases_new(self, t: Any) -> Any:
        """Expected purchases of a new customer in their first `t` time units after the first
        purchase (repeat purchases only); `t` may be a number or an array.

        Examples
        --------
        >>> model.expected_purchases_new(39)                    # doctest: +SKIP
        """
        from scipy.special import hyp2f1

        r, alpha, a, b = self._p()
        t = _times(t)
        out = (a + b - 1.0) / (a - 1.0) * (
            1.0 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1.0, t / (alpha + t)))
        return float(out) if np.ndim(out) == 0 else out


def fit_bgnbd(summary: pd.DataFrame, maxiter: int = 500) -> BGNBD:
    """Fit the BG/NBD model to a per-customer summary by maximum likelihood.

    Parameters
    ----------
    summary : DataFrame
        From :func:`purchase_summary`: columns frequency, recency and T (one time unit).
    maxiter : int
        Most optimiser iterations; a fit that stops before converging warns (CRMFitWarning).

    Returns
    -------
    BGNBD

    Examples
    --------
    >>> fit_bgnbd(purchase_summary(load_cdnow(), calibration_end="1997-09-30"))  # doctest: +SKIP
    BGNBD(r=0.243, alpha=4.41, a=0.793, b=2.43; LL=-9582.4, n=2357)
    """
    x, tx, T = _summary_arrays(summary, "fit_bgnbd")
    (ux, utx, uT), w = _compress(x, tx, T)
    n = len(x)
    scale = 1.0 / n
    # start alpha near the mean age so that the search begins on the data's scale
    x0 = np.array([0.0, np.log(max(float(np.mean(T)), 1e-3) / 10 + 1e-3), 0.0, 0.0])
    xv = _by_value(ux)

    def fun(lp):
        ll, g = _bgnbd_ll(lp, ux, utx, uT, w, xv=xv)
        if not np.isfinite(ll):
            return np.inf, np.full(4, np.nan)
        return -ll * scale, -g * scale

    res = _minimize(fun, x0, True, maxiter, "BG/NBD")
    p = np.exp(res.x)
    ll = _bgnbd_ll(res.x, ux, utx, uT, w, grad=False)[0]
    return BGNBD(dict(zip(("r", "alpha", "a", "b"), map(float, p), strict=True)), float(ll), n,
                 res.converged, summary.attrs.get("freq", "W"))


# ----------------------------------------------------------------------------------------------
# Pareto/NBD
# ----------------------------------------------------------------------------------------------

def _pnbd_log_tail(r, alpha, s, beta, xx, tt):
    """log of (r+xx+s) * integral_{tt}^{inf} (alpha+u)^-(r+xx) (beta+u)^-(s+1) du."""
    from scipy.special import hyp2f1

    k = r + xx + s
    if alpha >= beta:
        return np.log(hyp2f1(k, s + 1.0, k + 1.0, (alpha - beta) / (alpha + tt))) \
            - k * np.log(alpha + tt)
    # beta > alpha: Pfaff's transformation keeps the argument in [0, 1) with a first parameter
    # of 1, which scipy evaluates quickly even when r + x is large
    return (np.log(hyp2f1(1.0, s + 1.0, k + 1.0, (beta - alpha) / (beta + tt)))
            - k * np.log(alpha + tt) + (s + 1.0) * (np.log(alpha + tt) - np.log(beta + tt)))


def _pnbd_log_between(r, alpha, s, beta, x, tx, T, pairs=None):
    """log of (r+x+s) * integral_{t_x}^{T} (alpha+u)^-(r+x) (beta+u)^-(s+1) du, per row."""
    if pairs is None:
        lA = _pnbd_log_tail(r, alpha, s, beta, x, tx)
        lB = _pnbd_log_tail(r, alpha, s, beta, x, T)
    else:
        (xa, ta, ia), (xb, tb, ib) = pairs
        lA = _pnbd_log_tail(r, alpha, s, beta, xa, ta)[ia]
        lB = _pnbd_log_tail(r, alpha, s, beta, xb, tb)[ib]
    with np.errstate(divide="ignore", invalid="ignore"):
        return lA + np.log1p(-np.exp(np.minimum(lB - lA, 0.0)))


def _pnbd_parts(r, alpha, s, beta, x, tx, T, pairs=None):
    """log of the 'alive through T' term and of the 'left between t_x and T' term, per row.

    The second term is s * integral_{t_x}^{T} (alpha+u)^-(r+x) (beta+u)^-(s+1) du, written with
    the Gauss hypergeometric function as in Fader and Hardie's note on the Pareto/NBD (the
    difference of two tails, from t_x and from T, each with argument in [0, 1)). `pairs` (from
    _pairs) lets each distinct (x, t_x) and (x, T) be evaluated once.
    """
    rx = r + x
    l1 = -rx * np.log(alpha + T) - s * np.log(beta + T)
    l2 = np.log(s) - np.log(rx + s) + _pnbd_log_between(r, alpha, s, beta, x, tx, T, pairs)
    return l1, l2


def _pnbd_ll_grad(logp, x, tx, T, w, xv, pairs, h=1e-7):
    """Log-likelihood and its gradient in the log-parameters.

    Everything is differentiated analytically except the log of the hypergeometric 'between'
    term, whose derivatives come from forward differences of that term alone (evaluated on the
    distinct (x, t) pairs, so each difference is cheap).
    """
    from scipy.special import digamma, gammaln

    r, alpha, s, beta = np.exp(logp)
    vals, inv = xv
    rx = r + x
    laT, lbT = np.log(alpha + T), np.log(beta + T)
    l1 = -rx * laT - s * lbT
    d = _pnbd_log_between(r, alpha, s, beta, x, tx, T, pairs)
    l2 = np.log(s) - np.log(rx + s) + d
    L = np.logaddexp(l1, l2)
    ll = (gammaln(r + vals) - gammaln(r))[inv] + r * np.log(alpha) + s * np.log(beta) + L
    total = float(w @ ll)
    w1 = np.exp(l1 - L)
    w2 = np.exp(l2 - L)          # 0 where the customer bought on the last day (t_x = T)
    ok = w2 > 0
    dd = []
    for i in range(4):
        step = logp.copy()
        step[i] += h
        d2 = _pnbd_log_between(*np.exp(step), x, tx, T, pairs)
        with np.errstate(invalid="ignore"):
            dd.append(w @ np.where(ok, w2 * (d2 - d), 0.0) / h)
    g_r = (digamma(r + vals) - digamma(r))[inv] + np.log(alpha) - w1 * laT - w2 / (rx + s)
    g_alpha = r / alpha - w1 * rx / (alpha + T)
    g_s = np.log(beta) - w1 * lbT + w2 * (1.0 / s - 1.0 / (rx + s))
    g_beta = s / beta - w1 * s / (beta + T)
    grad = np.array([(w @ g_r) * r + dd[0], (w @ g_alpha) * alpha + dd[1],
                     (w @ g_s) * s + dd[2], (w @ g_beta) * beta + dd[3]])
    return total, grad


def _pnbd_ll(logp, x, tx, T, w, xv=None, pairs=None):
    from scipy.special import gammaln

    r, alpha, s, beta = np.exp(logp)
    vals, inv = xv if xv is not None else _by_value(x)
    l1, l2 = _pnbd_parts(r, alpha, s, beta, x, tx, T, pairs)
    ll = (gammaln(r + vals) - gammaln(r))[inv] + r * np.log(alpha) + s * np.log(beta) \
        + np.logaddexp(l1, l2)
    return float(w @ ll)


@dataclass(frozen=True, repr=False)
class ParetoNBD(_PurchaseModel):
    """A fitted Pareto/NBD model.

    Attributes
    ----------
    params : dict
        r, alpha (gamma spread of buying rates), s, beta (gamma spread of leaving rates).
    log_likelihood : float
        Log-likelihood at the estimates.
    n : int
        Number of customers fitted.
    converged : bool
        Whether the optimiser reported convergence.
    freq : str
        Time unit of the summary.
    """

    def _p(self):
        p = self.params
        return p["r"], p["alpha"], p["s"], p["beta"]

    def _alive(self, x, tx, T):
        l1, l2 = _pnbd_parts(*self._p(), x, tx, T)
        return np.exp(l1 - np.logaddexp(l1, l2))

    def _expected(self, x, tx, T, t):
        r, alpha, s, beta = self._p()
        t = np.asarray(t, dtype=float)
        ratio = np.log((beta + T) / (beta + T + t))
        if abs(s - 1.0) < 1e-10:
            part = -ratio
        else:
            part = -np.expm1((s - 1.0) * ratio) / (s - 1.0)
        return (r + x) * (beta + T) / (alpha + T) * part * self._alive(x, tx, T)

    def expected_purchases_new(self, t: Any) -> Any:
        """Expected repeat purchases of a new customer in their first `t` time units.

        Examples
        --------
        >>> model.expected_purchases_new(39)                    # doctest: +SKIP
        """
        r, alpha, s, beta = self._p()
        t = _times(t)
        ratio = np.log(beta / (beta + t))
        part = -ratio if abs(s - 1.0) < 1e-10 else -np.expm1((s - 1.0) * ratio) / (s - 1.0)
        out = r * beta / alpha * part
        return float(out) if np.ndim(out) == 0 else out


def fit_pareto_nbd(summary: pd.DataFrame, maxiter: int = 500) -> ParetoNBD:
    """Fit the Pareto/NBD model to a per-customer summary by maximum likelihood.

    The likelihood uses the hypergeometric form of Fader and Hardie's note, computed on the log
    scale; customers with the same (frequency, recency, T) are evaluated once, and each
    hypergeometric term once per distinct (frequency, time) pair. The gradient is analytic
    except for the hypergeometric term (it has no cheap derivative in its parameters), whose
    derivatives come from forward differences of that term alone.

    Parameters
    ----------
    summary : DataFrame
        From :func:`purchase_summary`: columns frequency, recency and T.
    maxiter : int
        Most optimiser iterations; a fit that stops before converging warns (CRMFitWarning).

    Returns
    -------
    ParetoNBD

    Examples
    --------
    >>> fit_pareto_nbd(purchase_summary(load_cdnow(), calibration_end="1997-09-30"))  # doctest: +SKIP
    ParetoNBD(r=0.553, alpha=10.6, s=0.606, beta=11.7; LL=-9595.0, n=2357)
    """
    x, tx, T = _summary_arrays(summary, "fit_pareto_nbd")
    (ux, utx, uT), w = _compress(x, tx, T)
    n = len(x)
    scale = 1.0 / n
    x0 = np.array([0.0, np.log(max(float(np.mean(T)), 1e-3) / 4 + 1e-3), 0.0,
                   np.log(max(float(np.mean(T)), 1e-3) / 4 + 1e-3)])

    xv = _by_value(ux)
    pairs = (_pairs(ux, utx), _pairs(ux, uT))

    def fun(lp):
        ll, g = _pnbd_ll_grad(lp, ux, utx, uT, w, xv, pairs)
        if not np.isfinite(ll) or not np.isfinite(g).all():
            return np.inf, np.full(4, np.nan)
        return -ll * scale, -g * scale

    res = _minimize(fun, x0, True, maxiter, "Pareto/NBD")
    p = np.exp(res.x)
    ll = _pnbd_ll(res.x, ux, utx, uT, w)
    return ParetoNBD(dict(zip(("r", "alpha", "s", "beta"), map(float, p), strict=True)), float(ll), n,
                     res.converged, summary.attrs.get("freq", "W"))


# ----------------------------------------------------------------------------------------------
# Gamma-Gamma
# ----------------------------------------------------------------------------------------------

def _gg_arrays(summary: pd.DataFrame, who: str) -> tuple[np.ndarray, np.ndarray]:
    s = require_columns(summary, "summary", ["frequency", "monetary_value"])
    require_not_empty(s, "summary")
    x = require_numeric(s, "summary", "frequency", min_value=0).to_numpy()
    m = require_numeric(s, "summary", "monetary_value").to_numpy()
    if not np.isfinite(m).all():
        raise CRMDataError(f"{who}: summary.monetary_value has infinite values. Rebuild it with "
                           f"purchase_summary().")
    bad = m < 0
    if bad.any():
        raise CRMDataError(f"{who}: summary.monetary_value is negative for {int(bad.sum())} "
                           f"customers; spend per purchase cannot be below 0. Remove returns "
                           f"and refunds from the transactions first.")
    return x, m


def _gg_ll(logp, x, m, w, grad=True, xv=None):
    from scipy.special import digamma, gammaln

    p, q, g = np.exp(logp)
    vals, inv = xv if xv is not None else _by_value(x)
    pv = p * vals
    px = p * x
    lgm = np.log(g + m * x)
    # terms that depend on x only: computed once per distinct frequency
    gx = (gammaln(pv + q) - gammaln(pv) + pv * np.log(vals))[inv]
    ll = gx - gammaln(q) + q * np.log(g) + (px - 1.0) * np.log(m) - (px + q) * lgm
    total = float(w @ ll)
    if not grad:
        return total
    dpq = digamma(pv + q)
    d_p = x * ((dpq - digamma(pv) + np.log(vals))[inv] + np.log(m) - lgm)
    d_q = dpq[inv] - digamma(q) + np.log(g) - lgm
    d_g = q / g - (px + q) / (g + m * x)
    return total, np.array([w @ d_p * p, w @ d_q * q, w @ d_g * g])


@dataclass(frozen=True, repr=False)
class GammaGamma:
    """A fitted Gamma-Gamma model of spend per purchase.

    Attributes
    ----------
    params : dict
        p (shape of a customer's purchase amounts), q and gamma (spread of the customers'
        typical amounts); the mean amount over customers is p * gamma / (q - 1).
    log_likelihood : float
        Log-likelihood at the estimates.
    n : int
        Number of customers fitted (those with at least one repeat purchase).
    converged : bool
        Whether the optimiser reported convergence.
    """

    params: dict[str, float]
    log_likelihood: float
    n: int
    converged: bool = True

    def __repr__(self) -> str:
        return _fmt_params("GammaGamma", self.params, self.log_likelihood, self.n)

    def expected_spend(self, summary: pd.DataFrame) -> pd.Series:
        """Expected amount of each customer's future purchases, given their repeat purchases.

        A customer without repeat purchases gets the population mean p * gamma / (q - 1).

        Examples
        --------
        >>> spend_model.expected_spend(summary).head()          # doctest: +SKIP
        """
        x, m = _gg_arrays(summary, "GammaGamma.expected_spend")
        p, q, g = self.params["p"], self.params["q"], self.params["gamma"]
        if q <= 1:
            raise CRMDataError(f"GammaGamma.expected_spend: the fitted q is {q:.3g}, at most 1, so "
                               f"the mean spend is infinite; the spend data are too spread out "
                               f"for this model.")
        m = np.where(x > 0, m, 0.0)
        return _series(p * (g + x * m) / (p * x + q - 1.0), summary, "expected_spend")


def fit_gamma_gamma(summary: pd.DataFrame, maxiter: int = 500) -> GammaGamma:
    """Fit the Gamma-Gamma spend model on customers with at least one repeat purchase.

    Parameters
    ----------
    summary : DataFrame
        From :func:`purchase_summary`: columns frequency and monetary_value (mean repeat spend).
    maxiter : int
        Most optimiser iterations; a fit that stops before converging warns (CRMFitWarning).

    Returns
    -------
    GammaGamma

    Examples
    --------
    >>> fit_gamma_gamma(purchase_summary(load_cdnow(), calibration_end="1997-09-30"))  # doctest: +SKIP
    GammaGamma(p=6.25, q=3.74, gamma=15.4; LL=-4055.9, n=946)
    """
    x, m = _gg_arrays(summary, "fit_gamma_gamma")
    free = (x > 0) & (m == 0)
    if free.any():
        warnings.warn(f"fit_gamma_gamma: {int(free.sum())} customers whose repeat purchases were "
                      f"all free (mean repeat spend 0) are left out of the spend model, which "
                      f"needs amounts above 0.", CRMDataWarning, stacklevel=2)
    keep = (x > 0) & (m > 0)
    if keep.sum() < 2:
        raise CRMDataError("fit_gamma_gamma: the summary has fewer than 2 customers with a repeat "
                           "purchase, so there is no spend to learn from. Use a longer "
                           "calibration period or more customers.")
    ux, um = x[keep], m[keep]
    w = np.ones(len(ux))
    xv = _by_value(ux)
    n = int(keep.sum())
    mean_m = float(np.mean(m[keep]))
    x0 = np.array([0.0, np.log(2.0), np.log(mean_m)])

    def fun(lp):
        ll, g = _gg_ll(lp, ux, um, w, xv=xv)
        if not np.isfinite(ll):
            return np.inf, np.full(3, np.nan)
        return -ll / n, -g / n

    res = _minimize(fun, x0, True, maxiter, "Gamma-Gamma")
    p = np.exp(res.x)
    ll = _gg_ll(res.x, ux, um, w, grad=False, xv=xv)
    return GammaGamma(dict(zip(("p", "q", "gamma"), map(float, p), strict=True)), float(ll), n,
                      res.converged)


# ----------------------------------------------------------------------------------------------
# Lifetime value per customer
# ----------------------------------------------------------------------------------------------

def lifetime_value(purchase_model: BGNBD | ParetoNBD, spend_model: GammaGamma,
                   summary: pd.DataFrame, months: int = 12, discount_rate: float = 0.01,
                   margin: float = 1.0, freq: str | None = None) -> pd.Series:
    """Discounted value of each customer's purchases over the next `months` months.

    Month by month, the purchase model gives how many purchases to expect in that month; times
    the spend model's expected amount per purchase, times `margin`, divided by
    ``(1 + discount_rate) ** month``; summed over the months (as the `lifetimes` package does).

    Parameters
    ----------
    purchase_model : BGNBD or ParetoNBD
        Fitted on `summary` (or a summary in the same time unit).
    spend_model : GammaGamma
        Fitted spend model.
    summary : DataFrame
        From :func:`purchase_summary`.
    months : int
        Horizon in months.
    discount_rate : float
        Discount rate per month (0.01 = 1% a month).
    margin : float
        Share of spend kept as margin (1.0 = value in revenue).
    freq : {"W", "D", "M"}, optional
        The summary's time unit; default the model's.

    Returns
    -------
    Series indexed like `summary`, named "clv".

    Examples
    --------
    >>> lifetime_value(fit_bgnbd(s), fit_gamma_gamma(s), s, months=12).head()   # doctest: +SKIP
    """
    if not isinstance(purchase_model, (BGNBD, ParetoNBD)):
        raise CRMDataError("lifetime_value: purchase_model must be a fitted BG/NBD or Pareto/NBD "
                           "model (from fit_bgnbd or fit_pareto_nbd).")
    if not isinstance(spend_model, GammaGamma):
        raise CRMDataError("lifetime_value: spend_model must be a fitted Gamma-Gamma model (from "
                           "fit_gamma_gamma).")
    if int(months) != months or months < 1:
        raise CRMDataError(f"lifetime_value: months must be a whole number of at least 1, got "
                           f"{months!r}.")
    if not np.isfinite(discount_rate) or discount_rate < 0:
        raise CRMDataError("lifetime_value: discount_rate must be at least 0 (0.01 for 1% a "
                           "month).")
    unit = freq or purchase_model.freq
    if unit not in _UNITS_PER_MONTH:
        raise CRMDataError(f"lifetime_value: freq must be one of {sorted(_UNITS_PER_MONTH)}, got "
                           f"{unit!r}.")
    x, tx, T = _summary_arrays(summary, "lifetime_value")
    spend = spend_model.expected_spend(summary).to_numpy()
    steps = np.arange(1, int(months) + 1, dtype=float)
    t = steps * _UNITS_PER_MONTH[unit]
    cum = purchase_model._expected(x[:, None], tx[:, None], T[:, None], t[None, :])
    per_month = np.diff(np.concatenate([np.zeros((len(x), 1)), cum], axis=1), axis=1)
    disc = (1.0 + discount_rate) ** -steps
    return _series(margin * spend * (per_month @ disc), summary, "clv")
