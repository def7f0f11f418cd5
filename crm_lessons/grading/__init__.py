"""Grading handed-in notebooks: ``crm-lessons grade SUBMISSIONS --out gradebook.csv``.

Each notebook is run again in a fresh kernel on its student's own data, in a temporary copy
(``run``, ``sandbox``); the verdicts of its checks are read from the grade log by exercise id;
the gradebook and its companion files are written through ``crm_lessons.writing``
(``outputs``). ``grade_folder`` is the Python API, ``read_gradebook`` reads the files back.
"""

from __future__ import annotations

__all__ = ["grade_folder", "read_gradebook", "Gradebook", "GradingError"]


def __getattr__(name: str):  # lazy: the kernel launcher and the CLI import little
    if name in ("grade_folder", "Gradebook", "GradingError"):
        from crm_lessons.grading import grade

        return getattr(grade, name)
    if name == "read_gradebook":
        from crm_lessons.grading.outputs import read_gradebook

        return read_gradebook
    raise AttributeError(name)
