"""YAML read with libyaml where PyYAML has it, worded by the pure loader when it fails.

libyaml composes several times faster than PyYAML's pure-Python loader and gives the
same nodes (marks, values, tags; plain scalars get style ``""`` instead of None, set back
here). It words errors differently, so whatever it refuses is read again by the pure
loader, which raises the error our messages were written for: the same diagnostics
either way, a second parse only for a file that fails anyway.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# None when PyYAML was built without libyaml.
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def compose(text: str, loader: Any = yaml.SafeLoader, *, shared_nodes: bool = True) -> Node | None:
    """``yaml.compose(text, Loader=loader)``, through libyaml when it can. With
    ``shared_nodes`` False, a document where libyaml reused a node (an alias) is handed to
    ``loader`` too, for a loader that refuses aliases as it meets them."""
    if FAST_LOADER is not None:
        try:
            root: Node | None = yaml.compose(text, Loader=FAST_LOADER)
        except Exception:  # every libyaml failure is read again below
            root = None
        else:
            if root is None or _restyled(root, shared_nodes):
                return root
    pure: Node | None = yaml.compose(text, Loader=loader)
    return pure


def safe_load(text: str) -> Any:
    """``yaml.safe_load``, through libyaml when it can."""
    if FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=FAST_LOADER)
        except Exception:  # read again below, for the pure loader's error
            pass
    return yaml.safe_load(text)


def _restyled(root: Node, shared_nodes: bool) -> bool:
    """Give plain scalars PyYAML's style (None); False when a node is reached twice and
    ``shared_nodes`` is not allowed."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            if not shared_nodes:
                return False
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if not node.style:
                node.style = None
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return True
