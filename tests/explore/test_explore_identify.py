"""The segment explorer of lesson 02: its pure functions, and a widget whose first control is
the recency band and whose output changes when it moves."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crm_lessons.explore.identify as explore_identify  # noqa: E402
from crm_lessons import explore, identify  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402


def plain(html: str) -> str:
    """The text of an HTML fragment, tags removed (numbers are wrapped in no-break spans)."""
    return re.sub(r"<[^>]+>", "", html)


def shown(box) -> str:
    """What a page without a widget front end shows of the explorer, as plain text."""
    return plain(box._repr_mimebundle_()["text/html"])


def ten_customers():
    i = np.arange(1, 11)
    return pd.DataFrame({"customer_id": i, "recency_days": 10.0 * i, "frequency": i,
                         "monetary": 100.0 * i})


def test_segment_mix_summary_reports_champions_and_lost():
    mix = identify.segment_mix(ten_customers(), recency_step=30)
    text = explore.segment_mix_summary(mix, 30, 0.5)
    assert text.startswith("Recency bands of 30 days, money weighs 50%")
    # moving the first slider (the recency band) changes what the explorer prints
    wide = identify.segment_mix(ten_customers(), recency_step=180)
    assert explore.segment_mix_summary(wide, 180, 0.5) != text
    quint = identify.segment_mix(ten_customers())
    assert explore.segment_mix_summary(quint, None, 0.5).startswith("Quintiles of recency")


def test_monetary_weight_changes_the_mix():
    # the biggest spenders order least often: weighing money or orders flips their segment
    rfm = ten_customers().assign(frequency=np.arange(10, 0, -1))
    money = identify.segment_mix(rfm, monetary_weight=1.0)
    orders = identify.segment_mix(rfm, monetary_weight=0.0)
    assert not money["customers"].equals(orders["customers"])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_explorer_first_control_is_the_recency_slider_and_output_changes(monkeypatch):
    import ipywidgets as widgets

    box = explore.segment_explorer(ten_customers(), recency_step=30)
    assert "crm-explorer" in box._dom_classes
    first = box.children[0]
    assert isinstance(first, widgets.IntSlider) and first.description.startswith("recency band")
    assert isinstance(box.children[-1], widgets.Output)
    html = shown(box)
    assert "Recency bands of 30 days" in html and "champions" in html
    bars = [p.get_height() for p in plt.gcf().axes[0].patches]
    said = []
    monkeypatch.setattr(explore_identify, "display", lambda obj: said.append(obj.data))

    first.value = 180  # move the slider the student moves first
    moved = shown(box)
    assert moved != html and "Recency bands of 180 days" in moved
    assert [p.get_height() for p in plt.gcf().axes[0].patches] != bars
    assert "Recency bands of 180 days" in plain(said[-1])
    first.value = 0  # 0 means quintiles
    assert "Quintiles of recency" in shown(box)


def test_explorer_weight_slider_moves_the_output():
    rfm = ten_customers().assign(frequency=np.arange(10, 0, -1))
    box = explore.segment_explorer(rfm, recency_step=0, monetary_weight=1.0)
    weight = box.children[1]
    html = shown(box)
    weight.value = 0.0
    assert shown(box) != html


def test_explorer_rejects_a_weight_out_of_range():
    with pytest.raises(CRMDataError, match="monetary_weight"):
        explore.segment_explorer(ten_customers(), monetary_weight=5)


def test_explorer_labels_show_whole_and_numbers_never_wrap():
    box = explore.segment_explorer(ten_customers(), recency_step=30)
    for slider in box.children[:2]:
        # about 0.6em a character: the label fits in its description width
        assert len(slider.description) * 0.6 <= float(slider.style.description_width[:-2])
    html = box._repr_mimebundle_()["text/html"]
    assert '<span style="white-space: nowrap">30</span> days' in html
    # the check can fail: a label longer than the width is caught
    long = "recency band (days) " * 3
    assert len(long) * 0.6 > float(box.children[0].style.description_width[:-2])


def test_sentence_html_keeps_every_number_whole():
    from crm_lessons.explore.base import sentence_html

    html = sentence_html("Keeping 75% instead of 70%: €1,234 (+12%).")
    assert html.count("white-space: nowrap") == 4 and plain(html).startswith("Keeping 75%")
