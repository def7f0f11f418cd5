"""The glossary covers every term a lesson sets in bold, with the lesson that introduces it."""

import re
from pathlib import Path

import nbformat
import pytest

import crm_lessons
from crm_lessons import terms
from crm_lessons.course import lesson_id
from crm_lessons.errors import CRMDataError
from crm_lessons.exercises.answer_key import lesson_notebooks

ROOT = Path(__file__).resolve().parents[1]
BOLD = re.compile(r"\*\*([^*]+)\*\*")


def bold_phrases(notebook: nbformat.NotebookNode, lesson: str) -> list[tuple[str, str]]:
    return [(terms.normalise(t), lesson) for cell in notebook.cells
            if cell.cell_type == "markdown" for t in BOLD.findall(cell.source)]


def lesson_phrases() -> list[tuple[str, str]]:
    found = []
    for path in lesson_notebooks(ROOT / "notebooks"):
        if lesson_id(path.name):  # "00", "00b" (the primer), "01", ... in course order
            found += bold_phrases(nbformat.read(path, as_version=4), lesson_id(path.name))
    return found


def problems(phrases: list[tuple[str, str]]) -> list[str]:
    """Bold phrases with no entry, and terms filed under another lesson than their first use."""
    index = terms.term_index()
    lesson_of = {t[0]: t[1] for t in terms.TERMS}
    first_use: dict[str, str] = {}
    out = []
    for phrase, lesson in phrases:
        if phrase in terms.EMPHASIS:
            continue
        if phrase not in index:
            out.append(f"lesson {lesson}: **{phrase}** has no glossary entry "
                       f"(add it to crm_lessons/terms.py, or to EMPHASIS with the reason)")
            continue
        first_use.setdefault(index[phrase], lesson)
    for term, lesson in first_use.items():
        if lesson_of[term] != lesson:
            out.append(f"{term!r} is filed under lesson {lesson_of[term]} but first set in bold "
                       f"in lesson {lesson}")
    return out


def test_every_bold_term_of_every_lesson_has_an_entry():
    assert problems(lesson_phrases()) == []


def test_the_check_fails_on_a_lesson_with_a_new_bold_term():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "A **churn propensity** score and the **RFM** scores.")])
    assert problems(bold_phrases(nb, "02")) == [
        "lesson 02: **churn propensity** has no glossary entry (add it to crm_lessons/terms.py, "
        "or to EMPHASIS with the reason)"]
    assert problems(bold_phrases(nb, "01"))[1:] == [
        "'RFM' is filed under lesson 02 but first set in bold in lesson 01"]


def test_each_entry_is_one_line_and_each_spelling_names_one_term():
    spellings = [terms.normalise(s) for t in terms.TERMS for s in (t[0], *t[3])]
    assert len(spellings) == len(set(spellings)), "a spelling belongs to two terms"
    for term, lesson, definition, _ in terms.TERMS:
        assert re.fullmatch(r"\d\d[a-z]?", lesson)
        assert "\n" not in definition and definition.endswith(".") and len(definition) < 200, term
    assert not set(spellings) & set(terms.EMPHASIS), "a phrase is both a term and emphasis"


def test_glossary_shows_the_table_or_one_entry():
    table = crm_lessons.glossary()
    assert list(table.columns) == ["term", "lesson", "definition"]
    assert len(table) == len(terms.TERMS)
    assert crm_lessons.glossary("Quintiles").startswith("quintile (lesson 02): One fifth")
    with pytest.raises(CRMDataError, match="'churn' is not in the glossary"):
        crm_lessons.glossary("churn")
    with pytest.raises(CRMDataError, match="takes a term as text"):
        crm_lessons.glossary(3)


def test_the_readme_shows_the_glossary_as_the_package_has_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert terms.glossary_markdown() in readme, (
        "README.md's glossary differs from crm_lessons.terms: paste glossary_markdown() into it")
