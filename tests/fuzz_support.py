"""Building blocks of tests/test_fuzz_helpers.py: valid store tables drawn from the contract in
crm_lessons/schema.py, the ways a careless user spoils them, and the discovery of every public
helper of the analysis modules with the arguments it needs.
"""

from __future__ import annotations

import importlib
import inspect
import math
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pandas as pd

from crm_lessons import schema

ANALYSIS_MODULES = ["identify", "attract", "retain", "develop", "goals", "clv",
                    "data.store", "data.cdnow", "data.hospital", "data.donations"]
# The pure functions behind the explorers are fuzzed too (widget builders, `*_explorer`, are
# left to the browser test). The charts are fuzzed too, in every run: a chart costs more to
# draw, so each gets a third of the inputs (8 of the default 25). FUZZ_PLOTS=0 leaves them out.
FIGURE_PACKAGES = ["explore"] + (["plots"] if os.environ.get("FUZZ_PLOTS", "1") != "0" else [])

# Values of categorical columns whose allowed values are only described in words.
CATEGORY_VALUES = {
    ("customers", "channel"): schema.CHANNELS,
    ("customers", "region"): schema.REGIONS,
    ("customers", "age_band"): schema.AGE_BANDS,
    ("prospects", "source"): schema.CHANNELS,
    ("orders", "channel"): ["web", "app", "phone"],
    ("products", "category"): ["coffee", "tea", "equipment", "accessories"],
    ("campaigns", "type"): schema.CAMPAIGN_TYPES,
    ("campaigns", "offer"): schema.OFFERS,
    ("campaigns", "channel"): ["email", "paid_social", "search", "direct mail", "partner"],
    ("contacts", "group"): ["treatment", "control"],
    ("tickets", "channel"): ["email", "phone", "chat"],
    ("tickets", "topic"): ["delivery", "product quality", "billing", "website", "other"],
    ("surveys", "satisfaction"): schema.SATISFACTION_GRADES,
    ("defections", "reason"): schema.DEFECTION_REASONS,
}
# Integer columns with a fixed scale.
INT_RANGES = {"expectation": (1, 7), "perceived": (1, 7), "recommend": (0, 10),
              "quantity": (1, 5), "returned_quantity": (0, 0), "email_opens": (0, 9),
              "site_visits": (0, 9)}
# The CDNOW transactions (load_cdnow) are a table too, for the lifetime-value helpers.
EXTRA_TABLES = {
    "transactions": {"customer_id": ("int", ""), "date": ("date", ""), "cds": ("int", ""),
                     "amount": ("float", "")},
}
TABLES = {**schema.STORE_TABLES, **EXTRA_TABLES}
# Parameter names that mean one of the tables.
TABLE_ALIASES = {"lines": "order_lines", "tx": "transactions", "cdnow": "transactions",
                 "purchases": "transactions", "transactions": "transactions",
                 "bench": "benchmark", "leads": "prospects"}
PRIMARY_KEYS = {"customers": "customer_id", "prospects": "prospect_id", "products": "product_id",
                "orders": "order_id", "campaigns": "campaign_id", "contacts": "contact_id",
                "tickets": "ticket_id", "surveys": "survey_id", "defections": "customer_id"}
START = pd.Timestamp("2023-01-01")
END_DATE = pd.Timestamp("2024-12-31")


def column_kind(table: str | None, column: str) -> str:
    """The contract's kind of a column; for a column it does not list, a guess from its name."""
    if table in TABLES and column in TABLES[table]:
        return TABLES[table][column][0]
    for cols in TABLES.values():
        if column in cols:
            return cols[column][0]
    if column.endswith("_date") or column == "date":
        return "date"
    if column.endswith("_id"):
        return "int"
    return "float"


def make_column(rng: np.random.Generator, table: str | None, column: str, n: int,
                pools: dict[str, int]) -> pd.Series | np.ndarray | pd.Categorical:
    kind = column_kind(table, column)
    if PRIMARY_KEYS.get(table) == column and kind == "int":
        return np.arange(1, n + 1, dtype="int64")
    if kind in ("int", "Int64") and column.endswith("_id"):
        top = max(pools.get(column, 4), 1)
        values = rng.integers(1, top + 1, n).astype("int64")
        if kind == "Int64":
            arr = pd.array(values, dtype="Int64")
            arr[rng.random(n) < 0.3] = pd.NA
            return arr
        return values
    if kind in ("int", "Int64"):
        lo, hi = INT_RANGES.get(column, (0, 9))
        return rng.integers(lo, hi + 1, n).astype("int64")
    if kind == "float":
        values = np.round(rng.uniform(1, 200, n), 2)
        if column == "hours_to_resolve":
            values[rng.random(n) < 0.2] = np.nan
        return values
    if kind == "bool":
        return rng.random(n) < 0.5
    if kind == "date":
        days = rng.integers(0, (END_DATE - START).days + 1, n)
        return (START + pd.to_timedelta(days, unit="D")).astype("datetime64[ns]")
    if kind == "category":
        values = CATEGORY_VALUES.get((table, column), ["a", "b", "c"])
        ordered = column == "satisfaction"
        return pd.Categorical(rng.choice(values, n), categories=values, ordered=ordered)
    return pd.Series([f"{column} {i}" for i in range(1, n + 1)], dtype="str")


