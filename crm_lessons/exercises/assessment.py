"""Assessment mode: an instructor switches ``solution()`` off (and, if chosen, ``hint()``) for
assessed work.

Two ways to switch it on; the environment variable wins over the file:

- ``CRM_LESSONS_ASSESSMENT=1`` (solutions off) or ``CRM_LESSONS_ASSESSMENT=no-hints``
  (solutions and hints off); ``CRM_LESSONS_ASSESSMENT=0`` switches it off whatever a file says.
- a course settings file ``crm-course.toml`` beside the notebooks, found in the current working
  folder (a kernel's is its notebook's folder) or one of its parents::

      [assessment]
      solutions = false
      hints = false

Assessment mode fails closed: a settings file that cannot be read, or a value that is not
true/false, switches the solutions off (the keys that were read still apply), with one warning
naming the file and the fix. The instructor's tools (``crm-lessons answer-key``,
``crm-lessons site --with-solutions``) read the solutions directly and ignore this mode.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ENV", "SETTINGS_FILE", "Assessment", "AssessmentWarning", "assessment",
           "find_settings"]

ENV = "CRM_LESSONS_ASSESSMENT"
SETTINGS_FILE = "crm-course.toml"
KEYS = ("solutions", "hints")
_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off"}
_NO_HINTS = {"no-hints", "nohints", "no_hints"}
_EXAMPLE = "[assessment]\nsolutions = false\nhints = false"


class AssessmentWarning(UserWarning):
    """A setting of assessment mode that could not be read (solutions are off until fixed)."""


@dataclass(frozen=True)
class Assessment:
    """What assessment mode allows.

    Attributes
    ----------
    solutions, hints : bool
        True when ``solution()`` (``hint()``) shows its text.
    source : str
        Where the setting came from (the variable, or the settings file), '' when off.
    """

    solutions: bool = True
    hints: bool = True
    source: str = ""

    @property
    def on(self) -> bool:
        return not (self.solutions and self.hints)

    def notice(self) -> str:
        """The line a check adds in assessment mode ('' when it is off)."""
        if self.solutions and self.hints:
            return ""
        if not self.solutions and not self.hints:
            return "Solutions and hints are off for this assignment."
        return ("Solutions are off for this assignment." if not self.solutions
                else "Hints are off for this assignment.")


_said: set[str] = set()


def _warn(message: str) -> None:
    """Warn once per message in a session: a check repeats it otherwise at every run."""
    if message not in _said:
        _said.add(message)
        warnings.warn(message, AssessmentWarning, stacklevel=4)


def find_settings(start: Path | None = None) -> Path | None:
    """The nearest ``crm-course.toml`` in `start` (the working folder) or one of its parents."""
    try:
        folder = Path(start) if start is not None else Path.cwd()
        folder = folder.resolve()
    except OSError:  # the working folder was deleted
        return None
    for candidate in (folder, *folder.parents):
        path = candidate / SETTINGS_FILE
        try:
            if path.exists() or path.is_symlink():
                return path
        except OSError:
            continue
    return None


def _from_env(value: str, say: Callable[[str], None] = _warn) -> Assessment | None:
    """The setting the variable gives, or None when it is unset or empty (then the file)."""
    word = value.strip().lower()
    if not word:
        return None
    source = f"{ENV}={value.strip()}"
    if word in _OFF:
        return Assessment()
    if word in _ON:
        return Assessment(solutions=False, source=source)
    if word in _NO_HINTS:
        return Assessment(solutions=False, hints=False, source=source)
    say(f"{ENV}={value.strip()!r} is not a setting of assessment mode, so solutions are off "
          f"to be safe. Fix: set {ENV}=1 (solutions off), {ENV}=no-hints (solutions and hints "
          f"off) or {ENV}=0 (assessment mode off).")
    return Assessment(solutions=False, source=source)


def _from_file(path: Path, say: Callable[[str], None] = _warn) -> Assessment:
    """The setting in the file at `path`: unreadable parts switch the solutions off."""
    fix = f"Fix: make {path} a TOML file such as\n{_EXAMPLE}\n(or remove it)."
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: tomli, a dependency of the course there
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = (f"is not valid TOML ({exc})" if isinstance(exc, tomllib.TOMLDecodeError)
                  else f"cannot be read ({type(exc).__name__}: {exc})")
        say(f"The course settings file {path} {reason}, so solutions are off for this "
              f"assignment until it is fixed. {fix}")
        return Assessment(solutions=False, source=str(path))
    section = data.get("assessment", {})
    if not isinstance(section, dict):
        say(f"In {path}, `assessment` should be a table ([assessment] with solutions = "
              f"true/false and hints = true/false), so solutions are off until it is fixed. {fix}")
        return Assessment(solutions=False, source=str(path))
    allowed = {"solutions": True, "hints": True}
    problems = []
    for key, value in section.items():
        if key not in KEYS:
            problems.append(f"`{key}` is not a setting (the settings are solutions and hints)")
            allowed["solutions"] = False
        elif not isinstance(value, bool):
            problems.append(f"`{key} = {value!r}` should be true or false, without quotes")
            allowed[key] = False
        else:
            allowed[key] = value
    if problems:
        off = [k for k in KEYS if not allowed[k]]
        say(f"In the course settings file {path}: {'; '.join(problems)}. To be safe, "
              f"{' and '.join(off)} {'are' if len(off) > 1 else 'is'} off for this assignment "
              f"until it is fixed. {fix}")
    return Assessment(allowed["solutions"], allowed["hints"],
                      str(path) if not all(allowed.values()) else "")


def assessment(start: Path | None = None, say: Callable[[str], None] = _warn) -> Assessment:
    """What assessment mode allows now: the variable, else the nearest settings file (from
    `start`, by default the working folder), else everything (solutions and hints on). A
    setting that cannot be read is passed to `say` (by default: warned about once)."""
    from_env = _from_env(os.environ.get(ENV, ""), say)
    if from_env is not None:
        return from_env
    path = find_settings(start)
    if path is None:
        return Assessment()
    try:
        return _from_file(path, say)
    except Exception as exc:  # pragma: no cover - fail closed on anything unforeseen
        say(f"The course settings file {path} could not be read ({type(exc).__name__}: "
            f"{exc}), so solutions are off for this assignment until it is fixed. Fix: make "
            f"it a TOML file such as\n{_EXAMPLE}\n(or remove it).")
        return Assessment(solutions=False, source=str(path))
