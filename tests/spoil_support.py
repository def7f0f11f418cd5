"""Ways to spoil a copy of the shipped store, each with what the doctor must name: the table,
the column ('' for the whole table), the CSV lines of the first offending rows, and the check
entry (a CSV file or store.sqlite) it appears under. Shared by tests/data/test_validate.py
and tests/test_doctor.py."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd


def edit_csv(path: Path, change: Callable[[pd.DataFrame], None]) -> None:
    """Rewrite a store CSV after `change` edits its cells in place (all read as text)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(df)
    df.to_csv(path, index=False, lineterminator="\n")


def duplicate_ids(store: Path) -> None:
    """100 customers get the id of another customer (rows 100..199 copy rows 0..99)."""
    def change(df):
        df.loc[100:199, "customer_id"] = df.loc[0:99, "customer_id"].to_numpy()
    edit_csv(store / "customers.csv", change)


def negative_quantities(store: Path) -> None:
    def change(df):
        df["quantity"] = "-" + df["quantity"]
    edit_csv(store / "order_lines.csv", change)


def unknown_customer(store: Path) -> None:
    """Order on line 6 of orders.csv (the fifth order) by customer 999999, who does not exist."""
    def change(df):
        df.loc[4, "customer_id"] = "999999"
    edit_csv(store / "orders.csv", change)


def swapped_returns(store: Path) -> None:
    def change(df):
        df[["quantity", "returned_quantity"]] = df[["returned_quantity", "quantity"]].to_numpy()
    edit_csv(store / "order_lines.csv", change)


def header_only_customers(store: Path) -> None:
    path = store / "customers.csv"
    path.write_text(path.read_text().split("\n", 1)[0] + "\n")


def emptied_sqlite_table(store: Path) -> None:
    con = sqlite3.connect(store / "store.sqlite")
    con.execute("DELETE FROM tickets")
    con.commit()
    con.close()


def out_of_range_date_and_score(store: Path) -> None:
    """The third order dated after the data's last day; the fourth survey's recommend 11."""
    def late(df):
        df.loc[2, "order_date"] = "2031-01-01"

    def score(df):
        df.loc[3, "recommend"] = "11"
    edit_csv(store / "orders.csv", late)
    edit_csv(store / "surveys.csv", score)


@dataclass(frozen=True)
class Spoil:
    spoil: Callable[[Path], None]
    table: str
    column: str
    lines: tuple[int, ...]
    entry: str            # the doctor's check that names it

    @property
    def where(self) -> str:
        return f"{self.table}.{self.column}" if self.column else self.table


SPOILS = {
    "100 duplicate customer ids": Spoil(duplicate_ids, "customers", "customer_id",
                                        (102, 103, 104), "data/store/customers.csv"),
    "every quantity negative": Spoil(negative_quantities, "order_lines", "quantity",
                                     (2, 3, 4), "data/store/order_lines.csv"),
    "an order of a customer who does not exist": Spoil(unknown_customer, "orders",
                                                       "customer_id", (6,),
                                                       "data/store/orders.csv"),
    "quantity and returned quantity swapped": Spoil(swapped_returns, "order_lines",
                                                    "returned_quantity", (2, 3, 4),
                                                    "data/store/order_lines.csv"),
    "a header-only customers.csv": Spoil(header_only_customers, "customers", "", (),
                                         "data/store/customers.csv"),
    "an emptied table in store.sqlite": Spoil(emptied_sqlite_table, "tickets", "", (),
                                              "data/store/store.sqlite"),
}
