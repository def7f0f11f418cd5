"""The charts of lesson 01 render on tiny tables, and their titles state the computed finding."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import goals, plots  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_cost_to_win_vs_keep_states_the_ratio():
    ax = plots.cost_to_win_vs_keep(60.0, 10.0)
    assert ax.get_title(loc="left") == "Winning a customer costs 6.0 times as much as keeping one"
    assert len(ax.patches) == 2
    assert "EUR" in ax.get_ylabel()


def test_profit_by_tenure_chart_states_growth():
    ax = plots.profit_by_tenure_chart(pd.Series([10.0, 20.0, 25.0], index=[1, 2, 3]))
    # later years average (20 + 25) / 2 = 22.5 against 10 in the first: +125%
    assert ax.get_title(loc="left") == ("Customers past their first year earn 125% more per "
                                        "year than in their first")
    frame = pd.DataFrame({"year": [1, 2], "profit": [10.0, 30.0]})
    assert "200% more" in plots.profit_by_tenure_chart(frame).get_title(loc="left")
    with pytest.raises(CRMDataError, match="at least two years"):
        plots.profit_by_tenure_chart(pd.Series([1.0]))


def test_retention_profit_chart_states_the_uplift_over_the_curves_own_horizon():
    curve = goals.retention_profit_curve(100.0, acquisition_cost=0.0, years=2,
                                         rates=[0.5, 0.6, 0.7])
    ax = plots.retention_profit_chart(curve, 0.5, extra_points=0.1)
    # 2-year profit: 100 + 100 r -> 150 at 50%, 160 at 60%: +7%
    assert ax.get_title(loc="left") == ("10 more points of retention raise 2-year profit per "
                                        "customer by 7%")
    assert "five" not in ax.get_title(loc="left") and "5-year" not in ax.get_title(loc="left")
    assert ax.get_ylabel().startswith("2-year profit")
    five = plots.retention_profit_chart(goals.retention_profit_curve(100.0), 0.7)
    assert "raise 5-year profit per customer" in five.get_title(loc="left")


def test_retention_profit_chart_needs_the_horizon_of_the_curve():
    curve = goals.retention_profit_curve(100.0, years=2, rates=[0.5, 0.6])
    with pytest.raises(CRMDataError, match="curve has no column 'years'"):
        plots.retention_profit_chart(curve.drop(columns="years"), 0.5)
    with pytest.raises(CRMDataError, match="curve.years should hold one whole number"):
        plots.retention_profit_chart(curve.assign(years=[2, 3]), 0.5)


def test_quality_vs_competitors_states_our_position():
    bench = pd.DataFrame({"company": ["us", "a", "b"], "product_quality": [8.0, 6.0, 5.0],
                          "service_rating": [8.0, 6.0, 7.0], "price_index": [100.0] * 3})
    ax = plots.quality_vs_competitors(goals.relative_quality(bench, "us"))
    assert ax.get_title(loc="left") == ("Customers rate our quality 33% above the competitors' "
                                        "average (rank 1 of 3)")
    with pytest.raises(CRMDataError, match="is_us"):
        plots.quality_vs_competitors(goals.relative_quality(bench, "us").assign(is_us=False))


def test_loyalty_ladder_chart_states_the_advocate_share():
    ladder = pd.DataFrame({"rung": ["prospects", "customers", "repeat customers",
                                    "loyalty members", "advocates"],
                           "people": [100, 40, 20, 10, 6]})
    ax = plots.loyalty_ladder_chart(ladder)
    assert ax.get_title(loc="left") == "15% of customers have climbed to advocate"
    assert len(ax.patches) == 5


def test_retention_scenario_chart_compares_with_today():
    sc = goals.retention_scenario(1.0, 0.5, 100.0, years=2)
    ax = plots.retention_scenario_chart(sc, 1.0, 0.5)
    assert ax.get_title(loc="left") == ("At 100% retention, 2-year profit per customer is €200, "
                                        "+33% against today")
    assert len(ax.get_lines()) == 3  # two scenarios and the zero line


def test_charts_of_lesson_01_refuse_spoiled_inputs_clearly():
    ladder = pd.DataFrame({"rung": ["prospects", "customers"], "people": [10.0, float("nan")]})
    with pytest.raises(CRMDataError, match="ladder.people has 1 missing"):
        plots.loyalty_ladder_chart(ladder)
    sc = goals.retention_scenario(1.0, 0.5, 100.0, years=2)
    with pytest.raises(CRMDataError, match="base_rate should be a fraction"):
        plots.retention_scenario_chart(sc, 1.0, "half")
    with pytest.raises(CRMDataError, match="scenario.today should hold numbers"):
        plots.retention_scenario_chart(sc.assign(today="a lot"), 1.0, 0.5)


@pytest.mark.parametrize("chart, words", [
    (lambda: plots.loyalty_ladder_chart(pd.DataFrame({"rung": ["prospects", None],
                                                      "people": [10, 4]})),
     "ladder.rung has 1 missing label"),
    (lambda: plots.loyalty_ladder_chart(pd.DataFrame({"rung": ["a", "b"],
                                                      "people": [10, float("inf")]})),
     "ladder.people has 1 infinite value"),
    (lambda: plots.retention_scenario_chart(goals.retention_scenario(1.0, 0.5, 100.0, years=2)
                                            .assign(year=float("inf")), 1.0, 0.5),
     "scenario.year has 2 infinite values"),
    (lambda: plots.retention_profit_chart(goals.retention_profit_curve([40, 50])
                                          .assign(profit="x"), 0.7),
     "curve.profit should hold numbers"),
    (lambda: plots.retention_profit_chart(goals.retention_profit_curve([40, 50]), "high"),
     "current_rate should be a fraction"),
    (lambda: plots.profit_by_tenure_chart(pd.Series([10.0, float("inf")], index=[1, 2])),
     "infinite"),
])
def test_lesson_01_charts_name_the_problem_in_one_message(chart, words):
    with pytest.raises(CRMDataError, match=words):
        chart()


def test_quality_chart_needs_true_false_flags_and_company_names():
    bench = pd.DataFrame({"company": ["us", "a", "b"], "product_quality": [8.0, 6.0, 5.0],
                          "service_rating": [8.0, 6.0, 7.0], "price_index": [100.0] * 3})
    q = goals.relative_quality(bench, "us")
    with pytest.raises(CRMDataError, match="quality.is_us should hold True/False"):
        plots.quality_vs_competitors(q.assign(is_us=q["is_us"].astype(str)))
    with pytest.raises(CRMDataError, match="quality.company has 1 missing label"):
        plots.quality_vs_competitors(q.assign(company=["us", None, "b"]))
