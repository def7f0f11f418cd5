"""Charts of lesson 01 (what CRM is for). Each title states the finding, computed from the data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_columns,
    require_fraction,
    require_not_empty,
    require_numeric,
)
from crm_lessons.goals import cost_ratio, profit_by_year_series
from crm_lessons.plots.style import GREY, PALETTE, finish, new_axes

__all__ = ["cost_to_win_vs_keep", "profit_by_tenure_chart", "retention_profit_chart",
           "quality_vs_competitors", "loyalty_ladder_chart", "retention_scenario_chart"]


def _finite(df: pd.DataFrame, table: str, column: str) -> pd.Series:
    """`df[column]` as finite floats, or one CRMDataError naming the table, column and fix."""
    s = require_numeric(df, table, column)
    bad = ~np.isfinite(s.to_numpy())
    if bad.any():
        raise CRMDataError(f"{table}.{column} has {int(bad.sum())} infinite value"
                           f"{'s' if bad.sum() != 1 else ''}, which cannot be drawn. Check the "
                           f"division that produced it, or drop those rows.")
    return s


def _labels(df: pd.DataFrame, table: str, column: str) -> list[str]:
    """`df[column]` as text labels, or one CRMDataError when some are missing."""
    if df[column].isna().any():
        raise CRMDataError(f"{table}.{column} has {int(df[column].isna().sum())} missing labels, "
                           "which cannot be drawn. Drop or name those rows first.")
    return df[column].astype(str).tolist()


def cost_to_win_vs_keep(acquisition_cost: float, retention_cost: float, ax=None):
    """Two bars: what winning one new customer costs against keeping one.

    Examples
    --------
    >>> ax = cost_to_win_vs_keep(60.0, 10.0)          # doctest: +SKIP
    """
    ratio = cost_ratio(acquisition_cost, retention_cost)
    ax = new_axes(ax, figsize=(6, 3.5))
    values = [float(acquisition_cost), float(retention_cost)]
    bars = ax.bar(["win a new customer", "keep a customer"], values,
                  color=[PALETTE[3], PALETTE[0]], width=0.55)
    ax.bar_label(bars, labels=[f"€{v:,.2f}" for v in values], padding=3)
    ax.set_ylim(0, max(values) * 1.18)
    return finish(ax, f"Winning a customer costs {ratio:.1f} times as much as keeping one",
                  "", "campaign cost per customer (EUR)")


def profit_by_tenure_chart(profit: pd.Series | pd.DataFrame, ax=None):
    """Bars of profit per customer in each year of the relationship.

    Parameters
    ----------
    profit : Series indexed by year of relationship (1, 2, ...) with EUR per customer, or a
        DataFrame whose first column is the year and whose last column is that profit.

    Examples
    --------
    >>> ax = profit_by_tenure_chart(pd.Series([10.0, 25.0, 32.0], index=[1, 2, 3]))  # doctest: +SKIP
    """
    profit = profit_by_year_series(profit)
    if len(profit) < 2:
        raise CRMDataError("profit should be a Series of profit per customer (EUR) indexed by "
                           "year of relationship, with at least two years.")
    values = _finite(pd.DataFrame({"profit": profit}), "profit", "profit")
    ax = new_axes(ax)
    years = [str(y) for y in profit.index]
    bars = ax.bar(years, values.to_numpy(), color=PALETTE[2])
    ax.bar_label(bars, labels=[f"€{v:,.0f}" for v in values], padding=2, fontsize=9)
    first, later = values.iloc[0], values.iloc[1:].mean()
    if first > 0:
        change = later / first - 1
        word = "more" if change >= 0 else "less"
        title = (f"Customers past their first year earn {abs(change):.0%} {word} per year "
                 f"than in their first")
    else:
        title = (f"Profit per customer goes from €{first:,.0f} in year {years[0]} to "
                 f"€{values.iloc[-1]:,.0f} in year {years[-1]}")
    ax.axhline(0, color=GREY, lw=0.8)
    return finish(ax, title, "year of the relationship", "profit per customer (EUR)")


def retention_profit_chart(curve: pd.DataFrame, current_rate: float, extra_points: float = 0.05,
                           ax=None):
    """Profit per new customer over the curve's horizon against the retention rate, with
    today's rate and today's rate plus `extra_points` marked. The title and the axis name the
    horizon the curve was computed over (its years column: "5-year profit", "2-year profit").

    Parameters
    ----------
    curve : DataFrame from :func:`crm_lessons.goals.retention_profit_curve` (columns
        retention_rate, profit and years).
    current_rate : today's retention rate, measured on orders
        (:func:`crm_lessons.goals.yearly_retention`).

    Examples
    --------
    >>> from crm_lessons.goals import retention_profit_curve
    >>> ax = retention_profit_chart(retention_profit_curve([40, 50]), 0.7)  # doctest: +SKIP
    """
    curve = require_not_empty(require_columns(curve, "curve", ["retention_rate", "profit",
                                                               "years"]), "curve")
    horizon = _horizon(curve)
    x = _finite(curve, "curve", "retention_rate").to_numpy()
    y = _finite(curve, "curve", "profit").to_numpy()
    current_rate = require_fraction(current_rate, "current_rate")
    extra_points = require_fraction(extra_points, "extra_points",
                                    fix="Give the extra retention as a fraction, e.g. 0.05 for "
                                        "5 points.")
    now = float(np.interp(current_rate, x, y))
    later = float(np.interp(current_rate + extra_points, x, y))
    ax = new_axes(ax)
    ax.plot(x * 100, y, color=PALETTE[0], lw=2)
    ax.axhline(0, color=GREY, lw=0.8)
    for rate, value, colour, label, offset, align in [
            (current_rate, now, PALETTE[1], "today", (8, -16), "left"),
            (current_rate + extra_points, later, PALETTE[3], f"+{extra_points * 100:.0f} points",
             (-10, 8), "right")]:
        ax.plot([rate * 100], [value], "o", color=colour, ms=8)
        ax.annotate(f"{label}: €{value:,.0f}", (rate * 100, value), textcoords="offset points",
                    xytext=offset, ha=align, fontsize=9, color=colour)
    low, high = min(0.0, y.min()), y.max()
    ax.set_ylim(low - 0.05 * (high - low), high + 0.12 * (high - low))
    if now > 0:
        title = (f"{extra_points * 100:.0f} more points of retention raise {horizon} profit "
                 f"per customer by {(later - now) / now:.0%}")
    else:
        title = (f"{extra_points * 100:.0f} more points of retention move {horizon} profit per "
                 f"customer from €{now:,.0f} to €{later:,.0f}")
    return finish(ax, title, "retention rate: customers who buy again the next year (%)",
                  f"{horizon} profit per new customer (EUR)")


def _horizon(curve: pd.DataFrame) -> str:
    """The curve's horizon in words, e.g. "5-year", from its years column."""
    years = pd.to_numeric(curve["years"], errors="coerce").dropna().unique()
    if len(years) != 1 or years[0] < 1 or years[0] != int(years[0]):
        raise CRMDataError("curve.years should hold one whole number of years on every row, the "
                           "horizon of the profit; pass goals.retention_profit_curve(...).")
    return f"{int(years[0])}-year"


