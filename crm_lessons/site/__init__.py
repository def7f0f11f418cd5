"""The course as a static site: ``crm-lessons site OUTDIR [--with-solutions] [--student ID]``.

Every lesson that ``crm_lessons.course.lessons()`` finds is run on the shipped data (or one
student's variant) and written as an HTML page; the index page is the course map, and the
glossary and each data set's README are pages too. Nothing on a page is fetched from the
internet: scripts that need a kernel or a CDN are left out, explorers show the static result
they carry, charts are embedded with their title as alt text.

The student version shows each exercise's blank and the feedback its check gives on it, as the
notebook does; ``--with-solutions`` adds each solution in a folded section, for the instructor.

The site is built in a fresh folder beside OUTDIR and moved into place whole
(``crm_lessons.writing.write_folder``); a folder that already holds files is replaced only
with ``--force``, and a lesson that fails leaves the old site as it was.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from crm_lessons.course import course_map_markdown, lessons
from crm_lessons.paths import NOTEBOOKS_DIR, data_dir
from crm_lessons.site.execute import LessonFailed, run_lesson
from crm_lessons.site.pages import (
    SITE_CSS,
    Link,
    finish_page,
    lab_css,
    lesson_html,
    markdown_html,
)
from crm_lessons.writing import TargetExistsError, WriteError, kind_of, write_file, write_folder

__all__ = ["build_site", "cli_site", "kernel_environment", "LessonFailed"]


def data_pages(root: Path | None = None) -> dict[str, Path]:
    """Each data set's README, by the page it becomes (``data-store.html``)."""
    base = Path(root) if root else data_dir()
    return {f"data-{p.parent.name}.html": p for p in sorted(base.glob("*/README.md"))}


def _link_map(table, data: dict[str, Path]) -> dict[str, str]:
    """How a link written in a lesson or README is found on the site."""
    pages = {row.file: Path(row.file).with_suffix(".html").name for row in table.itertuples()}
    for page, readme in data.items():
        name = readme.parent.name
        for written in (f"../data/{name}/README.md", f"data/{name}/README.md",
                        f"../{name}/README.md", f"{name}/README.md"):
            pages[written] = page
    pages["README.md"] = "index.html"
    return pages


def _nav(table, here: int | None) -> list[Link]:
    links = [Link("index.html", "Course map")]
    files = list(table["file"])
    titles = list(table["title"])
    if here is not None and here > 0:
        links.append(Link(Path(files[here - 1]).with_suffix(".html").name,
                          f"← {table['lesson'].iloc[here - 1]} · {titles[here - 1]}"))
    if here is not None and here + 1 < len(files):
        links.append(Link(Path(files[here + 1]).with_suffix(".html").name,
                          f"{table['lesson'].iloc[here + 1]} · {titles[here + 1]} →"))
    links.append(Link("glossary.html", "Glossary"))
    return links


def index_markdown(table, folder: Path, data: dict[str, Path], who: str,
                   with_solutions: bool) -> str:
    """The index page: the course map, the data sets, and whose data the pages show."""
    start = [f"**[{r.lesson} · {r.title}]({r.file})**" for r in table.itertuples()
             if r.lesson == "00"]
    lines = ["# CRM Lessons: the course map", "",
             f"These pages show every lesson already run, {who}. "
             + ("Each exercise is followed by its solution, folded: this is the instructor's "
                "version." if with_solutions else "Each exercise shows its blank and the "
                "feedback its check gives, as in the notebook."),
             "", *start, "", course_map_markdown(folder), "", "## Reference", "",
             "- [Glossary](glossary.html): every term the lessons define", ""]
    lines += [f"- [The {p.parent.name} data set]({page}): its tables and columns"
              for page, p in data.items()]
    return "\n".join(lines) + "\n"


def _who(student: str | None, seed: int | None) -> str:
    if student is not None:
        return f"on the data of student {student!r} (data variant {seed})"
    if seed is not None:
        return f"on data variant {seed}"
    return "on the shipped data (data/store)"


def _check_outdir(outdir: Path, force: bool, notebooks: Path) -> list[str]:
    """Refuse a folder that would lose files; return the names of the old site's pages."""
    if not str(outdir).strip():
        raise WriteError("OUTDIR is empty. Fix: name the site's folder, e.g. site.")
    for folder in {notebooks.resolve(), NOTEBOOKS_DIR.resolve()}:
        if outdir.resolve() == folder or outdir.resolve() in folder.parents \
                or folder in outdir.resolve().parents:
            raise WriteError(f"{outdir} holds or is inside the course's notebooks ({folder}). "
                             "Fix: choose a folder of its own for the site, e.g. site.")
    kind = kind_of(outdir)
    if kind is None:
        return []
    if kind != "a folder":
        raise WriteError(f"{outdir} is {kind}, not a folder. Fix: give the name of a folder.")
    old = sorted(p.name for p in outdir.iterdir())
    if old and not force:
        raise TargetExistsError(f"{outdir} already holds {len(old)} file(s) (e.g. {old[0]}); "
                                "nothing was written. Fix: add --force to replace the site, "
                                "or choose another folder.")
    return [name for name in old if name.endswith((".html", ".css"))]


