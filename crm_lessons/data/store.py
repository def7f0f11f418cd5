"""The store data set of Steep & Grind: the `Store` object, `generate_store` and `load_store`
(shipped files, or a variant per seed, also from the environment variable CRM_LESSONS_SEED;
cached per seed, each call gets its own copy)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from crm_lessons.data.simulate import simulate
from crm_lessons.data.simulate.params import DEFAULT_CUSTOMERS, DEFAULT_SEED, END_DATE
from crm_lessons.data.store_io import fill_sqlite, read_only_uri, read_store_table, sqlite_bytes
from crm_lessons.data.tables import store_fix
from crm_lessons.data.validate import validate_store
from crm_lessons.errors import CRMDataError, require_whole_number
from crm_lessons.identity import current_identity
from crm_lessons.paths import data_dir
from crm_lessons.schema import STORE_TABLES


@dataclass(frozen=True, eq=False)
class Store:
    """The store data set: one DataFrame per table (see `crm_lessons.schema`), plus
    `seed`, `end_date` (the last day of the data: "today" for recency) and `connect()`.

    Each call of `load_store()` hands out its own Store, so changing a table in one notebook
    never changes what another caller gets.
    """

    customers: pd.DataFrame
    prospects: pd.DataFrame
    products: pd.DataFrame
    orders: pd.DataFrame
    order_lines: pd.DataFrame
    campaigns: pd.DataFrame
    contacts: pd.DataFrame
    tickets: pd.DataFrame
    surveys: pd.DataFrame
    defections: pd.DataFrame
    benchmark: pd.DataFrame
    subscriptions: pd.DataFrame
    seed: int
    end_date: pd.Timestamp
    sqlite_path: Path | None = None
    _sqlite_bytes: bytes | None = field(default=None, repr=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in schema order."""
        return {name: getattr(self, name) for name in STORE_TABLES}

    def connect(self) -> sqlite3.Connection:
        """A new `sqlite3.Connection` to the same tables (read-only for the shipped file).

        >>> con = load_store().connect()                                   # doctest: +SKIP
        >>> pd.read_sql("SELECT COUNT(*) AS n FROM customers", con)        # doctest: +SKIP
        """
        if self.sqlite_path is not None:
            if not self.sqlite_path.is_file():
                raise CRMDataError(f"The store database {self.sqlite_path} is missing. "
                                   f"Fix: {store_fix(self.sqlite_path.parent)}.")
            con = sqlite3.connect(read_only_uri(self.sqlite_path), uri=True)
        elif self._sqlite_bytes is not None and hasattr(sqlite3.Connection, "deserialize"):
            con = sqlite3.connect(":memory:")
            con.deserialize(self._sqlite_bytes)
        else:
            con = sqlite3.connect(":memory:")
            fill_sqlite(con, self.tables())
        con.execute("PRAGMA foreign_keys = ON")
        return con

    def copy(self) -> Store:
        """A Store with its own copies of the tables (shallow under pandas' copy-on-write)."""
        shallow = copy_on_write()
        frames = {name: df.copy(deep=not shallow) for name, df in self.tables().items()}
        return Store(**frames, seed=self.seed, end_date=self.end_date,
                     sqlite_path=self.sqlite_path, _sqlite_bytes=self._sqlite_bytes)


def copy_on_write() -> bool:
    """Whether pandas copies on write (always from pandas 3), so shallow copies are safe."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return True
    try:
        return bool(pd.get_option("mode.copy_on_write"))
    except (KeyError, pd.errors.OptionError):  # pragma: no cover
        return False


def store_dir() -> Path:
    """The folder of the shipped store files (data/store, or below CRM_LESSONS_DATA)."""
    return data_dir() / "store"


def env_seed() -> int:
    """The seed of the data variant the environment selects (CRM_LESSONS_SEED, else the
    student's own from CRM_LESSONS_STUDENT or JUPYTERHUB_USER, see ``crm_lessons.identity``),
    or DEFAULT_SEED for the shipped data."""
    seed = current_identity().seed
    return DEFAULT_SEED if seed is None else seed


def generate_store(seed: int = DEFAULT_SEED, customers: int = DEFAULT_CUSTOMERS) -> dict[str, pd.DataFrame]:
    """Simulate the store data set in memory: a dict of typed tables (no files written).

    >>> tables = generate_store(seed=7, customers=500)
    >>> sorted(tables) == sorted(STORE_TABLES)
    True
    """
    seed = require_whole_number(seed, "seed", minimum=0)
    customers = require_whole_number(customers, "customers", minimum=50,
                                     fix="Fix: pass --customers 50 or more.")
    return simulate(seed, customers)


@lru_cache(maxsize=8)
def cached_store(seed: int, folder: str | None) -> Store:
    """The store for `seed`, read from `folder` (the shipped files) or generated when None.
    Cached: hand out `.copy()` of it, never the object itself."""
    if folder is not None:
        path = Path(folder)
        fix = store_fix(path)
        tables = {t: read_store_table(path / f"{t}.csv", t, fix) for t in STORE_TABLES}
        problems = validate_store(tables, fix)
        if problems:
            more = (f" ({len(problems) - 1} more problem(s): `crm-lessons doctor` lists them all)"
                    if len(problems) > 1 else "")
            raise CRMDataError(f"The store data in {path} is not sound: {problems[0].describe()}"
                               f"{more}. Fix: {fix}.")
        return Store(**tables, seed=seed, end_date=END_DATE, sqlite_path=path / "store.sqlite")
    tables = generate_store(seed)
    return Store(**tables, seed=seed, end_date=END_DATE, _sqlite_bytes=sqlite_bytes(tables))


def load_store(seed: int | None = None) -> Store:
    """The store data set of Steep & Grind, typed and ready to analyse.

    Parameters
    ----------
    seed : int, optional
        None (default) gives the shipped data in data/store (or the seed in the environment
        variable CRM_LESSONS_SEED). Any other seed gives your own variant: the same findings
        at slightly different values, generated in memory in well under two seconds.

    Returns
    -------
    Store with one DataFrame per table (store.customers, store.orders, ...), store.seed,
    store.end_date and store.connect() for SQL. Each call returns its own copy of the tables
    (results are cached per seed), so changing one does not affect other callers.

    Examples
    --------
    >>> store = load_store()                                   # doctest: +SKIP
    >>> store.orders.groupby("customer_id")["revenue"].sum()   # doctest: +SKIP
    """
    if seed is None:
        seed = env_seed()
    seed = require_whole_number(seed, "seed", minimum=0,
                                fix="Fix: call load_store() or load_store(seed=7).")
    folder = str(store_dir()) if seed == DEFAULT_SEED else None
    return cached_store(seed, folder).copy()
