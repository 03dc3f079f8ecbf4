"""The discoverability text: a check's page, the list of checks or rules, the list of rulesets.

Pure functions from checks and rulesets to text; ``cli.py`` prints them.
"""

from __future__ import annotations

import dataclasses
import textwrap
import types
import typing
from collections.abc import Sequence
from enum import Enum
from typing import Any

from .checks.base import AnyCheck
from .checks.params import ALL_CONTACT_CHANNELS, HourRange, NoticeTrigger, Rate, Window
from .model import Channel, Target
from .rulesets import (
    Rule,
    Ruleset,
    all_bundled_rules,
    bundled_ruleset_ids,
    find_check,
    is_structure_check,
    known_checks,
    load_ruleset,
    parameter_vocabulary,
)
from .suggest import did_you_mean

_WIDTH = 88

# --------------------------------------------------------------------------- values


def format_value(value: Any) -> str:
    """A parameter value as a ruleset writes it: ``[call, sms]``, ``7 days``, ``08:00-21:00``."""
    if isinstance(value, Window | HourRange | Rate | NoticeTrigger):
        return value.text
    if isinstance(value, Enum):
        return str(value.value)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        if value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
            return "{" + ", ".join(f"{k}: {len(v)} phrases" for k, v in value) + "}"
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def format_params(params: Any, names: Sequence[str] | None = None) -> str:
    """Parameters as ``max 7, window 7 days``: those in ``names``, or all of them."""
    if not dataclasses.is_dataclass(params):
        return ""
    fields = {field.name: field for field in dataclasses.fields(params)}
    shown: list[str] = []
    for name in fields if names is None else names:
        value = getattr(params, name)
        every = value == ALL_CONTACT_CHANNELS or (value == () and fields[name].default == ())
        text = "all" if name == "channels" and every else format_value(value)
        shown.append(f"{name} {text}")
    return ", ".join(shown)


def describe_type(name: str, hint: Any) -> str:
    """What a parameter of this type looks like in a ruleset file."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return describe_type(name, inner) + " or null"
    vocabulary = parameter_vocabulary(name)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        element = args[0]
        if typing.get_origin(element) is tuple:
            return "mapping of category to a list of phrases"
        if element is Channel:
            return "list of channels (" + ", ".join(c.value for c in Channel) + "), or `all`"
        if element is Target:
            return "list of targets (" + ", ".join(t.value for t in Target) + "), or `all`"
        if isinstance(element, type) and issubclass(element, Enum):
            return "list of: " + ", ".join(str(m.value) for m in element)
        if vocabulary is not None:
            return f"list of {vocabulary[0]}s"
        return "list of phrases"
    if hint is int:
        return "whole number"
    if hint is bool:
        return "true or false"
    if hint is str:
        return vocabulary[0] if vocabulary is not None else "text"
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "one of: " + ", ".join(str(m.value) for m in hint)
    return {
        Window: "window: `1 hour`, `1 day`, `7 days`, `30 days`, `2 weeks`",
        HourRange: "hours `HH:MM-HH:MM` (the end may be 24:00)",
        Rate: "rate, e.g. `6 per day`",
        NoticeTrigger: "`first_contact`, `day N` or `missed_payments N`",
    }.get(hint, str(hint))


def _parameter_lines(check: AnyCheck) -> list[str]:
    hints = typing.get_type_hints(check.params)
    fields = dataclasses.fields(check.params)
    if not fields:
        return ["None."]
    width = max(len(f.name) for f in fields)
    lines = []
    for field in fields:
        if field.default is dataclasses.MISSING:
            default = "required"
        else:
            default = f"default: {format_value(field.default)}"
            if field.default == ():
                default = "default: none" if field.name != "channels" else "default: every channel"
        lines.append(f"- {field.name:<{width}}  {describe_type(field.name, hints[field.name])}")
        lines.append(f"  {'':<{width}}  ({default})")
    return lines


# --------------------------------------------------------------------------- pages


def _wrap(text: str) -> str:
    return "\n".join(
        textwrap.fill(paragraph, _WIDTH) if paragraph.strip() else ""
        for paragraph in text.strip().split("\n\n")
    )


def _code_block(text: str) -> str:
    return "```\n" + text.rstrip("\n") + "\n```"


def _severity_basis(rule: Rule) -> str:
    """``error, law``: what a rule weighs and why."""
    return f"{rule.severity}, {rule.basis}" if rule.basis else str(rule.severity)


def _containing(rule: Rule) -> list[str]:
    """The bundled rulesets that carry this very rule (its own and those that extend it)."""
    return [i for i in bundled_ruleset_ids() if any(r.id == rule.id for r in load_ruleset(i).rules)]


def _rule_summary(rule: Rule) -> list[str]:
    lines = [
        f"- {rule.id} ({_severity_basis(rule)}): "
        f"{format_params(rule.params, rule.written) or 'defaults'}"
    ]
    if rule.cite:
        lines.append(f"  cite: {rule.cite}")
    if rule.url:
        lines.append(f"  url: {rule.url}")
    carriers = _containing(rule)
    if carriers:
        lines.append(f"  in: {', '.join(carriers)}")
    return lines


def check_page(check: AnyCheck) -> str:
    """A check's page in ruff's sections, with every bundled rule that uses it."""
    doc = check.doc
    parts = [
        f"# {check.code} {check.name}",
        _wrap(check.summary[:1].upper() + check.summary[1:] + "."),
        f"Default severity: {check.severity}.",
        "## What it does",
        _wrap(doc.what) if doc.what else "(not documented yet)",
    ]
    if doc.why:
        parts += ["## Why is this bad?", _wrap(doc.why)]
    if doc.example:
        parts += ["## Example", _code_block(doc.example)]
    if doc.use_instead:
        parts += ["## Use instead", _code_block(doc.use_instead)]
    if doc.example_params:
        parts += ["With these rule parameters:", _code_block(doc.example_params)]
    parts += ["## Parameters", "\n".join(_parameter_lines(check))]
    if is_structure_check(check):
        parts += ["## Rulesets", "Always on: no ruleset configures it."]
    else:
        rules = [r for r in all_bundled_rules() if r.check.code == check.code]
        body = "\n".join(line for rule in rules for line in _rule_summary(rule))
        parts += ["## Rulesets", body or "No bundled ruleset uses it."]
    return "\n\n".join(parts) + "\n"


def rule_page(rule: Rule) -> str:
    """A ruleset rule: its numbers, severity and citation, then its check's page."""
    lines = [
        f"# {rule.id}",
        "",
        f"Check:    {rule.check.code} {rule.check.name}",
        f"Severity: {rule.severity}",
        f"Basis:    {rule.basis.words if rule.basis else 'not stated'}",
        f"Params:   {format_params(rule.params) or 'none'}",
    ]
    if rule.when is not None:
        lines.append(f"Applies:  only to playbooks with {rule.when}")
    if rule.cite:
        lines.append(f"Cite:     {rule.cite}")
    if rule.url:
        lines.append(f"URL:      {rule.url}")
    carriers = _containing(rule)
    if carriers:
        lines.append(f"In:       {', '.join(carriers)}")
    if rule.why:
        lines += ["", _wrap(rule.why)]
    return "\n".join(lines) + "\n\n" + check_page(rule.check)


