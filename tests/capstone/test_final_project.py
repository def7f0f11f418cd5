"""The final project lives in notebooks/project/: run by nbval with the lessons, not counted as
a lesson, copied into each student's workspace; its rubric adds up, and its template marks
every criterion."""

import json
import re

from crm_lessons.course import lessons
from crm_lessons.paths import NOTEBOOKS_DIR
from crm_lessons.workspace import course_files

PROJECT = NOTEBOOKS_DIR / "project"


def _sources(name: str) -> list[str]:
    nb = json.loads((PROJECT / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"]]


def test_the_project_is_not_a_lesson_but_goes_to_the_workspace():
    files = set(lessons()["file"])
    assert "06_capstone.ipynb" in files
    assert not any("project" in f for f in files)
    copied = {name for name, _ in course_files(NOTEBOOKS_DIR)}
    assert {"project/final_project_brief.md", "project/final_project_template.ipynb",
            "project/model_project.ipynb"} <= copied


def test_the_rubric_adds_up_to_100_and_the_template_has_a_section_per_criterion():
    brief = (PROJECT / "final_project_brief.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d) \| \*\*(.+?)\*\* \((\d+)\) \|", brief, re.M)
    assert len(rows) == 7 and sum(int(points) for _, _, points in rows) == 100
    headings = [s for s in _sources("final_project_template.ipynb") if s.startswith("## ")]
    model = [s for s in _sources("model_project.ipynb") if s.startswith("## ")]
    for number, _, points in rows:
        assert any(h.startswith(f"## {number} ·") and f"({points} points)" in h
                   for h in headings), number
        assert any(h.startswith(f"## {number} ·") for h in model), number
    # a made-up brief with a missing criterion is caught by the same reading
    assert len(re.findall(r"^\| (\d) \| \*\*(.+?)\*\* \((\d+)\) \|", "| 1 | x (5) |", re.M)) == 0


def test_the_template_loads_the_students_variant_and_the_model_the_shipped_data():
    template = "\n".join(_sources("final_project_template.ipynb"))
    assert "store = load_store()" in template and "current_identity()" in template
    model = "\n".join(_sources("model_project.ipynb"))
    assert "load_store(seed=DEFAULT_SEED)" in model
