"""crm_lessons.clv.pareto: the published CDNOW estimates and parameter recovery."""

import pytest
from clv_support import (
    close,
    errors_by_hessian,
    pareto_nbd_log_likelihood,
    sig3,
    simulate_pareto_nbd,
)

from crm_lessons import clv


def test_pareto_nbd_reproduces_the_published_estimates(pn):
    m = pn
    p = m.params
    assert [sig3(p[k]) for k in ("r", "alpha", "s", "beta")] == [0.553, 10.6, 0.606, 11.7]
    assert p["alpha"] == pytest.approx(10.58, abs=0.005)
    assert p["beta"] == pytest.approx(11.67, abs=0.005)
    assert m.log_likelihood == pytest.approx(-9595.0, abs=0.05)
    assert repr(m).startswith("ParetoNBD(r=0.553 [0.467, 0.655], alpha=10.6 [9.05, 12.4], s=0.606 [")


def test_pareto_nbd_standard_errors_agree_with_an_independent_hessian(pn, cdnow_summary):
    # the likelihood by quadrature, differenced on the parameters' own scale
    assert pareto_nbd_log_likelihood(cdnow_summary, pn.params) == pytest.approx(
        pn.log_likelihood, abs=1e-6)
    check = errors_by_hessian(lambda p: pareto_nbd_log_likelihood(cdnow_summary, p), pn.params)
    assert pn.std_errors == pytest.approx(check, rel=1e-3)
    table = pn.summary_table()
    assert table.loc["beta", "lower_95"] > 0          # on the log scale: never below 0


def test_pareto_nbd_interval_is_wider_on_a_smaller_sample(pn, cdnow_summary):
    wide = clv.fit_pareto_nbd(cdnow_summary.iloc[:600]).summary_table()
    narrow = pn.summary_table()
    assert ((wide.upper_95 / wide.lower_95) > (narrow.upper_95 / narrow.lower_95)).all()


def test_pareto_nbd_recovers_simulated_parameters():
    true = {"r": 0.8, "alpha": 8.0, "s": 0.8, "beta": 12.0}
    fitted = clv.fit_pareto_nbd(simulate_pareto_nbd(6000, *true.values(), seed=2)).params
    assert close(fitted, true, 0.25) == {}

