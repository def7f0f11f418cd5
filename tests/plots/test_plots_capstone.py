"""The charts of lesson 06 render on tiny tables, and their titles state the computed finding."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import capstone, plots  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402

BASE = pd.DataFrame({"segment": ["big", "small"], "customers": [10, 100],
                     "retention": [0.8, 0.5], "margin": [100.0, 10.0]})


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plan_chart_names_the_most_valuable_segment():
    values = capstone.plan_values(BASE, capstone.level_assumptions())
    ax = plots.plan_value_chart(values)
    assert ax.get_title(loc="left").startswith("Big are worth most, at full partnership")
    assert "EUR" in ax.get_xlabel()
    # one framed best level per segment, each value written in its cell
    assert len(ax.patches) == 2 and len(ax.texts) == 2 * 5
    assert [t.get_text() for t in ax.get_yticklabels()] == ["big", "small"]
    with pytest.raises(CRMDataError, match="values has no column 'net_value'"):
        plots.plan_value_chart(values.drop(columns="net_value"))


def test_sensitivity_chart_counts_the_changes():
    sens = pd.DataFrame({"assumption": ["cost", "cost", "gain", "gain"],
                         "direction": ["down", "up", "down", "up"],
                         "segment": ["s", "s", "s", "t"],
                         "changed": [True, True, False, True]})
    ax = plots.sensitivity_chart(sens)   # two changes of cost, one segment
    assert ax.get_title(loc="left") == ("The plan is most sensitive to cost: a 20% move changes "
                                        "the best level of 1 segment")
    quiet = plots.sensitivity_chart(sens.assign(changed=False))
    assert quiet.get_title(loc="left").startswith("No single assumption")


def test_area_chart_and_returns_chart_state_the_finding():
    effects = pd.DataFrame({"naive_change": [0.5, 0.2], "effect": [0.4, 0.3],
                            "low": [0.3, 0.1], "high": [0.5, 0.5]}, index=["a", "b"])
    ax = plots.area_effect_chart(effects)
    assert ax.get_title(loc="left") == "Before/after overstates 1 of 2 areas; on average by 0.00 points"
    with pytest.raises(CRMDataError, match="must not be missing"):
        plots.area_effect_chart(effects.assign(low=[None, 0.1]))
    cells = {"treated_before": 0.3, "treated_after": 0.5, "comparison_before": 0.4,
             "comparison_after": 0.41, "effect": 0.19, "low": 0.1, "high": 0.28}
    ax = plots.returns_chart(cells)
    assert ax.get_title(loc="left") == ("The program added +19.0 points of returns (95% "
                                        "interval +10.0 to +28.0)")
    with pytest.raises(CRMDataError, match="did_interval"):
        plots.returns_chart({"effect": 0.1})


def test_the_area_chart_refuses_an_interval_that_misses_its_effect():
    import pandas as pd

    from crm_lessons.errors import CRMDataError
    from crm_lessons.plots import area_effect_chart

    bad = pd.DataFrame({"naive_change": [0.5], "effect": [0.4], "low": [0.45], "high": [0.6]},
                       index=["nursing"])
    with pytest.raises(CRMDataError, match="low <= effect <= high"):
        area_effect_chart(bad)
    area_effect_chart(bad.assign(low=0.2))  # the same table with a sound interval draws
