"""The instructor's documents keep up with the course: the guide has a complete section for
every lesson in notebooks/ and for the final project, discusses every exercise that has named
slips, every `crm-lessons` subcommand is mentioned in the README or the guide, and every
relative link in the README, the guide and the changelog points to a file (or heading) that
exists.

Each rule is a function over text; each has a test on made-up text that breaks it, so a rule
that could never fail would be caught here too.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "instructor-guide.md"
README = ROOT / "README.md"
CHANGELOG = ROOT / "CHANGELOG.md"
NOTEBOOKS = ROOT / "notebooks"

# What a lesson's section must hold, and what the final project's must hold.
LESSON_PARTS = ("**Timing.**", "**Learning outcomes.**", "**Discussion prompts",
                "**Common wrong answers")
PROJECT_PARTS = ("**Timing.**", "**Learning outcomes.**", "**Discussion prompts",
                 "final_project_brief.md")
PROJECT_HEADING = "(`project/`)"


def sections(text: str, level: int = 3) -> dict[str, str]:
    """Map each heading of `level` to the text up to the next heading of that level or above."""
    found: dict[str, str] = {}
    heading, body = None, []
    for line in text.splitlines():
        match = re.match(r"(#+) (.*)", line)
        if match and len(match.group(1)) <= level:
            if heading is not None:
                found[heading] = "\n".join(body)
            heading = match.group(2) if len(match.group(1)) == level else None
            body = []
        elif heading is not None:
            body.append(line)
    if heading is not None:
        found[heading] = "\n".join(body)
    return found


def lesson_section(text: str, notebook: str) -> str | None:
    """The body of the guide's section whose heading names `notebook` (in backticks)."""
    for heading, body in sections(text).items():
        if f"`{notebook}`" in heading:
            return body
    return None


def lesson_gaps(text: str, notebooks: list[str], has_project: bool) -> list[str]:
    """What the guide lacks: a lesson without a section, or a section without one of its parts."""
    gaps = []
    wanted = [(name, name, LESSON_PARTS) for name in notebooks]
    if has_project:
        wanted.append(("the final project", "project/", PROJECT_PARTS))
    for label, key, parts in wanted:
        body = lesson_section(text, key)
        if body is None:
            gaps.append(f"{label}: no section (a ### heading naming `{key}`)")
            continue
        gaps += [f"{label}: no {part!r}" for part in parts if part not in body]
    return gaps


def slip_gaps(text: str, slipped: dict[str, list[str]], notebook_of: dict[str, str]) -> list[str]:
    """Exercises with named slips that their lesson's section of the guide does not discuss."""
    gaps = []
    for lesson, names in sorted(slipped.items()):
        body = lesson_section(text, notebook_of.get(lesson, f"{lesson}_?")) or ""
        gaps += [f"{lesson}.{name}" for name in names if f"`{name}`" not in body]
    return gaps


def subcommands(parser: argparse.ArgumentParser) -> list[str]:
    """The names of a parser's subcommands."""
    return sorted(name for action in parser._actions
                  if isinstance(action, argparse._SubParsersAction) for name in action.choices)


def unmentioned(commands: list[str], texts: list[str]) -> list[str]:
    """The commands no text mentions as `crm-lessons NAME`."""
    return [c for c in commands
            if not any(re.search(rf"crm-lessons {re.escape(c)}(?![\w-])", t) for t in texts)]


def slug(heading: str) -> str:
    """The anchor a Markdown renderer gives a heading (GitHub's rule)."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def links(text: str) -> list[str]:
    """The targets of the Markdown links in `text`, code blocks and code spans left out."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.findall(r"\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", text)


def broken_links(path: Path, text: str) -> list[str]:
    """Relative links of the file at `path` whose file (or heading anchor) does not exist."""
    broken = []
    for target in links(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, flags=re.I):   # https:, mailto:, ...
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            broken.append(f"{target} (no file {dest})")
        elif anchor and dest.suffix == ".md":
            anchors = {slug(h) for h in re.findall(r"^#+ (.*)$", dest.read_text(), flags=re.M)}
            if anchor not in anchors:
                broken.append(f"{target} (no heading #{anchor} in {dest.name})")
    return broken


# --- the real documents ---------------------------------------------------------------------

def _lesson_notebooks() -> list[str]:
    return sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def test_guide_covers_every_lesson():
    gaps = lesson_gaps(GUIDE.read_text(), _lesson_notebooks(), (NOTEBOOKS / "project").is_dir())
    assert not gaps, "docs/instructor-guide.md misses: " + "; ".join(gaps)


