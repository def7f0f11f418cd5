"""The retention explorer of lesson 01: its pure functions, and a widget whose first control is
the retention rate and whose output changes when it moves."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import crm_lessons.explore.goals as explore_goals  # noqa: E402
from crm_lessons import explore, goals  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402


def plain(html: str) -> str:
    """The text of an HTML fragment, tags removed (numbers are wrapped in no-break spans)."""
    return re.sub(r"<[^>]+>", "", html)


def shown(box) -> str:
    """What a page without a widget front end shows of the explorer, as plain text."""
    return plain(box._repr_mimebundle_()["text/html"])


def test_retention_summary_compares_the_two_rates():
    text = explore.retention_summary(1.0, 0.5, 100.0, years=2)
    assert "€200 instead of €150 (+33%)" in text
    # what the explorer prints changes when the first slider (the retention rate) moves
    assert explore.retention_summary(0.9, 0.5, 100.0, years=2) != text


def test_retention_scenario_is_the_table_behind_the_explorer():
    sc = goals.retention_scenario(0.8, 0.6, [50.0, 60.0], acquisition_cost=40.0)
    assert sc["today"].iloc[-1] == pytest.approx(goals.five_year_profit(0.6, [50.0, 60.0], 40.0))
    assert sc["scenario"].iloc[-1] == pytest.approx(goals.five_year_profit(0.8, [50.0, 60.0], 40.0))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _chart_title() -> str:
    return plt.gcf().axes[0].get_title(loc="left")


def test_explorer_first_control_is_the_retention_slider_and_output_changes(monkeypatch):
    import ipywidgets as widgets

    box = explore.retention_explorer([40.0, 55.0, 62.0], base_rate=0.7, acquisition_cost=60.0)
    assert "crm-explorer" in box._dom_classes
    first = box.children[0]
    assert isinstance(first, widgets.FloatSlider) and first.description == "retention rate"
    out = box.children[-1]
    assert isinstance(out, widgets.Output)
    before_html = shown(box)
    before_title = _chart_title()
    assert "Keeping 75%" in before_html and "At 75% retention" in before_title
    said = []
    monkeypatch.setattr(explore_goals, "display", lambda obj: said.append(obj.data))

    first.value = 0.9  # move the slider the student moves first
    after_html = shown(box)
    assert after_html != before_html and "Keeping 90%" in after_html
    assert _chart_title() != before_title and "At 90% retention" in _chart_title()
    assert "Keeping 90% instead of 70%" in plain(said[-1])


def test_explorer_other_sliders_move_the_output_too():
    box = explore.retention_explorer([40.0, 55.0, 62.0], base_rate=0.7, acquisition_cost=60.0)
    _, cost, disc, _ = box.children
    html = shown(box)
    cost.value = 0.0
    cheaper = shown(box)
    assert cheaper != html
    disc.value = 0.0
    assert shown(box) != cheaper


def test_explorer_rejects_a_rate_given_in_percent():
    with pytest.raises(CRMDataError, match="fraction from 0 to 1, but got 70"):
        explore.retention_explorer([40.0], base_rate=70)


def test_retention_summary_names_a_missing_margin():
    with pytest.raises(CRMDataError, match=r"margin_by_year should be a number or a list"):
        explore.retention_summary(0.9, 0.8, None)
