"""Explorers of lesson 01 (what CRM is for)."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import HTML, display

from crm_lessons.explore.base import ExplorerBox, sentence_html
from crm_lessons.goals import five_year_profit, retention_scenario
from crm_lessons.plots.goals import retention_scenario_chart

__all__ = ["retention_explorer", "retention_summary"]


def retention_summary(retention_rate: float, base_rate: float,
                      margin_by_year: float | Sequence[float], acquisition_cost: float = 0.0,
                      discount_rate: float = 0.0, years: int = 5) -> str:
    """One sentence comparing the profit over `years` per new customer at two retention rates.

    Examples
    --------
    >>> retention_summary(1.0, 0.5, 100, years=2)
    'Keeping 100% instead of 50% of customers each year: 2-year profit per new customer €200 instead of €150 (+33%).'
    """
    now = five_year_profit(base_rate, margin_by_year, acquisition_cost, discount_rate, years)
    then = five_year_profit(retention_rate, margin_by_year, acquisition_cost, discount_rate,
                            years)
    change = f" ({(then - now) / abs(now):+.0%})" if now != 0 else ""
    return (f"Keeping {retention_rate:.0%} instead of {base_rate:.0%} of customers each year: "
            f"{years}-year profit per new customer €{then:,.0f} instead of €{now:,.0f}{change}.")


def retention_explorer(margin_by_year: float | Sequence[float], base_rate: float,
                       acquisition_cost: float = 0.0, discount_rate: float = 0.08,
                       years: int = 5) -> widgets.VBox:
    """Sliders for the retention rate (first), the acquisition cost and the discount rate;
    the chart and sentence show the profit over `years` per new customer against today's rate
    (`base_rate`: the retention rate measured on orders, ``goals.yearly_retention(...)``).

    The numbers come from :func:`crm_lessons.goals.retention_scenario` and
    :func:`retention_summary`, which the tests call directly.

    Examples
    --------
    >>> retention_explorer([40, 55, 62], base_rate=0.7, acquisition_cost=60)  # doctest: +SKIP
    """
    base_rate = float(base_rate)
    five_year_profit(base_rate, margin_by_year, acquisition_cost, discount_rate, years)  # checks
    style = {"description_width": "15em"}   # wide enough for the longest label, whole
    layout = widgets.Layout(width="42em")
    rate = widgets.FloatSlider(value=round(min(base_rate + 0.05, 0.99), 2), min=0.3, max=0.99,
                               step=0.01, readout_format=".0%", style=style, layout=layout,
                               description="retention rate", continuous_update=False)
    cost = widgets.FloatSlider(value=round(float(acquisition_cost), 2), min=0.0,
                               max=max(200.0, round(float(acquisition_cost) * 3, -1)), step=1.0,
                               readout_format=".0f", style=style, layout=layout,
                               description="acquisition cost (EUR)", continuous_update=False)
    disc = widgets.FloatSlider(value=float(discount_rate), min=0.0, max=0.3, step=0.01,
                               readout_format=".0%", style=style, layout=layout,
                               description="discount rate", continuous_update=False)

    def show(retention_rate: float, acquisition_cost: float, discount_rate: float) -> None:
        table = retention_scenario(retention_rate, base_rate, margin_by_year, acquisition_cost,
                                   discount_rate, years)
        display(HTML(sentence_html(retention_summary(retention_rate, base_rate, margin_by_year,
                                                     acquisition_cost, discount_rate, years))))
        fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
        retention_scenario_chart(table, retention_rate, base_rate, ax=ax)
        plt.show()

    out = widgets.interactive_output(show, {"retention_rate": rate, "acquisition_cost": cost,
                                            "discount_rate": disc})
    box = ExplorerBox([rate, cost, disc, out])
    box.add_class("crm-explorer")

    def refresh(change: object = None) -> None:
        # the static result follows the sliders, so an exported page shows what was chosen
        args = (rate.value, base_rate, margin_by_year, cost.value, disc.value, years)
        box.static_html = (sentence_html(retention_summary(*args))
                           + retention_scenario(*args).round(0).to_html(index=False))

    for control in (rate, cost, disc):
        control.observe(refresh, "value")
    refresh()
    return box
