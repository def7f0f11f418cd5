"""Running a lesson for the site: the data chosen, solutions folded in, widgets made static."""

from __future__ import annotations

from pathlib import Path

import nbformat

from crm_lessons.site.execute import (
    SETUP_TAG,
    SOLUTION_TAG,
    WIDGET_VIEW,
    prepared_notebook,
    setup_source,
    static_outputs,
)

LESSON = Path(__file__).resolve().parents[2] / "notebooks" / "02_customer_identification.ipynb"


def test_the_setup_cell_chooses_the_data_and_clears_the_instructors_own_choice():
    src = setup_source({"CRM_LESSONS_STUDENT": "alice"})
    assert "os.environ.pop('CRM_LESSONS_SEED', None)" in src
    assert "os.environ['CRM_LESSONS_STUDENT'] = 'alice'" in src
    compile(src, "setup", "exec")


def _tagged(nb, tag):
    return [c for c in nb.cells if tag in (c.get("metadata", {}).get("tags") or [])]


def test_the_instructors_version_folds_one_solution_after_each_exercise_cell():
    student = prepared_notebook(LESSON, {}, with_solutions=False)
    teacher = prepared_notebook(LESSON, {}, with_solutions=True)
    assert not _tagged(student, SOLUTION_TAG)
    solutions = _tagged(teacher, SOLUTION_TAG)
    checks = [c for c in student.cells if c.cell_type == "code" and "____" in c.source
              and ".check(answer)" in c.source]
    assert solutions and len(solutions) == len(checks)
    for cell in solutions:
        before = teacher.cells[teacher.cells.index(cell) - 1]
        assert ".check(answer)" in before.source          # right after its exercise
        assert cell.source.startswith('<details class="crm-solution">')
    assert len(_tagged(teacher, SETUP_TAG)) == 1 and teacher.cells[0] is _tagged(
        teacher, SETUP_TAG)[0]


def test_an_explorer_keeps_its_static_result_and_a_bare_widget_is_dropped():
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {}}})
    out = nbformat.v4.new_output
    nb.cells = [nbformat.v4.new_code_cell("setup", metadata={"tags": [SETUP_TAG]}),
                nbformat.v4.new_code_cell("explorer()", outputs=[
                    out("display_data", data={WIDGET_VIEW: {}, "text/html": "<p>champions</p>",
                                              "text/plain": "VBox()"}),
                    out("display_data", data={WIDGET_VIEW: {}, "text/plain": "IntSlider()"})])]
    static_outputs(nb)
    assert len(nb.cells) == 1 and "widgets" not in nb.metadata
    (kept,) = nb.cells[0].outputs
    assert WIDGET_VIEW not in kept.data and kept.data["text/html"] == "<p>champions</p>"
