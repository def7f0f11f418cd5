"""An independent reference answer for every graded exercise of every lesson.

The answer-key tests compare each exercise's ``expected()`` with itself: a bug in a helper
would make the reference answer and its check wrong together. Here every graded exercise
gets its answer computed a second way, without the ``crm_lessons`` helper the exercise uses:
SQL on ``store.connect()`` (sqlite3), plain numpy, pandas written differently (another
groupby, a crosstab, a sort instead of a lexsort), or, for concept questions, the letter read
from the lesson with a one-line reason. For each exercise the test

1. checks the independent answer with ``ex.check(...)`` (it must be correct),
2. compares it with ``ex.expected()`` (numbers within a tight tolerance, tables cell by cell,
   sets item by item, letters exactly),
3. and proves the check can fail: perturbed answers (the number times 1.1, a table with one
   value changed, a wrong letter, a list with an item missing or added) are rejected.

A graded exercise without an entry in ``REFERENCES`` fails ``test_every_graded_exercise_has_
an_independent_reference``: a new exercise needs its own independent answer here.

Only the store's raw tables are read (``store.customers``, ``store.connect()``...). The one
package function called is ``goals.crm_tasks()``, for the task texts the student is given
as input in ``01.task_types``; the labels themselves are written out below.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pytest

from crm_lessons import load_store
from crm_lessons.exercises import all_exercises, use_store

# ---- the store, once per module ------------------------------------------------------------


@pytest.fixture(scope="module")
def store():
    """The shipped store, made the active store of the checks for this module."""
    shipped = load_store()
    with use_store(shipped):
        yield shipped


@pytest.fixture(scope="module")
def con(store):
    connection = store.connect()
    yield connection
    connection.close()


def sql(con, query: str, **params: Any) -> pd.DataFrame:
    return pd.read_sql_query(query, con, params=params)


def sql_value(con, query: str, **params: Any) -> Any:
    return con.execute(query, params).fetchone()[0]


def day(ts: Any) -> str:
    """A date as the database stores it: 'YYYY-MM-DD' text."""
    return pd.Timestamp(ts).strftime("%Y-%m-%d")


def by_id() -> dict:
    return {e.id: e for e in all_exercises()}


# ---- the registry --------------------------------------------------------------------------


class Reference(NamedTuple):
    compute: Callable[[Any, Any], Any]  # (store, con) -> the answer, computed independently
    wrong: Callable[[Any, Any], list]   # (answer, exercise) -> answers the check must reject
    rel: float = 1e-9                   # tolerance of the comparison with ex.expected()


REFERENCES: dict[str, Reference] = {}


def reference(exercise_id: str, wrong: Callable[[Any, Any], list], rel: float = 1e-9):
    def register(fn):
        assert exercise_id not in REFERENCES, f"two references for {exercise_id}"
        REFERENCES[exercise_id] = Reference(fn, wrong, rel)
        return fn
    return register


# ---- ways of being wrong -------------------------------------------------------------------


def scaled(answer, exercise) -> list:
    return [float(answer) * 1.1, float(answer) * 0.9]


def off_by_one(answer, exercise) -> list:
    return [int(answer) + 1, int(answer) - 1, int(answer) * 1.1]


def other_letters(answer, exercise) -> list:
    return [letter for letter in exercise.rule.options if letter != answer]


def one_cell_changed(answer, exercise) -> list:
    """The table with one number changed, and the table with one row dropped."""
    changed = answer.copy()
    column = changed if isinstance(changed, pd.Series) else changed[
        next(c for c in changed.columns if pd.api.types.is_numeric_dtype(changed[c]))]
    bumped = column.iloc[0] + (1 if pd.api.types.is_integer_dtype(column) else
                               column.iloc[0] * 0.1 + 1)
    if isinstance(changed, pd.Series):
        changed.iloc[0] = bumped
    else:
        changed.iloc[0, changed.columns.get_loc(column.name)] = bumped
    return [changed, answer.iloc[1:]]


def one_label_changed(answer, exercise) -> list:
    changed = answer.copy()
    first = changed["crm_type"].iloc[0]
    changed.iloc[0, changed.columns.get_loc("crm_type")] = (
        "operational" if first != "operational" else "analytical")
    return [changed]


def item_missing_or_extra(extra) -> Callable[[Any, Any], list]:
    def wrong(answer, exercise) -> list:
        return [list(answer)[:-1], [*answer, extra]]
    return wrong


# ---- shared independent pieces -------------------------------------------------------------


def customer_revenue_sql(con) -> pd.DataFrame:
    """Revenue per ordering customer, best first (ties by customer_id), from SQL."""
    return sql(con, "SELECT customer_id, SUM(revenue) AS revenue FROM orders "
                    "GROUP BY customer_id ORDER BY revenue DESC, customer_id")


def acquisition_cost_sql(con) -> float:
    """Spend of acquisition campaigns / customers who signed up in the channel of an
    acquisition campaign while it ran."""
    spend = sql_value(con, "SELECT SUM(total_cost) FROM campaigns WHERE type = 'acquisition'")
    won = sql_value(con, """
        SELECT COUNT(DISTINCT cu.customer_id)
        FROM customers AS cu JOIN campaigns AS ca
          ON ca.type = 'acquisition' AND ca.channel = cu.channel
         AND cu.signup_date BETWEEN ca.start_date AND ca.end_date""")
    return spend / won


def retention_cost_sql(con) -> float:
    """Spend of retention campaigns / distinct treated customers who responded to one."""
    spend = sql_value(con, "SELECT SUM(total_cost) FROM campaigns WHERE type = 'retention'")
    kept = sql_value(con, """
        SELECT COUNT(DISTINCT k.customer_id)
        FROM contacts AS k JOIN campaigns AS ca ON ca.campaign_id = k.campaign_id
        WHERE ca.type = 'retention' AND k."group" = 'treatment' AND k.responded = 1
          AND k.customer_id IS NOT NULL""")
    return spend / kept


# Per order: value of the units sold, of the units returned, cost of the units kept.
LINE_CTE = """
WITH line AS (
    SELECT l.order_id,
           SUM(l.quantity * l.unit_price) AS gross,
           SUM(l.returned_quantity * l.unit_price) AS refunds,
           SUM((l.quantity - l.returned_quantity) * p.unit_cost) AS goods
    FROM order_lines AS l JOIN products AS p ON p.product_id = l.product_id
    GROUP BY l.order_id)"""

PROFIT_BY_YEAR_SQL = LINE_CTE + """,
last_day AS (SELECT julianday(MAX(order_date)) AS d FROM orders),
per_order AS (
    SELECT o.customer_id, c.signup_date,
           COALESCE(line.gross, 0) - o.discount - COALESCE(line.refunds, 0)
               - COALESCE(line.goods, 0) AS profit,
           CAST(MAX(julianday(o.order_date) - julianday(c.signup_date), 0) AS INTEGER) / 365 + 1
               AS year
    FROM orders AS o JOIN customers AS c ON c.customer_id = o.customer_id
    LEFT JOIN line ON line.order_id = o.order_id),
per_ticket AS (
    SELECT c.signup_date, t.handling_cost AS cost,
           CAST(MAX(julianday(t.opened_date) - julianday(c.signup_date), 0) AS INTEGER) / 365 + 1
               AS year
    FROM tickets AS t JOIN customers AS c ON c.customer_id = t.customer_id),
orders_by_year AS (
    SELECT year, COUNT(DISTINCT customer_id) AS customers, SUM(profit) AS profit
    FROM per_order, last_day WHERE julianday(signup_date) + year * 365 - 1 <= last_day.d
    GROUP BY year),
tickets_by_year AS (
    SELECT year, SUM(cost) AS cost
    FROM per_ticket, last_day WHERE julianday(signup_date) + year * 365 - 1 <= last_day.d
    GROUP BY year)
SELECT o.year, o.customers, o.profit - COALESCE(t.cost, 0) AS profit
FROM orders_by_year AS o LEFT JOIN tickets_by_year AS t ON t.year = o.year
ORDER BY o.year
"""


def profit_per_customer_by_year(con) -> np.ndarray:
    """Profit per active customer in relationship year 1, 2, ... (fully seen years only)."""
    table = sql(con, PROFIT_BY_YEAR_SQL)
    assert table["year"].tolist() == list(range(1, len(table) + 1))
    return (table["profit"] / table["customers"]).to_numpy(float)


def keep_rate_sql(con, end_date) -> float:
    """Of the customers who ordered in the year before end_date's year, the share who ordered
    again in end_date's year (end_date is the last day of a complete year)."""
    year = pd.Timestamp(end_date).year
    return sql_value(con, """
        WITH buyers AS (SELECT DISTINCT customer_id, CAST(strftime('%Y', order_date) AS INT) AS y
                        FROM orders)
        SELECT AVG(CASE WHEN n.customer_id IS NULL THEN 0.0 ELSE 1.0 END)
        FROM buyers AS b LEFT JOIN buyers AS n ON n.customer_id = b.customer_id AND n.y = b.y + 1
        WHERE b.y = :year""", year=year - 1)


