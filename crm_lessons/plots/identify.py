"""Charts of lesson 02 (customer identification). Each title states the finding, computed from
the data."""

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
from crm_lessons.plots.style import GREY, PALETTE, finish, new_axes

__all__ = ["segment_map", "segment_share_chart", "concentration_chart", "value_service_chart",
           "profile_index_chart", "choose_k_chart", "lost_value_chart"]


def _table(df: object, name: str, columns: list[str], numeric: tuple[str, ...] = (),
           flags: tuple[str, ...] = (), labels: tuple[str, ...] = ()) -> pd.DataFrame:
    """`df` checked: the columns, at least one row, `numeric` columns as finite floats,
    `flags` columns holding True/False only and `labels` columns without missing values."""
    df = require_not_empty(require_columns(df, name, columns), name)
    for c in labels:
        if df[c].isna().any():
            raise CRMDataError(f"{name}.{c} has {int(df[c].isna().sum())} missing labels, which "
                               "cannot be drawn. Drop or name those rows first.")
    if not numeric and not flags:
        return df
    df = df.assign(**{c: require_numeric(df, name, c) for c in numeric})
    for c in numeric:
        if not np.isfinite(df[c].to_numpy()).all():
            raise CRMDataError(f"{name}.{c} holds infinite values. Remove or correct those rows.")
    for c in flags:
        if not pd.api.types.is_bool_dtype(df[c]):
            raise CRMDataError(f"{name}.{c} should hold True/False, but has values such as "
                               f"{df[c].iloc[0]!r}. Pass the table the helper returned.")
    return df


# Fills of the segment map: Paul Tol's "light" scheme (made for cells with text on them and
# readable with the common forms of colour blindness) plus one purple, so that the eight
# segments get eight clearly different fills and neighbouring segments never share a hue.
SEGMENT_COLOURS = {
    "champions": "#77AADD", "loyal": "#EEDD88", "potential loyalists": "#44BB99",
    "new": "#BBCC33", "at risk": "#EE8866", "can't lose them": "#AA4499",
    "hibernating": "#99DDFF", "lost": "#DDDDDD",
}
_DARK_FILLS = {"#AA4499"}   # fills that need white text


def _segment_colours(segments: list[str]) -> dict[str, str]:
    from crm_lessons.identify import SEGMENTS

    order = list(SEGMENTS) + [s for s in segments if s not in SEGMENTS]
    spare = [c for c in PALETTE if c not in SEGMENT_COLOURS.values()] or PALETTE
    return {s: SEGMENT_COLOURS.get(s, spare[i % len(spare)]) for i, s in enumerate(order)}


def _cell_name(segment: str) -> str:
    """A segment's name on at most two short lines, to fit in a cell of the map."""
    words = segment.split()
    if len(segment) <= 10 or len(words) < 2:
        return segment
    middle = len(segment) / 2
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - middle))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def segment_map(grid: pd.DataFrame, ax=None):
    """The RFM segment map: recency score (rows) against the frequency-and-money score
    (columns); each cell is filled with its segment's colour and carries the segment's name,
    its number of customers (bottom right) and a circle sized by that number.

    Parameters
    ----------
    grid : DataFrame from :func:`crm_lessons.identify.segment_grid`.

    Examples
    --------
    >>> ax = segment_map(identify.segment_grid(scores))            # doctest: +SKIP
    """
    from matplotlib.patches import Rectangle

    grid = _table(grid, "grid", ["r_score", "fm_score", "segment", "customers"],
                  numeric=("r_score", "fm_score", "customers"))
    for col in ("r_score", "fm_score"):
        if not grid[col].isin([1, 2, 3, 4, 5]).all():
            raise CRMDataError(f"grid.{col} should hold whole scores from 1 to 5; pass "
                               "identify.segment_grid(scores).")
    if (grid["customers"] < 0).any():
        raise CRMDataError("grid.customers has negative counts; pass identify.segment_grid(scores).")
    segs = grid["segment"].astype(str)
    colours = _segment_colours(list(dict.fromkeys(segs)))
    ax = new_axes(ax, figsize=(8, 6))
    total = grid["customers"].sum()
    biggest = max(float(grid["customers"].max()), 1.0)
    for x, y, seg, n in zip(grid["fm_score"], grid["r_score"], segs, grid["customers"],
                            strict=True):
        fill = colours[seg]
        ink = "white" if fill in _DARK_FILLS else "black"
        ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=fill, edgecolor="white",
                               lw=2, zorder=1))
        ax.text(x, y + 0.44, _cell_name(seg), ha="center", va="top", fontsize=8.5,
                color=ink, zorder=4, linespacing=0.95)
        ax.text(x + 0.44, y - 0.44, f"{int(n):,}", ha="right", va="bottom", fontsize=8,
                color=ink, zorder=4)
    ax.scatter(grid["fm_score"], grid["r_score"] - 0.08, s=600 * grid["customers"] / biggest,
               facecolor="none", edgecolor="black", lw=1, zorder=3)
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    by_seg = grid.groupby(segs, sort=False)["customers"].sum()
    top = by_seg.idxmax()
    share = by_seg.max() / total if total else 0.0
    return finish(ax, f"The largest segment is '{top}', with {share:.0%} of customers",
                  "frequency-and-money score (1 = lowest, 5 = highest)",
                  "recency score (5 = most recent)")


