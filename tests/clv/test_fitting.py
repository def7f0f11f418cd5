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
    bad = pd.DataFrame({"frequency": [1.0, 2.0], "recency": [5.0, 12.0], "T": [10.0, 10.0]})
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

