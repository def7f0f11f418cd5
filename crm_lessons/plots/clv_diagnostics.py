"""The diagnostic charts of the lifetime-value models: each draws a table from
crm_lessons.clv.diagnostics, and its title states what the table shows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_not_empty, require_numeric
from crm_lessons.plots.style import GREY, PALETTE, new_axes
from crm_lessons.plots.style import finish as finish_axes
from crm_lessons.units import UNIT_NAMES

__all__ = ["repeat_count_chart", "holdout_chart", "tracking_chart", "alive_heatmap",
           "expected_heatmap", "survival_chart"]


def _frame(df: object, name: str, columns: list[str], numeric: tuple[str, ...],
           gaps: tuple[str, ...] = ()) -> pd.DataFrame:
    """`df` checked for drawing: the columns, a row, `numeric` columns as floats that are
    finite (or missing, for the `gaps` columns)."""
    df = require_not_empty(require_columns(df, name, columns), name)
    out = df.assign(**{c: require_numeric(df, name, c, allow_nan=c in gaps) for c in numeric})
    for c in numeric:
        v = out[c].to_numpy()
        if np.isinf(v).any() or (c not in gaps and np.isnan(v).any()):
            raise CRMDataError(f"{name}.{c} holds values that cannot be drawn (infinite or "
                               f"missing). Pass the table from crm_lessons.clv.")
    return out


def finish(ax, title: str, xlabel: str, ylabel: str):
    """The course's finish, with the finding title wrapped to fit above the chart."""
    import textwrap

    width = max(40, int(ax.figure.get_figwidth() * 9))
    return finish_axes(ax, textwrap.fill(title, width), xlabel, ylabel)


def _unit_words(table: object) -> str:
    attrs = getattr(table, "attrs", None)
    attrs = attrs if isinstance(attrs, dict) else {}
    if attrs.get("opportunities"):
        return "opportunities"
    return UNIT_NAMES.get(attrs.get("freq"), "time units")


def repeat_count_chart(counts: pd.DataFrame, ax=None):
    """Bars of customers by number of repeat purchases in the calibration period, actual
    against the model.

    Parameters
    ----------
    counts : DataFrame from :func:`crm_lessons.clv.repeat_count_table`.

    Examples
    --------
    >>> ax = repeat_count_chart(clv.repeat_count_table(model, summary))   # doctest: +SKIP
    """
    counts = _frame(counts, "counts", ["repeat_purchases", "actual", "model"],
                    ("actual", "model"))
    ax = new_axes(ax)
    pos = np.arange(len(counts))
    ax.bar(pos - 0.2, counts["actual"], 0.4, color=PALETTE[0], label="actual")
    ax.bar(pos + 0.2, counts["model"], 0.4, color=PALETTE[1], label="model")
    ax.set_xticks(pos, counts["repeat_purchases"].astype(str))
    ax.legend(frameon=False)
    gap = np.abs(counts["actual"] - counts["model"])
    worst = int(np.argmax(gap.to_numpy()))
    total = max(float(counts["actual"].sum()), 1.0)
    title = (f"Model and data differ by at most {gap.iloc[worst]:,.0f} customers "
             f"({gap.iloc[worst] / total:.1%} of all) at any repeat count")
    return finish(ax, title, "repeat purchases in the calibration period", "customers")


def holdout_chart(holdout: pd.DataFrame, ax=None):
    """Mean purchases per customer in the hold-out period by calibration frequency, actual
    against predicted.

    Parameters
    ----------
    holdout : DataFrame from :func:`crm_lessons.clv.holdout_table`.

    Examples
    --------
    >>> ax = holdout_chart(clv.holdout_table(model, summary))   # doctest: +SKIP
    """
    holdout = _frame(holdout, "holdout", ["frequency", "actual", "predicted"],
                     ("actual", "predicted"))
    ax = new_axes(ax)
    labels = holdout["frequency"].astype(str)
    ax.plot(labels, holdout["actual"], marker="o", color=PALETTE[0], label="actual")
    ax.plot(labels, holdout["predicted"], marker="s", ls="--", color=PALETTE[1],
            label="predicted")
    ax.legend(frameon=False)
    gap = float(np.abs(holdout["actual"] - holdout["predicted"]).max())
    title = (f"Predicted and actual hold-out purchases per customer differ by at most "
             f"{gap:.2f} in any group")
    return finish(ax, title, "repeat purchases in the calibration period",
                  "mean purchases per customer in the hold-out")


