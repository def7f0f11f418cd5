"""The real CDNOW purchase records (Fader, Hardie and Lee's CD retailer data) as tidy
transactions."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from crm_lessons.data.sniff import head_lines, refuse_larger_than
from crm_lessons.errors import CRMDataError
from crm_lessons.paths import data_dir

CDNOW_FILES = {True: "CDNOW_sample.txt", False: "CDNOW_master.txt"}
#: Anything larger is not CDNOW (the full file is 1.9 MB): refused before it is read.
CDNOW_MAX_BYTES = 64 * 1024 * 1024
CDNOW_HEADER = ["customer_id", "date", "number_of_cds", "dollar_value"]
CDNOW_CELL = re.compile(r"-?\d+(\.\d*)?")
CDNOW_FIX = ("copy the CDNOW files back into data/cdnow/ (they ship with the course; "
             "`git checkout -- data/cdnow` restores them)")


def cdnow_path(sample: bool) -> Path:
    """The path of the CDNOW sample (True) or full file (False); fails clearly if it is missing."""
    path = data_dir() / "cdnow" / CDNOW_FILES[bool(sample)]
    if not path.is_file():
        raise CRMDataError(f"The CDNOW file {path} is missing. Fix: {CDNOW_FIX}.")
    return path


def load_cdnow(sample: bool = True) -> pd.DataFrame:
    """The real CDNOW purchase records as tidy transactions.

    Parameters
    ----------
    sample : bool
        True (default) for the 1/10th sample of 2,357 customers, False for all 23,570.

    Returns
    -------
    DataFrame with columns customer_id (int), date (datetime64), cds (int), amount (float,
    US dollars), one row per recorded transaction, sorted by customer and date.

    Examples
    --------
    >>> tx = load_cdnow()                         # doctest: +SKIP
    >>> tx["customer_id"].nunique()               # doctest: +SKIP
    2357
    """
    path = cdnow_path(sample)
    names = ["customer_id", "sample_id", "date", "cds", "amount"] if sample else \
        ["customer_id", "date", "cds", "amount"]
    skip = check_cdnow_head(path, len(names))
    typed = {"customer_id": "int64", "sample_id": "int64", "date": "str", "cds": "int64",
             "amount": "float64"}
    try:
        try:   # fast path with explicit types; a bad cell falls back to a careful read
            raw = pd.read_csv(path, sep=r"\s+", header=None, skiprows=skip, names=names,
                              dtype={n: typed[n] for n in names})
        except (ValueError, OverflowError):
            raw = pd.read_csv(path, sep=r"\s+", header=None, skiprows=skip, names=names, dtype=str)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CRMDataError(f"The CDNOW file {path} cannot be read ({exc}). Fix: {CDNOW_FIX}.") from exc
    except pd.errors.EmptyDataError:
        raw = pd.DataFrame(columns=names)
    if raw.empty:
        raise CRMDataError(f"The CDNOW file {path} holds no transactions. Fix: {CDNOW_FIX}.")
    return tidy_cdnow(raw, path, first_line=skip + 1)


def check_cdnow_head(path: Path, fields: int) -> int:
    """Refuse a file that is too large or whose first lines are not CDNOW records, before
    parsing it; return how many header lines it has (0 or 1)."""
    refuse_larger_than(path, CDNOW_MAX_BYTES, "CDNOW file", CDNOW_FIX,
                       "any CDNOW file (the full one is about 2 MB)")
    lines = [line for line in head_lines(path, "CDNOW file", CDNOW_FIX) if line.strip()]
    skip = 1 if lines and lines[0].split() == CDNOW_HEADER else 0
    first = list(enumerate(lines[skip:skip + 5], start=skip + 1))
    numeric = [all(CDNOW_CELL.fullmatch(c) for c in line.split()) for _, line in first]
    for number, line in first:
        # a wrong cell here and there is named by the full read; a wrong file fails here
        if len(line.split()) != fields or not any(numeric):
            want = "customer id, " + ("sample id, " if fields == 5 else "") + \
                "date as YYYYMMDD, number of CDs, dollar value"
            raise CRMDataError(f"The CDNOW file {path} does not hold CDNOW purchase records: "
                               f"line {number} is {line[:80]!r}, not {fields} numbers ({want}). "
                               f"Fix: {CDNOW_FIX}.")
    return skip


def tidy_cdnow(raw: pd.DataFrame, path: Path, first_line: int) -> pd.DataFrame:
    """The parsed columns as typed transactions, or one error naming an unreadable line."""
    cust = pd.to_numeric(raw["customer_id"], errors="coerce")
    date = pd.to_datetime(raw["date"], format="%Y%m%d", errors="coerce")
    cds = pd.to_numeric(raw["cds"], errors="coerce")
    amount = pd.to_numeric(raw["amount"], errors="coerce")
    cust, cds, amount = (s.where(np.isfinite(s)) for s in (cust, cds, amount))
    for name, col in [("customer_id", cust), ("date", date), ("number_of_cds", cds), ("dollar_value", amount)]:
        if col.isna().any():
            row = int(np.flatnonzero(col.isna().to_numpy())[0]) + first_line
            raise CRMDataError(
                f"The CDNOW file {path} has an unreadable {name} on line {row}. Fix: {CDNOW_FIX}."
            )
    out = pd.DataFrame({
        "customer_id": cust.astype("int64"),
        "date": date.astype("datetime64[ns]"),
        "cds": cds.astype("int64"),
        "amount": amount.astype("float64"),
    })
    return out.sort_values(["customer_id", "date"], kind="stable").reset_index(drop=True)
