"""`crm-lessons clv`: from a transaction file to one score per customer, on a small file, with
the bad-input cases an analyst meets."""

import sqlite3

import numpy as np
import pandas as pd
import pytest

from crm_lessons.cli import main
from crm_lessons.clv import fit_bgnbd, fit_gamma_gamma, lifetime_value, purchase_summary
from crm_lessons.clv.summary_sql import summary_sql
from crm_lessons.data import load_cdnow

CAL = "1997-09-30"


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow()[["customer_id", "date", "amount"]]


@pytest.fixture()
def cdnow_csv(cdnow, tmp_path):
    path = tmp_path / "tx.csv"
    cdnow.to_csv(path, index=False)
    return path


def _run(*argv):
    return main(["clv", *map(str, argv)])


COLS = ("--customer-col", "customer_id", "--date-col", "date", "--amount-col", "amount")


def test_scores_match_the_package_functions(cdnow, cdnow_csv, tmp_path, capsys):
    out = tmp_path / "scores.csv"
    assert _run(cdnow_csv, *COLS, "--calibration-end", CAL, "--out", out) == 0
    report = capsys.readouterr().out
    assert "6,919 transactions read, none rejected" in report and "hold-out" in report
    # the published CDNOW estimates, each with its 95% interval
    assert all(p in report for p in ("r=0.243 [", "alpha=4.41 [", "a=0.793 [", "b=2.43 ["))
    got = pd.read_csv(out).set_index("customer_id").sort_index()
    s = purchase_summary(cdnow, calibration_end=CAL)
    bg, gg = fit_bgnbd(s), fit_gamma_gamma(s)
    want = lifetime_value(bg, gg, s, months=12, discount_rate=0.01)
    assert len(got) == len(s) == 2357
    np.testing.assert_allclose(got["clv"].to_numpy(), want.to_numpy(), rtol=1e-5)
    np.testing.assert_allclose(got["probability_alive"].to_numpy(),
                               bg.probability_alive(s).to_numpy(), rtol=1e-5)


def test_parquet_folder_in_and_parquet_out(cdnow, tmp_path, capsys):
    folder = tmp_path / "parts"
    folder.mkdir()
    import duckdb

    con = duckdb.connect()
    for i, part in enumerate(np.array_split(np.arange(len(cdnow)), 3)):
        con.register("part", cdnow.iloc[part])
        con.execute(f"COPY part TO '{folder / f'p{i}.parquet'}' (FORMAT PARQUET)")
    out = tmp_path / "scores.parquet"
    assert _run(folder, *COLS, "--out", out) == 0
    scores = con.execute(f"SELECT * FROM read_parquet('{out}')").df()
    assert len(scores) == cdnow["customer_id"].nunique()
    assert np.isfinite(scores["clv"]).all()


def test_a_missing_column_names_the_columns_the_file_has(cdnow_csv, tmp_path, capsys):
    assert _run(cdnow_csv, "--customer-col", "cust", "--date-col", "date", "--amount-col",
                "amount", "--out", tmp_path / "s.csv") == 1
    err = capsys.readouterr().err
    assert "no column 'cust'" in err and "customer_id, date, amount" in err
    assert not (tmp_path / "s.csv").exists()


def test_bad_rows_stop_the_run_unless_skipped(cdnow, tmp_path, capsys):
    tx = cdnow.astype({"date": str, "amount": str}).copy()
    tx.loc[3, "date"] = "31/02/1997"
    tx.loc[5, "amount"] = "-4.0"
    tx.loc[8, "amount"] = "twelve"
    path = tmp_path / "bad.csv"
    tx.to_csv(path, index=False)
    out = tmp_path / "s.csv"
    assert _run(path, *COLS, "--out", out) == 1
    err = capsys.readouterr().err
    assert "3 of 6,919 rows cannot be used" in err
    assert "1 negative amount" in err and "1 date not readable" in err and "'twelve'" in err
    assert "--skip-bad-rows" in err and not out.exists()
    assert _run(path, *COLS, "--out", out, "--skip-bad-rows") == 0
    assert "3 rejected and skipped" in capsys.readouterr().out and out.exists()