def tracking_chart(tracking: pd.DataFrame, ax=None):
    """Cumulative repeat purchases week by week, actual against predicted, with the end of
    the calibration period marked (the CDNOW tracking plot).

    Parameters
    ----------
    tracking : DataFrame from :func:`crm_lessons.clv.tracking_table`.

    Examples
    --------
    >>> ax = tracking_chart(clv.tracking_table(model, tx, "1997-09-30", "1998-06-30"))  # doctest: +SKIP
    """
    tracking = _frame(tracking, "tracking", ["week", "period", "actual", "predicted"],
                      ("week", "actual", "predicted"))
    ax = new_axes(ax)
    ax.plot(tracking["week"], tracking["actual"], color=PALETTE[0], lw=2, label="actual")
    ax.plot(tracking["week"], tracking["predicted"], color=PALETTE[1], lw=2, ls="--",
            label="predicted")
    cal = tracking.loc[tracking["period"].astype(str) == "calibration", "week"]
    if len(cal) and len(cal) < len(tracking):
        ax.axvline(float(cal.max()), color=GREY, ls=":", lw=1)
        ax.text(float(cal.max()), float(tracking["actual"].max()) * 0.05, "  end of calibration",
                color=GREY, fontsize=9)
    ax.legend(frameon=False, loc="upper left")
    last = tracking.iloc[-1]
    off = (last["predicted"] / last["actual"] - 1) if last["actual"] > 0 else float("nan")
    share = f" ({off:+.0%})" if np.isfinite(off) else ""
    title = (f"By week {last['week']:.0f} the model predicts {last['predicted']:,.0f} repeat "
             f"purchases against {last['actual']:,.0f} actual{share}")
    return finish(ax, title, "week", "cumulative repeat purchases")


def _heatmap(matrix: object, ax, label: str):
    if not isinstance(matrix, pd.DataFrame) or matrix.size == 0:
        raise CRMDataError("matrix should be the non-empty table from clv.alive_matrix or "
                           "clv.expected_matrix (frequency by recency).")
    try:
        values = matrix.to_numpy(dtype=float)
        rows = np.asarray(matrix.index, dtype=float)
        cols = np.asarray(matrix.columns, dtype=float)
    except (TypeError, ValueError):
        raise CRMDataError("matrix should hold numbers, with frequencies as its index and "
                           "recencies as its columns; pass clv.alive_matrix(...).") from None
    if np.isinf(values).any() or np.isnan(values).all() or not (
            np.isfinite(rows).all() and np.isfinite(cols).all()):
        raise CRMDataError("matrix holds values that cannot be drawn (infinite, or no number "
                           "at all); pass clv.alive_matrix(...) or clv.expected_matrix(...).")
    ax = new_axes(ax, figsize=(8, 5))
    image = ax.imshow(values, origin="lower", aspect="auto", cmap="cividis",
                      interpolation="nearest",
                      extent=(cols.min() - 0.5, cols.max() + 0.5, rows.min() - 0.5,
                              rows.max() + 0.5))
    ax.figure.colorbar(image, ax=ax, label=label)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # frequencies are whole numbers
    i, j = np.unravel_index(np.nanargmax(values), values.shape)
    k, m = np.unravel_index(np.nanargmin(values), values.shape)
    return ax, (rows[i], cols[j], values[i, j]), _quiet_row(values, rows, cols)


def _quiet_row(values: np.ndarray, rows: np.ndarray, cols: np.ndarray):
    """A row a third of the way up (at least frequency 1): its frequency, and its first and
    last drawn cells (recency, value), the customer who went quiet against the recent one."""
    use = [i for i in range(len(rows)) if np.isfinite(values[i]).sum() >= 2] or [0]
    row = min(use, key=lambda i: abs(rows[i] - max(1.0, round(rows.max() / 3))))
    drawn = np.flatnonzero(np.isfinite(values[row]))
    if rows[row] >= 1:
        # several repeat purchases need time after the first: a cell near recency 0 may not
        # exist in real data, so the quiet customer is read a quarter of the way along
        later = drawn[cols[drawn] >= cols.max() / 4]
        drawn = later if later.size else drawn
    a, b = drawn[0], drawn[-1]
    return rows[row], (cols[a], values[row, a]), (cols[b], values[row, b])


