"""The package's architecture, checked: layers import only downwards, and SQL lives in one place.

docs/architecture.md draws the layers. Each package may import the base modules, the packages
of lower layers and itself; packages of one layer never import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "netgraph"

#: The layer of each top-level part of netgraph, lowest first.
LAYERS = {
    "errors": 0,
    "text": 0,
    "vocabulary": 0,
    "output": 0,
    "files": 0,
    "suggest": 0,
    "collector": 0,
    "workspace": 1,
    "ties": 2,
    "identity": 3,
    "routes": 4,
    "ingest": 5,
    "outreach": 5,
    "maps": 5,
    "demo": 6,
    "cli": 7,
    "__main__": 8,
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def part_of(module: str) -> str | None:
    """The top-level part of a ``netgraph.x.y`` module name (None for ``netgraph`` itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """``(line, module)`` for every netgraph module a file imports, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.startswith("netgraph.")]


def own_part(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {own_part(path) for path in modules()} - {"__init__"}
    assert parts <= set(LAYERS), parts - set(LAYERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_lower_layers_and_its_own_package(path: Path) -> None:
    mine = own_part(path)
    if mine == "__init__":
        return
    wrong = []
    for line, module in imported_modules(path):
        other = part_of(module)
        if other is None or other == mine or other not in LAYERS:
            continue  # netgraph itself (the version), or a name inside a module
        if LAYERS[other] >= LAYERS[mine] and not (LAYERS[mine] == 0 and LAYERS[other] == 0):
            wrong.append(f"line {line}: {module} (layer {LAYERS[other]})")
    assert not wrong, f"{mine} (layer {LAYERS[mine]}) imports upwards or sideways: {wrong}"


def test_each_package_says_what_it_owns_and_may_import() -> None:
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc or init.parent.name == "cli", init


SQL_HOME = PACKAGE / "workspace"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_sql_runs_only_in_the_workspace_layer(path: Path) -> None:
    if SQL_HOME in path.parents:
        return
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany", "conn"):
            found.append(f"line {node.lineno}: .{node.attr}")
    assert not found, f"statements or a connection outside netgraph/workspace: {found}"


MOST_MODULE_LINES = 500
MOST_FUNCTION_LINES = 60
#: Migrations are history: each is one schema, written once and never edited.
LONG_FUNCTIONS_ALLOWED = {"workspace/migrations.py"}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small_enough_to_read(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MOST_MODULE_LINES
    if str(path.relative_to(PACKAGE)) in LONG_FUNCTIONS_ALLOWED:
        return
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or 0) - node.lineno + 1 > MOST_FUNCTION_LINES
    ]
    assert not long, long
