"""Tests for crm_lessons.clv: hand-checked small cases, the published CDNOW estimates, parameter
recovery on simulated customers, and the clear errors."""

import warnings

import numpy as np
import pandas as pd
import pytest

from crm_lessons import clv
from crm_lessons.data import load_cdnow
from crm_lessons.errors import CRMDataError


def tiny_tx():
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 1, 2, 3],
        "date": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-01-15", "2024-01-29",
                                "2024-01-08", "2024-02-05"]),
        "amount": [10.0, 4.0, 6.0, 20.0, 8.0, 5.0],
    })


@pytest.fixture(scope="module")
def cdnow_summary():
    return clv.purchase_summary(load_cdnow(sample=True), calibration_end="1997-09-30",
                                observation_end="1998-06-30", freq="W")


@pytest.fixture(scope="module")
def bg(cdnow_summary):
    return clv.fit_bgnbd(cdnow_summary)


@pytest.fixture(scope="module")
def pn(cdnow_summary):
    return clv.fit_pareto_nbd(cdnow_summary)


@pytest.fixture(scope="module")
def gg(cdnow_summary):
    return clv.fit_gamma_gamma(cdnow_summary)


# ----------------------------------------------------------------------------- simple and cohort

def test_simple_clv_closed_form_and_finite_horizon():
    # first margin now: 100 * 1.1 / (1.1 - 0.8)
    assert clv.simple_clv(100, 0.8, 0.1) == pytest.approx(366.6667, rel=1e-6)
    # first margin after one period, only if retained: 100 * 0.8 / (1.1 - 0.8)
    assert clv.simple_clv(100, 0.8, 0.1, first_margin_now=False) == pytest.approx(266.6667,
                                                                                  rel=1e-6)
    # three periods, by hand: 100 + 100*0.8/1.1 + 100*0.64/1.21
    assert clv.simple_clv(100, 0.8, 0.1, horizon=3) == pytest.approx(100 + 72.7273 + 52.8926,
                                                                     rel=1e-5)
    # a long horizon approaches the endless value; retention 1 and no discount: margin x periods
    assert clv.simple_clv(100, 0.8, 0.1, horizon=500) == pytest.approx(366.6667, rel=1e-6)
    assert clv.simple_clv(50, 1.0, 0.0, horizon=4) == pytest.approx(200.0)
    out = clv.simple_clv(np.array([100.0, 200.0]), 0.5, 0.0)
    assert out.tolist() == pytest.approx([200.0, 400.0])


def test_simple_clv_rejects_bad_rates():
    with pytest.raises(CRMDataError, match="retention"):
        clv.simple_clv(100, 1.5, 0.1)
    with pytest.raises(CRMDataError, match="discount_rate"):
        clv.simple_clv(100, 0.8, -0.1)
    with pytest.raises(CRMDataError, match="horizon"):
        clv.simple_clv(100, 1.0, 0.0)


def test_cohort_value_is_cumulative_spend_per_acquired_customer():
    tx = pd.concat([tiny_tx(), pd.DataFrame({"customer_id": [2], "amount": [12.0],
                                             "date": pd.to_datetime(["2024-02-20"])})])
    table = clv.cohort_value(tx)
    # January cohort: customers 1 and 2; month 0 spend 10+4+6+20+8 = 48 -> 24 per customer,
    # then customer 2 spends 12 in February: cumulative (48 + 12) / 2 = 30
    assert table.loc["2024-01", 0] == pytest.approx(24.0)
    assert table.loc["2024-01", 1] == pytest.approx(30.0)
    # February cohort: customer 3 only, 5 in month 0; month 1 not observed yet -> missing
    assert table.loc["2024-02", 0] == pytest.approx(5.0)
    assert np.isnan(table.loc["2024-02", 1])
    assert table.attrs["customers"].tolist() == [2, 1]
    discounted = clv.cohort_value(tx, margin=0.5, discount_rate=0.1)
    assert discounted.loc["2024-01", 1] == pytest.approx(12.0 + 0.5 * 6.0 / 1.1)


# ----------------------------------------------------------------------------- the summary

def test_purchase_summary_counts_same_day_purchases_once():
    s = clv.purchase_summary(tiny_tx(), calibration_end="2024-02-05", freq="W")
    one = s.loc[1]
    # purchase days 1, 15 (two rows, 10 together) and 29 January: two repeat purchases
    assert one["frequency"] == 2
    assert one["recency"] == pytest.approx(4.0)        # 28 days
    assert one["T"] == pytest.approx(5.0)              # 35 days to 5 February
    assert one["monetary_value"] == pytest.approx(15.0)  # (10 + 20) / 2
    assert s.loc[2].tolist() == pytest.approx([0.0, 0.0, 4.0, 0.0])
    assert s.loc[3, "T"] == 0.0
    days = clv.purchase_summary(tiny_tx(), calibration_end="2024-02-05", freq="D")
    assert days.loc[1, "recency"] == 28.0


