"""Tests of crm_lessons.identify.segments: named RFM segments, their sizes, grid, voices and mix."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def test_segment_rules_cover_every_cell_once_in_order():
    rules = identify.segment_rules()
    assert rules["segment"].tolist()[:3] == ["champions", "potential loyalists", "new"]
    assert {"at risk", "can't lose them", "hibernating", "lost", "loyal"} <= set(rules["segment"])
    r, fm = np.meshgrid(np.arange(1, 6), np.arange(1, 6))
    cells = pd.DataFrame({"r_score": r.ravel(), "f_score": fm.ravel(), "m_score": fm.ravel()})
    segs = identify.rfm_segments(cells)
    assert segs.notna().all()
    named = dict(zip(zip(cells["r_score"], cells["f_score"], strict=True), segs, strict=True))
    assert named[(5, 5)] == "champions" and named[(1, 1)] == "lost"
    assert named[(1, 5)] == "can't lose them" and named[(2, 4)] == "at risk"
    assert named[(5, 1)] == "new" and named[(3, 4)] == "loyal" and named[(2, 1)] == "hibernating"


def test_monetary_weight_moves_a_big_one_off_spender():
    # recent, one order, top spend: FM is 3 with equal weights, 5 on money alone
    scores = pd.DataFrame({"r_score": [5], "f_score": [1], "m_score": [5]})
    assert identify.rfm_segments(scores).tolist() == ["potential loyalists"]
    assert identify.rfm_segments(scores, monetary_weight=1.0).tolist() == ["champions"]
    assert identify.rfm_segments(scores, monetary_weight=0.0).tolist() == ["new"]
    with pytest.raises(CRMDataError, match="monetary_weight"):
        identify.rfm_segments(scores, monetary_weight=2)
    with pytest.raises(CRMDataError, match="whole scores from 1 to 5"):
        identify.rfm_segments(scores.assign(r_score=7))


def test_segment_summary_shares_add_up():
    table = pd.DataFrame({"segment": ["a", "a", "b", "c"], "monetary": [10.0, 30.0, 50.0, 10.0]})
    summary = identify.segment_summary(table)
    assert summary["segment"].tolist() == ["a", "b", "c"]
    assert summary["customers"].tolist() == [2, 1, 1]
    assert summary["revenue_share"].tolist() == pytest.approx([0.4, 0.5, 0.1])
    assert summary["revenue_per_customer"].tolist() == pytest.approx([20.0, 50.0, 10.0])
    profit = identify.segment_summary(table.rename(columns={"monetary": "profit"}),
                                      value="profit", label="profit")
    assert profit["profit_per_customer"].tolist() == pytest.approx([20.0, 50.0, 10.0])
    with pytest.raises(CRMDataError, match="table has no column 'segment'"):
        identify.segment_summary(table.drop(columns="segment"))


def test_segment_grid_counts_customers_per_cell(ten_customers):
    scores = identify.rfm_scores(ten_customers)
    grid = identify.segment_grid(scores)
    assert len(grid) == 25 and grid["customers"].sum() == 10
    cell = grid[(grid["r_score"] == 5) & (grid["fm_score"] == 1)]
    assert cell["customers"].iloc[0] == 2 and cell["segment"].iloc[0] == "new"


def test_segment_survey_profile_uses_each_customers_latest_answer():
    segs = pd.Series(["champions", "lost"], index=[1, 2])
    surveys = pd.DataFrame({
        "customer_id": [1, 1, 2], "survey_date": pd.to_datetime(["2024-01-01", "2024-06-01",
                                                                 "2024-03-01"]),
        "recommend": [3, 10, 5], "perceived": [4, 7, 3], "expectation": [5, 5, 5],
        "monthly_category_spend": [20.0, 40.0, 10.0]})
    prof = identify.segment_survey_profile(segs, surveys)
    assert prof.loc["champions", "mean_recommend"] == 10
    assert prof.loc["champions", "mean_gap"] == 2 and prof.loc["lost", "mean_gap"] == -2
    assert prof["responses"].tolist() == [1, 1]
    with pytest.raises(CRMDataError, match="surveys has no column 'recommend'"):
        identify.segment_survey_profile(segs, surveys.drop(columns="recommend"))


def test_segment_mix_changes_with_the_recency_step(ten_customers):
    rfm = ten_customers
    quintiles = identify.segment_mix(rfm)
    assert quintiles["customers"].sum() == 10
    assert quintiles["revenue_share"].sum() == pytest.approx(1.0)
    assert len(quintiles) == len(identify.SEGMENTS)
    # with 100-day bands everyone (10-100 days) counts as recent: nobody is lost or at risk
    wide = identify.segment_mix(rfm, recency_step=100).set_index("segment")
    assert wide.loc[["lost", "at risk", "can't lose them"], "customers"].sum() == 0
    assert not wide["customers"].equals(quintiles.set_index("segment")["customers"])
    with pytest.raises(CRMDataError, match="recency_step"):
        identify.segment_mix(rfm, recency_step=0)


def test_segment_helpers_name_an_empty_rfm_and_missing_scores(ten_customers):
    with pytest.raises(CRMDataError, match="rfm is empty"):
        identify.segment_mix(ten_customers.iloc[:0])
    with pytest.raises(CRMDataError, match="scores has no column"):
        identify.segment_grid(pd.DataFrame({"r_score": [5]}))


@pytest.mark.parametrize("kwargs, message", [
    ({"recency_step": 0}, "recency_step should be a number of at least 1"),
    ({"recency_step": "30"}, "recency_step should be a number"),
    ({"monetary_weight": 1.5}, "monetary_weight should be a fraction from 0 to 1"),
    ({"monetary_weight": None}, "monetary_weight should be a fraction"),
])
def test_segment_mix_refuses_bad_settings(ten_customers, kwargs, message):
    with pytest.raises(CRMDataError, match=message):
        identify.segment_mix(ten_customers, **kwargs)
