"""The one bounded YAML reader: playbooks, rulesets, configs and phrase lists.

Only ``compose`` runs (never ``construct``): nodes keep their text as written, no tag
is ever executed (``!!python/object`` is just a tag on a node), and positions stay on
every node. On top of PyYAML this reader bounds what a hostile file can make it do:

* the **expanded** size: aliases (``*a``) and merge keys (``<<: *a``) are allowed, as
  YAML users write them (language.md v2 item 7), but past ``max_nodes`` nodes after
  expansion (scalars, sequences and mappings, keys included) reading stops with one
  problem at the alias that crossed the bound: a billion-laughs file is one finding,
  not 44 s and a MemoryError;
* **recursion**: an alias inside its own anchor (``&a [*a]``) is a problem, not a
  structure that loops every walker after it;
* **depth**: nesting past ``max_depth`` is a problem, not a RecursionError;
* **size**: text past ``max_chars`` is not parsed.

libyaml composes several times faster than the pure-Python loader and gives the same
nodes (plain scalars get style ``""`` instead of None, set back here). A document it
composes with a node reached twice (an alias), a merge key, or nesting past the bound,
and any text it refuses, is composed again by the bounded pure loader: the bounds and
the friendly error wording are that loader's alone, and cost a second parse only for
files that use aliases or fail anyway.

Every problem is a ``YamlProblem`` with a 1-based line and column, converted here once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# None when PyYAML was built without libyaml.
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
_MERGE_TAG = "tag:yaml.org,2002:merge"

MAX_NODES = 10_000
MAX_DEPTH = 100
MAX_CHARS = 4 * 1024 * 1024


@dataclass(frozen=True)
class YamlLimits:
    max_nodes: int = MAX_NODES
    max_depth: int = MAX_DEPTH
    max_chars: int = MAX_CHARS


class YamlProblem(Exception):
    """Why the text could not be read, where (1-based), and which kind of problem:
    ``syntax`` (not YAML), ``bound`` (aliases expand too far, too deep, too big)."""

    def __init__(
        self,
        message: str,
        line: int,
        column: int,
        kind: str = "syntax",
        cause: yaml.YAMLError | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.kind = kind
        # PyYAML's own error, for a reader that words syntax errors itself (playbooks).
        self.cause = cause


def position(mark: yaml.Mark | None) -> tuple[int, int]:
    """PyYAML marks are 0-based: the one place that converts them."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader's composer, counting the expanded nodes and the depth as it goes."""

    limits: YamlLimits

    def __init__(self, text: str, limits: YamlLimits) -> None:
        super().__init__(text)
        self.limits = limits
        self.expanded = 0
        self.depth = 0
        # Expanded size of every finished node, by id: what an alias to it costs.
        self.sizes: dict[int, int] = {}

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            node = super().compose_node(parent, index)
            size = self.sizes.get(id(node))
            if size is None:  # the anchor is still open: the alias is inside it
                line, column = position(mark)
                raise YamlProblem("this alias refers to itself", line, column, "bound")
            self._count(size, mark)
            return node
        start = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        self.depth += 1
        if self.depth > self.limits.max_depth:
            line, column = position(start)
            message = f"nested more than {self.limits.max_depth} levels deep"
            raise YamlProblem(message, line, column, "bound")
        node = super().compose_node(parent, index)
        self.depth -= 1
        if node is not None:
            self.sizes[id(node)] = 1 + sum(self.sizes.get(id(c), 1) for c in _children(node))
            # Counted, but only an alias can cross the bound: a file without aliases is
            # bounded by its size, and its nodes are all written out (language.md v2).
            self.expanded += 1
        return node

    def _count(self, size: int, mark: yaml.Mark) -> None:
        self.expanded += size
        if self.expanded > self.limits.max_nodes:
            line, column = position(mark)
            message = f"aliases expand to more than {self.limits.max_nodes:,} nodes"
            raise YamlProblem(message, line, column, "bound")


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def compose(text: str, limits: YamlLimits | None = None) -> Node | None:
    """The root node of ``text`` (None for an empty document), merge keys applied.

    Raises ``YamlProblem`` for text that is not YAML or passes a bound; nothing else."""
    limits = limits or YamlLimits()
    if len(text) > limits.max_chars:
        raise YamlProblem(f"more than {limits.max_chars:,} characters", 1, 1, "bound")
    if FAST_LOADER is not None:
        usable, fast = _fast_compose(text, limits)
        if usable:
            return fast
    try:
        loader = _BoundedLoader(text, limits)  # the reader checks every character here
    except yaml.YAMLError as error:
        raise YamlProblem(str(error).splitlines()[0], 1, 1, cause=error) from None
    try:
        root = loader.get_single_node()
        if root is not None:
            _apply_merges(root, loader)
        return root
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        line, column = position(error.problem_mark or error.context_mark)
        problem = error.problem or str(error).splitlines()[0]
        context = f" ({error.context})" if error.context else ""
        raise YamlProblem(f"{problem}{context}", line, column, cause=error) from None
    except yaml.YAMLError as error:
        raise YamlProblem(str(error).splitlines()[0], 1, 1, cause=error) from None
    except RecursionError:
        raise YamlProblem("nested too deeply", 1, 1, "bound") from None
    finally:
        loader.dispose()