def make_table(rng: np.random.Generator, table: str | None, columns: list[str], n: int,
               pools: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({c: make_column(rng, table, c, n, pools) for c in columns})


def make_store(seed: int, sizes: dict[str, int],
               only: set[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the contract (or those in `only`), small and valid, with ids that
    join up."""
    rng = np.random.default_rng(seed)
    pools = {f"{PRIMARY_KEYS[t][:-3]}_id" if t in PRIMARY_KEYS else "": sizes.get(t, 4)
             for t in TABLES}
    pools.update({"customer_id": sizes["customers"], "order_id": sizes["orders"],
                  "product_id": sizes["products"], "campaign_id": sizes["campaigns"],
                  "prospect_id": sizes["prospects"], "referred_by": sizes["customers"]})
    tables = {}
    for name, cols in TABLES.items():
        if only is not None and name not in only and name != "customers":
            continue
        n = sizes.get(name, 4)
        if name == "defections":
            n = min(n, sizes["customers"])
        tables[name] = make_table(rng, name, list(cols), n, pools)
    if "benchmark" in tables:
        b = tables["benchmark"]
        b["company"] = pd.Series(["us"] + [f"rival {i}" for i in range(1, len(b))], dtype="str")
    return tables


# ---- how a user spoils a table -------------------------------------------------------------

MUTATIONS = ["drop_column", "rename_column", "wrong_type", "text_numbers", "empty",
             "no_columns", "nan", "negative", "absurd", "bad_dates", "duplicate_ids",
             "not_a_frame", "all_object", "none"]
BAD_SCALARS = [float("nan"), -1, 0, 1e12, float("inf"), "abc", None, [], -0.5, 1.5]


def mutate(df: pd.DataFrame, how: str, column: str | None, variant: int) -> object:
    """`df` spoiled in one way; `column` is the column it hits (if the way needs one)."""
    df = df.copy()
    if how == "none":
        return df
    if how == "drop_column" and column:
        return df.drop(columns=[column])
    if how == "rename_column" and column:
        return df.rename(columns={column: [column.upper(), column + "s", column.replace(
            "_", " ")][variant % 3]})
    if how == "wrong_type" and column:
        df[column] = pd.Series(["n/a", "twelve", "?", ""][variant % 4], index=df.index,
                               dtype=object)
        return df
    if how == "text_numbers" and column:       # a CSV read without parsing: text, still right
        df[column] = df[column].astype(str).astype(object)
        return df
    if how == "empty":
        return df.iloc[0:0]
    if how == "no_columns":
        return pd.DataFrame()
    if how == "nan" and column:
        s = df[column].astype(object)
        s.iloc[[i for i in range(len(s)) if i % 2 == variant % 2]] = None
        df[column] = s.astype(df[column].dtype) if _can_hold_missing(df[column]) else s
        return df
    if how == "negative" and column and pd.api.types.is_numeric_dtype(df[column]) \
            and not pd.api.types.is_bool_dtype(df[column]):
        df[column] = -df[column].abs() - 1
        return df
    if how == "absurd" and column and pd.api.types.is_numeric_dtype(df[column]) \
            and not pd.api.types.is_bool_dtype(df[column]):
        value = [1e308, float("inf"), -1e12, 2**62][variant % 4]
        df[column] = df[column].astype(float) if not isinstance(value, int) else df[column]
        df.loc[df.index[: max(1, len(df) // 2)], column] = value
        return df
    if how == "bad_dates" and column:
        s = df[column].astype(object)
        s.iloc[0] = ["not a date", "2024-13-45", "31/31/2024", "yesterday"][variant % 4]
        df[column] = s
        return df
    if how == "duplicate_ids":
        return pd.concat([df, df.iloc[:1]], ignore_index=True)
    if how == "not_a_frame":
        return [None, df.to_dict("list"), df.iloc[:, 0] if df.shape[1] else pd.Series(dtype=float),
                "orders.csv"][variant % 4]
    if how == "all_object":
        return df.astype(object)
    return df


def _can_hold_missing(s: pd.Series) -> bool:
    return (pd.api.types.is_float_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)
            or isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_extension_array_dtype(s)
            or pd.api.types.is_string_dtype(s))


# ---- the helpers and their arguments ---------------------------------------------------------

# Valid values of scalar parameters, by parameter name (any module).
SCALAR_VALUES = {
    "us": "us", "retention": 0.7, "margin": 100.0,
    "cost_per_level": {"basic": 0, "reactive": 5, "accountable": 20, "proactive": 60,
                       "full partnership": 300},
    "margin_by_year": [40.0, 55.0, 62.0], "lifetime_value": [8.0, 50.0, 1000.0],
    "extra_points": 0.05, "years": 3, "months": 12, "top": 0.2, "key": "customer_id",
    "end_date": END_DATE, "today": END_DATE, "as_of": END_DATE, "now": END_DATE,
    "survivors": [1000.0, 869.0, 743.0, 653.0],
}


@dataclass
class Param:
    name: str
    kind: str                   # "table", "series", "con", "store", "scalar"
    table: str | None = None    # for tables: the contract's table (None = unknown)
    required: bool = True
    default: object = None


@dataclass
class Helper:
    id: str
    func: Callable
    params: list[Param]
    draws: bool = False             # a chart: fewer inputs, figures closed after each call
    columns: dict[str, list[str]] = field(default_factory=dict)   # per table param

    @property
    def tables_needed(self) -> set[str] | None:
        """The contract's tables this helper reads (None: all of them)."""
        if any(p.kind in ("con", "store") for p in self.params):
            return None
        return {p.table for p in self.params if p.kind == "table" and p.table}


def _annotation_text(p: inspect.Parameter) -> str:
    ann = p.annotation
    if ann is inspect.Parameter.empty:
        return ""
    return ann if isinstance(ann, str) else getattr(ann, "__name__", str(ann))


def classify(p: inspect.Parameter) -> Param:
    ann = _annotation_text(p)
    required = p.default is inspect.Parameter.empty
    default = None if required else p.default
    table = p.name if p.name in TABLES else TABLE_ALIASES.get(p.name)
    if p.name == "con" or "Connection" in ann:
        return Param(p.name, "con", None, required, default)
    if p.name == "store" or "Store" in ann:
        return Param(p.name, "store", None, required, default)
    if "DataFrame" in ann or (table and not ann):
        return Param(p.name, "table", table, required, default)
    if "Series" in ann:
        return Param(p.name, "series", None, required, default)
    return Param(p.name, "scalar", None, required, default)


def _module_names() -> list[str]:
    import pkgutil

    names = list(ANALYSIS_MODULES)
    for package in FIGURE_PACKAGES:
        pkg = importlib.import_module(f"crm_lessons.{package}")
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)
                  if m.name != "style" and not m.name.startswith("_")]
    return names


def discover_helpers() -> tuple[list[Helper], list[str]]:
    """Every public function of the analysis modules that exist (and of the chart and
    explorer modules); and the analysis modules missing."""
    helpers, missing = [], []
    for name in _module_names():
        try:
            module = importlib.import_module(f"crm_lessons.{name}")
        except ModuleNotFoundError:
            missing.append(name)
            continue
        names = getattr(module, "__all__", None) or [n for n in vars(module) if n[0] != "_"]
        for n in names:
            f = getattr(module, n, None)
            # a package's helpers live in its files and are re-exported by its __init__
            if not inspect.isfunction(f) or not (f.__module__ == module.__name__ or
                                                 f.__module__.startswith(module.__name__ + ".")):
                continue
            if n.endswith("_explorer"):
                continue
            if name.startswith("data.") and not n.startswith("load_"):
                continue            # writers and command-line glue, not helpers for students
            sig = inspect.signature(f)
            if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in sig.parameters.values()):
                continue
            params = [classify(p) for p in sig.parameters.values()]
            helpers.append(Helper(f"{name}.{n}", f, params, draws=name.startswith("plots.")))
    return helpers, missing


