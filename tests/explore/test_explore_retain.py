"""The silence-threshold explorer of lesson 04: its sentence, and a widget whose first control
is the threshold N and whose output changes when it moves."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import explore  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402

ORDERS = pd.DataFrame({"customer_id": [1, 2, 2, 3, 3],
                       "order_date": pd.to_datetime(["2022-06-01", "2022-06-01", "2024-11-15",
                                                     "2022-06-01", "2024-04-01"])})


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def shown(box) -> str:
    return re.sub(r"<[^>]+>", "", box._repr_mimebundle_()["text/html"])


def test_threshold_summary_follows_n():
    short = explore.threshold_summary(ORDERS, "2024-12-31", 60)
    assert "2 of 3 customers (67%)" in short
    assert "1 of 3 customers (33%)" in explore.threshold_summary(ORDERS, "2024-12-31", 365)
    with pytest.raises(CRMDataError, match="days"):
        explore.threshold_summary(ORDERS, "2024-12-31", 0)


def test_explorer_first_control_is_the_threshold_and_output_changes():
    import ipywidgets as widgets

    box = explore.defection_threshold_explorer(ORDERS, "2024-12-31", days=60)
    first = box.children[0]
    assert isinstance(first, widgets.IntSlider) and first.description.startswith("silence N")
    before = shown(box)
    assert "more than 60 days" in before
    first.value = 360
    after = shown(box)
    assert after != before and "more than 360 days" in after
