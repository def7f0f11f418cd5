"""Tests of crm_lessons.goals.quality: quality against the competitors and against expectations."""

import pandas as pd
import pytest

from crm_lessons import goals
from crm_lessons.errors import CRMDataError
from crm_lessons.schema import COMPANY


def test_relative_quality_compares_with_the_average_of_the_others():
    bench = pd.DataFrame({"company": ["us", "a", "b"], "product_quality": [8.0, 6.0, 5.0],
                          "service_rating": [8.0, 6.0, 7.0], "price_index": [100.0] * 3})
    rq = goals.relative_quality(bench, "us").set_index("company")
    assert rq.loc["us", "relative_quality_index"] == pytest.approx(8 / 6 * 100)
    assert rq.loc["a", "relative_quality_index"] == pytest.approx(6 / 7 * 100)
    assert rq["is_us"].sum() == 1
    with pytest.raises(CRMDataError, match="no row 'we'"):
        goals.relative_quality(bench, "we")


def test_quality_gap(tiny_tables):
    _, _, _, surveys, _ = tiny_tables
    gap = goals.quality_gap(surveys).iloc[0]
    assert gap["mean_gap"] == pytest.approx(0.0)
    assert gap["share_met"] == pytest.approx(2 / 3)
    with pytest.raises(CRMDataError, match="perceived"):
        goals.quality_gap(surveys.drop(columns="perceived"))


def test_relative_quality_defaults_to_the_shop_itself():
    bench = pd.DataFrame({"company": [COMPANY, "rival"], "product_quality": [8.0, 6.0],
                          "service_rating": [8.0, 6.0], "price_index": [100.0, 90.0]})
    rq = goals.relative_quality(bench)
    assert rq.loc[rq["is_us"], "company"].tolist() == [COMPANY]
    with pytest.raises(CRMDataError, match="no row"):
        goals.relative_quality(bench.assign(company=["a", "b"]))


def test_relative_quality_refuses_a_missing_company_name():
    b = pd.DataFrame({"company": pd.Series(["us", None], dtype="str"),
                      "product_quality": [8.0, 6.0], "service_rating": [8.0, 6.0],
                      "price_index": [105.0, 95.0]})
    with pytest.raises(CRMDataError, match=r"benchmark\.company has 1 missing names.*dropna"):
        goals.relative_quality(b, "them")
