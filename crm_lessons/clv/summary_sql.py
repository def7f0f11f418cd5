"""The per-customer summary as one SQL query, for a warehouse, Spark SQL, DuckDB or SQLite.

:func:`summary_sql` writes the query that :func:`crm_lessons.clv.purchase_summary` computes in
pandas: purchases on one day count as one (their amounts added); ``frequency`` is the number of
purchase days after the first, ``recency`` the time from the first to the last, ``T`` the time
from the first to the end of the calibration period, ``monetary_value`` the mean amount of the
repeat purchase days, and, with a hold-out period, ``frequency_holdout``, ``monetary_holdout``
and ``duration_holdout``. Only the date functions differ between SQL dialects; the rest is
plain SQL-92 with common table expressions.
"""

from __future__ import annotations

import re

from crm_lessons.errors import CRMDataError
from crm_lessons.units import UNIT_DAYS, require_unit

# How each dialect turns a timestamp column into a day, and counts the days between two days.
DIALECTS = {
    "sqlite": {"day": "date({x})", "days": "(julianday({a}) - julianday({b}))",
               "literal": "'{d}'"},
    "duckdb": {"day": "CAST({x} AS DATE)", "days": "date_diff('day', {b}, {a})",
               "literal": "DATE '{d}'"},
    "spark": {"day": "to_date({x})", "days": "datediff({a}, {b})", "literal": "DATE '{d}'"},
    "postgres": {"day": "CAST({x} AS DATE)", "days": "({a} - {b})", "literal": "DATE '{d}'"},
}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _quoted(name: str, what: str) -> str:
    if not isinstance(name, str) or not name:
        raise CRMDataError(f"summary_sql: {what} should be a column name, got {name!r}.")
    return name if _NAME.match(name) else '"' + name.replace('"', '""') + '"'


def _day_literal(value: str | None, what: str, d: dict) -> str | None:
    if value is None:
        return None
    text = str(value)[:10]
    if not _DAY.match(text):
        raise CRMDataError(f"summary_sql: {what} should be a day such as '1997-09-30', "
                           f"got {value!r}.")
    return d["literal"].format(d=text)


def summary_sql(source: str, customer_col: str = "customer_id", date_col: str = "date",
                amount_col: str = "amount", *, calibration_end: str | None = None,
                observation_end: str | None = None, unit: str = "W",
                dialect: str = "duckdb", per_day: bool = False) -> str:
    """The SQL query giving one row per customer: customer_id, frequency, recency, T and
    monetary_value (and the hold-out columns with `observation_end`), durations in `unit`.

    Parameters
    ----------
    source : str
        A table name, or a parenthesised sub-query, holding one row per purchase.
    customer_col, date_col, amount_col : str
        Its column names.
    calibration_end, observation_end : str, optional
        Days as 'YYYY-MM-DD'; the calibration period ends at the last purchase by default.
    unit : {"D", "W", "M"}
        Time unit of recency, T and duration_holdout (crm_lessons.units).
    dialect : {"duckdb", "sqlite", "spark", "postgres"}
    per_day : bool
        True when `source` already holds one row per customer and day (the amounts of a day
        added): the query then does not group them again.

    Examples
    --------
    >>> print(summary_sql("orders", dialect="sqlite").splitlines()[0])
    WITH daily AS (
    """
    if dialect not in DIALECTS:
        raise CRMDataError(f"summary_sql: dialect {dialect!r} is not known. Fix: choose one of "
                           f"{', '.join(DIALECTS)}.")
    d = DIALECTS[dialect]
    unit = require_unit(unit, "summary_sql: unit")
    per = f"{UNIT_DAYS[unit]!r}"
    cust, day, amount = (_quoted(c, w) for c, w in ((customer_col, "customer_col"),
                                                   (date_col, "date_col"),
                                                   (amount_col, "amount_col")))
    cal = _day_literal(calibration_end, "calibration_end", d) or "(SELECT MAX(day) FROM daily)"
    obs = _day_literal(observation_end, "observation_end", d)
    days = d["days"].format
    holdout_cols = holdout_join = ""
    if obs is not None:
        holdout_cols = (",\n  COALESCE(h.n, 0) * 1.0 AS frequency_holdout,\n"
                        "  COALESCE(h.mean_amount, 0.0) * 1.0 AS monetary_holdout,\n"
                        f"  {days(a=obs, b='b.cal_end')} / {per} AS duration_holdout")
        holdout_join = (
            "\nLEFT JOIN (\n  SELECT d.customer_id, COUNT(*) AS n, AVG(d.amount) AS mean_amount\n"
            f"  FROM daily d, bounds b WHERE d.day > b.cal_end AND d.day <= {obs}\n"
            "  GROUP BY d.customer_id\n) h ON h.customer_id = f.customer_id")
    as_day = d["day"].format(x=day)
    daily = (f"SELECT {cust} AS customer_id, {as_day} AS day, {amount} AS amount\n"
             f"  FROM {source}" if per_day else
             f"SELECT {cust} AS customer_id, {as_day} AS day, SUM({amount}) AS amount\n"
             f"  FROM {source}\n  GROUP BY {cust}, {as_day}")
    if dialect == "duckdb":
        return _one_pass(daily, cal, obs, per, days)
    return f"""WITH daily AS (
  {daily}
),
bounds AS (SELECT {cal} AS cal_end),
firsts AS (
  SELECT d.customer_id, MIN(d.day) AS first_day, MAX(d.day) AS last_day, COUNT(*) AS n,
         SUM(d.amount) AS total
  FROM daily d, bounds b WHERE d.day <= b.cal_end
  GROUP BY d.customer_id
)
{_columns(per, days, "a.amount", holdout_cols)}
JOIN daily a ON a.customer_id = f.customer_id AND a.day = f.first_day{holdout_join}
ORDER BY f.customer_id"""


