"""Charts of lesson 04 (customer retention). Each title states the finding, computed from the
data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_not_empty, require_numeric
from crm_lessons.plots.style import GREY, PALETTE, finish, new_axes

__all__ = ["defection_threshold_chart", "retention_heatmap", "retention_curves",
           "reason_pareto_chart", "lift_chart", "member_projection_chart"]


def _frame(df: object, name: str, columns: list[str], numeric: tuple[str, ...] = ()
           ) -> pd.DataFrame:
    """`df` checked: the columns, at least one row, `numeric` columns as floats."""
    df = require_not_empty(require_columns(df, name, columns), name)
    return df.assign(**{c: require_numeric(df, name, c) for c in numeric})


def defection_threshold_chart(table: pd.DataFrame, ax=None, days: int | None = None):
    """The silent defection rate against the threshold N (from
    ``retain.defection_by_threshold``), with the chosen N marked."""
    t = _frame(table, "table", ["days", "defection_rate"], ("days", "defection_rate"))
    ax = new_axes(ax)
    ax.plot(t["days"], 100 * t["defection_rate"], "o-", color=PALETTE[0])
    lo, hi = t.iloc[0], t.iloc[-1]
    if days is not None:
        ax.axvline(days, color=GREY, linestyle="--")
    return finish(ax, f"Silent {lo['days']:.0f} days: {lo['defection_rate']:.0%} 'defected'; "
                      f"silent {hi['days']:.0f} days: {hi['defection_rate']:.0%}",
                  "threshold N: days without an order", "customers counted as defected (%)")


def retention_heatmap(matrix: pd.DataFrame, ax=None, periods: int = 12):
    """The retention matrix (``retain.retention_matrix``) as a heat map: cohorts down,
    periods since the first order across (period 0 left out, it is always 100%)."""
    if not isinstance(matrix, pd.DataFrame) or matrix.shape[1] < 2:
        raise CRMDataError("matrix should be retain.retention_matrix(...), with at least two "
                           "periods.")
    m = matrix.iloc[:, 1:periods + 1]
    ax = new_axes(ax, figsize=(8, 6))
    image = ax.imshow(100 * m.to_numpy(dtype=float), aspect="auto", cmap="viridis")
    ax.figure.colorbar(image, ax=ax, label="ordered again in that month (%)")
    step = max(1, len(m) // 12)
    ax.set_yticks(range(0, len(m), step), m.index[::step])
    ax.set_xticks(range(m.shape[1]), m.columns)
    mean = float(np.nanmean(m.iloc[:, 0].to_numpy(dtype=float)))
    return finish(ax, f"About {mean:.0%} of a cohort orders again the month after its first order",
                  "months since the first order", "cohort (month of first order)")


def retention_curves(matrix: pd.DataFrame, ax=None, periods: int = 12):
    """One retention curve per group (``retain.retention_matrix(..., by=...)``)."""
    if not isinstance(matrix, pd.DataFrame) or matrix.shape[1] < 2:
        raise CRMDataError("matrix should be retain.retention_matrix(..., by=...).")
    m = matrix.iloc[:, 1:periods + 1]
    ax = new_axes(ax)
    for i, (name, row) in enumerate(m.iterrows()):
        ax.plot(row.index, 100 * row.to_numpy(dtype=float), label=str(name),
                color=PALETTE[i % len(PALETTE)])
    ax.legend(frameon=False, fontsize=8, ncol=2)
    best = m.mean(axis=1).idxmax()
    return finish(ax, f"Customers from {best} come back most often, month after month",
                  "months since the first order", "ordered in that month (%)")


def reason_pareto_chart(pareto: pd.DataFrame, ax=None):
    """Lost value by stated reason (bars, fixable reasons in colour) and the cumulative share
    (line), from ``retain.reason_pareto``."""
    p = _frame(pareto, "pareto", ["reason", "lost_value", "value_share", "cumulative_share",
                                  "fixable"], ("lost_value", "value_share", "cumulative_share"))
    ax = new_axes(ax, figsize=(8, 4))
    colours = [PALETTE[3] if f else GREY for f in p["fixable"]]
    ax.bar(p["reason"].astype(str), p["lost_value"] / 1000, color=colours)
    twin = ax.twinx()
    twin.plot(p["reason"].astype(str), 100 * p["cumulative_share"], "o-", color=PALETTE[0])
    twin.axhline(80, color=GREY, linestyle="--", lw=0.8)
    twin.annotate("80%", (len(p) - 0.5, 80), xytext=(0, 3), textcoords="offset points",
                  ha="right", fontsize=8, color=GREY)
    twin.set_ylim(0, 105)
    twin.set_ylabel("cumulative share of lost value (%)")
    ax.tick_params(axis="x", labelrotation=20)
    top = p.iloc[0]
    return finish(ax, f"'{top['reason']}' cost the most: {top['value_share']:.0%} of the lost "
                      "value",
                  "stated reason (coloured: fixable)", "lost revenue (thousand EUR a year)")


def lift_chart(lift: pd.DataFrame, ax=None):
    """The churn rate by risk group over the overall rate (``retain.lift_table``)."""
    t = _frame(lift, "lift", ["group", "lift"], ("lift",))
    ax = new_axes(ax)
    ax.bar(t["group"].astype(str), t["lift"], color=PALETTE[0])
    ax.axhline(1, color=GREY, linestyle="--")
    return finish(ax, f"The riskiest of {len(t)} groups churns {t['lift'].iloc[0]:.1f} times as "
                      "often as the average", "risk group (1 = highest predicted risk)",
                  "lift (churn rate / overall rate)")


def member_projection_chart(projection: pd.DataFrame, ax=None):
    """Today's members projected ahead: the sBG model against one constant rate
    (``retain.project_members``)."""
    t = _frame(projection, "projection", ["period", "sbg", "constant"],
               ("period", "sbg", "constant"))
    ax = new_axes(ax)
    ax.plot(t["period"], t["sbg"], color=PALETTE[1], label="shifted-beta-geometric")
    ax.plot(t["period"], t["constant"], color=PALETTE[0], linestyle="--",
            label="one constant rate")
    ax.legend(frameon=False)
    last = t.iloc[-1]
    return finish(ax, f"After {last['period']:.0f} months: {last['sbg']:.0f} members expected, "
                      f"not {last['constant']:.0f}", "months from today", "members still in the club")
