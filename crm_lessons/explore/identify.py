"""Explorers of lesson 02 (customer identification)."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from crm_lessons.errors import require_columns, require_fraction, require_number
from crm_lessons.explore.base import ExplorerBox, sentence_html
from crm_lessons.identify import segment_mix
from crm_lessons.plots.identify import segment_share_chart

__all__ = ["segment_explorer", "segment_mix_summary"]


def segment_mix_summary(mix: pd.DataFrame, recency_step: int | None,
                        monetary_weight: float) -> str:
    """One sentence on the segment mix: the settings, and the champions' and the lost
    customers' shares.

    Examples
    --------
    >>> mix = pd.DataFrame({"segment": ["champions", "lost"], "customer_share": [0.2, 0.8],
    ...                     "revenue_share": [0.7, 0.3]})
    >>> segment_mix_summary(mix, 30, 0.5)
    'Recency bands of 30 days, money weighs 50% against frequency: champions are 20% of customers (70% of revenue); lost are 80% (30% of revenue).'
    """
    mix = require_columns(mix, "mix", ["segment", "customer_share", "revenue_share"])
    monetary_weight = require_fraction(monetary_weight, "monetary_weight",
                                       fix="Give the weight of money against frequency, e.g. 0.5.")
    if recency_step is not None:
        require_number(recency_step, "recency_step", minimum=1,
                       fix="Give the width of a recency band in days, or None for quintiles.")
    rows = mix.set_index(mix["segment"].astype(str))
    bands = "quintiles of recency" if recency_step is None else \
        f"recency bands of {recency_step:.0f} days"

    def part(seg: str) -> tuple[float, float]:
        if seg in rows.index:
            return float(rows.loc[seg, "customer_share"]), float(rows.loc[seg, "revenue_share"])
        return 0.0, 0.0
    (c1, r1), (c2, r2) = part("champions"), part("lost")
    return (f"{bands[0].upper() + bands[1:]}, money weighs {monetary_weight:.0%} against "
            f"frequency: champions are {c1:.0%} of customers ({r1:.0%} of revenue); "
            f"lost are {c2:.0%} ({r2:.0%} of revenue).")


def _table_html(mix: pd.DataFrame) -> str:
    shown = mix.assign(customer_share=(mix["customer_share"] * 100).round(1),
                       revenue_share=(mix["revenue_share"] * 100).round(1))
    shown = shown[["segment", "customers", "customer_share", "revenue_share"]].rename(
        columns={"customer_share": "% of customers", "revenue_share": "% of revenue"})
    return shown.to_html(index=False)


def segment_explorer(rfm: pd.DataFrame, recency_step: int = 60,
                     monetary_weight: float = 0.5) -> widgets.VBox:
    """A slider for the width of the recency bands in days (first control; 0 means quintiles)
    and one for the weight of money against frequency; the chart and sentence show each
    segment's share of customers and of revenue.

    The numbers come from :func:`crm_lessons.identify.segment_mix`, which the tests call
    directly.

    Examples
    --------
    >>> segment_explorer(identify.rfm_table(store.orders, store.end_date))  # doctest: +SKIP
    """
    segment_mix(rfm, recency_step or None, monetary_weight)  # checks the table and settings
    style = {"description_width": "15em"}   # wide enough for the longest label, whole
    layout = widgets.Layout(width="42em")
    step = widgets.IntSlider(value=int(recency_step), min=0, max=180, step=15, style=style,
                             layout=layout, continuous_update=False,
                             description="recency band (days)")
    weight = widgets.FloatSlider(value=float(monetary_weight), min=0.0, max=1.0, step=0.1,
                                 readout_format=".0%", style=style, layout=layout,
                                 continuous_update=False,
                                 description="money vs frequency")

    def show(recency_step: int, monetary_weight: float) -> None:
        mix = segment_mix(rfm, recency_step or None, monetary_weight)
        display(HTML(sentence_html(segment_mix_summary(mix, recency_step or None,
                                                        monetary_weight))))
        fig, ax = plt.subplots(figsize=(8, 3.8), layout="constrained")
        segment_share_chart(mix, ax=ax)
        plt.show()

    out = widgets.interactive_output(show, {"recency_step": step, "monetary_weight": weight})
    box = ExplorerBox([step, weight, out])
    box.add_class("crm-explorer")

    def refresh(change: object = None) -> None:
        # the static result follows the sliders, so an exported page shows what was chosen
        mix = segment_mix(rfm, step.value or None, weight.value)
        box.static_html = (sentence_html(segment_mix_summary(mix, step.value or None,
                                                             weight.value))
                           + _table_html(mix))

    for control in (step, weight):
        control.observe(refresh, "value")
    refresh()
    return box
