"""A rule's parameters: each key of a rule that is not the rule's own (``RULE_KEYS``)
is a field of its check's parameters, read by the field's kind (``kinds.py``)
from the node, with every problem at the node and naming parameter, rule and check."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..suggest import did_you_mean
from ..syntax.yaml_values import flag, is_null, whole_number
from .catalogue import CheckSpec
from .kinds import (
    GroupsOf,
    Kind,
    ListOf,
    OrNull,
    PhraseMap,
    Problem,
    Scalar,
    ScalarKind,
    field_kinds,
)
from .phrases import PhraseListError
from .ruleset_file import RulesetError, RulesetFile, pairs

# A rule's own keys; every other key of a rule is a parameter of its check.
RULE_KEYS = ("check", "severity", "basis", "when", "cite", "url", "source", "why", "disabled")


@dataclass(frozen=True)
class _Param:
    """Where a parameter is being read, for the error messages."""

    file: RulesetFile
    rule: str
    check: CheckSpec[Any]
    name: str
    default: Any

    def error(self, node: Node, problem: str, hint: str = "") -> RulesetError:
        """``<problem> for parameter 'x' of rule 'y' (check PB101)<hint>``."""
        return self.file.error(
            node,
            f"{problem} for parameter '{self.name}' of rule '{self.rule}' "
            f"(check {self.check.code}){hint}",
            self.name,
        )


def build_params(
    file: RulesetFile,
    key: ScalarNode,
    rule: str,
    check: CheckSpec[Any],
    entries: list[tuple[ScalarNode, Node]],
    base: Any | None,
) -> Any:
    cls = check.params
    kinds = field_kinds(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for name_node, value_node in entries:
        name = str(name_node.value)
        if name in RULE_KEYS:
            continue
        if name not in fields:
            hint = did_you_mean(name, [*fields, *RULE_KEYS])
            if not hint:
                hint = f" (it takes {', '.join(fields)})" if fields else " (it takes none)"
            raise file.error(
                name_node,
                f"unknown parameter '{name}' for rule '{rule}' (check {check.code}){hint}",
                name,
            )
        field = fields[name]
        default = field.default if field.default is not dataclasses.MISSING else None
        param = _Param(file, rule, check, name, default)
        values[name] = _convert(kinds[name], value_node, param)
    if base is not None:
        return dataclasses.replace(base, **values)
    missing = [
        f.name
        for f in fields.values()
        if f.name not in values
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise file.error(
            key,
            f"missing required parameter {', '.join(repr(m) for m in missing)} "
            f"for rule '{rule}' (check {check.code})",
            missing[0],
        )
    return cls(**values)


def _convert(kind: Kind[Any], node: Node, param: _Param) -> Any:
    """The value of one parameter, as its kind reads it; every problem names the node."""
    if isinstance(kind, OrNull):
        return None if is_null(node) else _convert(kind.inner, node, param)
    if isinstance(kind, ListOf):
        return _list(kind, node, param)
    if isinstance(kind, PhraseMap):
        return _phrase_map(kind, node, param)
    if isinstance(kind, GroupsOf):
        # PB502's all_of: a list of groups, each a list (one value stands for a list).
        items = list(node.value) if isinstance(node, SequenceNode) else [node]
        return tuple(_list(kind.group, item, param) for item in items)
    return _one(typing.cast(ScalarKind[Any], kind), node, param)


def _one(kind: ScalarKind[Any], node: Node, param: _Param) -> Any:
    if not isinstance(node, ScalarNode):
        raise param.error(node, f"invalid value {_shown(node)}", kind.expected)
    try:
        value = kind.parse(_scalar_of(node))
    except PhraseListError as error:
        # A vocabulary read from the bundled phrase lists, which are broken.
        raise param.error(node, f"cannot read the bundled phrase lists: {error}") from None
    if isinstance(value, Problem):
        raise param.error(node, value.problem, value.hint)
    return value


def _scalar_of(node: ScalarNode) -> Scalar:
    """The raw text and the one reading of it (``yaml_values``): None for null, a bool
    for true/false, an int for a whole number (a negative one is read, to be refused as
    such), else the text. A tag changes nothing: ``!!int abc`` and ``!!bool maybe`` are
    text, and so is 5,000 digits (issue 15 items 6 and 12)."""
    raw = str(node.value)
    if is_null(node):
        return Scalar(raw, None)
    truth = flag(raw)
    if truth is not None:
        return Scalar(raw, truth)
    number = whole_number(raw)
    return Scalar(raw, number if isinstance(number, int) else raw)


def _shown(node: Node) -> str:
    """A wrong value as the error message quotes it."""
    if isinstance(node, ScalarNode):
        return f"'{node.value}'"
    return "(a list)" if isinstance(node, SequenceNode) else "(a mapping)"


def _list(kind: ListOf, node: Node, param: _Param) -> tuple[Any, ...]:
    every = isinstance(node, ScalarNode) and not is_null(node) and node.value == "all"
    if every and kind.every is not None:
        return kind.every
    if isinstance(node, SequenceNode):
        items = list(node.value)
    elif isinstance(node, ScalarNode) and not is_null(node):
        items = [node]  # a single value stands for a list of one
    else:
        raise param.error(node, f"invalid value {_shown(node)}", "; expected a list")
    values = tuple(_one(kind.item, item, param) for item in items)
    if len(set(values)) != len(values):
        twice = next(v for v in values if values.count(v) > 1)
        raise param.error(
            node, f"'{twice.value if isinstance(twice, Enum) else twice}' listed twice"
        )
    return kind.flatten(values)


def _phrase_map(
    kind: PhraseMap, node: Node, param: _Param
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(node, MappingNode):
        raise param.error(
            node, f"invalid value {_shown(node)}", "; expected a mapping of category to phrases"
        )
    result: list[tuple[str, tuple[str, ...]]] = []
    for key, value in pairs(param.file, node, f"'{param.name}' of rule '{param.rule}'"):
        items = value.value if isinstance(value, SequenceNode) else [value]
        phrases = tuple(_one(kind.item, item, param) for item in items)
        if not phrases:
            raise param.error(value, f"no phrases in category '{key.value}'")
        result.append((str(key.value), phrases))
    return tuple(result)