def test_purchase_summary_keeps_free_purchases_as_visits():
    tx = tiny_tx().assign(amount=[10.0, 4.0, 6.0, 0.0, 8.0, 5.0])   # 29 January was free
    s = clv.purchase_summary(tx, calibration_end="2024-02-05")
    assert s.loc[1, "frequency"] == 2
    assert s.loc[1, "monetary_value"] == pytest.approx(5.0)          # (10 + 0) / 2


def test_purchase_summary_holdout_columns():
    s = clv.purchase_summary(tiny_tx(), calibration_end="2024-01-20", observation_end="2024-02-17")
    assert list(s.index) == [1, 2]                     # customer 3 arrives after calibration
    assert s.loc[1, "frequency"] == 1                  # 1 and 15 January
    assert s.loc[1, "frequency_holdout"] == 1          # 29 January
    assert s.loc[1, "monetary_holdout"] == 20.0
    assert s.loc[2, "frequency_holdout"] == 0
    assert s["duration_holdout"].iloc[0] == pytest.approx(4.0)


def test_cdnow_summary_matches_the_published_data(cdnow_summary):
    s = cdnow_summary
    assert len(s) == 2357
    assert (s["frequency"] > 0).sum() == 946
    # the first customer of the published summary: x = 2, t_x = 30.43, T = 38.86 weeks
    assert s.loc[4, ["frequency", "recency", "T"]].tolist() == pytest.approx([2, 30.43, 38.86],
                                                                            abs=0.005)
    assert s["duration_holdout"].iloc[0] == pytest.approx(39.0)


@pytest.mark.parametrize("change, match", [
    (lambda t: t.assign(amount=[-10.0, 4, 6, 20, 8, 5]), "negative"),
    (lambda t: t.assign(date=[pd.NaT] + list(t["date"][1:])), "missing dates"),
    (lambda t: t.iloc[0:0], "empty"),
    (lambda t: t.drop(columns="amount"), "no column 'amount'"),
    (lambda t: t.assign(amount=["x", 4, 6, 20, 8, 5]), "numbers"),
])
def test_purchase_summary_rejects_bad_transactions(change, match):
    with pytest.raises(CRMDataError, match=match):
        clv.purchase_summary(change(tiny_tx()))


def test_purchase_summary_rejects_bad_periods():
    with pytest.raises(CRMDataError, match="after calibration_end"):
        clv.purchase_summary(tiny_tx(), calibration_end="2024-02-01", observation_end="2024-01-01")
    with pytest.raises(CRMDataError, match="no purchase"):
        clv.purchase_summary(tiny_tx(), calibration_end="2023-01-01")
    with pytest.raises(CRMDataError, match="freq"):
        clv.purchase_summary(tiny_tx(), freq="fortnight")


# ----------------------------------------------------------------------------- published estimates

def sig3(v):
    return float(f"{v:.3g}")


def test_bgnbd_reproduces_fader_hardie_lee_on_cdnow(bg):
    m = bg
    p = m.params
    assert [sig3(p[k]) for k in ("r", "alpha", "a", "b")] == [0.243, 4.41, 0.793, 2.43]
    assert p["alpha"] == pytest.approx(4.414, abs=5e-4)
    assert p["b"] == pytest.approx(2.426, abs=5e-4)
    assert m.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    assert m.n == 2357 and m.converged
    assert repr(m) == "BGNBD(r=0.243, alpha=4.41, a=0.793, b=2.43; LL=-9582.4, n=2357)"


def test_pareto_nbd_reproduces_the_published_estimates(pn):
    m = pn
    p = m.params
    assert [sig3(p[k]) for k in ("r", "alpha", "s", "beta")] == [0.553, 10.6, 0.606, 11.7]
    assert p["alpha"] == pytest.approx(10.58, abs=0.005)
    assert p["beta"] == pytest.approx(11.67, abs=0.005)
    assert m.log_likelihood == pytest.approx(-9595.0, abs=0.05)


def test_gamma_gamma_reproduces_the_published_estimates(gg):
    m = gg
    p = m.params
    assert [sig3(p[k]) for k in ("p", "q", "gamma")] == [6.25, 3.74, 15.4]
    assert p["gamma"] == pytest.approx(15.44, abs=0.005)
    assert m.n == 946


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


