"""Charts of lesson 06 (the capstone). Each title states the finding, computed from the data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_not_empty
from crm_lessons.plots.style import GREY, PALETTE, finish, new_axes

__all__ = ["plan_value_chart", "sensitivity_chart", "area_effect_chart", "returns_chart"]


def _checked(df: object, name: str, columns: list[str]) -> pd.DataFrame:
    return require_not_empty(require_columns(df, name, columns), name)


def plan_value_chart(values: pd.DataFrame, ax=None):
    """Net value per customer (EUR) of each segment at each level, one line per segment,
    with the best level of each segment marked.

    >>> plan_value_chart(capstone.plan_values(baseline, assumptions))  # doctest: +SKIP
    """
    v = _checked(values, "values", ["segment", "level", "net_value"])
    ax = new_axes(ax, figsize=(8.5, 4.5))
    levels = list(dict.fromkeys(v["level"]))
    x = np.arange(len(levels))
    for i, (seg, rows) in enumerate(v.groupby("segment", sort=False)):
        y = rows.set_index("level")["net_value"].reindex(levels).to_numpy(float)
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(x, y, marker="o", color=colour, label=str(seg))
        best = int(np.nanargmax(y))
        ax.scatter([x[best]], [y[best]], s=140, facecolors="none", edgecolors=colour, lw=2)
    ax.set_xticks(x, levels)
    ax.axhline(0, color=GREY, lw=0.8)
    ax.legend(fontsize=8, ncols=2, frameon=False)
    top = v.loc[v["net_value"].idxmax()]
    return finish(ax, f"{str(top['segment']).capitalize()} are worth most, at "
                      f"{top['level']}: €{top['net_value']:,.0f} per customer (ring = best level)",
                  "level of relationship marketing", "net value per customer (EUR)")


def sensitivity_chart(sensitivity: pd.DataFrame, ax=None):
    """How many segments change their best level when each assumption moves down or up.

    >>> sensitivity_chart(capstone.plan_sensitivity(baseline, assumptions))  # doctest: +SKIP
    """
    s = _checked(sensitivity, "sensitivity", ["assumption", "direction", "changed"])
    counts = s.groupby(["assumption", "direction"], sort=False)["changed"].sum().unstack(
        fill_value=0).reindex(columns=["down", "up"], fill_value=0)
    ax = new_axes(ax, figsize=(8, 3.8))
    y = np.arange(len(counts))
    ax.barh(y - 0.2, counts["down"], height=0.4, color=PALETTE[0], label="20% lower")
    ax.barh(y + 0.2, counts["up"], height=0.4, color=PALETTE[1], label="20% higher")
    ax.set_yticks(y, [str(i).replace("_", " ") for i in counts.index])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, fontsize=9)
    total = counts.sum(axis=1)
    if total.max() == 0:
        title = "No single assumption moved by 20% changes any segment's best level"
    else:
        title = (f"The plan is most sensitive to {str(total.idxmax()).replace('_', ' ')}: "
                 f"{int(total.max())} segment changes")
    return finish(ax, title, "segments whose best level changes", "assumption moved")


def area_effect_chart(effects: pd.DataFrame, ax=None):
    """Per contact area: the naive before-and-after change and the difference-in-differences
    effect with its 95% interval (points of the 1-5 scale).

    >>> area_effect_chart(capstone.area_effects(load_hospital()))  # doctest: +SKIP
    """
    e = _checked(effects, "effects", ["naive_change", "effect", "low", "high"])
    if e[["low", "high"]].isna().any().any():
        raise CRMDataError("effects.low and effects.high must not be missing. Pass the table "
                           "capstone.area_effects returns.")
    ax = new_axes(ax, figsize=(8, 3.8))
    y = np.arange(len(e))[::-1]
    ax.scatter(e["naive_change"], y + 0.15, marker="x", color=GREY, label="naive before/after")
    err = np.vstack([e["effect"] - e["low"], e["high"] - e["effect"]])
    ax.errorbar(e["effect"], y - 0.15, xerr=err, fmt="o", color=PALETTE[0], capsize=3,
                label="difference-in-differences, 95% interval")
    ax.set_yticks(y, [str(i) for i in e.index])
    ax.axvline(0, color=GREY, lw=0.8)
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    over = int((e["naive_change"] > e["effect"]).sum())
    gap = float((e["naive_change"] - e["effect"]).mean())
    which = "every area" if over == len(e) else f"{over} of {len(e)} areas"
    return finish(ax, f"Before/after overstates {which}; on average by {gap:.2f} points",
                  "change in satisfaction (points, 1-5 scale)", "contact area")


def returns_chart(cells: dict, ax=None):
    """Share of patients who came back: each hospital before and during the program, from
    the four cell means of ``did_interval``.

    >>> returns_chart(capstone.did_interval(patients, "came_back"))  # doctest: +SKIP
    """
    names = ["treated_before", "treated_after", "comparison_before", "comparison_after"]
    if not isinstance(cells, dict) or any(n not in cells for n in names):
        raise CRMDataError("cells should be the dict capstone.did_interval returns, with "
                           "treated_before, treated_after, comparison_before, comparison_after.")
    ax = new_axes(ax, figsize=(7, 3.8))
    x = np.array([0, 1])
    for i, (who, label) in enumerate([("treated", "program hospital"),
                                      ("comparison", "comparison hospital")]):
        y = [100 * cells[f"{who}_before"], 100 * cells[f"{who}_after"]]
        ax.plot(x, y, marker="o", color=PALETTE[i], label=label)
    ax.set_xticks(x, ["before", "during the program"])
    ax.legend(frameon=False, fontsize=9)
    ax.set_xlim(-0.3, 1.3)
    rise = 100 * (cells["treated_after"] - cells["treated_before"])
    drift = 100 * (cells["comparison_after"] - cells["comparison_before"])
    return finish(ax, f"Returns rose {rise:.0f} points at the program hospital, "
                      f"{drift:.0f} at the other", "period", "patients who came back (%)")
