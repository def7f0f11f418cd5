"""crm_lessons.clv.diagnostics: each table checked by hand on a tiny summary."""

import numpy as np
import pandas as pd
import pytest
from scipy.special import beta as B
from scipy.special import gamma as G

from crm_lessons import clv
from crm_lessons.errors import CRMDataError

PARAMS = {"r": 0.5, "alpha": 4.0, "a": 0.8, "b": 2.5}


def weekly(df):
    df = pd.DataFrame(df)
    df.attrs["freq"] = "W"
    return df


def bgnbd_count(x, t, r, alpha, a, b):
    """P(X(t) = x) for a new BG/NBD customer, as in Fader, Hardie and Lee (2005), eq. 8."""
    nb = lambda j: G(r + j) / (G(r) * G(j + 1)) * (alpha / (alpha + t)) ** r \
        * (t / (alpha + t)) ** j  # noqa: E731
    out = B(a, b + x) / B(a, b) * nb(x)
    if x > 0:
        out += B(a + 1, b + x - 1) / B(a, b) * (1 - sum(nb(j) for j in range(x)))
    return out


def test_repeat_count_table_adds_each_customers_chances():
    model = clv.BGNBD(PARAMS, 0.0, 3, True, "W")
    s = weekly({"frequency": [0.0, 1.0, 3.0], "recency": [0.0, 2.0, 5.0], "T": [4.0, 6.0, 6.0]})
    table = clv.repeat_count_table(model, s, max_count=2)
    assert table["repeat_purchases"].tolist() == ["0", "1", "2+"]
    assert table["actual"].tolist() == [1.0, 1.0, 1.0]
    by_hand = [sum(bgnbd_count(x, T, **PARAMS) for T in (4.0, 6.0, 6.0)) for x in (0, 1)]
    assert table["model"].tolist()[:2] == pytest.approx(by_hand, rel=1e-10)
    assert table["model"].sum() == pytest.approx(3.0)
    with pytest.raises(CRMDataError, match="fitted purchase model"):
        clv.repeat_count_table("model", s)


def test_pareto_nbd_counts_add_up_to_its_expected_purchases(pn, cdnow_summary):
    table = clv.repeat_count_table(pn, cdnow_summary, max_count=400)
    assert table["model"].sum() == pytest.approx(len(cdnow_summary))
    mean = (np.arange(400) @ table["model"].to_numpy()[:400]) / len(cdnow_summary)
    # no customer of the sample is expected to make 400 or more repeat purchases
    assert mean == pytest.approx(pn.expected_purchases_new(cdnow_summary["T"].to_numpy()).mean(),
                                 rel=1e-6)


def test_holdout_table_averages_by_calibration_frequency():
    model = clv.BGNBD(PARAMS, 0.0, 4, True, "W")
    s = weekly({"frequency": [0.0, 0.0, 1.0, 3.0], "recency": [0.0, 0.0, 3.0, 5.0],
                "T": [6.0, 5.0, 6.0, 6.0], "frequency_holdout": [1.0, 0.0, 2.0, 4.0],
                "duration_holdout": [10.0] * 4})
    table = clv.holdout_table(model, s, max_frequency=2)
    assert table["frequency"].tolist() == ["0", "1", "2+"]
    assert table["customers"].tolist() == [2.0, 1.0, 1.0]
    assert table["actual"].tolist() == [0.5, 2.0, 4.0]
    e = model.expected_purchases(s, 10.0).to_numpy()
    assert table["predicted"].tolist() == pytest.approx([e[:2].mean(), e[2], e[3]])
    with pytest.raises(CRMDataError, match="no column 'frequency_holdout'"):
        clv.holdout_table(model, s.drop(columns="frequency_holdout"))


