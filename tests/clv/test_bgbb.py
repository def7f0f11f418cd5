"""crm_lessons.clv.bgbb and bgbb_data: the published donations estimates, weights that count
identical donors, recovery of simulated parameters, gamma = 1, and clear refusals."""

import numpy as np
import pandas as pd
import pytest
from clv_support import close, sig3
from models_support import simulate_bgbb

from crm_lessons import clv
from crm_lessons.data import load_donations
from crm_lessons.errors import CRMDataError


@pytest.fixture(scope="module")
def donations():
    return load_donations()


@pytest.fixture(scope="module")
def bb(donations):
    return clv.fit_bgbb(donations)


def test_bgbb_reproduces_fader_hardie_shang_on_the_donations(bb):
    p = bb.params
    assert [round(p[k], 3) for k in ("alpha", "beta", "gamma", "delta")] == \
        [1.204, 0.750, 0.657, 2.783]
    assert bb.log_likelihood == pytest.approx(-33225.6, abs=0.05)
    assert bb.n == 11104 and bb.converged and bb.freq is None
    assert (bb.summary_table()["std_error"] > 0).all()
    assert repr(bb).startswith("BGBB(alpha=1.2 [1.07, 1.35], beta=0.75 [")


def test_predictions_by_hand_for_a_donor_who_gave_every_year(bb, donations):
    from scipy.special import beta as B

    al, be, ga, de = (bb.params[k] for k in ("alpha", "beta", "gamma", "delta"))
    x = n = 6               # gave in all six years (recency 6): alive through n, no other path
    lik = B(al + x, be + n - x) / B(al, be) * B(ga, de + n) / B(ga, de)
    alive = B(al + x, be) / B(al, be) * B(ga, de + n + 1) / B(ga, de) / lik
    row = donations[donations["frequency"] == 6]
    assert bb.probability_alive(row).iloc[0] == pytest.approx(alive, rel=1e-10)
    future = sum(B(ga, de + n + k) / B(ga, de + n) for k in range(1, 6))   # alive at n + k
    expected = (al + x) / (al + be + n) * future
    assert bb.expected_transactions(row, 5).iloc[0] == pytest.approx(expected, rel=1e-10)


def test_weights_count_identical_donors(bb, donations):
    small = donations.assign(weights=np.maximum(donations["weights"] // 50, 1))
    expanded = small.loc[small.index.repeat(small["weights"])].drop(columns="weights")
    a, b = clv.fit_bgbb(small), clv.fit_bgbb(expanded)
    assert a.params == pytest.approx(b.params, rel=1e-5)
    assert a.log_likelihood == pytest.approx(b.log_likelihood, rel=1e-9)


def test_fit_recovers_simulated_parameters():
    true = {"alpha": 1.2, "beta": 0.75, "gamma": 0.66, "delta": 2.8}
    fitted = clv.fit_bgbb(simulate_bgbb(40000, *true.values(), periods=10, seed=3)).params
    assert close(fitted, true, 0.2) == {}


def test_gamma_equal_to_one_is_finite_and_continuous(bb, donations):
    models = [clv.BGBB({**bb.params, "gamma": g}, 0.0, 1) for g in (1 - 1e-3, 1.0, 1 + 1e-3)]
    e = [m.expected_transactions(donations, 5).to_numpy() for m in models]
    assert np.isfinite(e[1]).all()
    assert np.allclose(e[1], (e[0] + e[2]) / 2, rtol=1e-5)
    assert np.isfinite(models[1].expected_transactions_new(6))


def test_a_new_donor_expects_fewer_gifts_the_longer_the_horizon_is_discounted(bb):
    first = bb.expected_transactions_new([1, 6])
    assert 0 < first[0] < first[1] < 6
    # the first year: the chance to be active (1 - theta) times the chance to give, p
    al, be, ga, de = (bb.params[k] for k in ("alpha", "beta", "gamma", "delta"))
    assert first[0] == pytest.approx(al / (al + be) * de / (ga + de), rel=1e-10)


def test_units_are_kept_when_stated(donations):
    weekly = donations.copy()
    weekly.attrs["freq"] = "W"
    model = clv.fit_bgbb(weekly)
    assert model.freq == "W" and sig3(model.params["alpha"]) == 1.2
    with pytest.raises(CRMDataError, match="does not say its time unit"):
        model.probability_alive(donations)
    with pytest.raises(CRMDataError, match="counts opportunities of unstated length"):
        clv.fit_bgbb(donations).expected_transactions(weekly, 2)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.assign(recency=d["recency"] + 7), "recency is above periods"),
    (lambda d: d.assign(frequency=d["recency"] + 1), "frequency is above recency"),
    (lambda d: d.assign(frequency=d["frequency"] * 0, recency=d["recency"] * 0),
     "took an opportunity"),
    (lambda d: d.assign(frequency=d["periods"], recency=d["periods"]), "every opportunity"),
    (lambda d: d.assign(weights=-d["weights"]), "weights has values below 0"),
    (lambda d: d.assign(periods=d["periods"] + 0.5), "whole opportunities"),
    (lambda d: d.drop(columns="periods"), "summary has no column 'periods'"),
])
def test_a_bgbb_summary_that_cannot_be_right_is_refused(donations, change, message):
    with pytest.raises(CRMDataError, match=message):
        clv.fit_bgbb(change(donations))


