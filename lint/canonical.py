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
from collections.abc import Callable, Collection, Iterable, Mapping
from enum import Enum
from typing import cast


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
    kind = type(value)
    shape = _SHAPES.get(kind)
    if shape is None:
        shape = _SHAPES[kind] = _shape_of(kind)
    if shape is _LEAF:
        return repr(value)
    if shape is _TUPLE:
        parts = [stable_repr(item) for item in cast(Iterable[object], value)]
        return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"
    if shape is _SET:
        items = ", ".join(_sorted(cast(Collection[object], value), stable_repr))
        name = kind.__name__
        if not value:
            return f"{name}()"
        return f"{{{items}}}" if name == "set" else f"{name}({{{items}}})"
    if shape is _LIST:
        return f"[{', '.join(stable_repr(item) for item in cast(Iterable[object], value))}]"
    if shape is _DICT:
        mapping = cast(Mapping[object, object], value)
        pairs = (f"{stable_repr(k)}: {stable_repr(v)}" for k, v in mapping.items())
        return f"{{{', '.join(pairs)}}}"
    shown = (f"{name}={stable_repr(getattr(value, name))}" for name in shape)
    return f"{kind.__qualname__}({', '.join(shown)})"


# What ``stable_repr`` does with a value, decided once per type: anchors take the
# stable_repr of every action of a playbook, and asking ``is_dataclass``, ``fields`` and
# a chain of ``isinstance`` for each of its values was most of the anchors' cost
# (issue 24). A dataclass's shape is the names of its shown fields, in order.
_LEAF: tuple[str, ...] = ("<leaf>",)
_TUPLE: tuple[str, ...] = ("<tuple>",)
_SET: tuple[str, ...] = ("<set>",)
_LIST: tuple[str, ...] = ("<list>",)
_DICT: tuple[str, ...] = ("<dict>",)
_SHAPES: dict[type, tuple[str, ...]] = {}


def _shape_of(kind: type) -> tuple[str, ...]:
    """The branch of ``stable_repr`` for values of type ``kind`` (by identity of the
    returned tuple), or a dataclass's shown field names."""
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        return tuple(f.name for f in dataclasses.fields(kind) if f.repr)
    if issubclass(kind, (set, frozenset)):
        return _SET
    if kind is tuple:
        return _TUPLE
    if issubclass(kind, list):
        return _LIST
    if kind is dict:
        return _DICT
    return _LEAF


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
