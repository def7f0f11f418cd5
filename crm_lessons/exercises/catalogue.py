"""Every lesson's exercise module and every exercise, lesson by lesson."""

from __future__ import annotations

import importlib
import pkgutil
import re
import warnings
from pathlib import Path

from crm_lessons.course import lesson_order
from crm_lessons.exercises.binding import exercises_of
from crm_lessons.exercises.exercise import Exercise

__all__ = ["lesson_modules", "all_exercises"]

_PACKAGE = "crm_lessons.exercises"


def is_lesson_module(name: str) -> bool:
    """True for ``lesson01`` and ``lesson00b`` (the primer), not for ``lessons`` or ``lesson1``."""
    return re.fullmatch(r"lesson\d\d[a-z]?", name) is not None


def lesson_modules() -> list[str]:
    """Names of the lesson exercise modules (``lesson00``, ``lesson00b``, ``lesson01``, ...),
    in course order."""
    folder = str(Path(__file__).resolve().parent)
    return sorted((m.name for m in pkgutil.iter_modules([folder]) if is_lesson_module(m.name)),
                  key=lambda name: lesson_order(name[6:]))


def all_exercises(strict: bool = True) -> list[Exercise]:
    """Every exercise of every lesson, lesson by lesson, in the order they are written.

    A lesson module that fails to import raises (``strict=True``) or is skipped with a
    warning (``strict=False``, used by the progress report).
    """
    found: list[Exercise] = []
    for name in lesson_modules():
        try:
            module = importlib.import_module(f"{_PACKAGE}.{name}")
        except Exception as exc:
            if strict:
                raise
            warnings.warn(f"Could not load the exercises of {name}: {exc}", stacklevel=2)
            continue
        found.extend(exercises_of(module))
    return found
