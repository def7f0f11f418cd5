"""An exercise answered with an SQL query: the student gives the query's text, the check runs
it read-only on the active store's database, with a time limit, and compares its one value
with the reference.

The database is opened as the rest of the package opens it (``store.connect()``: the shipped
file by a read-only file URI, ``mode=ro``; a seed's variant in memory), then locked further:
``PRAGMA query_only``, an authorizer that allows only reading, and a progress handler that
stops the query after ``seconds``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crm_lessons.exercises.blank import holds_blank
from crm_lessons.exercises.exercise import Exercise
from crm_lessons.exercises.kinds import NumberKind
from crm_lessons.exercises.kinds.base import no
from crm_lessons.exercises.kinds.query import QUERY_EXAMPLE, one_value, read_query, sqlite_hint
from crm_lessons.exercises.kinds.reading import Unreadable, read_once
from crm_lessons.exercises.result import CheckResult
from crm_lessons.exercises.session import active_store

__all__ = ["SqlExercise", "QueryRun", "run_read_only"]

#: What a query may do: read tables and columns, call functions, recurse (WITH RECURSIVE).
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
            getattr(sqlite3, "SQLITE_RECURSIVE", 33)}


@dataclass
class QueryRun:
    """What running a query gave: its columns and first rows, the tables it read, and the
    reason it could not run ('' when it ran)."""

    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    more: bool = False                       # more rows than max_rows
    tables: set[str] = field(default_factory=set)
    problem: str = ""


def run_read_only(con: sqlite3.Connection, sql: str, *, seconds: float = 5.0,
                  max_rows: int = 1000) -> QueryRun:
    """Run one query on `con` allowing reads only, for at most `seconds`.

    >>> con = sqlite3.connect(":memory:")
    >>> _ = con.execute("CREATE TABLE t (x)"); _ = con.execute("INSERT INTO t VALUES (1)")
    >>> run_read_only(con, "SELECT COUNT(*) FROM t").rows
    [(1,)]
    >>> "refused" in run_read_only(con, "DELETE FROM t").problem
    True
    """
    run, denied = QueryRun(), []

    def authorize(action, arg1, arg2, db, trigger):
        if action == sqlite3.SQLITE_READ and arg1:
            run.tables.add(str(arg1).lower())
        if action in _ALLOWED:
            return sqlite3.SQLITE_OK
        denied.append(action)
        return sqlite3.SQLITE_DENY

    deadline = time.monotonic() + seconds
    con.execute("PRAGMA query_only = ON")
    con.set_authorizer(authorize)
    con.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        cursor = con.execute(sql)
        rows = cursor.fetchmany(max_rows + 1)
        run.columns = [d[0] for d in cursor.description or []]
        run.rows, run.more = rows[:max_rows], len(rows) > max_rows
    except sqlite3.Error as exc:
        run.problem = _problem(str(exc), denied, seconds, con)
    finally:
        con.set_authorizer(None)
        con.set_progress_handler(None, 0)
    return run


def _problem(error: str, denied: list, seconds: float, con: sqlite3.Connection) -> str:
    if denied or "not authorized" in error:
        return ("Your statement does more than read, so the check refused to run it: it runs "
                "only queries that read the data (SELECT ... FROM ...).")
    if error == "interrupted":
        return (f"Your query ran for more than {seconds:g} seconds and was stopped. A join "
                "without ON (or with the wrong columns) pairs every row with every other: "
                "check how your tables are joined.")
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return (f"SQLite could not run your query: {error.rstrip('.')}. "
            f"{sqlite_hint(error, tables)}")


class SqlExercise(Exercise):
    """An exercise whose answer is the text of an SQL query returning one number.

    Parameters
    ----------
    tables : sequence of str
        Tables the query must read (one of them at least); a query that reads none of them
        (``SELECT 2046``) is told so.
    tolerance, rel_tolerance : float, optional
        As for :class:`~crm_lessons.exercises.kinds.NumberKind`, on the query's value.
    seconds : float
        Time limit of one run.

    ``expected(store)`` gives the reference number; named slips are numbers too, compared
    with what the query returned.
    """

    def __init__(self, *, tables: Sequence[str] = (), tolerance: float | None = None,
                 rel_tolerance: float | None = None, seconds: float = 5.0,
                 **common: Any) -> None:
        super().__init__(NumberKind(tolerance=tolerance, rel_tolerance=rel_tolerance), **common)
        self.tables = tuple(t.lower() for t in tables)
        self.seconds = float(seconds)

    @property
    def kind(self) -> str:
        return "sql"

    @property
    def wanted(self) -> str:
        return f"the text of one SQL query, in quotes: {QUERY_EXAMPLE}"

    def _check(self, answer: Any) -> CheckResult:
        answer = read_once(answer)
        if isinstance(answer, Unreadable) or holds_blank(answer):
            return super()._check(answer)
        sql, problem = read_query(answer)
        if sql is None:  # not text, or text that is not one query that reads
            return self._result(no(problem, category="type" if not isinstance(answer, str)
                                   else "other"))
        value, problem = self._value_of(sql)
        if problem:
            return self._result(no(problem))
        return super()._check(value)

    def _value_of(self, sql: str) -> tuple[Any, str]:
        """The one value `sql` returns on the active store, or (None, why not)."""
        con = active_store().connect()
        try:
            run = run_read_only(con, sql, seconds=self.seconds)
        finally:
            con.close()
        if run.problem:
            return None, run.problem
        if self.tables and not run.tables & set(self.tables):
            where = " or ".join(self.tables)
            if not run.tables:
                return None, ("Your query ran but reads no table: a number written into the "
                              "query is not computed from the data. Compute it from "
                              f"{where} (FROM {self.tables[0]}).")
            return None, (f"Your query ran but reads only {', '.join(sorted(run.tables))}; "
                          f"what the task counts is in {where} (FROM {self.tables[0]}).")
        return one_value(run.columns, run.rows, run.more)
