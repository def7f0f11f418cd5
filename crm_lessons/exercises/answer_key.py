"""The answer key: every lesson notebook with each exercise cell replaced by its solution.

An exercise cell is a code cell tagged ``exercise``, or one that holds the blank ``____`` and
an ``ex.NAME.check(answer)`` line. In the answer key its code becomes the exercise's
``solution`` followed by the same check line; outputs are cleared. Notebooks without exercises
are copied unchanged, so the folder is a complete course.

The data seed: without ``--seed`` the answer key uses whatever data the kernel loads (the
shipped data, or ``CRM_LESSONS_SEED`` if it is set where Jupyter runs). With ``--seed N`` each
notebook gets a first cell that sets ``CRM_LESSONS_SEED=N`` before anything is loaded, and its
metadata records the seed.

``crm-lessons answer-key OUTDIR`` refuses to write into a folder that already holds notebooks
unless ``--force`` is given, and never writes into the course's own ``notebooks/`` folder.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from crm_lessons.course import lesson_id, lesson_order
from crm_lessons.paths import NOTEBOOKS_DIR
from crm_lessons.writing import TargetExistsError, WriteError, kind_of, write_folder

CHECK_LINE = re.compile(r"^\s*(?P<alias>[A-Za-z_]\w*)\.(?P<name>[A-Za-z_]\w*)\.check\(\s*answer\s*\)"
                        r"\s*;?\s*(#.*)?$")
# `from crm_lessons.exercises import ____, lesson02 as ex`  /  `import crm_lessons.exercises.lesson02 as ex`
FROM_IMPORT = re.compile(r"^\s*from\s+(?P<pkg>[\w.]+)\s+import\s+(?P<names>[^#\n]+)", re.M)
PLAIN_IMPORT = re.compile(r"^\s*import\s+(?P<mod>[\w.]+)\s+as\s+(?P<alias>\w+)", re.M)
SEED_TAG = "answer-key-seed"


class AnswerKeyError(ValueError):
    """A lesson notebook whose exercise cells cannot be matched to their exercises."""


@dataclass
class ExerciseCell:
    index: int
    alias: str
    name: str
    check_line: str


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def exercise_cells(nb) -> list[ExerciseCell]:
    """The exercise cells of a notebook (tag "exercise", or a blank plus a check line)."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        src = _source(cell)
        tagged = "exercise" in (cell.get("metadata", {}).get("tags") or [])
        checks = [m for m in (CHECK_LINE.match(line) for line in src.splitlines()) if m]
        if not tagged and not ("____" in src and checks):
            continue
        if len(checks) != 1:
            raise AnswerKeyError(
                f"cell {i} is an exercise cell but has {len(checks)} lines of the form "
                "`ex.NAME.check(answer)`; it needs exactly one.")
        m = checks[0]
        found.append(ExerciseCell(i, m.group("alias"), m.group("name"), m.group(0).strip()))
    return found


def _imports_by_regex(src: str) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for m in FROM_IMPORT.finditer(src):
        names = m.group("names").strip().strip("()")
        for part in names.split(","):
            bits = part.split()
            if len(bits) == 3 and bits[1] == "as":
                aliases[bits[2]] = f"{m.group('pkg')}.{bits[0]}"
            elif len(bits) == 1 and bits[0].isidentifier():
                aliases.setdefault(bits[0], f"{m.group('pkg')}.{bits[0]}")
    for m in PLAIN_IMPORT.finditer(src):
        aliases[m.group("alias")] = m.group("mod")
    return aliases


def _imports(src: str) -> dict[str, str]:
    """Names bound by the import statements of one cell (IPython magics are skipped)."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in src.splitlines())
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return _imports_by_regex(src)
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    aliases[a.asname] = a.name
    return aliases


def exercise_aliases(nb) -> dict[str, str]:
    """Map alias -> module name from the notebook's imports (e.g. {"ex": "...lesson02"})."""
    aliases: dict[str, str] = {}
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            aliases.update(_imports(_source(cell)))
    return aliases


def _module_for(alias: str, aliases: dict[str, str], nb_path: Path) -> ModuleType:
    target = aliases.get(alias)
    if target is None:
        number = lesson_id(nb_path.name)
        if number is None:
            raise AnswerKeyError(
                f"{nb_path.name}: the check uses {alias!r}, but no cell imports it (e.g. "
                f"`from crm_lessons.exercises import lessonNN as {alias}`).")
        target = f"crm_lessons.exercises.lesson{number}"
    try:
        return importlib.import_module(target)
    except ImportError as exc:
        raise AnswerKeyError(f"{nb_path.name}: cannot import {target} ({exc}).") from exc


