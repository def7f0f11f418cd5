"""Assessment mode (crm_lessons/exercises/assessment.py): CRM_LESSONS_ASSESSMENT or a
crm-course.toml beside the notebooks switches solution() (and, if chosen, hint()) off; the
check says so in one line, nothing is recorded as viewed, and expected() gives nothing away.
The instructor's answer key ignores the mode."""

import warnings
from pathlib import Path

import pytest
import tiny_exercises as tiny

from crm_lessons.exercises import assessment as A
from crm_lessons.exercises.records import load_log

pytestmark = pytest.mark.usefixtures("tiny_store")

OFF_LINE = "Solutions are off for this assignment."
BOTH_LINE = "Solutions and hints are off for this assignment."


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, tmp_path):
    """Each test in a folder of its own (no settings file above it), warnings said anew."""
    work = tmp_path / "course"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(A, "_said", set())
    return work


def _ex():
    return tiny.number(name="assessed", solution="answer = 0.64",
                       hint=["Think of the share.", "Divide the part by the whole."])


def _views() -> list[str]:
    _, views = load_log()
    return list(views["viewed"]) if len(views) else []


def _settings(folder: Path, text: str) -> Path:
    path = folder / "crm-course.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ---- off: everything as before --------------------------------------------------------------

def test_without_assessment_solution_gives_the_code_and_is_recorded():
    ex = _ex()
    assert str(ex.solution()) == "answer = 0.64"
    assert "Divide" in ex.hint(2)
    assert ex.expected() == pytest.approx(0.64)
    assert _views() == ["solution", "hint"]
    result = ex.check(0.5)
    assert "off for this assignment" not in result.message
    assert "Stuck? Run `ex.assessed.hint()`." in result.message
    assert A.assessment() == A.Assessment() and not A.assessment().on


# ---- the variable ---------------------------------------------------------------------------

