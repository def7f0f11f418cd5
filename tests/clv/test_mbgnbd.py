"""crm_lessons.clv.mbgnbd: the modified BG/NBD agrees with its closed forms, recovers simulated
parameters, stays finite where the hypergeometric function overflows and at a = 1, and keeps
its time unit."""

import numpy as np
import pandas as pd
import pytest
from clv_support import close, sig3
from models_support import simulate_mbgnbd

from crm_lessons import clv
from crm_lessons.errors import CRMDataError


@pytest.fixture(scope="module")
def mb(cdnow_summary):
    return clv.fit_mbgnbd(cdnow_summary)


def direct_expected(p, x, tx, T, t):
    """Batislam et al.'s conditional expectation as printed (no Euler transformation)."""
    from scipy.special import hyp2f1

    r, alpha, a, b = (p[k] for k in ("r", "alpha", "a", "b"))
    head = (a + b + x) / (a - 1) * (1 - hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t))
                                    * ((alpha + T) / (alpha + T + t)) ** (r + x))
    return head / (1 + a / (b + x) * ((alpha + T) / (alpha + tx)) ** (r + x))


def test_mbgnbd_on_cdnow_matches_lifetimes_and_shows_intervals(mb, cdnow_summary):
    # lifetimes 0.11.3's ModifiedBetaGeoFitter on the same summary (benchmarks/bench_clv_models.py)
    assert [sig3(mb.params[k]) for k in ("r", "alpha", "a", "b")] == [0.525, 6.18, 0.891, 1.61]
    assert mb.freq == "W" and mb.converged and mb.n == 2357
    table = mb.summary_table()
    assert list(table.columns) == ["estimate", "std_error", "lower_95", "upper_95"]
    assert (table["lower_95"] < table["estimate"]).all()
    assert (table["estimate"] < table["upper_95"]).all()
    assert repr(mb).startswith("MBGNBD(r=0.525 [0.385, 0.716], alpha=6.18 [")


def test_predictions_agree_with_the_printed_formulas(mb, cdnow_summary):
    s = cdnow_summary
    x, tx, T = (s[c].to_numpy() for c in ("frequency", "recency", "T"))
    want = direct_expected(mb.params, x, tx, T, 39.0)
    assert np.allclose(mb.expected_purchases(s, 39).to_numpy(), want, rtol=1e-9)
    # a new customer's expectation is the mean of the model's count distribution
    counts = mb.count_probabilities(np.arange(500), 39.0)
    assert counts.sum() == pytest.approx(1.0, abs=1e-9)
    assert (np.arange(500) @ counts) == pytest.approx(mb.expected_purchases_new(39.0), rel=1e-9)


def test_extreme_frequency_and_time_stay_finite_and_grow(mb):
    grid = pd.DataFrame({"frequency": [200.0, 600.0, 0.0], "recency": [50.0, 52.0, 0.0],
                         "T": [52.0, 52.0, 52.0]})
    grid.attrs["freq"] = "W"
    for t in (520.0, 5200.0):
        e = mb.expected_purchases(grid, t).to_numpy()
        assert np.isfinite(e).all() and (e > 0).all()
    assert (mb.expected_purchases(grid, 5200.0) > mb.expected_purchases(grid, 520.0)).all()
    # at moderate values the transformed and the printed formulas agree
    assert mb.expected_purchases(grid.iloc[[0]], 10.0).iloc[0] == pytest.approx(
        direct_expected(mb.params, 200.0, 50.0, 52.0, 10.0), rel=1e-8)


def test_a_equal_to_one_is_finite_and_continuous(mb, cdnow_summary):
    s = cdnow_summary.head(50)
    at = {a: clv.MBGNBD({**mb.params, "a": a}, 0.0, 1, True, "W") for a in (1.0 - 1e-3, 1.0,
                                                                            1.0 + 1e-3)}
    e = {a: m.expected_purchases(s, 39).to_numpy() for a, m in at.items()}
    assert np.isfinite(e[1.0]).all()
    assert np.allclose(e[1.0], (e[1.0 - 1e-3] + e[1.0 + 1e-3]) / 2, rtol=1e-5)
    new = [m.expected_purchases_new(39.0) for m in at.values()]
    assert np.isfinite(new).all() and new[0] > new[1] > new[2]    # more leaving, fewer
    assert new[1] == pytest.approx((new[0] + new[2]) / 2, rel=1e-5)


def test_fit_recovers_simulated_parameters():
    true = {"r": 0.8, "alpha": 6.0, "a": 0.9, "b": 3.0}
    fitted = clv.fit_mbgnbd(simulate_mbgnbd(8000, *true.values(), seed=2)).params
    assert close(fitted, true, 0.25) == {}


def test_a_ready_summary_from_a_spreadsheet_needs_its_unit(cdnow_summary, tmp_path):
    path = tmp_path / "summary.csv"
    cdnow_summary[["frequency", "recency", "T", "monetary_value"]].to_csv(path)   # with spend
    ready = pd.read_csv(path, index_col=0)             # a CSV file keeps no unit
    with pytest.raises(CRMDataError, match="does not say its time unit.*unit='W'"):
        clv.fit_mbgnbd(ready)
    model = clv.fit_mbgnbd(ready, unit="W")
    assert model.params == pytest.approx(clv.fit_mbgnbd(cdnow_summary).params, rel=1e-6)
    assert model.expected_purchases(ready, 39, unit="W").sum() > 0
    with pytest.raises(CRMDataError, match="does not say its time unit"):
        model.probability_alive(ready)


def test_predictions_refuse_a_summary_in_another_unit(mb):
    daily = clv.purchase_summary(pd.DataFrame({
        "customer_id": [1, 1, 2], "amount": [1.0, 2.0, 3.0],
        "date": pd.to_datetime(["2024-01-01", "2024-01-20", "2024-01-05"])}), freq="D")
    for call in (lambda: mb.expected_purchases(daily, 39), lambda: mb.probability_alive(daily),
                 lambda: mb.cumulative_purchases(daily, [1.0])):
        with pytest.raises(CRMDataError, match=r"summary is in days.*fitted in weeks"):
            call()
    with pytest.raises(CRMDataError, match="unit='W'.*disagrees.*says 'D'"):
        clv.fit_mbgnbd(daily, unit="W")


def test_degenerate_summaries_are_refused():
    none = pd.DataFrame({"frequency": [0.0, 0.0], "recency": [0.0, 0.0], "T": [5.0, 6.0]})
    with pytest.raises(CRMDataError, match="no customer in the summary made a repeat purchase"):
        clv.fit_mbgnbd(none, unit="W")
    alike = pd.DataFrame({"frequency": [1.0] * 3, "recency": [2.0] * 3, "T": [5.0] * 3})
    with pytest.raises(CRMDataError, match="alike|same"):
        clv.fit_mbgnbd(alike, unit="W")


def test_lifetime_value_takes_the_mbgnbd_as_its_purchase_model(mb, gg, cdnow_summary):
    value = clv.lifetime_value(mb, gg, cdnow_summary, months=12)
    assert np.isfinite(value).all() and (value >= 0).all() and value.sum() > 0