def notebook_exercises(nb, nb_path: Path) -> list[tuple[ExerciseCell, object]]:
    """Each exercise cell of `nb` (read from `nb_path`) with the exercise its check names."""
    from crm_lessons.exercises.exercise import Exercise

    cells = exercise_cells(nb)
    aliases = exercise_aliases(nb) if cells else {}
    found = []
    for ec in cells:
        module = _module_for(ec.alias, aliases, nb_path)
        exercise = getattr(module, ec.name, None)
        if not isinstance(exercise, Exercise):
            raise AnswerKeyError(f"{nb_path.name}, cell {ec.index}: {module.__name__} has no "
                                 f"exercise named {ec.name!r}.")
        if not exercise.solution_code.strip():
            raise AnswerKeyError(f"{nb_path.name}: exercise {exercise.id} has no solution.")
        found.append((ec, exercise))
    return found


def answer_key_notebook(nb_path: Path, seed: int | None = None):
    """The answer-key version of one notebook (an nbformat NotebookNode)."""
    import nbformat

    nb_path = Path(nb_path)
    nb = nbformat.read(nb_path, as_version=4)
    cells = exercise_cells(nb)
    for ec, exercise in notebook_exercises(nb, nb_path):
        cell = nb.cells[ec.index]
        cell["source"] = exercise.solution_code.rstrip() + "\n" + ec.check_line
        cell["outputs"] = []
        cell["execution_count"] = None
    if seed is not None and cells:
        seed_cell = nbformat.v4.new_code_cell(
            "# Answer key for the data variant with seed "
            f"{int(seed)}\nimport os\n\nos.environ[\"CRM_LESSONS_SEED\"] = \"{int(seed)}\"",
            metadata={"tags": [SEED_TAG]})
        if nb.get("nbformat_minor", 0) < 5:
            seed_cell.pop("id", None)
        nb.cells.insert(0, seed_cell)
        nb.metadata.setdefault("crm_lessons", {})["seed"] = int(seed)
    if cells:
        nb.metadata.setdefault("crm_lessons", {})["answer_key"] = True
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def lesson_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The course's notebooks, in lesson order ("00", "00b", "01", ...; others after them)."""
    found = [p for p in Path(folder).glob("*.ipynb") if not p.name.startswith(".")]
    return sorted(found, key=lambda p: (lesson_order(lesson_id(p.name) or "~"), p.name))


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def write_answer_key(outdir: Path, *, force: bool = False, seed: int | None = None,
                     source: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Write the answer key of every notebook in `source` into `outdir`; return the paths.

    The key is built in a fresh folder beside `outdir` and swapped in whole
    (``crm_lessons.writing``): a failure leaves the old folder as it was, a symbolic link or
    other non-file in a notebook's place is refused, and other files in `outdir` are kept.
    """
    import nbformat

    if not str(outdir).strip():
        raise WriteError("OUTDIR is empty. Fix: name the folder for the answer key, e.g. "
                         "answer_key.")
    outdir = Path(outdir).expanduser()
    source = Path(source)
    for folder in {source, NOTEBOOKS_DIR}:
        if _inside(outdir, folder):
            raise FileExistsError(
                f"{outdir} is inside the course's own notebooks folder ({folder}): the answer "
                "key must go elsewhere, or students would find the solutions (and lessons could "
                "be overwritten). Fix: choose a folder outside it, e.g. answer_key.")
    kind = kind_of(outdir)
    if kind not in (None, "a folder") and not outdir.is_dir():
        raise WriteError(f"{outdir} is {kind}, not a folder. Fix: give the name of a folder "
                         "(it is created when missing).")
    existing = sorted(outdir.glob("*.ipynb")) if outdir.is_dir() else []
    if existing and not force:
        raise TargetExistsError(
            f"{outdir} already holds {len(existing)} notebook(s) (e.g. {existing[0].name}); "
            "nothing was written so no one's work is overwritten. Choose an empty folder, or "
            "add --force to replace them.")
    notebooks = lesson_notebooks(source)
    if not notebooks:
        raise FileNotFoundError(f"No notebooks found in {source}.")
    keyed = [(p, answer_key_notebook(p, seed=seed)) for p in notebooks]  # fail before writing

    def build(folder: Path) -> None:
        for path, nb in keyed:
            nbformat.write(nb, folder / path.name)

    names = [p.name for p, _ in keyed]
    outdir = write_folder(outdir, build, names, force=True)
    return [outdir / name for name in names]


def cli_answer_key(args) -> int:
    """`crm-lessons answer-key [--force] [--seed N] OUTDIR`."""
    seed = getattr(args, "seed", None)
    if seed is not None and seed < 0:
        print(f"Answer key not written: --seed should be 0 or more, but got {seed}. Fix: e.g. "
              "--seed 7.", file=sys.stderr)
        return 2
    try:
        written = write_answer_key(args.outdir, force=bool(getattr(args, "force", False)),
                                   seed=seed)
    except (OSError, AnswerKeyError) as exc:
        print(f"Answer key not written: {exc}", file=sys.stderr)
        return 1
    which = f"the data variant with seed {seed}" if seed is not None else \
        "the data the kernel loads (the shipped data unless CRM_LESSONS_SEED is set)"
    print(f"Wrote {len(written)} notebook(s) to {Path(args.outdir)}, for {which}.")
    print("Open them from the course folder so the package and its data are found.")
    return 0
