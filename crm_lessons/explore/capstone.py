"""Explorer of lesson 06 (the capstone): change the plan's assumptions, see the plan change."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from crm_lessons.capstone import best_levels, plan_total, plan_values
from crm_lessons.capstone.baseline import require_baseline
from crm_lessons.capstone.levels import require_assumptions
from crm_lessons.errors import require_number
from crm_lessons.explore.base import ExplorerBox, sentence_html
from crm_lessons.plots.capstone import plan_value_chart

__all__ = ["plan_explorer", "plan_for"]


def plan_for(baseline: pd.DataFrame, assumptions: pd.DataFrame, discount_rate: float,
             acquisition_cost: float, cost_scale: float = 1.0,
             gain_scale: float = 1.0) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The plan under scaled assumptions: (values per segment and level, best levels, one
    sentence with the total value of the base).

    `cost_scale` multiplies every level's cost per customer, `gain_scale` every retention and
    spend gain (1.0 keeps the table as it is).

    Examples
    --------
    >>> base = pd.DataFrame({"segment": ["s"], "customers": [10], "retention": [0.5],
    ...                      "margin": [100.0]})
    >>> from crm_lessons.capstone import level_assumptions
    >>> plan_for(base, level_assumptions(), 0.1, 0)[2][:31]
    'Costs x1.0, gains x1.0, discoun'
    """
    cost_scale = require_number(cost_scale, "cost_scale", minimum=0,
                                fix="Give a multiple of the costs, e.g. 1.2 for 20% more.")
    gain_scale = require_number(gain_scale, "gain_scale", minimum=0,
                                fix="Give a multiple of the gains, e.g. 0.8 for 20% less.")
    baseline = require_baseline(baseline)
    assumptions = require_assumptions(assumptions)
    lv = assumptions.assign(cost_per_customer=assumptions["cost_per_customer"] * cost_scale,
                            retention_gain=assumptions["retention_gain"] * gain_scale,
                            spend_gain=assumptions["spend_gain"] * gain_scale)
    values = plan_values(baseline, lv, discount_rate, acquisition_cost)
    best = best_levels(values)
    groups = best.groupby("level", sort=False).groups
    mix = "; ".join(f"{lvl}: {', '.join(map(str, segs))}" for lvl, segs in groups.items())
    text = (f"Costs x{cost_scale:.1f}, gains x{gain_scale:.1f}, discount rate "
            f"{discount_rate:.0%}, acquisition €{acquisition_cost:,.2f}. The plan: {mix}. The "
            f"customer base is worth €{plan_total(values):,.0f}.")
    return values, best, text


def plan_explorer(baseline: pd.DataFrame, assumptions: pd.DataFrame,
                  discount_rate: float = 0.10, acquisition_cost: float = 50.0) -> widgets.VBox:
    """Sliders for the discount rate (first control), the acquisition cost and multiples of
    the levels' costs and gains; the chart, the plan and the total value follow them.

    The numbers come from :func:`plan_for`, which the tests call directly.

    >>> plan_explorer(baseline, assumptions)  # doctest: +SKIP
    """
    plan_for(baseline, assumptions, discount_rate, acquisition_cost)  # checks the inputs
    style = {"description_width": "14em"}
    layout = widgets.Layout(width="42em")

    def slider(kind, value, lo, hi, step, label, fmt):
        return kind(value=value, min=lo, max=hi, step=step, style=style, layout=layout,
                    continuous_update=False, description=label, readout_format=fmt)
    rate = slider(widgets.FloatSlider, float(discount_rate), 0.0, 0.3, 0.01,
                  "discount rate (per year)", ".0%")
    # the measured cost is the start, and the steps are tenths of it: halving it is 5 steps
    step = max(float(acquisition_cost) / 10, 0.01)
    acq = slider(widgets.FloatSlider, float(acquisition_cost), 0.0,
                 max(3 * float(acquisition_cost), 10 * step), step, "acquisition cost (EUR)",
                 ".2f")
    cost = slider(widgets.FloatSlider, 1.0, 0.5, 2.0, 0.1, "level costs x", ".1f")
    gain = slider(widgets.FloatSlider, 1.0, 0.5, 2.0, 0.1, "level gains x", ".1f")
    controls = {"discount_rate": rate, "acquisition_cost": acq, "cost_scale": cost,
                "gain_scale": gain}

    def show(discount_rate, acquisition_cost, cost_scale, gain_scale):
        values, best, text = plan_for(baseline, assumptions, discount_rate, acquisition_cost,
                                      cost_scale, gain_scale)
        display(HTML(sentence_html(text)))
        ax = plan_value_chart(values)
        display(ax.figure)
        plt.close(ax.figure)   # one figure at a time, however often a slider moves

    out = widgets.interactive_output(show, controls)
    box = ExplorerBox([rate, acq, cost, gain, out])
    box.add_class("crm-explorer")

    def refresh(change: object = None) -> None:
        _, best, text = plan_for(baseline, assumptions, rate.value, acq.value, cost.value,
                                 gain.value)
        box.static_html = sentence_html(text) + best.round(0).to_html()

    for control in controls.values():
        control.observe(refresh, "value")
    refresh()
    return box
