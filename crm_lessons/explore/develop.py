"""Explorers of lesson 05 (customer development): the simple lifetime value, and the contact
cap."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from crm_lessons.clv import simple_clv
from crm_lessons.develop import contact_cap_value
from crm_lessons.errors import require_columns, require_not_empty, require_numeric
from crm_lessons.explore.base import ExplorerBox, sentence_html
from crm_lessons.plots.develop import contact_cap_chart, simple_clv_chart

__all__ = ["clv_explorer", "clv_summary", "cap_explorer", "cap_summary"]

STYLE = {"description_width": "15em"}
LAYOUT = widgets.Layout(width="42em")


def clv_summary(margin: float, retention: float, discount_rate: float) -> str:
    """One sentence: the simple lifetime value for these settings, and for five years.

    >>> clv_summary(100, 0.8, 0.1)
    'A margin of €100 a year, 80% kept each year, money discounted 10% a year: a new customer is worth €333 (€266 over the first five years).'
    """
    endless = simple_clv(margin, retention, discount_rate)
    five = simple_clv(margin, retention, discount_rate, horizon=5)
    return (f"A margin of €{margin:,.0f} a year, {retention:.0%} kept each year, money "
            f"discounted {discount_rate:.0%} a year: a new customer is worth €{endless:,.0f} "
            f"(€{five:,.0f} over the first five years).")


def _box(controls: list, show, summary) -> ExplorerBox:
    names = [c.description_name for c in controls]
    out = widgets.interactive_output(show, dict(zip(names, controls, strict=True)))
    box = ExplorerBox([*controls, out])
    box.add_class("crm-explorer")

    def refresh(change: object = None) -> None:
        box.static_html = sentence_html(summary(*[c.value for c in controls]))

    for control in controls:
        control.observe(refresh, "value")
    refresh()
    return box


def _slider(kind, name: str, label: str, **kw):
    s = kind(style=STYLE, layout=LAYOUT, continuous_update=False, description=label, **kw)
    s.description_name = name
    return s


def clv_explorer(margin: float = 40.0, retention: float = 0.75,
                 discount_rate: float = 0.10) -> widgets.VBox:
    """Sliders for the retention rate (first), the yearly margin and the discount rate; the
    sentence and chart show the simple lifetime value (crm_lessons.clv.simple_clv).

    >>> clv_explorer()   # doctest: +SKIP
    """
    simple_clv(margin, retention, discount_rate)   # checks the settings
    controls = [
        _slider(widgets.FloatSlider, "retention", "retention (kept a year)", value=retention,
                min=0.0, max=0.95, step=0.05, readout_format=".0%"),
        _slider(widgets.FloatSlider, "margin", "margin (EUR a year)", value=margin, min=5,
                max=200, step=5),
        _slider(widgets.FloatSlider, "discount_rate", "discount rate (a year)",
                value=discount_rate, min=0.0, max=0.3, step=0.01, readout_format=".0%"),
    ]

    def show(retention: float, margin: float, discount_rate: float) -> None:
        display(HTML(sentence_html(clv_summary(margin, retention, discount_rate))))
        fig, ax = plt.subplots(figsize=(8, 3.8), layout="constrained")
        simple_clv_chart(margin, retention, discount_rate, ax=ax)
        plt.show()
        plt.close(fig)   # one figure per move, not one more each time

    return _box(controls, show, lambda r, m, d: clv_summary(m, r, d))


def cap_summary(table: pd.DataFrame) -> str:
    """One sentence on the best cap of a :func:`crm_lessons.develop.contact_cap_value` table;
    when no cap earns more than nothing, the best is to send no message at all.

    >>> t = pd.DataFrame({"cap": [1, 2], "net_value": [1.0, 1.5]})
    >>> cap_summary(t)
    'The best cap is 2 contacts a year, worth €1.50 per customer a year.'
    >>> cap_summary(pd.DataFrame({"cap": [1, 2], "net_value": [-0.3, -0.5]}))[:40]
    'No cap pays: every message costs more th'
    """
    require_not_empty(require_columns(table, "cap_value", ["cap", "net_value"]), "cap_value")
    caps = require_numeric(table, "cap_value", "cap", min_value=0)
    net = require_numeric(table, "cap_value", "net_value")
    best = net.to_numpy().argmax()
    if net.iloc[best] <= 0:
        return ("No cap pays: every message costs more than it brings, so the best is to send "
                "none (a cap of 0, €0 per customer a year).")
    n = int(caps.iloc[best])
    return (f"The best cap is {n} contact{'s' if n != 1 else ''} a year, worth "
            f"€{net.iloc[best]:.2f} per customer a year.")


def cap_explorer(fatigue: pd.DataFrame, value_per_response: float = 15.0,
                 value_per_unsubscribe: float = 60.0,
                 cost_per_complaint: float = 5.0) -> widgets.VBox:
    """Sliders for the value of a customer lost to marketing (first), the value of a response
    and the cost of a complaint; the chart shows the net value of each contact cap.

    >>> cap_explorer(develop.fatigue_by_frequency(contacts))   # doctest: +SKIP
    """
    contact_cap_value(fatigue, value_per_response, value_per_unsubscribe, cost_per_complaint)
    controls = [
        _slider(widgets.FloatSlider, "value_per_unsubscribe", "value lost per unsubscribe (EUR)",
                value=value_per_unsubscribe, min=0, max=max(100.0, 4 * value_per_unsubscribe),
                step=0.01, readout_format=".2f"),
        _slider(widgets.FloatSlider, "value_per_response", "value of a response (EUR)",
                value=value_per_response, min=0, max=max(60.0, 4 * value_per_response),
                step=0.01, readout_format=".2f"),
        _slider(widgets.FloatSlider, "cost_per_complaint", "cost of a complaint (EUR)",
                value=cost_per_complaint, min=0, max=50, step=1),
    ]

    def table(u: float, r: float, c: float) -> pd.DataFrame:
        return contact_cap_value(fatigue, r, u, c)

    def show(value_per_unsubscribe: float, value_per_response: float,
             cost_per_complaint: float) -> None:
        t = table(value_per_unsubscribe, value_per_response, cost_per_complaint)
        display(HTML(sentence_html(cap_summary(t))))
        fig, ax = plt.subplots(figsize=(8, 3.8), layout="constrained")
        contact_cap_chart(t, ax=ax)
        plt.show()
        plt.close(fig)   # one figure per move, not one more each time

    return _box(controls, show, lambda u, r, c: cap_summary(table(u, r, c)))
