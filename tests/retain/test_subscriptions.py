"""crm_lessons.retain.subscriptions: renewal cohorts, the constant rate and the projection."""

import numpy as np
import pandas as pd
import pytest

from crm_lessons import clv, retain
from crm_lessons.errors import CRMDataError


@pytest.fixture
def club():
    return pd.DataFrame({
        "plan": ["monthly"] * 5 + ["yearly"],
        "start_date": pd.to_datetime(["2023-01-05", "2023-01-20", "2023-03-01", "2023-06-10",
                                      "2024-02-01", "2023-01-01"]),
        "periods_paid": [1, 2, 4, 3, 2, 1],
        "end_date": pd.to_datetime(["2023-02-05", "2023-03-20", None, "2023-09-10", None,
                                    "2024-01-01"]),
    })


def test_renewal_survivors_counts_the_first_years_joiners_as_far_as_all_are_seen(club):
    out = retain.renewal_survivors(club, "2023-06-30")
    # the June joiner is seen for one period only, so the table stops after period 0
    assert out["active"].tolist() == [4]
    out = retain.renewal_survivors(club, "2023-09-30")
    assert out["active"].tolist() == [4, 3, 2, 1]
    assert out["retention_rate"].iloc[1:].round(3).tolist() == [0.75, 0.667, 0.5]
    assert np.isnan(out["retention_rate"].iloc[0])


def test_renewal_survivors_picks_the_year_and_the_plan(club):
    assert retain.renewal_survivors(club, "2024-03-31", joined_in=2024)["active"].tolist() == [1, 1]
    assert retain.renewal_survivors(club, "2024-03-31", plan="yearly")["active"].tolist() == [1, 0]


def test_renewal_survivors_names_the_fix_on_bad_input(club):
    with pytest.raises(CRMDataError, match="plan should be one of"):
        retain.renewal_survivors(club, "2024-03-31", plan="weekly")
    with pytest.raises(CRMDataError, match="No monthly member joined in 2019"):
        retain.renewal_survivors(club, "2024-03-31", joined_in=2019)
    with pytest.raises(CRMDataError, match="periods_paid"):
        retain.renewal_survivors(club.drop(columns="periods_paid"), "2024-03-31")
    with pytest.raises(CRMDataError, match="no yearly membership"):
        retain.renewal_survivors(club[club["plan"] == "monthly"], "2024-03-31", plan="yearly")


def test_constant_rate_is_the_average_rate_per_period():
    assert retain.constant_rate([100, 80, 64]) == pytest.approx(0.8)
    with pytest.raises(CRMDataError, match="at least 3"):
        retain.constant_rate([100])
    with pytest.raises(CRMDataError, match="above 0"):
        retain.constant_rate([100, 50, 0])


def test_project_members_sbg_keeps_long_standing_members_longer_than_a_constant_rate(club):
    model = clv.fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    out = retain.project_members(model, club, "2024-03-31", rate=0.9, periods=12)
    assert out["period"].tolist() == list(range(13))
    assert out["sbg"].iloc[0] == pytest.approx(2) and out["constant"].iloc[0] == 2
    assert out["constant"].iloc[-1] == pytest.approx(2 * 0.9 ** 12)
    assert out["sbg"].iloc[-1] > out["constant"].iloc[-1]
    assert (np.diff(out["sbg"]) <= 0).all()


def test_project_members_rejects_a_bad_rate_and_no_active_member(club):
    model = clv.fit_sbg([1000, 869, 743, 653])
    with pytest.raises(CRMDataError, match="rate should be"):
        retain.project_members(model, club, "2024-03-31", rate=1.5)
    with pytest.raises(CRMDataError, match="No monthly member is active"):
        retain.project_members(model, club.dropna(subset=["end_date"]), "2024-03-31", rate=0.9)
