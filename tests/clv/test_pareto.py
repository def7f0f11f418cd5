"""crm_lessons.clv.pareto: the published CDNOW estimates and parameter recovery."""

import pytest
from clv_support import close, sig3, simulate_pareto_nbd

from crm_lessons import clv


def test_pareto_nbd_reproduces_the_published_estimates(pn):
    m = pn
    p = m.params
    assert [sig3(p[k]) for k in ("r", "alpha", "s", "beta")] == [0.553, 10.6, 0.606, 11.7]
    assert p["alpha"] == pytest.approx(10.58, abs=0.005)
    assert p["beta"] == pytest.approx(11.67, abs=0.005)
    assert m.log_likelihood == pytest.approx(-9595.0, abs=0.05)


def test_pareto_nbd_recovers_simulated_parameters():
    true = {"r": 0.8, "alpha": 8.0, "s": 0.8, "beta": 12.0}
    fitted = clv.fit_pareto_nbd(simulate_pareto_nbd(6000, *true.values(), seed=2)).params
    assert close(fitted, true, 0.25) == {}

