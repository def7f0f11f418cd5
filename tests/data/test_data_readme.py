"""crm_lessons.data.readme: the READMEs shipped with the data are the ones written from it."""

import subprocess
import sys

import pandas as pd

from crm_lessons.data import (
    generate_hospital,
    load_hospital,
)
from crm_lessons.make_data import hospital_readme_for
from crm_lessons.paths import data_dir


def test_hospital_file_and_readme_match_the_generator():
    folder = data_dir() / "hospital"
    pd.testing.assert_frame_equal(load_hospital(), generate_hospital(), check_exact=True)
    text = (folder / "README.md").read_text()
    assert text == hospital_readme_for(load_hospital())


def test_the_store_readme_is_written_from_the_data_and_its_findings():
    from crm_lessons import develop
    from crm_lessons.data import load_store
    from crm_lessons.data.readme import store_readme
    from crm_lessons.findings import measure_findings

    store = load_store()
    pairs = develop.pair_lift(store.order_lines, min_orders=50, products=store.products)
    findings = measure_findings(store)
    text = store_readme(store, findings, pairs)
    assert text == (data_dir() / "store" / "README.md").read_text()
    findings["cost_ratio"] += 1.0            # another figure gives another text
    assert store_readme(store, findings, pairs) != text


def test_the_readme_writer_imports_no_element_module():
    code = ("import sys, crm_lessons.data.readme\n"
            "print(','.join(m for m in ('goals', 'identify', 'attract', 'retain', 'develop', "
            "'value', 'clv', 'findings') if 'crm_lessons.' + m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    probe = subprocess.run([sys.executable, "-c", "import sys, crm_lessons.make_data; "
                            "print('crm_lessons.retain' in sys.modules)"],
                           capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "True"      # the probe sees an element module when one is loaded
