"""The layer around the kinds: the active store and its seed, the per-seed cache of reference
answers, strict mode, recording progress and the log of internal errors.

The reference answer comes from ``expected(store)`` run on the active store
(``load_store()``, which honours ``CRM_LESSONS_SEED``); it is cached per seed.

Environment:

- ``CRM_LESSONS_STRICT=1``: a check that is not correct raises ``ExerciseFailed``
  (used by the answer-key tests), and an internal error is raised instead of reported.
- ``CRM_LESSONS_PROGRESS``: where results are recorded (see ``crm_lessons.exercises.records``).
- ``CRM_LESSONS_GRADE_LOG=/path/file.jsonl``: every check also appends one JSON line there
  (``log_grade``), which ``crm-lessons grade`` reads back; ``CRM_LESSONS_GRADE_SEED`` then
  fixes the data, and a ``store`` loaded with another seed in the notebook is not followed.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

import crm_lessons.exercises.records as records
from crm_lessons.identity import IDENTITY_VARIABLES, current_identity
from crm_lessons.writing import append_text

__all__ = ["active_store", "use_store", "store_key", "strict_mode", "log_internal_error",
           "record", "record_view", "ReferenceCache"]

log = logging.getLogger("crm_lessons.exercises")
# No traceback on a student's screen: without a handler configured by the user, Python would
# print logged errors (with their traceback) to stderr, which a notebook shows in red.
log.addHandler(logging.NullHandler())


def log_internal_error(what: str) -> str:
    """Log the current exception and append it to errors.log next to the progress file.

    Returns a sentence saying where the details are, or '' when they could not be saved.
    """
    log.exception(what)
    try:
        path = records.progress_path().with_name("errors.log")
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        append_text(path, f"--- {stamp} {what}\n{traceback.format_exc()}\n")  # no link followed
        return f" The details were saved in {path} for your instructor."
    except Exception:  # pragma: no cover - logging must never break a check
        return ""


def check_identity() -> dict:
    """Whose check this is and on which data: student id, course id, the seed of the data the
    check compared against, and the course version. Travels with every result and record."""
    try:
        ident = current_identity().as_record()
    except Exception:  # a bad CRM_LESSONS_STUDENT was already reported when the data loaded
        ident = {"student": None, "course": None, "source": "unknown", "version": None}
    try:
        seed = getattr(active_store(), "seed", None)
    except Exception:  # the data could not load: the check itself says so
        seed = None
    ident["seed"] = int(seed) if isinstance(seed, (int, np.integer)) else None
    return ident


def record(lesson: str, name: str, *, correct: bool | None, done: bool, graded: bool,
           kind: str, answer: str | None = None, identity: dict | None = None) -> None:
    """Save one result (a reflection's text, whose check and data it is) in the progress file;
    a failure (a full disk) only warns."""
    try:
        records.record(lesson, name, correct=correct, done=done, graded=graded, kind=kind,
                       answer=answer, identity=identity)
    except Exception as exc:  # a full disk must not break a lesson
        warnings.warn(f"Your result for {lesson}.{name} could not be saved to the progress "
                      f"file ({exc}).", stacklevel=4)


def record_view(lesson: str | None, name: str | None, viewed: str, hint: int | None = None) -> None:
    """Save that a hint or the solution was shown (no score changes); a failure only warns."""
    if lesson is None or name is None:  # an exercise not bound to a lesson is not recorded
        return
    try:
        records.record_view(lesson, name, viewed, hint)
    except Exception as exc:  # a full disk must not stop a hint from showing
        warnings.warn(f"That you looked at the {viewed} of {lesson}.{name} could not be saved "
                      f"to the progress file ({exc}).", stacklevel=4)


def log_grade(exercise: Any, result: Any, answer: str | None) -> None:
    """Append the verdict of one check to ``CRM_LESSONS_GRADE_LOG`` (a JSON line), if set."""
    path = os.environ.get("CRM_LESSONS_GRADE_LOG", "").strip()
    if not path:
        return
    line = {"id": result.exercise, "lesson": exercise.lesson, "name": exercise.name,
            "status": result.status, "correct": result.correct, "graded": exercise.graded,
            "kind": exercise.kind, "category": getattr(result, "category", None),
            "message": result.message, "answer": answer if isinstance(answer, str) else None,
            "identity": result.identity}
    try:
        append_text(path, json.dumps(line, default=str) + "\n")
    except Exception as exc:  # the grader reports a notebook whose checks left no line
        warnings.warn(f"The grade log {path} could not be written ({exc}).", stacklevel=3)


def strict_mode() -> bool:
    """True when ``CRM_LESSONS_STRICT`` is set to 1/true/yes."""
    return os.environ.get("CRM_LESSONS_STRICT", "").strip().lower() in {"1", "true", "yes", "on"}



OVERRIDE: list[Any] = []
STORES: dict[tuple, Any] = {}


def notebook_seed() -> Any:
    """The seed of the store a notebook named ``store`` (``store = load_store(seed=N)``), if any.

    Only its seed is used: the checks reload that variant fresh, so a student who changes the
    tables of their ``store`` does not change the reference answers.
    """
    ipython_mod = sys.modules.get("IPython")
    if ipython_mod is None or os.environ.get("CRM_LESSONS_GRADE_SEED", "").strip():
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


def notebook_variable(name: str) -> Any:
    """The value the running notebook holds under `name`, or None (no notebook, or no such
    variable). Checks read it only to explain a wrong answer, never to mark one."""
    ipython_mod = sys.modules.get("IPython")
    if ipython_mod is None:
        return None
    try:
        shell = ipython_mod.get_ipython()
        return shell.user_ns.get(name) if shell is not None else None
    except Exception:
        return None


def store_key() -> tuple:
    if OVERRIDE:
        return ("override", id(OVERRIDE[-1]))
    return ("env", *(os.environ.get(v, "").strip() for v in IDENTITY_VARIABLES),
            os.environ.get("CRM_LESSONS_DATA", "").strip(), notebook_seed())


def active_store() -> Any:
    """The store the checks compare against.

    In order: the store given to :func:`use_store`; else, in a notebook whose ``store`` was
    loaded with another seed (``store = load_store(seed=N)``), that variant; else
    ``load_store()``, which honours ``CRM_LESSONS_SEED``.
    """
    if OVERRIDE:
        return OVERRIDE[-1]
    key = store_key()
    if key not in STORES:
        from crm_lessons.data import load_store

        store = load_store()
        wanted = key[-1]
        if wanted is not None and getattr(store, "seed", None) != wanted:
            store = load_store(seed=int(wanted))
        STORES.clear()
        STORES[key] = store
    return STORES[key]


class use_store:  # noqa: N801 - used like a function
    """Make the checks compare against `store` instead of ``load_store()``.

    ``use_store(store)`` on its own line applies for the rest of the session (e.g. a notebook
    that works on ``load_store(seed=7)``); ``with use_store(store): ...`` applies inside the
    block only.
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self._stack = OVERRIDE  # the list it was pushed on, even if the name is rebound later
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



class ReferenceCache:
    """Values computed from the active store, kept until the store (or its seed) changes.

    ``get(name, compute)`` returns ``compute(store)`` for the active store, computing it once
    per store.
    """

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._store: Any = None  # kept so that its id (part of the key) stays unique
        self._values: dict[str, Any] = {}

    def get(self, name: str, compute: Callable[[Any], Any]) -> Any:
        key = store_key()
        if key != self._key:
            self._key, self._store, self._values = None, None, {}
        if name not in self._values:
            store = active_store()
            self._values[name] = compute(store)
            self._key, self._store = key, store
        return self._values[name]
