"""Benchmarking against competitors: where the shop leads, where it trails, and by how much."""

from __future__ import annotations

import pandas as pd

from crm_lessons.errors import CRMDataError, require_columns, require_not_empty, require_numeric

# attribute -> True when a higher value is better for the customer
ATTRIBUTES = {"price_index": False, "delivery_days": False, "product_quality": True,
              "service_rating": True}


def benchmark_gaps(benchmark: pd.DataFrame, company: str = "Steep & Grind") -> pd.DataFrame:
    """For each attribute: the company's value, the best competitor's, the competitors'
    average, and whether the company leads (better than every competitor) or trails (the
    best competitor is better). ``gap`` is the company's advantage over the best competitor,
    positive when it leads, in the attribute's own unit.

    Examples
    --------
    >>> b = pd.DataFrame({"company": ["Us", "Them"], "price_index": [104.0, 92.0],
    ...     "delivery_days": [2.0, 3.0], "product_quality": [8.0, 7.0],
    ...     "service_rating": [7.0, 7.5]})
    >>> benchmark_gaps(b, "Us")["position"].tolist()
    ['trails', 'leads', 'leads', 'trails']
    """
    require_not_empty(require_columns(benchmark, "benchmark", ["company", *ATTRIBUTES]),
                      "benchmark")
    names = benchmark["company"].astype(str)
    if (names == company).sum() != 1:
        raise CRMDataError(f"benchmark.company should hold {company!r} once; it holds "
                           f"{sorted(names.unique())}. Pass the company's own name.")
    if len(benchmark) < 2:
        raise CRMDataError("benchmark has no competitor row. Add at least one competitor.")
    rows = []
    for attr, higher in ATTRIBUTES.items():
        v = require_numeric(benchmark, "benchmark", attr)
        ours, theirs = float(v[names == company].iloc[0]), v[names != company]
        best = float(theirs.max() if higher else theirs.min())
        gap = ours - best if higher else best - ours
        rows.append({"attribute": attr, "ours": ours, "best_competitor": best,
                     "best_name": str(names[theirs.idxmax() if higher else theirs.idxmin()]),
                     "competitor_mean": float(theirs.mean()), "gap": gap,
                     "position": "leads" if gap > 0 else ("level" if gap == 0 else "trails")})
    return pd.DataFrame(rows)
