"""The floors of the house (docs/design.md, "Layout"): every import of loanfacts, lazy ones
inside functions and those read only by the type checker included, runs down the floors or
within one package, and no two modules import each other, directly or round a loop.

Floors, from the ground: model (and cleanup, standard library only); text; recognize; lookup;
analysis; index beside lookup (it keeps what lookup and analysis work out); check and intake;
views (results to plain records); render (plain records to text: it reads model alone);
api; cli; the console entry.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "loanfacts"

FLOORS: dict[str, int] = {
    "model": 0,
    "cleanup": 1,  # the standard library and errors.ExitCode
    "text": 1,
    "recognize": 2,
    "lookup": 3,
    "analysis": 4,
    "index": 5,
    "check": 6,
    "intake": 6,
    "views": 7,
    "render": 7,
    "api": 8,
    "cli": 9,
    "bundled": 7,  # the bundled file validated once (model and analysis beneath it)
    "_entry": 10,
    "__main__": 11,
    "loanfacts": 0,  # the package's own __init__: __version__ alone
}
# render turns plain records into text: it reads the model's records and nothing of the core
RENDER_READS = {"model", "render"}
# a loop inside one package, left to the helper who owns it (issue 20 rewrites index/)
LOOPS_ALLOWED: set[frozenset[str]] = {
    frozenset({"loanfacts.index", "loanfacts.index.build", "loanfacts.index.select"}),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}


def package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imports(module: str) -> Iterator[tuple[str, int]]:
    """(imported module of loanfacts, line) for every import statement, at any depth."""
    path = MODULES[module]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            if name in MODULES and name != module:
                yield name, node.lineno


GRAPH = {m: {target for target, _ in imports(m)} for m in MODULES}


def test_every_package_has_a_floor() -> None:
    assert {package(m) for m in MODULES} <= set(FLOORS)


def test_no_import_runs_up_the_floors() -> None:
    wrong = []
    for module in sorted(MODULES):
        here = package(module)
        for target, line in imports(module):
            there = package(target)
            if there == here:
                continue
            if FLOORS[there] > FLOORS[here] or (FLOORS[there] == FLOORS[here] and here != "render"):
                wrong.append(f"{module}:{line} imports {target} (a floor up or beside)")
            if here == "render" and there not in RENDER_READS:
                wrong.append(f"{module}:{line} imports {target} (render reads records only)")
    assert wrong == []


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's components of more than one module: each is an import loop."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[set[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                loops.append(component)

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return loops


def test_no_import_loop_between_modules() -> None:
    loops = [sorted(c) for c in strongly_connected(GRAPH) if frozenset(c) not in LOOPS_ALLOWED]
    assert loops == []


def test_no_import_loop_between_packages() -> None:
    packages: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        for target in targets:
            if package(target) != package(module):
                packages.setdefault(package(module), set()).add(package(target))
    assert strongly_connected(packages) == []


def test_the_walk_sees_lazy_imports() -> None:
    """The walk reads imports inside functions too (a loop hidden in a function is a loop)."""
    lazy = ast.parse("def f() -> None:\n    from loanfacts.cli import app\n")
    found = [n for n in ast.walk(lazy) if isinstance(n, ast.ImportFrom)]
    assert [n.module for n in found] == ["loanfacts.cli"]