def test_tracking_table_counts_repeat_days_week_by_week():
    model = clv.BGNBD(PARAMS, 0.0, 2, True, "W")
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2, 2],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-10",
                                               "2024-01-10", "2024-01-05", "2024-01-20"]),
                       "amount": [5.0] * 6})
    table = clv.tracking_table(model, tx, "2024-01-14", "2024-01-27")
    assert table["week"].tolist() == [1, 2, 3, 4]
    assert table["actual"].tolist() == [1.0, 2.0, 3.0, 3.0]   # same-day purchases count once
    assert table["actual_weekly"].tolist() == [1.0, 1.0, 1.0, 0.0]
    assert table["period"].tolist() == ["calibration", "calibration", "holdout", "holdout"]
    # week 1 ends on 2024-01-08: customer 1 is 7 days (1 week) old, customer 2 is 3 days old
    assert table["predicted"].iloc[0] == pytest.approx(
        model.expected_purchases_new(1.0) + model.expected_purchases_new(3 / 7))
    # the last week is cut at the end of the hold-out, 2024-01-28 (27 and 23 days)
    assert table["predicted"].iloc[-1] == pytest.approx(
        model.expected_purchases_new(27 / 7) + model.expected_purchases_new(23 / 7))
    with pytest.raises(CRMDataError, match="must come after"):
        clv.tracking_table(model, tx, "2024-01-14", "2024-01-01")


def test_alive_and_expected_matrices_are_the_models_predictions_on_a_grid():
    model = clv.MBGNBD(PARAMS, 0.0, 3, True, "W")
    s = weekly({"frequency": [0.0, 2.0], "recency": [0.0, 1.5], "T": [4.0, 2.0]})
    alive = clv.alive_matrix(model, s)
    assert alive.index.tolist() == [0.0, 1.0, 2.0]
    assert alive.columns.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    one = weekly({"frequency": [1.0], "recency": [2.0], "T": [4.0]})
    assert alive.loc[1.0, 2.0] == pytest.approx(model.probability_alive(one).iloc[0])
    assert alive.loc[0.0].nunique() == 1          # no repeat purchase: no recency either
    expected = clv.expected_matrix(model, s, t=10)
    assert expected.loc[1.0, 2.0] == pytest.approx(model.expected_purchases(one, 10).iloc[0])
    assert expected.attrs["t"] == 10.0 and expected.attrs["freq"] == "W"


def test_bgbb_matrices_leave_impossible_cells_empty():
    model = clv.BGBB({"alpha": 1.2, "beta": 0.75, "gamma": 0.66, "delta": 2.8}, 0.0, 1)
    d = pd.DataFrame({"frequency": [0, 2], "recency": [0, 3], "periods": [3, 3]})
    alive = clv.alive_matrix(model, d)
    assert alive.shape == (4, 4)
    assert np.isnan(alive.loc[2.0, 1.0]) and np.isnan(alive.loc[0.0, 2.0])
    assert alive.loc[2.0, 3.0] == pytest.approx(model.probability_alive(d.iloc[[1]]).iloc[0])


def test_survival_table_by_hand():
    model = clv.SBG({"alpha": 1.0, "beta": 1.0}, 0.0, 4, True, (4.0, 2.0, 1.0))
    table = clv.survival_table(model)
    assert table["period"].tolist() == [0, 1, 2, 3, 4]
    assert table["part"].tolist() == ["fitted"] * 3 + ["projected"] * 2
    assert table["observed"].tolist()[:3] == [1.0, 0.5, 0.25]
    assert table["observed"].isna().tolist() == [False] * 3 + [True] * 2
    assert table["model"].tolist() == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4, 1 / 5])
    assert table["model_retention"].tolist()[1:] == pytest.approx([1 / 2, 2 / 3, 3 / 4, 4 / 5])
    assert table["observed_retention"].tolist()[1:3] == [0.5, 0.5]
    with pytest.raises(CRMDataError, match="fitted sBG model"):
        clv.survival_table("not a model")


def test_a_diagnostic_refuses_a_summary_in_another_unit():
    model = clv.BGNBD(PARAMS, 0.0, 3, True, "W")
    s = pd.DataFrame({"frequency": [1.0], "recency": [2.0], "T": [4.0]})
    s.attrs["freq"] = "D"
    with pytest.raises(CRMDataError, match="in days"):
        clv.alive_matrix(model, s)
    with pytest.raises(CRMDataError, match="fitted purchase model"):
        clv.holdout_table(10.0, s)
