"""Whose data this is: the student, the course, and the seed of the student's own data variant.

Every student can work on their own copy of the shop's data, so that two students' answers
differ and cannot simply be copied. The variant is chosen, in this order:

0. ``CRM_LESSONS_GRADE_SEED=N``: that seed, set by ``crm-lessons grade`` for the student whose
   notebook it runs (it wins over everything, a seed set by the notebook itself included);
1. ``CRM_LESSONS_SEED=N``: that seed, whatever else is set (an instructor's override);
2. ``CRM_LESSONS_STUDENT=alice``: the seed is a hash of the course id and the student id;
3. ``JUPYTERHUB_USER`` (set by JupyterHub for each user): the same hash of that user name;
4. none of them: the shipped data (``data/store``).

The hash is ``int(sha256(f"{course}:{student}")[:8 hex digits]) % 2**31`` over the course id
(``CRM_LESSONS_COURSE``, default ``crm-lessons``) and the student id with surrounding spaces
removed and case folded (``Alice`` and ``alice `` are one student). It is stable across
machines, Python versions and course releases, so an instructor can rebuild any student's data
and answers from the student id alone (``crm-lessons make-data --student alice``). Two courses
given by one instructor use two course ids, so a student taking both gets two variants.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from crm_lessons.errors import CRMDataError

DEFAULT_COURSE = "crm-lessons"
# The environment variables that choose the data variant (a change to any of them changes it).
IDENTITY_VARIABLES = ("CRM_LESSONS_GRADE_SEED", "CRM_LESSONS_SEED", "CRM_LESSONS_STUDENT",
                      "JUPYTERHUB_USER",
                      "CRM_LESSONS_COURSE")
_MAX_ID = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_id(text: str, what: str, variable: str) -> str:
    """`text` with surrounding spaces removed; refused when empty, too long or unprintable.

    >>> clean_id("  alice ", "student id", "CRM_LESSONS_STUDENT")
    'alice'
    """
    if not isinstance(text, str):
        raise CRMDataError(f"The {what} should be text, not {type(text).__name__}. "
                           f"Fix: give it as text, for example {variable}=alice.")
    value = text.strip()
    if not value:
        raise CRMDataError(f"The {what} is empty. Fix: set {variable} to a name such as alice, "
                           f"or leave it out.")
    if len(value) > _MAX_ID or _CONTROL.search(value):
        raise CRMDataError(f"The {what} {value[:40]!r} is too long or holds control characters. "
                           f"Fix: use a short name of at most {_MAX_ID} printable characters.")
    return value


def student_seed(student: str, course: str = DEFAULT_COURSE) -> int:
    """The data seed of `student` in `course`: a stable hash, the same on every machine.

    >>> student_seed("alice") == student_seed(" Alice ")
    True
    >>> student_seed("alice") != student_seed("bob")
    True
    """
    student = clean_id(student, "student id", "CRM_LESSONS_STUDENT").casefold()
    course = clean_id(course, "course id", "CRM_LESSONS_COURSE").casefold()
    digest = hashlib.sha256(f"{course}:{student}".encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 2**31


@lru_cache(maxsize=1)  # read once: every check records it
def course_version() -> str:
    """The installed course's version (from the package metadata), or "unknown"."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("crm_lessons")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


@dataclass(frozen=True)
class Identity:
    """Who is working and on which data: `seed` is None for the shipped data."""

    student: str | None
    course: str
    seed: int | None
    source: str  # "CRM_LESSONS_SEED", "CRM_LESSONS_STUDENT", "JUPYTERHUB_USER" or "shipped"

    def as_record(self) -> dict:
        """The fields stored with every check result (JSON-ready)."""
        return {**asdict(self), "version": course_version()}

    def explain(self) -> str:
        """One sentence for the start page: which data, and why."""
        if self.source == "CRM_LESSONS_GRADE_SEED":
            return (f"This notebook is being graded on data variant {self.seed} "
                    "(CRM_LESSONS_GRADE_SEED, set by crm-lessons grade).")
        if self.source == "CRM_LESSONS_SEED":
            return (f"You are working on data variant {self.seed}, because CRM_LESSONS_SEED is "
                    f"set to {self.seed}.")
        if self.source in ("CRM_LESSONS_STUDENT", "JUPYTERHUB_USER"):
            how = ("CRM_LESSONS_STUDENT" if self.source == "CRM_LESSONS_STUDENT"
                   else "your JupyterHub user name")
            return (f"You are working on your own data as student {self.student!r} (from {how}, "
                    f"course {self.course!r}, data variant {self.seed}). Your numbers differ "
                    f"from other students'; the lessons compute every answer from your data.")
        return ("You are working on the shipped data (data/store): no student id is set. Set "
                "CRM_LESSONS_STUDENT to your student id before starting JupyterLab to get your "
                "own variant, if your instructor asks for it.")


def course_id() -> str:
    """``CRM_LESSONS_COURSE``, or ``crm-lessons`` when unset."""
    text = os.environ.get("CRM_LESSONS_COURSE")
    return DEFAULT_COURSE if text is None or not text.strip() else clean_id(
        text, "course id", "CRM_LESSONS_COURSE")


def _explicit_seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        raise CRMDataError(f"CRM_LESSONS_SEED should be a whole number, not {text!r}. Fix: set it "
                           f"to a number such as 7, or unset it for the shipped data.") from None
    if seed < 0:
        raise CRMDataError(f"CRM_LESSONS_SEED should be 0 or more, not {seed}. Fix: set it to a "
                           f"number such as 7, or unset it for the shipped data.")
    return seed


def current_identity() -> Identity:
    """The identity from the environment, in the order the module docstring gives.

    >>> current_identity().course                      # doctest: +SKIP
    'crm-lessons'
    """
    course = course_id()
    student = None
    for variable in ("CRM_LESSONS_STUDENT", "JUPYTERHUB_USER"):
        text = os.environ.get(variable, "")
        if text.strip():
            student, source = clean_id(text, "student id", variable), variable
            break
    grade_text = os.environ.get("CRM_LESSONS_GRADE_SEED", "").strip()
    if grade_text:
        return Identity(student, course, _explicit_seed(grade_text), "CRM_LESSONS_GRADE_SEED")
    seed_text = os.environ.get("CRM_LESSONS_SEED", "").strip()
    if seed_text:
        return Identity(student, course, _explicit_seed(seed_text), "CRM_LESSONS_SEED")
    if student is not None:
        return Identity(student, course, student_seed(student, course), source)
    return Identity(None, course, None, "shipped")
