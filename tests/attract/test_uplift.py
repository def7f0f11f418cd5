"""crm_lessons.attract.uplift: the uplift's 95% interval and the campaign's returns."""

import pandas as pd
import pytest

from crm_lessons import attract
from crm_lessons.errors import CRMDataError


def table():
    return pd.DataFrame({"offer": ["a", "b"], "treated": [1000, 400], "control": [1000, 400],
                         "treatment_rate": [0.12, 0.05], "control_rate": [0.08, 0.05]})


def test_interval_matches_the_textbook_formula():
    out = attract.uplift_interval(table())
    # 0.04 +- 1.96 * sqrt(.12*.88/1000 + .08*.92/1000) = 0.04 +- 0.0262
    assert out.loc[0, "low"] == pytest.approx(0.0138, abs=1e-4)
    assert out.loc[0, "high"] == pytest.approx(0.0662, abs=1e-4)
    assert out.loc[0, "p_value"] < 0.01
    assert out.loc[1, "uplift"] == 0 and out.loc[1, "p_value"] == pytest.approx(1.0)
    assert (attract.uplift_interval(table(), level=0.5)["high"] < out["high"]).all()


def test_returns_count_only_incremental_responses():
    out = attract.campaign_returns(table(), cost=pd.Series([400.0, 100.0]), margin_per_response=25.0)
    assert out.loc[0, "incremental"] == pytest.approx(40.0)
    assert out.loc[0, "cost_per_incremental"] == pytest.approx(10.0)
    assert out.loc[0, "roi"] == pytest.approx(1.5)
    assert pd.isna(out.loc[1, "cost_per_incremental"]) and out.loc[1, "roi"] == -1.0


def test_bad_tables_are_refused():
    with pytest.raises(CRMDataError, match="no treated or no control"):
        attract.uplift_interval(table().assign(control=[0, 400]))
    with pytest.raises(CRMDataError, match="confidence level"):
        attract.uplift_interval(table(), level=95)
    with pytest.raises(CRMDataError, match="margin_per_response"):
        attract.campaign_returns(table(), 10.0, float("nan"))
