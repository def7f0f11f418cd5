"""crm_lessons.clv.summary: the per-customer summary, by hand and against the published CDNOW data."""

import pandas as pd
import pytest
from clv_support import tiny_tx

from crm_lessons import clv
from crm_lessons.errors import CRMDataError


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



def test_summary_unit_takes_the_stated_unit_and_refuses_a_missing_or_contradicting_one():
    from crm_lessons.clv.summary import summary_unit

    s = clv.purchase_summary(tiny_tx(), calibration_end="2024-02-05", freq="D")
    assert summary_unit(s) == "D" and summary_unit(s, unit="D") == "D"
    with pytest.raises(CRMDataError, match=r"fit_x: unit='W' \(weeks\) disagrees .*'D' \(days\)"):
        summary_unit(s, unit="W", who="fit_x")
    bare = pd.DataFrame(s)            # the numbers without the attrs, as after a CSV round trip
    bare.attrs = {}
    assert summary_unit(bare, unit="W") == "W"
    with pytest.raises(CRMDataError, match=r"does not say its time unit.*Pass unit='W' \(weeks\) "
                                           r"or unit='D' \(days\) to the fit, or set "
                                           r"summary.attrs\['freq'\]"):
        summary_unit(bare)
    with pytest.raises(CRMDataError, match="unit should be one of"):
        summary_unit(bare, unit="fortnight")
