"""The Pareto/NBD model (Schmittlein, Morrison and Colombo 1987): the BG/NBD's buying process,
but a customer can leave at any moment, after an exponential lifetime whose rate differs
between customers (gamma-distributed, s and beta).
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

NAMES = ("r", "alpha", "s", "beta")


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
    distinct_pairs) lets each distinct (x, t_x) and (x, T) be evaluated once.
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
    vals, inv = xv if xv is not None else distinct_values(x)
    l1, l2 = _pnbd_parts(r, alpha, s, beta, x, tx, T, pairs)
    ll = (gammaln(r + vals) - gammaln(r))[inv] + r * np.log(alpha) + s * np.log(beta) \
        + np.logaddexp(l1, l2)
    return float(w @ ll)


@dataclass(frozen=True, repr=False)
class ParetoNBD(WithIntervals, PurchaseModel):
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
        Time unit the model was fitted in ("D", "W" or "M"); also `unit`.
    std_errors : dict
        Standard error of each estimate (from the Hessian of the log-likelihood at the
        optimum); the repr and ``summary_table()`` show the 95% intervals.
    """

    std_errors: dict[str, float] = field(default_factory=dict)

    def _p(self):
        p = self.params
        return p["r"], p["alpha"], p["s"], p["beta"]

    def _alive(self, x, tx, T):
        shape = np.broadcast(x, tx, T).shape
        x, tx, T = (np.broadcast_to(np.asarray(v, dtype=float), shape).ravel()
                    for v in (x, tx, T))
        # each hypergeometric term once per distinct (x, t_x) and (x, T)
        pairs = (distinct_pairs(x, tx), distinct_pairs(x, T))
        l1, l2 = _pnbd_parts(*self._p(), x, tx, T, pairs)
        return np.exp(l1 - np.logaddexp(l1, l2)).reshape(shape)

    def _expected(self, x, tx, T, t):
        r, alpha, s, beta = self._p()
        t = np.asarray(t, dtype=float)
        T = np.asarray(T, dtype=float)
        # the part in (T, t) once per distinct age T
        Tv, Ti = distinct_values(T.ravel())
        Tv = Tv.reshape((-1, *T.shape[1:]))
        ratio = np.log((beta + Tv) / (beta + Tv + t))
        if abs(s - 1.0) < 1e-10:
            part = -ratio
        else:
            part = -np.expm1((s - 1.0) * ratio) / (s - 1.0)
        part = (part * (beta + Tv) / (alpha + Tv))[Ti]
        return (r + x) * part * self._alive(x, tx, T)

    def expected_purchases_new(self, t: Any) -> Any:
        """Expected repeat purchases of a new customer in their first `t` time units.

        Examples
        --------
        >>> model.expected_purchases_new(39)                    # doctest: +SKIP
        """
        r, alpha, s, beta = self._p()
        t = future_times(t)
        ratio = np.log(beta / (beta + t))
        part = -ratio if abs(s - 1.0) < 1e-10 else -np.expm1((s - 1.0) * ratio) / (s - 1.0)
        out = require_finite(r * beta / alpha * part, self, "expected_purchases_new")
        return float(out) if np.ndim(out) == 0 else out


def fit_pareto_nbd(summary: pd.DataFrame, maxiter: int = 500, unit: str | None = None) -> ParetoNBD:
    """Fit the Pareto/NBD model to a per-customer summary by maximum likelihood.

    The likelihood uses the hypergeometric form of Fader and Hardie's note, computed on the log
    scale; customers with the same (frequency, recency, T) are evaluated once, and each
    hypergeometric term once per distinct (frequency, time) pair. The gradient is analytic
    except for the hypergeometric term (it has no cheap derivative in its parameters), whose
    derivatives come from forward differences of that term alone. Because that gradient is
    approximate, it does not judge convergence: a second run from another starting point must
    reach the same log-likelihood (otherwise the fit warns, CRMFitWarning).

    Parameters
    ----------
    summary : DataFrame
        From :func:`purchase_summary`: columns frequency, recency and T.
    maxiter : int
        Most optimiser iterations; a fit that stops before converging warns (CRMFitWarning).
    unit : {"W", "D", "M"}, optional
        The summary's time unit; needed when ``summary.attrs["freq"]`` is not set (a summary
        read from a file or built by hand), and must agree with it when it is. The model keeps
        it (``model.unit``) and its predictions refuse a summary in another unit.

    Returns
    -------
    ParetoNBD, with 95% intervals in its repr and in ``summary_table()``.

    Examples
    --------
    >>> fit_pareto_nbd(purchase_summary(load_cdnow(), calibration_end="1997-09-30"))  # doctest: +SKIP
    ParetoNBD(r=0.553 [0.467, 0.655], alpha=10.6 [9.05, 12.4], s=0.606 [0.331, 1.11], beta=11.7 [4.11, 33.1]; LL=-9595.0, n=2357)
    """
    ux, utx, uT, w, n, mean_T = compressed_summary(summary, "fit_pareto_nbd")
    unit = summary_unit(summary, unit, "fit_pareto_nbd")
    x0 = np.array([0.0, np.log(max(mean_T, 1e-3) / 4 + 1e-3), 0.0,
                   np.log(max(mean_T, 1e-3) / 4 + 1e-3)])
    xv = distinct_values(ux)
    pairs = (distinct_pairs(ux, utx), distinct_pairs(ux, uT))
    res = maximise_likelihood(lambda lp: _pnbd_ll_grad(lp, ux, utx, uT, w, xv, pairs), x0,
                              maxiter, "Pareto/NBD", n, check_gradient=True, restart=True)
    ll = _pnbd_ll(res.x, ux, utx, uT, w)
    # the standard errors from the Hessian of the values alone: the gradient's hypergeometric
    # part is a forward difference, too rough to be differenced again
    se = errors_at_optimum(lambda lp: _pnbd_ll(lp, ux, utx, uT, w, xv, pairs), res.x, NAMES,
                           "Pareto/NBD")
    return ParetoNBD(dict(zip(NAMES, map(float, np.exp(res.x)), strict=True)), float(ll), n,
                     res.converged, unit, se)

