"""The donations summary (Fader, Hardie and Shang 2010): 11,104 first-time donors of 1995 and
their six later yearly chances to give, the data set of the discrete-time BG/BB model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crm_lessons.data.sniff import head_lines, refuse_larger_than
from crm_lessons.errors import CRMDataError
from crm_lessons.paths import data_dir

DONATIONS_FILE = "donations.csv"
DONATIONS_COLUMNS = ["frequency", "recency", "periods", "weights"]
#: Anything larger is not the donations summary (it is 200 bytes): refused before it is read.
DONATIONS_MAX_BYTES = 1024 * 1024
DONATIONS_FIX = ("copy donations.csv back into data/donations/ (it ships with the course; "
                 "`git checkout -- data/donations` restores it)")


def donations_path() -> Path:
    """The path of the donations summary; fails clearly if it is missing."""
    path = data_dir() / "donations" / DONATIONS_FILE
    if not path.is_file():
        raise CRMDataError(f"The donations file {path} is missing. Fix: {DONATIONS_FIX}.")
    return path


def load_donations() -> pd.DataFrame:
    """The donations summary: one row per group of donors with the same history.

    Returns
    -------
    DataFrame with int columns frequency (years with a gift after 1995, 0-6), recency (the
    last such year, counted from 1995 = 0; 0 with no repeat gift), periods (6 yearly chances)
    and weights (donors in the row; they add up to 11,104).

    Examples
    --------
    >>> d = load_donations()                      # doctest: +SKIP
    >>> int(d["weights"].sum())                   # doctest: +SKIP
    11104
    """
    path = donations_path()
    refuse_larger_than(path, DONATIONS_MAX_BYTES, "donations file", DONATIONS_FIX,
                       "the donations summary could be (it is about 200 bytes)")
    lines = [line for line in head_lines(path, "donations file", DONATIONS_FIX) if line.strip()]
    if not lines or [c.strip() for c in lines[0].split(",")] != DONATIONS_COLUMNS:
        first = lines[0][:80] if lines else ""
        raise CRMDataError(f"The donations file {path} does not start with the header "
                           f"{','.join(DONATIONS_COLUMNS)} (its first line is {first!r}). "
                           f"Fix: {DONATIONS_FIX}.")
    try:
        raw = pd.read_csv(path, dtype=str, skipinitialspace=True)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError,
            UnicodeDecodeError) as exc:
        raise CRMDataError(f"The donations file {path} cannot be read ({exc}). "
                           f"Fix: {DONATIONS_FIX}.") from exc
    if raw.empty:
        raise CRMDataError(f"The donations file {path} holds no rows. Fix: {DONATIONS_FIX}.")
    out = {}
    for name in DONATIONS_COLUMNS:
        values = pd.to_numeric(raw[name], errors="coerce")
        bad = values.isna() | ~np.isfinite(values) | (values < 0) | (values != values.round())
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise CRMDataError(f"The donations file {path} has an unreadable {name} on line "
                               f"{row} ({raw[name].iloc[row - 2]!r}; whole numbers of 0 or "
                               f"more expected). Fix: {DONATIONS_FIX}.")
        out[name] = values.astype("int64")
    return pd.DataFrame(out)
