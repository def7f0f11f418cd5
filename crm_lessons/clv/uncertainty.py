"""How sure a fitted model is of its estimates: standard errors from the curvature of the
log-likelihood at the optimum (the inverse of the Hessian, the observed information), and the
95% intervals that go with them, printed in a model's repr and given as a table.

The fits search over the logarithms of the parameters, so the Hessian is taken there too: a
parameter theta with standard error s on the log scale has standard error ``theta * s`` (the
delta method), and its 95% interval is ``theta * exp(-+1.96 s)``, which stays above 0 as every
parameter of these models must. Any model can use this: give `standard_errors` the function
the fit minimised (its value, or its value and gradient) and the optimum.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_lessons.clv.fitting import maximise_likelihood
from crm_lessons.errors import CRMFitWarning

#: The normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054
#: Gradient (per customer) at which BFGS hands over to the Newton polish in fit_by_likelihood
#: (stopping BFGS earlier, at 1e-4, costs a second Newton step: more than the iterations saved).
POLISH_GTOL = 1e-6
#: Step of the finite differences, on the log scale of the parameters (0.01% of each).
STEP = 1e-4


def _value_and_gradient(fun: Callable, x: np.ndarray) -> tuple[float, np.ndarray | None]:
    out = fun(x)
    if isinstance(out, tuple):
        return float(out[0]), np.asarray(out[1], dtype=float)
    return float(out), None


def hessian(fun: Callable, x: np.ndarray, step: float = STEP) -> np.ndarray:
    """The Hessian of `fun` at `x` by central differences: of its gradient when `fun` returns
    (value, gradient), else of its values.

    >>> hessian(lambda p: float(3 * p[0] ** 2 + p[0] * p[1]), np.array([1.0, 2.0])).round(4)
    array([[6., 1.],
           [1., 0.]])
    """
    x = np.asarray(x, dtype=float)
    k = len(x)
    eye = np.eye(k) * step
    if _value_and_gradient(fun, x)[1] is not None:
        rows = [(_value_and_gradient(fun, x + e)[1] - _value_and_gradient(fun, x - e)[1])
                / (2 * step) for e in eye]
        h = np.array(rows)
        return (h + h.T) / 2
    f = lambda p: _value_and_gradient(fun, p)[0]  # noqa: E731
    f0 = f(x)
    h = np.empty((k, k))
    for i in range(k):
        h[i, i] = (f(x + eye[i]) - 2 * f0 + f(x - eye[i])) / step ** 2
        for j in range(i):
            h[i, j] = h[j, i] = (f(x + eye[i] + eye[j]) - f(x + eye[i] - eye[j])
                                 - f(x - eye[i] + eye[j]) + f(x - eye[i] - eye[j])) / (4 * step ** 2)
    return h


def refine_optimum(neg_log_likelihood: Callable, log_estimates: np.ndarray,
                   steps: int = 3) -> np.ndarray:
    """Newton steps from a quasi-Newton optimum, with the Hessian and gradient of
    `neg_log_likelihood` (which returns its value and gradient), each kept only when it lowers
    the value: BFGS stops where the gradient is small on average per customer, which on a
    large, flat likelihood can leave the fourth significant figure loose.

    >>> nll = lambda p: (float((p[0] - 2.0) ** 4 + (p[0] - 2.0) ** 2), 4 * (p - 2.0) ** 3
    ...                  + 2 * (p - 2.0))
    >>> round(float(refine_optimum(nll, np.array([2.01]))[0]), 6)
    2.0
    """
    x = np.asarray(log_estimates, dtype=float)
    for _ in range(steps):
        trial = newton_step(neg_log_likelihood, x)[0]
        if trial is x:            # the step was refused (or no Newton step exists there)
            break
        x = trial
    return x


def newton_step(neg_log_likelihood: Callable, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One Newton step from `x` on `neg_log_likelihood` (value and gradient), kept only when it
    lowers the value, and the Hessian at `x` that it used.

    >>> nll = lambda p: (float((p[0] - 2.0) ** 2), 2 * (p - 2.0))
    >>> x, h = newton_step(nll, np.array([2.5]))
    >>> round(float(x[0]), 6), h.round(4).tolist()
    (2.0, [[2.0]])
    """
    x = np.asarray(x, dtype=float)
    value, g = _value_and_gradient(neg_log_likelihood, x)
    with np.errstate(all="ignore"):
        h = hessian(neg_log_likelihood, x)
    try:
        np.linalg.cholesky(h)
        trial = x - np.linalg.solve(h, g)
    except np.linalg.LinAlgError:
        return x, h
    with np.errstate(all="ignore"):
        new_value, new_g = _value_and_gradient(neg_log_likelihood, trial)
    if np.isfinite(new_value) and new_value <= value and np.isfinite(new_g).all():
        return trial, h
    return x, h


