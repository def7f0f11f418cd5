"""A graded class of three, written in the file formats of `crm-lessons grade` (gradebook.csv,
gradebook.details.csv, gradebook.skipped.csv, gradebook.reflections/), and two students'
progress exports, for the class report's tests.

The class, by hand (lesson 03: three graded exercises and one reflection; lesson 04: two):

- alice: every exercise right (03: 3, 04: 2, total 5); a reflection.
- bob: 03.customer_rate wrong (percent for fraction), 03.wasted_leads still blank,
  03.payback_months wrong (rounding), the reflection blank; 04.silent_year right,
  04.cohort_month3 wrong (too high): 03: 0, 04: 1, total 1.
- carol: 03.customer_rate wrong (percent for fraction), the rest of 03 right, a reflection
  holding a script tag; her lesson 04 notebook hit the time limit, so no 04 rows:
  03: 2, 04: 0, total 2; flagged "id-mismatch: notebook says alice".

So: lesson 03 checked by 3 of 3, every exercise by 2 (alice, carol), all correct 1 (alice);
lesson 04 checked by 2, every exercise by 2, all correct 1; totals 5, 1, 2 (median 2); the
exercise most often wrong is 03.customer_rate, 2 of the 3 who checked it, both
"percent-fraction".
"""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

SCRIPT = "<script>alert('x')</script> & I'd call <b>them</b>"
PERCENT_MESSAGE = "Your shares look like percentages (e.g. 23.0); give them as fractions (0.23)."

GRADEBOOK = [
    {"student": "alice", "lesson_03": 3, "lesson_04": 2, "total": 5, "possible": 5,
     "course_version": "2.3.0", "flags": "", "status": "ok"},
    {"student": "bob", "lesson_03": 0, "lesson_04": 1, "total": 1, "possible": 5,
     "course_version": "2.3.0", "flags": "", "status": "ok"},
    {"student": "carol", "lesson_03": 2, "lesson_04": 0, "total": 2, "possible": 5,
     "course_version": "2.3.0", "flags": "id-mismatch: notebook says alice",
     "status": "04_customer_retention.ipynb: stopped after 60 s (the time limit)"},
]

L03 = ["03.customer_rate", "03.wasted_leads", "03.payback_months", "03.campaign_plan"]
L04 = ["04.silent_year", "04.cohort_month3"]


def _row(student, exercise, status, category="", message=""):
    lesson = exercise[:2]
    correct = {"correct": "True", "done": "", "incorrect": "False", "blank": "False"}[status]
    if exercise == "03.campaign_plan":
        correct = ""
    return {"student": student, "file": f"{student}/{lesson}_lesson.ipynb", "lesson": lesson,
            "exercise": exercise, "status": status, "correct": correct,
            "category": category, "message": message or f"{status} ({exercise})"}


def details_rows() -> list[dict]:
    rows = [_row("alice", e, "correct") for e in L03[:3]]
    rows.append(_row("alice", L03[3], "done", message="Your answer is recorded."))
    rows += [_row("alice", e, "correct") for e in L04]
    rows += [_row("bob", L03[0], "incorrect", "percent-fraction", PERCENT_MESSAGE),
             _row("bob", L03[1], "blank", "blank", "Fill in the blank (____) first."),
             _row("bob", L03[2], "incorrect", "rounding", "Close: do not round before the end."),
             _row("bob", L03[3], "blank", "blank", "Write your answer in place of ____."),
             _row("bob", L04[0], "correct"),
             _row("bob", L04[1], "incorrect", "too-high", "Your share is too high.")]
    rows += [_row("carol", L03[0], "incorrect", "percent-fraction",
                  "Percentages again: 31.5 should be 0.315."),
             _row("carol", L03[1], "correct"), _row("carol", L03[2], "correct"),
             _row("carol", L03[3], "done", message="Your answer is recorded.")]
    return rows


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = columns or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_class(folder: Path) -> Path:
    """Write the three-student grading run into `folder`; return the gradebook's path."""
    gradebook = write_csv(folder / "gradebook.csv", GRADEBOOK)
    write_csv(folder / "gradebook.details.csv", details_rows())
    write_csv(folder / "gradebook.skipped.csv", [
        {"file": "notes.txt", "reason": "not a notebook"},
        {"file": "dave/03_customer_attraction.ipynb", "reason": "corrupted JSON (line 1)"}])
    write_csv(folder / "gradebook.reflections" / "03.campaign_plan.csv", [
        {"student": "alice", "answer": "Cut paid social first:\nit pays back last."},
        {"student": "bob", "answer": ""},
        {"student": "carol", "answer": SCRIPT}])
    return gradebook


