"""The house's layering, read from every import (inside functions too: style habit 21):
no circle, rooms import only downward, and an import inside a function only for a heavy
optional dependency."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from playbook_lint.rules.catalogue import CATALOGUE

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
    if prefix.startswith("playbook_lint"):
        prefix = prefix.replace("playbook_lint", "lint", 1)
    if not prefix.startswith("lint"):
        return []
    return [prefix, *(f"{prefix}.{alias.name}" for alias in node.names)]


def _graph(top_level_only: bool = False) -> dict[str, set[str]]:
    paths = sorted(LINT.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    graph: dict[str, set[str]] = {}
    for path in paths:
        name = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = tree.body if top_level_only else list(ast.walk(tree))
        targets: set[str] = set()
        for node in nodes:
            if isinstance(node, ast.Import):
                targets |= {
                    t
                    for alias in node.names
                    if (t := alias.name.replace("playbook_lint", "lint", 1)) in modules
                }
            if isinstance(node, ast.ImportFrom):
                resolved = _resolve(name, path.name == "__init__.py", node)
                if node.module is None and all(t in modules for t in resolved[1:]):
                    # `from . import sibling` imports the sibling, nothing of the package.
                    resolved = resolved[1:]
                targets |= {t for t in resolved if t in modules and t != name}
        graph[name] = targets
    # The registry of checks imports each family module by the name the catalogue gives
    # (on first use): arrows no import statement shows, so they are read from there.
    graph["lint.checks"] |= {f"lint.checks.{spec.module}" for spec in CATALOGUE}
    return graph


def _packages_of(module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def _with_package_inits(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Importing ``lint.checks.base`` first runs ``lint/checks/__init__.py``, which
    imports every family: that arrow is real too, except into the importer's own
    packages (already running when their module is imported)."""
    return {
        module: {
            t
            for target in targets
            for t in (target, *_packages_of(target))
            if t in graph and t != module and t not in _packages_of(module)
        }
        for module, targets in graph.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
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
            loader = {t for t in targets if t.startswith("lint.rules.ruleset")}
            assert not loader, module


def test_no_import_circle_lazy_or_not() -> None:
    # Every import, inside functions too, and a package's __init__ with its submodules.
    assert _cycle(_with_package_inits(_graph())) is None


def test_the_circle_finder_sees_a_lazy_circle_and_one_through_a_package() -> None:
    # A circle the test above would have to catch: two modules importing each other
    # (say one of them inside a function) ...
    assert _cycle({"lint.a": {"lint.b"}, "lint.b": {"lint.a"}}) == ["lint.a", "lint.b", "lint.a"]
    # ... and a package whose __init__ imports a module that imports back into it
    # through a sibling (lint.rules.x -> lint.checks.base runs lint/checks/__init__.py).
    through_init = {
        "lint.checks": {"lint.checks.content"},
        "lint.checks.base": set(),
        "lint.checks.content": {"lint.rules.x"},
        "lint.rules.x": {"lint.checks.base"},
    }
    assert _cycle(through_init) is None
    assert _cycle(_with_package_inits(through_init)) == [
        "lint.checks",
        "lint.checks.content",
        "lint.rules.x",
        "lint.checks",
    ]


# The floors, bottom first (style.md "The house at 25,000 lines"): a module imports only
# from its own room or a lower floor. The shared vocabulary sits at the bottom.
FLOORS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "lint",
            "lint.model",
            "lint.diagnostics",
            "lint.lazy_methods",
            "lint.suggest",
            "lint.canonical",
            "lint.resources",
            "lint.files",
        }
    ),
    frozenset({"syntax"}),
    frozenset({"analysis"}),
    frozenset({"rules"}),
    frozenset({"checks"}),
    frozenset({"run"}),
    frozenset({"output"}),
    frozenset({"editing"}),
    frozenset({"diff", "audit", "server"}),
    frozenset({"cli"}),
    frozenset({"__main__"}),
)

# Upward arrows that are still there, each with what it takes to remove it. The test
# fails when one is added and when one goes (so this list only shrinks). None is left: the
# ruleset loader reads the catalogue of checks in its own room (rules/catalogue.py) and the
# config the table of format names in its own (run/format_table.py).
STILL_UPWARD: set[tuple[str, str]] = set()


