"""The course map chart (crm_lessons/plots/course.py): it draws, or refuses with one message."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crm_lessons import plots  # noqa: E402
from crm_lessons.errors import CRMDataError  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("lessons, words", [
    (None, "lessons should be a pandas DataFrame"),
    (["01", "02"], "lessons should be a pandas DataFrame"),
    (pd.DataFrame({"file": ["a"]}), "lessons has no column 'lesson'"),
    (pd.DataFrame({"lesson": [["01"]]}), "lessons.lesson should hold lesson numbers"),
])
def test_crm_cycle_refuses_what_is_not_a_lessons_table(lessons, words):
    with pytest.raises(CRMDataError, match=words):
        plots.crm_cycle(lessons)


def test_crm_cycle_reads_lesson_numbers_given_as_numbers():
    ax = plots.crm_cycle(pd.DataFrame({"lesson": [2, None, "4"]}))
    assert ax.get_title(loc="left").startswith("The CRM cycle: 2 of its 4 elements have")