def five_year_profit(keep: float, margins: np.ndarray, acquisition: float,
                     discount: float = 0.08) -> float:
    """Discounted profit over five years of one customer won, after what winning cost."""
    total = -acquisition
    still_there = 1.0
    for year in range(1, 6):
        total += still_there * margins[year - 1] / (1 + discount) ** year
        still_there *= keep
    return total


CUSTOMER_PROFIT_SQL = LINE_CTE + """,
sales AS (
    SELECT o.customer_id,
           SUM(COALESCE(line.gross, 0) - o.discount - COALESCE(line.refunds, 0)
               - COALESCE(line.goods, 0)) AS margin
    FROM orders AS o LEFT JOIN line ON line.order_id = o.order_id
    GROUP BY o.customer_id),
service AS (SELECT customer_id, SUM(handling_cost) AS cost FROM tickets GROUP BY customer_id)
SELECT s.customer_id, ROUND(s.margin - COALESCE(v.cost, 0), 2) AS profit
FROM sales AS s LEFT JOIN service AS v ON v.customer_id = s.customer_id
ORDER BY s.customer_id
"""


def gold_by_profit(con) -> pd.DataFrame:
    """Profit per ordering customer and whether they are in the most profitable 20%
    (ties broken by customer_id)."""
    profit = sql(con, CUSTOMER_PROFIT_SQL)
    n_gold = math.ceil(0.2 * len(profit))
    ranked = profit.sort_values(["profit", "customer_id"], ascending=[False, True])
    profit["gold"] = profit["customer_id"].isin(ranked["customer_id"].iloc[:n_gold])
    return profit


# The lesson's segment rules (its table of segments), first matching row wins:
# (segment, lowest and highest recency score, lowest and highest FM score).
SEGMENT_RULES = [
    ("champions", 4, 5, 4, 5),
    ("potential loyalists", 4, 5, 2, 3),
    ("new", 4, 5, 1, 1),
    ("loyal", 3, 3, 3, 5),
    ("can't lose them", 1, 1, 4, 5),
    ("at risk", 1, 2, 3, 5),
    ("hibernating", 2, 3, 1, 2),
    ("lost", 1, 1, 1, 2),
]


def segment_of(r: int, f: int, m: int) -> str:
    fm = (f + m + 1) // 2  # the mean of F and M, halves rounded up
    return next(name for name, r0, r1, f0, f1 in SEGMENT_RULES
                if r0 <= r <= r1 and f0 <= fm <= f1)


def rfm_sql(con, end_date) -> pd.DataFrame:
    return sql(con, """
        SELECT customer_id, julianday(:end) - julianday(MAX(order_date)) AS recency_days,
               COUNT(*) AS frequency, SUM(revenue) AS monetary
        FROM orders WHERE order_date <= :end GROUP BY customer_id ORDER BY customer_id""",
               end=day(end_date))