def test_lifetime_value_is_discounted_spend_times_purchases(cdnow_summary, bg, pn, gg):
    s = cdnow_summary
    value = clv.lifetime_value(bg, gg, s, months=12, discount_rate=0.0)
    undiscounted = gg.expected_spend(s) * bg.expected_purchases(s, 12 * 4.345)
    assert value.to_numpy() == pytest.approx(undiscounted.to_numpy(), rel=1e-9)
    discounted = clv.lifetime_value(bg, gg, s, months=12, discount_rate=0.01)
    assert (discounted < value + 1e-12).all() and (discounted > 0).all()
    value_pn = clv.lifetime_value(pn, gg, s)
    assert value_pn.index.equals(s.index) and value_pn.name == "clv"
    # the spend model pulls a customer's mean towards the population mean p*gamma/(q-1)
    p = gg.params
    assert gg.expected_spend(s)[s["frequency"] == 0].iloc[0] == pytest.approx(
        p["p"] * p["gamma"] / (p["q"] - 1))


# ----------------------------------------------------------------------------- parameter recovery

def simulate_bgnbd(n, r, alpha, a, b, seed):
    rng = np.random.default_rng(seed)
    T = rng.uniform(26, 52, n)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    purchases = rng.poisson(lam * T)              # events of the buying process in (0, T]
    drop_after = rng.geometric(p)                 # repeat purchase after which the customer leaves
    x = np.minimum(purchases, drop_after)
    # the x-th of `purchases` uniform event times is Beta(x, purchases - x + 1) x T
    tx = np.where(x > 0, T * rng.beta(np.maximum(x, 1), purchases - x + 1), 0.0)
    return pd.DataFrame({"frequency": x.astype(float), "recency": tx, "T": T})


def simulate_pareto_nbd(n, r, alpha, s, beta, seed):
    rng = np.random.default_rng(seed)
    T = rng.uniform(26, 52, n)
    lam = rng.gamma(r, 1 / alpha, n)
    mu = rng.gamma(s, 1 / beta, n)
    active = np.minimum(rng.exponential(1 / mu), T)
    x = rng.poisson(lam * active)
    tx = np.where(x > 0, active * rng.beta(np.maximum(x, 1), 1), 0.0)   # last of x uniform times
    return pd.DataFrame({"frequency": x.astype(float), "recency": tx, "T": T})


def simulate_gamma_gamma(n, p, q, gamma, seed):
    rng = np.random.default_rng(seed)
    x = rng.geometric(0.25, n)                    # 1 to about 20 repeat purchases
    nu = rng.gamma(q, 1 / gamma, n)
    mean_spend = rng.gamma(p * x, 1 / nu) / x     # mean of x Gamma(p, nu) amounts
    return pd.DataFrame({"frequency": x.astype(float), "monetary_value": mean_spend})


def close(fitted, true, rel):
    return {k: round(fitted[k] / v - 1, 3) for k, v in true.items() if abs(fitted[k] / v - 1) > rel}


def test_bgnbd_recovers_simulated_parameters():
    true = {"r": 0.8, "alpha": 6.0, "a": 0.9, "b": 3.0}
    fitted = clv.fit_bgnbd(simulate_bgnbd(6000, *true.values(), seed=1)).params
    assert close(fitted, true, 0.25) == {}


def test_pareto_nbd_recovers_simulated_parameters():
    true = {"r": 0.8, "alpha": 8.0, "s": 0.8, "beta": 12.0}
    fitted = clv.fit_pareto_nbd(simulate_pareto_nbd(6000, *true.values(), seed=2)).params
    assert close(fitted, true, 0.25) == {}


def test_gamma_gamma_recovers_simulated_parameters():
    # p and gamma trade off against each other when only each customer's mean spend is seen,
    # so this needs more customers than the purchase models (the fit is cheap)
    true = {"p": 6.0, "q": 4.0, "gamma": 15.0}
    fitted = clv.fit_gamma_gamma(simulate_gamma_gamma(20000, *true.values(), seed=3)).params
    assert close(fitted, true, 0.15) == {}


# ----------------------------------------------------------------------------- errors and warnings

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


def test_gamma_gamma_leaves_out_free_repeat_purchases_with_a_warning():
    s = simulate_gamma_gamma(500, 6.0, 4.0, 15.0, seed=4)
    s.loc[0, "monetary_value"] = 0.0
    with pytest.warns(clv.CRMDataWarning, match="1 customers"):
        m = clv.fit_gamma_gamma(s)
    assert m.n == 499


def test_a_fit_that_stops_early_warns(cdnow_summary):
    with pytest.warns(clv.CRMFitWarning, match="did not converge"):
        m = clv.fit_bgnbd(cdnow_summary, maxiter=2)
    assert not m.converged
    with pytest.warns(clv.CRMFitWarning, match="did not converge"):
        clv.fit_pareto_nbd(cdnow_summary, maxiter=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert clv.fit_bgnbd(cdnow_summary).converged


def test_lifetime_value_rejects_wrong_models(cdnow_summary, bg, gg):
    with pytest.raises(CRMDataError, match="purchase_model"):
        clv.lifetime_value(gg, gg, cdnow_summary)
    with pytest.raises(CRMDataError, match="months"):
        clv.lifetime_value(bg, gg, cdnow_summary, months=0)