def _columns(per: str, days, first_amount: str, holdout_cols: str) -> str:
    """The summary's columns from ``firsts f`` and ``bounds b`` (both forms of the query)."""
    return f"""SELECT
  f.customer_id,
  (f.n - 1) * 1.0 AS frequency,
  {days(a='f.last_day', b='f.first_day')} / {per} AS recency,
  {days(a='b.cal_end', b='f.first_day')} / {per} AS T,
  CASE WHEN f.n > 1 THEN (f.total - {first_amount}) / (f.n - 1) ELSE 0.0 END AS monetary_value{holdout_cols}
FROM firsts f
CROSS JOIN bounds b"""


def _one_pass(daily: str, cal: str, obs: str | None, per: str, days) -> str:
    """The DuckDB form of the same summary: after the purchase days, one aggregation per
    customer computes the calibration and hold-out columns together (FILTER clauses, the first
    day's amount by arg_min), with no second grouping and no join."""
    cal_days = "FILTER (WHERE d.day <= b.cal_end)"
    holdout_pick = holdout_cols = ""
    if obs is not None:
        later = f"FILTER (WHERE d.day > b.cal_end AND d.day <= {obs})"
        holdout_pick = (f",\n         COUNT(*) {later} AS h_n, AVG(d.amount) {later} AS h_mean")
        holdout_cols = (",\n  f.h_n * 1.0 AS frequency_holdout,\n"
                        "  COALESCE(f.h_mean, 0.0) * 1.0 AS monetary_holdout,\n"
                        f"  {days(a=obs, b='b.cal_end')} / {per} AS duration_holdout")
    return f"""WITH daily AS (
  {daily}
),
bounds AS (SELECT {cal} AS cal_end),
firsts AS (
  SELECT d.customer_id, MIN(d.day) {cal_days} AS first_day, MAX(d.day) {cal_days} AS last_day,
         COUNT(*) {cal_days} AS n, SUM(d.amount) {cal_days} AS total,
         arg_min(d.amount, d.day) AS first_amount{holdout_pick}
  FROM daily d, bounds b
  GROUP BY d.customer_id
)
{_columns(per, days, "f.first_amount", holdout_cols)}
WHERE f.n > 0
ORDER BY f.customer_id"""