PROGRESS_COLUMNS = ["lesson", "exercise", "kind", "graded", "status", "attempts", "first_done",
                    "last_attempt", "student", "seed", "hints_seen", "solution_seen", "help",
                    "answer", "question"]


def _export_row(student, exercise, status, hints=0, solution=False, help_=""):
    lesson, name = exercise.split(".")
    return {"lesson": lesson, "exercise": name, "kind": "number", "graded": True,
            "status": status, "attempts": 1, "first_done": "", "last_attempt": "",
            "student": student, "seed": 1, "hints_seen": hints, "solution_seen": solution,
            "help": help_, "answer": "", "question": ""}


def write_progress(folder: Path) -> Path:
    """alice's honest export (one hint on 03.payback_months), bob's forged one (all
    correct, after seeing two solutions), alice's handed in by carol under her own folder,
    and a CSV that is no export."""
    write_csv(folder / "alice.csv", [
        _export_row("alice", "03.customer_rate", "correct"),
        _export_row("alice", "03.payback_months", "correct", hints=1,
                    help_="solved after a hint")], PROGRESS_COLUMNS)
    write_csv(folder / "bob-report.csv", [
        _export_row("bob", "03.customer_rate", "correct", solution=True,
                    help_="solved after the solution"),
        _export_row("bob", "03.payback_months", "correct", hints=2, solution=True,
                    help_="solved after the solution"),
        _export_row("bob", "03.wasted_leads", "correct"),
        # a lesson that was not graded: left out of the comparison
        _export_row("bob", "05.wallet_share", "correct", hints=3, solution=True,
                    help_="solved after the solution")], PROGRESS_COLUMNS)
    write_csv(folder / "carol" / "report.csv", [     # alice's file, handed in by carol
        _export_row("alice", "03.customer_rate", "correct")], PROGRESS_COLUMNS)
    write_csv(folder / "shopping.csv", [{"item": "milk", "price": "1"}])
    return folder


# ---- reading the page back -------------------------------------------------------------------

class _PageReader(HTMLParser):
    """Collects, per section id, its tables (rows of cell texts), its h3 headings and its
    text, and every image's src."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.tables: dict[str, list[list[list[str]]]] = {}
        self.headings: dict[str, list[str]] = {}
        self.text: dict[str, list[str]] = {}
        self.images: list[str] = []
        self._cell: list[str] | None = None
        self._h3: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.section = attrs.get("id", "")
        elif tag == "table":
            self.tables.setdefault(self.section, []).append([])
        elif tag == "tr":
            self.tables[self.section][-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "h3":
            self._h3 = []
        elif tag == "img":
            self.images.append(attrs.get("src", ""))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self.section][-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "h3" and self._h3 is not None:
            self.headings.setdefault(self.section, []).append("".join(self._h3))
            self._h3 = None

    def handle_data(self, data):
        self.text.setdefault(self.section, []).append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._h3 is not None:
            self._h3.append(data)


def read_page(page: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(page)
    return reader


def body_rows(table: list[list[str]]) -> list[list[str]]:
    """A table's rows without its header row."""
    return table[1:]
