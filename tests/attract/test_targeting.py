"""crm_lessons.attract.targeting: older leads train the score, later ones judge it."""

import pandas as pd
import pytest

from crm_lessons import attract
from crm_lessons.errors import CRMDataError


def leads():
    opens = [0, 1, 0, 5, 6, 1, 0, 7, 4, 0]
    return pd.DataFrame({
        "created_date": pd.to_datetime(["2024-01-01"] * 6 + ["2024-09-01"] * 4),
        "email_opens": opens, "site_visits": [1, 1, 2, 4, 5, 1, 1, 6, 3, 1],
        "sample_requested": [o > 3 for o in opens],
        "customer_id": pd.array([None, None, None, 1, 2, None, None, 3, None, None], dtype="Int64")})


def test_split_fit_and_score_rank_engaged_leads_first():
    older, later = attract.prospect_split(leads(), "2024-06-01")
    assert len(older) == 6 and len(later) == 4 and older["converted"].sum() == 2
    model = attract.fit_targeting_model(older)
    score = attract.score_prospects(model, later)
    assert score.idxmax() == 1                # the lead with 7 opens and 6 visits
    assert score.between(0, 1).all()


def test_gains_table_by_hand():
    score = pd.Series([0.9, 0.8, 0.3, 0.2, 0.1])
    converted = pd.Series([True, True, False, True, False])
    out = attract.gains_table(score, converted, bins=5)
    assert out["share_of_prospects"].tolist() == [0.2, 0.4, 0.6, 0.8, 1.0]
    assert out["share_of_conversions"].round(3).tolist() == [0.333, 0.667, 0.667, 1.0, 1.0]
    assert out["conversion_rate"].tolist() == [1.0, 1.0, 0.0, 1.0, 0.0]


def test_bad_inputs_are_refused():
    with pytest.raises(CRMDataError, match="no lead on one side"):
        attract.prospect_split(leads(), "2030-01-01")
    with pytest.raises(CRMDataError, match="only one value"):
        attract.fit_targeting_model(attract.prospect_split(leads(), "2024-06-01")[0].assign(converted=False))
    with pytest.raises(CRMDataError, match="no True value"):
        attract.gains_table(pd.Series([0.5, 0.4]), pd.Series([False, False]), bins=2)
    with pytest.raises(CRMDataError, match="bins"):
        attract.gains_table(pd.Series([0.5, 0.4]), pd.Series([True, False]), bins=3)
