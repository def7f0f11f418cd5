"""Nothing is asked before it is shown (STYLE.md, "The student's path").

For every exercise of every lesson from the primer on, the tools its reference solution uses
(pandas methods and attributes, functions, the operators that combine True/False masks, named
aggregation, and the SQL keywords of any query in it) must appear in a code cell of the same
lesson before the exercise's check cell, or anywhere in the primer
(notebooks/00b_python_for_crm.ipynb). The primer's own exercises may use only what the primer
showed before them.

A solution is the text of the exercise's ``solution`` (``Exercise.solution_code``); the cell
that checks it is found as the answer key finds it (``answer_key.exercise_cells``: a blank and
one ``ex.NAME.check(answer)`` line, or the tag "exercise").
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from crm_lessons.course import lesson_id, lesson_order
from crm_lessons.exercises.answer_key import (
    ExerciseCell,
    exercise_aliases,
    exercise_cells,
    lesson_notebooks,
)
from crm_lessons.paths import NOTEBOOKS_DIR

PRIMER = "00b"
PRIMER_FILE = "00b_python_for_crm.ipynb"

# Python builtins a student is not expected to have seen in a cell: they are plain Python,
# not pandas or SQL, and each is explained where an exercise's text or hint needs it.
BUILTINS = {
    "len",    # counting rows: shown on the start page and in the primer
    "round",  # rounding a number of customers to a whole one
    "sum", "min", "max", "abs",  # arithmetic on a list of numbers
    "list", "float", "int", "str", "sorted", "print",  # conversions and output
}

# SQL keywords, each a name and a pattern (case does not matter in SQL). Longer phrases first:
# COUNT(DISTINCT ...) is a tool of its own, beside COUNT and DISTINCT.
SQL_KEYWORDS = [
    ("COUNT(DISTINCT ...)", r"\bCOUNT\s*\(\s*DISTINCT\b"),
    ("GROUP BY", r"\bGROUP\s+BY\b"), ("ORDER BY", r"\bORDER\s+BY\b"),
    ("LEFT JOIN", r"\bLEFT\s+(OUTER\s+)?JOIN\b"), ("JOIN", r"\bJOIN\b"),
    ("SELECT", r"\bSELECT\b"), ("FROM", r"\bFROM\b"), ("WHERE", r"\bWHERE\b"),
    ("HAVING", r"\bHAVING\b"), ("LIMIT", r"\bLIMIT\b"), ("DISTINCT", r"\bDISTINCT\b"),
    ("COUNT", r"\bCOUNT\s*\("), ("SUM", r"\bSUM\s*\("), ("AVG", r"\bAVG\s*\("),
    ("MIN", r"\bMIN\s*\("), ("MAX", r"\bMAX\s*\("), ("AS", r"\bAS\b"), ("ON", r"\bON\b"),
    ("AND", r"\bAND\b"), ("OR", r"\bOR\b"), ("IN", r"\bIN\s*\("), ("LIKE", r"\bLIKE\b"),
    ("BETWEEN", r"\bBETWEEN\b"), ("CASE WHEN", r"\bCASE\s+WHEN\b"), ("UNION", r"\bUNION\b"),
    ("DESC", r"\bDESC\b"),
]
# Indexers: an attribute used with square brackets is a tool only if it is one of these
# (`store.customers["channel"]` picks a table, not a tool).
INDEXERS = {"loc", "iloc", "at", "iat"}

# Exercises allowed one tool no cell shows, with the reason. Keep it short.
EXEMPT = {
    # a choice answered by moving the explorer's slider; the reference solution reads the
    # helper behind the explorer, which the student never has to write
    ("02", "explorer_lost", "segment_mix"),
}
_IS_SQL = re.compile(r"\bSELECT\b", re.I)
_OPERATORS = {ast.BitAnd: "& (both masks true)", ast.BitOr: "| (either mask true)",
              ast.Invert: "~ (mask reversed)"}
NAMED_AGG = "agg(name=(column, function)) (named aggregation)"


def sql_keywords(text: str) -> set[str]:
    """The SQL keywords of `text` if it is a query (holds SELECT), else none."""
    if not _IS_SQL.search(text):
        return set()
    return {name for name, pattern in SQL_KEYWORDS if re.search(pattern, text, re.I)}


def _parse(code: str) -> ast.AST | None:
    # IPython magics and shell lines are not Python: leave them out
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def tools(code: str, constant: Callable[[str, str], object] | None = None,
          *, every_attribute: bool = False) -> set[str]:
    """The tools `code` uses: methods and functions it calls (``groupby``, ``read_sql_query``),
    attributes it indexes (``.loc[...]``, ``.iloc[...]``), mask operators, named aggregation,
    and the SQL keywords of its query strings. Builtins of BUILTINS are left out.

    With ``every_attribute`` (used for the cells that show tools) any attribute counts as shown,
    and ``constant(alias, NAME)`` may give the text of a constant a cell refers to, such as a
    query the cell prints (``print(goals.SINGLE_CUSTOMER_VIEW_SQL)``).
    """
    tree = _parse(code)
    if tree is None:
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                found.add(node.func.attr)
                if node.func.attr == "agg" and node.keywords:
                    found.add(NAMED_AGG)
            elif isinstance(node.func, ast.Name) and node.func.id not in BUILTINS:
                found.add(node.func.id)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
                and node.value.attr in INDEXERS:
            found.add(node.value.attr)
        elif isinstance(node, ast.Attribute) and every_attribute:
            found.add(node.attr)
            if constant and node.attr.isupper() and isinstance(node.value, ast.Name):
                text = constant(node.value.id, node.attr)
                if isinstance(text, str):
                    found |= sql_keywords(text)
        elif isinstance(node, (ast.BinOp, ast.UnaryOp)) and type(node.op) in _OPERATORS:
            found.add(_OPERATORS[type(node.op)])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= sql_keywords(node.value)
    return found


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _constants(nb) -> Callable[[str, str], object]:
    aliases = exercise_aliases(nb)

    def constant(alias: str, name: str) -> object:
        module = aliases.get(alias)
        if not module or not module.startswith("crm_lessons"):
            return None
        try:
            return getattr(importlib.import_module(module), name, None)
        except ImportError:
            return None

    return constant


def shown_in(nb, before: int | None = None) -> set[str]:
    """Every tool the code cells of `nb` use (those before cell `before`, if given)."""
    constant = _constants(nb)
    out: set[str] = set()
    for cell in nb.cells[:before]:
        if cell.get("cell_type") == "code":
            out |= tools(_source(cell), constant, every_attribute=True)
    return out


def unshown_tools(nb, lesson: str, solution_of: Callable[[ExerciseCell], str],
                  primer_tools: set[str]) -> list[str]:
    """One message per tool an exercise's solution uses that nothing showed before it."""
    problems = []
    for ec in exercise_cells(nb):
        shown = shown_in(nb, before=ec.index) | primer_tools
        for tool in sorted(tools(solution_of(ec)) - shown):
            if (lesson, ec.name, tool) in EXEMPT:
                continue
            problems.append(
                f"lesson {lesson}, exercise {ec.name} (cell {ec.index}): its solution uses "
                f"`{tool}`, which no code cell shows before the exercise, nor the primer. "
                f"Fix: use `{tool}` in a worked example earlier in lesson {lesson}, or teach it "
                f"in notebooks/{PRIMER_FILE} beside its spreadsheet equivalent.")
    return problems


