"""crm_lessons.clv.special: the removable singularity and the transformed bracket against
direct computations."""

import numpy as np
import pytest
from scipy.special import hyp2f1

from crm_lessons.clv.special import beta_geometric_counts, one_minus_euler, smooth_at_one


def test_smooth_at_one_bridges_the_division_by_zero():
    f = lambda a: (np.exp(a - 1.0) - 1.0) / (a - 1.0)  # noqa: E731 - limit 1 at a = 1
    assert smooth_at_one(f, 1.0) == pytest.approx(1.0, abs=1e-9)
    assert smooth_at_one(f, 1.5) == f(1.5)


def test_the_transformed_bracket_equals_the_printed_one():
    A, eps, C, z = 0.7, 0.3, np.array([2.5, 40.0]), np.array([0.2, 0.9])
    # Euler: (1 - z) ** eps * 2F1(A, eps; C; z) = (1 - z) ** (C - A) * 2F1(C - A, C - eps; C; z)
    printed = (1 - (1 - z) ** (C - A) * hyp2f1(C - A, C - eps, C, z)) / eps
    assert one_minus_euler(A, eps, C, z) == pytest.approx(printed, rel=1e-9)


def test_the_counts_of_a_customer_who_cannot_leave_are_negative_binomial():
    from scipy.stats import nbinom

    r, alpha, t = 0.6, 3.0, 10.0
    p = beta_geometric_counts(r, alpha, 1e-9, 1.0, np.arange(6.0), np.array(t), shift=0)
    assert p == pytest.approx(nbinom.pmf(np.arange(6), r, alpha / (alpha + t)), rel=1e-6)
    mb = beta_geometric_counts(r, alpha, 2.0, 1.0, np.arange(400.0), np.array(t), shift=1)
    assert mb.sum() == pytest.approx(1.0, abs=1e-9)
