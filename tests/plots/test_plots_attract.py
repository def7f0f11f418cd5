"""The charts of lesson 03 render on tiny tables, and their titles state the computed finding."""

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


def test_funnel_chart_compares_best_and_worst_source():
    funnel = pd.DataFrame({"source": ["a", "b"], "prospects": [100, 100], "customers": [40, 10],
                           "repeat_customers": [20, 5], "advocates": [4, 1]})
    ax = plots.funnel_chart(funnel)
    assert ax.get_title(loc="left") == "Leads of the best source buy 4 times as often as the worst"
    customers, repeat = ax.containers[0], ax.containers[1]
    assert customers[0].get_y() > repeat[0].get_y()  # the customers bar tops each group
    with pytest.raises(CRMDataError, match="advocates"):
        plots.funnel_chart(funnel.drop(columns="advocates"))


def test_uplift_chart_states_the_caused_share():
    table = pd.DataFrame({"offer": ["x", "y"], "treatment_rate": [0.10, 0.10],
                          "uplift": [0.05, 0.0], "low": [0.03, -0.01], "high": [0.07, 0.01]})
    ax = plots.uplift_chart(table)
    assert ax.get_title(loc="left").startswith("Only 25% of the treated groups' responses")
    # with the treated counts, the share is of all treated responses: 150 / 400 = 38%
    ax = plots.uplift_chart(table.assign(treated=[3000, 1000]))
    assert ax.get_title(loc="left").startswith("Only 38% of the treated groups' responses")
    with pytest.raises(CRMDataError, match="table is empty|no rows"):
        plots.uplift_chart(table.iloc[:0])


def test_gains_chart_names_the_first_group():
    gains = pd.DataFrame({"share_of_prospects": [0.5, 1.0], "share_of_conversions": [0.8, 1.0]})
    ax = plots.gains_chart(gains)
    assert ax.get_title(loc="left") == ("The best-scored 50% of prospects hold 80% of the "
                                        "conversions")
    assert "%" in ax.get_xlabel()


def test_benchmark_chart_counts_the_leads():
    gaps = pd.DataFrame({"attribute": ["price_index", "product_quality"],
                         "best_competitor": [90.0, 7.0], "gap": [-9.0, 0.7]})
    ax = plots.benchmark_chart(gaps)
    assert ax.get_title(loc="left") == "Against the best rival the shop leads on 1 of 2 attributes"
    assert [t.get_text() for t in ax.texts] == ["-10%", "+10%"]
