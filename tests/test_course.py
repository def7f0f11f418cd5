"""The start page's course map and data tour are read from the files on disk."""

import json

import matplotlib

matplotlib.use("Agg")

from crm_lessons.course import course_map_markdown, data_tour, lessons  # noqa: E402
from crm_lessons.plots import crm_cycle  # noqa: E402


def _write_nb(path, markdown):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": m} for m in markdown],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))


def test_lessons_lists_only_notebooks_present_with_objectives(tmp_path):
    _write_nb(tmp_path / "00_start_here.ipynb", ["# 00 · Start here"])
    _write_nb(tmp_path / "02_customer_identification.ipynb",
              ["# 02 · Customer identification\nsome promise",
               "## You will learn\n- score customers by RFM\n- draw a **concentration**\n  curve"])
    (tmp_path / "notes.ipynb").write_text("{}")  # not a numbered lesson: ignored
    table = lessons(tmp_path)
    assert table["lesson"].tolist() == ["00", "02"]
    assert table.loc[1, "title"] == "Customer identification"
    assert table.loc[1, "objectives"] == ["score customers by RFM", "draw a concentration curve"]
    md = course_map_markdown(tmp_path)
    assert "[02 · Customer identification](02_customer_identification.ipynb)" in md
    assert "00" not in md.split("](")[0]  # the start page does not list itself


def test_course_map_with_no_lessons_says_so(tmp_path):
    assert "No lessons" in course_map_markdown(tmp_path)


def test_data_tour_counts_rows_of_the_files_present(tmp_path):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "customers.csv").write_text("customer_id\n1\n2\n3\n")
    (tmp_path / "hospital").mkdir()
    (tmp_path / "hospital" / "patients.csv").write_text("id\n1\n")
    tour = data_tour(tmp_path)
    assert tour[["table", "rows"]].values.tolist() == [["customers", 3], ["patients", 1]]


def test_cycle_chart_marks_missing_elements():
    import pandas as pd

    ax = crm_cycle(pd.DataFrame({"lesson": ["00", "02", "04"]}))
    texts = [t.get_text() for t in ax.texts]
    assert "Customer identification\nlesson 02" in texts
    assert "Customer attraction\nnot in the course yet" in texts
    assert ax.get_title(loc="left").startswith("The CRM cycle: 2 of its 4 elements have a lesson")


def test_a_lettered_lesson_sorts_between_its_neighbours(tmp_path):
    from crm_lessons.course import lesson_id, lesson_order

    for name in ["01_crm_goals.ipynb", "00b_python_for_crm.ipynb", "00_start_here.ipynb",
                 "10_later.ipynb"]:
        _write_nb(tmp_path / name, [f"# {lesson_id(name)} · Title {name[:3]}\n",
                                    "## You will learn\n- select a column"])
    assert lessons(tmp_path)["lesson"].tolist() == ["00", "00b", "01", "10"]
    assert lessons(tmp_path).loc[1, "title"] == "Title 00b"
    md = course_map_markdown(tmp_path)
    assert md.index("00b_python_for_crm.ipynb") < md.index("01_crm_goals.ipynb")
    assert sorted(["10", "01", "00b", "00"], key=lesson_order) == ["00", "00b", "01", "10"]
    assert lesson_id("0b_x.ipynb") is None and lesson_id("notes.ipynb") is None


def test_the_course_finds_the_primer_and_its_exercises():
    from crm_lessons.exercises import lesson_modules
    from crm_lessons.exercises.answer_key import lesson_notebooks

    assert lessons()["lesson"].tolist()[:3] == ["00", "00b", "01"]
    assert lesson_modules()[:3] == ["lesson00", "lesson00b", "lesson01"]
    assert [p.name[:3] for p in lesson_notebooks()][:3] == ["00_", "00b", "01_"]


def test_the_progress_report_lists_the_primer_between_00_and_01():
    import pandas as pd

    from crm_lessons.exercises.progress import exercise_report, progress_summary

    report = exercise_report(records=pd.DataFrame())  # nothing done yet
    order = list(dict.fromkeys(report["lesson"]))
    assert order[:3] == ["00", "00b", "01"]
    assert list(progress_summary(report).index[:3]) == ["00", "00b", "01"]
