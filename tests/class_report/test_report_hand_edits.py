"""Gradebooks an instructor edited by hand, or mixed up with another run's files, and a
progress export with impossible counts: each refused with its fix, or noted on the page."""

from __future__ import annotations

import pytest
from class_report_support import GRADEBOOK, PROGRESS_COLUMNS, _export_row, write_class, write_csv

from crm_lessons.class_report.reading import ReportInputError, read_gradebook
from crm_lessons.class_report.self_reported import read_progress_exports


def edited(tmp_path, change) -> object:
    gradebook = write_class(tmp_path / "run")
    rows = [dict(r) for r in GRADEBOOK]
    change(rows)
    write_csv(gradebook, rows, list(GRADEBOOK[0]))
    return gradebook


def test_the_unedited_class_has_no_notes(tmp_path):
    assert read_gradebook(write_class(tmp_path / "run")).notes == []


def test_negative_points_are_refused_with_the_row(tmp_path):
    gradebook = edited(tmp_path, lambda rows: rows[1].update(lesson_04=-5))
    with pytest.raises(ReportInputError, match=r"row 3 \(bob\) has negative points.*Fix"):
        read_gradebook(gradebook)


def test_a_total_that_does_not_add_up_and_bonus_points_are_noted(tmp_path):
    def change(rows):
        rows[0].update(total=99)            # alice: lessons 3 + 2, total 99 of 5
    notes = read_gradebook(edited(tmp_path, change)).notes
    assert any("The total of alice is not the sum" in n for n in notes), notes
    assert any("alice scored more than the points possible" in n for n in notes), notes


def test_a_header_only_gradebook_is_noted(tmp_path):
    gradebook = edited(tmp_path, lambda rows: rows.clear())
    assert any("lists no students" in n for n in read_gradebook(gradebook).notes)


def test_details_of_another_class_are_refused_and_strays_left_out(tmp_path):
    gradebook = write_class(tmp_path / "run")
    details = gradebook.with_name("gradebook.details.csv")
    original = details.read_text()
    details.write_text(original.replace("alice", "xavier").replace("bob", "yolanda")
                       .replace("carol", "zoe"))
    with pytest.raises(ReportInputError, match="names none of the gradebook's students"):
        read_gradebook(gradebook)
    details.write_text(original.replace("bob", "yolanda"))       # one stray student
    results = read_gradebook(gradebook)
    assert "yolanda" not in set(results.details["student"])
    assert any("1 student(s) the gradebook does not list (yolanda)" in n for n in results.notes)


@pytest.mark.parametrize("hints", ["inf", "1e999", "-1", "2.5", "100000"])
def test_an_export_with_impossible_hint_counts_is_listed_not_read(tmp_path, hints):
    folder = tmp_path / "exports"
    write_csv(folder / "alice.csv", [_export_row("alice", "03.customer_rate", "correct"),
                                     _export_row("alice", "03.payback_months", "correct",
                                                 hints=hints)], PROGRESS_COLUMNS)
    write_csv(folder / "bob.csv", [_export_row("bob", "03.customer_rate", "correct", hints=2)],
              PROGRESS_COLUMNS)
    per_student, _, unread = read_progress_exports(folder, ["alice", "bob"])
    assert per_student["student"].tolist() == ["bob"]
    assert unread == [("alice.csv", f"its hints_seen column holds {hints!r} in row 3, not a "
                                    "count of hints")]