def segment_share_chart(summary: pd.DataFrame, focus: str = "champions", ax=None):
    """Side-by-side bars of each segment's share of customers and share of revenue.

    Parameters
    ----------
    summary : DataFrame from :func:`crm_lessons.identify.segment_summary` (or ``segment_mix``).
    focus : the segment the title speaks about (default "champions").

    Examples
    --------
    >>> ax = segment_share_chart(identify.segment_mix(rfm))         # doctest: +SKIP
    """
    summary = _table(summary, "summary", ["segment", "customer_share", "revenue_share"],
                     numeric=("customer_share", "revenue_share"), labels=("segment",))
    names = summary["segment"].astype(str).tolist()
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise CRMDataError(f"summary.segment names {twice[0]!r} on more than one row: the chart "
                           "needs one row per segment; pass identify.segment_summary(...).")
    ax = new_axes(ax, figsize=(8, 4))
    x = np.arange(len(names))
    ax.bar(x - 0.2, summary["customer_share"] * 100, width=0.4, color=PALETTE[5],
           label="share of customers")
    ax.bar(x + 0.2, summary["revenue_share"] * 100, width=0.4, color=PALETTE[0],
           label="share of revenue")
    ax.set_xticks(x, names, rotation=25, ha="right")
    ax.legend(frameon=False)
    rows = summary.set_index(summary["segment"].astype(str))
    if focus in rows.index:
        c, r = rows.loc[focus, "customer_share"], rows.loc[focus, "revenue_share"]
        title = f"'{focus}' are {c:.0%} of customers and bring {r:.0%} of revenue"
    else:
        best = rows["revenue_share"].idxmax()
        title = f"'{best}' bring the most revenue: {rows.loc[best, 'revenue_share']:.0%}"
    return finish(ax, title, "", "share (%)")


def concentration_chart(curve: pd.DataFrame, top: float = 0.2, ax=None):
    """The concentration (Pareto) curve: cumulative share of revenue against the share of
    customers, best customers first, with the top `top` marked and the line of equality.

    Parameters
    ----------
    curve : DataFrame from :func:`crm_lessons.identify.concentration_curve`.

    Examples
    --------
    >>> ax = concentration_chart(identify.concentration_curve(revenue))   # doctest: +SKIP
    """
    curve = _table(curve, "curve", ["customer_share", "value_share"],
                   numeric=("customer_share", "value_share"))
    top = require_fraction(top, "top", allow_zero=False,
                           fix="Pass a share of customers such as 0.2 for the top 20% (not 20).")
    x = curve["customer_share"].to_numpy(dtype=float)
    y = curve["value_share"].to_numpy(dtype=float)
    at = float(np.interp(top, x, y))
    ax = new_axes(ax, figsize=(6.5, 4.5))
    ax.plot(x * 100, y * 100, color=PALETTE[0], lw=2.2, label="our customers")
    ax.plot([0, 100], [0, 100], color=GREY, ls="--", lw=1, label="if every customer spent the same")
    ax.plot([top * 100, top * 100, 0], [0, at * 100, at * 100], color=PALETTE[3], lw=1, ls=":")
    ax.scatter([top * 100], [at * 100], color=PALETTE[3], zorder=3)
    ax.annotate(f"top {top:.0%} → {at:.0%} of revenue", (top * 100, at * 100),
                xytext=(8, -14), textcoords="offset points", color=PALETTE[3])
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 102)
    ax.legend(frameon=False, loc="lower right")
    return finish(ax, f"The top {top:.0%} of customers bring {at:.0%} of revenue",
                  "customers, best first (cumulative %)", "revenue (cumulative %)")


