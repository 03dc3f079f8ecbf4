"""The house's layering: no circle among the modules' top-level imports (a lazy import
inside a function to dodge one is a circle too, so none is allowed to name a module
that imports the importer back)."""

from __future__ import annotations

import ast
from pathlib import Path

LINT = Path(__file__).resolve().parent.parent / "lint"


def _module_name(path: Path) -> str:
    parts = path.relative_to(LINT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("lint", *parts))


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join([*base, *([node.module] if node.module else [])])
    else:
        prefix = node.module or ""
    if not prefix.startswith("lint"):
        return []
    return [prefix, *(f"{prefix}.{alias.name}" for alias in node.names)]


def _graph(top_level_only: bool) -> dict[str, set[str]]:
    paths = sorted(LINT.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    graph: dict[str, set[str]] = {}
    for path in paths:
        name = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = tree.body if top_level_only else list(ast.walk(tree))
        targets: set[str] = set()
        for node in nodes:
            if isinstance(node, ast.ImportFrom):
                targets |= {
                    t
                    for t in _resolve(name, path.name == "__init__.py", node)
                    if t in modules and t != name
                }
        graph[name] = targets
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            # A package's own submodules import their package's siblings freely.
            if node.startswith(nxt + ".") or nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_checks_do_not_import_the_ruleset_loader() -> None:
    graph = _graph(top_level_only=False)
    for module, targets in graph.items():
        if module.startswith("lint.checks"):
            assert "lint.rules.rulesets" not in targets, module


def test_no_import_circle_among_top_level_imports() -> None:
    assert _cycle(_graph(top_level_only=True)) is None


def test_both_forms_import_the_parser_seam_downward() -> None:
    graph = _graph(top_level_only=False)
    assert "lint.syntax.parse_dsl" not in graph["lint.syntax.parse_yaml"]
    assert "lint.syntax.parse_yaml" not in graph["lint.syntax.parse_dsl"]
    for seam in (
        "lint.syntax.positions",
        "lint.syntax.parse_result",
        "lint.syntax.syntax_messages",
        "lint.syntax.phrase_parser",
    ):
        assert (
            not {"lint.syntax.parse_dsl", "lint.syntax.parse_yaml", "lint.syntax.parse"}
            & graph[seam]
        ), seam