def quality_vs_competitors(quality: pd.DataFrame, ax=None):
    """Horizontal bars of perceived quality per company, this company highlighted.

    Parameters
    ----------
    quality : DataFrame from :func:`crm_lessons.goals.relative_quality`.

    Examples
    --------
    >>> ax = quality_vs_competitors(relative_quality(store.benchmark, us))  # doctest: +SKIP
    """
    q = require_not_empty(require_columns(quality, "quality", [
        "company", "is_us", "quality_score", "relative_quality_index", "price_index"]), "quality")
    if not pd.api.types.is_bool_dtype(q["is_us"]):
        raise CRMDataError("quality.is_us should hold True/False (True on this company's row), "
                           f"but holds {q['is_us'].dtype} values; pass "
                           "relative_quality(store.benchmark, us=...).")
    q = q.assign(**{c: _finite(q, "quality", c) for c in
                    ("quality_score", "relative_quality_index", "price_index")})
    if q["is_us"].sum() != 1:
        raise CRMDataError("quality.is_us should be True on exactly one row (this company); "
                           "pass relative_quality(store.benchmark, us=...).")
    q = q.sort_values("quality_score")
    ax = new_axes(ax)
    colours = [PALETTE[0] if us else GREY for us in q["is_us"]]
    bars = ax.barh(_labels(q, "quality", "company"), q["quality_score"], color=colours)
    # two decimals: close competitors must not show the same label
    ax.bar_label(bars, labels=[f"{s:.2f}  (price index {p:.0f})" for s, p in
                               zip(q["quality_score"], q["price_index"], strict=True)],
                 padding=3, fontsize=9)
    ax.set_xlim(0, 10.9)
    index = float(q.loc[q["is_us"], "relative_quality_index"].iloc[0])
    rank = int((q["quality_score"] > q.loc[q["is_us"], "quality_score"].iloc[0]).sum()) + 1
    word = "above" if index >= 100 else "below"
    title = (f"Customers rate our quality {abs(index - 100):.0f}% {word} the competitors' "
             f"average (rank {rank} of {len(q)})")
    return finish(ax, title, "perceived quality, mean of product and service (1-10)", "")


