"""crm_lessons.retain.satisfaction: grades, the latest grade, and the expectation gap."""

import pandas as pd
import pytest

from crm_lessons import retain
from crm_lessons.errors import CRMDataError


def test_satisfaction_follows_the_gap():
    surveys = pd.DataFrame({"customer_id": [1, 2, 3, 1],
                            "survey_date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03",
                                                           "2024-05-01"]),
                            "expectation": [6, 4, 4, 5], "perceived": [3, 4, 6, 5],
                            "satisfaction": ["very disappointed", "neutral", "very satisfied", "neutral"]})
    out = retain.satisfaction_by_gap(surveys)
    assert out["gap"].tolist() == [-3, 0, 2]
    assert out["mean_score"].tolist() == [1.0, 3.0, 5.0]
    latest = retain.latest_satisfaction(surveys)
    assert latest.loc[1] == "neutral" and latest.cat.ordered
    with pytest.raises(CRMDataError, match="not one of"):
        retain.satisfaction_score(pd.Series(["happy"]))



def test_satisfaction_by_gap_refuses_scores_off_the_scale():
    surveys = pd.DataFrame({"expectation": [5, 5], "perceived": [float("inf"), 7.0],
                            "satisfaction": ["disappointed", "very satisfied"]})
    with pytest.raises(CRMDataError, match=r"surveys\.perceived should hold whole-number scores "
                                           r"from 1 to 7, but has values such as inf"):
        retain.satisfaction_by_gap(surveys)


def test_latest_satisfaction_takes_the_later_of_two_answers_whatever_the_row_order():
    surveys = pd.DataFrame({"customer_id": [4, 9, 4],
                            "survey_date": pd.to_datetime(["2025-02-01", "2024-05-01",
                                                           "2024-03-01"]),
                            "satisfaction": ["very satisfied", "neutral", "disappointed"]})
    latest = retain.latest_satisfaction(surveys)
    assert latest.index.tolist() == [4, 9]
    assert latest.astype(str).tolist() == ["very satisfied", "neutral"]
