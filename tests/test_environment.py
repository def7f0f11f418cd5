"""environment.yml (conda, Binder) and pyproject.toml must name the same runtime packages."""

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_dependencies() -> set[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {_name(r) for r in data["project"]["dependencies"]}


def environment_dependencies() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names = set()
    for dep in env["dependencies"]:
        if isinstance(dep, str) and _name(dep) not in {"pip", "python"}:
            names.add(_name(dep))
    return names


def test_environment_yml_names_the_same_packages_as_pyproject():
    py, env = pyproject_dependencies(), environment_dependencies()
    assert py == env, (
        f"only in pyproject.toml: {sorted(py - env)}; only in environment.yml: {sorted(env - py)}"
    )


def test_environment_installs_the_course_itself():
    assert re.search(r"^\s+-\s+-e\s+\.\s*$", (ROOT / "environment.yml").read_text(), re.M)


def test_comparison_notices_a_missing_package(tmp_path):
    # The check must be able to fail: drop scipy from a copy of environment.yml.
    (tmp_path / "environment.yml").write_text(
        (ROOT / "environment.yml").read_text().replace("  - scipy>=1.11\n", "")
    )
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    globals()["ROOT"] = tmp_path
    try:
        assert pyproject_dependencies() - environment_dependencies() == {"scipy"}
    finally:
        globals()["ROOT"] = Path(__file__).resolve().parents[1]
