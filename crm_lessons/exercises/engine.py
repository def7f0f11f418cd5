"""The exercise engine: self-checks that explain what differs, hints, solutions and the blank.

An exercise is a module-level object in ``crm_lessons/exercises/lessonNN.py``::

    top20_share = NumberExercise(
        lesson="02", name="top20_share",
        question="What share of revenue comes from the top 20% of customers?",
        expected=lambda store: identify.revenue_concentration(store.orders, top=0.2),
        solution="answer = revenue_concentration(store.orders, top=0.2)",
        hint="Sort customers by revenue, take the first fifth, ...",
        why="A few customers carry the business ...",
        tolerance=0.01, percent=True,
    )

In a notebook a student writes ``answer = ...`` and runs ``ex.top20_share.check(answer)``.
The check returns a :class:`CheckResult`: truthy when the answer is right, with a ``message``
that says what differs and what to try. It is displayed once, as a coloured box in Jupyter and
as plain text elsewhere. A check never raises on a wrong answer of any type, never evaluates a
string it is given, and never changes the object it is given.

The reference answer comes from ``expected(store)`` run on the active store
(``load_store()``, which honours ``CRM_LESSONS_SEED``); it is cached per seed.

Environment:

- ``CRM_LESSONS_STRICT=1``: a check that is not correct raises :class:`ExerciseFailed`
  (used by the answer-key tests), and an internal error is raised instead of reported.
- ``CRM_LESSONS_PROGRESS``: where results are recorded (see ``crm_lessons.exercises.progress``).
"""

from __future__ import annotations

import datetime
import html
import logging
import math
import numbers
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

log = logging.getLogger("crm_lessons.exercises")
# No traceback on a student's screen: without a handler configured by the user, Python would
# print logged errors (with their traceback) to stderr, which a notebook shows in red.
log.addHandler(logging.NullHandler())


def _log_internal_error(what: str) -> str:
    """Log the current exception and append it to errors.log next to the progress file.

    Returns a sentence saying where the details are, or '' when they could not be saved.
    """
    import traceback

    log.exception(what)
    try:
        from crm_lessons.exercises.progress import progress_path

        path = progress_path().with_name("errors.log")
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} {what}\n{traceback.format_exc()}\n")
        return f" The details were saved in {path} for your instructor."
    except Exception:  # pragma: no cover - logging must never break a check
        return ""

__all__ = [
    "____", "Blank", "CheckResult", "Exercise", "ExerciseFailed", "NumberExercise",
    "TableExercise", "ChoiceExercise", "SetExercise", "ReflectionExercise", "use_store",
    "active_store", "strict_mode",
]


# --------------------------------------------------------------------------------------------
# The blank
# --------------------------------------------------------------------------------------------

class BlankError(TypeError):
    """Raised when the blank is used where Python needs a real value (e.g. ``float(____)``)."""


class Blank:
    """The blank ``____`` a student replaces with code.

    Arithmetic, attribute access, calls and indexing on the blank give the blank back, so a
    cell like ``answer = ____ / len(store.customers)`` still runs, and its check then says
    which blank to fill in.

    >>> (____ * 100 + 1).sum() is ____
    True
    """

    _instance: Blank | None = None
    # numpy and pandas hand binary operations over to the blank instead of broadcasting it.
    __array_ufunc__ = None
    __array_priority__ = 10_000
    __pandas_priority__ = 10_000

    def __new__(cls) -> Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____ (a blank: replace it with your code)"

    def _repr_html_(self) -> str:
        return "<code>____</code> <em>(a blank: replace it with your code)</em>"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Blank:
        return self

    def __getitem__(self, key: Any) -> Blank:
        return self

    def __iter__(self):
        return iter(())

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return id(self)

    def _fail(self, *args: Any) -> Any:
        raise BlankError("This line still holds the blank ____: replace ____ with your code "
                         "first, then run the cell again.")

    __float__ = __int__ = __index__ = __complex__ = __len__ = _fail

    def _same(self, *args: Any) -> Blank:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _same
    __mod__ = __rmod__ = __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _same
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _same
    __neg__ = __pos__ = __abs__ = __invert__ = __round__ = _same
    __lt__ = __le__ = __gt__ = __ge__ = _same

    def __reduce__(self) -> str:
        return "____"


____ = Blank()


def _holds_blank(answer: Any) -> bool:
    if answer is ____:
        return True
    if isinstance(answer, (list, tuple, set, frozenset)):
        return any(item is ____ for item in answer)
    if isinstance(answer, dict):
        return any(v is ____ for v in answer.values())
    return False


# --------------------------------------------------------------------------------------------
# Results and displays
# --------------------------------------------------------------------------------------------

class ExerciseFailed(AssertionError):
    """A check that was not correct under ``CRM_LESSONS_STRICT=1``."""


def strict_mode() -> bool:
    """True when ``CRM_LESSONS_STRICT`` is set to 1/true/yes."""
    return os.environ.get("CRM_LESSONS_STRICT", "").strip().lower() in {"1", "true", "yes", "on"}


_STYLES = {
    # status: (label, border colour, background) - blue/orange/grey, readable without colour
    "correct": ("✔ Correct", "#0072B2", "#e8f1f8"),
    "done": ("✔ Recorded", "#0072B2", "#e8f1f8"),
    "incorrect": ("✘ Not yet", "#D55E00", "#fbeee6"),
    "blank": ("✎ Fill in the blank", "#E69F00", "#fdf5e6"),
    "error": ("⚠ The check could not run", "#666666", "#f2f2f2"),
}


class CheckResult:
    """What a check found: truthy when correct (or, for a reflection, recorded).

    Attributes
    ----------
    correct : bool or None
        True/False for graded exercises; None for an ungraded reflection.
    done : bool
        True when the exercise counts as done (correct, or a reflection recorded).
    message : str
        The explanation, as plain text.
    status : str
        One of "correct", "done", "incorrect", "blank", "error".
    """

    def __init__(self, exercise: str, status: str, message: str, *, correct: bool | None,
                 done: bool, details: str = "", tip: str = "") -> None:
        self.exercise = exercise
        self.status = status
        self.correct = correct
        self.done = done
        self.details = details
        self.tip = tip
        self.message = message + (f"\n{details}" if details else "") + (
            ("\n" if details else " ") + tip if tip else "")
        self._text = message

    def __bool__(self) -> bool:
        return bool(self.done)

    def __repr__(self) -> str:
        label = _STYLES[self.status][0]
        return f"{label} [{self.exercise}]: {self.message}"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        label, border, bg = _STYLES[self.status]
        body = html.escape(self._text).replace("\n", "<br>")
        body = re.sub(r"`([^`]+)`", r"<code>\1</code>", body)
        details = (f"<pre style='margin:6px 0;background:transparent'>"
                   f"{html.escape(self.details)}</pre>" if self.details else "")
        tip = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(self.tip))
        tip = ("" if self.details else " ") + tip if tip else ""
        return (f"<div class='crm-check crm-check-{self.status}' style='border-left:6px solid "
                f"{border};background:{bg};padding:8px 12px;margin:4px 0;color:#222;'>"
                f"<strong>{label}</strong> <small>({html.escape(self.exercise)})</small><br>"
                f"{body}{details}{tip}</div>")

    def _repr_markdown_(self) -> str:
        label = _STYLES[self.status][0]
        details = f"\n\n```\n{self.details}\n```\n\n" if self.details else " "
        return f"**{label}** ({self.exercise}): {self._text}{details}{self.tip}".rstrip()


