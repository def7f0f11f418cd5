"""Charts of lesson 03 (customer attraction). Each title states the finding, computed from the
data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_not_empty, require_numeric
from crm_lessons.plots.style import GREY, PALETTE, finish, new_axes

__all__ = ["funnel_chart", "uplift_chart", "gains_chart", "benchmark_chart"]


def _numbers(df: object, name: str, labels: list[str], numeric: list[str]) -> pd.DataFrame:
    """`df` checked: the columns, at least one row, the `numeric` columns finite floats."""
    df = require_not_empty(require_columns(df, name, [*labels, *numeric]), name)
    df = df.assign(**{c: require_numeric(df, name, c).astype(float) for c in numeric})
    for c in numeric:
        if not np.isfinite(df[c].to_numpy()).all():
            raise CRMDataError(f"{name}.{c} holds missing or infinite values. Pass the table "
                               "the helper returned.")
    return df


def funnel_chart(funnel: pd.DataFrame, ax=None):
    """The loyalty ladder by lead source: of every 100 leads, how many became customers,
    repeat customers and advocates.

    Examples
    --------
    >>> ax = funnel_chart(attract.funnel_by_source(p, c, o))       # doctest: +SKIP
    """
    steps = ["customers", "repeat_customers", "advocates"]
    funnel = _numbers(funnel, "funnel", ["source"], ["prospects", *steps])
    if (funnel["prospects"] <= 0).any():
        raise CRMDataError("funnel.prospects should be 1 or more in every row: a source "
                           "without leads has no ladder to draw.")
    per100 = funnel.set_index("source")[steps].div(funnel.set_index("source")["prospects"], axis=0) * 100
    per100 = per100.sort_values("customers")
    ax = new_axes(ax, figsize=(7.5, 4))
    y = np.arange(len(per100))
    for i, step in enumerate(steps):
        ax.barh(y + (1 - i) * 0.27, per100[step], height=0.27, color=PALETTE[i],
                label=step.replace("_", " "))
    ax.set_yticks(y, per100.index)
    ax.legend(frameon=False, fontsize=8, loc="lower right")  # customers: top bar, first label
    low = per100["customers"].min()
    title = (f"Leads of the best source buy {per100['customers'].max() / low:.0f} times as "
             "often as the worst") if low > 0 else "Leads of some sources never buy"
    return finish(ax, title,
                  "of every 100 leads (people)", "lead source")


def uplift_chart(table: pd.DataFrame, label: str = "offer", ax=None):
    """Each campaign group's uplift (percentage points) with its 95% interval, beside the naive
    response rate of the treated group. The title's share of the treated responses that the
    campaigns caused weighs each row by its treated customers when the table has them.

    Parameters
    ----------
    table : DataFrame of :func:`crm_lessons.attract.uplift_interval`.
    """
    table = _numbers(table, "table", [label], ["treatment_rate", "uplift", "low", "high"])
    if ((table["low"] > table["uplift"]) | (table["high"] < table["uplift"])).any():
        raise CRMDataError("table has an uplift outside its interval (low to high). Pass the "
                           "table of attract.uplift_interval(...).")
    ax = new_axes(ax, figsize=(7.5, 3.8))
    y = np.arange(len(table))
    ax.barh(y + 0.2, table["treatment_rate"] * 100, height=0.35, color=GREY,
            label="naive: response rate of the treated")
    ax.barh(y - 0.2, table["uplift"] * 100, height=0.35, color=PALETTE[0],
            xerr=[(table["uplift"] - table["low"]) * 100, (table["high"] - table["uplift"]) * 100],
            capsize=3, label="uplift over the control group (95% interval)")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, table[label].astype(str))
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16),
              ncol=2)
    weight = (require_numeric(table, "table", "treated").astype(float)
              if "treated" in table.columns else 1.0)
    total = (table["treatment_rate"] * weight).sum()
    title = (f"Only {(table['uplift'] * weight).sum() / total:.0%} of the treated groups' responses came "
             "from the campaigns") if total > 0 else "No treated customer responded"
    return finish(ax, title, "percentage points", label)


def gains_chart(gains: pd.DataFrame, ax=None):
    """The gains curve: share of all conversions captured against share of prospects
    contacted, best-scored first, with the diagonal of contacting at random."""
    gains = _numbers(gains, "gains", [], ["share_of_prospects", "share_of_conversions"])
    ax = new_axes(ax, figsize=(6, 4))
    x = np.r_[0, gains["share_of_prospects"].to_numpy()] * 100
    y = np.r_[0, gains["share_of_conversions"].to_numpy()] * 100
    ax.plot(x, y, marker="o", color=PALETTE[0], label="contact the best-scored first")
    ax.plot([0, 100], [0, 100], ls="--", color=GREY, label="contact at random")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 102)
    first = gains.iloc[0]
    return finish(ax, f"The best-scored {first['share_of_prospects']:.0%} of prospects hold "
                  f"{first['share_of_conversions']:.0%} of the conversions",
                  "share of prospects contacted (%)", "share of all conversions (%)")


def benchmark_chart(gaps: pd.DataFrame, ax=None):
    """The shop's advantage over the best competitor on each attribute, as a share of the
    best competitor's value (positive = the shop leads)."""
    gaps = _numbers(gaps, "gaps", ["attribute"], ["best_competitor", "gap"])
    if (gaps["best_competitor"] == 0).any():
        raise CRMDataError("gaps.best_competitor holds 0, so no advantage can be put as a "
                           "share of it. Pass the table of attract.benchmark_gaps(...).")
    rel = (gaps["gap"] / gaps["best_competitor"].abs() * 100).to_numpy()
    ax = new_axes(ax, figsize=(7, 3.4))
    colours = [PALETTE[2] if r > 0 else PALETTE[3] for r in rel]
    bars = ax.barh(gaps["attribute"].astype(str).str.replace("_", " "), rel, color=colours)
    ax.bar_label(bars, labels=[f"{r:+.0f}%" for r in rel], padding=3, fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    lo, hi = min(rel.min(), 0), max(rel.max(), 0)
    ax.set_xlim(lo * 1.3 - 2, hi * 1.3 + 2)
    leads = int((rel > 0).sum())
    return finish(ax, f"Against the best rival the shop leads on {leads} of {len(rel)} "
                  "attributes", "advantage over the best competitor (% of its value; + = better)", "")
