"""The BG/NBD model (Fader, Hardie and Lee 2005): while active a customer buys at their own
steady pace (gamma-distributed across customers, r and alpha); after each purchase they may
leave for good, with a chance of their own (beta-distributed, a and b).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.clv.fitting import (
    PurchaseModel,
    compressed_summary,
    distinct_pairs,
    distinct_values,
    future_times,
    maximise_likelihood,
    require_finite,
)
from crm_lessons.clv.summary import summary_unit
from crm_lessons.clv.uncertainty import WithIntervals, errors_at_optimum

NAMES = ("r", "alpha", "a", "b")


def bgnbd_data(x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray,
               shift: int = 0) -> dict:
    """What the BG/NBD likelihood needs of the distinct rows, computed once per fit: each
    distinct frequency, recency and age with the index of every row among them, and the
    weights summed per frequency (so that terms in x alone are computed once per value).
    ``shift=1`` gives the modified BG/NBD (a customer may leave at the first purchase too).

    >>> d = bgnbd_data(np.array([0.0, 2.0]), np.array([0.0, 3.0]), np.array([5.0, 5.0]),
    ...                np.ones(2))
    >>> d["vals"].tolist(), d["cw"].tolist()
    ([0.0, 2.0], [1.0, 1.0])
    """
    vals, inv = distinct_values(x)
    tv, ti = distinct_values(tx)
    Tv, Ti = distinct_values(T)
    return {"x": x, "w": w, "W": float(w.sum()), "vals": vals, "inv": inv,
            "cw": np.bincount(inv, weights=w, minlength=len(vals)),
            "pos": x > 0 if shift == 0 else np.ones(len(x), bool), "shift": float(shift),
            "tv": tv, "ti": ti, "Tv": Tv, "Ti": Ti}


def bgnbd_log_likelihood(logp: np.ndarray, d: dict, grad: bool = True):
    """BG/NBD log-likelihood of the rows in `d` (from :func:`bgnbd_data`; the modified model's
    with its ``shift=1``) and, with `grad`, its gradient in the log-parameters. Logs of
    alpha + t_x and alpha + T are taken once per distinct value; the two terms of each
    customer's likelihood are combined through the log of their ratio, so that one exponential
    gives both their shares.

    >>> d = bgnbd_data(np.array([0.0]), np.array([0.0]), np.array([1.0]), np.ones(1))
    >>> round(bgnbd_log_likelihood(np.zeros(4), d, grad=False), 4)
    -0.6931
    """
    from scipy.special import digamma, gammaln

    r, alpha, a, b = np.exp(logp)
    vals, inv, cw, w, x, W = d["vals"], d["inv"], d["cw"], d["w"], d["x"], d["W"]
    bv, abv = b + vals + d["shift"], a + b + vals + d["shift"]
    gx = (gammaln(r + vals) - gammaln(r) + gammaln(a + b) + gammaln(bv) - gammaln(b)
          - gammaln(abv))
    bx1 = np.where((vals > 0) | (d["shift"] > 0), bv - 1.0, 1.0)
    rx = r + x
    la = np.log(alpha)
    laT, lat = np.log(alpha + d["Tv"])[d["Ti"]], np.log(alpha + d["tv"])[d["ti"]]
    # u = log of (left after the last purchase) / (still active): -inf with no repeat purchase
    u = np.where(d["pos"], np.log(a) - np.log(bx1)[inv] - rx * (lat - laT), -np.inf)
    e = np.exp(-np.abs(u))
    big = u > 0
    L = -rx * laT + np.where(big, u, 0.0) + np.log1p(e)
    total = float(cw @ gx + W * r * la + w @ L)
    if not grad:
        return total
    w4 = np.where(big, 1.0 / (1.0 + e), e / (1.0 + e))
    w3 = 1.0 - w4
    ww4 = w * w4
    dab, dabx = digamma(a + b), cw @ digamma(abv)
    d_r = cw @ (digamma(r + vals) - digamma(r)) + W * la - w @ (w3 * laT) - ww4 @ lat
    iT, it = (1.0 / (alpha + d["Tv"]))[d["Ti"]], (1.0 / (alpha + d["tv"]))[d["ti"]]
    d_alpha = W * r / alpha - (w * rx) @ (w3 * iT + w4 * it)
    d_a = W * dab - dabx + ww4.sum() / a
    d_b = W * dab + cw @ (digamma(bv) - digamma(b)) - dabx - ww4 @ (1.0 / bx1)[inv]
    return total, np.array([d_r * r, d_alpha * alpha, d_a * a, d_b * b])


@dataclass(frozen=True, repr=False)
class BGNBD(WithIntervals, PurchaseModel):
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
    std_errors : dict
        Standard error of each estimate (from the Hessian of the log-likelihood at the
        optimum); the repr and ``summary_table()`` show the 95% intervals.
    """

    std_errors: dict[str, float] = field(default_factory=dict)

    def _p(self):
        p = self.params
        return p["r"], p["alpha"], p["a"], p["b"]

    def _expected(self, x, tx, T, t):
        x, tx, T = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, tx, T)))
        # the future part depends on (x, T) alone: once per distinct pair
        ux, uT, inv = distinct_pairs(x.ravel(), T.ravel())
        tail = x.shape[1:]
        future = bgnbd_future(*self._p(), ux.reshape((-1, *tail)), uT.reshape((-1, *tail)), t)
        return future[inv] * self._alive(x, tx, T)

    def _alive(self, x, tx, T):
        from scipy.special import expit

        r, alpha, a, b = self._p()
        pos = x > 0
        with np.errstate(all="ignore"):
            log_odds = np.where(pos, np.log(a) - np.log(np.where(pos, b + x - 1.0, 1.0))
                                + (r + x) * (np.log(alpha + T) - np.log(alpha + tx)), -np.inf)
        return expit(-log_odds)

    def expected_purchases_new(self, t: Any) -> Any:
        """Expected purchases of a new customer in their first `t` time units after the first
        purchase (repeat purchases only); `t` may be a number or an array.

        Examples
        --------
        >>> model.expected_purchases_new(39)                    # doctest: +SKIP
        """
        t = future_times(t)
        out = require_finite(bgnbd_future(*self._p(), 0.0, 0.0, t), self,
                             "expected_purchases_new")
        return float(out) if np.ndim(out) == 0 else out


