"""Lessons are committed clean (no outputs, no execution counts, no widget state) and carry
kernelspec metadata, so JupyterLab opens them without a "Select Kernel" dialog."""

import json
from pathlib import Path

import pytest

# the lessons, and the final project's template and model project in notebooks/project/
NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")) + sorted(
    (Path(__file__).resolve().parents[1] / "notebooks" / "project").glob("*.ipynb"))


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


def test_start_page_promises_only_what_is_there():
    """00_start_here must never link a lesson or name a data set that is not in the course."""
    import re

    root = Path(__file__).resolve().parents[1]
    nb = json.loads((root / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", text):
        assert (root / "notebooks" / target).is_file(), f"00_start_here links {target}, which is missing"
    for folder in re.findall(r"^- \*\*(\w+)\*\*:", text, re.M):
        assert (root / "data" / folder).is_dir(), f"00_start_here describes data/{folder}, which is missing"
