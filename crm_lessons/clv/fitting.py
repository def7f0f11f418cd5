"""What the lifetime-value models share: compressing a summary to its distinct rows, the BFGS
optimiser over log-parameters (warning when it does not converge), the printed form of a fit,
and the base class of the two purchase models with their per-customer predictions.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.clv.summary import summary_arrays, summary_unit
from crm_lessons.errors import CRMDataError, CRMFitWarning, require_whole_number
from crm_lessons.units import UNIT_NAMES, require_unit

_BOUND = 15.0  # a log-parameter beyond +-15 means the fit ran away (warned)
FEW = 10  # fewer repeat buyers than this: the estimates are unreliable (warned)


def future_times(t: Any) -> np.ndarray:
    """Check a future length of time `t` (a number or an array, in the summary's unit) and
    return it as floats.

    >>> future_times([13, 39]).tolist()
    [13.0, 39.0]
    """
    arr = np.asarray(t, dtype=float)
    if np.isnan(arr).any() or (arr < 0).any():
        raise CRMDataError(f"the future period t must be a length of time of 0 or more (in the "
                           f"summary's unit, e.g. 39 weeks), got {t!r}.")
    return arr


def distinct_rows(*cols: np.ndarray) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """The distinct rows of the given columns (in order of first appearance) and the index of
    each row among them: each column's values are numbered by hashing (pandas.factorize), and
    the numbers of one row combined into one, column after column.

    >>> (x,), inv = distinct_rows(np.array([2.0, 0.0, 2.0]))
    >>> x.tolist(), inv.tolist()
    ([2.0, 0.0], [0, 1, 0])
    """
    arrays = [np.asarray(c, dtype=float).ravel() for c in cols]
    codes = np.zeros(len(arrays[0]), dtype=np.int64)
    for arr in arrays:
        column, values = pd.factorize(arr)
        codes = pd.factorize(codes * len(values) + column)[0]
    where = np.empty(int(codes.max(initial=-1)) + 1, dtype=np.intp)
    where[codes] = np.arange(len(codes))          # a row of each group: they are all alike
    return tuple(arr[where] for arr in arrays), codes.astype(np.intp)


def compress_rows(*cols: np.ndarray) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """Unique rows of the given columns and how many times each occurs (same likelihood).

    >>> (x,), w = compress_rows(np.array([0.0, 2.0, 0.0]))
    >>> x.tolist(), w.tolist()
    ([0.0, 2.0], [2.0, 1.0])
    """
    uniq, inverse = distinct_rows(*cols)
    return uniq, np.bincount(inverse, minlength=len(uniq[0])).astype(float)


def distinct_values(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of `x` and the index of each element among them (for per-x terms).

    >>> [a.tolist() for a in distinct_values(np.array([3.0, 1.0, 3.0]))]
    [[1.0, 3.0], [1, 0, 1]]
    """
    vals, inv = np.unique(x, return_inverse=True)
    return vals, inv.reshape(-1)


def distinct_pairs(x: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (x, t) pairs and the index of each row among them (:func:`distinct_rows`).

    >>> [a.tolist() for a in distinct_pairs(np.array([1.0, 1.0]), np.array([5.0, 5.0]))]
    [[1.0], [5.0], [0, 0]]
    """
    (ux, ut), inverse = distinct_rows(x, t)
    return ux, ut, inverse


#: Two runs of a fit agree when their values of -log-likelihood per customer differ by less.
SAME_OPTIMUM = 1e-9


def minimize_log_params(fun, x0: np.ndarray, jac: bool, maxiter: int, model: str,
                        restart: bool = False, gtol: float = 1e-6) -> Any:
    """Minimise `fun` over log-parameters with BFGS; warn (CRMFitWarning) when it does not
    converge. The result has a `converged` attribute.

    With an exact gradient, a "precision loss" stop is accepted where that gradient is flat.
    With `restart` (for a gradient that is partly approximate, so that it cannot judge itself),
    convergence is judged on the objective instead: a second run starts from another point
    (each log-parameter moved by 0.5), and the fit has converged when both runs end at the same
    value (within :data:`SAME_OPTIMUM`); the better of the two is kept. `gtol` is the gradient
    (of the objective, per customer) at which BFGS stops; a fit that polishes its optimum with
    Newton steps afterwards can stop it earlier.

    >>> res = minimize_log_params(lambda p: ((p[0] - 1.0) ** 2, 2 * (p - 1.0)), np.zeros(1),
    ...                           True, 100, "toy")
    >>> round(float(res.x[0]), 3), res.converged
    (1.0, True)
    """
    maxiter = require_whole_number(maxiter, f"The {model} fit's maxiter", minimum=1,
                                   fix="Leave it out to use the default (500).")
    res = _bfgs(fun, x0, jac, maxiter, gtol)
    if restart:
        shift = np.where(np.arange(len(x0)) % 2 == 0, 0.5, -0.5)
        other = _bfgs(fun, res.x + shift, jac, maxiter, gtol)
        ok = bool(np.isfinite(res.fun) and abs(other.fun - res.fun) <= SAME_OPTIMUM
                  * max(1.0, abs(res.fun)))
        res = other if other.fun < res.fun else res
        reason = "two runs from different starting points ended apart"
    else:
        # BFGS may stop on "precision loss" at the optimum; accept that when the gradient is flat
        flat = (res.jac is not None and np.all(np.isfinite(res.jac))
                and np.max(np.abs(res.jac)) < max(1e-4, 10 * gtol))
        ok = bool(res.success or (flat and res.status == 2))
        reason = res.message
    if not ok or not np.isfinite(res.fun) or (np.abs(res.x) > _BOUND).any():
        reason = reason if not ok else "a parameter ran off towards 0 or infinity"
        warnings.warn(f"The {model} fit did not converge ({reason}); its estimates are "
                      f"unreliable. Check the summary (enough repeat buyers? one time unit?) "
                      f"or raise maxiter.", CRMFitWarning, stacklevel=3)
        ok = False
    res.converged = ok
    return res


def _bfgs(fun, x0, jac, maxiter, gtol=1e-6):
    from scipy.optimize import minimize

    with np.errstate(all="ignore"):
        return minimize(fun, x0, jac=jac if jac else None, method="BFGS",
                        options={"maxiter": maxiter, "gtol": gtol})


def require_identifiable(x: np.ndarray, tx: np.ndarray, T: np.ndarray, who: str,
                         model: str) -> None:
    """Raise CRMDataError when a summary cannot identify a purchase model: no repeat purchase
    at all, every customer's age T zero, or every customer alike (one distinct row).

    >>> require_identifiable(np.zeros(3), np.zeros(3), np.ones(3), "fit_bgnbd", "BG/NBD")
    Traceback (most recent call last):
    ...
    crm_lessons.errors.CRMDataError: fit_bgnbd: no customer in the summary made a repeat ...
    """
    n = len(x)
    if not (x > 0).any():
        raise CRMDataError(
            f"{who}: no customer in the summary made a repeat purchase (frequency is 0 for all "
            f"{n:,}), so the data cannot tell how often customers buy or when they stop: the "
            f"{model} model cannot be fitted. Use a longer calibration period (a later "
            "calibration_end) or more customers.")
    if not (T > 0).any():
        raise CRMDataError(
            f"{who}: every customer's T (time since the first purchase) is 0, so there is no "
            f"time to learn from. Choose a calibration_end after the first purchases.")
    if (x == x[0]).all() and (tx == tx[0]).all() and (T == T[0]).all():
        raise CRMDataError(
            f"{who}: {'all ' + format(n, ',') + ' customers have' if n > 1 else 'the one customer has'}"
            f" the same frequency, recency and T "
            f"({x[0]:g}, {tx[0]:g}, {T[0]:g}), so the data cannot tell how customers differ, "
            f"which is what the {model} model estimates. Check how the summary was built "
            "(one row per customer, from purchase_summary()), or use the real customers.")
    warn_few(int((x > 0).sum()), n, who, "made a repeat purchase")


def warn_few(count: int, n: int, who: str, what: str) -> None:
    """Warn (CRMFitWarning) when fewer than `FEW` customers carry the estimates."""
    if count < FEW:
        warnings.warn(f"{who}: only {count} of the {n:,} customers {what}; the estimates rest "
                      f"on them and are unreliable. Use a longer calibration period or more "
                      f"customers.", CRMFitWarning, stacklevel=4)


def require_finite(values: Any, model: Any, what: str) -> Any:
    """`values` when every one is finite; else a CRMDataError naming the model's estimates
    (a prediction is never NaN or infinite without an error)."""
    arr = np.asarray(values, dtype=float)
    bad = ~np.isfinite(arr)
    if bad.any():
        raise CRMDataError(
            f"{type(model).__name__}.{what}: {int(bad.sum()):,} of {arr.size:,} predictions "
            f"are not finite numbers at the estimates {model!r}: the fit cannot answer for "
            "these data (it did not identify the model). Refit on a summary with more repeat "
            "buyers or a longer calibration period.")
    return values


def compressed_summary(summary: pd.DataFrame, who: str) -> tuple[np.ndarray, ...]:
    """Check a summary and return its distinct (frequency, recency, T) rows, how many customers
    share each, the number of customers and their mean age T (what a purchase model fits).
    (Its time unit is checked apart, by :func:`summary_unit`.)

    >>> s = pd.DataFrame({"frequency": [0.0, 0.0, 1.0], "recency": [0.0, 0.0, 2.0],
    ...                   "T": [4.0, 4.0, 6.0]})
    >>> x, tx, T, w, n, mean_T = compressed_summary(s, "fit_bgnbd")
    >>> w.tolist(), n, round(float(mean_T), 3)
    ([2.0, 1.0], 3, 4.667)
    """
    x, tx, T = summary_arrays(summary, who)
    model = {"fit_bgnbd": "BG/NBD", "fit_pareto_nbd": "Pareto/NBD"}.get(who, "purchase")
    require_identifiable(x, tx, T, who, model)
    (ux, utx, uT), w = compress_rows(x, tx, T)
    return ux, utx, uT, w, len(x), float(np.mean(T))


def maximise_likelihood(ll_and_grad, x0: np.ndarray, maxiter: int, model: str, n: int,
                        check_gradient: bool = False, restart: bool = False,
                        gtol: float = 1e-6) -> Any:
    """Maximise a log-likelihood over log-parameters: minimise ``-ll / n`` with BFGS (through
    `minimize_log_params`), treating a non-finite value (and, with `check_gradient`, a
    non-finite gradient) as a step too far. `ll_and_grad(logp)` returns (ll, gradient);
    `restart` judges convergence on the log-likelihood of two runs (`minimize_log_params`).

    >>> res = maximise_likelihood(lambda p: (-((p[0] - 2.0) ** 2), -2 * (p - 2.0)),
    ...                           np.zeros(1), 100, "toy", 1)
    >>> round(float(res.x[0]), 3)
    2.0
    """
    size, scale = len(x0), 1.0 / n

    def fun(lp):
        ll, g = ll_and_grad(lp)
        if not np.isfinite(ll) or (check_gradient and not np.isfinite(g).all()):
            return np.inf, np.full(size, np.nan)
        return -ll * scale, -g * scale

    return minimize_log_params(fun, x0, True, maxiter, model, restart=restart, gtol=gtol)


def format_params(name: str, params: dict[str, float], ll: float, n: int) -> str:
    """The printed form of a fitted model: its parameters to 3 digits, log-likelihood and size.

    >>> format_params("Toy", {"r": 0.2431}, -10.04, 5)
    'Toy(r=0.243; LL=-10.0, n=5)'
    """
    inner = ", ".join(f"{k}={v:.3g}" for k, v in params.items())
    return f"{name}({inner}; LL={ll:.1f}, n={n})"


def customer_series(values: np.ndarray, summary: pd.DataFrame, name: str) -> pd.Series:
    """One value per customer as a float Series indexed like `summary`.

    >>> customer_series(np.array([1, 2]), pd.DataFrame(index=[7, 9]), "clv").to_dict()
    {7: 1.0, 9: 2.0}
    """
    return pd.Series(np.asarray(values, dtype=float), index=summary.index, name=name)


def model_unit(model: Any, summary: pd.DataFrame, unit: str | None, who: str) -> str:
    """The unit of `summary` (:func:`summary_unit`) when it is the fitted `model`'s unit
    (``model.freq``); else a CRMDataError: a prediction on a summary in another unit would be
    wrong by the ratio of the units, without a word.

    >>> class M: freq = "W"
    >>> model_unit(M(), pd.DataFrame(), "W", "M.expected_purchases")
    'W'
    """
    got = summary_unit(summary, unit, who)
    if got != model.freq:
        raise CRMDataError(
            f"{who}: the summary is in {UNIT_NAMES[got]} ({got!r}) but the model was fitted in "
            f"{UNIT_NAMES[model.freq]} ({model.freq!r}), so its rates would be read in the wrong "
            f"unit. Rebuild the summary with purchase_summary(..., freq={model.freq!r}), or "
            f"refit the model on this summary.")
    return got


@dataclass(frozen=True, repr=False)
class PurchaseModel:
    """What the purchase models share: their fields (`freq` is the time unit the model was
    fitted in, also read as `unit`) and the per-customer predictions, built on each model's
    own `_expected` (cumulative expected purchases within t) and `_alive` (probability still
    active), which each model defines. Every prediction refuses a summary in another unit, or
    one that does not say its unit unless `unit=` is given."""

    params: dict[str, float]
    log_likelihood: float
    n: int
    converged: bool = True
    freq: str | None = None

    def __post_init__(self) -> None:
        require_unit(self.freq, f"{type(self).__name__}: freq (the time unit it was fitted in)")

    @property
    def unit(self) -> str:
        """The time unit the model was fitted in ("D", "W" or "M"), the same as `freq`."""
        return self.freq

    def __repr__(self) -> str:
        return format_params(type(self).__name__, self.params, self.log_likelihood, self.n)

    def _arrays(self, summary: pd.DataFrame, unit: str | None, what: str):
        """The summary's distinct (frequency, recency, T) rows, each predicted once, and the
        index of each customer's row among them; after checking the summary and its unit."""
        who = f"{type(self).__name__}.{what}"
        x, tx, T = summary_arrays(summary, who)
        model_unit(self, summary, unit, who)
        return distinct_rows(x, tx, T)

    def expected_purchases(self, summary: pd.DataFrame, t: float,
                           unit: str | None = None) -> pd.Series:
        """Expected number of purchases of each customer in the next `t` time units (the
        model's unit; `unit` states the summary's unit when its attrs do not).

        Examples
        --------
        >>> model.expected_purchases(summary, 39).sum()        # doctest: +SKIP
        """
        (x, tx, T), inverse = self._arrays(summary, unit, "expected_purchases")
        values = self._expected(x, tx, T, float(future_times(t)))[inverse]
        return customer_series(require_finite(values, self, "expected_purchases"), summary,
                               "expected_purchases")

    def cumulative_purchases(self, summary: pd.DataFrame, times: Any,
                             unit: str | None = None) -> np.ndarray:
        """Expected purchases of each customer within each of the future `times` (in the
        model's unit): an array with one row per customer and one column per time.

        Examples
        --------
        >>> model.cumulative_purchases(summary, [4.35, 8.7]).shape   # doctest: +SKIP
        (2357, 2)
        """
        (x, tx, T), inverse = self._arrays(summary, unit, "cumulative_purchases")
        t = np.atleast_1d(future_times(times))
        values = self._expected(x[:, None], tx[:, None], T[:, None], t[None, :])[inverse]
        return require_finite(values, self, "cumulative_purchases")

    def discounted_purchases(self, summary: pd.DataFrame, times: Any, factors: Any,
                             unit: str | None = None) -> np.ndarray:
        """For each customer, the purchases expected between one of the future `times` and the
        next (from 0 to times[0], then times[0] to times[1], ...), each times its discount
        factor in `factors`, summed: what :func:`lifetime_value` multiplies by the spend.
        Computed once per distinct (frequency, recency, T) row.

        Examples
        --------
        >>> model.discounted_purchases(summary, [4.35, 8.7], [0.99, 0.98]).shape   # doctest: +SKIP
        (2357,)
        """
        (x, tx, T), inverse = self._arrays(summary, unit, "discounted_purchases")
        t = np.atleast_1d(future_times(times))
        cum = self._expected(x[:, None], tx[:, None], T[:, None], t[None, :])
        with np.errstate(all="ignore"):
            values = np.diff(cum, axis=1, prepend=0.0) @ np.asarray(factors, dtype=float)
        return require_finite(values, self, "discounted_purchases")[inverse]

    def probability_alive(self, summary: pd.DataFrame, unit: str | None = None) -> pd.Series:
        """Probability that each customer is still active at the end of the calibration period.

        Examples
        --------
        >>> model.probability_alive(summary).head()             # doctest: +SKIP
        """
        (x, tx, T), inverse = self._arrays(summary, unit, "probability_alive")
        return customer_series(require_finite(self._alive(x, tx, T)[inverse], self,
                                              "probability_alive"), summary, "probability_alive")

    def _expected(self, x, tx, T, t):
        raise NotImplementedError(f"{type(self).__name__} does not define _expected.")

    def _alive(self, x, tx, T):
        raise NotImplementedError(f"{type(self).__name__} does not define _alive.")