def standard_errors(neg_log_likelihood: Callable, log_estimates: np.ndarray,
                    model: str = "model", step: float = STEP) -> np.ndarray:
    """Standard errors of the log-parameters at the optimum `log_estimates` of
    `neg_log_likelihood` (the sum over customers, not a mean; it may return its value or its
    value and gradient). Where the curvature is not that of a maximum (a flat or saddle-shaped
    likelihood: the data cannot pin the parameters down) the errors are NaN and CRMFitWarning
    says so.

    >>> nll = lambda p: float(50 * (p[0] - 1.0) ** 2)     # curvature 100: error 0.1
    >>> standard_errors(nll, np.array([1.0])).round(4).tolist()
    [0.1]
    """
    with np.errstate(all="ignore"):
        h = hessian(neg_log_likelihood, np.asarray(log_estimates, dtype=float), step)
    return errors_from_hessian(h, model)


def errors_from_hessian(h: np.ndarray, model: str = "model") -> np.ndarray:
    """Standard errors from the Hessian `h` of a negative log-likelihood at its optimum: the
    square roots of the diagonal of its inverse; NaN, with a CRMFitWarning, where `h` is not
    that of a maximum (see :func:`standard_errors`).

    >>> errors_from_hessian(np.array([[100.0]])).round(4).tolist()
    [0.1]
    """
    k = len(h)
    if np.isfinite(h).all():
        try:
            np.linalg.cholesky(h)
            se = np.sqrt(np.diag(np.linalg.inv(h)))
            if np.isfinite(se).all():
                return se
        except np.linalg.LinAlgError:
            pass
    warnings.warn(f"The {model} fit's log-likelihood is not curved like a maximum at the "
                  "estimates, so they have no standard errors (shown as n/a): the data cannot "
                  "pin the parameters down. Use more customers or a longer period.",
                  CRMFitWarning, stacklevel=4)
    return np.full(k, np.nan)


def errors_at_optimum(log_likelihood: Callable, log_estimates: np.ndarray,
                      names: tuple[str, ...], model: str) -> dict[str, float]:
    """Standard errors on the parameters' own scale, by name, at the optimum `log_estimates` of
    `log_likelihood` (a function of the log-parameters giving the sum over customers: its value,
    or its value and gradient), from the Hessian there (:func:`standard_errors`).

    >>> se = errors_at_optimum(lambda p: float(-50 * p[0] ** 2), np.zeros(1), ("r",), "toy")
    >>> round(se["r"], 6)
    0.1
    """
    def nll(lp):
        out = log_likelihood(lp)
        if isinstance(out, tuple):
            return -out[0], -np.asarray(out[1], dtype=float)
        return -out

    se = standard_errors(nll, np.asarray(log_estimates, dtype=float), model)
    return natural_errors(names, log_estimates, se)