class Shown(str):
    """A piece of text (hint, solution) that shows nicely in a notebook and is still a str."""

    def __new__(cls, text: str, title: str, code: bool = False) -> Shown:
        obj = super().__new__(cls, text)
        obj._title = title
        obj._code = code
        return obj

    def __repr__(self) -> str:
        return f"{self._title}:\n{str(self)}"

    def _repr_markdown_(self) -> str:
        if self._code:
            return f"**{self._title}:**\n\n```python\n{str(self)}\n```"
        return f"**{self._title}:** {str(self)}"


# --------------------------------------------------------------------------------------------
# The active store and the per-seed cache of reference answers
# --------------------------------------------------------------------------------------------

_OVERRIDE: list[Any] = []
_STORES: dict[tuple, Any] = {}


def _notebook_seed() -> Any:
    """The seed of the store a notebook named ``store`` (``store = load_store(seed=N)``), if any.

    Only its seed is used: the checks reload that variant fresh, so a student who changes the
    tables of their ``store`` does not change the reference answers.
    """
    ipython_mod = sys.modules.get("IPython")
    if ipython_mod is None:
        return None
    try:
        shell = ipython_mod.get_ipython()
        candidate = shell.user_ns.get("store") if shell is not None else None
    except Exception:
        return None
    if candidate is None or not hasattr(candidate, "customers"):
        return None
    seed = getattr(candidate, "seed", None)
    return seed if isinstance(seed, (int, np.integer)) else None


def _store_key() -> tuple:
    if _OVERRIDE:
        return ("override", id(_OVERRIDE[-1]))
    return ("env", os.environ.get("CRM_LESSONS_SEED", "").strip(),
            os.environ.get("CRM_LESSONS_DATA", "").strip(), _notebook_seed())


def active_store() -> Any:
    """The store the checks compare against.

    In order: the store given to :func:`use_store`; else, in a notebook whose ``store`` was
    loaded with another seed (``store = load_store(seed=N)``), that variant; else
    ``load_store()``, which honours ``CRM_LESSONS_SEED``.
    """
    if _OVERRIDE:
        return _OVERRIDE[-1]
    key = _store_key()
    if key not in _STORES:
        from crm_lessons.data import load_store

        store = load_store()
        wanted = key[-1]
        if wanted is not None and getattr(store, "seed", None) != wanted:
            store = load_store(seed=int(wanted))
        _STORES.clear()
        _STORES[key] = store
    return _STORES[key]


