"""crm_lessons.exercises.kinds.query: an SQL answer read as text, SQLite's errors explained,
and a result read as one value."""

import pandas as pd
import pytest

from crm_lessons.exercises.kinds.query import first_word, one_value, read_query, sqlite_hint


@pytest.mark.parametrize("text", ["SELECT COUNT(*) FROM tickets", "  select 1", "WITH a AS "
                                  "(SELECT 1) SELECT * FROM a", "-- a comment\nSELECT 1",
                                  "/* note */ (SELECT 1)"])
def test_a_query_is_read_as_it_is(text):
    sql, problem = read_query(text)
    assert sql == text.strip() and problem == ""


@pytest.mark.parametrize("text", ["DELETE FROM tickets", "drop table tickets", "PRAGMA x",
                                  "UPDATE tickets SET resolved = 1", "ATTACH 'x' AS y",
                                  "-- hidden\nINSERT INTO tickets VALUES (1)"])
def test_a_statement_that_is_not_a_read_is_refused_unread(text):
    sql, problem = read_query(text)
    assert sql is None and "refused to run it" in problem and first_word(text) in problem


@pytest.mark.parametrize("answer, words", [
    ("tickets", "not an SQL query"), ("", "empty text"), ("   ", "empty text"),
    ('pd.read_sql_query("SELECT 1", con)', "Python code"), ("1479", "written as text"),
    (1479, "the number 1,479"), (None, "None"), (pd.DataFrame({"n": [3]}), "result of a query"),
    (["SELECT 1"], "text of an SQL query"), (b"SELECT 1", "bytes"),
])
def test_anything_but_a_query_gets_its_own_message(answer, words):
    sql, problem = read_query(answer)
    assert sql is None and words in problem, problem
    assert '"""SELECT ... FROM ..."""' in problem or "bytes" in problem


@pytest.mark.parametrize("error, words", [
    ("no such table: ticket", "The tables are: customers, tickets"),
    ("no such column: custmer_id", "columns"), ('near "FROM": syntax error', "order of the parts"),
    ("misuse of aggregate: COUNT()", "HAVING"), ("ambiguous column name: customer_id", "t.customer_id"),
    ("incomplete input", "not closed"), ("something new", "Read SQLite's message"),
])
def test_each_sqlite_error_gets_a_teaching_hint(error, words):
    assert words in sqlite_hint(error, ["customers", "tickets"])


def test_a_result_must_be_one_value():
    assert one_value(["n"], [(7,)], False) == (7, "")
    assert "no rows" in one_value(["n"], [], False)[1]
    assert "3 rows and 1 column" in one_value(["n"], [(1,), (2,), (3,)], False)[1]
    assert "more than 2 rows" in one_value(["n"], [(1,), (2,)], True)[1]
    assert "2 columns" in one_value(["a", "b"], [(1, 2)], False)[1]
    assert "NULL" in one_value(["n"], [(None,)], False)[1]
