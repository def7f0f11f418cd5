"""The course itself: which lessons exist, what each teaches, and which data sets ship with it.

Everything here is read from the files on disk, so the start page never lists a lesson or a
data set that is not there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from crm_lessons.paths import NOTEBOOKS_DIR, data_dir

# The four elements of CRM, in the order a customer meets them, and the lesson for each.
CRM_CYCLE = [
    ("identify", "Customer identification", "02"),
    ("attract", "Customer attraction", "03"),
    ("retain", "Customer retention", "04"),
    ("develop", "Customer development", "05"),
]

_TITLE = re.compile(r"^#\s+(\d\d[a-z]?)\s*[·.:-]\s*(.+?)\s*$", re.M)
# A lesson's file: its id (two digits, then an optional letter for a lesson slotted in between,
# such as "00b", the Python primer), an underscore and a name.
LESSON_FILE = re.compile(r"^(?P<lesson>\d\d[a-z]?)_(?P<name>.+)\.ipynb$")


def lesson_id(file_name: str) -> str | None:
    """The lesson id of a notebook's file name, or None if it is not a lesson.

    Examples
    --------
    >>> lesson_id("00b_python_for_crm.ipynb"), lesson_id("notes.ipynb")
    ('00b', None)
    """
    m = LESSON_FILE.match(file_name)
    return m.group("lesson") if m else None


def lesson_order(lesson: str) -> tuple[int, str]:
    """The key that sorts lesson ids in course order: "00", "00b", "01", ..., "10".

    Examples
    --------
    >>> sorted(["01", "00b", "10", "00"], key=lesson_order)
    ['00', '00b', '01', '10']
    """
    m = re.match(r"^(\d+)([a-z]?)$", str(lesson))
    return (int(m.group(1)), m.group(2)) if m else (10**6, str(lesson))


def _markdown(nb_path: Path) -> list[str]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return ["".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "markdown"]


def _objectives(cells: list[str]) -> list[str]:
    """The bullets under the 'You will learn' heading (a bullet may wrap over several lines)."""
    for text in cells:
        m = re.search(r"You will learn[^\n]*\n(.*)", text, re.S | re.I)
        if not m:
            continue
        bullets: list[str] = []
        for line in m.group(1).splitlines():
            item = re.match(r"^\s*[-*]\s+(.*)$", line)
            if item:
                bullets.append(item.group(1).strip())
            elif bullets and line.strip() and line[:1].isspace():
                bullets[-1] += " " + line.strip()
            elif line.strip().startswith("#"):
                break
        return [re.sub(r"[*_`]", "", b) for b in bullets]
    return []


def lessons(notebooks: Path | None = None) -> pd.DataFrame:
    """One row per lesson notebook present: number, title, file and learning objectives.

    Examples
    --------
    >>> lessons().loc[0, "file"]                  # doctest: +SKIP
    '00_start_here.ipynb'
    """
    folder = Path(notebooks) if notebooks else NOTEBOOKS_DIR
    rows = []
    found = {lesson_id(p.name): p for p in folder.glob("*.ipynb") if lesson_id(p.name)}
    for lesson in sorted(found, key=lesson_order):
        path = found[lesson]
        cells = _markdown(path)
        m = _TITLE.search(cells[0]) if cells else None
        name = LESSON_FILE.match(path.name).group("name")
        rows.append({
            "lesson": lesson,
            "title": m.group(2) if m else name.replace("_", " ").capitalize(),
            "file": path.name,
            "objectives": _objectives(cells),
        })
    return pd.DataFrame(rows, columns=["lesson", "title", "file", "objectives"])


def course_map_markdown(notebooks: Path | None = None) -> str:
    """The course map as Markdown: each lesson present, linked, with its objectives."""
    lines = []
    for row in lessons(notebooks).itertuples():
        if row.lesson == "00":
            continue
        lines.append(f"**[{row.lesson} · {row.title}]({row.file})**")
        lines.extend(f"- {o}" for o in row.objectives)
        lines.append("")
    return "\n".join(lines) if lines else "_No lessons are installed yet._"


def _count_rows(path: Path, header: bool = True) -> int:
    with path.open("rb") as fh:
        n = sum(1 for line in fh if line.strip())
    return n - 1 if header else n


def data_tour(root: Path | None = None) -> pd.DataFrame:
    """The data sets that ship with the course: one row per table, with its size and meaning.

    Examples
    --------
    >>> data_tour().columns.tolist()              # doctest: +SKIP
    ['data set', 'table', 'rows', 'what it holds']
    """
    from crm_lessons.schema import STORE_TABLES

    base = Path(root) if root else data_dir()
    about = {
        "customers": "one row per customer: how and when they arrived, who they are",
        "prospects": "leads who have shown interest, and whether they became customers",
        "products": "what the shop sells, with price and cost",
        "orders": "every order: when, where, discount, campaign, value",
        "order_lines": "the products in each order, and what came back",
        "campaigns": "marketing campaigns: aim, offer, channel, dates, cost",
        "contacts": "who each campaign reached, treatment or control, and who responded",
        "tickets": "support tickets: topic, channel, resolved or not",
        "surveys": "satisfaction surveys: expectation, perception, grade, spend elsewhere",
        "defections": "customers who told us they were leaving, and why",
        "benchmark": "how customers rate us against three competitors",
        "subscriptions": "coffee-club memberships: plan, start, periods paid, end",
    }
    rows = []
    store = base / "store"
    for table in STORE_TABLES:
        path = store / f"{table}.csv"
        if path.is_file():
            rows.append(("store (synthetic shop)", table, _count_rows(path), about.get(table, "")))
    for name, header in (("CDNOW_master.txt", True), ("CDNOW_sample.txt", False)):
        path = base / "cdnow" / name
        if path.is_file():
            what = ("real CD purchases by one cohort of customers, 1997-98" if header
                    else "the 1/10th sample of the same customers")
            rows.append(("cdnow (real)", name, _count_rows(path, header), what))
    hospital = base / "hospital"
    for path in sorted(hospital.glob("*.csv")) if hospital.is_dir() else []:
        rows.append(("hospital (capstone case)", path.stem, _count_rows(path),
                     "patients before and after a guest-relations program"))
    return pd.DataFrame(rows, columns=["data set", "table", "rows", "what it holds"])


def your_setup(folder: Path | None = None) -> str:
    """Markdown for the start page: which data the student works on and why, where their work
    is saved, and which lessons changed in the course since they copied them."""
    from crm_lessons.identity import current_identity
    from crm_lessons.workspace import workspace_note

    return current_identity().explain() + "\n\n" + workspace_note(folder)