def test_bad_rows_are_counted_by_reason_most_first_then_by_name(cdnow, tmp_path, capsys):
    tx = cdnow.astype({"customer_id": str, "date": str, "amount": str}).copy()
    tx.loc[[5, 6], "amount"] = "-4.0"
    tx.loc[3, "date"] = "31/02/1997"
    tx.loc[8, "amount"] = "twelve"
    tx.loc[11, "customer_id"] = ""
    path = tmp_path / "bad.csv"
    tx.to_csv(path, index=False)
    assert _run(path, *COLS, "--out", tmp_path / "s.csv", "--skip-bad-rows") == 0
    out = capsys.readouterr().out
    assert ("5 rejected and skipped (2 negative amount; 1 amount not a number; "
            "1 date not readable; 1 no customer id)") in out


def test_an_existing_out_is_never_replaced_without_force(cdnow_csv, tmp_path, capsys):
    out = tmp_path / "s.csv"
    out.write_text("my earlier scores")
    assert _run(cdnow_csv, *COLS, "--out", out) == 1
    assert out.read_text() == "my earlier scores" and "--force" in capsys.readouterr().err
    assert _run(cdnow_csv, *COLS, "--out", out, "--force") == 0
    assert out.read_text().startswith("customer_id,")


def test_a_ready_summary_needs_its_unit(cdnow, tmp_path, capsys):
    s = purchase_summary(cdnow, calibration_end=CAL, freq="D")
    path = tmp_path / "summary.csv"
    s.to_csv(path)
    assert _run("--summary", path, "--out", tmp_path / "a.csv") == 2
    assert "--unit is needed" in capsys.readouterr().err
    assert _run("--summary", path, "--unit", "D", "--out", tmp_path / "a.csv") == 0
    got = pd.read_csv(tmp_path / "a.csv")
    bg, gg = fit_bgnbd(s), fit_gamma_gamma(s)
    np.testing.assert_allclose(got["clv"].to_numpy(),
                               lifetime_value(bg, gg, s, months=12).to_numpy(), rtol=1e-4)