def alive_heatmap(matrix: pd.DataFrame, ax=None):
    """Probability still active by frequency and recency, as a heat map.

    Parameters
    ----------
    matrix : DataFrame from :func:`crm_lessons.clv.alive_matrix`.

    Examples
    --------
    >>> ax = alive_heatmap(clv.alive_matrix(model, summary))   # doctest: +SKIP
    """
    ax, _, (freq, (r_lo, p_lo), (r_hi, p_hi)) = _heatmap(matrix, ax, "probability still active")
    unit = _unit_words(matrix)
    title = (f"With {freq:g} repeat purchases, a customer whose last came at {r_lo:g} {unit} is "
             f"{p_lo:.0%} likely still active; at {r_hi:g} {unit}, {p_hi:.0%}")
    return finish(ax, title, f"recency: time of the last purchase ({unit} after the first)",
                  "frequency (repeat purchases)")


def expected_heatmap(matrix: pd.DataFrame, ax=None):
    """Expected purchases in the coming period by frequency and recency, as a heat map.

    Parameters
    ----------
    matrix : DataFrame from :func:`crm_lessons.clv.expected_matrix`.

    Examples
    --------
    >>> ax = expected_heatmap(clv.expected_matrix(model, summary, t=39))   # doctest: +SKIP
    """
    unit = _unit_words(matrix)
    t = matrix.attrs.get("t") if isinstance(matrix, pd.DataFrame) else None
    ahead = f"next {t:.3g} {unit}" if isinstance(t, float) else "coming period"
    ax, (freq, rec, most), _ = _heatmap(matrix, ax, f"expected purchases, {ahead}")
    title = (f"Most purchases expected, {most:.1f} in the {ahead}, from a customer with "
             f"{freq:g} repeat purchases, the last at {rec:g} {unit}")
    return finish(ax, title, f"recency: time of the last purchase ({unit} after the first)",
                  "frequency (repeat purchases)")


def survival_chart(survival: pd.DataFrame, ax=None):
    """The share of a cohort still active by period: the data, the sBG model through them and
    its projection beyond.

    Parameters
    ----------
    survival : DataFrame from :func:`crm_lessons.clv.survival_table`.

    Examples
    --------
    >>> ax = survival_chart(clv.survival_table(fit_sbg([1000, 869, 743, 653])))  # doctest: +SKIP
    """
    survival = _frame(survival, "survival", ["period", "part", "observed", "model"],
                      ("period", "observed", "model"), gaps=("observed",))
    ax = new_axes(ax)
    fitted = survival["part"].astype(str) == "fitted"
    ax.plot(survival["period"], survival["observed"], "o", color=PALETTE[0], label="observed")
    ax.plot(survival.loc[fitted, "period"], survival.loc[fitted, "model"], color=PALETTE[1],
            lw=2, label="sBG model")
    if (~fitted).any():
        start = survival.loc[fitted, "period"].max() if fitted.any() else -np.inf
        tail = survival[survival["period"] >= start]
        ax.plot(tail["period"], tail["model"], color=PALETTE[1], lw=2, ls="--",
                label="projection")
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(frameon=False)
    last = survival.iloc[-1]
    title = (f"The model projects {last['model']:.0%} of the cohort still active at period "
             f"{last['period']:.0f}")
    if "model_retention" in survival.columns:
        ret = pd.to_numeric(survival["model_retention"], errors="coerce").dropna()
        if len(ret) >= 2 and np.isfinite(ret.to_numpy()).all():
            title += (f"; its retention rate goes from {ret.iloc[0]:.0%} to {ret.iloc[-1]:.0%} "
                      "as the likeliest leavers go first")
    return finish(ax, title, "period since the cohort started", "share of the cohort active")
