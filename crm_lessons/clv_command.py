"""``crm-lessons clv``: lifetime value for a company's own customers, from a transaction file
of any size to one score per customer.

The file (CSV or Parquet, or a folder of them) is read by DuckDB, which reads in parallel and
spills to disk, so memory stays flat as the file grows: the transactions never become a pandas
table. The summary is one SQL query (:mod:`crm_lessons.clv.summary_sql`, printed by
``--print-sql`` for a warehouse); only the summary, one row per customer, comes into pandas for
the fits and the scores (:func:`crm_lessons.clv.scoring.score_chunk`).
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from crm_lessons.clv.transactions import (
    TransactionSource,
    bad_row_report,
    open_transactions,
    read_summary_file,
    summary_from_duckdb,
)
from crm_lessons.errors import CRMDataError
from crm_lessons.writing import WriteError, check_target, write_file

CHUNK = 200_000  # customers scored at a time (bounded memory, a progress bar that moves)


@dataclass
class Run:
    """What the command did, for the closing report."""

    steps: dict[str, float] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def step(self, name: str, started: float) -> None:
        self.steps[name] = time.perf_counter() - started


def _progress(total: int, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=" customers", file=sys.stderr, leave=False,
                disable=None, dynamic_ncols=True)


def _fit(summary: pd.DataFrame, model: str):
    from crm_lessons.clv.bgnbd import fit_bgnbd
    from crm_lessons.clv.gamma_gamma import fit_gamma_gamma
    from crm_lessons.clv.mbgnbd import fit_mbgnbd
    from crm_lessons.clv.pareto import fit_pareto_nbd

    fit = {"bgnbd": fit_bgnbd, "pareto": fit_pareto_nbd, "mbgnbd": fit_mbgnbd}[model]
    return fit(summary), fit_gamma_gamma(summary)


def _scores(summary: pd.DataFrame, params: dict, args) -> pd.DataFrame:
    """Every customer's scores, chunk by chunk into one preallocated block of columns (no list
    of parts concatenated at the end: on ten million customers that copy alone is 0.7 GB)."""
    from crm_lessons.clv.scoring import SCORE_COLUMNS, score_chunk

    values = np.empty((len(SCORE_COLUMNS), len(summary)))
    id_name = summary.index.name or "customer_id"
    with _progress(len(summary), "scoring") as bar:
        for start in range(0, len(summary), CHUNK):
            chunk = summary.iloc[start:start + CHUNK]
            part = score_chunk(chunk, params, horizon_months=args.horizon_months,
                               discount_rate=args.discount_rate, margin=args.margin)
            values[:, start:start + len(chunk)] = part[SCORE_COLUMNS].to_numpy().T
            bar.update(len(chunk))
    scores = pd.DataFrame(dict(zip(SCORE_COLUMNS, values, strict=True)), copy=False)
    scores.insert(0, id_name, summary.index.to_numpy())
    return scores


def _holdout_lines(summary: pd.DataFrame, purchase) -> list[str]:
    """Hold-out error: predicted against actual repeat purchases after the calibration end."""
    if "frequency_holdout" not in summary:
        return []
    duration = float(summary["duration_holdout"].iloc[0])
    predicted = purchase.expected_purchases(summary, duration).to_numpy()
    actual = summary["frequency_holdout"].to_numpy()
    total_p, total_a = predicted.sum(), actual.sum()
    mae = float(np.abs(predicted - actual).mean())
    rel = (total_p - total_a) / total_a if total_a else float("nan")
    unit = {"D": "days", "W": "weeks", "M": "months"}.get(str(summary.attrs["freq"]),
                                                        str(summary.attrs["freq"]))
    return [f"hold-out ({duration:.1f} {unit} after the calibration end): {total_a:,.0f} repeat "
            f"purchases happened, {total_p:,.0f} predicted ({rel:+.1%}); mean absolute error "
            f"per customer {mae:.3f} (the average gap between one customer's predicted and "
            f"actual purchases)"]


def _write_scores(scores: pd.DataFrame, out: Path, force: bool) -> None:
    """Scores to CSV or Parquet by DuckDB (a million rows in a fraction of pandas' time)."""
    import duckdb

    options = "FORMAT PARQUET" if out.suffix.lower() == ".parquet" else "HEADER, DELIMITER ','"

    def fill(tmp: Path) -> None:
        con = duckdb.connect()
        # DuckDB's bar, as in the reading, only on a terminal (never into a log or a pipe)
        con.execute(f"SET enable_progress_bar = {str(sys.stderr.isatty()).lower()}")
        con.register("scores", scores)
        con.execute(f"COPY scores TO '{tmp.as_posix()}' ({options})")
        con.close()
    write_file(out, fill, force=force)


def _params_lines(purchase, spend) -> list[str]:
    return [f"purchase model: {purchase!r}", f"spend model: {spend!r}"]


def _summary(args, run: Run) -> pd.DataFrame:
    """The per-customer summary: from --summary, or built from the transactions by DuckDB."""
    started = time.perf_counter()
    if args.summary:
        summary = read_summary_file(Path(args.summary), args.unit)
        run.step("reading the summary", started)
        run.lines.append(f"{len(summary):,} customers read from {args.summary}")
        return summary
    with tempfile.TemporaryDirectory(prefix="crm-clv-") as spill:
        source: TransactionSource = open_transactions(
            Path(args.transactions), args.customer_col, args.date_col, args.amount_col,
            date_format=args.date_format, spill_dir=spill, memory_limit=args.memory_limit)
        try:
            print("reading and checking the transactions ...", file=sys.stderr)
            counts = bad_row_report(source, skip=args.skip_bad_rows)
            run.step("reading and checking", started)
            run.lines.append(counts)
            started = time.perf_counter()
            print("summarising per customer ...", file=sys.stderr)
            summary = summary_from_duckdb(source, args.unit, args.calibration_end)
            run.step("summarising", started)
        finally:
            source.close()
    run.lines.append(f"{len(summary):,} customers")
    return summary


def run_clv(args) -> int:
    """Run the command (arguments from cli.py); return the exit code."""
    run = Run()
    out = Path(args.out).expanduser()
    check_target(out, force=args.force)  # refuse before the slow part
    report = Path(args.report).expanduser() if args.report else None
    if report is not None:
        check_target(report, force=args.force)
    summary = _summary(args, run)
    started = time.perf_counter()
    print(f"fitting the {args.model} and Gamma-Gamma models ...", file=sys.stderr)
    purchase, spend = _fit(summary, args.model)
    run.step("fitting", started)
    run.lines += _params_lines(purchase, spend) + _holdout_lines(summary, purchase)
    params = {"model": args.model, "unit": summary.attrs["freq"], "purchase": purchase.params,
              "spend": spend.params}
    started = time.perf_counter()
    scores = _scores(summary, params, args)
    run.step("scoring", started)
    started = time.perf_counter()
    _write_scores(scores, out, args.force)
    run.step("writing", started)
    if report is not None:
        from crm_lessons.clv_report import write_report

        started = time.perf_counter()
        write_report(report, lines=run.lines, steps=run.steps, purchase=purchase, spend=spend,
                     summary=summary, out=out, force=args.force)
        run.step("report", started)
        run.lines.append(f"report with the diagnostics charts: {report}")
    print("\n".join(run.lines))
    print("time: " + ", ".join(f"{k} {v:.2f} s" for k, v in run.steps.items()))
    print(f"Wrote the scores of {len(scores):,} customers to {out} ({', '.join(scores.columns)}).")
    return 0


def cli_clv(args) -> int:
    """``crm-lessons clv``: one clear message and a non-zero exit on bad input."""
    if args.print_sql:
        from crm_lessons.clv.summary_sql import summary_sql

        try:
            print(summary_sql("transactions", args.customer_col or "customer_id",
                              args.date_col or "date", args.amount_col or "amount",
                              calibration_end=args.calibration_end, unit=args.unit or "W",
                              dialect=args.print_sql))
        except CRMDataError as exc:
            print(f"clv: {exc}", file=sys.stderr)
            return 2
        return 0
    problem = argument_problem(args)
    if problem:
        print(f"clv: {problem}", file=sys.stderr)
        return 2
    try:
        return run_clv(args)
    except CRMDataError as exc:
        print(f"clv: {exc}\nNothing was written.", file=sys.stderr)
        return 1
    except (WriteError, OSError) as exc:
        print(f"clv: {exc}", file=sys.stderr)
        return 1
    except MemoryError:
        print("clv: not enough memory; nothing was written. Fix: lower --memory-limit so more "
              "is spilled to disk, or score fewer customers at once.", file=sys.stderr)
        return 1
    except Exception as exc:  # DuckDB's own out-of-memory error (duckdb is imported lazily)
        if type(exc).__name__ != "OutOfMemoryException":
            raise
        print(f"clv: the file needs more than --memory-limit {args.memory_limit} to summarise "
              "(DuckDB spills to disk, but some steps must fit in memory); nothing was "
              "written. Fix: run again with a higher limit, e.g. --memory-limit 4GB, within "
              "the memory this machine has.", file=sys.stderr)
        return 1


def argument_problem(args) -> str | None:
    """The first problem with the arguments, as one sentence with its fix, or None."""
    if bool(args.summary) == bool(args.transactions):
        return ("give either a TRANSACTIONS file or folder, or --summary FILE, but not both."
                if args.summary else "give the TRANSACTIONS file or folder (CSV or Parquet), or "
                "--summary FILE with frequency, recency, T and monetary_value.")
    if not args.out or not str(args.out).strip():
        return "--out is needed: the file for the scores (.csv or .parquet), e.g. --out scores.csv."
    if Path(args.out).suffix.lower() not in (".csv", ".parquet"):
        return f"--out {args.out} should end in .csv or .parquet."
    if args.report and Path(args.report).suffix.lower() not in (".html", ".htm"):
        return f"--report {args.report} should end in .html (one page, charts included)."
    if args.transactions and not all((args.customer_col, args.date_col, args.amount_col)):
        return ("name the columns: --customer-col, --date-col and --amount-col (for example "
                "--customer-col customer_id --date-col date --amount-col amount).")
    if args.summary and not args.unit:
        return ("--unit is needed with --summary: the time unit of its recency and T "
                "(D for days, W for weeks).")
    if args.horizon_months < 1:
        return f"--horizon-months should be 1 or more, got {args.horizon_months}."
    if not (0 <= args.discount_rate < 1):
        return f"--discount-rate is per month, from 0 to below 1 (e.g. 0.01), got {args.discount_rate}."
    if not (0 < args.margin <= 1):
        return f"--margin is the share of spend kept, above 0 and at most 1, got {args.margin}."
    return None


def add_clv_arguments(p) -> None:
    """The ``crm-lessons clv`` arguments (cli.py builds the parser)."""
    p.add_argument("transactions", nargs="?", default=None, metavar="TRANSACTIONS",
                   help="a CSV or Parquet file of purchases, or a folder of them")
    p.add_argument("--customer-col", default=None, help="the column of customer ids")
    p.add_argument("--date-col", default=None, help="the column of purchase dates")
    p.add_argument("--amount-col", default=None, help="the column of purchase amounts")
    p.add_argument("--date-format", default=None,
                   help="strptime format of the dates when they are not ISO, e.g. %%Y%%m%%d")
    p.add_argument("--summary", default=None, metavar="FILE",
                   help="start from a ready summary (frequency, recency, T, monetary_value)")
    p.add_argument("--model", choices=["bgnbd", "pareto", "mbgnbd"], default="bgnbd",
                   help="the purchase model (default bgnbd)")
    p.add_argument("--unit", choices=["D", "W"], default=None,
                   help="time unit of the summary: D days, W weeks (default W)")
    p.add_argument("--calibration-end", default=None, metavar="DATE",
                   help="fit on purchases up to DATE and report the error on the rest")
    p.add_argument("--horizon-months", type=int, default=12, help="value horizon (default 12)")
    p.add_argument("--discount-rate", type=float, default=0.01,
                   help="discount rate per month (default 0.01)")
    p.add_argument("--margin", type=float, default=1.0,
                   help="share of spend kept as margin (default 1.0: value in revenue)")
    p.add_argument("--out", default=None, metavar="FILE", help="scores.csv or scores.parquet")
    p.add_argument("--report", default=None, metavar="FILE.html",
                   help="also write a one-page report with the diagnostics charts (offline)")
    p.add_argument("--force", action="store_true", help="replace --out (and --report) if they exist")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="leave out unreadable rows (counted in the report) instead of stopping")
    p.add_argument("--memory-limit", default="1GB",
                   help="memory for reading and summarising; the rest spills to disk "
                        "(default 1GB; about 3GB for 100 million rows)")
    p.add_argument("--print-sql", nargs="?", const="duckdb", default=None, metavar="DIALECT",
                   choices=["duckdb", "sqlite", "spark", "postgres"],
                   help="print the summary as SQL (duckdb, sqlite, spark, postgres) and stop")