def module_solutions(nb, path: Path) -> Callable[[ExerciseCell], str]:
    """The solution code of each exercise cell of a real lesson, from its exercise module."""
    aliases = exercise_aliases(nb)

    def solution_of(ec: ExerciseCell) -> str:
        name = aliases.get(ec.alias) or f"crm_lessons.exercises.lesson{lesson_id(path.name)}"
        return getattr(importlib.import_module(name), ec.name).solution_code

    return solution_of


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def primer_tools(folder: Path = NOTEBOOKS_DIR) -> set[str]:
    path = folder / PRIMER_FILE
    return shown_in(_read(path)) if path.is_file() else set()


# The start page comes before the primer: its two practice exercises give their code in the
# question and the hint, so it is held to no rule here.
LESSONS = [p for p in lesson_notebooks(NOTEBOOKS_DIR)
           if lesson_id(p.name) and lesson_order(lesson_id(p.name)) >= lesson_order(PRIMER)]


def test_the_primer_and_lessons_01_to_03_are_checked():
    ids = [lesson_id(p.name) for p in LESSONS]
    assert ids[:4] == ["00b", "01", "02", "03"], ids
    assert "06" in ids, ids   # the capstone, whatever lessons come between
    assert "05" in ids, ids


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_tool_a_solution_uses_was_shown_before(path):
    nb = _read(path)
    lesson = lesson_id(path.name)
    # the primer's own exercises may lean only on what the primer showed before them
    elsewhere = set() if lesson == PRIMER else primer_tools()
    problems = unshown_tools(nb, lesson, module_solutions(nb, path), elsewhere)
    assert not problems, "\n".join(problems)


