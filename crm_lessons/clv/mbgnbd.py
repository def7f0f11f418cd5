"""The modified BG/NBD model (Batislam, Denizel and Filiztekin 2007): the BG/NBD's buying
process (gamma-distributed rates, r and alpha) and chance to leave after a purchase
(beta-distributed, a and b), except that a customer may also leave right after the first
purchase, so a customer who never came back is not assumed to be still active.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.clv.bgnbd import bgnbd_data, bgnbd_log_likelihood
from crm_lessons.clv.fitting import (
    PurchaseModel,
    compress_rows,
    future_times,
    require_finite,
    require_identifiable,
)
from crm_lessons.clv.special import beta_geometric_counts, one_minus_euler, smooth_at_one
from crm_lessons.clv.summary import summary_arrays, summary_unit
from crm_lessons.clv.uncertainty import WithIntervals, fit_by_likelihood

NAMES = ("r", "alpha", "a", "b")


def mbgnbd_log_likelihood(logp: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray,
                          w: np.ndarray, grad: bool = True):
    """The MBG/NBD log-likelihood of the rows (x, tx, T) counted `w` times, at the
    log-parameters `logp`, and (with `grad`) its gradient in them: the BG/NBD's
    (:func:`bgnbd_log_likelihood`) with the chance to leave at the first purchase too.

    >>> ll = mbgnbd_log_likelihood(np.zeros(4), np.array([0.0]), np.array([0.0]),
    ...                            np.array([1.0]), np.ones(1), grad=False)
    >>> round(ll, 4)
    -0.2877
    """
    return bgnbd_log_likelihood(logp, bgnbd_data(x, tx, T, w, shift=1), grad)


@dataclass(frozen=True, repr=False)
class MBGNBD(WithIntervals, PurchaseModel):
    """A fitted modified BG/NBD model.

    Attributes
    ----------
    params : dict
        r, alpha (gamma spread of buying rates, in purchases per time unit), a, b (beta spread
        of the chance to leave, at the first purchase and after each repeat purchase).
    log_likelihood : float
        Log-likelihood at the estimates.
    n : int
        Number of customers fitted.
    converged : bool
        Whether the optimiser reported convergence.
    freq : str
        Time unit of the summary it was fitted on ("W" for weeks).
    std_errors : dict
        Standard error of each estimate (from the Hessian at the optimum).
    """

    std_errors: dict[str, float] = field(default_factory=dict)

    def _p(self):
        return tuple(self.params[k] for k in NAMES)

    def _alive(self, x, tx, T):
        from scipy.special import expit

        r, alpha, a, b = self._p()
        return expit(-(np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T)
                                                              - np.log(alpha + tx))))

    def _expected(self, x, tx, T, t):
        r, alpha, _, b = self._p()
        t = np.asarray(t, dtype=float)
        z = t / (alpha + T + t)

        def formula(a):
            return (a + b + x) * one_minus_euler(a + b - r, a - 1.0, a + b + x, z)

        return smooth_at_one(formula, self.params["a"]) * self._alive(x, tx, T)

    def expected_purchases_new(self, t: Any) -> Any:
        """Expected repeat purchases of a new customer in their first `t` time units after the
        first purchase; `t` may be a number or an array.

        Examples
        --------
        >>> model.expected_purchases_new(39)                    # doctest: +SKIP
        """
        r, alpha, _, b = self._p()
        t = future_times(t)
        z = t / (alpha + t)
        out = smooth_at_one(lambda a: b * one_minus_euler(a + b - r, a - 1.0, a + b, z),
                            self.params["a"])
        out = require_finite(out, self, "expected_purchases_new")
        return float(out) if np.ndim(out) == 0 else out

    def count_probabilities(self, x: Any, t: Any) -> np.ndarray:
        """P(X(t) = x): the chance that a new customer makes exactly `x` repeat purchases in
        their first `t` time units (arrays broadcast together).

        Examples
        --------
        >>> model.count_probabilities(range(5), 39).round(3)    # doctest: +SKIP
        """
        out = beta_geometric_counts(*self._p(), np.asarray(x, float), future_times(t), shift=1)
        return require_finite(out, self, "count_probabilities")


def fit_mbgnbd(summary: pd.DataFrame, unit: str | None = None, maxiter: int = 500) -> MBGNBD:
    """Fit the modified BG/NBD model to a per-customer summary by maximum likelihood.

    Parameters
    ----------
    summary : DataFrame
        Columns frequency, recency and T: from :func:`purchase_summary`, or a summary built
        elsewhere (SQL, a spreadsheet) in one time unit.
    unit : {"W", "D", "M"}, optional
        The summary's time unit; needed when the summary does not say it
        (``summary.attrs["freq"]``, which purchase_summary sets and a CSV file loses).
    maxiter : int
        Most optimiser iterations; a fit that stops before converging warns (CRMFitWarning).

    Returns
    -------
    MBGNBD, with 95% intervals in its repr and in ``summary_table()``.

    Examples
    --------
    >>> fit_mbgnbd(purchase_summary(load_cdnow(), calibration_end="1997-09-30"))  # doctest: +SKIP
    MBGNBD(r=0.525 [...], alpha=6.18 [...], a=0.891 [...], b=1.61 [...]; LL=-9582.1, n=2357)
    """
    unit = summary_unit(summary, unit, "fit_mbgnbd")
    x, tx, T = summary_arrays(summary, "fit_mbgnbd")
    require_identifiable(x, tx, T, "fit_mbgnbd", "MBG/NBD")
    (ux, utx, uT), w = compress_rows(x, tx, T)
    data = bgnbd_data(ux, utx, uT, w, shift=1)
    x0 = np.array([0.0, np.log(max(float(np.mean(T)), 1e-3) / 10 + 1e-3), 0.0, 0.0])
    fit = fit_by_likelihood(lambda lp: bgnbd_log_likelihood(lp, data), x0,
                            NAMES, maxiter, "MBG/NBD", len(x))
    return MBGNBD(fit.params, fit.log_likelihood, len(x), fit.converged, unit, fit.std_errors)
