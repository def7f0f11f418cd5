"""The charts of lesson 02 render on tiny tables, and their titles state the computed finding."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import identify, plots  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def ten_customers():
    i = np.arange(1, 11)
    return pd.DataFrame({"customer_id": i, "recency_days": 10.0 * i, "frequency": i,
                         "monetary": 100.0 * i})


def test_segment_map_names_the_largest_segment():
    scores = identify.rfm_scores(ten_customers())
    grid = identify.segment_grid(scores)
    ax = plots.segment_map(grid)
    # ten customers: 2 new (R5 FM1), 2 potential loyalists, 2 loyal, 2 at risk, 2 can't lose
    title = ax.get_title(loc="left")
    assert title.startswith("The largest segment is '") and title.endswith("20% of customers")
    assert "recency score" in ax.get_ylabel()
    with pytest.raises(CRMDataError, match="grid has no column 'segment'"):
        plots.segment_map(grid.drop(columns="segment"))


def test_segment_share_chart_speaks_of_champions():
    mix = pd.DataFrame({"segment": ["champions", "lost"], "customer_share": [0.2, 0.8],
                        "revenue_share": [0.7, 0.3]})
    ax = plots.segment_share_chart(mix)
    assert ax.get_title(loc="left") == "'champions' are 20% of customers and bring 70% of revenue"
    assert len(ax.patches) == 4 and "%" in ax.get_ylabel()
    other = plots.segment_share_chart(mix, focus="nobody")
    assert other.get_title(loc="left") == "'champions' bring the most revenue: 70%"


def test_concentration_chart_states_the_top_share():
    curve = identify.concentration_curve(pd.Series([60.0, 10.0, 10.0, 10.0, 10.0]))
    ax = plots.concentration_chart(curve, top=0.2)
    assert ax.get_title(loc="left") == "The top 20% of customers bring 60% of revenue"
    assert "%" in ax.get_xlabel() and "%" in ax.get_ylabel()
    with pytest.raises(CRMDataError, match="top"):
        plots.concentration_chart(curve, top=20)


def test_value_service_chart_states_how_many_valuable_customers_need_service():
    orders = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5],
                           "revenue": [100.0, 90.0, 10.0, 5.0, 8.0]})
    tickets = pd.DataFrame({"customer_id": [1, 4], "handling_cost": [20.0, 15.0]})
    quad = identify.value_service_quadrants(orders, tickets, top=0.4)
    ax = plots.value_service_chart(quad)
    assert ax.get_title(loc="left") == ("50% of high-value customers need more service than "
                                        "average")
    assert "EUR" in ax.get_xlabel() and "EUR" in ax.get_ylabel()


def test_profile_index_chart_names_the_most_over_represented_level():
    cust = pd.DataFrame({"customer_id": [1, 2, 3, 4], "channel": ["email", "email", "search",
                                                                  "search"],
                         "region": ["N", "S", "N", "N"]})
    prof = identify.group_profile(cust, pd.Series([True, False, False, False], index=[1, 2, 3, 4]),
                                  ["channel", "region"])
    ax = plots.profile_index_chart(prof)
    assert ax.get_title(loc="left") == ("Top customers are most over-represented in "
                                        "channel: email (index 200)")
    assert len(ax.patches) == 4


def test_choose_k_chart_marks_the_best_silhouette():
    table = pd.DataFrame({"k": [2, 3, 4], "inertia": [10.0, 6.0, 5.0],
                          "silhouette": [0.4, 0.5, 0.3]})
    ax = plots.choose_k_chart(table)
    assert ax.get_title(loc="left") == "The silhouette is highest at k = 3 clusters"
    with pytest.raises(CRMDataError, match="table is empty"):
        plots.choose_k_chart(table.iloc[:0])


def test_lost_value_chart_states_the_fixable_share():
    lost = pd.DataFrame({"reason": ["service failure", "moved away", "lower price elsewhere"],
                         "revenue": [60.0, 25.0, 15.0], "fixable": [True, False, True]})
    ax = plots.lost_value_chart(lost)
    assert ax.get_title(loc="left") == "75% of the revenue we lost left for reasons we can fix"
    assert len(ax.patches) == 3


def test_charts_of_lesson_02_refuse_spoiled_inputs_clearly():
    grid = identify.segment_grid(identify.rfm_scores(ten_customers()))
    with pytest.raises(CRMDataError, match="grid.r_score should hold whole scores from 1 to 5"):
        plots.segment_map(grid.assign(r_score=grid["r_score"] * 10))
    with pytest.raises(CRMDataError, match="grid.customers has negative counts"):
        plots.segment_map(grid.assign(customers=-1))
    curve = identify.concentration_curve(pd.Series([60.0, 10.0, 30.0]))
    with pytest.raises(CRMDataError, match="top should be a fraction"):
        plots.concentration_chart(curve, top="20%")
    lost = pd.DataFrame({"reason": ["moved away"], "revenue": ["a lot"], "fixable": [False]})
    with pytest.raises(CRMDataError, match="lost.revenue should hold numbers"):
        plots.lost_value_chart(lost)
    with pytest.raises(CRMDataError, match="lost.fixable should hold True/False"):
        plots.lost_value_chart(lost.assign(revenue=5.0, fixable=[2]))
    orders = pd.DataFrame({"customer_id": [1, 2], "revenue": [100.0, 5.0]})
    tickets = pd.DataFrame({"customer_id": [1], "handling_cost": [20.0]})
    quad = identify.value_service_quadrants(orders, tickets, top=0.5)
    with pytest.raises(CRMDataError, match="quadrants.high_need should hold True/False"):
        plots.value_service_chart(quad.assign(high_need=-1))
    with pytest.raises(CRMDataError, match="quadrants.revenue holds infinite values"):
        plots.value_service_chart(quad.assign(revenue=float("inf")))


@pytest.mark.parametrize("chart, words", [
    (lambda: plots.segment_share_chart(pd.DataFrame({"segment": ["a", "b"],
                                                     "customer_share": [0.5, 0.5],
                                                     "revenue_share": ["x", "y"]})),
     "summary.revenue_share should hold numbers"),
    (lambda: plots.segment_share_chart(pd.DataFrame({"segment": ["a", None],
                                                     "customer_share": [0.5, 0.5],
                                                     "revenue_share": [0.4, 0.6]})),
     "summary.segment has 1 missing label"),
    (lambda: plots.profile_index_chart(pd.DataFrame({"attribute": ["a"], "level": ["x"],
                                                     "index": [""]})),
     "profile.index should hold numbers"),
    (lambda: plots.choose_k_chart(pd.DataFrame({"k": [2, float("nan")], "inertia": [3.0, 2.0],
                                                "silhouette": [0.3, 0.4]})),
     "table.k has 1 missing"),
])
def test_lesson_02_charts_name_the_problem_in_one_message(chart, words):
    with pytest.raises(CRMDataError, match=words):
        chart()


def test_segment_share_chart_needs_one_row_per_segment():
    summary = pd.DataFrame({"segment": [1, 1], "customer_share": [0.5, 0.5],
                            "revenue_share": [0.4, 0.6]})
    with pytest.raises(CRMDataError, match="summary.segment names '1' on more than one row"):
        plots.segment_share_chart(summary)


def _closest_pair(colours):
    from matplotlib.colors import to_rgb

    rgb = [np.array(to_rgb(c)) for c in colours]
    return min(np.linalg.norm(a - b) for i, a in enumerate(rgb) for b in rgb[i + 1:])


def test_segment_map_has_eight_distinct_fills_and_names_each_cell():
    from crm_lessons.plots.identify import SEGMENT_COLOURS

    assert len(set(SEGMENT_COLOURS.values())) == len(identify.SEGMENTS) == 8
    assert _closest_pair(SEGMENT_COLOURS.values()) >= 0.2
    assert _closest_pair(["#9ECAE1", "#A6CEE3"]) < 0.2     # two near-identical blues would fail
    r, fm = np.meshgrid(range(1, 6), range(1, 6))
    grid = pd.DataFrame({"r_score": r.ravel(), "fm_score": fm.ravel()})
    rules = identify.segment_rules()
    grid["segment"] = [rules.loc[(rules["r_min"] <= a) & (a <= rules["r_max"])
                                 & (rules["fm_min"] <= b) & (b <= rules["fm_max"]),
                                 "segment"].iloc[0]
                       for a, b in zip(grid["r_score"], grid["fm_score"], strict=True)]
    grid["customers"] = 10
    ax = plots.segment_map(grid)
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    for seg in identify.SEGMENTS:
        assert texts.count(seg) == int((grid["segment"] == seg).sum())
    assert texts.count("10") == 25                          # whole counts, not "10.0"
