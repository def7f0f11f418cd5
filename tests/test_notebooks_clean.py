"""Lessons are committed clean (no outputs, no execution counts, no widget state) and carry
kernelspec metadata, so JupyterLab opens them without a "Select Kernel" dialog."""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; clear them"
    assert "widgets" not in nb.get("metadata", {}), f"{path.name}: widget state is saved; clear it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_python3_kernelspec(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    spec = nb.get("metadata", {}).get("kernelspec", {})
    assert spec.get("name") == "python3" and spec.get("language") == "python", (
        f"{path.name}: kernelspec metadata must name the python3 kernel, got {spec!r}"
    )
