"""The `crm-lessons make-data` command, and writing the data sets with their READMEs.

The READMEs quote figures measured with the element helpers (the findings, the product
pairs, the hospital's difference-in-differences), so they are written here, above the
element folders, and not by the data layer.
"""

from __future__ import annotations

import os
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
from crm_lessons.data.store_io import store_files
from crm_lessons.errors import CRMDataError
from crm_lessons.findings import measure_findings
from crm_lessons.writing import check_folder


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


# peak memory of `make-data` per customer, measured at the default size (5,000 customers:
# about 35 MB above the interpreter, README included), doubled for safety
BYTES_PER_CUSTOMER = 16_000


def total_memory() -> int | None:
    """The machine's memory in bytes (from /proc/meminfo or sysconf), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def check_size(customers: int) -> str | None:
    """A message refusing `customers` when the machine cannot hold the data set, else None."""
    need = customers * BYTES_PER_CUSTOMER
    have = total_memory()
    if have is None or need <= 0.8 * have:
        return None
    most = int(0.8 * have // BYTES_PER_CUSTOMER)
    return (f"--customers {customers:,} needs about {need / 2**30:,.1f} GiB of memory, but this "
            f"machine has {have / 2**30:,.1f} GiB; nothing was written. Fix: choose at most "
            f"{most:,} customers (the default is {DEFAULT_CUSTOMERS:,}).")


def _argument_problem(args) -> str | None:
    if not str(args.outdir).strip():
        return "OUTDIR is empty. Fix: name the folder to write into, e.g. data/mine."
    if args.seed is not None and args.seed < 0:
        return f"--seed should be 0 or more, but got {args.seed}. Fix: e.g. --seed 7."
    if args.customers is not None and args.customers < 50:
        return (f"--customers should be at least 50, but got {args.customers}. Fix: pass "
                "--customers 50 or more (the default is 5,000).")
    return check_size(args.customers) if args.customers is not None else None


def cli_make_data(args) -> int:
    """`crm-lessons make-data OUTDIR [--seed N] [--customers N] [--force]`: write a store
    data set (CSV files, store.sqlite and README.md); return the exit code."""
    problem = _argument_problem(args)
    if problem:
        print(f"make-data: {problem}", file=sys.stderr)
        return 2
    outdir = Path(args.outdir).expanduser()
    seed = DEFAULT_SEED if args.seed is None else args.seed
    customers = DEFAULT_CUSTOMERS if args.customers is None else args.customers
    try:
        check_folder(outdir, store_files(), force=args.force)   # fail before the slow part
        tables = generate_store(seed, customers)
        readme = _readme_or_none(Store(**tables, seed=seed, end_date=END_DATE))
        written = write_store(tables, outdir, readme=readme, force=args.force)
    except CRMDataError as exc:
        print(f"make-data: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"make-data: {exc}", file=sys.stderr)
        return 1
    except MemoryError:
        print(f"make-data: not enough memory for {customers:,} customers; nothing was written. "
              "Fix: choose fewer customers.", file=sys.stderr)
        return 1
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
