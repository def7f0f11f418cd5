"""The Gamma-Gamma spend model: each customer has their own typical basket; one with few
purchases is pulled towards the average of everyone, one with many purchases is trusted more.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm_lessons.clv.fitting import (
    customer_series,
    distinct_values,
    maximise_likelihood,
    require_finite,
    warn_few,
)
from crm_lessons.clv.summary import summary_unit
from crm_lessons.clv.uncertainty import WithIntervals, errors_at_optimum
from crm_lessons.errors import (
    CRMDataError,
    CRMDataWarning,
    require_columns,
    require_not_empty,
    require_numeric,
)


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


def _gg_data(x: np.ndarray, m: np.ndarray) -> dict:
    """What the Gamma-Gamma likelihood needs of the repeat buyers, computed once per fit: the
    distinct frequencies and their counts, x * m, and the sums that do not involve parameters."""
    vals, inv = distinct_values(x)
    log_m = np.log(m)
    return {"x": x, "mx": m * x, "vals": vals, "counts": np.bincount(inv).astype(float),
            "log_vals": np.log(vals), "n": float(len(x)), "sum_log_m": float(log_m.sum()),
            "sum_x_log_m": float(x @ log_m)}


def _gg_ll(logp, d, grad=True):
    """Log-likelihood of the Gamma-Gamma model (and its gradient in the log-parameters): only
    log(gamma + x m) is computed per customer, the rest once per distinct frequency."""
    from scipy.special import digamma, gammaln

    p, q, g = np.exp(logp)
    x, vals, counts, n = d["x"], d["vals"], d["counts"], d["n"]
    pv = p * vals
    gm = g + d["mx"]
    lgm = np.log(gm)
    x_lgm, sum_lgm = float(x @ lgm), float(lgm.sum())
    total = float(counts @ (gammaln(pv + q) - gammaln(pv) + pv * d["log_vals"])
                  - n * gammaln(q) + n * q * np.log(g) + p * d["sum_x_log_m"] - d["sum_log_m"]
                  - p * x_lgm - q * sum_lgm)
    if not grad:
        return total
    dpq = digamma(pv + q)
    d_p = counts @ (vals * (dpq - digamma(pv) + d["log_vals"])) + d["sum_x_log_m"] - x_lgm
    d_q = counts @ dpq - n * digamma(q) + n * np.log(g) - sum_lgm
    inv_gm = 1.0 / gm
    d_g = n * q / g - p * float(x @ inv_gm) - q * float(inv_gm.sum())
    return total, np.array([d_p * p, d_q * q, d_g * g])


@dataclass(frozen=True, repr=False)
class GammaGamma(WithIntervals):
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
    freq : str or None
        Time unit of the summary it was fitted on, when that summary stated one (also `unit`).
        Spend per purchase does not depend on it, so it may be None.
    std_errors : dict
        Standard error of each estimate (from the Hessian of the log-likelihood at the
        optimum); the repr and ``summary_table()`` show the 95% intervals.
    """

    params: dict[str, float]
    log_likelihood: float
    n: int
    converged: bool = True
    freq: str | None = None
    std_errors: dict[str, float] = field(default_factory=dict)

    @property
    def unit(self) -> str | None:
        """The time unit of the summary it was fitted on (None when that did not say)."""
        return self.freq

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
        with np.errstate(all="ignore"):
            spend = p * (g + x * m) / (p * x + q - 1.0)
        return customer_series(require_finite(spend, self, "expected_spend"), summary,
                               "expected_spend")


def fit_gamma_gamma(summary: pd.DataFrame, maxiter: int = 500,
                    unit: str | None = None) -> GammaGamma:
    """Fit the Gamma-Gamma spend model on customers with at least one repeat purchase.

    Parameters
    ----------
    summary : DataFrame
        From :func:`purchase_summary`: columns frequency and monetary_value (mean repeat spend).
    maxiter : int
        Most optimiser iterations; a fit that stops before converging warns (CRMFitWarning).
    unit : {"W", "D", "M"}, optional
        The summary's time unit, kept in the model; checked against ``summary.attrs["freq"]``
        when that is set. Spend per purchase does not depend on the unit, so a summary that
        does not say it is accepted here (the model's unit is then None).

    Returns
    -------
    GammaGamma, with 95% intervals in its repr and in ``summary_table()``.

    Examples
    --------
    >>> fit_gamma_gamma(purchase_summary(load_cdnow(), calibration_end="1997-09-30"))  # doctest: +SKIP
    GammaGamma(p=6.25 [4.3, 9.08], q=3.74 [3.22, 4.36], gamma=15.4 [9.11, 26.2]; LL=-4055.9, n=946)
    """
    x, m = _gg_arrays(summary, "fit_gamma_gamma")
    stated = unit is not None or getattr(summary, "attrs", {}).get("freq") is not None
    unit = summary_unit(summary, unit, "fit_gamma_gamma") if stated else None
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
    if (um == um[0]).all():
        raise CRMDataError(
            f"fit_gamma_gamma: all {int(keep.sum()):,} repeat buyers have the same mean repeat "
            f"spend ({um[0]:g}), so the data cannot tell how spend differs between customers, "
            "which is what the Gamma-Gamma model estimates. Check summary.monetary_value "
            "(built by purchase_summary() from the orders' amounts); with one price for all, "
            "use that price as the expected spend instead of a model.")
    warn_few(int(keep.sum()), len(x), "fit_gamma_gamma", "made a repeat purchase above 0")
    data = _gg_data(ux, um)
    n = int(keep.sum())
    mean_m = float(np.mean(m[keep]))
    x0 = np.array([0.0, np.log(2.0), np.log(mean_m)])

    res = maximise_likelihood(lambda lp: _gg_ll(lp, data), x0, maxiter, "Gamma-Gamma", n)
    names = ("p", "q", "gamma")
    ll = _gg_ll(res.x, data, grad=False)
    se = errors_at_optimum(lambda lp: _gg_ll(lp, data), res.x, names, "Gamma-Gamma")
    return GammaGamma(dict(zip(names, map(float, np.exp(res.x)), strict=True)), float(ll), n,
                      res.converged, unit, se)

