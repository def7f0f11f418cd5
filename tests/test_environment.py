"""environment.yml (conda, Binder) and pyproject.toml must install the same packages: the
runtime dependencies, and the dev extra (pytest, nbval, ...) so that a conda or Binder user can
run the test suite the README describes, as a pip user of `pip install -e ".[dev]"` can.

conda-forge cannot be reached from the tests, so they compare the two files; they do not
build the environment."""

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
EXTRAS = ("dev",)          # the extras both routes must install


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_dependencies(extra: str | None = None, root: Path | None = None) -> set[str]:
    """The package names of pyproject.toml's runtime dependencies, or of one extra."""
    project = tomllib.loads(((root or ROOT) / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return {_name(r) for r in reqs}


def _environment(root: Path | None) -> tuple[list[str], list[str]]:
    """environment.yml's conda packages and its pip section."""
    env = yaml.safe_load(((root or ROOT) / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [p for d in env["dependencies"] if isinstance(d, dict) for p in d.get("pip", [])]
    return conda, pip


def environment_dependencies(root: Path | None = None) -> set[str]:
    """The package names environment.yml takes from conda-forge (pip and python aside)."""
    conda, _ = _environment(root)
    return {_name(d) for d in conda} - {"pip", "python"}


def installed_extras(root: Path | None = None) -> set[str]:
    """The extras of the course itself that environment.yml's pip section installs
    (`-e .[dev]` gives {"dev"})."""
    _, pip = _environment(root)
    found = set()
    for entry in pip:
        m = re.fullmatch(r"\s*(?:-e\s+)?\.(?:\[([^\]]*)\])?\s*", entry)
        if m and m.group(1):
            found |= {e.strip() for e in m.group(1).split(",")}
    return found


def environment_installs(root: Path | None = None) -> set[str]:
    """Every package name environment.yml brings: conda packages, pip packages by name, and
    the packages of the course's extras installed with it."""
    _, pip = _environment(root)
    named = {_name(p) for p in pip if not re.match(r"\s*(-e\s+)?\.", p)}
    from_extras = set().union(*(pyproject_dependencies(e, root) for e in installed_extras(root)))
    return environment_dependencies(root) | named | from_extras


def missing_from_environment(extra: str, root: Path | None = None) -> set[str]:
    return pyproject_dependencies(extra, root) - environment_installs(root)


def pip_named(root: Path | None = None) -> set[str]:
    """The packages environment.yml's pip section names (the course itself aside): packages
    that conda-forge does not carry under their pip name, such as duckdb."""
    _, pip = _environment(root)
    return {_name(p) for p in pip if not re.match(r"\s*(-e\s+)?\.", p)}


def test_environment_yml_names_the_same_packages_as_pyproject():
    py, env = pyproject_dependencies(), environment_dependencies() | pip_named()
    assert py == env, (
        f"only in pyproject.toml: {sorted(py - env)}; only in environment.yml: {sorted(env - py)}"
    )


def test_environment_installs_the_course_itself():
    assert re.search(r"^\s+-\s+-e\s+\.(\[[^\]]*\])?\s*$", (ROOT / "environment.yml").read_text(),
                     re.M)


def test_environment_installs_the_same_extras_as_the_pip_route():
    # the pip route (README, Makefile) installs ".[dev]"; conda and Binder must too
    assert re.search(r"pip install (--quiet )?-e ['\"]?\.\[dev\]", (ROOT / "Makefile").read_text())
    for extra in EXTRAS:
        assert missing_from_environment(extra) == set(), f"the {extra} extra"
    assert {"pytest", "nbval"} <= environment_installs()


def _copy(tmp_path, env_text=None, pyproject_text=None):
    (tmp_path / "environment.yml").write_text(env_text or (ROOT / "environment.yml").read_text())
    (tmp_path / "pyproject.toml").write_text(pyproject_text or (ROOT / "pyproject.toml").read_text())
    return tmp_path


def test_comparison_notices_a_missing_package(tmp_path):
    # The check must be able to fail: drop scipy from a copy of environment.yml.
    root = _copy(tmp_path, (ROOT / "environment.yml").read_text().replace("  - scipy>=1.11\n", ""))
    listed = environment_dependencies(root) | pip_named(root)
    assert pyproject_dependencies(root=root) - listed == {"scipy"}


def test_comparison_notices_the_dev_extra_left_out(tmp_path):
    # `-e .` alone (as before) installs none of the dev packages
    text = (ROOT / "environment.yml").read_text()
    assert "-e .[dev]" in text
    root = _copy(tmp_path, text.replace("-e .[dev]", "-e ."))
    assert missing_from_environment("dev", root) == pyproject_dependencies("dev", root)
    assert "nbval" in missing_from_environment("dev", root)


def test_comparison_notices_a_dev_package_added_to_pyproject_only(tmp_path):
    # listing the dev packages by name instead of the extra: a new one must be listed too
    dev = sorted(pyproject_dependencies("dev"))
    listed = "".join(f"      - {name}\n" for name in dev)
    env = (ROOT / "environment.yml").read_text().replace("      - -e .[dev]\n",
                                                          "      - -e .\n" + listed)
    pyproject = (ROOT / "pyproject.toml").read_text().replace('    "pytest>=7.4",\n',
                                                              '    "pytest>=7.4",\n    "pytest-timeout>=2",\n')
    root = _copy(tmp_path, env, pyproject)
    assert installed_extras(root) == set()
    assert missing_from_environment("dev", root) == {"pytest-timeout"}
