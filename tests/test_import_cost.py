"""`import crm_lessons` and its data/analysis modules must not pull in the heavy libraries:
scipy, scikit-learn, matplotlib and ipywidgets load only inside the functions that use them.
Every module of the package is checked, each file of a folder on its own, except the charts
and explorers, which exist to draw. (The time itself is measured in benchmarks/import_time.py,
not here.)"""

import pkgutil
import subprocess
import sys

import crm_lessons

HEAVY = ["scipy", "sklearn", "matplotlib", "ipywidgets"]
DRAWING = ("crm_lessons.plots", "crm_lessons.explore")
LIGHT_MODULES = ["crm_lessons"] + sorted(
    m.name for m in pkgutil.walk_packages(crm_lessons.__path__, "crm_lessons.")
    if not m.name.startswith(DRAWING))


def test_every_light_module_is_listed():
    for name in ["crm_lessons.data.store", "crm_lessons.goals.economics", "crm_lessons.clv.bgnbd",
                 "crm_lessons.exercises", "crm_lessons.cli", "crm_lessons.findings"]:
        assert name in LIGHT_MODULES


def test_importing_the_package_loads_no_heavy_library():
    code = (
        "import sys, importlib\n"
        f"for m in {LIGHT_MODULES!r}:\n"
        "    importlib.import_module(m)\n"
        f"    heavy = [h for h in {HEAVY!r} if h in sys.modules]\n"
        "    if heavy:\n"
        "        print(m, 'loads', ','.join(heavy)); break\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at package import time: {out.stdout.strip()}"