def build_site(outdir: str | Path, *, with_solutions: bool = False, student: str | None = None,
               seed: int | None = None, force: bool = False,
               notebooks: Path | None = None, log=None) -> list[Path]:
    """Build the site in `outdir`; return the pages written (index first).

    `student` (or `seed`) chooses the data variant; without either, the shipped data.
    """
    outdir = Path(outdir).expanduser()
    folder = Path(notebooks) if notebooks else NOTEBOOKS_DIR
    old = _check_outdir(outdir, force, folder)
    table = lessons(folder)
    if table.empty:
        raise FileNotFoundError(f"No lesson notebooks were found in {folder}.")
    data = data_pages()
    files = _pages(table, folder, data, student, seed, with_solutions, log)

    def build(into: Path) -> None:
        for name, text in files.items():
            write_file(into / name, text, within=into)

    write_folder(outdir, build, sorted(set(files) | set(old)), force=True)
    return [outdir / name for name in files if name.endswith(".html")]


def kernel_environment(tmp: Path, student: str | None, seed: int | None) -> dict[str, str]:
    """The variables each lesson's kernel runs with: a throw-away progress file, the student's
    data (or the seed's) and assessment mode off. The site is the instructor's, as the course
    is: a CRM_LESSONS_ASSESSMENT or a crm-course.toml beside the notebooks does not change its
    pages (``--with-solutions`` decides whether they show the solutions)."""
    env = {"CRM_LESSONS_PROGRESS": str(tmp / "progress.json"), "CRM_LESSONS_ASSESSMENT": "0"}
    if student is not None:
        env["CRM_LESSONS_STUDENT"] = student
    elif seed is not None:
        env["CRM_LESSONS_SEED"] = str(int(seed))
    return env


def _pages(table, folder, data, student, seed, with_solutions, log) -> dict[str, str]:
    """Every file of the site, by name: the lessons run one after another, then the rest."""
    links = _link_map(table, data)
    with tempfile.TemporaryDirectory(prefix="crm-site-") as tmp:
        env = kernel_environment(Path(tmp), student, seed)
        files = {"index.html": ""}
        for i, row in enumerate(table.itertuples()):
            started = time.monotonic()
            nb = run_lesson(folder / row.file, env, with_solutions=with_solutions)
            nb.metadata["title"] = f"{row.lesson} · {row.title} · CRM Lessons"
            name = Path(row.file).with_suffix(".html").name
            files[name] = finish_page(lesson_html(nb), _nav(table, i), name, links)
            if log:
                log(f"  {name}: run and written in {time.monotonic() - started:.1f} s")
    from crm_lessons.terms import glossary_markdown

    nav = _nav(table, None)
    files["index.html"] = finish_page(markdown_html("CRM Lessons", index_markdown(
        table, folder, data, _who(student, seed), with_solutions)), nav, "index.html", links)
    files["glossary.html"] = finish_page(markdown_html("Glossary", "# Glossary\n\n"
                                                       + glossary_markdown()), nav,
                                         "glossary.html", links)
    for page, readme in data.items():
        files[page] = finish_page(markdown_html(f"The {readme.parent.name} data set",
                                                readme.read_text(encoding="utf-8")),
                                  nav, page, links)
    files["lab.css"] = lab_css()
    files["site.css"] = SITE_CSS
    return files


def cli_site(args) -> int:
    """`crm-lessons site OUTDIR [--with-solutions] [--student ID | --seed N] [--force]`."""
    seed = getattr(args, "seed", None)
    student = getattr(args, "student", None)
    if seed is not None and seed < 0:
        print(f"Site not written: --seed should be 0 or more, but got {seed}.", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        pages = build_site(args.outdir, with_solutions=bool(args.with_solutions),
                           student=student, seed=seed, force=bool(args.force),
                           log=lambda line: print(line, flush=True))
    except (OSError, LessonFailed) as exc:
        print(f"Site not written: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {len(pages)} pages to {Path(args.outdir)} in {time.monotonic() - started:.0f} s"
          f", {_who(student, seed)}" + (", with the solutions folded under each exercise"
                                        if args.with_solutions else "") + ".")
    print(f"Open {Path(args.outdir) / 'index.html'} in any browser; no server or internet is "
          "needed.")
    return 0
