"""Charts of lesson 05 (customer development): room to grow in the wallet, contact fatigue,
the contact cap, and the simple lifetime value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_fraction,
    require_not_empty,
    require_number,
    require_numeric,
    require_whole_number,
)
from crm_lessons.plots.style import GREY, PALETTE, finish, new_axes

__all__ = ["wallet_room_chart", "fatigue_chart", "contact_cap_chart", "simple_clv_chart"]


def wallet_room_chart(by_segment: pd.DataFrame, ax=None):
    """Horizontal bars of the room to grow (EUR a month) per segment, from
    :func:`crm_lessons.develop.wallet_by_segment`; the title names the largest.

    >>> ax = wallet_room_chart(develop.wallet_by_segment(wallet, tiers))   # doctest: +SKIP
    """
    t = require_not_empty(require_columns(by_segment, "by_segment", ["segment", "room_to_grow"]),
                          "by_segment")
    t = t.assign(room_to_grow=require_numeric(t, "by_segment", "room_to_grow"))
    if t["segment"].isna().any():
        raise CRMDataError(f"by_segment.segment has {int(t['segment'].isna().sum())} missing "
                           "values. Drop those rows first (for example with "
                           ".dropna(subset=['segment'])).")
    t = t.sort_values("room_to_grow", kind="stable")
    ax = new_axes(ax, figsize=(7, 0.5 * len(t) + 1.6))
    ax.barh(t["segment"].astype(str), t["room_to_grow"], color=PALETTE[0])
    top = t.iloc[-1]
    share = top["room_to_grow"] / max(float(t["room_to_grow"].sum()), 1e-9)
    return finish(ax, f"{str(top['segment']).capitalize()} customers hold {share:.0%} of the surveyed room to grow",
                  "category spend we do not get yet (EUR a month, surveyed customers)", "")


def fatigue_chart(fatigue: pd.DataFrame, ax=None):
    """Unsubscribe and complaint rates (%) by contacts in the past year, from
    :func:`crm_lessons.develop.fatigue_by_frequency`.

    >>> ax = fatigue_chart(develop.fatigue_by_frequency(contacts))   # doctest: +SKIP
    """
    f = require_columns(fatigue, "fatigue", ["contacts_in_year", "unsubscribe_rate",
                                             "complaint_rate"])
    ax = new_axes(ax)
    ax.plot(f["contacts_in_year"], f["unsubscribe_rate"] * 100, marker="o", color=PALETTE[3],
            label="unsubscribed")
    ax.plot(f["contacts_in_year"], f["complaint_rate"] * 100, marker="s", ls="--",
            color=PALETTE[4], label="complained")
    ax.legend(frameon=False)
    ax.set_xticks(f["contacts_in_year"])
    return finish(ax, "More messages in a year, more unsubscribes and complaints",
                  "contacts received in the past 12 months (this one included)",
                  "share of contacts (%)")


def contact_cap_chart(cap_value: pd.DataFrame, ax=None):
    """Net value per customer and year for each contact cap, from
    :func:`crm_lessons.develop.contact_cap_value`; the best cap is marked.

    >>> ax = contact_cap_chart(develop.contact_cap_value(fatigue, 15, 60))   # doctest: +SKIP
    """
    t = require_not_empty(require_columns(cap_value, "cap_value", [
        "cap", "response_value", "fatigue_cost", "net_value"]), "cap_value")
    t = t.assign(**{c: require_numeric(t, "cap_value", c)
                    for c in ("cap", "response_value", "fatigue_cost", "net_value")})
    ax = new_axes(ax)
    ax.plot(t["cap"], t["response_value"], color=PALETTE[2], label="value of responses")
    ax.plot(t["cap"], t["fatigue_cost"], color=PALETTE[3], ls="--", label="value lost to fatigue")
    ax.bar(t["cap"], t["net_value"], color=PALETTE[0], alpha=0.5, label="net value")
    best = t.loc[t["net_value"].idxmax()]
    ax.axvline(float(best["cap"]), color=GREY, ls=":")
    ax.axhline(0, color=GREY, lw=0.8)
    ax.set_xticks(t["cap"])
    ax.legend(frameon=False, loc="upper left")
    n = int(best["cap"])
    title = (f"A cap of {n} contact{'s' if n != 1 else ''} a year earns the most "
             f"(€{best['net_value']:.2f} per customer)" if best["net_value"] > 0 else
             "No cap pays: every message costs more than it brings; send none")
    return finish(ax, title,
                  "most contacts per customer in 12 months", "EUR per customer a year")


def simple_clv_chart(margin: float, retention: float, discount_rate: float,
                     periods: int = 20, ax=None):
    """The simple lifetime value summed period by period, approaching its endless-horizon
    value (crm_lessons.clv.simple_clv).

    >>> ax = simple_clv_chart(40, 0.75, 0.10)   # doctest: +SKIP
    """
    from crm_lessons.clv import simple_clv

    margin = require_number(margin, "margin", fix="Give the margin a year in EUR, e.g. 40.")
    retention = require_fraction(retention, "retention")
    discount_rate = require_number(discount_rate, "discount_rate", minimum=0,
                                   fix="Give it as a fraction, e.g. 0.1 for 10%.")
    periods = require_whole_number(periods, "periods", minimum=1, maximum=1000,
                                   fix="Give a number of periods to draw, e.g. 20.")
    horizon = np.arange(0, periods + 1)
    values = np.array([simple_clv(margin, retention, discount_rate, horizon=int(h))
                       for h in horizon])
    ax = new_axes(ax)
    ax.plot(horizon, values, marker="o", ms=3, color=PALETTE[0])
    if retention < 1 or discount_rate > 0:
        endless = simple_clv(margin, retention, discount_rate)
        ax.axhline(endless, color=GREY, ls=":")
        ax.text(periods, endless, "no end", va="bottom", ha="right", color=GREY, fontsize=9)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))   # whole periods only
    half = int(np.argmax(values >= values[-1] * 0.5))
    return finish(ax, f"Half of the value of {periods} periods comes in the first {half}",
                  "periods counted (years)", "lifetime value (EUR, today's money)")