#: Within this distance of a = 1, the BG/NBD expectation is interpolated between its values at
#: 1 +- it (the formula divides by a - 1; the line is off by a term in its square, about 1e-8).
A_NEAR_ONE = 1e-4


def bgnbd_future(r: float, alpha: float, a: float, b: float, x: Any, T: Any, t: Any) -> Any:
    """Expected BG/NBD purchases in the next `t` of a customer still active at age `T` with `x`
    repeat purchases (multiply by the probability alive for one who may have left).

    Fader, Hardie and Lee's formula is ``(a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))**(r+x)
    * 2F1(r+x, b+x; a+b+x-1; z)]`` with ``z = t/(alpha+T+t)``: for large x and t the power
    underflows while the hypergeometric function overflows, giving NaN. Euler's transformation
    ``2F1(p, q; c; z) = (1-z)**(c-p-q) 2F1(c-p, c-q; c; z)`` turns the bracket into
    ``1 - (1-z)**(a-1) * 2F1(a+b-1-r, a-1; a+b+x-1; z)``, a function near 1 that stays finite,
    computed on the log scale (`expm1`) so that nothing cancels; at a = 1 (where the formula is
    0 / 0) it interpolates across (:data:`A_NEAR_ONE`).

    >>> round(float(bgnbd_future(0.243, 4.41, 0.793, 2.43, 0.0, 0.0, 39.0)), 4)
    1.198
    """
    if abs(a - 1.0) < A_NEAR_ONE:
        low = _future(r, alpha, 1.0 - A_NEAR_ONE, b, x, T, t)
        high = _future(r, alpha, 1.0 + A_NEAR_ONE, b, x, T, t)
        return low + (a - 1.0 + A_NEAR_ONE) / (2 * A_NEAR_ONE) * (high - low)
    return _future(r, alpha, a, b, x, T, t)


def _future(r, alpha, a, b, x, T, t):
    from scipy.special import hyp2f1

    x, T, t = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, T, t)))
    c = a + b + x - 1.0
    z = t / (alpha + T + t)
    with np.errstate(all="ignore"):
        log1mz = -np.log1p(t / (alpha + T))                # log(1 - z), at most 0
        bracket = _one_minus(a - 1.0, log1mz, hyp2f1(a + b - 1.0 - r, a - 1.0, c, z))
        # fallback: where scipy cannot evaluate the transformed function (huge a and b, from a
        # fit that ran away), the untransformed one, on the log scale too
        bad = ~np.isfinite(bracket)
        if bad.any():
            k = (r + x)[bad]
            bracket[bad] = _one_minus(k, log1mz[bad], hyp2f1(k, (b + x)[bad], c[bad], z[bad]))
        return c / (a - 1.0) * bracket


def _one_minus(k, log1mz, f):
    """1 - (1-z)**k * f, through expm1 on the log scale where f > 0."""
    power = k * log1mz
    positive = f > 0
    return np.where(positive, -np.expm1(power + np.log(np.where(positive, f, 1.0))),
                    1.0 - np.exp(power) * f)


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
    BGNBD, with 95% intervals in its repr and in ``summary_table()``.

    Examples
    --------
    >>> fit_bgnbd(purchase_summary(load_cdnow(), calibration_end="1997-09-30"))  # doctest: +SKIP
    BGNBD(r=0.243 [0.219, 0.268], alpha=4.41 [3.73, 5.22], a=0.793 [0.501, 1.25], b=2.43 [1.37, 4.29]; LL=-9582.4, n=2357)
    """
    ux, utx, uT, w, n, mean_T = compressed_summary(summary, "fit_bgnbd")
    unit = summary_unit(summary, unit, "fit_bgnbd")
    # start alpha near the mean age so that the search begins on the data's scale
    x0 = np.array([0.0, np.log(max(mean_T, 1e-3) / 10 + 1e-3), 0.0, 0.0])
    data = bgnbd_data(ux, utx, uT, w)
    res = maximise_likelihood(lambda lp: bgnbd_log_likelihood(lp, data), x0, maxiter, "BG/NBD",
                              n)
    ll = bgnbd_log_likelihood(res.x, data, grad=False)
    se = errors_at_optimum(lambda lp: bgnbd_log_likelihood(lp, data), res.x, NAMES, "BG/NBD")
    return BGNBD(dict(zip(NAMES, map(float, np.exp(res.x)), strict=True)), float(ll), n,
                 res.converged, unit, se)

