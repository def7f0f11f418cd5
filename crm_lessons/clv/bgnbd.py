"""The BG/NBD model (Fader, Hardie and Lee 2005): while active a customer buys at their own
steady pace (gamma-distributed across customers, r and alpha); after each purchase they may
leave for good, with a chance of their own (beta-distributed, a and b).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.clv.fitting import (
    PurchaseModel,
    compressed_summary,
    distinct_values,
    future_times,
    maximise_likelihood,
    require_finite,
)
from crm_lessons.clv.summary import summary_unit


def _bgnbd_ll(logp: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray,
              grad: bool = True, xv: tuple[np.ndarray, np.ndarray] | None = None):
    from scipy.special import digamma, gammaln

    r, alpha, a, b = np.exp(logp)
    vals, inv = xv if xv is not None else distinct_values(x)
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
class BGNBD(PurchaseModel):
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
        Time unit the model was fitted in ("D", "W" or "M"); also `unit`.
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

        r, alpha, a, b = (np.float64(v) for v in self._p())
        t = future_times(t)
        with np.errstate(all="ignore"):
            out = (a + b - 1.0) / (a - 1.0) * (
                1.0 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1.0, t / (alpha + t)))
        out = require_finite(out, self, "expected_purchases_new")
        return float(out) if np.ndim(out) == 0 else out


def fit_bgnbd(summary: pd.DataFrame, maxiter: int = 500, unit: str | None = None) -> BGNBD:
    """Fit the BG/NBD model to a per-customer summary by maximum likelihood.

    Parameters
    ----------
    summary : DataFrame
        From :func:`purchase_summary`: columns frequency, recency and T (one time unit).
    maxiter : int
        Most optimiser iterations; a fit that stops before converging warns (CRMFitWarning).
    unit : {"W", "D", "M"}, optional
        The summary's time unit; needed when ``summary.attrs["freq"]`` is not set (a summary
        read from a file or built by hand), and must agree with it when it is. The model keeps
        it (``model.unit``) and its predictions refuse a summary in another unit.

    Returns
    -------
    BGNBD

    Examples
    --------
    >>> fit_bgnbd(purchase_summary(load_cdnow(), calibration_end="1997-09-30"))  # doctest: +SKIP
    BGNBD(r=0.243, alpha=4.41, a=0.793, b=2.43; LL=-9582.4, n=2357)
    """
    ux, utx, uT, w, n, mean_T = compressed_summary(summary, "fit_bgnbd")
    unit = summary_unit(summary, unit, "fit_bgnbd")
    # start alpha near the mean age so that the search begins on the data's scale
    x0 = np.array([0.0, np.log(max(mean_T, 1e-3) / 10 + 1e-3), 0.0, 0.0])
    xv = distinct_values(ux)
    res = maximise_likelihood(lambda lp: _bgnbd_ll(lp, ux, utx, uT, w, xv=xv), x0, maxiter,
                              "BG/NBD", n)
    p = np.exp(res.x)
    ll = _bgnbd_ll(res.x, ux, utx, uT, w, grad=False)[0]
    return BGNBD(dict(zip(("r", "alpha", "a", "b"), map(float, p), strict=True)), float(ll), n,
                 res.converged, unit)

