"""The student id, seed and course version travel with every check: in the progress record and
in the check's displayed output, so a saved notebook carries them."""

import json
import os

import nbformat
import pytest

from crm_lessons.exercises import lesson00 as ex
from crm_lessons.exercises.records import load_records, progress_path
from crm_lessons.identity import course_version, student_seed


def test_record_and_result_carry_student_seed_and_version(monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_STUDENT", "alice")
    result = ex.customer_count.check(1)  # wrong on purpose: recorded all the same
    assert result.identity["student"] == "alice"
    assert result.identity["seed"] == student_seed("alice")
    assert result.identity["version"] == course_version()
    data, meta = result._repr_mimebundle_()
    assert data == {} and meta["crm_lessons"]["seed"] == student_seed("alice")
    saved = json.loads(progress_path().read_text())["records"][-1]
    assert (saved["student"], saved["seed"]) == ("alice", student_seed("alice"))
    assert len(load_records()) == 1


def test_shipped_data_is_recorded_as_no_student():
    result = ex.customer_count.check(1)
    assert result.identity["student"] is None and result.identity["source"] == "shipped"
    assert isinstance(result.identity["seed"], int)


@pytest.mark.slow
def test_a_saved_executed_notebook_carries_the_identity(tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from crm_lessons.exercises import lesson00 as ex\n"
                                          "ex.customer_count.check(12)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    env = {**os.environ, "CRM_LESSONS_STUDENT": "bob",
           "CRM_LESSONS_PROGRESS": str(tmp_path / "p.json")}
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute(env=env)
    path = tmp_path / "saved.ipynb"
    nbformat.write(nb, path)
    outputs = nbformat.read(path, as_version=4).cells[0].outputs
    meta = [o.get("metadata", {}).get("crm_lessons") for o in outputs]
    assert any(m and m["student"] == "bob" and m["seed"] == student_seed("bob")
               and m["version"] == course_version() for m in meta), outputs


def test_the_hand_in_report_says_whose_data_each_answer_was_on(monkeypatch, tmp_path):
    from crm_lessons.exercises.progress import export_csv

    monkeypatch.setenv("CRM_LESSONS_STUDENT", "alice")
    ex.customer_count.check(ex.customer_count.expected())
    import pandas as pd

    report = pd.read_csv(export_csv(tmp_path / "r.csv"), keep_default_na=False)
    row = report[report["exercise"] == "customer_count"].iloc[0]
    assert row["student"] == "alice" and int(row["seed"]) == student_seed("alice")
    assert (report.loc[report["exercise"] != "customer_count", "student"] == "").all()
