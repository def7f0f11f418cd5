"""The course's data sets: the store (synthetic), CDNOW (real), the hospital case.

- ``load_store(seed=None) -> Store``: the Steep & Grind store, store.customers, store.orders,
  ... (crm_lessons.schema), store.connect() (sqlite3), store.seed, store.end_date. Shipped
  data, or a variant per seed (also env CRM_LESSONS_SEED); cached per seed, each call gets
  its own copy.
- ``generate_store(seed=DEFAULT_SEED, customers=5000)``: simulate the store in memory.
- ``write_store(tables, outdir)``: the CSV files and store.sqlite; ``read_store_table``.
- ``load_cdnow(sample=True)``: the real CDNOW purchases (customer_id, date, cds, amount).
- ``load_donations()``: the donations summary of the BG/BB model (frequency, recency,
  periods, weights).
- ``load_hospital()``, ``generate_hospital()``, ``write_hospital(outdir)``: the capstone case.
- ``validate_store(tables)``: the problems of a store's contents against the schema (types,
  keys, ranges, empty tables), each naming the table, column, first rows and fix.
- ``check_data_files()``: used by `crm-lessons doctor`.
"""

from crm_lessons.data.cdnow import CDNOW_FILES, CDNOW_FIX, load_cdnow
from crm_lessons.data.checks import check_data_files
from crm_lessons.data.donations import DONATIONS_FIX, load_donations
from crm_lessons.data.hospital import generate_hospital, load_hospital, write_hospital
from crm_lessons.data.hospital_schema import (
    COMMON_TREND,
    COMPARISON_HOSPITAL,
    CONTACT_AREAS,
    HOSPITAL_FIX,
    HOSPITAL_SEED,
    HOSPITAL_TABLES,
    PROGRAM_EFFECT,
    PROGRAM_HOSPITAL,
)
from crm_lessons.data.simulate.params import (
    DEFAULT_CUSTOMERS,
    DEFAULT_SEED,
    END_DATE,
    START_DATE,
    WINBACK_LAPSE_DAYS,
)
from crm_lessons.data.store import Store, generate_store, load_store
from crm_lessons.data.store_io import read_store_table, write_store
from crm_lessons.data.tables import (
    CATEGORY_LEVELS,
    FOREIGN_KEYS,
    PRIMARY_KEYS,
    STORE_FIX,
)
from crm_lessons.data.validate import Problem, validate_store
from crm_lessons.schema import COMPANY

__all__ = [
    "CATEGORY_LEVELS", "CDNOW_FILES", "CDNOW_FIX", "COMMON_TREND", "COMPANY",
    "COMPARISON_HOSPITAL", "CONTACT_AREAS", "DEFAULT_CUSTOMERS", "DONATIONS_FIX", "DEFAULT_SEED", "END_DATE",
    "FOREIGN_KEYS", "HOSPITAL_FIX", "HOSPITAL_SEED", "HOSPITAL_TABLES", "PRIMARY_KEYS",
    "PROGRAM_EFFECT", "PROGRAM_HOSPITAL", "Problem", "START_DATE", "STORE_FIX", "Store",
    "WINBACK_LAPSE_DAYS", "check_data_files", "generate_hospital", "generate_store",
    "load_cdnow", "load_donations", "load_hospital", "load_store", "read_store_table", "write_hospital",
    "validate_store", "write_store",
]
