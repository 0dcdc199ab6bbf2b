"""The package keeps its shape: each folder is a stage of the pipeline, a module imports only its own
stage or earlier ones, and no modules import each other in a loop (README, "Layout")."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "textkit"
# base (imported by every stage) < read < analyze < compare < audit < run < present < the front doors
STAGES = ("read", "analyze", "compare", "audit", "run", "present")
BASE = {"model", "config", "errors", "files", "lexicons", "lexicon_data"}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _rank(module: str) -> int:
    """0 for the base modules, 1..6 for the stage folders, 7 for cli, notebook and the package."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in BASE:
        return 0
    if len(parts) > 1 and parts[1] in STAGES:
        return 1 + STAGES.index(parts[1])
    return 1 + len(STAGES)


def _imports() -> dict[str, set[str]]:
    """Every textkit module → the textkit modules it imports (lazy imports inside functions too)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:  # ``from . import lexicons`` names a module
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if candidate in modules else target)
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_no_module_imports_a_later_stage() -> None:
    graph = _imports()
    backward = sorted(f"{m} -> {d}" for m, deps in graph.items() for d in deps
                      if m != "textkit" and _rank(d) > _rank(m))
    assert not backward, backward


def test_no_import_cycle() -> None:
    graph = _imports()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles


def test_the_checks_see_the_imports() -> None:
    """The graph is read right: a known backward-free edge and a known package edge are found."""
    graph = _imports()
    assert "textkit.analyze.tables" in graph["textkit.audit.arithmetic"]
    assert "textkit.lexicons" in graph["textkit.analyze.sections"] or "textkit.lexicons" in graph["textkit.read.headings"]
