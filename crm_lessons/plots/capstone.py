"""Charts of lesson 06 (the capstone). Each title states the finding, computed from the data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_not_empty, require_numeric
from crm_lessons.plots.style import GREY, PALETTE, finish, new_axes

__all__ = ["plan_value_chart", "sensitivity_chart", "area_effect_chart", "returns_chart"]


def _checked(df: object, name: str, columns: list[str]) -> pd.DataFrame:
    return require_not_empty(require_columns(df, name, columns), name)


def plan_value_chart(values: pd.DataFrame, ax=None):
    """Net value per customer (EUR) of each segment at each level, one row per segment and
    one column per level; each row is shaded on its own scale (darkest = the segment's best
    level, which is framed), so a small segment's choice reads as clearly as a large one's.

    >>> plan_value_chart(capstone.plan_values(baseline, assumptions))  # doctest: +SKIP
    """
    import matplotlib.patches as mpatches

    v = _checked(values, "values", ["segment", "level", "net_value"])
    v = v.assign(net_value=require_numeric(v, "values", "net_value", allow_nan=True))
    if v["net_value"].isna().any():
        raise CRMDataError("values.net_value must not be missing. Pass the table "
                           "capstone.plan_values returns.")
    levels = list(dict.fromkeys(v["level"]))
    segments = list(dict.fromkeys(v["segment"]))
    grid = v.pivot_table(index="segment", columns="level", values="net_value",
                         aggfunc="first").reindex(index=segments, columns=levels)
    low, high = grid.min(axis=1), grid.max(axis=1)
    shade = grid.sub(low, axis=0).div((high - low).where(high > low, 1.0), axis=0)
    ax = new_axes(ax, figsize=(8.5, 0.45 * len(segments) + 1.6))
    ax.imshow(shade.to_numpy(float) * 0.85, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for i in range(len(segments)):
        for j in range(len(levels)):
            dark = shade.iloc[i, j] > 0.6
            value = float(grid.iloc[i, j])
            ax.text(j, i, f"{'−' if value < 0 else ''}€{abs(value):,.0f}", ha="center", va="center", fontsize=8,
                    color="white" if dark else "black", fontweight="bold" if dark else None)
        best = int(np.nanargmax(grid.iloc[i].to_numpy(float)))
        ax.add_patch(mpatches.Rectangle((best - 0.48, i - 0.45), 0.96, 0.9, fill=False,
                                        edgecolor=PALETTE[3], lw=2))
    ax.set_xticks(np.arange(len(levels)), levels)
    ax.set_yticks(np.arange(len(segments)), [str(s) for s in segments])
    ax.tick_params(length=0)
    top = v.loc[v["net_value"].idxmax()]
    ax = finish(ax, f"{str(top['segment']).capitalize()} are worth most, at "
                    f"{top['level']}: €{top['net_value']:,.0f} per customer (frame = best level)",
                "level of relationship marketing (cells: net value per customer, EUR)", "segment")
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return ax


def sensitivity_chart(sensitivity: pd.DataFrame, ax=None):
    """How many segments change their best level when each assumption moves down or up.

    >>> sensitivity_chart(capstone.plan_sensitivity(baseline, assumptions))  # doctest: +SKIP
    """
    s = _checked(sensitivity, "sensitivity", ["assumption", "direction", "segment", "changed"])
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
        worst = total.idxmax()
        moved = s.loc[s["changed"] & (s["assumption"] == worst), "segment"].nunique()
        title = (f"The plan is most sensitive to {str(worst).replace('_', ' ')}: a 20% move "
                 f"changes the best level of {moved} segment{'s' if moved != 1 else ''}")
    return finish(ax, title, "segments whose best level changes", "assumption moved")


def area_effect_chart(effects: pd.DataFrame, ax=None):
    """Per contact area: the naive before-and-after change and the difference-in-differences
    effect with its 95% interval (points of the 1-5 scale).

    >>> area_effect_chart(capstone.area_effects(load_hospital()))  # doctest: +SKIP
    """
    e = _checked(effects, "effects", ["naive_change", "effect", "low", "high"])
    e = e.assign(**{c: require_numeric(e, "effects", c, allow_nan=True)
                    for c in ("naive_change", "effect", "low", "high")})
    if e[["low", "high"]].isna().any().any():
        raise CRMDataError("effects.low and effects.high must not be missing. Pass the table "
                           "capstone.area_effects returns.")
    if ((e["low"] > e["effect"]) | (e["high"] < e["effect"])).any():
        raise CRMDataError("effects.low and effects.high must hold each effect between them "
                           "(low <= effect <= high). Pass the table capstone.area_effects "
                           "returns.")
    ax = new_axes(ax, figsize=(8, 3.8))
    y = np.arange(len(e))[::-1]
    ax.scatter(e["naive_change"], y + 0.15, marker="x", color=GREY, label="naive before/after")
    err = np.vstack([e["effect"] - e["low"], e["high"] - e["effect"]])
    ax.errorbar(e["effect"], y - 0.15, xerr=err, fmt="o", color=PALETTE[0], capsize=3,
                label="difference-in-differences, 95% interval")
    ax.set_yticks(y, [str(i) for i in e.index])
    ax.axvline(0, color=GREY, lw=0.8)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2),
              ncols=2)
    over = int((e["naive_change"] > e["effect"]).sum())
    gap = float((e["naive_change"] - e["effect"]).mean())
    which = "every area" if over == len(e) else f"{over} of {len(e)} areas"
    return finish(ax, f"Before/after overstates {which}; on average by {gap:.2f} points",
                  "change in satisfaction (points, 1-5 scale)", "contact area")


def returns_chart(cells: dict, ax=None):
    """Share of patients who came back: each hospital before and during the program, from
    ``did_interval``, with the program hospital's path had it drifted like the comparison
    hospital (dashed); the gap at the end is the effect, its 95% interval drawn beside it.

    >>> returns_chart(capstone.did_interval(patients, "came_back"))  # doctest: +SKIP
    """
    names = ["treated_before", "treated_after", "comparison_before", "comparison_after",
             "effect", "low", "high"]
    if not isinstance(cells, dict) or any(n not in cells for n in names):
        raise CRMDataError("cells should be the dict capstone.did_interval returns, with "
                           "treated_before, treated_after, comparison_before, comparison_after, "
                           "effect, low and high.")
    ax = new_axes(ax, figsize=(7, 3.8))
    x = np.array([0, 1])
    for i, (who, label) in enumerate([("treated", "program hospital"),
                                      ("comparison", "comparison hospital")]):
        y = [100 * cells[f"{who}_before"], 100 * cells[f"{who}_after"]]
        ax.plot(x, y, marker="o", color=PALETTE[i], label=label)
    drift = 100 * (cells["comparison_after"] - cells["comparison_before"])
    start = 100 * cells["treated_before"]
    ax.plot(x, [start, start + drift], ls="--", color=PALETTE[0], alpha=0.6,
            label="program hospital without the program (same drift)")
    end = 100 * cells["treated_after"]
    ax.errorbar([1.08], [end], yerr=[[100 * (cells["effect"] - cells["low"])],
                                     [100 * (cells["high"] - cells["effect"])]],
                fmt="none", color=PALETTE[3], capsize=4, label="95% interval of the effect")
    ax.set_xticks(x, ["before", "during the program"])
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18),
              ncols=2)
    ax.set_xlim(-0.3, 1.3)
    return finish(ax, f"The program added {100 * cells['effect']:+.1f} points of returns "
                      f"(95% interval {100 * cells['low']:+.1f} to {100 * cells['high']:+.1f})",
                  "period", "patients who came back (%)")
