"""The class report (``crm-lessons class-report``): one offline HTML page on a graded class.

From a grading run's files (:mod:`crm_lessons.class_report.reading`) it shows completion per
lesson, the distribution of points, the exercises most often wrong with the feedback students
got on them, the reflections per question, the flagged students and the skipped files; from
the students' progress exports (:mod:`crm_lessons.class_report.self_reported`), what they say
of themselves, marked as such.
"""

from crm_lessons.class_report.build import exercise_info, report_html, write_report
from crm_lessons.class_report.command import cli_class_report
from crm_lessons.class_report.reading import ClassResults, ReportInputError, read_gradebook
from crm_lessons.class_report.self_reported import read_progress_exports

__all__ = ["ClassResults", "ReportInputError", "cli_class_report", "exercise_info",
           "read_gradebook", "read_progress_exports", "report_html", "write_report"]
