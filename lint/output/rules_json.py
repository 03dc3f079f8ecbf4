"""``rules --format json`` and ``rulesets --format json``: the rules as data (cli.md v3 item 3).

For tooling and documentation: every check, or every rule of a ruleset with its code, name,
ruleset, severity, basis, parameters, citation and URL. The shape is documented in
``docs/rules-json.md`` and pinned by ``schema/rules-output.schema.json``; ``version`` says
which playbook-lint wrote it, ``format`` which shape it is, so a consumer can refuse one it
does not know.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from enum import Enum
from typing import Any

from .. import __version__
from ..checks import known_checks
from ..checks.base import AnyCheck
from ..rules.kinds import field_kinds
from ..rules.rulesets import Rule, Ruleset, bundled_ruleset_ids, load_ruleset
from .escape import visible

# Bumped when a key changes meaning or goes away; new keys may appear without a bump.
FORMAT_VERSION = 1


def plain(value: Any) -> Any:
    """A parameter value as JSON: numbers, text and booleans as they are, enums by their
    word, sets sorted, nested records as objects; anything else by its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return plain(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted((plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def _parameters(rule: Rule) -> list[dict[str, Any]]:
    """Each parameter: its value as data, as a ruleset writes it, and whether the ruleset
    wrote it (or it is the check's default)."""
    if not dataclasses.is_dataclass(rule.params):
        return []
    kinds = field_kinds(type(rule.params))
    return [
        {
            "name": name,
            "value": plain(getattr(rule.params, name)),
            "text": kind.show(getattr(rule.params, name)),
            "written": name in rule.written,
        }
        for name, kind in kinds.items()
    ]


def rule_object(rule: Rule) -> dict[str, Any]:
    """One rule as documented in docs/rules-json.md."""
    return {
        "id": rule.id,
        "name": rule.name,
        "ruleset": rule.ruleset_id,
        "code": rule.check.code,
        "check": rule.check.name,
        "severity": str(rule.severity),
        "basis": str(rule.basis) if rule.basis else None,
        "when": str(rule.when) if rule.when else None,
        "parameters": _parameters(rule),
        "cite": rule.cite,
        "url": rule.url,
        "why": rule.why,
    }


def check_object(check: AnyCheck) -> dict[str, Any]:
    """One check: what ``rules`` lists without a ruleset."""
    return {
        "code": check.code,
        "name": check.name,
        "family": check.spec.family.value,
        "severity": str(check.severity),
        "summary": check.summary,
        "always_on": check.spec.always_on,
    }


def _visible(value: Any) -> Any:
    """Every text in the tree with controls, separators and bidi marks escaped: a ruleset
    named by path is input like any other, and JSON leaves C1 and bidi characters raw."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [_visible(v) for v in value]
    if isinstance(value, dict):
        return {visible(k): _visible(v) for k, v in value.items()}
    return value


def _document(kind: str, body: dict[str, Any]) -> str:
    head = {"tool": "playbook-lint", "version": __version__, "format": FORMAT_VERSION}
    document = _visible({**head, "kind": kind, **body})
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _ruleset_head(ruleset: Ruleset) -> dict[str, Any]:
    return {
        "id": ruleset.id,
        "title": ruleset.title,
        "source": ruleset.source,
        "extends": list(ruleset.extends),
        "rule_count": len(ruleset.rules),
    }


def rules_json(ruleset_id: str | None = None) -> str:
    """``rules --format json``: every check, or one ruleset's rules (bundled id or path).

    Raises ``RulesetError`` for an unknown or invalid ruleset, as ``rules`` does.
    """
    if ruleset_id is None:
        return _document("checks", {"checks": [check_object(c) for c in known_checks()]})
    ruleset = load_ruleset(ruleset_id)
    return _document(
        "rules",
        {"ruleset": _ruleset_head(ruleset), "rules": [rule_object(r) for r in ruleset.rules]},
    )


def rulesets_json(ids: Iterable[str] | None = None) -> str:
    """``rulesets --format json``: each bundled ruleset with its rules."""
    rulesets = [load_ruleset(i) for i in (ids if ids is not None else bundled_ruleset_ids())]
    return _document(
        "rulesets",
        {
            "rulesets": [
                {**_ruleset_head(r), "rules": [rule_object(rule) for rule in r.rules]}
                for r in rulesets
            ]
        },
    )