def _room(module: str) -> str:
    """``lint.run.check`` is in ``run``; a module at the top of the package is its own."""
    return module if module in FLOORS[0] else module.split(".")[1]


def _floor(module: str) -> int:
    room = _room(module)
    return next(i for i, floor in enumerate(FLOORS) if room in floor)


def test_rooms_import_only_downward() -> None:
    upward = set()
    for module, targets in _graph().items():
        for target in targets:
            if _room(target) == _room(module) or target == "lint":
                continue
            if _floor(target) > _floor(module) or (
                _floor(target) == _floor(module) and _floor(module) > 0
            ):
                upward.add((module, target))
    assert upward == STILL_UPWARD


# Heavy (0.1 s or more to import) or platform-only dependencies: the only imports
# allowed inside a function, so a command that does not need them does not pay for them.
LAZY_ALLOWED = {
    ("lint.analysis.holiday_calendar", "holidays"),
    ("lint.analysis.holiday_calendar", "holidays.registry"),
    ("lint.run.guard", "resource"),  # Unix only
    ("lint.audit.command", "lint.audit.report"),  # jinja2
    ("lint.output.sarif", "lint.output.docs"),  # explain pages: only SARIF shows them
    # start-up (issue 24 item 5): 13 ms each, paid only by a run that needs them
    ("lint.run.ignores", "pathspec"),  # only when an ignore file is read
    ("lint.run.parallel", "concurrent.futures"),  # only when workers start
    ("lint.run.parallel", "concurrent.futures.process"),
    ("lint.analysis.zones", "importlib"),  # resources: only for a zipped tzdata (3 ms)
    ("lint.suggest", "difflib"),  # only for an unknown word's suggestion (1 ms)
    ("lint.syntax.syntax_messages", "difflib"),  # only for a syntax error's suggestion
    ("lint.run.config", "tomllib"),  # only where a pyproject.toml is read (2 ms)
}
# A `check` of one file loads none of the other subcommands' machinery (issue 24 item 5,
# tests/test_startup_imports.py): the command line imports it when that command runs.
_SUBCOMMAND_MACHINERY = ("lint.audit", "lint.diff", "lint.editing", "lint.server")
_SUBCOMMAND_PAGES = ("lint.output.docs", "lint.output.timeline_view", "lint.output.rules_json")


def _lazy_allowed(importer: str, target: str) -> bool:
    if (importer, target) in LAZY_ALLOWED:
        return True
    in_cli = importer == "lint.cli" or importer.startswith("lint.cli.")
    return in_cli and (
        target in _SUBCOMMAND_PAGES
        or any(target == room or target.startswith(room + ".") for room in _SUBCOMMAND_MACHINERY)
    )


def test_imports_inside_functions_are_for_heavy_optional_dependencies_only() -> None:
    lazy = set()
    for path in sorted(LINT.rglob("*.py")):
        name = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    lazy |= {(name, alias.name) for alias in node.names}
                elif isinstance(node, ast.ImportFrom):
                    resolved = _resolve(name, path.name == "__init__.py", node)
                    # `from . import report` names the module report; `from .x import y`, x.
                    named = resolved[1:] if node.module is None else resolved[:1]
                    lazy |= {(name, t) for t in named or [node.module or ""]}
    assert [pair for pair in sorted(lazy) if not _lazy_allowed(*pair)] == []


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


def test_the_readme_module_table_is_drawn_from_the_tree() -> None:
    # Issue 20 item 7: every path the table names exists, and every room and every module
    # at the top of lint/ is named (so a moved or added module shows up here).
    readme = (LINT.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How it works") : readme.index("## The language")]
    named = {
        path
        for line in section.splitlines()
        if line.startswith("| `")
        for path in re.findall(r"`([^`]+)`", line.split("|")[1])
    }
    assert all((LINT.parent / p.replace("*.yaml", "")).exists() for p in named), sorted(named)
    rooms = {f"lint/{p.name}/" for p in LINT.iterdir() if (p / "__init__.py").exists()}
    tops = {f"lint/{p.name}" for p in LINT.glob("*.py") if not p.name.startswith("__")}
    assert {r for r in rooms if any(p.startswith(r) for p in named)} == rooms
    assert tops <= named
