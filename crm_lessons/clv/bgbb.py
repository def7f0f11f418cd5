"""The beta-geometric/beta-Bernoulli model (Fader, Hardie and Shang 2010) for discrete
opportunities to buy (a yearly donation, a weekly class, an annual conference): while active, a
customer takes each opportunity with a chance p of their own (beta-distributed, alpha and
beta); after each opportunity they may leave for good, with a chance theta of their own
(beta-distributed, gamma and delta).

Its summary counts opportunities, not days: ``frequency`` (opportunities taken, after the
first purchase), ``recency`` (the number of the last one taken, 0 if none) and ``periods``
(opportunities so far), with an optional ``weights`` column when one row stands for several
identical customers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm_lessons.clv.bgbb_data import bgbb_arrays, bgbb_unit, require_bgbb_identifiable
from crm_lessons.clv.fitting import (
    customer_series,
    future_times,
    model_unit,
    require_finite,
)
from crm_lessons.clv.special import smooth_at_one
from crm_lessons.clv.uncertainty import WithIntervals, fit_by_likelihood
from crm_lessons.errors import CRMDataError, require_whole_number

NAMES = ("alpha", "beta", "gamma", "delta")


def _parts(logp, x, tx, n):
    """The log of each term of the likelihood: alive through all n opportunities (A), and
    left after opportunity tx + j, j = 0 .. n - tx - 1 (columns of B; -inf where none)."""
    from scipy.special import betaln

    al, be, ga, de = np.exp(logp)
    base = betaln(al, be) + betaln(ga, de)
    A = betaln(al + x, be + n - x) + betaln(ga, de + n) - base
    j = np.arange(max(int(np.max(n - tx)), 1), dtype=float)[None, :]
    gap = (n - tx)[:, None]
    with np.errstate(all="ignore"):
        B = np.where(j < gap, betaln(al + x[:, None], be + tx[:, None] - x[:, None] + j)
                     + betaln(ga + 1.0, de + tx[:, None] + j) - base, -np.inf)
    return A, B, j


# Every term of the likelihood is log B(alpha + i1, beta + i2) + log B(gamma + i4, delta + i5)
# minus log B(alpha, beta) + log B(gamma, delta), with whole-number offsets: as log-gammas of
# the six bases below plus an offset, signed +, +, -, +, +, - (SIGNS).
SIGNS = np.array([1.0, 1.0, -1.0, 1.0, 1.0, -1.0])
# d/d(alpha, beta, gamma, delta) of a term, from the digammas of the same six bases
DERIV = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [-1, -1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1],
                  [0, 0, -1, -1]], dtype=float)


@dataclass(frozen=True)
class BGBBTerms:
    """Where each term of the BG/BB likelihood of rows (x, tx, n) reads the tables of
    log-gammas and digammas (``index``, one row per term), which customer row it belongs to
    (``row``; a row's first term is its "alive through all n" term, the others "left after
    opportunity tx + j"), the first term of each row (``first``) and the offsets of the table."""

    index: np.ndarray
    row: np.ndarray
    first: np.ndarray
    offsets: np.ndarray

    @classmethod
    def of(cls, x: np.ndarray, tx: np.ndarray, n: np.ndarray) -> BGBBTerms:
        x, tx, n = (np.asarray(v, dtype=np.int64) for v in (x, tx, n))
        gap = n - tx
        rows = np.arange(len(x))
        row = np.repeat(rows, gap + 1)          # one "alive" term, then one per j < gap
        first = np.r_[0, np.cumsum(gap + 1)[:-1]]
        j = np.arange(len(row)) - first[row] - 1  # -1 marks the "alive" term
        alive = j < 0
        k = tx[row] + j
        xr, nr = x[row], n[row]
        cols = np.where(alive[:, None],
                        np.c_[xr, nr - xr, nr, np.zeros_like(nr), nr, nr],
                        np.c_[xr, k - xr, k, np.ones_like(k), k, k + 1])
        size = int(n.max()) + 2
        index = cols + np.arange(6) * size      # into the raveled (6, size) table
        return cls(index, row, first, np.arange(size, dtype=float))


def bgbb_log_likelihood(logp: np.ndarray, x: np.ndarray, tx: np.ndarray, n: np.ndarray,
                        w: np.ndarray, grad: bool = True, terms: BGBBTerms | None = None):
    """The BG/BB log-likelihood of rows (x, tx, n) counted `w` times at the log-parameters
    `logp` and (with `grad`) its gradient in them; `terms` (:class:`BGBBTerms` of the rows)
    saves working out the layout at every call of a fit.

    One call of gammaln (and of digamma for the gradient) on a small table of the six bases
    plus every offset the rows need: on the few distinct rows of a fit the cost is the number
    of calls, not their size.

    >>> ll = bgbb_log_likelihood(np.zeros(4), np.array([1.0]), np.array([1.0]),
    ...                          np.array([2.0]), np.ones(1), grad=False)
    >>> round(ll, 4)
    -1.9741
    """
    from scipy.special import digamma, gammaln

    t = terms if terms is not None else BGBBTerms.of(x, tx, n)
    al, be, ga, de = np.exp(logp)
    grid = np.array([al, be, al + be, ga, de, ga + de])[:, None] + t.offsets
    lg = gammaln(grid)
    values = lg.ravel()[t.index] @ SIGNS - lg[:, 0] @ SIGNS
    shift = values[t.first]
    share = np.exp(values - shift[t.row])
    total_share = np.bincount(t.row, share, minlength=len(shift))
    L = shift + np.log(total_share)
    total = float(w @ L)
    if not grad:
        return total
    dg = digamma(grid)
    d_terms = dg.ravel()[t.index] @ DERIV - dg[:, 0] @ DERIV
    weight = share * (w / total_share)[t.row]
    return total, (weight @ d_terms) * np.exp(logp)


@dataclass(frozen=True, repr=False)
class BGBB(WithIntervals):
    """A fitted BG/BB model.

    Attributes
    ----------
    params : dict
        alpha, beta (beta spread of the chance to take an opportunity while active), gamma,
        delta (beta spread of the chance to leave after an opportunity).
    log_likelihood : float
        Log-likelihood at the estimates.
    n : int
        Number of customers fitted (the sum of the weights).
    converged : bool
        Whether the optimiser reported convergence.
    freq : str or None
        How long one opportunity is ("D", "W", "M"), when the summary said it; None when the
        summary counts opportunities of a length it does not state (a year, a season).
    std_errors : dict
        Standard error of each estimate (from the Hessian at the optimum).
    """

    params: dict[str, float]
    log_likelihood: float
    n: int
    converged: bool = True
    freq: str | None = None
    std_errors: dict[str, float] = field(default_factory=dict)

    def _rows(self, summary, unit, who):
        if self.freq is None:
            stated = bgbb_unit(summary, unit, who)
            if stated is not None:
                raise CRMDataError(f"{who}: the model counts opportunities of unstated length, "
                                   f"but this summary says its unit is {stated!r}. Use the "
                                   "summary the model was fitted on, or refit on this one.")
        else:
            model_unit(self, summary, unit, who)
        x, tx, n, _ = bgbb_arrays(summary, who)
        return x, tx, n

    def _log_terms(self, x, tx, n):
        from scipy.special import logsumexp

        logp = np.log([self.params[k] for k in NAMES])
        A, B, _ = _parts(logp, x, tx, n)
        return np.logaddexp(A, logsumexp(B, axis=1))

    def probability_alive(self, summary: pd.DataFrame, periods_ahead: int = 1,
                          unit: str | None = None) -> pd.Series:
        """Probability that each customer is still active at opportunity ``periods + k``
        (k = `periods_ahead`; 1, the next opportunity, as in the paper).

        Examples
        --------
        >>> model.probability_alive(donations).round(3).head()   # doctest: +SKIP
        """
        from scipy.special import betaln

        k = require_whole_number(periods_ahead, "BGBB.probability_alive: periods_ahead",
                                 minimum=0, fix="Give a number of opportunities, e.g. 1.")
        x, tx, n = self._rows(summary, unit, "BGBB.probability_alive")
        al, be, ga, de = (self.params[c] for c in NAMES)
        log_alive = (betaln(al + x, be + n - x) - betaln(al, be) + betaln(ga, de + n + k)
                     - betaln(ga, de) - self._log_terms(x, tx, n))
        values = require_finite(np.exp(np.minimum(log_alive, 0.0)), self, "probability_alive")
        return customer_series(values, summary, "probability_alive")

    def expected_transactions(self, summary: pd.DataFrame, periods: int,
                              unit: str | None = None) -> pd.Series:
        """Expected transactions of each customer in the next `periods` opportunities.

        Examples
        --------
        >>> model.expected_transactions(donations, 5).round(3).head()   # doctest: +SKIP
        """
        from scipy.special import betaln

        m = require_whole_number(periods, "BGBB.expected_transactions: periods", minimum=0,
                                 fix="Give a number of future opportunities, e.g. 5.")
        x, tx, n = self._rows(summary, unit, "BGBB.expected_transactions")
        al, be, _, de = (self.params[c] for c in NAMES)
        head = np.exp(betaln(al + x + 1.0, be + n - x) - betaln(al, be)
                      - self._log_terms(x, tx, n))
        values = head * smooth_at_one(lambda g: _future_share(g, de, n, m), self.params["gamma"])
        return customer_series(require_finite(values, self, "expected_transactions"), summary,
                               "expected_transactions")

    def expected_transactions_new(self, periods) -> np.ndarray | float:
        """Expected transactions of a new customer in their first `periods` opportunities.

        Examples
        --------
        >>> model.expected_transactions_new(6)                    # doctest: +SKIP
        """
        n = future_times(periods)
        al, be, _, de = (self.params[c] for c in NAMES)
        out = al / (al + be) * smooth_at_one(lambda g: _future_share(g, de, 0.0, n),
                                             self.params["gamma"])
        out = require_finite(out, self, "expected_transactions_new")
        return float(out) if np.ndim(out) == 0 else out


def _future_share(g, de, n, m):
    """delta / (gamma - 1) * Gamma(gamma+delta) / Gamma(1+delta) * (h(n) - h(n+m)), with
    h(k) = Gamma(1+delta+k) / Gamma(gamma+delta+k): expected survival over opportunities
    n+1 .. n+m of a customer alive at n, written to keep its digits for large n."""
    from scipy.special import gammaln

    def lh(k):
        return gammaln(1.0 + de + k) - gammaln(g + de + k)

    lead = np.log(de) + gammaln(g + de) - gammaln(1.0 + de) + lh(n)
    return np.exp(lead) * -np.expm1(lh(n + m) - lh(n)) / (g - 1.0)


def fit_bgbb(summary: pd.DataFrame, unit: str | None = None, maxiter: int = 500) -> BGBB:
    """Fit the BG/BB model to a summary of discrete opportunities by maximum likelihood.

    Parameters
    ----------
    summary : DataFrame
        Columns frequency, recency, periods (whole numbers of opportunities) and, optionally,
        weights (how many customers each row stands for), as in :func:`load_donations`.
    unit : {"W", "D", "M"}, optional
        How long one opportunity is, when it is one of these; checked against
        ``summary.attrs["freq"]`` and stored. Leave it out for opportunities of another length
        (a year): the model then counts opportunities.
    maxiter : int
        Most optimiser iterations; a fit that stops before converging warns (CRMFitWarning).

    Returns
    -------
    BGBB, with 95% intervals in its repr and in ``summary_table()``.

    Examples
    --------
    >>> from crm_lessons.data import load_donations
    >>> fit_bgbb(load_donations())                            # doctest: +SKIP
    BGBB(alpha=1.2 [...], beta=0.75 [...], gamma=0.657 [...], delta=2.78 [...]; ...)
    """
    unit = bgbb_unit(summary, unit, "fit_bgbb")
    x, tx, n, w = bgbb_arrays(summary, "fit_bgbb")
    require_bgbb_identifiable(x, n, w)
    size = float(w.sum())
    # identical donors once each, their weights summed: the same likelihood on a few rows
    # (three whole-number columns: numpy's unique on the rows costs less than hashing them)
    rows, inverse = np.unique(np.c_[x, tx, n], axis=0, return_inverse=True)
    ux, utx, un = rows.T
    uw = np.bincount(inverse.reshape(-1), weights=w, minlength=len(rows))
    terms = BGBBTerms.of(ux, utx, un)
    fit = fit_by_likelihood(lambda lp: bgbb_log_likelihood(lp, ux, utx, un, uw, terms=terms),
                            np.zeros(4), NAMES, maxiter, "BG/BB", size)
    return BGBB(fit.params, fit.log_likelihood, int(round(size)), fit.converged, unit,
                fit.std_errors)