def value_service_chart(quadrants: pd.DataFrame, ax=None):
    """Each customer as a dot: revenue against service cost per order, coloured by the
    quadrant of value against service need. Both axes grow tenfold at each labelled step (a
    logarithmic scale, said in words on the axes), and the customers without tickets sit on
    the line at 0.

    Parameters
    ----------
    quadrants : DataFrame from :func:`crm_lessons.identify.value_service_quadrants`.

    Examples
    --------
    >>> ax = value_service_chart(identify.value_service_quadrants(orders, tickets))  # doctest: +SKIP
    """
    q = _table(quadrants, "quadrants", ["revenue", "service_cost_per_order", "quadrant",
                                        "high_value", "high_need"],
               numeric=("revenue", "service_cost_per_order"), flags=("high_value", "high_need"))
    ax = new_axes(ax, figsize=(9, 4.8))
    names = list(q["quadrant"].cat.categories) if isinstance(q["quadrant"].dtype,
                                                             pd.CategoricalDtype) else \
        sorted(q["quadrant"].astype(str).unique())
    colours = [PALETTE[3], PALETTE[0], PALETTE[4], PALETTE[2]]
    rev = q["revenue"].clip(lower=0.5)
    for name, colour in zip(names, colours, strict=False):
        sel = (q["quadrant"].astype(str) == name).to_numpy()
        n = int(sel.sum())
        ax.scatter(rev[sel], q.loc[sel, "service_cost_per_order"], s=10, alpha=0.5,
                   color=colour, label=f"{name} ({n:,})", edgecolor="none")
    from matplotlib.ticker import FuncFormatter

    ax.set_xscale("log")
    ax.set_yscale("symlog", linthresh=1.0)  # most customers need no service at all: keep 0
    top_cost = float(q["service_cost_per_order"].max())
    ax.set_ylim(-0.2, max(top_cost, 1.0) * 1.5)
    money = FuncFormatter(lambda v, _: f"{v:,.0f}")
    ax.xaxis.set_major_formatter(money)
    ax.yaxis.set_major_formatter(money)
    hv = q["high_value"].to_numpy()
    hn = q["high_need"].to_numpy()
    if hv.any() and (~hv).any():
        cut = (q.loc[hv, "revenue"].min() + q.loc[~hv, "revenue"].max()) / 2
        ax.axvline(max(cut, 0.5), color=GREY, lw=1, ls="--")
    if hn.any() and (~hn).any():
        cut = (q.loc[hn, "service_cost_per_order"].min()
               + q.loc[~hn, "service_cost_per_order"].max()) / 2
        ax.axhline(cut, color=GREY, lw=1, ls="--")
    ax.legend(frameon=False, fontsize=8, loc="upper left", markerscale=2,
              bbox_to_anchor=(1.01, 1), title="quadrant (customers)")
    share = float(hn[hv].mean()) if hv.any() else 0.0
    return finish(ax, f"{share:.0%} of high-value customers need more service than average",
                  "revenue per customer (EUR; each labelled step is 10 times the one before)",
                  "service cost per order (EUR)\n0 = no tickets; then 1, 10, 100: tenfold steps")


