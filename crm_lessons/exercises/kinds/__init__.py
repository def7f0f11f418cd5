"""Kinds of exercise: pure comparisons of an answer with a reference.

Each kind returns a :class:`Verdict` (right or not, and why not); it reads no store, shows
nothing and writes no file.
"""

from crm_lessons.exercises.kinds.base import Kind, Verdict
from crm_lessons.exercises.kinds.choice import ChoiceKind
from crm_lessons.exercises.kinds.number import NumberKind
from crm_lessons.exercises.kinds.reflection import ReflectionKind
from crm_lessons.exercises.kinds.set import SetKind, Unnamed
from crm_lessons.exercises.kinds.table import Labels, TableKind

__all__ = ["Kind", "Verdict", "NumberKind", "TableKind", "Labels", "ChoiceKind", "SetKind",
           "Unnamed", "ReflectionKind"]
