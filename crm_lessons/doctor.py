"""`crm-lessons doctor`: check the Python version, the packages, the widget front end, the
assessment mode's settings and the data, and say exactly what to fix for anything that is not
right."""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
from dataclasses import dataclass
from typing import TextIO

MIN_PYTHON = (3, 10)

# import name -> distribution name, for the runtime packages in pyproject.toml
REQUIRED_PACKAGES = {
    "jupyterlab": "jupyterlab",
    "pandas": "pandas",
    "numpy": "numpy",
    "matplotlib": "matplotlib",
    "ipywidgets": "ipywidgets",
    "scipy": "scipy",
    "sklearn": "scikit-learn",
}

REINSTALL = "run `make lab` (or `pip install -e .` in the course folder) to install it"


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def check_python() -> Check:
    v = sys.version_info
    ok = (v.major, v.minor) >= MIN_PYTHON
    return Check(
        "Python version", ok, f"Python {v.major}.{v.minor}.{v.micro}",
        "" if ok else "install Python 3.10 or newer, then run `make lab` again",
    )


def check_packages() -> list[Check]:
    out = []
    for module, dist in REQUIRED_PACKAGES.items():
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out.append(Check(f"package {dist}", False, "not installed", f"{REINSTALL} ({dist})"))
            continue
        if importlib.util.find_spec(module) is None:
            out.append(Check(f"package {dist}", False, f"{version} is listed but cannot be found",
                             f"reinstall it: pip install --force-reinstall {dist}"))
            continue
        out.append(Check(f"package {dist}", True, version))
    return out


def check_widgets() -> Check:
    """The ipywidgets front end for JupyterLab ships in the jupyterlab_widgets package."""
    try:
        version = importlib.metadata.version("jupyterlab_widgets")
    except importlib.metadata.PackageNotFoundError:
        return Check("widget front end", False, "jupyterlab_widgets is not installed",
                     "pip install 'ipywidgets>=8' (it brings jupyterlab_widgets), then restart JupyterLab")
    from pathlib import Path

    ext = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
    if not ext.is_dir():
        return Check("widget front end", False,
                     f"jupyterlab_widgets {version} is installed but its lab extension is missing at {ext}",
                     "pip install --force-reinstall jupyterlab_widgets, then restart JupyterLab")
    return Check("widget front end", True, f"jupyterlab_widgets {version}")


def check_data() -> list[Check]:
    try:
        from crm_lessons.data import check_data_files
    except ImportError as exc:  # pragma: no cover - only on a broken install
        return [Check("data", False, f"the data module cannot be imported: {exc}", REINSTALL)]
    return [Check(name, not problem, problem or "present and valid", fix)
            for name, problem, fix in check_data_files()]


def check_assessment() -> Check:
    """Assessment mode as a kernel started in this folder sees it: off, or what is off and
    where that comes from; a setting that cannot be read is a problem to fix."""
    from crm_lessons.exercises.assessment import assessment

    problems: list[str] = []
    mode = assessment(say=problems.append)
    if problems:
        return Check("assessment mode", False, problems[0].split(" Fix:")[0],
                     problems[0].split(" Fix: ", 1)[-1].replace("\n", " "))
    if not mode.on:
        return Check("assessment mode", True, "off (solutions and hints are shown)")
    return Check("assessment mode", True, f"on: {mode.notice()[:-1].lower()} (set by "
                 f"{mode.source})")


def run_checks() -> list[Check]:
    checks = [check_python(), *check_packages(), check_widgets(), check_assessment()]
    if all(c.ok for c in checks if c.name.startswith("package pandas") or c.name.startswith("package numpy")):
        checks.extend(check_data())
    return checks


def run_doctor(out: TextIO = sys.stdout) -> int:
    """Print one line per check and what to fix; return 0 when everything is healthy."""
    checks = run_checks()
    for c in checks:
        mark = "ok " if c.ok else "FIX"
        print(f"[{mark}] {c.name}: {c.detail}", file=out)
        if not c.ok:
            print(f"      -> {c.fix}", file=out)
    bad = [c for c in checks if not c.ok]
    if bad:
        print(f"\n{len(bad)} problem(s) found. Fix them in the order shown, then run "
              f"`crm-lessons doctor` again.", file=out)
        return 1
    print("\nAll good: the course is installed and its data is in place. Start with "
          "notebooks/00_start_here.ipynb (`make lab`).", file=out)
    return 0
