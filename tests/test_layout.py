"""The package's layout rules (DESIGN.md, "The helper package"), checked on the source itself:
no file over 500 lines, no function over 60 lines of code, no private name imported across
modules, no import cycle (imports inside functions included) and no import that goes up a layer.

Each rule is a function over parsed source, and each has a test on a tiny made-up package that
breaks it, so a rule that could never fail would be caught here too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "crm_lessons"
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60

# Bottom to top. A module may import its own component (the first part of its name below
# crm_lessons) and any component of a lower layer; never one of a higher layer, and never a
# different component of its own layer.
LAYERS = [
    {"errors", "paths", "writing"},
    {"identity", "workspace"},
    {"schema", "units"},
    {"data"},
    {"clv"},
    {"goals"}, {"identify"}, {"attract"}, {"retain"}, {"develop"}, {"capstone"},
    {"findings", "course", "terms"},
    {"plots"},
    {"explore"},
    {"exercises", "clv_report"},
    {"doctor", "make_data", "clv_command", "site", "grading"},
    {"cli"},
]


def module_sources(package: Path) -> dict[str, str]:
    """Map each module's dotted name (crm_lessons.identify.rfm) to its source text."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path.read_text(encoding="utf-8")
    return out


def long_files(sources: dict[str, str], limit: int = MAX_FILE_LINES) -> list[str]:
    return [f"{m}: {s.count(chr(10))} lines" for m, s in sources.items()
            if s.count("\n") > limit]


def long_functions(sources: dict[str, str], limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """Functions whose code (docstring left out) is longer than `limit` lines."""
    found = []
    for module, src in sources.items():
        for node in ast.walk(ast.parse(src)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            length = node.end_lineno - node.lineno + 1
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                length -= first.end_lineno - first.lineno + 1
            if length > limit:
                found.append(f"{module}.{node.name} (line {node.lineno}): {length} lines")
    return found


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(sources: dict[str, str], root: str = "crm_lessons") -> dict[str, set[str]]:
    """Every package module each module imports, at the top or inside a function."""
    packages = {m for m in sources if any(o.startswith(m + ".") for o in sources)}
    graph: dict[str, set[str]] = {m: set() for m in sources}
    for module, src in sources.items():
        for node in ast.walk(ast.parse(src)):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, node, module in packages)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in sources else base)
            for t in targets:
                if t == root or t.startswith(root + "."):
                    while t not in sources and "." in t:
                        t = t.rsplit(".", 1)[0]
                    if t != module:
                        graph[module].add(t)
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The cycles of the import graph (one path per strongly connected group)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def private_imports(sources: dict[str, str], root: str = "crm_lessons") -> list[str]:
    """Names with a leading underscore taken from another module of the package."""
    found = []
    packages = {m for m in sources if any(o.startswith(m + ".") for o in sources)}
    for module, src in sources.items():
        tree = ast.parse(src)
        module_names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = _resolve(module, node, module in packages)
                if not base.startswith(root):
                    continue
                for alias in node.names:
                    if f"{base}.{alias.name}" in sources:
                        module_names.add(alias.asname or alias.name)
                    elif alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"{module} imports {alias.name} from {base}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(root):
                        module_names.add(alias.asname or alias.name.split(".")[0])
                        if any(p.startswith("_") and not p.startswith("__")
                               for p in alias.name.split(".")):
                            found.append(f"{module} imports the private module {alias.name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in module_names and node.attr.startswith("_") \
                    and not node.attr.startswith("__"):
                found.append(f"{module} uses {node.value.id}.{node.attr}")
    return found


def _component(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports from a module to a higher layer, or across components of one layer."""
    layer = {name: i for i, names in enumerate(LAYERS) for name in names}
    found = []
    for module, targets in graph.items():
        src = _component(module)
        for target in targets:
            dst = _component(target)
            if not src or not dst or src == dst:
                continue
            unknown = [c for c in (src, dst) if c not in layer]
            if unknown:
                found.append(f"{module} -> {target}: {unknown[0]!r} has no layer in LAYERS")
            elif layer[dst] >= layer[src]:
                found.append(f"{module} imports {target}, which is not below it")
    return found


# ---- the rules on the real package ----------------------------------------------------------

@pytest.fixture(scope="module")
def sources():
    return module_sources(PACKAGE)


def test_no_file_over_500_lines(sources):
    assert long_files(sources) == []


def test_no_function_over_60_lines(sources):
    assert long_functions(sources) == []


def test_no_private_name_imported_across_modules(sources):
    assert private_imports(sources) == []


def test_no_import_cycle_lazy_imports_included(sources):
    assert import_cycles(imports_of(sources)) == []


def test_no_import_goes_up_a_layer(sources):
    assert upward_imports(imports_of(sources)) == []


def test_the_element_folders_exist_and_re_export(sources):
    for element in ["goals", "identify", "attract", "retain", "develop", "clv", "data"]:
        name = f"crm_lessons.{element}"
        assert name in sources, f"{name} is missing"
        assert any(m.startswith(name + ".") for m in sources), f"{name} is not a folder"
        assert "__all__" in sources[name], f"{name}/__init__.py has no __all__"


# ---- each rule can fail ---------------------------------------------------------------------

TOY = {
    "crm_lessons": "",
    "crm_lessons.errors": "def _check(x):\n    return x\n",
    "crm_lessons.data": "",
    "crm_lessons.data.store": "from crm_lessons.goals.economics import f\n",
    "crm_lessons.goals": "from crm_lessons.goals.economics import f\n",
    "crm_lessons.goals.economics": (
        "from crm_lessons.errors import _check\n"
        "from crm_lessons import errors\n"
        "def f():\n    from crm_lessons.data import store\n    return errors._check(1)\n"
    ),
}


def test_rules_catch_a_toy_package_that_breaks_them():
    graph = imports_of(TOY)
    assert graph["crm_lessons.goals.economics"] == {"crm_lessons.errors", "crm_lessons.data.store"}
    assert import_cycles(graph) == [["crm_lessons.data.store", "crm_lessons.goals.economics"]]
    assert private_imports(TOY) == [
        "crm_lessons.goals.economics imports _check from crm_lessons.errors",
        "crm_lessons.goals.economics uses errors._check",
    ]
    assert upward_imports(graph) == [
        "crm_lessons.data.store imports crm_lessons.goals.economics, which is not below it"]
    # the def line counts, the docstring does not
    long = {"crm_lessons.x": "def f():\n    '''doc\n    more'''\n" + "    x = 1\n" * 60}
    assert long_functions(long) == ["crm_lessons.x.f (line 1): 61 lines"]
    assert long_functions({"crm_lessons.x": "def f():\n    '''doc'''\n" + "    x = 1\n" * 59}) == []
    assert long_files({"crm_lessons.x": "x = 1\n" * 501}) == ["crm_lessons.x: 501 lines"]
