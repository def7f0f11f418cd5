"""The doctor's data checks: is every shipped data file there and readable?"""

from __future__ import annotations

import sqlite3

from crm_lessons.data.cdnow import CDNOW_FILES, CDNOW_FIX, load_cdnow
from crm_lessons.data.hospital_schema import HOSPITAL_FIX, HOSPITAL_TABLES
from crm_lessons.data.store import store_dir
from crm_lessons.data.store_io import read_store_table
from crm_lessons.data.tables import STORE_FIX
from crm_lessons.errors import CRMDataError
from crm_lessons.paths import data_dir
from crm_lessons.schema import STORE_TABLES


def check_data_files() -> list[tuple[str, str, str]]:
    """Check every shipped data file: a list of (name, problem or '', fix) for `doctor`.

    >>> all(len(row) == 3 for row in check_data_files())         # doctest: +SKIP
    True
    """
    results = []
    checks = [(f"data/store/{t}.csv", store_dir() / f"{t}.csv", t, STORE_FIX) for t in STORE_TABLES]
    checks += [(f"data/hospital/{t}.csv", data_dir() / "hospital" / f"{t}.csv", t, HOSPITAL_FIX)
               for t in HOSPITAL_TABLES]
    for name, path, table, fix in checks:
        try:
            read_store_table(path, table, fix)
            results.append((name, "", ""))
        except CRMDataError as exc:
            results.append((name, str(exc).split(" Fix: ")[0], fix.rstrip(".")))
    problem = sqlite_problem()
    results.append(("data/store/store.sqlite", problem, STORE_FIX if problem else ""))
    for sample in (True, False):
        name = f"data/cdnow/{CDNOW_FILES[sample]}"
        try:
            load_cdnow(sample=sample)
            results.append((name, "", ""))
        except CRMDataError as exc:
            results.append((name, str(exc).split(" Fix: ")[0], CDNOW_FIX))
    return results


def sqlite_problem() -> str:
    """What is wrong with the shipped store.sqlite ('' when it opens and has every table)."""
    db = store_dir() / "store.sqlite"
    if not db.is_file():
        return f"The store database {db} is missing"
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:
        return f"The store database {db} cannot be read ({exc})"
    if set(STORE_TABLES) - have:
        return f"The store database {db} has no table {sorted(set(STORE_TABLES) - have)[0]!r}"
    return ""