# ---- the check itself ------------------------------------------------------------------------

def test_tools_reads_methods_functions_operators_and_sql():
    code = ('answer = view.groupby("region").agg(n=("id", "count"))\n'
            'x = t.loc[(t["a"] > 1) & ~t["b"], "c"].to_numpy()\n'
            'y = round(len(t)) + helper(t)\n'
            'q = pd.read_sql_query("SELECT COUNT(DISTINCT c) FROM t GROUP BY r", con)')
    assert tools(code) == {
        "groupby", "agg", NAMED_AGG, "loc", "to_numpy", "helper", "read_sql_query",
        "& (both masks true)", "~ (mask reversed)",
        "SELECT", "FROM", "COUNT(DISTINCT ...)", "COUNT", "DISTINCT", "GROUP BY"}
    assert sql_keywords("Select the rows you need") == {"SELECT"}  # a sentence is no query ...
    assert sql_keywords("the orders from March") == set()         # ... without SELECT


def _made_up_lesson(tmp_path: Path, worked_example: str) -> Path:
    cells = [
        nbformat.v4.new_markdown_cell("# 98 · A made-up lesson"),
        nbformat.v4.new_code_cell("from crm_lessons.exercises import ____, lesson98 as ex\n"
                                  "import pandas as pd"),
        nbformat.v4.new_code_cell(worked_example),
        nbformat.v4.new_code_cell("answer = ____\nex.best_region.check(answer)"),
        nbformat.v4.new_code_cell('shown_too_late = view["revenue"].idxmax()'),
    ]
    path = tmp_path / "98_made_up.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_the_check_fails_on_a_tool_not_shown_and_passes_once_a_cell_shows_it(tmp_path):
    solution = {"best_region": 'answer = view.groupby("region")["revenue"].sum().idxmax()'}

    def solution_of(ec: ExerciseCell) -> str:
        return solution[ec.name]

    # groupby and sum are shown before the exercise; idxmax only after it
    path = _made_up_lesson(tmp_path, 'view.groupby("region")["revenue"].sum()')
    problems = unshown_tools(_read(path), "98", solution_of, primer_tools=set())
    assert len(problems) == 1
    assert problems[0].startswith("lesson 98, exercise best_region (cell 3): its solution uses "
                                  "`idxmax`, which no code cell shows before the exercise")
    assert "Fix: use `idxmax` in a worked example earlier in lesson 98" in problems[0]
    # the primer counts wherever it shows the tool
    assert unshown_tools(_read(path), "98", solution_of, primer_tools={"idxmax"}) == []
    # and so does a cell of the lesson before the exercise
    path = _made_up_lesson(tmp_path, 'view.groupby("region")["revenue"].sum().idxmax()')
    assert unshown_tools(_read(path), "98", solution_of, primer_tools=set()) == []


def test_the_check_reads_the_sql_of_a_query_a_cell_prints(tmp_path):
    solution = {"best_region": 'answer = pd.read_sql_query("SELECT region FROM t '
                               'ORDER BY revenue DESC LIMIT 1", con)'}
    path = _made_up_lesson(tmp_path, 'pd.read_sql_query("SELECT region FROM t", con)')
    problems = unshown_tools(_read(path), "98", lambda ec: solution[ec.name], set())
    assert [p.split("`")[1] for p in problems] == ["DESC", "LIMIT", "ORDER BY"]
    nb = _read(path)
    nb.cells[2].source = "from crm_lessons import goals\nprint(goals.SINGLE_CUSTOMER_VIEW_SQL)"
    printed = shown_in(nb)
    from crm_lessons import goals

    assert sql_keywords(goals.SINGLE_CUSTOMER_VIEW_SQL) <= printed
