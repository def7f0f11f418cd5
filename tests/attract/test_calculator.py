"""crm_lessons.attract.calculator: the campaign calculator and its settings from real data."""

import pandas as pd
import pytest

from crm_lessons import attract
from crm_lessons.errors import CRMDataError


def test_profit_and_break_even_by_hand():
    out = attract.campaign_profit(1000, 0.5, 0.05, 0.08, 25.0)
    assert out["incremental_responses"] == pytest.approx(30.0)
    assert out["incremental_margin"] == pytest.approx(750.0)
    assert out["cost"] == 500.0 and out["incremental_profit"] == pytest.approx(250.0)
    assert out["break_even_uplift"] == 0.02
    at_break_even = attract.campaign_profit(1000, 0.5, 0.05, 0.07, 25.0)
    assert at_break_even["incremental_profit"] == pytest.approx(0.0)


def test_inputs_are_read_from_one_campaign():
    campaigns = pd.DataFrame({"campaign_id": [1, 2], "total_cost": [20.0, 5.0]})
    contacts = pd.DataFrame({"campaign_id": [1, 1, 1, 1, 2], "group": ["treatment"] * 2 + ["control"] * 2 + ["treatment"],
                             "responded": [True, False, True, False, True],
                             "order_id": pd.array([9, None, 8, None, 7], dtype="Int64")})
    out = attract.campaign_inputs(campaigns, contacts, pd.Series([12.0, 3.0, 1.0], index=[9, 8, 7]), 1)
    assert out == {"contacts": 2.0, "cost_per_contact": 10.0, "control_rate": 0.5,
                   "treated_rate": 0.5, "margin_per_response": 12.0}
    with pytest.raises(CRMDataError, match="no treatment or no control"):
        attract.campaign_inputs(campaigns, contacts, pd.Series(dtype=float), 2)
    with pytest.raises(CRMDataError, match="no campaign_id 3"):
        attract.campaign_inputs(campaigns, contacts, pd.Series(dtype=float), 3)


def test_bad_settings_are_refused():
    with pytest.raises(CRMDataError, match="treated_rate"):
        attract.campaign_profit(1000, 0.5, 0.05, 8, 25.0)
    with pytest.raises(CRMDataError, match="margin_per_response is 0"):
        attract.campaign_profit(1000, 0.5, 0.05, 0.08, 0)
    with pytest.raises(CRMDataError, match="contacts"):
        attract.campaign_profit(0, 0.5, 0.05, 0.08, 25.0)
