"""Explorer of lesson 03 (customer attraction): the campaign calculator."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML, display

from crm_lessons.attract import campaign_profit
from crm_lessons.explore.base import ExplorerBox, sentence_html

__all__ = ["campaign_calculator", "campaign_summary"]


def campaign_summary(contacts: float, cost_per_contact: float, control_rate: float,
                     treated_rate: float, margin_per_response: float) -> str:
    """One sentence on a campaign: its incremental profit and the uplift it needs.

    Examples
    --------
    >>> campaign_summary(1000, 0.5, 0.05, 0.08, 25.0)
    'Uplift 3.0 points: 30 extra responses earn €750 against a cost of €500, an incremental profit of €250. Break-even uplift: 2.0 points.'
    """
    r = campaign_profit(contacts, cost_per_contact, control_rate, treated_rate,
                        margin_per_response)
    p = r["incremental_profit"]
    result = f"an incremental profit of €{p:,.0f}" if p >= 0 else \
        f"an incremental loss of €{-p:,.0f}"
    return (f"Uplift {r['uplift'] * 100:.1f} points: {r['incremental_responses']:,.0f} extra "
            f"responses earn €{r['incremental_margin']:,.0f} against a cost of €{r['cost']:,.0f}, "
            f"{result}. Break-even uplift: {r['break_even_uplift'] * 100:.1f} points.")


def campaign_calculator(contacts: float, cost_per_contact: float, control_rate: float,
                        treated_rate: float, margin_per_response: float) -> widgets.VBox:
    """Sliders for the treated response rate (first control), the cost per contact, the margin
    per response and the number of contacts, with the control rate fixed; the sentence
    shows the incremental profit and the break-even uplift (:func:`campaign_summary`, over
    :func:`crm_lessons.attract.campaign_profit`, which the tests call directly).

    Examples
    --------
    >>> campaign_calculator(**attract.campaign_inputs(c, k, m, 13))   # doctest: +SKIP
    """
    campaign_summary(contacts, cost_per_contact, control_rate, treated_rate, margin_per_response)
    style = {"description_width": "14em"}
    layout = widgets.Layout(width="42em")

    def slider(kind, value, lo, hi, step, label, fmt):
        return kind(value=value, min=lo, max=hi, step=step, description=label, style=style,
                    layout=layout, readout_format=fmt, continuous_update=False)
    treated = slider(widgets.FloatSlider, round(treated_rate, 3), 0.0, 0.3, 0.001,
                     "treated response rate", ".1%")
    cost = slider(widgets.FloatSlider, round(cost_per_contact, 2), 0.0, 3.0, 0.01,
                  "cost per contact (EUR)", ".2f")
    margin = slider(widgets.FloatSlider, round(margin_per_response, 1), 1.0, 60.0, 0.5,
                    "margin per response (EUR)", ".1f")
    people = slider(widgets.IntSlider, int(contacts), 100, 20000, 100, "contacts", "d")

    def text():
        return campaign_summary(people.value, cost.value, control_rate, treated.value,
                                margin.value)

    def show(**_):
        display(HTML(sentence_html(f"Control group response rate: {control_rate:.1%}. "
                                   + text())))

    out = widgets.interactive_output(show, {"t": treated, "c": cost, "m": margin, "n": people})
    box = ExplorerBox([treated, cost, margin, people, out])
    box.add_class("crm-explorer")

    def refresh(change: object = None) -> None:
        box.static_html = sentence_html(text())

    for control in (treated, cost, margin, people):
        control.observe(refresh, "value")
    refresh()
    return box
