"""crm_lessons.clv.fitting: what the models share: predictions of the purchase models, the
checks of a summary, and the warning of a fit that did not converge."""

import warnings

import pandas as pd
import pytest

from crm_lessons import clv
from crm_lessons.errors import CRMDataError


def test_holdout_purchases_are_predicted_in_aggregate(cdnow_summary, bg, pn):
    s = cdnow_summary
    # 1,882 repeat purchase days in weeks 40-78; both models predict about 1,650-1,670 (the
    # models under-predict this hold-out a little) and agree with each other closely
    actual = s["frequency_holdout"].sum()
    predicted = []
    for model in (bg, pn):
        predicted.append(model.expected_purchases(s, 39).sum())
        assert predicted[-1] == pytest.approx(actual, rel=0.15)
        alive = model.probability_alive(s)
        assert alive.between(0, 1).all() and alive.index.equals(s.index)
    assert predicted[0] == pytest.approx(predicted[1], rel=0.02)
    # a customer with no repeat purchase is surely alive under BG/NBD (no chance to leave yet)
    assert (bg.probability_alive(s)[s["frequency"] == 0] == 1).all()
    # expected purchases of a new customer grow with time
    assert 0 < bg.expected_purchases_new(39) < bg.expected_purchases_new(78)


def test_fits_reject_a_summary_with_recency_above_T():
    bad = _summary([1.0, 2.0], [5.0, 12.0], [10.0, 10.0])
    for fit in (clv.fit_bgnbd, clv.fit_pareto_nbd):
        with pytest.raises(CRMDataError, match="recency is above T"):
            fit(bad)


def test_fits_reject_empty_or_incomplete_summaries():
    empty = pd.DataFrame({"frequency": [], "recency": [], "T": [], "monetary_value": []})
    for fit in (clv.fit_bgnbd, clv.fit_pareto_nbd, clv.fit_gamma_gamma):
        with pytest.raises(CRMDataError, match="empty"):
            fit(empty)
    with pytest.raises(CRMDataError, match="no column 'T'"):
        clv.fit_bgnbd(pd.DataFrame({"frequency": [1.0], "recency": [1.0]}))
    with pytest.raises(CRMDataError, match="whole repeat purchases"):
        clv.fit_bgnbd(pd.DataFrame({"frequency": [1.5], "recency": [1.0], "T": [2.0]}))
    with pytest.raises(CRMDataError, match="negative"):
        clv.fit_gamma_gamma(pd.DataFrame({"frequency": [1.0, 2.0], "monetary_value": [-3.0, 4]}))


