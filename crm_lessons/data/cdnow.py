"""The real CDNOW purchase records (Fader, Hardie and Lee's CD retailer data) as tidy
transactions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crm_lessons.errors import CRMDataError
from crm_lessons.paths import data_dir

CDNOW_FILES = {True: "CDNOW_sample.txt", False: "CDNOW_master.txt"}
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
    if sample:
        names = ["customer_id", "sample_id", "date", "cds", "amount"]
        header = None
    else:
        names = ["customer_id", "date", "cds", "amount"]
        header = 0
    try:
        raw = pd.read_csv(path, sep=r"\s+", header=header, names=names, dtype=str, engine="python")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CRMDataError(f"The CDNOW file {path} cannot be read ({exc}). Fix: {CDNOW_FIX}.") from exc
    if raw.empty:
        raise CRMDataError(f"The CDNOW file {path} holds no transactions. Fix: {CDNOW_FIX}.")
    cust = pd.to_numeric(raw["customer_id"], errors="coerce")
    date = pd.to_datetime(raw["date"], format="%Y%m%d", errors="coerce")
    cds = pd.to_numeric(raw["cds"], errors="coerce")
    amount = pd.to_numeric(raw["amount"], errors="coerce")
    cust, cds, amount = (s.where(np.isfinite(s)) for s in (cust, cds, amount))
    for name, col in [("customer_id", cust), ("date", date), ("number_of_cds", cds), ("dollar_value", amount)]:
        if col.isna().any():
            row = int(np.flatnonzero(col.isna().to_numpy())[0]) + (2 if header == 0 else 1)
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
