"""Numerics the newer lifetime-value models share: a formula with a removable singularity at a
parameter of 1 (``/(a - 1)`` in the MBG/NBD, ``/(gamma - 1)`` in the BG/BB), and the count
distribution of the beta-geometric purchase models.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: Half-width of the band around 1 where a formula with a removable singularity is
#: interpolated between its values at 1 - NEAR_ONE and 1 + NEAR_ONE (error about 1e-10).
NEAR_ONE = 1e-5


def smooth_at_one(formula: Callable[[float], np.ndarray], value: float) -> np.ndarray:
    """`formula(value)`, or, within NEAR_ONE of 1 where it divides by ``value - 1``, the
    straight line between its values on either side (the function is smooth there).

    >>> float(smooth_at_one(lambda a: (a ** 2 - 1) / (a - 1), 1.0))
    2.0
    """
    if abs(value - 1.0) >= NEAR_ONE:
        return formula(value)
    lo, hi = formula(1.0 - NEAR_ONE), formula(1.0 + NEAR_ONE)
    share = (value - (1.0 - NEAR_ONE)) / (2 * NEAR_ONE)
    return lo + share * (hi - lo)


def one_minus_euler(A: float, eps: float, C: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``(1 - (1 - z) ** eps * 2F1(A, eps; C; z)) / eps``: the bracket of the beta-geometric
    models' expected purchases after Euler's transformation, whose parameters do not grow
    with the number of purchases (so it neither overflows nor loses its digits for large x).

    >>> round(float(one_minus_euler(1.0, 1.0, np.array(2.0), np.array(0.5))), 6)
    0.306853
    """
    from scipy.special import hyp2f1

    with np.errstate(all="ignore"):
        return -np.expm1(eps * np.log1p(-z)) / eps \
            - np.exp(eps * np.log1p(-z)) * (hyp2f1(A, eps, C, z) - 1.0) / eps


def beta_geometric_counts(r: float, alpha: float, a: float, b: float, x: np.ndarray,
                          t: np.ndarray, shift: int) -> np.ndarray:
    """P(X(t) = x): the chance that a new customer makes exactly x repeat purchases in their
    first t time units, under the BG/NBD (`shift` 0: a customer may leave after each repeat
    purchase) or the MBG/NBD (`shift` 1: also right after the first purchase).

    Still active: ``E[(1-p)^(x+shift)] NB(x)``; left after the x-th purchase (x >= 1 - shift):
    ``E[p (1-p)^(x-1+shift)] P(N(t) >= x)``, with N(t) the negative binomial count of the
    buying process and p the beta-distributed chance to leave.

    >>> p = beta_geometric_counts(0.5, 2.0, 1.5, 3.0, np.arange(400.0), np.array(10.0), 0)
    >>> round(float(p.sum()), 6)
    1.0
    """
    from scipy.special import betainc, betaln, gammaln

    x = np.asarray(x, dtype=float)
    t = np.asarray(t, dtype=float)
    lb = betaln(a, b)
    with np.errstate(all="ignore"):
        lnb = (gammaln(r + x) - gammaln(r) - gammaln(x + 1) + r * np.log(alpha / (alpha + t))
               + np.where(x > 0, x * np.log(t / (alpha + t)), 0.0))
        lnb = np.where((t == 0) & (x > 0), -np.inf, lnb)
        alive = np.exp(betaln(a, b + x + shift) - lb + lnb)
        tail = np.where(x > 0, betainc(np.maximum(x, 1.0), r, t / (alpha + t)), 1.0)
        left = np.where(x >= 1 - shift,
                        np.exp(betaln(a + 1.0, np.maximum(b + x - 1.0 + shift, 1e-300)) - lb)
                        * tail, 0.0)
    return alive + left


def pareto_nbd_counts(r: float, alpha: float, s: float, beta: float, x: np.ndarray,
                      t: np.ndarray, nodes: int = 96) -> np.ndarray:
    """P(X(t) = x) for a new customer under the Pareto/NBD. A customer active for a time u
    makes a negative binomial number of purchases NB(x; r, alpha, u); u is t for one still
    active at t (chance ``(beta / (beta + t)) ** s``), else the lifetime, whose density is
    ``s beta^s / (beta + u)^(s + 1)``; the integral over u in (0, t) is taken by Gauss-Legendre
    quadrature (smooth integrand; error far below 1e-8 at 96 nodes).

    >>> p = pareto_nbd_counts(0.5, 4.0, 0.6, 10.0, np.arange(300.0)[None, :], np.array([[30.0]]))
    >>> round(float(p.sum()), 8)
    1.0
    """
    from scipy.special import gammaln

    x = np.asarray(x, dtype=float)
    t = np.asarray(t, dtype=float)

    def nb(u):
        with np.errstate(all="ignore"):
            log = (gammaln(r + x) - gammaln(r) - gammaln(x + 1) + r * np.log(alpha / (alpha + u))
                   + np.where(x > 0, x * np.log(u / (alpha + u)), 0.0))
        return np.where((u == 0) & (x > 0), 0.0, np.exp(log))

    g, wts = np.polynomial.legendre.leggauss(nodes)
    total = (beta / (beta + t)) ** s * nb(t)
    for node, weight in zip(g, wts, strict=True):
        u = t * (node + 1.0) / 2.0
        total = total + weight * t / 2.0 * s * beta ** s / (beta + u) ** (s + 1.0) * nb(u)
    return total
