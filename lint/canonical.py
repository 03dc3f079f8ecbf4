"""A text for a model value that is the same in every run: ``repr`` with sets sorted.

``repr(frozenset(...))`` lists elements in hash order, and the hash of a string (so of
an enum member) changes with ``PYTHONHASHSEED``: an action with two ``skip`` kinds got
a different baseline anchor, SARIF and GitLab fingerprint in every run (issue 15 item
5). Everything else renders exactly as ``repr`` does, so no other identity changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping


def stable_repr(value: object) -> str:
    """``repr(value)``, but with the elements of every set and frozenset sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        shown = (
            f"{f.name}={stable_repr(getattr(value, f.name))}"
            for f in dataclasses.fields(value)
            if f.repr
        )
        return f"{type(value).__qualname__}({', '.join(shown)})"
    if isinstance(value, (set, frozenset)):
        items = ", ".join(sorted(stable_repr(item) for item in value))
        name = type(value).__name__
        if not value:
            return f"{name}()"
        return f"{{{items}}}" if name == "set" else f"{name}({{{items}}})"
    if isinstance(value, tuple) and type(value) is tuple:
        parts = [stable_repr(item) for item in value]
        return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"
    if isinstance(value, list):
        return f"[{', '.join(stable_repr(item) for item in value)}]"
    if isinstance(value, Mapping) and type(value) is dict:
        pairs = (f"{stable_repr(k)}: {stable_repr(v)}" for k, v in value.items())
        return f"{{{', '.join(pairs)}}}"
    return repr(value)