def loyalty_ladder_chart(ladder: pd.DataFrame, ax=None):
    """The loyalty ladder from prospects to advocates, as horizontal bars.

    Parameters
    ----------
    ladder : DataFrame from :func:`crm_lessons.goals.loyalty_ladder`.

    Examples
    --------
    >>> ax = loyalty_ladder_chart(loyalty_ladder(...))  # doctest: +SKIP
    """
    lad = require_not_empty(require_columns(ladder, "ladder", ["rung", "people"]), "ladder")
    lad = lad.assign(people=require_numeric(lad, "ladder", "people", min_value=0))
    lad = lad.assign(people=_finite(lad, "ladder", "people"))
    people = lad["people"].to_numpy()[::-1]
    ax = new_axes(ax)
    rungs = _labels(lad, "ladder", "rung")[::-1]
    bars = ax.barh(rungs, people, color=[PALETTE[i % len(PALETTE)] for i in range(len(rungs))])
    ax.bar_label(bars, labels=[f"{p:,.0f}" for p in people], padding=3, fontsize=9)
    ax.set_xlim(0, people.max() * 1.15)
    customers = lad.loc[lad["rung"] == "customers", "people"]
    adv = lad.loc[lad["rung"] == "advocates", "people"]
    if len(customers) and len(adv) and customers.iloc[0] > 0:
        title = (f"{adv.iloc[0] / customers.iloc[0]:.0%} of customers have climbed to "
                 f"advocate")
    else:
        title = "From prospect to advocate, each rung holds fewer people"
    return finish(ax, title, "people", "")


def retention_scenario_chart(scenario: pd.DataFrame, retention_rate: float, base_rate: float,
                             ax=None):
    """Cumulative profit per new customer by year, today against a chosen retention rate.

    Parameters
    ----------
    scenario : DataFrame from :func:`crm_lessons.goals.retention_scenario`.

    Examples
    --------
    >>> from crm_lessons.goals import retention_scenario
    >>> ax = retention_scenario_chart(retention_scenario(0.8, 0.7, 50), 0.8, 0.7)  # doctest: +SKIP
    """
    sc = require_not_empty(require_columns(scenario, "scenario", ["year", "today", "scenario"]),
                           "scenario")
    sc = sc.assign(**{c: _finite(sc, "scenario", c) for c in ("year", "today", "scenario")})
    retention_rate = require_fraction(retention_rate, "retention_rate")
    base_rate = require_fraction(base_rate, "base_rate")
    ax = new_axes(ax)
    ax.plot(sc["year"], sc["today"], "o-", color=GREY, lw=2,
            label=f"today: {base_rate:.0%} kept each year")
    ax.plot(sc["year"], sc["scenario"], "o-", color=PALETTE[0], lw=2,
            label=f"scenario: {retention_rate:.0%} kept each year")
    ax.axhline(0, color=GREY, lw=0.8)
    ax.set_xticks(sc["year"])
    ax.legend(frameon=False, loc="upper left")
    now, then = float(sc["today"].iloc[-1]), float(sc["scenario"].iloc[-1])
    years = int(sc["year"].iloc[-1])
    if now > 0:
        title = (f"At {retention_rate:.0%} retention, {years}-year profit per customer is "
                 f"€{then:,.0f}, {(then - now) / now:+.0%} against today")
    else:
        title = (f"At {retention_rate:.0%} retention, {years}-year profit per customer is "
                 f"€{then:,.0f} (today €{now:,.0f})")
    return finish(ax, title, "year of the relationship",
                  "cumulative profit per new customer (EUR)")