def quintile(rfm: pd.DataFrame, by: list[str], ascending: list[bool]) -> pd.Series:
    """Scores 1-5 from five equal groups after sorting worst first by `by`."""
    ordered = rfm.sort_values(by, ascending=ascending, kind="mergesort")
    position = pd.Series(np.arange(len(rfm)), index=ordered.index)
    return (position * 5 // len(rfm) + 1).reindex(rfm.index)


def segments(rfm: pd.DataFrame, recency_step: int | None = None) -> pd.Series:
    """Each customer's RFM segment: quintile scores (ties by the next measure, then by
    customer_id), or recency bands of `recency_step` days."""
    if recency_step is None:
        r = quintile(rfm, ["recency_days", "monetary", "customer_id"], [False, True, True])
    else:  # within one step: 5, within two steps: 4, ..., beyond four steps: 1
        bands = np.ceil(rfm["recency_days"] / recency_step).clip(lower=1, upper=5)
        r = (6 - bands).astype(int)
    f = quintile(rfm, ["frequency", "monetary", "customer_id"], [True, True, True])
    m = quintile(rfm, ["monetary", "frequency", "customer_id"], [True, True, True])
    return pd.Series([segment_of(*scores) for scores in zip(r, f, m, strict=True)],
                     index=rfm["customer_id"].to_numpy(), name="segment")


def letter_of(exercise, text: str) -> str:
    return next(k for k, v in exercise.rule.options.items() if v == text)


# ---- lesson 00 -------------------------------------------------------------------------------


@reference("00.customer_count", off_by_one)
def customer_count(store, con):
    return sql_value(con, "SELECT COUNT(*) FROM customers")


@reference("00.referral_share", scaled)
def referral_share(store, con):
    return sql_value(con, "SELECT AVG(channel = 'referral') FROM customers")


# ---- lesson 00b: the primer (each in SQL, where the primer's solutions use pandas) ----------


@reference("00b.mean_order_value", scaled)
def mean_order_value(store, con):
    return sql_value(con, "SELECT AVG(revenue) FROM orders")


@reference("00b.phone_orders", off_by_one)
def phone_orders(store, con):
    return sql_value(con, "SELECT COUNT(*) FROM orders WHERE channel = 'phone'")


@reference("00b.big_order_share", scaled)
def big_order_share(store, con):
    return sql_value(con, "SELECT AVG(revenue > 50) FROM orders")


@reference("00b.search_customers", off_by_one)
def search_customers(store, con):
    return sql_value(con, "SELECT COUNT(*) FROM customers WHERE channel = 'search'")


@reference("00b.cheapest_products", scaled)
def cheapest_products(store, con):
    return sql_value(con, "SELECT SUM(price) FROM (SELECT price FROM products "
                          "ORDER BY price LIMIT 3)")


@reference("00b.top_order_customer", off_by_one)
def top_order_customer(store, con):
    # the first of equal largest orders, as idxmax takes the first
    return sql_value(con, "SELECT customer_id FROM orders ORDER BY revenue DESC, rowid LIMIT 1")


@reference("00b.topic_summary", one_cell_changed)
def topic_summary(store, con):
    return sql(con, "SELECT topic, COUNT(*) AS tickets, SUM(handling_cost) AS cost "
                    "FROM tickets GROUP BY topic").set_index("topic")


@reference("00b.channel_totals", one_cell_changed)
def channel_totals(store, con):
    return sql(con, "SELECT channel, SUM(discount) AS discount, SUM(revenue) AS revenue "
                    "FROM orders GROUP BY channel").set_index("channel")


@reference("00b.line_values", one_cell_changed)
def line_values(store, con):
    lines = sql(con, "SELECT order_id, product_id, quantity, unit_price, returned_quantity, "
                     "quantity * unit_price AS value FROM order_lines ORDER BY order_id, product_id")
    return lines.set_axis(store.order_lines.index)


@reference("00b.bean_units", off_by_one)
def bean_units(store, con):
    return sql_value(con, "SELECT SUM(l.quantity) FROM order_lines AS l JOIN products AS p "
                          "ON p.product_id = l.product_id WHERE p.category = 'coffee beans'")


@reference("00b.tea_mean_price", scaled)
def tea_mean_price(store, con):
    return sql_value(con, "SELECT AVG(price) FROM products WHERE category = 'tea'")


@reference("00b.contacted_customers", off_by_one)
def contacted_customers(store, con):
    return sql_value(con, "SELECT COUNT(*) FROM (SELECT customer_id FROM contacts "
                          "GROUP BY customer_id)")


def wrong_queries(table: str, *changes: str):
    """Wrong answers to a query exercise: the query's value changed by each of `changes`, the
    value as a number, and a write to `table`."""
    def wrong(answer, exercise) -> list:
        return ([f"SELECT ({answer}){change}" for change in changes]
                + [exercise.expected(), f"DELETE FROM {table}"])
    return wrong


@reference("00b.sql_phone_revenue", wrong_queries("orders", " * 1.1", " * 0.9"))
def sql_phone_revenue(store, con):  # the answer is the query's text; the check runs it
    return "SELECT TOTAL(CASE WHEN channel = 'phone' THEN revenue END) FROM orders"


@reference("00b.sql_app_customers", off_by_one)
def sql_app_customers(store, con):
    app = store.orders["channel"].to_numpy() == "app"
    return len(np.unique(store.orders["customer_id"].to_numpy()[app]))


@reference("00b.sql_tea_lines", off_by_one)
def sql_tea_lines(store, con):
    tea = store.products.loc[store.products["category"] == "tea", "product_id"].to_numpy()
    return int(np.isin(store.order_lines["product_id"].to_numpy(), tea).sum())


# ---- lesson 01 -------------------------------------------------------------------------------


@reference("01.region_summary", one_cell_changed)
def region_summary(store, con):
    revenue = sql(con, "SELECT c.region, SUM(o.revenue) AS revenue FROM orders AS o "
                       "JOIN customers AS c ON c.customer_id = o.customer_id GROUP BY c.region")
    service = sql(con, "SELECT c.region, SUM(t.handling_cost) AS service_cost FROM tickets AS t "
                       "JOIN customers AS c ON c.customer_id = t.customer_id GROUP BY c.region")
    regions = sql(con, "SELECT DISTINCT region FROM customers")
    table = regions.merge(revenue, how="left").merge(service, how="left").fillna(0.0)
    return table.set_index("region")[["revenue", "service_cost"]]


@reference("01.customers_with_tickets_sql", wrong_queries("tickets", " + 1", " - 1"))
def customers_with_tickets(store, con):  # the answer is the query's text; the check runs it
    return "SELECT COUNT(*) FROM (SELECT customer_id FROM tickets GROUP BY customer_id)"


# Tasks 5-10 read as the lesson defines the kinds of CRM: operational serves a customer now,
# collaborative shares what one team or partner knows, analytical studies data to decide.
TASK_LABELS = {
    5: "analytical",     # an analyst scores every customer: studying data
    6: "analytical",     # a model flags likely leavers: studying data to decide whom to call
    7: "operational",    # a complaint answered, a replacement sent: serving a customer now
    8: "collaborative",  # visits logged so any colleague can pick up the account: sharing
    9: "analytical",     # the team studies which topics drive defections: studying data
    10: "collaborative",  # a partner's orders flow in through a shared portal: sharing
}
# Proactive = the company moves first; reactive = it answers a customer or an event.
PROACTIVE = {
    5: True,    # the analyst scores customers on the company's own initiative
    6: True,    # the call comes before the customer leaves
    7: False,   # it answers a complaint
    8: True,    # staff log visits so colleagues can act before being asked
    9: False,   # it answers a wave of complaints
    10: False,  # it answers the partner's orders
}


@reference("01.task_types", one_label_changed)
def task_types(store, con):
    from crm_lessons import goals

    tasks = goals.crm_tasks()  # the input the student is given: task numbers and texts
    quiz = tasks.loc[tasks["task_id"].isin(TASK_LABELS), ["task_id", "task"]]
    return quiz.assign(crm_type=quiz["task_id"].map(TASK_LABELS))


@reference("01.proactive_tasks", item_missing_or_extra(7))
def proactive_tasks(store, con):
    return [task for task, proactive in PROACTIVE.items() if proactive]


@reference("01.cost_ratio", scaled)
def cost_ratio(store, con):
    return acquisition_cost_sql(con) / retention_cost_sql(con)


@reference("01.tenure_profit_rise", scaled, rel=1e-4)  # the helper rounds to cents
def tenure_profit_rise(store, con):
    per_customer = profit_per_customer_by_year(con)
    return per_customer[-1] / per_customer[0] - 1


@reference("01.uplift_three_points", scaled, rel=1e-4)  # margins rounded to cents
def uplift_three_points(store, con):
    per_year = profit_per_customer_by_year(con)
    margins = np.array([per_year[min(i, len(per_year) - 1)] for i in range(5)])
    keep = keep_rate_sql(con, store.end_date)
    acquisition = acquisition_cost_sql(con)
    now = five_year_profit(keep, margins, acquisition)
    higher = five_year_profit(keep + 0.03, margins, acquisition)
    return higher - now  # EUR


@reference("01.ticket_advocate_share", scaled)
def ticket_advocate_share(store, con):
    return sql_value(con, """
        WITH ranked AS (
            SELECT customer_id, recommend,
                   ROW_NUMBER() OVER (PARTITION BY customer_id
                                      ORDER BY survey_date DESC, survey_id DESC) AS nth
            FROM surveys),
        advocate AS (
            SELECT customer_id FROM ranked WHERE nth = 1 AND recommend >= 9
            UNION
            SELECT referred_by FROM customers WHERE referred_by IS NOT NULL)
        SELECT AVG(CASE WHEN customer_id IN (SELECT customer_id FROM advocate)
                        THEN 1.0 ELSE 0.0 END)
        FROM (SELECT DISTINCT customer_id FROM tickets)""")


@reference("01.quality_position", other_letters)
def quality_position(store, con):
    from crm_lessons.schema import COMPANY

    bench = sql(con, "SELECT company, (product_quality + service_rating) / 2.0 AS score "
                     "FROM benchmark")
    ours = bench.loc[bench["company"] == COMPANY, "score"].iloc[0]
    others = bench.loc[bench["company"] != COMPANY, "score"]
    if ours >= others.max():
        return "A"  # rated best of all
    return "B" if ours >= others.mean() else "C"


# Concept questions: the letter from reading the lesson, with the reason.
CONCEPT_LETTERS = {
    # share of wallet measures growth within a relationship; unsubscribes/complaints annoyance
    "01.cross_sell_measure": "B",
    # a medium number of customers with a medium margin each: the grid's middle cell
    "01.office_level": "C",  # accountable
    # Gartner: IT to grow share of wallet where personal service for everyone costs too much
    "01.quiz_gartner": "B",
    # ranking regions and explaining defections studies data to decide: analytical
    "01.quiz_dashboard": "C",
    # quality is fine, retention is not: the link between them is satisfaction
    "01.quiz_phases": "B",
    # an adviser is expensive: for customers who both need service and pay for it
    "02.adviser_quadrant": "A",
    # samples to look-alikes of champions: attraction, built on identification
    "02.quiz_elements": "B",
    # k-means uses distances: unscaled, the column in the biggest units decides alone
    "02.quiz_standardise": "C",
    # R=1, F=M=5: a former best customer gone quiet, "can't lose them", call them
    "02.quiz_recency": "C",
    # lesson 03: a response rate without a control group cannot tell the campaign's buyers
    # from those who would have bought anyway
    "03.quiz_control_group": "B",
    # the friend does the explaining and vouching that adverts must pay for
    "03.quiz_referral": "C",
    # a gains curve: share of all buyers reached against share of prospects contacted
    "03.quiz_gains": "A",
    # every contact area moved, not only the clinical ones: everyone a patient meets
    "06.who_manages": "C",
    # the comparison hospital stands in for the program hospital without the program
    "06.quiz_comparison": "B",
    # keeping customers is retention; whether it paid is the lift against a control
    "06.quiz_elements": "C",
}


def concept(exercise_id: str):
    return lambda store, con: CONCEPT_LETTERS[exercise_id]


for _id in CONCEPT_LETTERS:
    reference(_id, other_letters)(concept(_id))


# ---- lesson 02 -------------------------------------------------------------------------------


@reference("02.survey_share", scaled)
def survey_share(store, con):
    return sql_value(con, "SELECT (SELECT COUNT(DISTINCT customer_id) FROM surveys) * 1.0 "
                          "/ (SELECT COUNT(*) FROM customers)")


@reference("02.top20_share", scaled)
def top20_share(store, con):
    ids = store.orders["customer_id"].to_numpy()
    per_customer = np.bincount(ids, weights=store.orders["revenue"].to_numpy(float))
    per_customer = np.sort(per_customer[np.unique(ids)])[::-1]
    n_top = math.ceil(0.2 * len(per_customer))
    return per_customer[:n_top].sum() / per_customer.sum()


@reference("02.tier_revenue", one_cell_changed)
def tier_revenue(store, con):
    table = sql(con, """
        WITH ranked AS (
            SELECT revenue, ROW_NUMBER() OVER (ORDER BY revenue DESC, customer_id) AS place,
                   COUNT(*) OVER () AS n
            FROM (SELECT customer_id, SUM(revenue) AS revenue FROM orders
                  GROUP BY customer_id))
        SELECT CASE WHEN place <= CEIL(0.2 * n) THEN 'gold'
                    WHEN place <= CEIL(0.5 * n) THEN 'silver' ELSE 'bronze' END AS tier,
               SUM(revenue) AS revenue
        FROM ranked GROUP BY tier""")
    return table.set_index("tier")["revenue"]


@reference("02.rfm_by_hand", one_cell_changed)
def rfm_by_hand(store, con):
    return rfm_sql(con, store.end_date).set_index("customer_id")[["frequency", "monetary"]]


@reference("02.second_largest_segment", other_letters)
def second_largest_segment(store, con):
    counts = segments(rfm_sql(con, store.end_date)).value_counts()
    second = counts.sort_values(ascending=False, kind="stable").index[1]
    return letter_of(by_id()["02.second_largest_segment"], second)


@reference("02.champions_share", scaled)
def champions_share(store, con):
    rfm = rfm_sql(con, store.end_date)
    seg = segments(rfm).to_numpy()
    money = rfm["monetary"].to_numpy(float)
    return money[seg == "champions"].sum() / money.sum()


@reference("02.biggest_wallet", other_letters)
def biggest_wallet(store, con):
    seg = segments(rfm_sql(con, store.end_date))
    latest = (store.surveys.sort_values(["customer_id", "survey_date", "survey_id"])
              .groupby("customer_id").tail(1))
    answers = pd.DataFrame({"segment": latest["customer_id"].map(seg).to_numpy(),
                            "spend": latest["monthly_category_spend"].to_numpy(float)})
    stats = answers.pivot_table(index="segment", values="spend", aggfunc=["count", "mean"])
    stats.columns = ["responses", "spend"]
    trusted = stats[stats["responses"] >= 20]
    return letter_of(by_id()["02.biggest_wallet"], trusted["spend"].idxmax())


@reference("02.high_value_high_need", off_by_one)
def high_value_high_need(store, con):
    return sql_value(con, """
        WITH per AS (
            SELECT o.customer_id, o.revenue, o.n_orders, COALESCE(t.cost, 0) AS cost
            FROM (SELECT customer_id, SUM(revenue) AS revenue, COUNT(*) AS n_orders
                  FROM orders GROUP BY customer_id) AS o
            LEFT JOIN (SELECT customer_id, SUM(handling_cost) AS cost FROM tickets
                       GROUP BY customer_id) AS t ON t.customer_id = o.customer_id),
        ranked AS (
            SELECT *, ROW_NUMBER() OVER (ORDER BY revenue DESC, customer_id) AS place,
                   COUNT(*) OVER () AS n,
                   SUM(cost) OVER () * 1.0 / SUM(n_orders) OVER () AS average_need
            FROM per)
        SELECT COUNT(*) FROM ranked
        WHERE place <= CEIL(0.2 * n) AND cost * 1.0 / n_orders > average_need""")


@reference("02.gold_channels", item_missing_or_extra("marketplace"))
def gold_channels(store, con):
    profit = gold_by_profit(con)
    channel = store.customers[["customer_id", "channel"]].astype({"channel": str})
    flags = channel.merge(profit[["customer_id", "gold"]], how="left")
    flags["gold"] = flags["gold"].fillna(False).astype(bool)
    shares = pd.crosstab(flags["channel"], flags["gold"], normalize="columns")
    overall = flags["channel"].value_counts(normalize=True)
    index = (100 * shares[True] / overall.reindex(shares.index)).round(1)
    return sorted(index[index > 100].index)


@reference("02.attractive_channel", other_letters)
def attractive_channel(store, con):
    profit = gold_by_profit(con)
    table = store.customers[["customer_id", "channel"]].merge(profit, on="customer_id")
    per_customer = table.pivot_table(index="channel", values="profit", aggfunc="mean",
                                     observed=True)["profit"]
    return letter_of(by_id()["02.attractive_channel"], str(per_customer.idxmax()))


@reference("02.best_k", lambda answer, ex: [answer + 1, answer - 1 if answer > 2 else 7])
def best_k(store, con):
    """k-means written out with sklearn directly, on other random starts, with the
    silhouette on another sample (every fourth customer) than the helper's."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from threadpoolctl import threadpool_limits

    rfm = rfm_sql(con, store.end_date)
    x = np.log1p(rfm[["recency_days", "frequency", "monetary"]].to_numpy(float))
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    sample = np.arange(0, len(x), 4)
    silhouettes = {}
    with threadpool_limits(1):  # a few thousand rows: one thread is much faster
        for k in range(2, 8):
            labels = KMeans(n_clusters=k, random_state=11, n_init=2).fit_predict(x)
            silhouettes[k] = silhouette_score(x[sample], labels[sample])
    return max(silhouettes, key=silhouettes.get)


FIXABLE = ("lower price elsewhere", "service failure",   # the lessons: price, our service
           "found something better")                        # or our offer


@reference("02.winback_count", off_by_one)
def winback_count(store, con):
    revenue = customer_revenue_sql(con)
    median = float(np.median(revenue["revenue"].to_numpy()))
    return sql_value(con, """
        SELECT COUNT(*) FROM defections AS d
        LEFT JOIN (SELECT customer_id, SUM(revenue) AS revenue FROM orders
                   GROUP BY customer_id) AS o ON o.customer_id = d.customer_id
        WHERE d.reason IN (:price, :service, :offer) AND COALESCE(o.revenue, 0) >= :median""",
                     price=FIXABLE[0], service=FIXABLE[1], offer=FIXABLE[2], median=median)


@reference("02.lost_by_reason", one_cell_changed)
def lost_by_reason(store, con):
    table = sql(con, """
        SELECT d.reason, SUM(COALESCE(o.revenue, 0)) AS revenue
        FROM defections AS d
        LEFT JOIN (SELECT customer_id, SUM(revenue) AS revenue FROM orders
                   GROUP BY customer_id) AS o ON o.customer_id = d.customer_id
        GROUP BY d.reason""")
    return table.set_index("reason")["revenue"]


@reference("02.explorer_lost", other_letters)
def explorer_lost(store, con):
    rfm = rfm_sql(con, store.end_date)
    narrow = (segments(rfm, recency_step=30) == "lost").mean()
    wide = (segments(rfm, recency_step=180) == "lost").mean()
    return "A" if wide < narrow else ("B" if wide > narrow else "C")


# ---- lesson 03 -------------------------------------------------------------------------------

ORDER_MARGIN_SQL = """
    SELECT o.order_id, o.customer_id, o.order_date, o.revenue - COALESCE(SUM(l.quantity * p.unit_cost), 0) AS margin
    FROM orders o LEFT JOIN order_lines l ON l.order_id = o.order_id
    LEFT JOIN products p ON p.product_id = l.product_id
    GROUP BY o.order_id"""


def first_year_margin_sql(con) -> pd.Series:
    """Each customer's margin from the orders of their first 365 days (0 if none), from SQL."""
    table = sql(con, f"""
        SELECT c.customer_id, COALESCE(SUM(CASE WHEN m.order_date >= c.signup_date
               AND m.order_date < date(c.signup_date, '+365 days') THEN m.margin END), 0) AS v
        FROM customers c LEFT JOIN ({ORDER_MARGIN_SQL}) m ON m.customer_id = c.customer_id
        GROUP BY c.customer_id""")
    return table.set_index("customer_id")["v"]


def rates_sql(con, where: str) -> pd.DataFrame:
    """Treated and control counts and response rates of the contacts of campaigns `where`."""
    table = sql(con, f"""
        SELECT k."group" AS grp, COUNT(*) AS n, AVG(k.responded) AS rate
        FROM contacts k JOIN campaigns c ON c.campaign_id = k.campaign_id
        WHERE {where} GROUP BY k."group" """)
    return table.set_index("grp")


@reference("03.customer_rate", one_cell_changed)
def customer_rate(store, con):
    table = sql(con, "SELECT source, COUNT(customer_id) * 1.0 / COUNT(*) AS rate FROM prospects "
                     "GROUP BY source")
    return table.set_index("source")["rate"]


@reference("03.wasted_leads", other_letters)
def wasted_leads(store, con):
    source = sql_value(con, "SELECT source FROM prospects GROUP BY source "
                            "ORDER BY COUNT(*) - COUNT(customer_id) DESC LIMIT 1")
    return letter_of(by_id()["03.wasted_leads"], source)


@reference("03.payback_months", scaled, rel=1e-6)
def payback_months(store, con):
    spend = sql_value(con, "SELECT SUM(total_cost) FROM campaigns WHERE type = 'acquisition' "
                           "AND channel = 'paid_social'")
    won = sql_value(con, """
        SELECT COUNT(DISTINCT c.customer_id) FROM customers c JOIN campaigns k
          ON k.channel = c.channel AND k.type = 'acquisition'
         AND c.signup_date BETWEEN k.start_date AND k.end_date
        WHERE c.channel = 'paid_social'""")
    ids = sql(con, "SELECT customer_id FROM customers WHERE channel = 'paid_social'")["customer_id"]
    margin = first_year_margin_sql(con).loc[ids].mean()
    return (spend / won) / (margin / 12)


@reference("03.advocate_worth", scaled, rel=1e-6)
def advocate_worth(store, con):
    parent = sql(con, "SELECT customer_id, referred_by FROM customers WHERE referred_by IS NOT "
                      "NULL").set_index("customer_id")["referred_by"]
    value = first_year_margin_sql(con)
    credit: dict[int, float] = {}
    for customer, up in parent.items():   # credit each customer to three ancestors at most
        for _ in range(3):
            credit[int(up)] = credit.get(int(up), 0.0) + float(value[customer])
            if up not in parent.index:
                break
            up = parent[up]
    return float(np.mean([credit[a] for a in parent.unique()]))


@reference("03.offer_rates", one_cell_changed)
def offer_rates(store, con):
    table = sql(con, """
        SELECT c.offer, k."group" AS grp, AVG(k.responded) AS rate
        FROM contacts k JOIN campaigns c ON c.campaign_id = k.campaign_id
        WHERE c.type = 'retention' GROUP BY c.offer, k."group" """)
    return table.set_index(["offer", "grp"])["rate"].rename_axis(["offer", "group"])


@reference("03.caused_share", scaled)
def caused_share(store, con):
    r = rates_sql(con, "c.type = 'retention' AND c.offer = 'discount'")["rate"]
    return (r["treatment"] - r["control"]) / r["treatment"]


@reference("03.discount_roi", scaled, rel=1e-6)
def discount_roi(store, con):
    where = "c.type = 'retention' AND c.offer = 'discount'"
    r = rates_sql(con, where)
    cost = sql_value(con, f"SELECT SUM(total_cost) FROM campaigns c WHERE {where}")
    margin = sql_value(con, f"""
        SELECT AVG(m.margin) FROM contacts k JOIN campaigns c ON c.campaign_id = k.campaign_id
        JOIN ({ORDER_MARGIN_SQL}) m ON m.order_id = k.order_id
        WHERE c.type = 'retention' AND k."group" = 'treatment' AND k.responded = 1""")
    extra = (r.loc["treatment", "rate"] - r.loc["control", "rate"]) * r.loc["treatment", "n"]
    return (extra * margin - cost) / cost


@reference("03.sample_for_whom", other_letters)
def sample_for_whom(store, con):
    table = sql(con, """
        SELECT julianday(k.contact_date) - julianday(u.signup_date) AS days, k."group" AS grp,
               k.responded FROM contacts k JOIN campaigns c ON c.campaign_id = k.campaign_id
        JOIN customers u ON u.customer_id = k.customer_id
        WHERE c.type = 'retention' AND c.offer = 'free sample'""")
    table["band"] = np.select([table["days"] < 180, table["days"] < 365],
                              ["0-179 days", "180-364 days"], "365+ days")
    rates = table.pivot_table(index="band", columns="grp", values="responded", aggfunc="mean")
    best = (rates["treatment"] - rates["control"]).idxmax()
    return letter_of(by_id()["03.sample_for_whom"], best)


@reference("03.top_fifth_capture", scaled, rel=1e-6)
def top_fifth_capture(store, con):
    from sklearn.linear_model import LogisticRegression

    leads = sql(con, "SELECT created_date, email_opens, site_visits, sample_requested, "
                     "customer_id IS NOT NULL AS bought FROM prospects")
    signals = ["email_opens", "site_visits", "sample_requested"]
    old, new = leads[leads["created_date"] < "2025-01-01"], leads[leads["created_date"] >= "2025-01-01"]
    model = LogisticRegression(max_iter=1000).fit(old[signals].astype(float), old["bought"] == 1)
    score = model.predict_proba(new[signals].astype(float))[:, 1]
    bought = new["bought"].to_numpy()[np.argsort(-score, kind="stable")]
    n = math.ceil(len(bought) / 5)   # the first of five equal groups
    return bought[:n].sum() / bought.sum()


@reference("03.trailing_attributes", item_missing_or_extra("product_quality"))
def trailing_attributes(store, con):
    b = sql(con, "SELECT * FROM benchmark").set_index("company")
    us, rivals = b.loc["Steep & Grind"], b.drop(index="Steep & Grind")
    lower_better = {"price_index", "delivery_days"}
    return [a for a in ["price_index", "delivery_days", "product_quality", "service_rating"]
            if (us[a] > rivals[a].min() if a in lower_better else us[a] < rivals[a].max())]


@reference("03.winback_cost", scaled)
def winback_cost(store, con):
    r = rates_sql(con, "c.type = 'win-back'")
    spend = sql_value(con, "SELECT SUM(total_cost) FROM campaigns WHERE type = 'win-back'")
    return spend / ((r.loc["treatment", "rate"] - r.loc["control", "rate"]) * r.loc["treatment", "n"])


@reference("03.explorer_half_margin", other_letters)
def explorer_half_margin(store, con):
    latest = sql_value(con, "SELECT MAX(campaign_id) FROM campaigns WHERE type = 'retention' "
                            "AND offer = 'discount'")
    r = rates_sql(con, f"c.campaign_id = {latest}")
    cost = sql_value(con, f"SELECT total_cost FROM campaigns WHERE campaign_id = {latest}")
    margin = sql_value(con, f"""
        SELECT AVG(m.margin) FROM contacts k JOIN ({ORDER_MARGIN_SQL}) m ON m.order_id = k.order_id
        WHERE k.campaign_id = {latest} AND k."group" = 'treatment'""")
    extra = (r.loc["treatment", "rate"] - r.loc["control", "rate"]) * r.loc["treatment", "n"]
    return "A" if extra * margin / 2 > cost else "B"
# ---- lesson 05 -------------------------------------------------------------------------------

CONCEPT_LETTERS_05 = {
    # same frequency, later last purchase: the model still sees the recent buyer as active
    "05.same_frequency": "A",
    # support 0.3 against chance 0.6 x 0.5 = 0.3: lift 1, no more than chance
    "05.quiz_lift": "B",
    # a regular's long silence is unusual, so the model reads it as a likely departure
    "05.quiz_alive": "B",
    # a suggestion in the moment, from what the customer is buying now
    "05.quiz_privacy": "B",
}
for _id in CONCEPT_LETTERS_05:
    reference(_id, other_letters)((lambda i: lambda store, con: CONCEPT_LETTERS_05[i])(_id))


def wallet_sql(con) -> pd.DataFrame:
    """Share of wallet at each customer's latest survey, in SQL."""
    return sql(con, """
        WITH latest AS (
            SELECT customer_id, survey_date, monthly_category_spend FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id
                                             ORDER BY survey_date DESC, survey_id DESC) AS k
                FROM surveys) WHERE k = 1),
        here AS (
            SELECT l.customer_id, SUM(o.revenue) / 12.0 AS monthly FROM latest AS l
            JOIN orders AS o ON o.customer_id = l.customer_id
             AND julianday(o.order_date) <= julianday(l.survey_date)
             AND julianday(o.order_date) > julianday(l.survey_date) - 365
            GROUP BY l.customer_id)
        SELECT l.customer_id, MIN(COALESCE(h.monthly, 0) / l.monthly_category_spend, 1.0) AS share,
               MAX(l.monthly_category_spend - COALESCE(h.monthly, 0), 0.0) AS room
        FROM latest AS l LEFT JOIN here AS h ON h.customer_id = l.customer_id""")


@reference("05.wallet_median", scaled)
def wallet_median(store, con):
    return float(np.median(wallet_sql(con)["share"].to_numpy()))


@reference("05.room_tier", other_letters)
def room_tier(store, con):
    revenue = customer_revenue_sql(con).sort_values(["revenue"], ascending=False, kind="stable")
    n = len(revenue)
    tier = np.where(np.arange(n) < math.ceil(0.2 * n), "gold",
                    np.where(np.arange(n) < math.ceil(0.5 * n), "silver", "bronze"))
    tiers = pd.Series(tier, index=revenue["customer_id"].to_numpy())
    w = wallet_sql(con)
    room = w.groupby(w["customer_id"].map(tiers))["room"].sum()
    return letter_of(by_id()["05.room_tier"], str(room.idxmax()))


def pairs_sql(con) -> pd.DataFrame:
    return sql(con, """
        WITH lines AS (SELECT DISTINCT order_id, product_id FROM order_lines),
        n AS (SELECT COUNT(DISTINCT order_id) AS orders FROM lines),
        per AS (SELECT product_id, COUNT(*) AS k FROM lines GROUP BY product_id)
        SELECT x.product_id AS a, y.product_id AS b, COUNT(*) AS together,
               COUNT(*) * 1.0 / pa.k AS conf_ab, COUNT(*) * 1.0 / pb.k AS conf_ba,
               COUNT(*) * 1.0 * (SELECT orders FROM n) / (pa.k * pb.k) AS lift
        FROM lines AS x JOIN lines AS y ON x.order_id = y.order_id AND x.product_id < y.product_id
        JOIN per AS pa ON pa.product_id = x.product_id JOIN per AS pb ON pb.product_id = y.product_id
        GROUP BY x.product_id, y.product_id HAVING COUNT(*) >= 20
        ORDER BY lift DESC, together DESC""")


@reference("05.strong_pairs", off_by_one)
def strong_pairs(store, con):
    return int((pairs_sql(con)["lift"] >= 3).sum())


@reference("05.suggestions", item_missing_or_extra("Espresso cups (set of 2)"))
def suggestions(store, con):
    pairs = pairs_sql(con)
    names = store.products.set_index("product_id")["name"]
    pid = int(store.products.loc[store.products["name"] == "Cold Brew coarse grind 500 g",
                                 "product_id"].iloc[0])
    side = pd.concat([pairs[pairs["a"] == pid].rename(columns={"b": "other", "conf_ab": "conf"}),
                      pairs[pairs["b"] == pid].rename(columns={"a": "other", "conf_ba": "conf"})])
    side = side[side["lift"] > 1].sort_values(["conf", "lift"], ascending=False).head(3)
    return [names[int(p)] for p in side["other"]]


@reference("05.bundle_break_even", scaled)
def bundle_break_even(store, con):
    top = pairs_sql(con).iloc[0]
    p = store.products.set_index("product_id")
    price = p.loc[int(top["a"]), "price"] + p.loc[int(top["b"]), "price"]
    away = 0.05 * price
    extra = p.loc[int(top["b"]), "price"] - p.loc[int(top["b"]), "unit_cost"] - away
    q = top["conf_ab"]
    return float(q * away / ((1 - q) * extra))


def fatigue_sql(con) -> pd.DataFrame:
    """Rates by messages sent (treatment group) in the past 365 days: a self-merge of each
    customer's contacts."""
    c = sql(con, """SELECT contact_id, customer_id, julianday(contact_date) AS day, responded,
                    unsubscribed, complained FROM contacts
                    WHERE customer_id IS NOT NULL AND "group" = 'treatment'""")
    pairs = c.merge(c[["customer_id", "day"]], on="customer_id", suffixes=("", "_p"))
    pairs = pairs[(pairs["day_p"] <= pairs["day"]) & (pairs["day_p"] > pairs["day"] - 365)]
    c["n"] = c["contact_id"].map(pairs.groupby("contact_id").size())
    return c.groupby("n").agg(contacts=("contact_id", "size"), resp=("responded", "mean"),
                              unsub=("unsubscribed", "mean"),
                              compl=("complained", "mean")).reset_index()


@reference("05.fatigue_ratio", scaled, rel=1e-6)
def fatigue_ratio(store, con):
    f = fatigue_sql(con).set_index("n")["unsub"]
    return float(f.loc[6] / f.loc[1])


@reference("05.opt_in_letters", off_by_one)
def opt_in_letters(store, con):
    return int(sql_value(con, """SELECT COUNT(*) FROM contacts AS c JOIN customers AS u
                                 ON u.customer_id = c.customer_id
                                 WHERE u.marketing_opt_in = 0 AND c."group" = 'treatment'"""))


@reference("05.best_cap", off_by_one)
def best_cap(store, con):
    from crm_lessons.exercises.lesson05_refs import response_value, unsubscribe_value

    f = fatigue_sql(con)
    net = np.cumsum(f["resp"] * response_value(store) - f["unsub"] * unsubscribe_value(store)
                    - f["compl"] * 20.0)
    return int(f["n"].iloc[int(np.argmax(net.to_numpy()))])


@reference("05.simple_value", scaled)
def simple_value(store, con):
    t = np.arange(1, 3000)
    return float((40 * 0.6 ** (t - 1) / 1.1 ** t).sum())


@reference("05.winback_value", scaled, rel=1e-6)
def winback_value(store, con):
    from crm_lessons.exercises.lesson05_refs import cdnow_fits

    _, _, _, value, alive = cdnow_fits()
    return float(value[(alive < 0.5) & (value >= 20)].sum())


@reference("05.stop_subsidising", scaled, rel=1e-6)
def stop_subsidising(store, con):
    profit = sql(con, """
        WITH lines AS (
            SELECT o.customer_id, SUM(l.quantity * l.unit_price - l.returned_quantity * l.unit_price
                                      - (l.quantity - l.returned_quantity) * p.unit_cost) AS m
            FROM order_lines AS l JOIN orders AS o ON o.order_id = l.order_id
            JOIN products AS p ON p.product_id = l.product_id GROUP BY o.customer_id),
        disc AS (SELECT customer_id, SUM(discount) AS d FROM orders GROUP BY customer_id),
        tick AS (SELECT customer_id, SUM(handling_cost) AS t FROM tickets GROUP BY customer_id)
        SELECT d.customer_id, ROUND(COALESCE(l.m, 0) - d.d - COALESCE(t.t, 0), 2) AS profit
        FROM disc AS d LEFT JOIN lines AS l ON l.customer_id = d.customer_id
        LEFT JOIN tick AS t ON t.customer_id = d.customer_id""")
    return float(-profit.loc[profit["profit"] < 0, "profit"].sum())


@reference("05.tenth_orders", off_by_one)
def tenth_orders(store, con):
    month = store.end_date.strftime("%Y-%m")
    return int(sql_value(con, """
        SELECT COUNT(*) FROM (SELECT order_date, ROW_NUMBER() OVER (
            PARTITION BY customer_id ORDER BY order_date, order_id) AS k FROM orders)
        WHERE k = 10 AND substr(order_date, 1, 7) = :month""", month=month))
# ---- lesson 04 -------------------------------------------------------------------------------
# Dates are 'YYYY-MM-DD' text in the database, so they compare and cut (substr) as text.


def silent_share_sql(con, end_date, days: int) -> float:
    cut = day(pd.Timestamp(end_date) - pd.Timedelta(days=days))
    return sql_value(con, """
        WITH c AS (SELECT customer_id, MIN(order_date) AS f, MAX(order_date) AS l
                   FROM orders GROUP BY customer_id)
        SELECT AVG(CASE WHEN l <= :cut THEN 1.0 ELSE 0.0 END) FROM c WHERE f <= :cut""", cut=cut)


@reference("04.silent_year", scaled)
def silent_year(store, con):
    return silent_share_sql(con, store.end_date, 365)


@reference("04.threshold_moves", other_letters)
def threshold_moves(store, con):
    short, long = (silent_share_sql(con, store.end_date, n) for n in (90, 365))
    return "A" if long < short else ("B" if long > short else "C")


@reference("04.cohort_month3", scaled)
def cohort_month3(store, con):
    return sql_value(con, """
        WITH f AS (SELECT customer_id, MIN(substr(order_date, 1, 7)) AS m FROM orders
                   GROUP BY customer_id)
        SELECT AVG(CASE WHEN EXISTS (SELECT 1 FROM orders AS o
                                     WHERE o.customer_id = f.customer_id
                                       AND substr(o.order_date, 1, 7) = '2023-10')
                   THEN 1.0 ELSE 0.0 END) FROM f WHERE m = '2023-07'""")


@reference("04.best_channel", other_letters)
def best_channel(store, con):
    o = store.orders
    month = pd.to_datetime(o["order_date"]).dt.year * 12 + pd.to_datetime(o["order_date"]).dt.month
    first = month.groupby(o["customer_id"]).transform("min")
    last = int(month.max())
    at12 = set(o.loc[(month - first) == 12, "customer_id"])
    starts = pd.DataFrame({"customer_id": o["customer_id"], "first": first}).drop_duplicates()
    starts = starts[starts["first"] + 12 <= last]
    channel = starts["customer_id"].map(store.customers.set_index("customer_id")["channel"])
    share = starts["customer_id"].isin(at12).groupby(channel.astype(str)).mean()
    return letter_of(by_id()["04.best_channel"], share.idxmax())


@reference("04.recommend_by_grade", one_cell_changed)
def recommend_by_grade(store, con):
    table = sql(con, "SELECT satisfaction, AVG(recommend) AS r FROM surveys "
                     "GROUP BY satisfaction")
    return table.set_index("satisfaction")["r"]


def yearly_revenue_np(store, until: pd.Series | None = None) -> pd.Series:
    """Revenue per year with us: revenue over the years from the first order to the end
    (or to `until`), at least a month."""
    o = store.orders
    per = o.groupby("customer_id").agg(rev=("revenue", "sum"), first=("order_date", "min"))
    stop = pd.Series(pd.Timestamp(store.end_date), index=per.index)
    if until is not None:
        stop = until.reindex(per.index).fillna(stop)
    years = np.maximum((stop - pd.to_datetime(per["first"])).dt.days.to_numpy() / 365, 1 / 12)
    return per["rev"] / years


@reference("04.kept_revenue", scaled, rel=1e-6)
def kept_revenue(store, con):
    open_ticket = sql(con, "SELECT customer_id, MIN(resolved) AS all_resolved FROM tickets "
                           "GROUP BY customer_id").set_index("customer_id")["all_resolved"]
    left = set(store.defections.loc[store.defections["defection_date"] <= store.end_date,
                                    "customer_id"])
    joined = store.customers.loc[store.customers["signup_date"] <= store.end_date, "customer_id"]
    groups = open_ticket.reindex(joined).dropna()
    gone = groups.index.isin(list(left))
    unresolved = (groups == 0).to_numpy()
    r_u, r_r = gone[unresolved].mean(), gone[~unresolved].mean()
    ids = groups.index[unresolved]
    revenue = yearly_revenue_np(store).reindex(ids).fillna(0).mean()
    return (r_u - r_r) * unresolved.sum() * revenue


def lost_value_np(store) -> pd.DataFrame:
    d = store.defections
    left = d.groupby("customer_id")["defection_date"].min()
    value = d["customer_id"].map(yearly_revenue_np(store, until=left)).fillna(0)
    table = value.groupby(d["reason"].astype(str)).sum().sort_values(ascending=False)
    return pd.DataFrame({"reason": table.index, "share": (table / table.sum()).to_numpy(),
                         "value": table.to_numpy()})


@reference("04.pareto_reasons", item_missing_or_extra("moved away"))
def pareto_reasons(store, con):
    table = lost_value_np(store)
    before = np.concatenate([[0.0], np.cumsum(table["share"].to_numpy())[:-1]])
    return table["reason"][before < 0.8].tolist()


@reference("04.fixable_value", scaled)
def fixable_value(store, con):
    table = lost_value_np(store)
    return float(table.loc[table["reason"].isin(FIXABLE), "value"].sum())


def window_orders(days_by_customer: dict, who, start, stop) -> np.ndarray:
    return np.array([((d >= start) & (d < stop)).sum()
                     for d in (days_by_customer.get(c, np.array([])) for c in who)])


@reference("04.programme_effect", scaled)
def programme_effect(store, con):
    o, c = store.orders, store.customers
    d = {k: v.to_numpy() for k, v in pd.to_datetime(o["order_date"]).groupby(o["customer_id"])}
    join = pd.to_datetime(c["loyalty_join_date"])
    month = pd.to_datetime(c["signup_date"]).dt.strftime("%Y-%m")
    pool = c[join.isna()].groupby(month[join.isna()])["customer_id"].apply(list)
    window = pd.Timedelta(days=180)
    change = {"member": [], "matched": []}
    for cid, j, m in zip(c["customer_id"], join, month, strict=True):
        if pd.isna(j) or j + window > pd.Timestamp(store.end_date) or m not in pool.index:
            continue
        cand = pool[m]
        mine = window_orders(d, [cid], j - window, j)[0]
        twin = cand[int(np.argmin(np.abs(window_orders(d, cand, j - window, j) - mine)))]
        for group, who in (("member", cid), ("matched", twin)):
            change[group].append(window_orders(d, [who], j, j + window)[0]
                                 - window_orders(d, [who], j - window, j)[0])
    return float(np.mean(change["member"]) - np.mean(change["matched"]))


# The churn model's fit is the lesson's input (the test customers and their risk, from
# retain.fit_churn_model); what is computed here without the helpers is what the student
# does with it: the riskiest tenth by a sort, the value at stake from the orders in SQL.


@reference("04.top_tenth_churn", scaled)
def top_tenth_churn(store, con):
    from crm_lessons.exercises.lesson04 import scored_customers
    scored = scored_customers(store)
    n = -(-len(scored) // 10)   # the first of ten equal groups holds the rounded-up tenth
    risky = np.argsort(-scored["risk"].to_numpy(), kind="stable")[:n]
    return float(scored["churned"].to_numpy()[risky].mean())


@reference("04.reached_value", scaled)
def reached_value(store, con):
    from crm_lessons.exercises.lesson04 import BUDGET, CHURN_CUTOFF, COST_PER_CALL, scored_customers
    scored = scored_customers(store)
    per = sql(con, """SELECT customer_id, SUM(revenue) AS rev, MIN(order_date) AS first
                      FROM orders WHERE order_date <= :cut GROUP BY customer_id""",
              cut=CHURN_CUTOFF).set_index("customer_id")
    years = np.maximum((pd.Timestamp(CHURN_CUTOFF) - pd.to_datetime(per["first"])).dt.days
                       / 365, 1 / 12)
    stake = scored["risk"] * (per["rev"] / years).reindex(scored.index).fillna(0)
    return float(np.sort(stake.to_numpy())[::-1][:BUDGET // COST_PER_CALL].sum())


@reference("04.prospects_climbed", off_by_one)
def prospects_climbed(store, con):
    now, then = day(store.end_date), day(pd.Timestamp(store.end_date) - pd.Timedelta(days=365))
    return sql_value(con, """
        WITH n AS (SELECT c.customer_id,
                          (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.customer_id
                             AND o.order_date <= :then) AS before,
                          (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.customer_id
                             AND o.order_date <= :now) AS after
                   FROM customers AS c)
        SELECT COUNT(*) FROM n
        WHERE before = 0 AND (after >= 2 OR (after >= 1 AND customer_id IN (
            SELECT referred_by FROM customers WHERE referred_by IS NOT NULL
              AND signup_date <= :now)))""", then=then, now=now)


@reference("04.naive_rate", scaled)
def naive_rate(store, con):
    s = store.subscriptions[store.subscriptions["plan"].astype(str) == "monthly"]
    start = pd.to_datetime(s["start_date"])
    cohort = s[start.dt.year == start.dt.year.min()]
    st, end = pd.to_datetime(cohort["start_date"]), pd.Timestamp(store.end_date)
    months = (end.year - st.dt.year) * 12 + end.month - st.dt.month - (st.dt.day > end.day)
    horizon = int(months.min()) + 1
    paid = cohort["periods_paid"].to_numpy()
    return float(((paid > horizon - 1).sum() / len(paid)) ** (1 / (horizon - 1)))


# Concept questions: the letter from reading the lesson, with the reason.
@reference("04.quiz_retention", other_letters)
def quiz_retention(store, con):
    return "B"  # section 1: most lapsed customers never said they were leaving


@reference("04.quiz_leakage", other_letters)
def quiz_leakage(store, con):
    return "C"  # section 7: the model may know only what was known on the cut-off date


@reference("04.quiz_sbg", other_letters)
def quiz_sbg(store, con):
    return "B"  # section 9: the likely leavers leave first, so the loyal ones remain



# ---- the tests -------------------------------------------------------------------------------


# ---- lesson 06 -------------------------------------------------------------------------------
# The plan rebuilt with SQL and numpy: the segments a year before the end (the lesson-02 rules
# above), who bought in the last year and their profit in it, and the closed form of the
# course's discounting, value = (margin - cost - acquisition * (1 - r)) / (1 + d - r).

# per level: cost per customer per year, retention gain in campaign lifts, spend gain
PLAN_LEVELS = [("basic", 0.0, 0.0, 0.0), ("reactive", 1.0, 0.5, 0.0),
               ("accountable", 4.0, 1.0, 0.02), ("proactive", 10.0, 2.0, 0.05),
               ("full partnership", 22.0, 3.0, 0.20)]

YEAR_PROFIT_SQL = LINE_CTE + """,
sales AS (
    SELECT o.customer_id,
           SUM(COALESCE(line.gross, 0) - o.discount - COALESCE(line.refunds, 0)
               - COALESCE(line.goods, 0)) AS margin
    FROM orders AS o LEFT JOIN line ON line.order_id = o.order_id
    WHERE o.order_date > :start AND o.order_date <= :end
    GROUP BY o.customer_id),
service AS (SELECT customer_id, SUM(handling_cost) AS cost FROM tickets
            WHERE opened_date > :start AND opened_date <= :end GROUP BY customer_id)
SELECT s.customer_id, s.margin - COALESCE(v.cost, 0) AS profit
FROM sales AS s LEFT JOIN service AS v ON v.customer_id = s.customer_id
"""


def plan_baseline_sql(store, con) -> pd.DataFrame:
    """Per segment (a year before the end): customers, retention, margin of those kept."""
    start = pd.Timestamp(store.end_date) - pd.Timedelta(days=365)
    seg = segments(rfm_sql(con, start)).rename_axis("customer_id").reset_index()
    profit = sql(con, YEAR_PROFIT_SQL, start=day(start), end=day(store.end_date))
    seg = seg.merge(profit, on="customer_id", how="left")
    seg["kept"] = seg["profit"].notna()
    groups = seg.groupby("segment")
    return pd.DataFrame({"customers": groups.size(), "retention": groups["kept"].mean(),
                         "margin": groups["profit"].mean()})


def retention_lift_sql(con) -> float:
    rates = sql(con, """
        SELECT c."group" AS grp, AVG(c.responded) AS rate FROM contacts AS c
        JOIN campaigns AS ca ON ca.campaign_id = c.campaign_id
        WHERE ca.type = 'retention' GROUP BY c."group" """).set_index("grp")["rate"]
    return float(rates["treatment"] - rates["control"])


def nets_by_hand(base: pd.DataFrame, lift: float, acq: float, d: float = 0.10,
                 cost_x: float = 1.0, gain_x: float = 1.0, spend_x: float = 1.0) -> pd.DataFrame:
    """Net value per customer of each segment (rows) at each level (columns)."""
    nets = {}
    for level, cost, times, spend in PLAN_LEVELS:
        r = np.maximum(np.minimum(base["retention"] + times * lift * gain_x, 0.95),
                       base["retention"].clip(upper=0.95))
        m = base["margin"] * (1 + spend * spend_x)
        nets[level] = (m - cost * cost_x - acq * (1 - r)) / (1 + d - r)
    return pd.DataFrame(nets)


def plan_levels_by_hand(store, con, discount: float = 0.10, acq_share: float = 1.0) -> pd.Series:
    nets = nets_by_hand(plan_baseline_sql(store, con), retention_lift_sql(con),
                        acquisition_cost_sql(con) * acq_share, discount)
    return nets.idxmax(axis=1)   # the first (cheaper) level wins a tie


def lower_moves(store, con, **kw) -> list:
    """The segments whose best level is a cheaper one under the changed plan."""
    rank = {level[0]: i for i, level in enumerate(PLAN_LEVELS)}
    base = plan_levels_by_hand(store, con).map(rank)
    other = plan_levels_by_hand(store, con, **kw).map(rank)
    return sorted(base.index[other < base])


@reference("06.champion_value", scaled, rel=1e-6)
def champion_value(store, con):
    row = plan_baseline_sql(store, con).loc["champions"]
    return row["margin"] / (1 + 0.10 - row["retention"])


@reference("06.full_partnership", item_missing_or_extra("lost"))
def full_partnership(store, con):
    best = plan_levels_by_hand(store, con)
    return sorted(best[best == "full partnership"].index)


def plan_total_by_hand(store, con, acq_share: float = 1.0) -> float:
    base = plan_baseline_sql(store, con)
    nets = nets_by_hand(base, retention_lift_sql(con), acquisition_cost_sql(con) * acq_share)
    return float((nets.max(axis=1) * base["customers"]).sum())


@reference("06.cheaper_acquisition", scaled, rel=1e-6)
def cheaper_acquisition(store, con):
    return plan_total_by_hand(store, con, 0.5) - plan_total_by_hand(store, con)


@reference("06.discount_rise", item_missing_or_extra("vip"))
def discount_rise(store, con):
    return lower_moves(store, con, discount=0.20)


@reference("06.robust_segments", item_missing_or_extra("vip"))
def robust_segments(store, con):
    """The segments whose best level survives every 20% move, each move rebuilt by hand."""
    base = plan_baseline_sql(store, con)
    lift, acq = retention_lift_sql(con), acquisition_cost_sql(con)
    plan = nets_by_hand(base, lift, acq).idxmax(axis=1)
    fragile = set()
    for x in (0.8, 1.2):
        for moved in (dict(cost_x=x), dict(gain_x=x), dict(spend_x=x), dict(d=0.10 * x)):
            other = nets_by_hand(base, lift, acq, **moved).idxmax(axis=1)
            fragile |= set(plan.index[plan != other])
        other = nets_by_hand(base, lift, acq * x).idxmax(axis=1)
        fragile |= set(plan.index[plan != other])
    return sorted(set(plan.index) - fragile)


def hospital_cells() -> pd.DataFrame:
    from crm_lessons import load_hospital

    return load_hospital().pivot_table(index="program_hospital", columns="period",
                                       values="came_back", aggfunc="mean", observed=True)


@reference("06.naive_returns", scaled)
def naive_returns(store, con):
    cells = hospital_cells()
    return cells.loc[True, "after"] - cells.loc[True, "before"]


@reference("06.did_returns", scaled)
def did_returns(store, con):
    cells = hospital_cells()
    return ((cells.loc[True, "after"] - cells.loc[True, "before"])
            - (cells.loc[False, "after"] - cells.loc[False, "before"]))


@reference("06.top_area", other_letters)
def top_area(store, con):
    from crm_lessons import load_hospital

    p = load_hospital()
    means = p.groupby(["program_hospital", "period"], observed=True)[
        ["security", "nursing", "doctors", "facilities", "food"]].mean()
    naive = means.loc[(True, "after")] - means.loc[(True, "before")]
    effect = naive - (means.loc[(False, "after")] - means.loc[(False, "before")])
    # places by sorting (1 = largest): the area the naive ranking lifts most
    place = {name: {a: i for i, a in enumerate(col.sort_values(ascending=False).index)}
             for name, col in (("naive", naive), ("effect", effect))}
    lift = {a: place["effect"][a] - place["naive"][a] for a in naive.index}
    return letter_of(by_id()["06.top_area"], max(lift, key=lift.get))


def test_every_graded_exercise_has_an_independent_reference():
    graded = [e.id for e in all_exercises() if e.graded]
    missing = [i for i in graded if i not in REFERENCES]
    assert not missing, (
        f"These graded exercises have no independent reference answer: {', '.join(missing)}. "
        "Add one to REFERENCES in tests/exercises/test_independent_references.py, computed "
        "without the crm_lessons helper the exercise uses (SQL, numpy, other pandas, or the "
        "letter with its reason).")
    stale = sorted(set(REFERENCES) - set(graded))
    assert not stale, (f"REFERENCES names exercises that are not graded exercises of "
                       f"all_exercises() (renamed or removed?): {', '.join(stale)}.")


def test_the_segment_rules_cover_the_whole_grid():
    for r in range(1, 6):
        for f in range(1, 6):
            for m in range(1, 6):
                assert segment_of(r, f, m)
    assert segment_of(1, 5, 5) == "can't lose them"  # the customer of 02.quiz_recency
    assert segment_of(5, 5, 4) == "champions" and segment_of(1, 1, 2) == "lost"


def as_frame(table: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """A table with its index labels as text and its rows sorted, for a plain comparison."""
    frame = table.to_frame("value") if isinstance(table, pd.Series) else table
    frame = frame.reset_index()
    frame = frame.astype({c: str for c in frame.columns
                          if not pd.api.types.is_numeric_dtype(frame[c])})
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def assert_same(answer: Any, expected: Any, exercise, rel: float) -> None:
    kind = exercise.kind
    if kind == "sql":  # an SQL answer is compared by what it returns
        connection = load_store().connect()
        answer = connection.execute(answer).fetchone()[0]
        connection.close()
        kind = "number"
    if kind == "number":
        assert math.isclose(float(answer), float(expected), rel_tol=rel, abs_tol=1e-12), (
            f"{exercise.id}: independent answer {float(answer)!r}, expected() {expected!r}")
    elif kind == "table":
        pd.testing.assert_frame_equal(as_frame(answer), as_frame(expected), check_dtype=False,
                                      check_names=False, rtol=max(rel, 1e-9))
    elif kind == "set":
        assert sorted(map(str, answer)) == sorted(map(str, expected)), exercise.id
    else:
        assert answer == expected, (
            f"{exercise.id}: independent letter {answer!r}, expected() {expected!r}")


@pytest.mark.parametrize("exercise_id", sorted(REFERENCES))
def test_independent_answer_passes_and_matches_expected(exercise_id, store, con):
    exercise = by_id().get(exercise_id)
    assert exercise is not None, f"{exercise_id} is not in all_exercises()"
    ref = REFERENCES[exercise_id]
    answer = ref.compute(store, con)
    result = exercise.check(answer)
    assert result, f"{exercise_id}: the independent answer {answer!r} is rejected: {result}"
    assert_same(answer, exercise.expected(), exercise, ref.rel)
    for wrong in ref.wrong(answer, exercise):
        rejected = exercise.check(wrong)
        assert not rejected, f"{exercise_id}: the wrong answer {wrong!r} is accepted"