def test_the_variable_switches_solutions_off_and_keeps_hints(monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_ASSESSMENT", "1")
    ex = _ex()
    shown = ex.solution()
    assert "answer = 0.64" not in shown and "Solutions are off for this assignment" in shown
    assert "0.64" not in str(ex.expected()) and "not shown" in str(ex.expected())
    assert "Divide" in ex.hint(2)
    assert _views() == ["hint"]  # the solution was not shown, so not recorded as seen
    wrong = ex.check(0.5)
    assert not wrong and wrong.message.endswith("\n" + OFF_LINE)
    assert "Stuck? Run" in wrong.message  # hints are still on
    assert OFF_LINE in wrong._repr_html_() and OFF_LINE in wrong._repr_markdown_()
    right = ex.check(0.64)
    assert right and right.message.endswith("\n" + OFF_LINE)


def test_no_hints_switches_both_off(monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_ASSESSMENT", "no-hints")
    ex = _ex()
    assert "Hints are off for this assignment" in ex.hint()
    assert "Divide" not in ex.hint(2)
    assert "answer = 0.64" not in ex.solution()
    assert _views() == []
    wrong = ex.check(0.5)
    assert wrong.message.endswith("\n" + BOTH_LINE)
    assert "Stuck?" not in wrong.message and "hint()" not in wrong.message
    blank = ex.check()
    assert blank.status == "blank" and blank.message.endswith(BOTH_LINE)


def test_a_reflection_does_not_point_to_the_model_answer_when_solutions_are_off(monkeypatch):
    text = "They remember my name and my usual order every time."
    assert "solution()" in tiny.thoughts.check(text).message
    monkeypatch.setenv("CRM_LESSONS_ASSESSMENT", "1")
    result = tiny.thoughts.check(text)
    assert result.done and "solution()" not in result.message and OFF_LINE in result.message


def test_an_unknown_value_of_the_variable_fails_closed_with_one_warning(monkeypatch):
    monkeypatch.setenv("CRM_LESSONS_ASSESSMENT", "maybe")
    with pytest.warns(A.AssessmentWarning, match="CRM_LESSONS_ASSESSMENT=1") as seen:
        assert not A.assessment().solutions
        A.assessment()
    assert len(seen) == 1
    assert "answer = 0.64" not in _ex().solution()


# ---- the settings file ----------------------------------------------------------------------

def test_the_file_is_found_from_a_subfolder(monkeypatch, _fresh):
    path = _settings(_fresh, "[assessment]\nsolutions = false\nhints = false\n")
    deeper = _fresh / "week1" / "lab"
    deeper.mkdir(parents=True)
    monkeypatch.chdir(deeper)
    assert A.find_settings() == path.resolve()
    mode = A.assessment()
    assert not mode.solutions and not mode.hints and mode.source == str(path.resolve())
    ex = _ex()
    assert "answer = 0.64" not in ex.solution() and "Divide" not in ex.hint(2)
    assert ex.check(0.5).message.endswith(BOTH_LINE)


def test_a_file_with_solutions_on_or_without_the_section_changes_nothing(_fresh):
    _settings(_fresh, "[assessment]\nsolutions = true\nhints = true\n")
    assert not A.assessment().on
    _settings(_fresh, "[course]\nname = 'CRM'\n")
    assert not A.assessment().on
    assert str(_ex().solution()) == "answer = 0.64"


def test_the_variable_wins_over_the_file(monkeypatch, _fresh):
    _settings(_fresh, "[assessment]\nsolutions = false\nhints = false\n")
    monkeypatch.setenv("CRM_LESSONS_ASSESSMENT", "0")
    assert str(_ex().solution()) == "answer = 0.64"
    _settings(_fresh, "[assessment]\nsolutions = true\n")
    monkeypatch.setenv("CRM_LESSONS_ASSESSMENT", "no-hints")
    mode = A.assessment()
    assert not mode.solutions and not mode.hints and mode.source == "CRM_LESSONS_ASSESSMENT=no-hints"


def test_a_malformed_file_warns_once_naming_it_and_turns_solutions_off(_fresh):
    path = _settings(_fresh, "[assessment\nsolutions = false\n")
    ex = _ex()
    with pytest.warns(A.AssessmentWarning) as seen:
        shown = ex.solution()
        ex.check(0.5)
    assert len(seen) == 1
    said = str(seen[0].message)
    assert str(path.resolve()) in said and "not valid TOML" in said and "Fix:" in said
    assert "solutions are off" in said and "[assessment]" in said
    assert "answer = 0.64" not in shown
    assert "Divide" in ex.hint(2)  # what could not be read is the solutions' setting only


def test_a_bad_value_fails_closed_for_that_key_and_keeps_the_keys_read(_fresh):
    path = _settings(_fresh, '[assessment]\nsolutions = true\nhints = "no"\n')
    with pytest.warns(A.AssessmentWarning, match="should be true or false") as seen:
        mode = A.assessment()
    assert mode.solutions and not mode.hints
    assert str(path.resolve()) in str(seen[0].message)
    _settings(_fresh, "[assessment]\nsolution = false\n")  # a misspelt key
    with pytest.warns(A.AssessmentWarning, match="`solution` is not a setting"):
        assert not A.assessment().solutions


def test_an_unreadable_file_turns_solutions_off(_fresh):
    (_fresh / "crm-course.toml").mkdir()  # a folder where the file should be: cannot be read
    with pytest.warns(A.AssessmentWarning, match="cannot be read"):
        assert not A.assessment().solutions


def test_no_warning_when_there_is_nothing_to_say(_fresh):
    _settings(_fresh, "[assessment]\nsolutions = false\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not A.assessment().solutions


# ---- the instructor's tools ignore it -------------------------------------------------------

def test_the_answer_key_is_written_with_the_solutions_in_assessment_mode(monkeypatch, _fresh):
    from crm_lessons.exercises import lesson00
    from crm_lessons.exercises.answer_key import answer_key_notebook
    from crm_lessons.paths import NOTEBOOKS_DIR

    monkeypatch.setenv("CRM_LESSONS_ASSESSMENT", "no-hints")
    nb = answer_key_notebook(NOTEBOOKS_DIR / "00_start_here.ipynb")
    sources = "\n".join(c["source"] for c in nb.cells)
    assert lesson00.customer_count.solution_code in sources


def test_the_site_runs_its_lessons_with_assessment_mode_off():
    from crm_lessons.site import kernel_environment

    env = kernel_environment(Path("/tmp/x"), student=None, seed=None)
    assert env["CRM_LESSONS_ASSESSMENT"] == "0"
    assert A._from_env(env["CRM_LESSONS_ASSESSMENT"]) == A.Assessment()


@pytest.mark.slow
def test_a_lesson_run_for_the_site_shows_its_hint_whatever_the_instructors_shell_says(
        monkeypatch, tmp_path):
    import json

    from crm_lessons.paths import NOTEBOOKS_DIR
    from crm_lessons.site import kernel_environment
    from crm_lessons.site.execute import run_lesson

    monkeypatch.setenv("CRM_LESSONS_ASSESSMENT", "no-hints")  # the kernel inherits it
    nb = run_lesson(NOTEBOOKS_DIR / "00_start_here.ipynb",
                    kernel_environment(tmp_path, None, None), with_solutions=False)
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "Hint for customer_count" in outputs and "counts the rows" in outputs
    assert "off for this assignment" not in outputs
