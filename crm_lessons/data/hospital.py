"""The capstone's hospital case: generate the patients, write them, load them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crm_lessons.data.hospital_schema import (
    COMMON_TREND,
    CONTACT_AREAS,
    HOSPITAL_FIX,
    HOSPITAL_SEED,
    PROGRAM_EFFECT,
)
from crm_lessons.data.store_io import read_store_table
from crm_lessons.data.tables import CATEGORY_LEVELS
from crm_lessons.paths import data_dir
from crm_lessons.schema import AGE_BANDS
from crm_lessons.writing import write_folder

# each contact area's usual score (1-5) before any program
BASE_SCORES = {"security": 3.6, "nursing": 3.4, "doctors": 3.9, "facilities": 3.3, "food": 2.9}


def generate_hospital(seed: int = HOSPITAL_SEED, patients_per_cell: int = 1000) -> pd.DataFrame:
    """Simulate the capstone's patients: two hospitals, six months before and six months
    during the Guest Relations program at Prairie Community Hospital.

    Satisfaction in each contact area drifts up a little in both hospitals (COMMON_TREND)
    and rises further where and when the program runs (PROGRAM_EFFECT); the chance that a
    patient comes back follows overall satisfaction, so the program's effect on returns is
    a consequence, not a planted number.

    >>> generate_hospital(patients_per_cell=10).shape[0]
    40
    """
    rng = np.random.default_rng(seed)
    k = int(patients_per_cell)
    n = 4 * k
    treated = np.repeat([True, True, False, False], k)
    after = np.tile(np.repeat([False, True], k), 2)
    start = np.where(after, 184, 0)                          # 1992-07-01 + 184 days = 1993-01-01
    day = start + rng.integers(0, 181, n)
    dept = rng.choice(4, n, p=[0.35, 0.15, 0.2, 0.3])
    age = rng.choice(6, n, p=[0.1, 0.18, 0.17, 0.17, 0.18, 0.2])
    person = rng.normal(0, 0.5, n)                           # some patients rate everything higher
    scores = {}
    raw_total = np.zeros(n)
    for area in CONTACT_AREAS:
        mu = (BASE_SCORES[area] - 0.25 * treated + COMMON_TREND * after
              + PROGRAM_EFFECT[area] * (treated & after) + person
              - 0.2 * (dept == 0))                            # emergency visits rate lower
        raw = mu + rng.normal(0, 0.75, n)
        scores[area] = np.clip(np.rint(raw), 1, 5).astype(np.int64)
        raw_total += raw
    overall_raw = raw_total / len(CONTACT_AREAS) + rng.normal(0, 0.35, n)
    overall = np.clip(np.rint(overall_raw), 1, 5).astype(np.int64)
    p_back = 1 / (1 + np.exp(-(-0.25 + 1.1 * (overall_raw - 3.4))))
    came_back = rng.random(n) < p_back
    order = np.lexsort((np.arange(n), day))
    return pd.DataFrame({
        "patient_id": np.arange(1, n + 1, dtype=np.int64),
        "hospital": pd.Categorical.from_codes(np.where(treated, 0, 1)[order],
                                              CATEGORY_LEVELS[("patients", "hospital")]),
        "program_hospital": treated[order],
        "period": pd.Categorical.from_codes(after[order].astype(np.int64), ["before", "after"],
                                            ordered=True),
        "first_visit_date": (pd.Timestamp("1992-07-01").to_datetime64()
                             + day[order].astype("timedelta64[D]")).astype("datetime64[ns]"),
        "department": pd.Categorical.from_codes(dept[order],
                                                CATEGORY_LEVELS[("patients", "department")]),
        "age_band": pd.Categorical.from_codes(age[order], AGE_BANDS),
        **{area: scores[area][order] for area in CONTACT_AREAS},
        "overall": overall[order],
        "came_back": came_back[order],
    })


def write_hospital(outdir: str | Path, readme: str | None = None, *,
                   force: bool = True) -> Path:
    """Write the hospital case (patients.csv) into `outdir`, and README.md when its text is
    given (crm_lessons.make_data.make_hospital writes both); return the CSV file's path.

    Built in a fresh folder beside `outdir` and swapped in (``crm_lessons.writing``): a failure
    leaves the old files, and a symbolic link in their place is refused.

    >>> import tempfile
    >>> write_hospital(tempfile.mkdtemp()).name
    'patients.csv'
    """
    patients = generate_hospital()

    def build(folder: Path) -> None:
        patients.to_csv(folder / "patients.csv", index=False, date_format="%Y-%m-%d",
                        lineterminator="\n")
        if readme is not None:
            (folder / "README.md").write_text(readme, encoding="utf-8")

    return write_folder(outdir, build, ["patients.csv", "README.md"], force=force) / "patients.csv"


def load_hospital() -> pd.DataFrame:
    """The capstone case: first-time patients of two hospitals, six months before and six
    months during the Guest Relations program that Prairie Community Hospital ran in every
    contact area (security, nursing, doctors, facilities, food), and whether each came back.

    Returns
    -------
    DataFrame with the columns of HOSPITAL_TABLES["patients"] (see data/hospital/README.md).

    Examples
    --------
    >>> from crm_lessons.retain import diff_in_diff                               # doctest: +SKIP
    >>> patients = load_hospital()                                                # doctest: +SKIP
    >>> diff_in_diff(patients, "came_back", "program_hospital", "period", True, "after")  # doctest: +SKIP
    """
    return read_store_table(data_dir() / "hospital" / "patients.csv", "patients", HOSPITAL_FIX)
