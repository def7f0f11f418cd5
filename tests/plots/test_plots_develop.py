"""The charts of lesson 05: they draw, and their titles state the finding."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import plots  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402


def test_wallet_chart_names_the_largest_room():
    t = pd.DataFrame({"segment": ["gold", "bronze"], "room_to_grow": [10.0, 30.0]})
    assert plots.wallet_room_chart(t).get_title(loc="left").startswith("Bronze customers hold 75%")
    with pytest.raises(CRMDataError, match="room_to_grow"):
        plots.wallet_room_chart(t.drop(columns="room_to_grow"))


def test_fatigue_and_cap_charts():
    f = pd.DataFrame({"contacts_in_year": [1, 2], "unsubscribe_rate": [0.01, 0.05],
                      "complaint_rate": [0.0, 0.02]})
    assert len(plots.fatigue_chart(f).get_lines()) == 2
    cap = pd.DataFrame({"cap": [1, 2, 3], "response_value": [1.0, 2.0, 3.0],
                        "fatigue_cost": [0.0, 0.5, 2.5], "net_value": [1.0, 1.5, 0.5]})
    assert "cap of 2 contacts" in plots.contact_cap_chart(cap).get_title(loc="left")


def test_simple_clv_chart_reaches_the_endless_value():
    ax = plots.simple_clv_chart(100, 0.8, 0.1, periods=40)
    assert ax.get_lines()[0].get_ydata()[-1] == pytest.approx(333.33, abs=1)


def test_develop_charts_refuse_empty_tables_and_bad_periods_clearly():
    wallet = pd.DataFrame({"segment": pd.Series([], dtype=str), "room_to_grow": []})
    with pytest.raises(CRMDataError, match="by_segment is empty"):
        plots.wallet_room_chart(wallet)
    cap = pd.DataFrame({"cap": [], "response_value": [], "fatigue_cost": [], "net_value": []})
    with pytest.raises(CRMDataError, match="cap_value is empty"):
        plots.contact_cap_chart(cap)
    for periods in (float("nan"), "abc", 0):
        with pytest.raises(CRMDataError, match="periods should be a whole number"):
            plots.simple_clv_chart(100, 0.8, 0.1, periods=periods)