def test_a_ready_summary_without_weights_is_one_customer_a_row(tmp_path):
    grouped = simulate_bgbb(500, 1.2, 0.75, 0.66, 2.8, periods=6, seed=4)
    rows = grouped.loc[grouped.index.repeat(grouped["weights"])].drop(columns="weights")
    rows.to_csv(tmp_path / "donors.csv", index=False)       # as a spreadsheet would hold it
    ready = pd.read_csv(tmp_path / "donors.csv")
    model, weighted = clv.fit_bgbb(ready), clv.fit_bgbb(grouped)
    assert model.n == 500 and model.params == pytest.approx(weighted.params, rel=1e-6)


def _likelihood_by_hand(logp, x, tx, n, w):
    """The BG/BB log-likelihood term by term (Fader, Hardie and Shang 2010, eq. 5)."""
    from scipy.special import betaln, logsumexp

    al, be, ga, de = np.exp(logp)
    total = 0.0
    for xi, ti, ni, wi in zip(x, tx, n, w, strict=True):
        terms = [betaln(al + xi, be + ni - xi) + betaln(ga, de + ni)]
        terms += [betaln(al + xi, be + ti - xi + j) + betaln(ga + 1, de + ti + j)
                  for j in range(int(ni - ti))]
        total += wi * (logsumexp(terms) - betaln(al, be) - betaln(ga, de))
    return total


def test_the_likelihood_and_its_gradient_match_the_formula_term_by_term():
    from crm_lessons.clv.bgbb import bgbb_log_likelihood

    x, tx, n = np.array([0, 1, 3, 2, 5.0]), np.array([0, 4, 3, 7, 5.0]), np.array([6, 6, 9, 7, 5.0])
    w = np.array([3.0, 1.0, 2.5, 0.0, 4.0])
    for logp in (np.zeros(4), np.array([0.2, -0.3, -0.4, 1.0]), np.array([2.0, 1.5, -2.0, 0.5])):
        value, grad = bgbb_log_likelihood(logp, x, tx, n, w)
        assert value == pytest.approx(_likelihood_by_hand(logp, x, tx, n, w), rel=1e-12)
        step = np.eye(4) * 1e-6
        numeric = [(_likelihood_by_hand(logp + h, x, tx, n, w)
                    - _likelihood_by_hand(logp - h, x, tx, n, w)) / 2e-6 for h in step]
        assert grad == pytest.approx(numeric, rel=1e-6, abs=1e-6)
    # the check can fail: another summary gives another value
    assert bgbb_log_likelihood(np.zeros(4), x, tx, n + 1, w, grad=False) != pytest.approx(
        _likelihood_by_hand(np.zeros(4), x, tx, n, w), rel=1e-6)


@pytest.mark.parametrize("bad, message", [(np.nan, "missing values"), (np.inf, "whole"),
                                          (-1.0, "below 0"), ("two", "should hold numbers")])
def test_a_bad_value_in_one_row_is_still_named(donations, bad, message):
    broken = donations.astype({"periods": object if isinstance(bad, str) else float})
    broken.loc[broken.index[3], "periods"] = bad
    with pytest.raises(CRMDataError, match=message):
        clv.fit_bgbb(broken)