def test_a_fit_that_stops_early_warns(cdnow_summary):
    with pytest.warns(clv.CRMFitWarning, match="did not converge"):
        m = clv.fit_bgnbd(cdnow_summary, maxiter=2)
    assert not m.converged
    with pytest.warns(clv.CRMFitWarning, match="did not converge"):
        clv.fit_pareto_nbd(cdnow_summary, maxiter=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert clv.fit_bgnbd(cdnow_summary).converged



# ---- a fit whose data cannot identify the model says so; no silent NaN or inf -------------

def _summary(x, tx, T, m=None):
    import numpy as np

    out = pd.DataFrame({"frequency": np.asarray(x, float), "recency": np.asarray(tx, float),
                        "T": np.asarray(T, float)})
    if m is not None:
        out["monetary_value"] = np.asarray(m, float)
    out.attrs["freq"] = "W"
    return out


def _degenerate():
    import numpy as np

    rng = np.random.default_rng(0)
    return {
        "no repeats": (_summary(np.zeros(500), np.zeros(500), rng.uniform(10, 40, 500)),
                       "no customer in the summary made a repeat purchase"),
        "identical": (_summary(np.full(2000, 2.0), np.full(2000, 10.0), np.full(2000, 30.0)),
                      "all 2,000 customers have the same frequency, recency and T"),
        "one customer": (_summary([2.0], [5.0], [10.0]), "the one customer has"),
    }


@pytest.mark.parametrize("fit", [clv.fit_bgnbd, clv.fit_pareto_nbd])
@pytest.mark.parametrize("case", ["no repeats", "identical", "one customer"])
def test_purchase_fits_refuse_data_that_cannot_identify_them(fit, case):
    summary, words = _degenerate()[case]
    with pytest.raises(CRMDataError, match=words):
        fit(summary)


@pytest.mark.parametrize("fit", [clv.fit_bgnbd, clv.fit_pareto_nbd])
def test_purchase_fits_on_few_repeat_buyers_warn_and_predict_finite_values(fit):
    import numpy as np

    summary = _summary(np.r_[1.0, 2.0, np.zeros(498)], np.r_[5.0, 9.0, np.zeros(498)],
                       np.full(500, 30.0))
    with pytest.warns(clv.CRMFitWarning, match="only 2 of the 500 customers"):
        model = fit(summary)
    for values in (model.probability_alive(summary), model.expected_purchases(summary, 10),
                   model.cumulative_purchases(summary, [4, 8]),
                   model.expected_purchases_new(10)):
        assert np.isfinite(values).all()


def test_a_prediction_that_is_not_finite_raises():
    import numpy as np

    summary = _summary([1.0, 2.0], [3.0, 4.0], [10.0, 10.0])
    broken = clv.BGNBD({"r": np.nan, "alpha": 4.0, "a": 0.8, "b": 2.0}, -1.0, 2, freq="W")
    with pytest.raises(CRMDataError, match="not finite"):
        broken.expected_purchases_new(10)
    # a = 1 is not broken: the expectation has a limit there (it divided by zero before)
    limit = clv.BGNBD({"r": 0.2, "alpha": 4.0, "a": 1.0, "b": 2.0}, -1.0, 2, freq="W")
    assert np.isfinite(limit.expected_purchases_new(10))
    with pytest.raises(CRMDataError, match="not finite"):
        clv.BGNBD({"r": np.nan, "alpha": 4.0, "a": 0.8, "b": 2.0}, -1.0, 2, freq="W").expected_purchases(
            summary, 10)


@pytest.mark.parametrize("n", [4, 2000])
def test_gamma_gamma_refuses_spend_that_does_not_vary(n):
    summary = _summary([2] * n, [3] * n, [5] * n, [10.0] * n)
    with pytest.raises(CRMDataError, match=f"all {n:,} repeat buyers have the same mean"):
        clv.fit_gamma_gamma(summary)


def test_gamma_gamma_on_few_repeat_buyers_warns():
    import numpy as np

    summary = _summary([1, 2, 3, 1, 0], [1, 2, 3, 1, 0], [5] * 5, [10, 12, 9, 30, 0])
    with pytest.warns(clv.CRMFitWarning, match="only 4 of the 5 customers"):
        model = clv.fit_gamma_gamma(summary)
    assert np.isfinite(model.expected_spend(summary)).all()


# ---- convergence judged on the log-likelihood of two runs (Pareto/NBD) ----------------------

def test_a_restart_confirms_an_optimum_and_catches_two_that_differ():
    import numpy as np

    from crm_lessons.clv.fitting import minimize_log_params

    def bowl(p):                      # one minimum, value 3
        return float(((p - 1.0) ** 2).sum() + 3.0), 2 * (p - 1.0)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = minimize_log_params(bowl, np.zeros(2), True, 100, "toy", restart=True)
    assert res.converged and res.fun == pytest.approx(3.0)

    def two_valleys(p):               # minima near p = -0.3 (value 0) and p = +0.3 (0.006)
        x = p[0]
        v = (x * x - 0.09) ** 2 + 0.01 * (x + 0.3)
        return float(v), np.array([4 * x * (x * x - 0.09) + 0.01])

    # the first run ends in the lower valley, the restart (moved by 0.5) in the other one
    with pytest.warns(clv.CRMFitWarning, match="two runs from different starting points"):
        res = minimize_log_params(two_valleys, np.array([-0.5]), True, 100, "toy",
                                  restart=True)
    assert not res.converged and res.x[0] < 0          # the better of the two is kept


def test_pareto_nbd_fit_is_confirmed_by_a_second_run(pn, cdnow_summary):
    # the gradient is partly finite differences, so convergence is judged by a restart
    assert pn.converged
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = clv.fit_pareto_nbd(cdnow_summary)
    assert again.params == pytest.approx(pn.params, rel=1e-9)
