"""Explorers of lesson 04 (customer retention)."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from crm_lessons.errors import require_whole_number
from crm_lessons.explore.base import ExplorerBox, sentence_html
from crm_lessons.plots.retain import defection_threshold_chart
from crm_lessons.retain import defection_by_threshold

__all__ = ["threshold_summary", "defection_threshold_explorer"]

#: The thresholds the explorer draws its curve through (days).
THRESHOLDS = tuple(range(30, 731, 5))


def threshold_summary(orders: pd.DataFrame, end_date: pd.Timestamp | str, days: int) -> str:
    """One sentence: how many customers count as defected when a silence of `days` days
    makes a defection.

    >>> o = pd.DataFrame({"customer_id": [1, 2, 2], "order_date": pd.to_datetime(
    ...     ["2023-01-01", "2023-01-01", "2024-11-01"])})
    >>> threshold_summary(o, "2024-12-31", 365)
    'Silent for more than 365 days counts as a defection: 1 of 2 customers (50%) have defected.'
    """
    days = require_whole_number(days, "days", minimum=1, fix="Give a number of days such as 365.")
    row = defection_by_threshold(orders, end_date, [days]).iloc[0]
    return (f"Silent for more than {days} days counts as a defection: {int(row['defected']):,} "
            f"of {int(row['customers']):,} customers ({row['defection_rate']:.0%}) have defected.")


def defection_threshold_explorer(orders: pd.DataFrame, end_date: pd.Timestamp | str,
                                 days: int = 365) -> widgets.VBox:
    """A slider for the silence threshold N (days); the sentence gives the defection rate at N
    and the chart the rate for every N with N marked (numbers from
    :func:`crm_lessons.retain.defection_by_threshold`, which the tests call directly).

    >>> defection_threshold_explorer(store.orders, store.end_date)      # doctest: +SKIP
    """
    curve = defection_by_threshold(orders, end_date, THRESHOLDS)
    threshold_summary(orders, end_date, days)                 # checks the settings
    slider = widgets.IntSlider(value=int(days), min=30, max=730, step=5,
                               continuous_update=False, description="silence N (days)",
                               style={"description_width": "10em"},
                               layout=widgets.Layout(width="40em"))

    def show(n: int) -> None:
        display(HTML(sentence_html(threshold_summary(orders, end_date, n))))
        fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
        defection_threshold_chart(curve, ax=ax, days=n)
        plt.show()
        plt.close(fig)   # one figure per move, not one more each time

    out = widgets.interactive_output(show, {"n": slider})
    box = ExplorerBox([slider, out])
    box.add_class("crm-explorer")

    def refresh(change: object = None) -> None:
        box.static_html = sentence_html(threshold_summary(orders, end_date, slider.value))

    slider.observe(refresh, "value")
    refresh()
    return box
