"""The shifted-beta-geometric (sBG) model (Fader and Hardie 2007) for a contractual business,
where customers renew (a subscription, a membership, a contract) and their leaving is seen.

Each customer has a chance theta of their own to leave at each renewal, and that chance differs
between customers (a beta distribution with alpha and beta). The share of a cohort still active
after t periods is ``S(t) = B(alpha, beta + t) / B(alpha, beta)``; the model is fitted to how
many of a cohort were still active at the start of each period.

Its retention rate by period rises with tenure even though no single customer grows more loyal:
the customers most likely to leave leave first, so those who remain are, on average, the ones
who were always less likely to leave. A rising retention curve is heterogeneity sorting the
cohort, not loyalty growing, and a model with one retention rate for all gets it wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.clv.fitting import require_finite
from crm_lessons.clv.uncertainty import WithIntervals, fit_by_likelihood
from crm_lessons.errors import CRMDataError, require_number, require_whole_number
from crm_lessons.units import discount_factors

NAMES = ("alpha", "beta")
#: DERL sums the discounted future margins until the discount factor falls below this.
DERL_TOLERANCE = 1e-12


def survivors_array(survivors: Sequence[float] | pd.Series, who: str = "fit_sbg") -> np.ndarray:
    """Check the counts of a cohort still active at the start of periods 0, 1, 2, ... and
    return them as floats.

    >>> survivors_array([1000, 869, 743]).tolist()
    [1000.0, 869.0, 743.0]
    """
    if isinstance(survivors, (str, bytes, dict)) or survivors is None:
        arr = np.array([np.nan])
    else:
        try:
            arr = np.asarray(survivors, dtype=float).reshape(-1)
        except (TypeError, ValueError, OverflowError):
            arr = np.array([np.nan])
    fix = ("Give the number of customers of one cohort still active at the start of each "
           "period, starting with the whole cohort, e.g. [1000, 869, 743, 653].")
    if arr.size < 3 or not np.isfinite(arr).all():
        raise CRMDataError(f"{who}: survivors should be at least 3 finite numbers (the cohort "
                           f"at period 0 and at two later periods), got {survivors!r}. {fix}")
    if arr[0] <= 0 or (arr < 0).any() or (np.diff(arr) > 0).any():
        raise CRMDataError(f"{who}: survivors should start above 0 and never rise (a customer "
                           f"who left is not counted again), got {arr.tolist()}. {fix}")
    if arr[-1] == arr[0]:
        raise CRMDataError(f"{who}: nobody in survivors left ({arr.tolist()}), so the data "
                           f"cannot tell how likely customers are to leave. Use a cohort "
                           "followed long enough for some customers to cancel.")
    if arr[-1] == 0 and arr[1] == 0:
        raise CRMDataError(f"{who}: the whole cohort left in the first period ({arr.tolist()}),"
                           " so the data cannot tell customers apart. Check the counts.")
    return arr


def sbg_log_likelihood(logp: np.ndarray, survivors: np.ndarray, grad: bool = True):
    """The sBG log-likelihood of a cohort's survivor counts at log-parameters `logp`, and
    (with `grad`) its gradient in them.

    >>> round(sbg_log_likelihood(np.zeros(2), np.array([4.0, 2.0, 1.0]), grad=False), 4)
    -4.2767
    """
    from scipy.special import betaln, digamma

    a, b = np.exp(logp)
    t = np.arange(1, len(survivors), dtype=float)
    lost = survivors[:-1] - survivors[1:]
    left = betaln(a + 1.0, b + t - 1.0) - betaln(a, b)        # P(leave in period t)
    stay = betaln(a, b + t[-1]) - betaln(a, b)                  # S(last period)
    total = float(lost @ left + survivors[-1] * stay)
    if not grad:
        return total
    dab = digamma(a + b)
    d_left_a = digamma(a + 1.0) - digamma(a + b + t) - digamma(a) + dab
    d_left_b = digamma(b + t - 1.0) - digamma(a + b + t) - digamma(b) + dab
    d_stay_a = digamma(a) - digamma(a + b + t[-1]) - digamma(a) + dab
    d_stay_b = digamma(b + t[-1]) - digamma(a + b + t[-1]) - digamma(b) + dab
    g = np.array([lost @ d_left_a + survivors[-1] * d_stay_a,
                  lost @ d_left_b + survivors[-1] * d_stay_b])
    return total, g * np.array([a, b])


def _periods(t: Any, who: str) -> np.ndarray:
    try:
        arr = np.asarray(t, dtype=float)
    except (TypeError, ValueError, OverflowError):
        arr = np.array(np.nan)
    if arr.size == 0 or not np.isfinite(arr).all() or (arr < 0).any() \
            or (arr != np.round(arr)).any():
        raise CRMDataError(f"{who}: periods should be whole numbers of 0 or more (periods since "
                           f"the cohort started, 0 = at the start), got {t!r}.")
    return arr


@dataclass(frozen=True, repr=False)
class SBG(WithIntervals):
    """A fitted shifted-beta-geometric model of one cohort.

    Attributes
    ----------
    params : dict
        alpha, beta: the beta spread of the customers' chance to leave at each renewal (its
        mean is alpha / (alpha + beta)).
    log_likelihood : float
        Log-likelihood at the estimates.
    n : int
        Customers in the cohort at period 0.
    converged : bool
        Whether the optimiser reported convergence.
    survivors : tuple
        The counts it was fitted on (start of periods 0, 1, ...).
    std_errors : dict
        Standard error of each estimate (from the Hessian at the optimum).
    """

    params: dict[str, float]
    log_likelihood: float
    n: int
    converged: bool = True
    survivors: tuple[float, ...] = ()
    std_errors: dict[str, float] = field(default_factory=dict)

    def survival(self, periods: Any) -> np.ndarray:
        """Share of the cohort still active at the start of each period t (S(0) = 1).

        Examples
        --------
        >>> model.survival(range(8)).round(3)                 # doctest: +SKIP
        """
        from scipy.special import betaln

        t = _periods(periods, "SBG.survival")
        a, b = self.params["alpha"], self.params["beta"]
        return require_finite(np.exp(betaln(a, b + t) - betaln(a, b)), self, "survival")

    def retention(self, periods: Any) -> np.ndarray:
        """Retention rate of period t = 1, 2, ...: the share of those active at t - 1 still
        active at t, ``(beta + t - 1) / (alpha + beta + t - 1)``. It rises with t because the
        customers likeliest to leave go first (heterogeneity), not because anyone grows loyal.

        Examples
        --------
        >>> model.retention([1, 2, 3]).round(3)               # doctest: +SKIP
        """
        t = _periods(periods, "SBG.retention")
        if (t < 1).any():
            raise CRMDataError("SBG.retention: periods start at 1 (the first renewal); "
                               f"got {periods!r}.")
        a, b = self.params["alpha"], self.params["beta"]
        return require_finite((b + t - 1.0) / (a + b + t - 1.0), self, "retention")

    def expected_lifetime(self, horizon: int | None = None) -> float:
        """Expected number of periods a new customer stays (counting the first): the sum of
        S(t) for t = 0, 1, ... (up to `horizon` periods when given). Without a horizon it is
        ``(alpha + beta - 1) / (alpha - 1)``, finite only when alpha > 1.

        Examples
        --------
        >>> model.expected_lifetime(horizon=10)               # doctest: +SKIP
        """
        a, b = self.params["alpha"], self.params["beta"]
        if horizon is not None:
            h = require_whole_number(horizon, "SBG.expected_lifetime: horizon", minimum=1,
                                     fix="Give a number of periods, e.g. 10.")
            return float(self.survival(np.arange(h)).sum())
        if a <= 1:
            raise CRMDataError(
                f"SBG.expected_lifetime: alpha is {a:.3g}, at most 1, so a few customers are so "
                "unlikely to leave that the mean lifetime is endless. Give a horizon "
                "(expected_lifetime(horizon=10)), or value customers with derl(), which "
                "discounting keeps finite.")
        return float((a + b - 1.0) / (a - 1.0))

    def derl(self, tenure: Any, margin: float, discount_rate: float) -> np.ndarray:
        """Discounted expected residual lifetime value of a customer active in period `tenure`
        (0 = new, 1 = renewed once, ...; a number or an array, one per customer).

        The course's convention (crm_lessons.units.discount_factors): the customer pays
        `margin` at the end of each period they are active, the cash of the k-th period from
        now worth ``1 / (1 + discount_rate) ** k``; they are active in the current period, and
        in each later one with the model's survival given their tenure.

        Examples
        --------
        >>> model.derl([0, 4], margin=100.0, discount_rate=0.1).round(1)   # doctest: +SKIP
        """
        t = _periods(tenure, "SBG.derl")
        margin = require_number(margin, "SBG.derl: margin", fix="Give the margin per period.")
        d = require_number(discount_rate, "SBG.derl: discount_rate", minimum=0,
                           fix="Give it per period, e.g. 0.1 for 10%.")
        if d <= 0:
            raise CRMDataError("SBG.derl: discount_rate should be above 0 (without discounting "
                               "the value of a customer who may never leave is endless). Give "
                               "it per period, e.g. 0.1 for 10%.")
        k = min(int(np.ceil(-np.log(DERL_TOLERANCE) / np.log1p(d))), 200_000)
        factors = discount_factors(d, k)
        a, b = self.params["alpha"], self.params["beta"]
        # S(t + j) / S(t) = prod_{i<j} (b + t + i) / (a + b + t + i), as a running product
        tenures, back = np.unique(t, return_inverse=True)     # once per distinct tenure
        flat = tenures.reshape(-1, 1)
        steps = (b + flat + np.arange(k - 1)) / (a + b + flat + np.arange(k - 1))
        ratio = np.cumprod(np.c_[np.ones((flat.shape[0], 1)), steps], axis=1)
        value = margin * (ratio @ factors)[back.reshape(-1)]
        return require_finite(value.reshape(t.shape), self, "derl")


def fit_sbg(survivors: Sequence[float] | pd.Series, maxiter: int = 500) -> SBG:
    """Fit the shifted-beta-geometric model to the customers of one cohort still active at the
    start of each period.

    Parameters
    ----------
    survivors : list, array or Series of numbers
        Active customers at the start of periods 0, 1, 2, ... (the first is the cohort's
        size); they never rise.
    maxiter : int
        Most optimiser iterations; a fit that stops before converging warns (CRMFitWarning).

    Returns
    -------
    SBG, with 95% intervals in its repr and in ``summary_table()``.

    Examples
    --------
    >>> fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    SBG(alpha=0.668 [0.493, 0.906], beta=3.81 [2.54, 5.7]; LL=-1611.2, n=1000)
    """
    s = survivors_array(survivors)
    maxiter = require_whole_number(maxiter, "fit_sbg: maxiter", minimum=1,
                                   fix="Leave it out to use the default (500).")
    fit = fit_by_likelihood(lambda lp: sbg_log_likelihood(lp, s), np.zeros(2), NAMES, maxiter,
                            "sBG", float(s[0]))
    return SBG(fit.params, fit.log_likelihood, int(round(s[0])), fit.converged,
               tuple(map(float, s)), fit.std_errors)