def profile_index_chart(profile: pd.DataFrame, ax=None):
    """Horizontal bars of the profile index (100 = as common among the group as overall) for
    every attribute level, attribute by attribute.

    Parameters
    ----------
    profile : DataFrame from :func:`crm_lessons.identify.group_profile`.

    Examples
    --------
    >>> ax = profile_index_chart(identify.group_profile(customers, gold))   # doctest: +SKIP
    """
    p = _table(profile, "profile", ["attribute", "level", "index"], numeric=("index",),
               labels=("attribute", "level"))
    ax = new_axes(ax, figsize=(7, 0.28 * len(p) + 1.6))
    labels = (p["attribute"].astype(str) + ": " + p["level"].astype(str)).tolist()
    y = np.arange(len(p))[::-1]
    idx = p["index"].to_numpy(dtype=float)
    attrs = list(dict.fromkeys(p["attribute"].astype(str)))
    colour_of = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(attrs)}
    ax.barh(y, idx - 100, left=100, color=[colour_of[a] for a in p["attribute"].astype(str)])
    ax.axvline(100, color="black", lw=0.8)
    ax.set_yticks(y, labels, fontsize=8)
    best = int(np.nanargmax(idx))
    return finish(ax, f"Top customers are most over-represented in {labels[best]} "
                      f"(index {idx[best]:.0f})",
                  "index (100 = same share as among all customers)", "")


def choose_k_chart(table: pd.DataFrame, ax=None):
    """Inertia (left axis) and silhouette (right axis) of k-means against the number of
    clusters k.

    Parameters
    ----------
    table : DataFrame from :func:`crm_lessons.identify.choose_k`.

    Examples
    --------
    >>> ax = choose_k_chart(identify.choose_k(rfm))                  # doctest: +SKIP
    """
    t = _table(table, "table", ["k", "inertia", "silhouette"],
               numeric=("k", "inertia", "silhouette"))
    ax = new_axes(ax, figsize=(7, 4))
    ax.plot(t["k"], t["inertia"], marker="o", color=PALETTE[0], label="inertia")
    ax.tick_params(axis="y", labelcolor=PALETTE[0])
    right = ax.twinx()
    right.plot(t["k"], t["silhouette"], marker="s", color=PALETTE[3], label="silhouette")
    right.set_ylabel("silhouette (-1 to 1, higher is better)", color=PALETTE[3])
    right.tick_params(axis="y", labelcolor=PALETTE[3])
    right.spines["top"].set_visible(False)
    best = int(t.loc[t["silhouette"].idxmax(), "k"])
    ax.set_xticks(t["k"])
    return finish(ax, f"The silhouette is highest at k = {best} clusters",
                  "number of clusters k", "inertia (within-cluster sum of squares)")


def lost_value_chart(lost: pd.DataFrame, ax=None):
    """Revenue of lost customers by the reason they gave, coloured by whether the reason is
    one the company can fix.

    Parameters
    ----------
    lost : DataFrame from :func:`crm_lessons.identify.lost_customers`.

    Examples
    --------
    >>> ax = lost_value_chart(identify.lost_customers(d, c, o))      # doctest: +SKIP
    """
    lost = _table(lost, "lost", ["reason", "revenue", "fixable"], numeric=("revenue",),
                  flags=("fixable",))
    by = lost.groupby(lost["reason"].astype(str)).agg(revenue=("revenue", "sum"),
                                                      customers=("revenue", "size"),
                                                      fixable=("fixable", "first"))
    by = by.sort_values("revenue")
    ax = new_axes(ax, figsize=(7, 3.8))
    colours = [PALETTE[2] if f else GREY for f in by["fixable"]]
    bars = ax.barh(by.index, by["revenue"], color=colours)
    ax.bar_label(bars, labels=[f"€{v:,.0f} ({n:,})" for v, n in zip(by["revenue"],
                                                                    by["customers"],
                                                                    strict=True)],
                 padding=3, fontsize=8)
    ax.set_xlim(0, by["revenue"].max() * 1.3 if by["revenue"].max() > 0 else 1)
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))

    ax.legend(handles=[Patch(color=PALETTE[2], label="we can fix it"),
                       Patch(color=GREY, label="beyond our control")],
              frameon=False, loc="lower right", fontsize=8)
    total = by["revenue"].sum()
    share = by.loc[by["fixable"].astype(bool), "revenue"].sum() / total if total else 0.0
    return finish(ax, f"{share:.0%} of the revenue we lost left for reasons we can fix",
                  "past revenue of lost customers (EUR; customers in brackets)", "")
