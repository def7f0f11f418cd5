"""The charts of lesson 04 render on tiny tables, and their titles state the computed finding."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import plots  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_threshold_and_lift_titles_state_the_numbers():
    t = pd.DataFrame({"days": [90, 365], "defection_rate": [0.6, 0.3]})
    assert "90 days: 60%" in plots.defection_threshold_chart(t, days=365).get_title(loc="left")
    lift = pd.DataFrame({"group": [1, 2], "lift": [1.5, 0.5]})
    assert "1.5 times" in plots.lift_chart(lift).get_title(loc="left")
    with pytest.raises(CRMDataError, match="defection_rate"):
        plots.defection_threshold_chart(t.drop(columns="defection_rate"))


def test_heatmap_curves_pareto_and_projection_render():
    m = pd.DataFrame([[1.0, 0.2, 0.1], [1.0, 0.3, None]], index=["2024-01", "2024-02"],
                     columns=[0, 1, 2])
    assert "25%" in plots.retention_heatmap(m).get_title(loc="left")
    assert "2024-02" in plots.retention_curves(m).get_title(loc="left")
    p = pd.DataFrame({"reason": ["service failure", "moved away"], "lost_value": [800.0, 200.0],
                      "value_share": [0.8, 0.2], "cumulative_share": [0.8, 1.0],
                      "fixable": [True, False]})
    assert "80%" in plots.reason_pareto_chart(p).get_title(loc="left")
    proj = pd.DataFrame({"period": [0, 1], "sbg": [10.0, 9.0], "constant": [10.0, 8.0]})
    assert "9 members expected, not 8" in plots.member_projection_chart(proj).get_title(loc="left")
    with pytest.raises(CRMDataError, match="retention_matrix"):
        plots.retention_heatmap(m.iloc[:, :1])
