"""crm_lessons.clv.sbg: the published estimates of Fader and Hardie's two segments, retention
rising with tenure, DERL in the course's discounting convention, recovery of simulated
parameters and clear refusals."""

import numpy as np
import pytest
from clv_support import sig3
from models_support import simulate_sbg

from crm_lessons import clv
from crm_lessons.errors import CRMDataError
from crm_lessons.units import discount_factors

HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


@pytest.mark.parametrize("survivors, alpha, beta", [(HIGH_END, 0.668, 3.806),
                                                    (REGULAR, 0.704, 1.182)])
def test_sbg_reproduces_the_published_segments(survivors, alpha, beta):
    model = clv.fit_sbg(survivors)
    assert sig3(model.params["alpha"]) == alpha and sig3(model.params["beta"]) == sig3(beta)
    assert model.params["beta"] == pytest.approx(beta, abs=5e-4)
    assert model.n == 1000 and model.converged and model.survivors == tuple(map(float, survivors))
    assert (model.summary_table()["std_error"] > 0).all()


def test_survival_and_retention_by_hand():
    model = clv.SBG({"alpha": 1.0, "beta": 1.0}, 0.0, 100)
    # alpha = beta = 1: theta uniform, S(t) = 1 / (t + 1), retention of period t = t / (t + 1)
    assert model.survival([0, 1, 3]).tolist() == pytest.approx([1.0, 0.5, 0.25])
    assert model.retention([1, 2, 3]).tolist() == pytest.approx([0.5, 2 / 3, 0.75])
    assert model.expected_lifetime(horizon=3) == pytest.approx(1 + 1 / 2 + 1 / 3)


def test_retention_rises_with_tenure_though_nobody_changes():
    model = clv.fit_sbg(REGULAR)
    r = model.retention(np.arange(1, 13))
    assert (np.diff(r) > 0).all() and r[0] < 0.65 < 0.9 < r[-1]


def test_derl_follows_the_course_discounting_and_the_closed_form():
    from scipy.special import hyp2f1

    model = clv.fit_sbg(HIGH_END)
    a, b = model.params["alpha"], model.params["beta"]
    d, margin = 0.1, 100.0
    for n in (0, 4):
        # active in period n: the margin of the k-th period from now, k = 1, 2, ..., is paid at
        # its end, worth 1 / (1 + d) ** k, if the customer is still there
        k = np.arange(1, 3001)
        still = model.survival(n + k - 1) / model.survival(n)
        by_hand = margin * still @ discount_factors(d, 3000)
        assert model.derl(n, margin, d) == pytest.approx(by_hand, rel=1e-10)
        assert model.derl(n, margin, d) == pytest.approx(
            margin * hyp2f1(1, b + n, a + b + n, 1 / (1 + d)) / (1 + d), rel=1e-9)
    values = model.derl([0, 1, 4, 4], margin, d)
    assert values.shape == (4,) and (np.diff(values[:3]) > 0).all()   # the loyal are left


def test_expected_lifetime_without_a_horizon_needs_alpha_above_one():
    with pytest.raises(CRMDataError, match="mean lifetime is endless.*horizon"):
        clv.fit_sbg(HIGH_END).expected_lifetime()
    model = clv.SBG({"alpha": 3.0, "beta": 4.0}, 0.0, 1)
    assert model.expected_lifetime() == pytest.approx(6.0 / 2.0)
    assert model.expected_lifetime(horizon=5000) == pytest.approx(3.0, rel=1e-4)


def test_fit_recovers_simulated_parameters():
    model = clv.fit_sbg(simulate_sbg(20000, 0.9, 2.5, periods=10, seed=5))
    assert model.params["alpha"] == pytest.approx(0.9, rel=0.2)
    assert model.params["beta"] == pytest.approx(2.5, rel=0.2)


@pytest.mark.parametrize("survivors, message", [
    ([1000, 869], "at least 3"), ([1000, 900, 950], "never rise"), ([0, 0, 0], "start above 0"),
    ([1000, 1000, 1000], "nobody in survivors left"), ([100, 0, 0], "whole cohort left"),
    ("1000, 869, 743", "at least 3 finite numbers"), ([1000, float("nan"), 3], "finite"),
    (None, "survivors"),
])
def test_survivor_counts_that_cannot_be_right_are_refused(survivors, message):
    with pytest.raises(CRMDataError, match=message):
        clv.fit_sbg(survivors)


def test_bad_periods_margin_and_rate_are_refused():
    model = clv.fit_sbg(HIGH_END)
    for call, message in [(lambda: model.survival([-1]), "whole numbers"),
                          (lambda: model.retention([0]), "start at 1"),
                          (lambda: model.derl(1, 10.0, 0.0), "above 0"),
                          (lambda: model.derl(1.5, 10.0, 0.1), "whole numbers"),
                          (lambda: model.derl(1, "ten", 0.1), "margin")]:
        with pytest.raises(CRMDataError, match=message):
            call()


def test_survivors_from_a_spreadsheet_column_are_accepted(tmp_path):
    import pandas as pd

    pd.DataFrame({"year": range(8), "active": HIGH_END}).to_csv(tmp_path / "cohort.csv",
                                                                 index=False)
    column = pd.read_csv(tmp_path / "cohort.csv")["active"]
    assert clv.fit_sbg(column).params == pytest.approx(clv.fit_sbg(HIGH_END).params)
    assert clv.fit_sbg(np.array(HIGH_END, dtype=float)).n == 1000
