"""`import crm_lessons` and its data/analysis modules must not pull in the heavy libraries:
scipy, scikit-learn, matplotlib and ipywidgets load only inside the functions that use them.
(The time itself is measured in benchmarks/import_time.py, not here.)"""

import subprocess
import sys

HEAVY = ["scipy", "sklearn", "matplotlib", "ipywidgets"]
LIGHT_MODULES = ["crm_lessons", "crm_lessons.errors", "crm_lessons.schema", "crm_lessons.datasets",
                 "crm_lessons.cli", "crm_lessons.doctor", "crm_lessons.exercises",
                 "crm_lessons.exercises.kinds", "crm_lessons.exercises.session",
                 "crm_lessons.exercises.exercise", "crm_lessons.exercises.lesson01",
                 "crm_lessons.goals", "crm_lessons.identify", "crm_lessons.attract",
                 "crm_lessons.retain", "crm_lessons.develop", "crm_lessons.value",
                 "crm_lessons.clv"]


def test_importing_the_package_loads_no_heavy_library():
    code = (
        "import sys, importlib\n"
        f"for m in {LIGHT_MODULES!r}: importlib.import_module(m)\n"
        f"print(','.join(h for h in {HEAVY!r} if h in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at package import time: {out.stdout.strip()}"