# ... and where the same name means something else elsewhere, by helper and parameter.
HELPER_VALUES = {
    ("suggest_relationship_level", "number_of_customers"): "many",
    ("suggest_relationship_level", "margin"): "low",
}


def fitted_models() -> dict[tuple[str, str], object]:
    """A fitted model for the `model` parameter of each lifetime-value diagnostic (so that the
    fuzzing reaches the checks of its other arguments)."""
    from crm_lessons import clv

    purchase = clv.BGNBD({"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.4}, -9582.4, 2357, True,
                         "W")
    out = {(name, "model"): purchase for name in (
        "repeat_count_table", "holdout_table", "tracking_table", "alive_matrix",
        "expected_matrix")}
    out[("survival_table", "model")] = clv.SBG({"alpha": 0.67, "beta": 3.8}, -1611.2, 1000,
                                               True, (1000.0, 869.0, 743.0))
    return out


HELPER_VALUES.update(fitted_models())


def scalar_value(p: Param, tables: dict[str, pd.DataFrame], helper: str = "") -> object:
    if not p.required:
        return p.default
    if (helper, p.name) in HELPER_VALUES:
        return HELPER_VALUES[(helper, p.name)]
    if p.name in SCALAR_VALUES:
        return SCALAR_VALUES[p.name]
    n = p.name.lower()
    if any(w in n for w in ("rate", "share", "prob", "fraction", "quantile")):
        return 0.5
    if "date" in n:
        return END_DATE
    if any(w in n for w in ("column", "col", "by")):
        return "customer_id"
    if any(w in n for w in ("n_", "number", "count", "periods", "k")):
        return 3
    return 10.0


def store_namespace(tables: dict[str, pd.DataFrame]) -> SimpleNamespace:
    ns = SimpleNamespace(**{k: v for k, v in tables.items() if k in schema.STORE_TABLES})
    ns.end_date = END_DATE
    ns.seed = 0
    ns.connect = lambda: to_sqlite(tables)
    return ns


def to_sqlite(tables: dict[str, object]) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    for name, df in tables.items():
        if isinstance(df, pd.DataFrame) and df.shape[1]:
            try:
                df.to_sql(name, con, index=False)
            except (sqlite3.Error, pd.errors.DatabaseError, TypeError, ValueError):
                # a spoiled table sqlite cannot store as it is: store it as text, as a
                # spreadsheet import would
                con.execute(f'DROP TABLE IF EXISTS "{name}"')
                df.astype(str).to_sql(name, con, index=False)
    return con


MISSING_COLUMN = re.compile(r"has no column '([^']+)'")


def learn_columns(helper: Helper, tables: dict[str, pd.DataFrame]) -> None:
    """For table parameters the contract does not name (e.g. `tasks`, `left`), learn the
    columns the helper asks for from its own "has no column" messages."""
    from crm_lessons.errors import CRMDataError

    unknown = [p for p in helper.params if p.kind == "table" and p.table is None]
    for p in helper.params:
        if p.kind == "table" and p.table is not None:
            helper.columns.setdefault(p.name, list(TABLES[p.table]))
    for p in unknown:
        helper.columns.setdefault(p.name, [])
    if not unknown:
        return
    rng = np.random.default_rng(0)
    for _ in range(12):
        args = build_args(helper, tables, rng)
        try:
            helper.func(**args)
            return
        except CRMDataError as exc:
            m = MISSING_COLUMN.search(str(exc))
            if not m:
                return
            column = m.group(1)
            target = next((p for p in unknown if str(exc).startswith(p.name)
                           or f"{p.name} has no column" in str(exc)), None)
            if target is None or column in helper.columns[target.name]:
                return
            helper.columns[target.name].append(column)
        except Exception:  # noqa: BLE001 - the fuzz test itself reports these
            return


def build_args(helper: Helper, tables: dict[str, pd.DataFrame],
               rng: np.random.Generator) -> dict[str, object]:
    args: dict[str, object] = {}
    for p in helper.params:
        if p.kind == "table":
            if p.table is not None:
                args[p.name] = tables[p.table].copy()
            else:
                cols = helper.columns.get(p.name, [])
                n = len(tables["customers"])
                args[p.name] = make_table(rng, None, cols, n,
                                          {"customer_id": n, "order_id": n})
        elif p.kind == "series":
            args[p.name] = pd.Series(SCALAR_VALUES.get(p.name, [10.0, 20.0, 30.0]), dtype=float)
        elif p.kind == "con":
            args[p.name] = to_sqlite(tables)
        elif p.kind == "store":
            args[p.name] = store_namespace(tables)
        elif p.required:
            args[p.name] = scalar_value(p, tables, helper.func.__name__)
    return args


def is_number(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def finite_or_nan(x) -> bool:
    return not (is_number(x) and math.isinf(float(x)))


__all__ = [n for n in dir() if not n.startswith("_") and n not in {"typing"}]
