"""A text for a model value that is the same in every run: sets sorted, dataclasses by field.

``repr(frozenset(...))`` lists elements in hash order, and the hash of a string (so of
an enum member) changes with ``PYTHONHASHSEED``: an action with two ``skip`` kinds got
a different baseline anchor, SARIF and GitLab fingerprint in every run (issue 15 item
5). This module is the one walk that puts such values in a fixed order. It has two
spellings because both are recorded on disk and must not move: ``stable_repr`` renders
exactly as ``repr`` does apart from the order (baselines, fingerprints), and
``stable_text`` is the shorter form behind the ruleset digests of ``audit`` records.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Collection, Mapping
from enum import Enum


@dataclasses.dataclass(frozen=True, order=True)
class FileRead:
    """One file a loader read (a ruleset, a phrase list, a config) and the SHA-256 of the
    very bytes it read: what a result depends on is what its loaders report, so the
    cache never reads a file again to key on it (and cannot see other bytes than the
    loader did)."""

    path: str
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike[str], data: bytes) -> FileRead:
        return cls(os.fspath(path), hashlib.sha256(data).hexdigest())


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
        items = ", ".join(_sorted(value, stable_repr))
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


def stable_text(value: object) -> str:
    """The digest form: every set ``{…}`` sorted, every sequence ``(…)``, an enum member
    ``Type.NAME``, a dataclass ``Type(field=…)`` with every field (shown or not)."""
    if isinstance(value, frozenset | set):
        return "{" + ", ".join(_sorted(value, stable_text)) + "}"
    if isinstance(value, tuple | list):
        return "(" + ", ".join(stable_text(v) for v in value) + ")"
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (
            f"{f.name}={stable_text(getattr(value, f.name))}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__name__}(" + ", ".join(fields) + ")"
    return repr(value)


def _sorted(items: Collection[object], text: Callable[[object], str]) -> list[str]:
    """The elements' texts in order: the one place the hash order is undone."""
    return sorted(text(item) for item in items)
