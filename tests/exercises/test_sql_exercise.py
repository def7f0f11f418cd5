"""crm_lessons.exercises.sql_exercise: an SQL answer is run read-only, with a time limit, on
the active store's database, and its one value is compared with the reference."""

import hashlib
import sqlite3

import pytest

from crm_lessons import load_store
from crm_lessons.exercises import lesson01
from crm_lessons.exercises.sql_exercise import SqlExercise, run_read_only

EX = lesson01.customers_with_tickets_sql


@pytest.fixture(autouse=True)
def _not_strict(monkeypatch):
    monkeypatch.delenv("CRM_LESSONS_STRICT", raising=False)


@pytest.fixture
def memory_con():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (x INTEGER)")
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(50)])
    yield con
    con.close()


# ---- running a query -------------------------------------------------------------------------

def test_a_read_runs_and_reports_the_tables_it_read(memory_con):
    run = run_read_only(memory_con, "SELECT COUNT(DISTINCT x) AS n FROM t")
    assert run.problem == "" and run.rows == [(50,)] and run.columns == ["n"]
    assert run.tables == {"t"}
    assert run_read_only(memory_con, "SELECT 5").tables == set()


@pytest.mark.parametrize("sql", ["DELETE FROM t", "WITH a AS (SELECT 1) DELETE FROM t",
                                 "INSERT INTO t VALUES (1)", "CREATE TABLE u (y)"])
def test_a_write_is_refused_even_on_a_writable_database(memory_con, sql):
    run = run_read_only(memory_con, sql)
    assert "refused" in run.problem, run.problem
    assert memory_con.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 50


def test_a_query_that_runs_too_long_is_stopped(memory_con):
    run = run_read_only(memory_con, "SELECT COUNT(*) FROM t a, t b, t c, t d, t e",
                        seconds=0.2)
    assert "more than 0.2 seconds" in run.problem and "join" in run.problem


def test_rows_are_capped(memory_con):
    run = run_read_only(memory_con, "SELECT x FROM t", max_rows=10)
    assert len(run.rows) == 10 and run.more


def test_the_shipped_database_is_opened_read_only_and_left_as_it_was():
    store = load_store()
    before = hashlib.sha256(store.sqlite_path.read_bytes()).hexdigest()
    for sql in ("DELETE FROM tickets", "WITH a AS (SELECT 1) DELETE FROM tickets",
                "SELECT COUNT(*) FROM tickets"):
        EX.check(sql)
    con = store.connect()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        con.execute("DELETE FROM tickets")
    con.close()
    assert hashlib.sha256(store.sqlite_path.read_bytes()).hexdigest() == before


# ---- the lesson's exercise -------------------------------------------------------------------

def test_the_reference_query_and_other_right_queries_pass():
    assert EX.check("SELECT COUNT(DISTINCT customer_id) FROM tickets")
    assert EX.check("select count(*) from (select customer_id from tickets group by 1)")
    assert EX.check("SELECT COUNT(*) FROM customers WHERE customer_id IN "
                    "(SELECT customer_id FROM tickets)")
    assert EX.kind == "sql" and "SELECT" in EX.wanted


@pytest.mark.parametrize("answer, words", [
    ("SELECT COUNT(*) FROM tickets", "number of tickets"),             # a named slip
    ("SELECT COUNT(*) FROM customers", "reads only customers"),
    ("SELECT 1479", "reads no table"),
    ("DELETE FROM tickets", "refused to run it"),
    ("SELECT COUNT(DISTINCT custmer_id) FROM tickets", "SQLite could not run your query: no "
                                                       "such column: custmer_id"),
    ("SELECT COUNT(*) FROM ticket", "The tables are:"),
    ("SELECT customer_id FROM tickets", "one number"),
    ("how many customers", "not an SQL query"),
])
def test_each_wrong_answer_gets_its_own_feedback(answer, words):
    result = EX.check(answer)
    assert not result and result.status == "incorrect" and words in result.message, \
        result.message


def test_the_right_number_without_sql_is_not_accepted():
    right = EX.expected()
    result = EX.check(right)
    assert not result and "the SQL query that computes it" in result.message
    assert not EX.check(str(int(right)))


def test_a_seeds_variant_is_queried_in_memory():
    from crm_lessons.exercises import use_store

    variant = load_store(seed=7)
    with use_store(variant):
        assert EX.check("SELECT COUNT(DISTINCT customer_id) FROM tickets")
        assert not EX.check("DELETE FROM tickets")
        assert EX.check("SELECT COUNT(DISTINCT customer_id) FROM tickets")   # nothing deleted


def test_a_made_up_sql_exercise_can_fail():
    """Self-test: an exercise whose reference is off by one rejects the right query."""
    from crm_lessons.exercises.binding import bind_exercises

    namespace = {"off_by_one": SqlExercise(
        question="q?", expected=lambda store: int(store.tickets["customer_id"].nunique()) + 1,
        solution='answer = """SELECT 1"""', hint="h", tables=["tickets"], tolerance=0)}
    bind_exercises(namespace, lesson="99")
    assert not namespace["off_by_one"].check("SELECT COUNT(DISTINCT customer_id) FROM tickets")
