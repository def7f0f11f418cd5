"""Building the site on a made-up course of one lesson: the data variant chosen, the chart's
title as alt text, and the write safety (no folder replaced without --force, none left
half-written when a lesson fails)."""

from __future__ import annotations

import nbformat
import pytest

from crm_lessons.site import LessonFailed, build_site
from crm_lessons.writing import TargetExistsError, WriteError

CHART = ("import os\nimport matplotlib.pyplot as plt\n"
         "print('student:', os.environ.get('CRM_LESSONS_STUDENT'))\n"
         "fig, ax = plt.subplots()\nax.bar(['a', 'b'], [1, 2])\n"
         "ax.set_title('Segment b is twice segment a');")


def _course(folder, code):
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · A made-up lesson\n\n[map](00_x.ipynb)"),
                nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, folder / "01_made_up.ipynb")
    return folder


def test_a_students_site_shows_their_data_and_the_charts_title(tmp_path):
    course = _course(tmp_path / "nb", CHART)
    pages = build_site(tmp_path / "site", student="alice", notebooks=course)
    lesson = (tmp_path / "site" / "01_made_up.html").read_text(encoding="utf-8")
    assert "student: alice" in lesson
    assert 'alt="Segment b is twice segment a"' in lesson
    assert "00_x.ipynb" not in lesson                   # a lesson not in the site: no link
    index = pages[0].read_text(encoding="utf-8")
    assert "student &#x27;alice&#x27;" in index or "student 'alice'" in index
    with pytest.raises(TargetExistsError):              # an existing site needs --force
        build_site(tmp_path / "site", notebooks=course)
    broken = _course(tmp_path / "broken", "1 / 0")
    with pytest.raises(LessonFailed, match="01_made_up.ipynb"):
        build_site(tmp_path / "site", notebooks=broken, force=True)
    assert (tmp_path / "site" / "01_made_up.html").read_text(encoding="utf-8") == lesson
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "nb", "site"]


def test_the_site_is_never_written_over_the_lessons(tmp_path):
    course = _course(tmp_path / "nb", "1")
    with pytest.raises(WriteError, match="notebooks"):
        build_site(tmp_path, notebooks=course, force=True)
    with pytest.raises(WriteError, match="notebooks"):
        build_site(course / "site", notebooks=course)