def test_guide_discusses_every_exercise_with_named_slips():
    from crm_lessons.exercises import all_exercises

    slipped: dict[str, list[str]] = {}
    for exercise in all_exercises():
        if exercise.slips:
            slipped.setdefault(exercise.lesson, []).append(exercise.name)
    notebook_of = {name.split("_")[0]: name for name in _lesson_notebooks()}
    gaps = slip_gaps(GUIDE.read_text(), slipped, notebook_of)
    assert not gaps, ("the guide's lesson sections do not discuss these exercises' named slips: "
                      + ", ".join(gaps))


def test_every_subcommand_is_documented():
    from crm_lessons.cli import build_parser

    commands = subcommands(build_parser())
    assert "doctor" in commands
    missing = unmentioned(commands, [README.read_text(), GUIDE.read_text()])
    assert not missing, f"not mentioned in README.md or the guide: {missing}"


@pytest.mark.parametrize("path", [README, GUIDE, CHANGELOG], ids=lambda p: p.name)
def test_relative_links_resolve(path):
    broken = broken_links(path, path.read_text())
    assert not broken, f"{path.name}: broken links: {broken}"


def test_readme_and_changelog_link_the_guide():
    assert "docs/instructor-guide.md" in links(README.read_text())
    assert "CHANGELOG.md" in links(README.read_text())
    assert "docs/instructor-guide.md" in links(CHANGELOG.read_text())


# --- each rule can fail ---------------------------------------------------------------------

LESSON = """### 01 · Goals (`01_x.ipynb`)
**Timing.** 1 h. **Learning outcomes.** a. **Discussion prompts.** b.
**Common wrong answers and what they reveal.** `cost_ratio` upside down.
"""
PROJECT = """### The final project (`project/`)
**Timing.** **Learning outcomes.** **Discussion prompts.** [brief](final_project_brief.md)
"""


def test_a_missing_lesson_section_is_found():
    text = LESSON + PROJECT
    assert lesson_gaps(text, ["01_x.ipynb"], True) == []
    gaps = lesson_gaps(text, ["01_x.ipynb", "02_y.ipynb"], True)
    assert gaps == ["02_y.ipynb: no section (a ### heading naming `02_y.ipynb`)"]
    assert lesson_gaps(LESSON, ["01_x.ipynb"], True) == [
        "the final project: no section (a ### heading naming `project/`)"]


def test_a_section_missing_a_part_is_found():
    text = LESSON.replace("**Discussion prompts.** b.", "") + PROJECT
    assert lesson_gaps(text, ["01_x.ipynb"], True) == ["01_x.ipynb: no '**Discussion prompts'"]


def test_the_real_guide_without_a_lesson_fails():
    text = GUIDE.read_text()
    start = text.index("### 03 · ")
    cut = text[:start] + text[text.index("### 04 · "):]
    gaps = lesson_gaps(cut, _lesson_notebooks(), True)
    assert any(gap.startswith("03_customer_attraction.ipynb: no section") for gap in gaps)


def test_an_undiscussed_slip_is_found():
    assert slip_gaps(LESSON, {"01": ["cost_ratio"]}, {"01": "01_x.ipynb"}) == []
    assert slip_gaps(LESSON, {"01": ["cost_ratio", "tenure"]}, {"01": "01_x.ipynb"}) == [
        "01.tenure"]
    # a mention in another lesson's section does not count
    other = LESSON + "### 02 · Next (`02_y.ipynb`)\n`tenure`\n"
    assert slip_gaps(other, {"01": ["tenure"]}, {"01": "01_x.ipynb"}) == ["01.tenure"]


def test_an_unmentioned_subcommand_is_found():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    for name in ("grade", "class-report", "site"):
        sub.add_parser(name)
    assert subcommands(parser) == ["class-report", "grade", "site"]
    texts = ["run `crm-lessons grade SUBMISSIONS`", "and crm-lessons site-map"]
    assert unmentioned(subcommands(parser), texts) == ["class-report", "site"]


def test_a_broken_link_is_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "here.md").write_text("# Here\n## A heading: with `code`\n")
    page = tmp_path / "docs" / "page.md"
    text = ("[ok](../here.md) [anchor](../here.md#a-heading-with-code) [web](https://x.org/a.md)"
            " [self](#page) [gone](../gone.md) [bad anchor](../here.md#nowhere)\n"
            "`[not a link](nowhere.md)`\n```\n[nor this](nowhere.md)\n```\n# Page\n")
    page.write_text(text)
    broken = broken_links(page, text)
    assert len(broken) == 2
    assert broken[0].startswith("../gone.md (no file")
    assert broken[1] == "../here.md#nowhere (no heading #nowhere in here.md)"