def _fast_compose(text: str, limits: YamlLimits) -> tuple[bool, Node | None]:
    """Whether libyaml's root can be used as it is, and that root; when it cannot, the
    bounded pure loader composes the text again and decides."""
    try:
        root: Node | None = yaml.compose(text, Loader=FAST_LOADER)
    except Exception:  # every libyaml failure is read again, for the pure loader's words
        return False, None
    return root is None or _plain_tree(root, limits.max_depth), root


def _plain_tree(root: Node, max_depth: int) -> bool:
    """Give plain scalars PyYAML's style (None); False when a node is reached twice (an
    alias), a key is a merge key, or the nesting passes ``max_depth``."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > max_depth:
            return False
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if not node.style:
                node.style = None
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if key.tag == _MERGE_TAG:
                    return False
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return True


def each_node(root: Node) -> Iterator[Node]:
    """Every node of the tree once (a node an alias shares, once), depth first. A node's
    children are read after it is yielded, so the caller may change them (merge keys)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(_children(node))


def _apply_merges(root: Node, loader: _BoundedLoader) -> None:
    """Replace every ``<<`` key by the entries it merges (YAML 1.1 merge keys), visiting
    each node once: shared anchors are merged in place the first time."""
    for node in each_node(root):
        if isinstance(node, MappingNode):
            _merge(node, loader)


def _merge(node: MappingNode, loader: _BoundedLoader) -> None:
    """Merged entries first, then the mapping's own; an own key beats a merged one and
    the first merged source beats later ones, so only real repeats stay visible."""
    own = [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
    if len(own) == len(node.value):
        return
    loader.flatten_mapping(node)
    merged = node.value[: len(node.value) - len(own)]
    taken = {k.value for k, _ in own if isinstance(k, ScalarNode)}
    kept = []
    for key, value in merged:
        if isinstance(key, ScalarNode) and key.value in taken:
            continue
        if isinstance(key, ScalarNode):
            taken.add(key.value)
        kept.append((key, value))
    node.value = kept + own


def duplicate_keys(node: MappingNode) -> list[tuple[ScalarNode, ScalarNode]]:
    """Each repeated plain key with its first occurrence: (first, repeat)."""
    first: dict[str, ScalarNode] = {}
    repeats: list[tuple[ScalarNode, ScalarNode]] = []
    for key, _ in node.value:
        if isinstance(key, ScalarNode):
            if key.value in first:
                repeats.append((first[key.value], key))
            else:
                first[key.value] = key
    return repeats
