"""What the data files hold beyond the column lists of crm_lessons.schema: the levels of
every categorical column, the keys, the SQL types and which columns may be empty."""

from __future__ import annotations

import shlex
from pathlib import Path

from crm_lessons.data.hospital_schema import (
    COMPARISON_HOSPITAL,
    DEPARTMENTS,
    HOSPITAL_TABLES,
    PERIODS,
    PROGRAM_HOSPITAL,
)
from crm_lessons.data.simulate.params import (
    CAMPAIGN_CHANNELS,
    ORDER_CHANNELS,
    PRODUCTS,
    TICKET_CHANNELS,
    TICKET_TOPICS,
)
from crm_lessons.paths import PROJECT_DIR
from crm_lessons.schema import (
    AGE_BANDS,
    CAMPAIGN_TYPES,
    CHANNELS,
    DEFECTION_REASONS,
    OFFERS,
    REGIONS,
    SATISFACTION_GRADES,
    STORE_TABLES,
    SUBSCRIPTION_PLANS,
)

STORE_FIX = ("run `crm-lessons make-data --force data/store` (or `git checkout -- data/store`) "
             "to restore it")
# the levels of every categorical column, so generated and loaded tables are identical
CATEGORY_LEVELS: dict[tuple[str, str], list[str]] = {
    ("customers", "channel"): CHANNELS,
    ("customers", "region"): REGIONS,
    ("customers", "age_band"): AGE_BANDS,
    ("prospects", "source"): CHANNELS,
    ("products", "category"): list(dict.fromkeys(p[1] for p in PRODUCTS)),
    ("orders", "channel"): ORDER_CHANNELS,
    ("campaigns", "type"): CAMPAIGN_TYPES,
    ("campaigns", "offer"): OFFERS,
    ("campaigns", "channel"): CAMPAIGN_CHANNELS,
    ("contacts", "group"): ["treatment", "control"],
    ("tickets", "channel"): TICKET_CHANNELS,
    ("tickets", "topic"): TICKET_TOPICS,
    ("surveys", "satisfaction"): SATISFACTION_GRADES,
    ("defections", "reason"): DEFECTION_REASONS,
    ("subscriptions", "plan"): SUBSCRIPTION_PLANS,
    ("patients", "hospital"): [PROGRAM_HOSPITAL, COMPARISON_HOSPITAL],
    ("patients", "period"): PERIODS,
    ("patients", "department"): DEPARTMENTS,
    ("patients", "age_band"): AGE_BANDS,
}
ORDERED_CATEGORIES = {("surveys", "satisfaction"), ("patients", "period")}
PRIMARY_KEYS = {
    "customers": ["customer_id"], "prospects": ["prospect_id"], "products": ["product_id"],
    "orders": ["order_id"], "order_lines": ["order_id", "product_id"],
    "campaigns": ["campaign_id"], "contacts": ["contact_id"], "tickets": ["ticket_id"],
    "surveys": ["survey_id"], "defections": ["customer_id"], "benchmark": ["company"],
    "subscriptions": ["subscription_id"],
}
FOREIGN_KEYS = {
    "customers": [("referred_by", "customers", "customer_id")],
    "prospects": [("customer_id", "customers", "customer_id")],
    "orders": [("customer_id", "customers", "customer_id"),
               ("campaign_id", "campaigns", "campaign_id")],
    "order_lines": [("order_id", "orders", "order_id"), ("product_id", "products", "product_id")],
    "contacts": [("campaign_id", "campaigns", "campaign_id"),
                 ("customer_id", "customers", "customer_id"),
                 ("prospect_id", "prospects", "prospect_id"), ("order_id", "orders", "order_id")],
    "tickets": [("customer_id", "customers", "customer_id")],
    "surveys": [("customer_id", "customers", "customer_id")],
    "defections": [("customer_id", "customers", "customer_id")],
    "subscriptions": [("customer_id", "customers", "customer_id")],
}
# tables in an order where every foreign key points to a table created before it
TABLE_ORDER = ["customers", "products", "campaigns", "prospects", "orders", "order_lines",
               "contacts", "tickets", "surveys", "defections", "benchmark",
               "subscriptions"]
SQL_TYPES = {"int": "INTEGER", "Int64": "INTEGER", "float": "REAL", "bool": "INTEGER",
             "date": "TEXT", "category": "TEXT", "str": "TEXT"}
# columns that may be empty although their kind is not "Int64"
NULLABLE = {("customers", "loyalty_join_date"), ("tickets", "hours_to_resolve"),
            ("subscriptions", "end_date")}


def table_spec(table: str) -> dict[str, tuple[str, str]]:
    """The columns of a store or hospital table: name -> (kind, meaning).

    >>> list(table_spec("products"))[:2]
    ['product_id', 'name']
    """
    return STORE_TABLES.get(table) or HOSPITAL_TABLES[table]


def is_nullable(table: str, column: str) -> bool:
    """Whether `table.column` may hold empty cells.

    >>> is_nullable("customers", "referred_by"), is_nullable("customers", "customer_id")
    (True, False)
    """
    return table_spec(table)[column][0] == "Int64" or (table, column) in NULLABLE


def store_fix(folder: Path) -> str:
    """The fix for a spoiled store in `folder`: STORE_FIX for the course's own data/store,
    else the make-data command for that folder.

    >>> store_fix(Path("/tmp/my data/store"))
    "run `crm-lessons make-data --force '/tmp/my data/store'` to restore it"
    """
    if Path(folder) == PROJECT_DIR / "data" / "store":
        return STORE_FIX
    return f"run `crm-lessons make-data --force {shlex.quote(str(folder))}` to restore it"