class use_store:  # noqa: N801 - used like a function
    """Make the checks compare against `store` instead of ``load_store()``.

    ``use_store(store)`` on its own line applies for the rest of the session (e.g. a notebook
    that works on ``load_store(seed=7)``); ``with use_store(store): ...`` applies inside the
    block only.
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self._stack = _OVERRIDE  # the list it was pushed on, even if the name is rebound later
        self._stack.append(store)

    def __enter__(self) -> Any:
        return self.store

    def __exit__(self, *exc: Any) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i] is self.store:
                del self._stack[i]
                break

    def __repr__(self) -> str:
        seed = getattr(self.store, "seed", None)
        return f"Checks now compare against the store you gave (seed {seed})."


# --------------------------------------------------------------------------------------------
# Small helpers for messages
# --------------------------------------------------------------------------------------------

def _describe(answer: Any) -> str:
    """A short plain description of what the student passed."""
    if answer is None:
        return "None"
    if isinstance(answer, bool) or isinstance(answer, np.bool_):
        return f"the truth value {bool(answer)}"
    if isinstance(answer, str):
        shown = answer if len(answer) <= 40 else answer[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(answer, pd.DataFrame):
        r, c = answer.shape
        return (f"a table (DataFrame) of {r:,} row{'s' if r != 1 else ''} and {c:,} "
                f"column{'s' if c != 1 else ''}")
    if isinstance(answer, pd.Series):
        return f"a column (Series) of {len(answer):,} value{'s' if len(answer) != 1 else ''}"
    if isinstance(answer, (list, tuple, set, frozenset)):
        kind = type(answer).__name__
        return f"a {kind} of {len(answer)} item{'s' if len(answer) != 1 else ''}"
    if isinstance(answer, np.ndarray):
        return f"a numpy array of shape {answer.shape}"
    if isinstance(answer, dict):
        return f"a dict of {len(answer)} entries"
    if isinstance(answer, numbers.Number):
        return f"the number {_fmt(answer)}"
    return f"an object of type {type(answer).__name__}"


def _fmt(x: Any) -> str:
    try:
        xf = float(x)
    except (TypeError, ValueError):
        return repr(x)
    if math.isnan(xf):
        return "NaN"
    if xf == int(xf) and abs(xf) < 1e15:
        return f"{int(xf):,}"
    if abs(xf) >= 1000:
        return f"{xf:,.2f}"
    return f"{xf:.6g}"


def _join(items: Iterable[Any], limit: int = 6) -> str:
    items = list(items)
    shown = ", ".join(repr(_plain(i)) for i in items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown


def _show(x: Any) -> str:
    """A value as a student would write it: numbers formatted, text quoted."""
    x = _plain(x)
    if x is None or x is pd.NA or x is pd.NaT:
        return "missing"
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return _fmt(x)
    if isinstance(x, pd.Timestamp):
        return str(x.date()) if x == x.normalize() else str(x)
    return repr(x)


def _plain(x: Any) -> Any:
    if isinstance(x, np.generic):
        return x.item()
    return x


def _single_value(answer: Any) -> tuple[bool, Any]:
    """(True, value) when `answer` is a one-value container (1x1 table, 1-item list...)."""
    try:
        if isinstance(answer, pd.DataFrame) and answer.shape == (1, 1):
            return True, answer.iloc[0, 0]
        if isinstance(answer, (pd.Series, pd.Index)) and len(answer) == 1:
            return True, answer[0] if isinstance(answer, pd.Index) else answer.iloc[0]
        if isinstance(answer, np.ndarray) and answer.size == 1:
            return True, answer.reshape(-1)[0]
        if isinstance(answer, (list, tuple)) and len(answer) == 1:
            return True, answer[0]
    except Exception:  # pragma: no cover - defensive: odd containers
        pass
    return False, None


# --------------------------------------------------------------------------------------------
# The base class
# --------------------------------------------------------------------------------------------

class Exercise:
    """One exercise: a question, a reference answer computed from the data, a check.

    Parameters (keyword only)
    ----------
    lesson : str
        Two-digit lesson number, e.g. "02".
    name : str
        The exercise's name, the same as its variable name in the lesson module.
    question : str
        The task in one or two sentences.
    expected : callable
        ``expected(store)`` returns the reference answer from the active store.
    solution : str
        Code a student could write; it assigns ``answer``.
    hint : str
        A nudge that does not give the answer away.
    why : str
        Why it matters; shown with a correct answer.
    """

    kind = "answer"
    graded = True
    wanted = "an answer"

    def __init__(self, *, lesson: str | int, name: str, question: str,
                 expected: Callable[[Any], Any] | None = None, solution: str = "",
                 hint: str = "", why: str = "") -> None:
        if not str(name).isidentifier():
            raise ValueError(f"Exercise name {name!r} must be a Python identifier.")
        self.lesson = f"{int(lesson):02d}" if str(lesson).isdigit() else str(lesson)
        self.name = str(name)
        self.question = question
        self._expected_fn = expected
        self.solution_code = solution.strip("\n")
        self.hint_text = hint
        self.why = why
        self._cache: dict[tuple, Any] = {}
        if self.graded and expected is None:
            raise ValueError(f"Exercise {self.name!r} needs expected=, a function of the store.")

    # ---- public API --------------------------------------------------------------------
    @property
    def id(self) -> str:
        return f"{self.lesson}.{self.name}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}: {self.question}>"

    def hint(self) -> Shown:
        """The hint, shown in the notebook."""
        return Shown(self.hint_text or "No hint for this one: reread the question.",
                     f"Hint for {self.name}")

    def solution(self) -> Shown:
        """One reference solution (code), shown in the notebook."""
        return Shown(self.solution_code, f"One solution for {self.name}", code=True)

    def expected(self) -> Any:
        """The reference answer computed from the active store (cached per seed)."""
        return self._copy(self._reference())

    def check(self, answer: Any = ____) -> CheckResult:
        """Compare `answer` with the reference, record the result and explain it."""
        try:
            result = self._check(answer)
        except Exception as exc:
            if strict_mode():
                raise
            saved = _log_internal_error(f"internal error while checking {self.id}")
            result = CheckResult(
                self.id, "error",
                "Sorry, the checker hit a problem it did not expect while reading your answer "
                f"({type(exc).__name__}: {exc}). Your answer was not marked. Check that it is "
                f"{self.wanted}; if it is, please tell your instructor.{saved}",
                correct=False, done=False)
        if result.status not in ("blank", "error"):
            self._record(result)
        if strict_mode() and not result:
            raise ExerciseFailed(f"{self.id} failed: {result.message}")
        return result

    # ---- internals ---------------------------------------------------------------------
    def _record(self, result: CheckResult) -> None:
        try:
            from crm_lessons.exercises import progress as _progress

            _progress.record(self.lesson, self.name, correct=result.correct, done=result.done,
                             graded=self.graded, kind=self.kind)
        except Exception as exc:  # a full disk must not break a lesson
            import warnings

            warnings.warn(f"Your result for {self.id} could not be saved to the progress file "
                          f"({exc}).", stacklevel=3)

    def _reference(self) -> Any:
        key = _store_key()
        if key not in self._cache:
            store = active_store()
            value = self._expected_fn(store) if callable(self._expected_fn) else self._expected_fn
            self._cache.clear()
            # the store is kept with the value so that its id (part of the key) stays unique
            self._cache[key] = (store, self._normalise_expected(value))
        return self._cache[key][1]

    def _normalise_expected(self, value: Any) -> Any:
        return value

    @staticmethod
    def _copy(value: Any) -> Any:
        if isinstance(value, (pd.DataFrame, pd.Series)):
            return value.copy()
        if isinstance(value, list):
            return list(value)
        return value

    def _check(self, answer: Any) -> CheckResult:
        if _holds_blank(answer):
            inside = "" if answer is ____ else " (one of its items is still ____)"
            return CheckResult(
                self.id, "blank",
                f"Your answer is still the blank `____`{inside}. Replace `____` in "
                f"`answer = ____` with {self.wanted}, then run the cell again. "
                f"The task: {self.question}",
                correct=False, done=False)
        try:
            reference = self._reference()
        except Exception as exc:
            if strict_mode():
                raise
            _log_internal_error(f"could not compute the reference answer of {self.id}")
            return CheckResult(
                self.id, "error",
                f"The reference answer could not be computed from the data ({type(exc).__name__}: "
                f"{exc}). This is not your fault: run `crm-lessons doctor` in a terminal to see "
                "what to fix.", correct=False, done=False)
        return self._compare(answer, reference)

    def _compare(self, answer: Any, reference: Any) -> CheckResult:  # pragma: no cover
        raise NotImplementedError

    def _ok(self, extra: str = "") -> CheckResult:
        msg = "Well done." + (f" {extra}" if extra else "")
        if self.why:
            msg += f" Why it matters: {self.why}"
        return CheckResult(self.id, "correct", msg, correct=True, done=True)

    def _no(self, message: str, details: str = "", hint: bool = True) -> CheckResult:
        tip = f"Stuck? Run `ex.{self.name}.hint()`." if hint and self.hint_text else ""
        return CheckResult(self.id, "incorrect", message, correct=False, done=False,
                           details=details, tip=tip)

    def _none_message(self) -> str:
        return ("Your answer is None, which usually means nothing was assigned: a function "
                "that prints instead of returning (print() gives None), or a method called with "
                f"inplace=True. Assign {self.wanted} to `answer`.")


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

def _decimals(x: float) -> int:
    """Number of decimals in the shortest representation of x (12.30 -> 1)."""
    text = np.format_float_positional(float(x), trim="-")
    return len(text.split(".")[1]) if "." in text else 0


class NumberExercise(Exercise):
    """An exercise whose answer is one number.

    Extra parameters
    ----------------
    tolerance : float, optional
        Largest accepted absolute difference.
    rel_tolerance : float, optional
        Largest accepted difference relative to the reference. If neither is given, the
        answer must be within 0.1% (rel_tolerance=0.001). If both are given, the larger
        of the two allowances applies.
    percent : bool
        The value is a share: give a specific nudge when the answer is 100 times too large
        or too small (a percentage given as a fraction, or the other way round).
    """

    kind = "number"
    wanted = "a single number"

    def __init__(self, *, tolerance: float | None = None, rel_tolerance: float | None = None,
                 percent: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if tolerance is None and rel_tolerance is None:
            rel_tolerance = 0.001
        self.tolerance = float(tolerance or 0.0)
        self.rel_tolerance = float(rel_tolerance or 0.0)
        self.percent = bool(percent)

    def _normalise_expected(self, value: Any) -> float:
        is_one, inner = _single_value(value)
        if is_one:
            value = inner
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"expected() of {self.id} gave {value}, not a finite number")
        return value

    def _allowed(self, ref: float) -> float:
        return max(self.tolerance, self.rel_tolerance * abs(ref), 1e-12)

    def _close(self, a: float, ref: float) -> bool:
        return abs(a - ref) <= self._allowed(ref) * (1 + 1e-9)

    def _to_number(self, answer: Any, reference: float) -> tuple[float | None, str]:
        """(the number, '') or (None, the explanation of why it is not a number)."""
        if answer is None:
            return None, self._none_message()
        if isinstance(answer, (bool, np.bool_)):
            return None, (f"Your answer is {bool(answer)}, a yes/no value, but the question wants "
                          "a number. If you compared something (==, >), that gives True/False "
                          "per row; take .mean() for a share or .sum() for a count.")
        if isinstance(answer, str):
            try:
                float(answer.replace(",", "").replace("%", "").strip())
                looks = " It looks like a number written as text: remove the quotes."
            except ValueError:
                looks = ""
            return None, (f"Your answer is {_describe(answer)}, but the question wants a number, "
                          f"not text.{looks}")
        if isinstance(answer, (pd.DataFrame, pd.Series, pd.Index, np.ndarray, list, tuple)):
            is_one, inner = _single_value(answer)
            if is_one and isinstance(inner, numbers.Number) and not isinstance(inner, bool):
                how = (".iloc[0, 0]" if isinstance(answer, pd.DataFrame) else
                       ".iloc[0]" if isinstance(answer, pd.Series) else
                       ".item()" if isinstance(answer, np.ndarray) else "[0]")
                right = ("The number inside is right" if self._close(float(inner), reference)
                         else "The number inside is not right yet either")
                return None, (f"Your answer is {_describe(answer)} holding one value, but the "
                              f"question wants the number itself. Take it out with `{how}`. "
                              f"{right}.")
            if isinstance(answer, pd.DataFrame):
                tip = ("Pick the column and reduce it to one number, e.g. "
                       "`df['column'].sum()` or `.mean()`; `len(df)` counts its rows.")
            elif isinstance(answer, pd.Series):
                tip = ("Reduce it to one number, e.g. with `.sum()`, `.mean()` or `.max()`; "
                       "`len(s)` counts its values.")
            else:
                tip = "Give one number, not a collection of them."
            return None, f"Your answer is {_describe(answer)}, but the question wants one number. {tip}"
        if isinstance(answer, (pd.Timestamp, pd.Timedelta, np.datetime64, np.timedelta64,
                               datetime.date, datetime.timedelta)):
            extra = (" For a duration, take `.days`." if isinstance(answer, pd.Timedelta) else "")
            return None, f"Your answer is {answer!r}, a date or duration, but the question wants a number.{extra}"
        if isinstance(answer, numbers.Number) or isinstance(answer, np.generic):
            try:
                value = float(answer)
            except (TypeError, ValueError):
                return None, f"Your answer is {_describe(answer)}, which is not a real number."
            if math.isnan(value):
                return None, ("Your answer is NaN ('not a number'). That usually comes from a "
                              "division by zero, a mean of an empty selection, or a missing "
                              "value: check the filter you applied.")
            if math.isinf(value):
                return None, ("Your answer is infinite: something was divided by zero. Check "
                              "the denominator.")
            return value, ""
        if answer is pd.NA or answer is pd.NaT:
            return None, ("Your answer is a missing value (NA): check the filter or the "
                          "column you used.")
        return None, f"Your answer is {_describe(answer)}, but the question wants a number."

    def _compare(self, answer: Any, reference: float) -> CheckResult:
        value, why_not = self._to_number(answer, reference)
        if value is None:
            return self._no(why_not)
        if self._close(value, reference):
            return self._ok()
        return self._no(self._nudge(value, reference))

    def _nudge(self, a: float, ref: float) -> str:
        yours = f"Your answer {_fmt(a)} is not right yet."
        if ref != 0 and a != 0:
            # rounded too coarsely: the reference rounds to the student's number
            d = _decimals(a)
            if d <= 4 and abs(a - ref) <= 0.5 * 10 ** (-d) * (1 + 1e-9) \
                    and abs(a - ref) <= 0.1 * abs(ref):
                need = self._allowed(ref)
                return (f"Close: {_fmt(a)} is the right value rounded to {d} decimal"
                        f"{'s' if d != 1 else ''}, but the check needs it within {_fmt(need)}. "
                        "Don't round the answer (round only when you print it).")
            if self.percent:
                # the reference is a fraction when it lies in [-1, 1], else a percentage
                if abs(ref) <= 1 and self._close(a / 100, ref):
                    return (f"{yours} It looks like a percentage ({_fmt(a)}%) where the question "
                            f"wants a fraction between 0 and 1: divide by 100.")
                if abs(ref) > 1 and self._close(a * 100, ref):
                    return (f"{yours} It looks like a fraction where the question wants a "
                            "percentage: multiply by 100.")
            if self._close(-a, ref):
                return (f"{yours} It has the wrong sign: check the order of the subtraction "
                        "(new minus old, revenue minus cost).")
            for factor in (10, 100, 1000):
                if self._close(a / factor, ref):
                    return (f"{yours} It is about {factor:,} times too large: check the units "
                            "(percent or fraction, euros or thousands) and what you divided by.")
                if self._close(a * factor, ref):
                    return (f"{yours} It is about {factor:,} times too small: check the units "
                            "(percent or fraction, euros or thousands) and what you divided by.")
        if ref != 0:
            gap = (a - ref) / abs(ref)
            size = "a little" if abs(gap) < 0.1 else "much"
            way = "too high" if gap > 0 else "too low"
            return (f"{yours} It is {size} {way}. Check which rows you kept and which column "
                    "you used.")
        return f"{yours} Check which rows you kept and which column you used."


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

def _meaningful_index(idx: pd.Index) -> bool:
    """An index carries information unless it is unnamed row numbers."""
    if any(n is not None for n in idx.names):
        return True
    if isinstance(idx, pd.MultiIndex):
        return True
    return not pd.api.types.is_integer_dtype(idx.dtype)


def _as_frame(obj: pd.DataFrame | pd.Series, default_name: str) -> pd.DataFrame:
    if isinstance(obj, pd.Series):
        return obj.to_frame(name=obj.name if obj.name is not None else default_name)
    return obj


def _flatten(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Index levels that carry information become columns; returns (frame, key columns)."""
    if _meaningful_index(df.index):
        keys = [n if n is not None else ("index" if df.index.nlevels == 1 else f"level_{i}")
                for i, n in enumerate(df.index.names)]
        out = df.reset_index()
        return out, [str(k) for k in keys]
    return df.reset_index(drop=True), []


