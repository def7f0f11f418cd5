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
