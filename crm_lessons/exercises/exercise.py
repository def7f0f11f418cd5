"""The exercise a student uses: ``check(answer)``, ``hint()``, ``hint(2)``, ``solution()``,
``expected()`` and ``graded``, made of a kind (the comparison) and the session layer.

An exercise is a module-level object in ``crm_lessons/exercises/lessonNN.py``; the module ends
with ``bind_exercises(globals(), lesson="NN")``, which names each exercise after its variable::

    top20_share = NumberExercise(
        question="What share of revenue comes from the top 20% of customers?",
        expected=lambda store: identify.revenue_concentration(store.orders, top=0.2),
        solution="answer = revenue_concentration(store.orders, top=0.2)",
        hint=["Sort customers by revenue and take the first fifth.",
              "Divide the revenue of that fifth by the total revenue."],
        slips=[(lambda store: 100 * identify.revenue_concentration(store.orders, top=0.2),
                "That is a percentage; the question wants a fraction.")],
        why="A few customers carry the business ...",
        tolerance=0.01, percent=True,
    )

In a notebook a student writes ``answer = ...`` and runs ``ex.top20_share.check(answer)``.
The check returns a :class:`~crm_lessons.exercises.result.CheckResult`: truthy when the answer
is right, with a ``message`` that says what differs and what to try. It is displayed once, as
a coloured box in Jupyter and as plain text elsewhere. A check never raises on a wrong answer
of any type, never evaluates a string it is given, and never changes the object it is given.

**Named slips** (every graded kind): ``slips`` is a sequence of ``(wrong(store), message)``.
When the answer matches the value a slip gives (and that value is not the reference), the
check says `message` instead of the generic feedback. **Other right answers**: ``also`` is a
sequence of ``(right(store), note)`` for a sound route that lands on another value than the
reference (ties broken another way, say): an answer matching one is accepted, with the note.
**Graded hints**: ``hint`` may be a list;
``hint()`` shows the first, ``hint(2)`` the second, and a hint past the last says so and shows
the last again. **Feedback categories**: each result names the kind of mistake it found
(``result.category``, one of ``crm_lessons.exercises.result.CATEGORIES``). **Assessment mode**
(``crm_lessons.exercises.assessment``): with solutions off, ``solution()`` and ``expected()``
say so instead of answering, and every check adds a line saying so; with hints off, ``hint()``
too, and the check no longer points to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from crm_lessons.exercises.assessment import assessment
from crm_lessons.exercises.blank import Blank, holds_blank
from crm_lessons.exercises.kinds.base import Kind, Verdict, no, ok
from crm_lessons.exercises.kinds.reading import Unreadable, read_once
from crm_lessons.exercises.result import CheckResult, ExerciseFailed, Shown
from crm_lessons.exercises.session import (
    ReferenceCache,
    active_store,
    check_identity,
    log_grade,
    log_internal_error,
    record,
    record_view,
    strict_mode,
)

__all__ = ["Exercise", "ExerciseNotBound", "Slip", "lesson_number"]

Slip = tuple[Callable[[Any], Any], str]
BLANK = Blank()  # the blank ``____`` (Blank is a singleton)


class ExerciseNotBound(RuntimeError):
    """An exercise used before its lesson module named it with ``bind_exercises``."""


def lesson_number(lesson: str | int) -> str:
    """The lesson as two digits: ``lesson_number(1)`` is '01'."""
    return f"{int(lesson):02d}" if str(lesson).isdigit() else str(lesson)


def _copy(value: Any) -> Any:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy()
    if isinstance(value, list):
        return list(value)
    return value


class Exercise:
    """One exercise: a question, a reference answer computed from the data, a check.

    Parameters
    ----------
    rule : Kind
        How an answer is compared with the reference (``crm_lessons.exercises.kinds``).
    question : str
        The task in one or two sentences.
    expected : callable or value
        ``expected(store)`` returns the reference answer from the active store.
    solution : str
        Code a student could write; it assigns ``answer``.
    hint : str or sequence of str
        Nudges that do not give the answer away, the gentlest first.
    why : str
        Why it matters; shown with a correct answer.
    slips : sequence of (callable, str)
        Likely wrong answers ``wrong(store)`` and what to say when the answer is one of them.
    also : sequence of (callable, str)
        Other values a sound route gives, ``right(store)``, accepted with the note.
    inputs_note : callable, optional
        ``inputs_note(store)`` returns a line to add under a wrong answer when the notebook's
        own inputs (a table the lesson built) are not what the checks use, else None.
    lesson, name : str, optional
        Set by ``bind_exercises`` from the lesson module (the name is the variable's name).
    """

    def __init__(self, rule: Kind, *, question: str,
                 expected: Callable[[Any], Any] | Any = None, solution: str = "",
                 hint: str | Sequence[str] = "", why: str = "", slips: Sequence[Slip] = (),
                 also: Sequence[Slip] = (), lesson: str | int | None = None, name: str | None = None,
                 inputs_note: Callable[[Any], str | None] | None = None) -> None:
        self.rule = rule
        self.lesson = None if lesson is None else lesson_number(lesson)
        self.name: str | None = None
        if name is not None:
            self.bind(self.lesson, name)
        self.question = question
        self._expected_fn = expected
        self.solution_code = solution.strip("\n")
        self.hints = tuple(h for h in ([hint] if isinstance(hint, str) else hint) if h)
        self.why = why
        self.slips = tuple(slips)
        self.also = tuple(also)
        self.inputs_note = inputs_note
        self._cache = ReferenceCache()
        if self.graded and expected is None:
            raise ValueError(f"Exercise {name or question[:40]!r} needs expected=, a function "
                             "of the store.")

    def bind(self, lesson: str | int | None, name: str) -> None:
        """Give the exercise its lesson and name (``bind_exercises`` does this)."""
        if not str(name).isidentifier():
            raise ValueError(f"Exercise name {name!r} must be a Python identifier.")
        self.lesson = None if lesson is None else lesson_number(lesson)
        self.name = str(name)

    # ---- what the kind says about itself ------------------------------------------------
    @property
    def kind(self) -> str:
        return self.rule.name

    @property
    def graded(self) -> bool:
        return self.rule.graded

    @property
    def wanted(self) -> str:
        return self.rule.wanted

    @property
    def hint_text(self) -> str:
        return self.hints[0] if self.hints else ""

    @property
    def id(self) -> str:
        if self.name is None or self.lesson is None:
            raise ExerciseNotBound(
                f"The exercise {self.question[:50]!r} has no name yet: end its lesson module "
                "with `bind_exercises(globals(), lesson=\"NN\")` (from "
                "crm_lessons.exercises.binding), which names each exercise after its variable.")
        return f"{self.lesson}.{self.name}"

    def __repr__(self) -> str:
        shown = f"{self.lesson}.{self.name}" if self.name else "(not bound yet)"
        return f"<{type(self).__name__} {shown}: {self.question}>"

    # ---- public API --------------------------------------------------------------------
    def hint(self, n: int = 1) -> Shown:
        """The n-th hint (the first by default), shown in the notebook; in assessment mode with
        hints off, a sentence saying so (and nothing is recorded)."""
        if not assessment().hints:
            return Shown("Hints are off for this assignment: your instructor switched them off "
                         "while this work is assessed. Work from the question, the lesson and "
                         "the check's feedback.", f"Hint for {self.name}")
        total = len(self.hints)
        if not total:
            return Shown("No hint for this one: reread the question.", f"Hint for {self.name}")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            return Shown(f"Ask for a hint by its number, 1 to {total}: "
                         f"`ex.{self.name}.hint(1)`.", f"Hint for {self.name}")
        record_view(self.lesson, self.name, "hint", min(n, total))
        if total == 1 and n == 1:
            return Shown(self.hints[0], f"Hint for {self.name}")
        if n > total:
            return Shown(f"There are no more hints; here is the last one again. "
                         f"{self.hints[-1]}", f"Hint {total} of {total} for {self.name}")
        more = f" (`ex.{self.name}.hint({n + 1})` for the next)" if n < total else ""
        return Shown(self.hints[n - 1], f"Hint {n} of {total} for {self.name}{more}")

    def solution(self) -> Shown:
        """One reference solution (code), shown in the notebook; in assessment mode, a sentence
        saying that solutions are off (and nothing is recorded)."""
        if not assessment().solutions:
            return Shown("Solutions are off for this assignment: your instructor switched them "
                         "off while this work is assessed. Run the check to see what your "
                         "answer still needs.", f"Solution for {self.name}")
        record_view(self.lesson, self.name, "solution")
        return Shown(self.solution_code, f"One solution for {self.name}", code=True)

    def expected(self) -> Any:
        """The reference answer computed from the active store (cached per seed); in
        assessment mode with solutions off, a sentence saying it is not shown."""
        if not assessment().solutions:
            return Shown("The expected answer is not shown: solutions are off for this "
                         "assignment. Run the check to see what your answer still needs.",
                         f"Expected answer of {self.name}")
        if not self.graded:
            return None  # a reflection has no single right answer; see solution()
        return _copy(self._reference())

    def check(self, answer: Any = BLANK) -> CheckResult:
        """Compare `answer` with the reference, record the result and explain it."""
        exercise_id = self.id  # an exercise without a name fails here, with the fix
        try:
            result = self._check(answer)
        except Exception as exc:
            if strict_mode():
                raise
            saved = log_internal_error(f"internal error while checking {exercise_id}")
            result = CheckResult(
                exercise_id, "error",
                "Sorry, the checker hit a problem it did not expect while reading your answer "
                f"({type(exc).__name__}: {exc}). Your answer was not marked. Check that it is "
                f"{self.wanted}; if it is, please tell your instructor.{saved}",
                correct=False, done=False)
        result.identity = check_identity()
        if result.status == "incorrect":
            result.add_note(self._inputs_note())
        result.add_note(assessment().notice())
        text = answer if not self.graded and result.done else None  # a reflection's text
        log_grade(self, result, text)
        if result.status not in ("blank", "error"):
            record(self.lesson, self.name, correct=result.correct, done=result.done,
                   graded=self.graded, kind=self.kind, answer=text,
                   identity=result.identity)
        if strict_mode() and not result:
            raise ExerciseFailed(f"{exercise_id} failed: {result.message}")
        return result

    # ---- internals ---------------------------------------------------------------------
    def _inputs_note(self) -> str | None:
        """The exercise's note on changed inputs; never an error of its own."""
        if self.inputs_note is None:
            return None
        try:
            return self.inputs_note(active_store())      # not cached: the notebook may change
        except Exception:
            return None

    def _reference(self) -> Any:
        def compute(store: Any) -> Any:
            fn = self._expected_fn
            return self.rule.normalise(fn(store) if callable(fn) else fn, self.id)

        return self._cache.get("reference", compute)

    def _check(self, answer: Any) -> CheckResult:
        answer = read_once(answer)  # an iterator is read once, here, before anything reads it
        if isinstance(answer, Unreadable):
            return CheckResult(self.id, "incorrect", answer.message, correct=False, done=False)
        if holds_blank(answer):
            inside = "" if answer is BLANK else " (one of its items is still ____)"
            return CheckResult(
                self.id, "blank",
                f"Your answer is still the blank `____`{inside}. Replace `____` in "
                f"`answer = ____` with {self.wanted}, then run the cell again. "
                f"The task: {self.question}",
                correct=False, done=False)
        if not self.graded:
            return self._result(self.rule.compare(answer, None))
        try:
            reference = self._reference()
        except Exception as exc:
            if strict_mode():
                raise
            log_internal_error(f"could not compute the reference answer of {self.id}")
            return CheckResult(
                self.id, "error",
                f"The reference answer could not be computed from the data ({type(exc).__name__}: "
                f"{exc}). This is not your fault: run `crm-lessons doctor` in a terminal to see "
                "what to fix.", correct=False, done=False)
        verdict = self.rule.compare(answer, reference)
        if not verdict.correct:
            verdict = self._also(answer) or self._slip(answer, reference) or verdict
        return self._result(verdict)

    def _also(self, answer: Any) -> Verdict | None:
        """An accepting verdict when `answer` is one of the other right values."""
        for i, (right, note) in enumerate(self.also):
            try:
                value = self._cache.get(f"also {i}",
                                        lambda store, r=right: self.rule.normalise(r(store), self.id))
                if self.rule.same(answer, value):
                    return ok(note)
            except Exception:  # a value that cannot be computed is simply skipped
                continue
        return None

    def _slip(self, answer: Any, reference: Any) -> Verdict | None:
        """The verdict naming the slip `answer` matches, if any."""
        for i, (wrong, message) in enumerate(self.slips):
            try:
                value = self._cache.get(f"slip {i}",
                                        lambda store, w=wrong: self.rule.normalise(w(store), self.id))
                if not self.rule.same(value, reference) and self.rule.same(answer, value):
                    return no(self.rule.slip_message(answer, message), category="named-slip")
            except Exception:  # a slip that cannot be computed is simply skipped
                continue
        return None

    def _result(self, verdict: Verdict) -> CheckResult:
        why = f" Why it matters: {self.why}" if self.why else ""
        if verdict.correct and not self.graded:
            compare = (f"; compare with one model answer: run `ex.{self.name}.solution()`."
                       if assessment().solutions else ".")
            msg = f"Thanks, your answer is recorded. There is no single right answer{compare}{why}"
            return CheckResult(self.id, "done", msg, correct=None, done=True)
        if verdict.correct:
            msg = "Well done." + (f" {verdict.message}" if verdict.message else "") + why
            return CheckResult(self.id, "correct", msg, correct=True, done=True)
        tip = (f"Stuck? Run `ex.{self.name}.hint()`." if verdict.hint and self.hints
               and assessment().hints else "")
        return CheckResult(self.id, "incorrect", verdict.message, correct=False, done=False,
                           details=verdict.details, tip=tip, category=verdict.category)