def _kind_of(s: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "bool"
    if pd.api.types.is_numeric_dtype(s):
        return "num"
    if pd.api.types.is_datetime64_any_dtype(s):
        return "date"
    return "text"


def _comparable(s: pd.Series) -> pd.Series:
    """A version of the column that compares by value across dtypes."""
    kind = _kind_of(s)
    if kind in ("num", "bool"):
        return pd.Series(s.to_numpy(dtype="float64", na_value=np.nan), index=s.index)
    if kind == "date":  # exact comparison on the nanosecond count; NaT is the smallest int64
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_convert("UTC").dt.tz_localize(None)
        return pd.Series(s.astype("datetime64[ns]").to_numpy().view("int64"), index=s.index)
    missing = s.isna().to_numpy()
    text = s.astype(object).astype(str).to_numpy(dtype=object)
    text[missing] = None
    return pd.Series(text, index=s.index, dtype=object)


class TableExercise(Exercise):
    """An exercise whose answer is a table (DataFrame) or a column (Series).

    Extra parameters
    ----------------
    ordered : bool
        False (default) ignores the order of the rows; True requires the same order
        (for "sort by ..." or "top 5" questions).
    rtol : float
        Relative tolerance for numeric values (default 1e-4); ``atol`` absolute (default 1e-9).
    check_names : bool
        True (default): column names (and a Series' name) must match.

    An index that carries information (it has a name, or holds labels) counts as a column:
    a table with ``customer_id`` as a column instead of the index, or the other way round,
    is accepted, because the numbers a student reads are the same. Unnamed row numbers
    (0, 1, 2, ...) are ignored, so a filtered table need not be re-indexed. A one-column
    DataFrame is accepted where a Series is expected (and a Series where a one-column table is
    expected when ``check_names=False``). A Series without a name is accepted where a named one
    is expected (the message says how to name it); a Series with another name is not, and the
    message says whether its values are right.
    """

    kind = "table"
    wanted = "a table (DataFrame) or a column (Series)"

    def __init__(self, *, ordered: bool = False, rtol: float = 1e-4, atol: float = 1e-9,
                 check_names: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ordered = bool(ordered)
        self.rtol = float(rtol)
        self.atol = float(atol)
        self.check_names = bool(check_names)

    def _normalise_expected(self, value: Any) -> Any:
        if not isinstance(value, (pd.DataFrame, pd.Series)):
            raise TypeError(f"expected() of {self.id} must return a DataFrame or Series, "
                            f"not {type(value).__name__}")
        return value

    def _type_problem(self, answer: Any, reference: Any) -> str:
        want = "a column (Series)" if isinstance(reference, pd.Series) else "a table (DataFrame)"
        if answer is None:
            return self._none_message().replace(self.wanted, want)
        if isinstance(answer, str):
            return (f"Your answer is {_describe(answer)}, but the question wants {want}. Give the "
                    "table itself, not its name or printed text.")
        if isinstance(answer, (numbers.Number, np.generic)):
            return (f"Your answer is {_describe(answer)}, one number, but the question wants "
                    f"{want}: keep one row per group instead of reducing everything to one value "
                    "(e.g. groupby(...).sum() rather than .sum()).")
        if isinstance(answer, (list, tuple, set, dict, np.ndarray)):
            return (f"Your answer is {_describe(answer)}, but the question wants {want}. Build it "
                    "with pandas (e.g. a groupby) so that rows keep their labels.")
        return f"Your answer is {_describe(answer)}, but the question wants {want}."

    def _compare(self, answer: Any, reference: Any) -> CheckResult:
        if not isinstance(answer, (pd.DataFrame, pd.Series)):
            return self._no(self._type_problem(answer, reference))
        notes = []
        ref, ans = reference, answer
        # a Series where a one-column table is expected, or the other way round
        if isinstance(ref, pd.Series) and isinstance(ans, pd.DataFrame):
            if ans.shape[1] == 1:
                ans = ans.iloc[:, 0]
                notes.append("(Your answer is a one-column table where a Series was expected; "
                             "that is fine here.)")
            elif _meaningful_index(ref.index) and ref.name is not None and \
                    ref.name in ans.columns and ans.shape[1] == 2:
                pass  # index given as a column: handled by flattening below
            else:
                return self._no(
                    f"Your answer is {_describe(ans)}, but the question wants a single column "
                    f"(Series){' named ' + repr(ref.name) if ref.name is not None else ''}. "
                    "Select it with df['column'].")
        if isinstance(ref, pd.DataFrame) and isinstance(ans, pd.Series) and ref.shape[1] == 1 \
                and not self.check_names:
            ans = ans.to_frame(name=ref.columns[0])
        if isinstance(ref, pd.Series) and isinstance(ans, pd.Series) and ref.name is None:
            ans = ans.rename(None)  # the reference has no name, so the name cannot matter
        if isinstance(ref, pd.Series) and isinstance(ans, pd.Series) and ans.name is None \
                and ref.name is not None:
            # an unnamed Series is not a wrong name: accept it, and say how to name it
            ans = ans.rename(ref.name)
            notes.append(f"(Your Series has no name; `.rename({ref.name!r})` would give it the "
                         "expected one.)")
        if isinstance(ref, pd.Series) and isinstance(ans, pd.Series) and self.check_names \
                and ans.name != ref.name and ref.name is not None:
            rename = f"`.rename({ref.name!r})`"
            same = self._compare(ans.rename(ref.name), ref)
            if same:
                return self._no(f"The values are right, but your Series is named {ans.name!r}; "
                                f"the question names it {ref.name!r}. Add {rename}.", hint=False)
            return self._no(same._text + f" Also name the Series {ref.name!r} with {rename}.",
                            same.details, hint=False)
        default = ref.name if isinstance(ref, pd.Series) and ref.name is not None else "value"
        ref_f, ref_keys = _flatten(_as_frame(ref, default))
        ans_f, ans_keys = _flatten(_as_frame(ans, default if not self.check_names else "value"))
        if isinstance(ref, pd.Series) and not self.check_names:
            # names do not matter: line up the answer's columns by position
            if ans_f.shape[1] == ref_f.shape[1]:
                ans_f = ans_f.set_axis(ref_f.columns, axis=1)
        ref_cols = [str(c) for c in ref_f.columns]
        ans_cols = [str(c) for c in ans_f.columns]
        ref_f = ref_f.set_axis(ref_cols, axis=1)
        ans_f = ans_f.set_axis(ans_cols, axis=1)
        if len(set(ans_cols)) != len(ans_cols):
            dup = sorted({c for c in ans_cols if ans_cols.count(c) > 1})
            return self._no(f"Your table has more than one column named {_join(dup)}: "
                            "give each column its own name.")
        missing = [c for c in ref_cols if c not in ans_cols]
        extra = [c for c in ans_cols if c not in ref_cols]
        if missing or extra:
            return self._no(self._column_message(missing, extra, ref_keys, ans_keys))
        if len(ans_f) != len(ref_f):
            return self._no(self._row_count_message(ans_f, ref_f, ref_keys))
        ans_f = ans_f[ref_cols]
        kinds = {c: (_kind_of(ref_f[c]), _kind_of(ans_f[c])) for c in ref_cols}
        for c, (rk, ak) in kinds.items():
            if rk != ak and not ({rk, ak} <= {"num", "bool"}):
                kind_names = {"num": "numbers", "bool": "True/False values", "date": "dates",
                              "text": "text/labels"}
                return self._no(f"Column {c!r} holds {kind_names[ak]} in your table but "
                                f"{kind_names[rk]} in the expected one. Check how you built it.")
        ref_c = pd.DataFrame({c: _comparable(ref_f[c]) for c in ref_cols})
        ans_c = pd.DataFrame({c: _comparable(ans_f[c]) for c in ref_cols})
        order_by = ref_keys + [c for c in ref_cols if c not in ref_keys]
        if not self.ordered:
            ref_o, ans_o = self._order(ref_c, order_by), self._order(ans_c, order_by)
            ref_c, ref_f = ref_c.iloc[ref_o].reset_index(drop=True), ref_f.iloc[ref_o]
            ans_c, ans_f = ans_c.iloc[ans_o].reset_index(drop=True), ans_f.iloc[ans_o]
        diff_mask = self._diff_mask(ans_c, ref_c)
        if not diff_mask.to_numpy().any():
            return self._ok(" ".join(notes))
        if self.ordered:
            # the same rows in another order?
            ref_s = ref_c.iloc[self._order(ref_c, order_by)].reset_index(drop=True)
            ans_s = ans_c.iloc[self._order(ans_c, order_by)].reset_index(drop=True)
            if not self._diff_mask(ans_s, ref_s).to_numpy().any():
                return self._no("Your table has the right rows, but in a different order. The "
                                "question asks for a specific order: check sort_values(...) and "
                                "ascending=True/False.")
        return self._no(*self._value_message(ans_f.reset_index(drop=True),
                                             ref_f.reset_index(drop=True), diff_mask, ref_keys))

    @staticmethod
    def _order(df: pd.DataFrame, by: list[str]) -> np.ndarray:
        """Positions that sort the comparable frame `df` by the columns `by` (stable).

        Text columns sort by their rank among the column's own values, so two frames holding
        the same rows end up in the same order.
        """
        keys = []
        for col in reversed(by):  # np.lexsort sorts by the last key first
            values = df[col].to_numpy()
            if values.dtype == object:
                values = pd.factorize(values, sort=True, use_na_sentinel=True)[0]
            keys.append(values)
        if not keys:
            return np.arange(len(df))
        return np.lexsort(keys)

    def _diff_mask(self, ans: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
        out = {}
        for c in ref.columns:
            a, r = ans[c], ref[c]
            if pd.api.types.is_float_dtype(r) and pd.api.types.is_float_dtype(a):
                av, rv = a.to_numpy(dtype="float64"), r.to_numpy(dtype="float64")
                close = np.isclose(av, rv, rtol=self.rtol, atol=self.atol, equal_nan=True)
                out[c] = ~close
            elif pd.api.types.is_integer_dtype(r) and pd.api.types.is_integer_dtype(a):
                out[c] = a.to_numpy() != r.to_numpy()
            else:
                a_na, r_na = a.isna().to_numpy(), r.isna().to_numpy()
                eq = (a.to_numpy(dtype=object) == r.to_numpy(dtype=object))
                eq = np.asarray(eq, dtype=bool) | (a_na & r_na)
                out[c] = ~eq
        return pd.DataFrame(out)

    def _column_message(self, missing: list[str], extra: list[str], ref_keys: list[str],
                        ans_keys: list[str]) -> str:
        parts = []
        if missing:
            parts.append(f"is missing the column{'s' if len(missing) > 1 else ''} {_join(missing)}")
        if extra:
            parts.append(f"has {'extra columns' if len(extra) > 1 else 'an extra column'} "
                         f"{_join(extra)}")
        msg = "Your table " + " and ".join(parts) + "."
        lower_extra = {e.strip().lower(): e for e in extra}
        near = [(m, lower_extra[m.strip().lower()]) for m in missing
                if m.strip().lower() in lower_extra]
        if near:
            m, e = near[0]
            msg += f" Names must match exactly: rename {e!r} to {m!r}."
        elif ("index" in extra or not ans_keys) and missing and set(missing) <= set(ref_keys):
            msg += (f" If your index holds the {missing[0]} values, it has lost its name: name it "
                    f"with `.rename_axis({missing[0]!r})`, or group by that column.")
        elif missing and extra and len(missing) == len(extra):
            msg += (" If they hold the right values, rename them with "
                    f"`.rename(columns={{{extra[0]!r}: {missing[0]!r}}})`.")
        elif missing and not extra:
            msg += " Did you select only some columns, or aggregate them away?"
        elif extra and not missing:
            msg += " Keep only the columns the question asks for."
        return msg

    def _row_count_message(self, ans: pd.DataFrame, ref: pd.DataFrame, keys: list[str]) -> str:
        n_a, n_r = len(ans), len(ref)
        msg = (f"Your table has {n_a:,} row{'s' if n_a != 1 else ''}, but the expected one has "
               f"{n_r:,}.")
        if keys and all(k in ans.columns for k in keys):
            try:
                def tuples(df: pd.DataFrame) -> dict:
                    rows = df[keys].astype(object).to_numpy().tolist()
                    return {tuple(str(v) for v in r): ", ".join(_show(v) for v in r) for r in rows}

                a_keys, r_keys = tuples(ans), tuples(ref)
                lost = [r_keys[k] for k in r_keys if k not in a_keys]
                more = [a_keys[k] for k in a_keys if k not in r_keys]
                if lost:
                    msg += (f" Missing: the row{'s' if len(lost) > 1 else ''} for "
                            f"{', '.join(keys)} = {'; '.join(lost[:3])}"
                            f"{' and more' if len(lost) > 3 else ''}.")
                if more:
                    msg += (f" Not expected: the row{'s' if len(more) > 1 else ''} for "
                            f"{', '.join(keys)} = {'; '.join(more[:3])}"
                            f"{' and more' if len(more) > 3 else ''}.")
            except Exception:  # pragma: no cover - keys of mixed types
                pass
        if n_a > n_r:
            msg += " Check for duplicates, or a filter you forgot."
        else:
            msg += " Check your filter: did it drop rows it should keep?"
        return msg

    def _value_message(self, ans: pd.DataFrame, ref: pd.DataFrame, mask: pd.DataFrame,
                       keys: list[str]) -> tuple[str, str]:
        bad_rows = np.flatnonzero(mask.to_numpy().any(axis=1))
        bad_cols = [c for c in mask.columns if mask[c].any()]
        n = len(bad_rows)
        lines = []
        for i in bad_rows[:3]:
            label = (", ".join(f"{k}={_show(ref.at[i, k])}" for k in keys) if keys
                     else f"row {i + 1}")
            for c in [c for c in bad_cols if mask.at[i, c]]:
                lines.append(f"  {label}: {c} is {_show(ans.at[i, c])}, "
                             f"expected {_show(ref.at[i, c])}")
        msg = (f"Your table has the right shape, but {n:,} row{'s' if n != 1 else ''} "
               f"differ{'s' if n == 1 else ''}, in column{'s' if len(bad_cols) > 1 else ''} "
               f"{_join(bad_cols)}.")
        numeric_bad = [c for c in bad_cols if _kind_of(ref[c]) == "num"]
        if numeric_bad:
            c = numeric_bad[0]
            a = ans[c].astype("float64").to_numpy()
            r = ref[c].astype("float64").to_numpy()
            ok = np.isfinite(a) & np.isfinite(r) & (r != 0)
            if ok.any():
                ratio = np.median(a[ok] / r[ok])
                if abs(ratio - 1) > 1e-3 and np.allclose(a[ok], r[ok] * ratio, rtol=1e-3):
                    msg += (f" Every value of {c!r} is about {ratio:.3g} times the expected one: "
                            "check the unit or the formula.")
        shown = "" if n <= 3 else f" (the first 3 of {n:,})"
        return msg + f" Where they differ{shown}:", "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Choices
# --------------------------------------------------------------------------------------------

class ChoiceExercise(Exercise):
    """A multiple-choice question with lettered options.

    Extra parameters
    ----------------
    options : dict
        {"A": "text", "B": "text", ...}.
    feedback : dict, optional
        {"A": "why A is not right", ...}, shown when a student picks that option.

    ``expected(store)`` returns the right letter (computed from the data where the question is
    about data); for a concept question ``expected`` may also be the letter itself. The answer
    may be written "b", "B", "B)", "(b)" or as the exact text of the option.
    """

    kind = "choice"

    def __init__(self, *, options: Mapping[str, str], feedback: Mapping[str, str] | None = None,
                 **kwargs: Any) -> None:
        if not callable(kwargs.get("expected")) and isinstance(kwargs.get("expected"), str):
            letter = kwargs["expected"]
            kwargs["expected"] = lambda store, _l=letter: _l
        super().__init__(**kwargs)
        if not options:
            raise ValueError(f"ChoiceExercise {self.name!r} needs options={{'A': ..., ...}}.")
        self.options = {str(k).strip().upper(): str(v) for k, v in options.items()}
        self.feedback = {str(k).strip().upper(): str(v) for k, v in (feedback or {}).items()}
        letters = ", ".join(self.options)
        self.wanted = f"one letter in quotes, one of {letters} (e.g. answer = \"{next(iter(self.options))}\")"

    def _normalise_expected(self, value: Any) -> str:
        letter = self._letter(value)
        if letter is None:
            raise ValueError(f"expected() of {self.id} returned {value!r}, not one of the "
                             f"options {list(self.options)}")
        return letter

    def _letter(self, answer: Any) -> str | None:
        if isinstance(answer, np.str_):
            answer = str(answer)
        if not isinstance(answer, str):
            return None
        text = re.sub(r"^(option|answer)\s+", "", answer.strip(), flags=re.IGNORECASE)
        m = re.fullmatch(r"\(?\s*([A-Za-z])\s*[).:]?", text)
        if m and m.group(1).upper() in self.options:
            return m.group(1).upper()
        folded = " ".join(answer.lower().split())
        for k, v in self.options.items():
            if folded and folded == " ".join(v.lower().split()):
                return k
        return None

    def _compare(self, answer: Any, reference: str) -> CheckResult:
        letters = ", ".join(self.options)
        if answer is None:
            return self._no(f"Your answer is None. Pick one of the options: "
                            f"answer = \"{next(iter(self.options))}\" (one of {letters}).")
        if isinstance(answer, (list, tuple)) and len(answer) == 1 and isinstance(answer[0], str):
            return self._no(f"Your answer is a list holding {answer[0]!r}. Give the letter itself, "
                            f"without the brackets: answer = {answer[0]!r}.")
        if isinstance(answer, (list, tuple, set)):
            return self._no(f"Your answer is {_describe(answer)}, but exactly one option is right: "
                            f"give one letter, one of {letters}.")
        if isinstance(answer, (numbers.Number, np.generic)) and not isinstance(answer, np.str_):
            return self._no(f"Your answer is {_describe(answer)}, but the options are letters: "
                            f"write the letter in quotes, one of {letters}.")
        if not isinstance(answer, str):
            return self._no(f"Your answer is {_describe(answer)}. Write the letter of one option "
                            f"in quotes, one of {letters}.")
        letter = self._letter(answer)
        if letter is None:
            several = re.findall(r"\b([A-Za-z])\b", answer)
            if len(several) > 1 and all(s.upper() in self.options for s in several):
                return self._no(f"Your answer {answer!r} names more than one option: exactly "
                                f"one is right. Give one letter, one of {letters}.")
            return self._no(f"{answer!r} is not one of the options. Write one letter in quotes: "
                            f"{letters}.")
        if letter == reference:
            return self._ok()
        why = self.feedback.get(letter)
        text = self.options[letter]
        msg = f"Option {letter} ({text}) is not the right one."
        msg += f" {why}" if why else " Reread the question and the other options."
        return self._no(msg)


# --------------------------------------------------------------------------------------------
# Sets and lists
# --------------------------------------------------------------------------------------------

class SetExercise(Exercise):
    """An exercise whose answer is a set or list of items (names, ids, labels).

    Extra parameters
    ----------------
    ordered : bool
        False (default): any order; True: the order matters ("rank them").
    case_sensitive : bool
        False (default): text items match regardless of case and surrounding spaces.

    Accepted answers: list, tuple, set, a pandas Series or Index, a numpy array.
    """

    kind = "set"

    def __init__(self, *, ordered: bool = False, case_sensitive: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ordered = bool(ordered)
        self.case_sensitive = bool(case_sensitive)
        self.wanted = ("a list of items in the right order, e.g. ['a', 'b']" if self.ordered
                       else "a list of items, e.g. ['a', 'b']")

    def _key(self, item: Any) -> Any:
        item = _plain(item)
        if isinstance(item, str) and not self.case_sensitive:
            return " ".join(item.lower().split())
        if isinstance(item, float) and item.is_integer():
            return int(item)
        if isinstance(item, pd.Timestamp):
            return item.isoformat()
        return item

    def _normalise_expected(self, value: Any) -> list:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise TypeError(f"expected() of {self.id} must return a list of items")
        return [_plain(v) for v in (value.tolist() if hasattr(value, "tolist") else value)]

    def _items(self, answer: Any) -> tuple[list | None, str]:
        if answer is None:
            return None, self._none_message()
        if isinstance(answer, str):
            return None, (f"Your answer is {_describe(answer)}, one piece of text. Put the items "
                          "in a list, each in its own quotes: ['first', 'second'].")
        if isinstance(answer, pd.DataFrame):
            return None, (f"Your answer is {_describe(answer)}. Give the items as a list, e.g. "
                          "`df['column'].tolist()` or `df.index.tolist()`.")
        if isinstance(answer, dict):
            return None, ("Your answer is a dict. Give a list of the items, e.g. "
                          "`list(your_dict)` for its keys.")
        if isinstance(answer, (numbers.Number, np.generic)):
            return None, (f"Your answer is {_describe(answer)}, a single value, but the question "
                          "wants a list of items: [item1, item2, ...].")
        if isinstance(answer, (pd.Series, pd.Index, np.ndarray)):
            return [_plain(v) for v in np.asarray(answer, dtype=object).ravel().tolist()], ""
        if isinstance(answer, (list, tuple, set, frozenset)) or isinstance(answer, Iterable):
            try:
                items = list(answer)
            except Exception:
                return None, f"Your answer is {_describe(answer)}, which cannot be read as a list."
            return [_plain(v) for v in items], ""
        return None, f"Your answer is {_describe(answer)}, but the question wants a list of items."

    def _compare(self, answer: Any, reference: list) -> CheckResult:
        items, why_not = self._items(answer)
        if items is None:
            return self._no(why_not)
        if self.ordered and isinstance(answer, (set, frozenset)):
            return self._no("Your answer is a set, which has no order, but the question asks for "
                            "the items in order: use a list [...].")
        try:
            keys = [self._key(i) for i in items]
            ref_keys = [self._key(i) for i in reference]
            hash(tuple(keys))
        except TypeError:
            return self._no("Some items of your answer are themselves lists or tables: give a "
                            "flat list of names or numbers.")
        counts = Counter(keys)
        dups = sorted({items[i] for i, k in enumerate(keys) if counts[k] > 1}, key=str)
        by_key = dict(zip(keys, items, strict=True))
        ref_by_key = dict(zip(ref_keys, reference, strict=True))
        missing = [ref_by_key[k] for k in ref_keys if k not in by_key]
        extra = [by_key[k] for k in dict.fromkeys(keys) if k not in ref_by_key]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"is missing {len(missing)} item{'s' if len(missing) > 1 else ''}: "
                             f"{_join(missing)}")
            if extra:
                parts.append(f"has {len(extra)} item{'s' if len(extra) > 1 else ''} that should "
                             f"not be there: {_join(extra)}")
            return self._no("Your list " + "; and ".join(parts) + ".")
        if dups:
            return self._no(f"Your list names {_join(dups)} more than once: list each item once "
                            "(e.g. with .unique()).")
        if self.ordered and keys != ref_keys:
            pos = next(i for i, (a, b) in enumerate(zip(keys, ref_keys, strict=False)) if a != b)
            return self._no(f"Your list has the right items but not in the right order: item "
                            f"{pos + 1} should not be {items[pos]!r}. Check the sort "
                            "(ascending or descending).")
        return self._ok()


# --------------------------------------------------------------------------------------------
# Reflection
# --------------------------------------------------------------------------------------------

class ReflectionExercise(Exercise):
    """An open question answered in free text: not graded, recorded as done.

    Extra parameters
    ----------------
    min_words : int
        Fewest words accepted as an answer (default 5).
    """

    kind = "reflection"
    graded = False
    wanted = "your answer in a sentence or two, in quotes"

    def __init__(self, *, min_words: int = 5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_words = int(min_words)

    def expected(self) -> None:
        """A reflection has no single right answer; see ``solution()`` for a model answer."""
        return None

    def _check(self, answer: Any) -> CheckResult:
        if _holds_blank(answer):
            return super()._check(answer)
        if answer is None:
            return self._no("Your answer is None. Write your thoughts as text in quotes: "
                            'answer = "..."', hint=False)
        if not isinstance(answer, str):
            return self._no(f"Your answer is {_describe(answer)}. This question wants a sentence "
                            'or two of your own words, in quotes: answer = "..."', hint=False)
        words = len(re.findall(r"\w+", answer))
        if words < self.min_words:
            return self._no(f"You wrote {words} word{'s' if words != 1 else ''}; write at least "
                            f"{self.min_words} so your thinking shows.", hint=False)
        msg = ("Thanks, your answer is recorded. There is no single right answer; compare with "
               f"one model answer: run `ex.{self.name}.solution()`.")
        if self.why:
            msg += f" Why it matters: {self.why}"
        return CheckResult(self.id, "done", msg, correct=None, done=True)
