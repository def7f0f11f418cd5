"""crm_lessons.clv.uncertainty: standard errors from the Hessian match a case known in closed
form, the intervals stay above 0, and a flat likelihood is said to have none."""

import numpy as np
import pytest

from crm_lessons.clv.uncertainty import (
    estimate_table,
    format_estimates,
    hessian,
    natural_errors,
    refine_optimum,
    standard_errors,
)
from crm_lessons.errors import CRMFitWarning


def exponential_nll(times):
    """Exponential lifetimes with rate lam = exp(p): the MLE is 1 / mean, and the standard
    error of log(lam) is 1 / sqrt(n)."""
    n, total = len(times), float(np.sum(times))

    def nll(p):
        lam = np.exp(p[0])
        return float(-(n * p[0] - lam * total)), np.array([-(n - lam * total)])
    return nll


def test_standard_error_of_an_exponential_rate_is_known():
    times = np.random.default_rng(0).exponential(2.0, 400)
    nll = exponential_nll(times)
    best = refine_optimum(nll, np.log([0.45]))          # polishes a nearby optimum
    assert np.exp(best[0]) == pytest.approx(1 / times.mean(), rel=1e-9)
    se = standard_errors(nll, best)
    assert se[0] == pytest.approx(1 / np.sqrt(400), rel=1e-6)
    # the same from values alone, without the gradient
    se_values = standard_errors(lambda p: nll(p)[0], best)
    assert se_values[0] == pytest.approx(se[0], rel=1e-4)
    errors = natural_errors(("rate",), best, se)
    assert errors["rate"] == pytest.approx(np.exp(best[0]) / 20, rel=1e-6)


def test_hessian_of_a_quadratic():
    h = hessian(lambda p: (float(p @ np.array([[2.0, 1.0], [1.0, 3.0]]) @ p),
                           2 * np.array([[2.0, 1.0], [1.0, 3.0]]) @ p), np.ones(2))
    assert h == pytest.approx(np.array([[4.0, 2.0], [2.0, 6.0]]))


def test_a_flat_likelihood_has_no_standard_errors_and_says_so():
    with pytest.warns(CRMFitWarning, match="not curved like a maximum"):
        se = standard_errors(lambda p: float(-p[0] ** 2), np.array([0.0]), "toy")  # a minimum
    assert np.isnan(se).all()
    assert format_estimates("Toy", {"r": 2.0}, {"r": float(se[0])}, -1.0, 3) == \
        "Toy(r=2 [n/a]; LL=-1.0, n=3)"


def test_intervals_are_on_the_log_scale_and_stay_positive():
    table = estimate_table({"r": 0.1, "b": 5.0}, {"r": 0.2, "b": 1.0})
    assert (table["lower_95"] > 0).all()
    assert table.loc["r", "lower_95"] * table.loc["r", "upper_95"] == pytest.approx(0.1 ** 2)