@pytest.mark.parametrize("argv, message", [
    ([], "give the TRANSACTIONS"),
    (["x.csv", *COLS], "--out is needed"),
    (["x.csv", *COLS, "--out", "s.xlsx"], ".csv or .parquet"),
    (["x.csv", "--out", "s.csv"], "name the columns"),
    (["x.csv", *COLS, "--out", "s.csv", "--margin", "0"], "--margin"),
    (["x.csv", *COLS, "--out", "s.csv", "--discount-rate", "1.5"], "--discount-rate"),
    (["nowhere.csv", *COLS, "--out", "s.csv"], "does not exist"),
])
def test_bad_arguments_get_one_message(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run(*argv) in (1, 2)
    assert message in capsys.readouterr().err


def test_printed_sql_gives_the_package_summary_in_sqlite(cdnow, capsys):
    assert main(["clv", "--print-sql", "sqlite", "--calibration-end", CAL]) == 0
    query = capsys.readouterr().out
    con = sqlite3.connect(":memory:")
    cdnow.assign(date=cdnow["date"].dt.strftime("%Y-%m-%d")).to_sql("transactions", con,
                                                                   index=False)
    got = pd.read_sql(query, con).set_index("customer_id")
    want = purchase_summary(cdnow, calibration_end=CAL)
    np.testing.assert_allclose(got[want.columns].to_numpy(), want.to_numpy(), atol=1e-9)


def test_summary_sql_in_duckdb_with_holdout_matches(cdnow):
    import duckdb

    con = duckdb.connect()
    con.register("tx", cdnow)
    q = summary_sql("tx", calibration_end=CAL, observation_end="1998-06-30", unit="D")
    got = con.execute(q).df().set_index("customer_id")
    want = purchase_summary(cdnow, calibration_end=CAL, observation_end="1998-06-30", freq="D")
    np.testing.assert_allclose(got[want.columns].to_numpy(), want.to_numpy(), atol=1e-9)


def test_score_chunk_gives_the_same_scores_chunk_by_chunk(cdnow):
    from crm_lessons.clv.scoring import score_chunk

    s = purchase_summary(cdnow, calibration_end=CAL)
    bg, gg = fit_bgnbd(s), fit_gamma_gamma(s)
    params = {"model": "bgnbd", "unit": "W", "purchase": bg.params, "spend": gg.params}
    whole = score_chunk(s, params)
    parts = pd.concat([score_chunk(s.iloc[i:i + 500], params) for i in range(0, len(s), 500)])
    np.testing.assert_allclose(parts["clv"].to_numpy(), whole["clv"].to_numpy())
    with pytest.raises(Exception, match="model 'tree' is not known"):
        score_chunk(s, {**params, "model": "tree"})


@pytest.mark.parametrize("model", ["pareto", "mbgnbd"])
def test_the_other_purchase_models_score_too(cdnow_csv, tmp_path, capsys, model):
    out = tmp_path / "s.csv"
    assert _run(cdnow_csv, *COLS, "--model", model, "--out", out) == 0
    scores = pd.read_csv(out)
    assert len(scores) == 23570 or len(scores) == 2357
    assert np.isfinite(scores["clv"]).all() and (scores["probability_alive"] <= 1).all()


def test_the_report_page_holds_the_diagnostics_offline(cdnow_csv, tmp_path, capsys):
    out, report = tmp_path / "s.csv", tmp_path / "report.html"
    assert _run(cdnow_csv, *COLS, "--calibration-end", CAL, "--out", out,
                "--report", report) == 0
    page = report.read_text()
    assert page.count("data:image/png;base64,") == 4  # counts, hold-out, two heat maps
    assert "http://" not in page and "https://" not in page  # nothing fetched from the net
    assert 'alt="' in page and "hold-out" in page and "Gamma-Gamma" in page
    assert _run(cdnow_csv, *COLS, "--out", tmp_path / "t.csv", "--report", report) == 1
    assert "--force" in capsys.readouterr().err
    assert _run(cdnow_csv, *COLS, "--out", tmp_path / "u.csv", "--report", "r.pdf") == 2


def test_the_typed_read_and_the_text_read_give_the_same_scores(cdnow, cdnow_csv, tmp_path,
                                                               capsys):
    """A clean CSV is read with typed columns; one unreadable date sends the whole file through
    the slower read as text, which counts the bad rows: the other customers score the same."""
    tx = cdnow.astype({"date": str}).copy()
    tx.loc[3, "date"] = "not a day"
    bad = tmp_path / "bad.csv"
    tx.to_csv(bad, index=False)
    typed, text = tmp_path / "typed.csv", tmp_path / "text.csv"
    assert _run(cdnow_csv, *COLS, "--out", typed, "--calibration-end", CAL) == 0
    assert _run(bad, *COLS, "--out", text, "--calibration-end", CAL, "--skip-bad-rows") == 0
    assert "1 rejected and skipped (1 date not readable)" in capsys.readouterr().out
    a, b = (pd.read_csv(p).set_index("customer_id") for p in (typed, text))
    other = a.index.difference([tx.loc[3, "customer_id"]])
    np.testing.assert_allclose(b.loc[other, ["frequency", "recency", "T", "monetary_value"]],
                               a.loc[other, ["frequency", "recency", "T", "monetary_value"]])
    assert len(other) == len(a) - 1


def test_running_out_of_the_memory_limit_says_how_to_raise_it(cdnow_csv, tmp_path, capsys,
                                                              monkeypatch):
    """At 100 million rows the default 1GB limit is too small: one message with its fix."""
    import duckdb

    import crm_lessons.clv_command as command

    def out_of_memory(args):
        raise duckdb.OutOfMemoryException("could not allocate block of size 256.0 KiB")

    monkeypatch.setattr(command, "run_clv", out_of_memory)
    out = tmp_path / "s.csv"
    assert _run(cdnow_csv, *COLS, "--out", out, "--memory-limit", "2GB") == 1
    err = capsys.readouterr().err
    assert "more than --memory-limit 2GB" in err and "--memory-limit 4GB" in err
    assert "Traceback" not in err and not out.exists()

    def other_error(args):
        raise duckdb.BinderException("no such column")

    monkeypatch.setattr(command, "run_clv", other_error)
    assert _run(cdnow_csv, *COLS, "--out", out) != 0  # only the memory error gets this advice
    assert "--memory-limit" not in capsys.readouterr().err
