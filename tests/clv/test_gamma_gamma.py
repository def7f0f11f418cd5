"""crm_lessons.clv.gamma_gamma: the published CDNOW estimates, parameter recovery, free purchases."""

import pytest
from clv_support import (
    close,
    errors_by_hessian,
    gamma_gamma_log_likelihood,
    sig3,
    simulate_gamma_gamma,
)

from crm_lessons import clv


def test_gamma_gamma_reproduces_the_published_estimates(gg):
    m = gg
    p = m.params
    assert [sig3(p[k]) for k in ("p", "q", "gamma")] == [6.25, 3.74, 15.4]
    assert p["gamma"] == pytest.approx(15.44, abs=0.005)
    assert m.n == 946
    assert repr(m) == ("GammaGamma(p=6.25 [4.3, 9.08], q=3.74 [3.22, 4.36], gamma=15.4 [9.11, "
                       "26.2]; LL=-4055.9, n=946)")


def test_gamma_gamma_standard_errors_agree_with_an_independent_hessian(gg, cdnow_summary):
    assert gamma_gamma_log_likelihood(cdnow_summary, gg.params) == pytest.approx(
        gg.log_likelihood, abs=1e-6)
    check = errors_by_hessian(lambda p: gamma_gamma_log_likelihood(cdnow_summary, p), gg.params)
    assert gg.std_errors == pytest.approx(check, rel=1e-3)


def test_gamma_gamma_interval_is_wider_on_a_smaller_sample(gg, cdnow_summary):
    wide = clv.fit_gamma_gamma(cdnow_summary.iloc[:600]).summary_table()
    narrow = gg.summary_table()
    assert ((wide.upper_95 / wide.lower_95) > (narrow.upper_95 / narrow.lower_95)).all()


def test_gamma_gamma_recovers_simulated_parameters():
    # p and gamma trade off against each other when only each customer's mean spend is seen,
    # so this needs more customers than the purchase models (the fit is cheap)
    true = {"p": 6.0, "q": 4.0, "gamma": 15.0}
    fitted = clv.fit_gamma_gamma(simulate_gamma_gamma(20000, *true.values(), seed=3)).params
    assert close(fitted, true, 0.15) == {}


def test_gamma_gamma_leaves_out_free_repeat_purchases_with_a_warning():
    s = simulate_gamma_gamma(500, 6.0, 4.0, 15.0, seed=4)
    s.loc[0, "monetary_value"] = 0.0
    with pytest.warns(clv.CRMDataWarning, match="1 customers"):
        m = clv.fit_gamma_gamma(s)
    assert m.n == 499