def explain(code_or_rule_id: str, rulesets: Sequence[Ruleset] = ()) -> str:
    """The page of a check (``PB101`` or ``contact-frequency``) or of a rule (``us-regf/…``).

    ``rulesets`` adds rules of loaded (for instance user) rulesets to the bundled ones.
    Raises ``LookupError`` with a did-you-mean for anything unknown.
    """
    wanted = code_or_rule_id.strip()
    rules = {r.id: r for r in all_bundled_rules()}
    for ruleset in rulesets:
        rules.update((r.id, r) for r in ruleset.rules)
    if "/" in wanted:
        if wanted in rules:
            return rule_page(rules[wanted])
        raise LookupError(f"unknown rule '{wanted}'" + _hint(wanted, list(rules)))
    check = find_check(wanted)
    if check is not None:
        return check_page(check)
    by_name = sorted(r.id for r in rules.values() if r.name == wanted)
    if by_name:
        raise LookupError(
            f"'{wanted}' is a rule name, not a check; explain a rule by its id: "
            + ", ".join(by_name)
        )
    names = [c.code for c in known_checks()] + [c.name for c in known_checks()]
    raise LookupError(
        f"unknown check or rule '{wanted}'"
        + _hint(wanted, names + list(rules))
        + " (codes look like PB101, rule ids like us-regf/call-frequency)"
    )


def _hint(word: str, candidates: Sequence[str]) -> str:
    return did_you_mean(word, candidates) or did_you_mean(word.upper(), candidates)


# --------------------------------------------------------------------------- lists


def _table(rows: Sequence[Sequence[str]]) -> str:
    """Rows with every column but the last padded to its widest cell."""
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join(
            [*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]
        ).rstrip()
        for row in rows
    )


def list_rules(ruleset_id: str | None = None) -> str:
    """Every check, one line each; or every rule of a ruleset (bundled id or file path).

    Raises ``RulesetError`` for an unknown or invalid ruleset.
    """
    if ruleset_id is None:
        rows = [[c.code, c.name, str(c.severity), c.summary] for c in known_checks()]
        return _table(rows) + "\n"
    ruleset = load_ruleset(ruleset_id)
    rows = [
        [
            rule.id,
            rule.check.code,
            str(rule.severity),
            str(rule.basis or "-"),
            (format_params(rule.params, rule.written) or "defaults")
            + (f"; when {rule.when}" if rule.when else "")
            + (f"  ({rule.cite})" if rule.cite else ""),
        ]
        for rule in ruleset.rules
    ]
    count = len(ruleset.rules)
    header = f"{ruleset.id}: {ruleset.title} ({count} rule{'s' if count != 1 else ''})"
    return header + "\n" + _table(rows) + "\n"


def list_rulesets() -> str:
    """The bundled rulesets: id, rule count and title on one line, then source and parents."""
    rulesets = [load_ruleset(i) for i in bundled_ruleset_ids()]
    width = max(len(r.id) for r in rulesets)
    lines: list[str] = []
    for ruleset in rulesets:
        count = len(ruleset.rules)
        lines.append(f"{ruleset.id:<{width}}  {count:>2} rules  {ruleset.title}")
        indent = " " * (width + 2)
        if ruleset.extends:
            lines.append(f"{indent}extends: {', '.join(ruleset.extends)}")
        if ruleset.source:
            lines.append(
                textwrap.fill(
                    f"source: {ruleset.source}",
                    _WIDTH,
                    initial_indent=indent,
                    subsequent_indent=indent + "  ",
                )
            )
    return "\n".join(lines) + "\n"
