"""Explorer of lesson 03 (customer attraction): the campaign calculator."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML, display

from crm_lessons.attract import campaign_profit
from crm_lessons.explore.base import ExplorerBox, sentence_html

__all__ = ["campaign_calculator", "campaign_summary"]


def campaign_summary(contacts: float, cost_per_contact: float, control_rate: float,
                     treated_rate: float, margin_per_response: float) -> str:
    """One sentence on a campaign: its incremental profit and the uplift it needs, the uplifts
    as fractions (as :func:`crm_lessons.attract.campaign_profit` gives them) and in points.

    Examples
    --------
    >>> campaign_summary(1000, 0.5, 0.05, 0.08, 25.0)
    'Uplift 0.030 (3.0 points): 30 extra responses earn €750 against a cost of €500, an incremental profit of €250. Break-even uplift: 0.020 (2.0 points).'
    """
    r = campaign_profit(contacts, cost_per_contact, control_rate, treated_rate,
                        margin_per_response)
    p = r["incremental_profit"]
    result = f"an incremental profit of €{p:,.0f}" if p >= 0 else \
        f"an incremental loss of €{-p:,.0f}"
    inc, gain = r["incremental_responses"], r["incremental_margin"]
    earned = (f"{inc:,.0f} extra responses earn €{gain:,.0f}" if inc >= 0 else
              f"the treated group responds less than the control group: {-inc:,.0f} fewer "
              f"responses lose €{-gain:,.0f} of margin")
    return (f"Uplift {_both(r['uplift'])}: {earned} against a cost of €{r['cost']:,.0f}, "
            f"{result}. Break-even uplift: {_both(r['break_even_uplift'])}.")


def _both(uplift: float) -> str:
    return f"{uplift:.3f} ({uplift * 100:.1f} points)"


def campaign_calculator(contacts: float, cost_per_contact: float, control_rate: float,
                        treated_rate: float, margin_per_response: float) -> widgets.VBox:
    """Sliders for the treated response rate (first control), the control group's rate, the
    cost per contact, the margin per response and the number of contacts; the sentence shows
    the incremental profit and the break-even uplift (:func:`campaign_summary`, over
    :func:`crm_lessons.attract.campaign_profit`, which the tests call directly). The sliders
    start at the given values unrounded, and their ranges stretch to hold them (a win-back
    campaign's cost per contact, say), so the sentence agrees with ``campaign_profit``.

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
    need = control_rate + cost_per_contact / margin_per_response  # the break-even treated rate
    rate_top = min(1.0, max(0.3, 2 * treated_rate, need + 0.05))
    treated = slider(widgets.FloatSlider, treated_rate, 0.0, rate_top, 0.001,
                     "treated response rate", ".1%")
    control = slider(widgets.FloatSlider, control_rate, 0.0, rate_top, 0.001,
                     "control response rate", ".1%")
    cost = slider(widgets.FloatSlider, cost_per_contact, 0.0, max(3.0, 2 * cost_per_contact),
                  0.01, "cost per contact (EUR)", ".2f")
    margin = slider(widgets.FloatSlider, margin_per_response, min(1.0, margin_per_response),
                    max(60.0, 2 * margin_per_response), 0.5, "margin per response (EUR)", ".1f")
    people = slider(widgets.IntSlider, int(contacts), min(100, int(contacts)),
                    max(20000, 2 * int(contacts)), 1 if contacts < 100 else 100, "contacts", "d")

    def text():
        return campaign_summary(people.value, cost.value, control.value, treated.value,
                                margin.value)

    def show(**_):
        display(HTML(sentence_html(text())))

    sliders = [treated, control, cost, margin, people]
    out = widgets.interactive_output(show, dict(zip("tkcmn", sliders, strict=True)))
    box = ExplorerBox([*sliders, out])
    box.add_class("crm-explorer")

    def refresh(change: object = None) -> None:
        box.static_html = sentence_html(text())

    for each in sliders:
        each.observe(refresh, "value")
    refresh()
    return box
