"""The one-page HTML report of ``crm-lessons clv --report report.html``: the run's figures and
the lifetime-value diagnostics, with every chart embedded, so the page works offline and can be
mailed as one file.

The charts are those of :mod:`crm_lessons.plots.clv_diagnostics`, drawn from the tables of
:mod:`crm_lessons.clv.diagnostics`: customers by number of repeat purchases (model against
actual), the hold-out check (with ``--calibration-end``), and probability alive and expected
purchases by frequency and recency. The week-by-week tracking chart needs every transaction in
memory, which the command avoids, so it is left to :func:`crm_lessons.clv.tracking_table` on a
sample.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from crm_lessons.writing import write_file

STYLE = ("body{font-family:system-ui,sans-serif;max-width:60em;margin:1em auto;padding:0 1em;"
         "line-height:1.45;color:#222}img{max-width:100%;height:auto}"
         "table{border-collapse:collapse;overflow-x:auto;display:block}"
         "td,th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:right}"
         "th:first-child,td:first-child{text-align:left}pre{white-space:pre-wrap}")


def _png(draw: Callable) -> tuple[str, str]:
    """Draw one chart with `draw(ax)`; return it as a base64 PNG and its title (the alt text)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    try:
        ax = draw(ax) or ax
        title = " ".join((ax.get_title(loc="left") or ax.get_title() or "chart").split())
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    finally:
        plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii"), title


def _charts(purchase, summary: pd.DataFrame) -> list[tuple[str, str]]:
    from crm_lessons.clv import diagnostics as d
    from crm_lessons.plots import clv_diagnostics as p
    from crm_lessons.units import units_per_month

    drawn = [_png(lambda ax: p.repeat_count_chart(d.repeat_count_table(purchase, summary),
                                                  ax=ax))]
    if "frequency_holdout" in summary:
        drawn.append(_png(lambda ax: p.holdout_chart(d.holdout_table(purchase, summary), ax=ax)))
    top = int(min(summary["frequency"].max(), 20))
    drawn.append(_png(lambda ax: p.alive_heatmap(d.alive_matrix(purchase, summary, top),
                                                 ax=ax)))
    month = units_per_month(summary.attrs["freq"])
    drawn.append(_png(lambda ax: p.expected_heatmap(
        d.expected_matrix(purchase, summary, float(round(12 * month)), top), ax=ax)))
    return drawn


def _table(model) -> str:
    try:
        table = model.summary_table()
    except AttributeError:  # a model without standard errors: its estimates only
        table = pd.DataFrame({"estimate": model.params})
    return table.to_html(float_format=lambda v: f"{v:.4g}", border=0)


def write_report(target: Path, *, lines: list[str], steps: dict[str, float], purchase, spend,
                 summary: pd.DataFrame, out: Path, force: bool) -> Path:
    """Write the report page to `target` (never over an existing file without `force`)."""
    charts = _charts(purchase, summary)
    figures = "\n".join(f'<figure><img src="data:image/png;base64,{data}" '
                        f'alt="{html.escape(title)}"><figcaption>{html.escape(title)}'
                        f"</figcaption></figure>" for data, title in charts)
    timing = ", ".join(f"{k} {v:.2f} s" for k, v in steps.items())
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer lifetime value: report</title><style>{STYLE}</style></head><body>
<h1>Customer lifetime value: report</h1>
<pre>{html.escape(chr(10).join(lines))}</pre>
<p>Time per step: {html.escape(timing)}. Scores written to <code>{html.escape(str(out))}</code>.</p>
<h2>Purchase model: {html.escape(type(purchase).__name__)}</h2>{_table(purchase)}
<h2>Spend model: Gamma-Gamma</h2>{_table(spend)}
<h2>Diagnostics</h2>{figures}
</body></html>
"""
    return write_file(target, page, force=force)