def estimate_table(params: dict[str, float], std_errors: dict[str, float]) -> pd.DataFrame:
    """One row per parameter: estimate, std_error and the 95% interval (lower_95, upper_95),
    computed on the log scale so that it stays above 0.

    >>> estimate_table({"r": 2.0}, {"r": 0.2}).round(3).to_dict("records")
    [{'estimate': 2.0, 'std_error': 0.2, 'lower_95': 1.644, 'upper_95': 2.433}]
    """
    est = np.array([params[k] for k in params], dtype=float)
    se = np.array([std_errors.get(k, np.nan) for k in params], dtype=float)
    with np.errstate(all="ignore"):
        spread = np.exp(Z95 * se / est)
    table = pd.DataFrame({"estimate": est, "std_error": se, "lower_95": est / spread,
                          "upper_95": est * spread}, index=pd.Index(list(params), name="parameter"))
    return table


def natural_errors(names: tuple[str, ...], log_estimates: np.ndarray,
                   se_log: np.ndarray) -> dict[str, float]:
    """Standard errors on the parameters' own scale (theta * se of log theta), by name.

    >>> natural_errors(("r",), np.log([2.0]), np.array([0.1]))
    {'r': 0.2}
    """
    return {k: float(v) for k, v in zip(names, np.exp(log_estimates) * se_log, strict=True)}


def format_estimates(name: str, params: dict[str, float], std_errors: dict[str, float],
                     ll: float, n: int) -> str:
    """The printed form of a fit with its 95% intervals.

    >>> format_estimates("Toy", {"r": 2.0}, {"r": 0.2}, -10.04, 5)
    'Toy(r=2 [1.64, 2.43]; LL=-10.0, n=5)'
    """
    table = estimate_table(params, std_errors)
    parts = []
    for k, row in table.iterrows():
        ci = (f"[{row.lower_95:.3g}, {row.upper_95:.3g}]" if np.isfinite(row.std_error)
              else "[n/a]")
        parts.append(f"{k}={row.estimate:.3g} {ci}")
    return f"{name}({', '.join(parts)}; LL={ll:.1f}, n={n})"


@dataclass(frozen=True)
class LikelihoodFit:
    """What a maximum-likelihood fit found: the estimates by name, the log-likelihood there,
    whether the optimiser converged, and the standard error of each estimate."""

    params: dict[str, float]
    log_likelihood: float
    converged: bool
    std_errors: dict[str, float]


def fit_by_likelihood(ll_and_grad: Callable, x0: np.ndarray, names: tuple[str, ...],
                      maxiter: int, model: str, n: float) -> LikelihoodFit:
    """Maximise a log-likelihood over log-parameters (`ll_and_grad(logp)` returns the sum over
    customers and its gradient), polish the optimum BFGS found (:data:`POLISH_GTOL`) with one
    Newton step, and take the standard errors from the Hessian that step used.

    >>> fit = fit_by_likelihood(lambda p: (float(-50 * (p[0] - 1.0) ** 2), -100 * (p - 1.0)),
    ...                         np.zeros(1), ("r",), 100, "toy", 1)
    >>> round(fit.params["r"], 4), round(fit.std_errors["r"], 4)
    (2.7183, 0.2718)
    """
    res = maximise_likelihood(ll_and_grad, x0, maxiter, model, n, gtol=POLISH_GTOL)

    def nll(lp):
        value, g = ll_and_grad(lp)
        return -value, -g

    # the Hessian of the step, taken where BFGS stopped, gives the standard errors: so close
    # to the optimum the curvature does not change over the step
    best, h = newton_step(nll, res.x)
    se = errors_from_hessian(h, model)
    params = dict(zip(names, map(float, np.exp(best)), strict=True))
    return LikelihoodFit(params, float(ll_and_grad(best)[0]), bool(res.converged),
                         natural_errors(names, best, se))


class WithIntervals:
    """Mixin of a fitted model with `params`, `std_errors`, `log_likelihood` and `n`: its repr
    shows each estimate with its 95% interval, `summary_table()` gives them as a table."""

    def summary_table(self) -> pd.DataFrame:
        """Estimates, standard errors and 95% intervals, one row per parameter.

        Examples
        --------
        >>> model.summary_table()                       # doctest: +SKIP
        """
        return estimate_table(self.params, self.std_errors)

    def __repr__(self) -> str:
        return format_estimates(type(self).__name__, self.params, self.std_errors,
                                self.log_likelihood, self.n)
