"""The `crm-lessons make-data` command, and writing the data sets with their READMEs.

The READMEs quote figures measured with the element helpers (the findings, the product
pairs, the hospital's difference-in-differences), so they are written here, above the
element folders, and not by the data layer.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from crm_lessons import develop, retain
from crm_lessons.data import (
    CONTACT_AREAS,
    DEFAULT_CUSTOMERS,
    DEFAULT_SEED,
    END_DATE,
    Store,
    generate_hospital,
    generate_store,
    write_hospital,
    write_store,
)
from crm_lessons.data.readme import hospital_readme, store_readme
from crm_lessons.errors import CRMDataError
from crm_lessons.findings import measure_findings
from crm_lessons.schema import STORE_TABLES


def store_readme_for(store: Store) -> str:
    """The text of data/store/README.md for `store`, with every finding measured on it.

    >>> from crm_lessons.data import load_store
    >>> store_readme_for(load_store()).startswith("# Steep & Grind")   # doctest: +SKIP
    True
    """
    pairs = develop.pair_lift(store.order_lines, min_orders=50, products=store.products)
    return store_readme(store, measure_findings(store), pairs)


def hospital_readme_for(patients: pd.DataFrame) -> str:
    """The text of data/hospital/README.md, with the program's effect measured on `patients`.

    >>> from crm_lessons.data import load_hospital
    >>> hospital_readme_for(load_hospital()).startswith("# The hospital case")   # doctest: +SKIP
    True
    """
    effects = {col: retain.diff_in_diff(patients, col, "program_hospital", "period", True, "after")
               for col in [*CONTACT_AREAS, "overall", "came_back"]}
    return hospital_readme(patients, effects)


def make_hospital(outdir: str | Path) -> Path:
    """Write the hospital case (patients.csv and its README.md) into `outdir`; return the
    CSV file's path.

    >>> import tempfile
    >>> make_hospital(tempfile.mkdtemp()).name                # doctest: +SKIP
    'patients.csv'
    """
    return write_hospital(outdir, readme=hospital_readme_for(generate_hospital()))


def cli_make_data(args) -> int:
    """`crm-lessons make-data OUTDIR [--seed N] [--customers N] [--force]`: write a store
    data set (CSV files, store.sqlite and README.md); return the exit code."""
    outdir = Path(args.outdir)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    customers = DEFAULT_CUSTOMERS if args.customers is None else args.customers
    targets = [outdir / f"{t}.csv" for t in STORE_TABLES] + [outdir / "store.sqlite"]
    existing = [p for p in targets if p.exists()]
    if existing and not args.force:
        print(f"{outdir} already holds data files ({existing[0].name}, ...). Nothing was "
              f"written. Fix: add --force to overwrite them, or choose another folder.",
              file=sys.stderr)
        return 1
    try:
        tables = generate_store(seed, customers)
    except CRMDataError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    written = write_store(tables, outdir)
    readme = _readme_or_none(Store(**tables, seed=seed, end_date=END_DATE))
    if readme is not None:
        (outdir / "README.md").write_text(readme, encoding="utf-8")
        written.append(outdir / "README.md")
    size = sum(p.stat().st_size for p in written) / 1e6
    print(f"Wrote {len(written)} files ({size:.1f} MB) to {outdir}: seed {seed}, "
          f"{customers:,} customers, {len(tables['orders']):,} orders.")
    return 0


def _readme_or_none(store: Store) -> str | None:
    try:
        return store_readme_for(store)
    except (CRMDataError, KeyError, IndexError, ZeroDivisionError) as exc:
        # a very small store may lack a group that a finding needs (no very satisfied
        # defector, no new customer in a campaign): the tables are fine, only the README waits
        print(f"README.md not written: this store is too small to measure every finding "
              f"({type(exc).__name__}: {exc}).", file=sys.stderr)
        return None
