"""SQL answers read as text: is the answer a query, what did SQLite's error mean, and is its
result one value? Pure functions on text and rows; running the query is the exercise's job
(:mod:`crm_lessons.exercises.sql_exercise`).
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from crm_lessons.exercises.kinds.describe import describe, fmt

__all__ = ["QUERY_EXAMPLE", "WRITE_WORDS", "read_query", "sqlite_hint", "one_value"]

QUERY_EXAMPLE = 'answer = """SELECT ... FROM ..."""'

#: First words of statements that change the database or its settings: refused unread.
WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "CREATE", "DROP", "ALTER",
               "ATTACH", "DETACH", "PRAGMA", "VACUUM", "REINDEX", "ANALYZE", "BEGIN", "COMMIT",
               "END", "ROLLBACK", "SAVEPOINT", "RELEASE")

_COMMENTS = r"(?s)--[^\n]*|/\*.*?(\*/|$)"


def first_word(sql: str) -> str:
    """The statement's first keyword in capitals, comments and brackets skipped.

    >>> first_word("  -- count them\\n(select 1)")
    'SELECT'
    """
    text = re.sub(_COMMENTS, " ", sql).lstrip(" \t\r\n(")
    match = re.match(r"[A-Za-z_]+|\S+", text)
    return match.group(0).upper() if match else ""


def read_query(answer: Any) -> tuple[str | None, str]:
    """(the query text, '') when `answer` is the text of a query, else (None, why not).

    >>> read_query("SELECT 1")[0]
    'SELECT 1'
    >>> "refused to run it" in read_query("DELETE FROM tickets")[1]
    True
    """
    if isinstance(answer, bytes):
        return None, "Your answer is bytes; write the query as text between triple quotes."
    if not isinstance(answer, str):
        return None, _not_text(answer)
    sql = answer.strip()
    word = first_word(sql)
    if not word:
        return None, ("Your answer is empty text. Write the query between the triple quotes: "
                      f"{QUERY_EXAMPLE}")
    if word in WRITE_WORDS:
        return None, (f"Your answer is a {word} statement. The check refused to run it: it "
                      "runs only queries that read the data (SELECT ... FROM ...), never "
                      "statements that change the data or the database's settings.")
    if re.fullmatch(r"[-+]?[\d,.\s]+%?", sql):
        return None, (f"Your answer is the number {sql!r} written as text. The task asks for "
                      "the SQL query that computes it, which the check runs on the database: "
                      f"{QUERY_EXAMPLE}")
    if word not in ("SELECT", "WITH", "VALUES"):
        code = " It looks like Python code: give only the SQL inside it." if re.search(
            r"read_sql|pd\.|\(\s*con\b|\.iloc", sql) else ""
        return None, (f"Your answer is text, but not an SQL query: a query starts with SELECT "
                      f"(or WITH), and yours starts with {sql.split()[0][:20]!r}.{code} Write the whole query "
                      f"between triple quotes: {QUERY_EXAMPLE}")
    return sql, ""


def _not_text(answer: Any) -> str:
    if isinstance(answer, (pd.DataFrame, pd.Series)):
        return (f"Your answer is {describe(answer)}, the result of a query. The check wants the "
                f"query itself, as text, so that it can run it: {QUERY_EXAMPLE}")
    if isinstance(answer, (numbers.Number, np.generic)) and not isinstance(answer, bool):
        return (f"Your answer is the number {fmt(answer)}. The task asks for the SQL query that "
                "computes it, as text, which the check runs on the database: "
                f"{QUERY_EXAMPLE}")
    if answer is None:
        return f"Your answer is None. Put the text of your query in `answer`: {QUERY_EXAMPLE}"
    return (f"Your answer is {describe(answer)}, but the task wants the text of an SQL query: "
            f"{QUERY_EXAMPLE}")


# What a beginner usually did when SQLite says this (the first pattern found wins).
_HINTS = [
    ("no such table", "The tables are: {tables}. Check the spelling after FROM or JOIN."),
    ("no such column", "Check the column's spelling in the table you read: `store.tickets."
                       "columns` lists a table's columns. Text values go in single quotes: "
                       "'email'."),
    ("ambiguous column", "Two of your tables have that column: say which one you mean, as in "
                         "t.customer_id."),
    ("misuse of aggregate", "COUNT, SUM and the like cannot go in WHERE: WHERE keeps rows "
                            "before they are counted, HAVING keeps groups after."),
    ("incomplete input", "The query stops too early: is a bracket or a quote not closed?"),
    ("one statement at a time", "Give one query only: nothing after a semicolon."),
    ("syntax error", "Check the order of the parts (SELECT ... FROM ... WHERE ... GROUP BY "
                     "...), the commas between columns, and that brackets and quotes are "
                     "closed."),
]


def sqlite_hint(error: str, tables: Sequence[str] = ()) -> str:
    """A teaching hint for one of SQLite's error messages.

    >>> sqlite_hint("no such table: ticket", ["customers", "tickets"])
    'The tables are: customers, tickets. Check the spelling after FROM or JOIN.'
    """
    low = error.lower()
    for pattern, hint in _HINTS:
        if pattern in low:
            return hint.format(tables=", ".join(tables) or "those of `store`")
    return "Read SQLite's message: it names the word or the part of the query it could not use."


def one_value(columns: Sequence[str], rows: Sequence[tuple], more: bool) -> tuple[Any, str]:
    """The single value a query returned, or (None, why the result is not one value).

    >>> one_value(["n"], [(42,)], False)
    (42, '')
    """
    if not rows:
        return None, ("Your query ran but returns no rows. A count such as SELECT COUNT(...) "
                      "FROM ... always returns one row: check what your WHERE keeps.")
    if len(rows) > 1 or more or len(columns) > 1:
        n_rows = f"more than {len(rows):,}" if more else f"{len(rows):,}"
        return None, (f"Your query ran but returns {n_rows} row{'s' if len(rows) > 1 else ''} "
                      f"and {len(columns)} column{'s' if len(columns) > 1 else ''}; the "
                      "question wants one number. A query such as SELECT COUNT(...) FROM ... "
                      "returns one row with one value (GROUP BY gives one row per group).")
    value = rows[0][0]
    if value is None:
        return None, ("Your query ran but returns NULL (no value), which is what SUM or MAX "
                      "give over no rows: check what your WHERE keeps.")
    return value, ""
