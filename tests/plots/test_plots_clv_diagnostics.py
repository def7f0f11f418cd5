"""The lifetime-value diagnostic charts draw on CDNOW (and the donations and the sBG paper's
cohort), with titles that state the finding and axes that carry units. Each is saved to
/tmp/crm_clv_charts/ to be looked at."""

import matplotlib

matplotlib.use("Agg")

from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import clv, plots  # noqa: E402
from crm_lessons.data import load_cdnow, load_donations  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402

OUT = Path("/tmp/crm_clv_charts")
CAL, OBS = "1997-09-30", "1998-06-30"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cdnow():
    tx = load_cdnow()
    s = clv.purchase_summary(tx, calibration_end=CAL, observation_end=OBS)
    return tx, s, clv.fit_bgnbd(s), clv.fit_mbgnbd(s)


def save(ax, name):
    OUT.mkdir(exist_ok=True)
    ax.figure.savefig(OUT / f"{name}.png", dpi=90)
    return ax.get_title(loc="left").replace("\n", " ")


def test_repeat_count_chart(cdnow):
    _, s, _, mb = cdnow
    ax = plots.repeat_count_chart(clv.repeat_count_table(mb, s))
    title = save(ax, "repeat_counts")
    assert title.startswith("Model and data differ by at most ") and "customers" in title
    assert ax.get_ylabel() == "customers" and len(ax.patches) == 16


def test_holdout_chart(cdnow):
    _, s, bg, _ = cdnow
    table = clv.holdout_table(bg, s)
    title = save(plots.holdout_chart(table), "holdout")
    gap = (table["actual"] - table["predicted"]).abs().max()
    assert title.endswith(f"differ by at most {gap:.2f} in any group")


def test_tracking_chart(cdnow):
    tx, _, bg, _ = cdnow
    table = clv.tracking_table(bg, tx, CAL, OBS)
    ax = plots.tracking_chart(table)
    title = save(ax, "tracking")
    assert len(table) == 78 and (table["period"] == "calibration").sum() == 39
    assert f"{table['actual'].iloc[-1]:,.0f} actual" in title
    assert ax.get_ylabel() == "cumulative repeat purchases"


def test_heatmaps(cdnow):
    _, s, bg, _ = cdnow
    ax = plots.alive_heatmap(clv.alive_matrix(bg, s))
    title = save(ax, "alive")
    assert "likely still active" in title and "weeks" in ax.get_xlabel()
    ax = plots.expected_heatmap(clv.expected_matrix(bg, s, t=39))
    assert "next 39 weeks" in save(ax, "expected")
    d = load_donations()
    ax = plots.alive_heatmap(clv.alive_matrix(clv.fit_bgbb(d), d))
    assert "opportunities" in save(ax, "alive_bgbb")


def test_survival_chart():
    model = clv.fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
    ax = plots.survival_chart(clv.survival_table(model, periods=12))
    title = save(ax, "survival")
    assert title.startswith("The model projects 17% of the cohort still active at period 12")
    assert "retention rate goes from 63% to" in title
    assert [t.get_text() for t in ax.get_legend().get_texts()] == \
        ["observed", "sBG model", "projection"]


def test_the_charts_name_a_wrong_table():
    with pytest.raises(CRMDataError, match="counts has no column 'model'"):
        plots.repeat_count_chart(pd.DataFrame({"repeat_purchases": ["0"], "actual": [1.0]}))
    with pytest.raises(CRMDataError, match="matrix"):
        plots.alive_heatmap(pd.DataFrame())
