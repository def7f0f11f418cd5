"""Every hint's code runs as written, and so does every solution (STYLE.md, "Hints lead,
solutions finish").

For every exercise cell of every lesson notebook (later lessons included, found through the
answer key's own reading of the notebooks), the lesson's code cells are run up to that cell on
the shipped data (lesson_run_support.py), and each code fragment the exercise shows is run in
a copy of the namespace at that point. A fragment is code in backticks or in a fenced block of
a hint, or the whole solution.

Rules for fragments that are deliberately partial:
- a method written alone (it starts with a dot: `.nunique()`) names a tool and has no object
  to run on: it must parse as the tail of an expression, and is not run;
- SQL (a fragment that starts with an SQL keyword in capitals) is run on the lesson's `con`
  when it is a whole statement (SELECT ...), and not run when it is an expression;
- an operator named alone (`&`) is not run;
- a fragment with a placeholder, ``...`` (Python's Ellipsis, used for "your arguments here")
  or a blank of three or more underscores, must parse, and is not run.

Hints are shown as Markdown, so code written outside backticks shows as prose and would
escape this test: a call (`len(x)`), a method (`.sum()`) or a lesson variable followed by
`.` or `[` outside backticks fails too.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re

import pytest
from lesson_run_support import lesson_paths, run_lesson, snapshot

from crm_lessons.exercises.by_kind import NumberExercise

FENCED = re.compile(r"```(?:python|py|sql)?\n(.*?)```", re.S)
TICKED = re.compile(r"``(.+?)``|`([^`]+)`", re.S)
OPERATOR = re.compile(r"[&|~<>=!+\-*/%]+")
PLACEHOLDER = re.compile(r"\.\.\.|___")
CALL = re.compile(r"(?<![\w`])\.?[A-Za-z_][\w.]*\(|(?<![\w.])\.[A-Za-z_]\w*\b")
VARIABLE = r"(?<![\w.`'\"])({names})(?=\.[A-Za-z_]|\[)"
SQL = re.compile(r"^\s*(SELECT|WITH|FROM|WHERE|COUNT|SUM|AVG|MIN|MAX|DISTINCT|GROUP BY|JOIN|"
                 r"ORDER BY|HAVING)\b")


def hint_fragments(hint: str) -> list[str]:
    """The code a hint shows: fenced blocks first, then spans in backticks."""
    blocks = FENCED.findall(hint)
    rest = FENCED.sub(" ", hint)
    return blocks + [a or b for a, b in TICKED.findall(rest)]


def prose_of(hint: str) -> str:
    """The hint without its code."""
    return TICKED.sub(" ", FENCED.sub(" ", hint))


def unmarked_code(hint: str, names) -> list[str]:
    """Bits of code written outside backticks: calls, methods, `var.` or `var[`."""
    prose = prose_of(hint)
    found = [m.group(0) for m in CALL.finditer(prose) if not re.fullmatch(r"\.\w", m.group(0))]
    found = [f for f in found if not re.fullmatch(r"\.(g|e|i)\b|\.\d+", f)]
    names = sorted((n for n in names if n.isidentifier() and not n.startswith("_")),
                   key=len, reverse=True)
    if names:
        pattern = VARIABLE.format(names="|".join(map(re.escape, names)))
        found += [m.group(0) for m in re.finditer(pattern, prose)]
    return found


def fragment_error(code: str, namespace: dict) -> str | None:
    """None when the fragment runs (or is partial and parses); else what went wrong."""
    text = code.strip()
    if SQL.match(text):
        return sql_error(text, namespace)
    if OPERATOR.fullmatch(text):
        return None  # an operator named alone, `&`
    is_method = text.startswith(".")
    try:
        ast.parse(f"x{text}" if is_method else text)
    except SyntaxError as exc:
        return f"it is not valid Python ({exc.msg})"
    if is_method or PLACEHOLDER.search(text):
        return None
    import matplotlib.pyplot as plt

    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(text, "<fragment>", "exec"), snapshot(namespace))
    except Exception as exc:  # what the student would see
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return f"{type(exc).__name__}: {first}"
    finally:
        plt.close("all")
    return None


def sql_error(text: str, namespace: dict) -> str | None:
    """A whole SQL statement runs on the lesson's connection `con`; an SQL expression such as
    `COUNT(DISTINCT column)` names a tool and is not run."""
    if not re.match(r"\s*(SELECT|WITH)\b", text) or PLACEHOLDER.search(text):
        return None
    import pandas as pd

    try:
        pd.read_sql_query(text, namespace["con"])
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def exercise_problems(exercise, namespace: dict) -> list[str]:
    """Every hint or solution fragment of `exercise` that does not run at this point."""
    problems = []
    shown = [(f"hint {n}", h) for n, h in enumerate(exercise.hints, start=1)]
    for where, hint in shown:
        for bit in unmarked_code(hint, namespace):
            problems.append(f"{exercise.id}, {where}: {bit!r} is code written outside "
                            "backticks (write it as `code` so it shows as code and is tested)")
        for code in hint_fragments(hint):
            error = fragment_error(code, namespace)
            if error:
                problems.append(f"{exercise.id}, {where}: `{code}` fails: {error}")
    if exercise.solution_code.strip():
        error = fragment_error(exercise.solution_code, namespace)
        if error:
            problems.append(f"{exercise.id}, solution:\n{exercise.solution_code}\nfails: {error}")
    return problems


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_every_hint_and_solution_fragment_runs_where_the_exercise_is_asked(path):
    run = run_lesson(path)
    problems = [p for stop in run.stops for p in exercise_problems(stop.exercise, stop.namespace)]
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


# ---- the test can fail ------------------------------------------------------------------------

NAMESPACE = {"__builtins__": __builtins__}
exec("import pandas as pd\nview = pd.DataFrame({'n_tickets': [0, 2, 1]}, index=[7, 8, 9])\n"
     "flag = pd.Series([True, False, True])", NAMESPACE)


def made_up(hint, solution="answer = flag.mean()"):
    return NumberExercise(lesson="98", name="made_up", question="Share?", expected=lambda s: 0.5,
                          solution=solution, hint=hint)


def test_a_hint_whose_code_raises_is_named_with_its_error():
    problems = exercise_problems(made_up("Select with the mask: `flag[view['n_tickets'] > 0]`."),
                                 NAMESPACE)
    assert len(problems) == 1
    assert "98.made_up, hint 1: `flag[view['n_tickets'] > 0]` fails: IndexingError" in problems[0]


def test_a_solution_that_raises_and_code_outside_backticks_are_named():
    problems = exercise_problems(made_up("Take flag.mean() or len(view).",
                                         solution="answer = flag.nosuch()"), NAMESPACE)
    assert any("'flag.mean(' is code written outside backticks" in p for p in problems)
    assert any("'len(' is code written outside backticks" in p for p in problems)
    assert any("solution" in p and "AttributeError" in p for p in problems)


def test_partial_fragments_parse_but_are_not_run_and_good_ones_pass():
    hint = ("Use `.mean()` on `(view['n_tickets'] > 0).to_numpy()`, as in `flag[...]`; "
            "a blank: `flag[___]`. Then ```python\nmask = (view['n_tickets'] > 0).to_numpy()\n```")
    assert exercise_problems(made_up(hint), NAMESPACE) == []
    assert exercise_problems(made_up("Write `flag[(view > 0`."), NAMESPACE)[0].endswith(
        "not valid Python ('(' was never closed)")


def test_a_whole_sql_statement_runs_on_the_lessons_connection():
    import sqlite3

    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE tickets (customer_id INTEGER)")
    namespace = {**NAMESPACE, "con": con}
    good = made_up("Count with `SELECT COUNT(*) AS n FROM tickets`; `COUNT(DISTINCT column)`; "
                   "keep some rows with `WHERE channel = 'app'`.")
    assert exercise_problems(good, namespace) == []
    bad = exercise_problems(made_up("Try `SELECT COUNT(*) FROM ticket`."), namespace)
    assert "no such table: ticket" in bad[0]
