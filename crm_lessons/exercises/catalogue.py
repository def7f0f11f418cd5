"""Every lesson's exercise module and every exercise, lesson by lesson."""

from __future__ import annotations

import importlib
import pkgutil
import warnings
from pathlib import Path

from crm_lessons.exercises.binding import exercises_of
from crm_lessons.exercises.exercise import Exercise

__all__ = ["lesson_modules", "all_exercises"]

_PACKAGE = "crm_lessons.exercises"


def lesson_modules() -> list[str]:
    """Names of the lesson exercise modules (``lesson00``, ``lesson01``, ...), sorted."""
    folder = str(Path(__file__).resolve().parent)
    return sorted(m.name for m in pkgutil.iter_modules([folder])
                  if m.name.startswith("lesson") and m.name[6:].isdigit())


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
