"""The discoverability text: a check's page, the list of checks or rules, the list of rulesets.

Pure functions from checks and rulesets to text; ``cli.py`` prints them.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Sequence
from typing import Any

from ..checks import check_for, implementation, known_checks
from ..checks.base import AnyCheck, Applicability, FixDoc
from ..model import Channel, ChannelClass
from ..rules.catalogue import check_names
from ..rules.kinds import default_text, field_kinds, field_meanings
from ..rules.rulesets import (
    Rule,
    Ruleset,
    all_bundled_rules,
    bundled_ruleset_ids,
    load_ruleset,
)
from ..suggest import did_you_mean
from .escape import visible

_WIDTH = 88

# --------------------------------------------------------------------------- values


def _fix_section(fix: FixDoc | None) -> str:
    """The "Fix" section of a check's page: whether it has a fix, and what it does."""
    if fix is None:
        return "None: the change needs a person's judgement."
    if fix.applicability is Applicability.SAFE:
        return f"Safe, applied by `check --fix`: {fix.does}."
    return f"Unsafe, applied only by `check --fix --unsafe-fixes`: {fix.does}."


def format_params(params: Any, names: Sequence[str] | None = None) -> str:
    """Parameters as ``max 7, window 7 days``: those in ``names``, or all of them, each
    shown by its kind."""
    if not dataclasses.is_dataclass(params):
        return ""
    kinds = field_kinds(type(params))
    shown: list[str] = []
    for name in kinds if names is None else names:
        value = getattr(params, name)
        shown.append(f"{name} {kinds[name].show(value)}")
    return ", ".join(shown)


def _parameter_lines(check: AnyCheck) -> list[str]:
    kinds = field_kinds(check.params)
    meanings = field_meanings(check.params)
    fields = dataclasses.fields(check.params)
    if not fields:
        return ["None."]
    width = max(len(f.name) for f in fields)
    lines = []
    for field in fields:
        kind = kinds[field.name]
        if field.default is dataclasses.MISSING:
            default = "required"
        else:
            default = f"default: {default_text(kind, field.default)}"
        lines.append(f"- {field.name:<{width}}  {kind.describe()}")
        lines.append(f"  {'':<{width}}  ({default})")
        meaning = meanings[field.name]
        if meaning:
            lines.append(f"  {'':<{width}}  {meaning[:1].upper()}{meaning[1:]}.")
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


def _origin(rule: Rule) -> list[tuple[str, str]]:
    """Where a rule comes from, each part it has: its citation, url and source, and the
    bundled rulesets that carry it (the summary under a check and the rule's own page
    show the same parts, each in its own layout)."""
    parts = [("cite", rule.cite), ("url", rule.url), ("source", rule.source)]
    found = [(label, visible(text)) for label, text in parts if text]
    carriers = _containing(rule)
    return [*found, ("in", ", ".join(carriers))] if carriers else found


# How a rule's own page labels each part of ``_origin``.
_PAGE_LABELS = {"cite": "Cite", "url": "URL", "source": "Source", "in": "In"}


def _rule_summary(rule: Rule) -> list[str]:
    lines = [
        f"- {rule.id} ({_severity_basis(rule)}): "
        f"{visible(format_params(rule.params, rule.written)) or 'defaults'}"
    ]
    return lines + [f"  {label}: {text}" for label, text in _origin(rule)]


def check_page(check: AnyCheck, *, rulesets: bool = True) -> str:
    """A check's page in ruff's sections, with every bundled rule that uses it (unless
    ``rulesets`` is False: the docs page, which must not change with every ruleset)."""
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
    parts += ["## Fix", _wrap(_fix_section(doc.fix))]
    parts += ["## Parameters", "\n".join(_parameter_lines(check))]
    if doc.appendix is not None:
        title, text = doc.appendix
        parts += [f"## {title}", _wrap(text())]
    if not rulesets:
        parts += ["Which bundled rules use it: `playbook-lint explain " + check.code + "`."]
    elif check.spec.always_on:
        parts += ["## Rulesets", "Always on: no ruleset configures it."]
    else:
        rules = [r for r in all_bundled_rules() if r.check.code == check.code]
        body = "\n".join(line for rule in rules for line in _rule_summary(rule))
        parts += ["## Rulesets", body or "No bundled ruleset uses it."]
    return "\n\n".join(parts) + "\n"


def checks_reference() -> str:
    """``docs/checks.md``: every check's page, one heading each, so that SARIF's
    ``helpUri`` can point at ``#pb101-contact-frequency`` for every check."""
    head = (
        "<!-- Generated from the checks' pages (`playbook-lint explain CODE`); a test keeps "
        "it in sync: UPDATE_SNAPSHOTS=1 pytest tests/test_docs_pages.py rewrites it. -->\n\n"
    )
    pages = [check_page(check, rulesets=False) for check in known_checks()]
    return head + "\n".join(pages)


def rule_page(rule: Rule) -> str:
    """A ruleset rule: its numbers, severity and citation, then its check's page."""
    lines = [
        f"# {rule.id}",
        "",
        f"Check:    {rule.check.code} {rule.check.name}",
        f"Severity: {rule.severity}",
        f"Basis:    {rule.basis.words if rule.basis else 'not stated'}",
        f"Params:   {visible(format_params(rule.params)) or 'none'}",
    ]
    if rule.when is not None:
        lines.append(f"Applies:  only to playbooks with {rule.when}")
    lines += [f"{_PAGE_LABELS[label] + ':':<10}{text}" for label, text in _origin(rule)]
    if rule.why:
        lines += ["", _wrap(visible(rule.why))]
    return "\n".join(lines) + "\n\n" + check_page(implementation(rule.check))


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
    check = check_for(wanted)
    if check is not None:
        return check_page(check)
    by_name = sorted(r.id for r in rules.values() if r.name == wanted)
    if by_name:
        raise LookupError(
            f"'{wanted}' is a rule name, not a check; explain a rule by its id: "
            + ", ".join(by_name)
        )
    names = check_names()
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
    # A ruleset file is anyone's: its text is escaped as check escapes a finding's (no
    # OSC 8 link, no colour, no bidi reordering, no forged line).
    rows = [
        [
            visible(rule.id),
            rule.check.code,
            str(rule.severity),
            str(rule.basis or "-"),
            visible(
                (format_params(rule.params, rule.written) or "defaults")
                + (f"; when {rule.when}" if rule.when else "")
                + (f"  ({rule.cite})" if rule.cite else "")
            ),
        ]
        for rule in ruleset.rules
    ]
    count = len(ruleset.rules)
    title = visible(ruleset.title)
    header = f"{ruleset.id}: {title} ({count} rule{'s' if count != 1 else ''})"
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


# --------------------------------------------------------------------------- channel classes


def channel_classes_table() -> str:
    """The Markdown table of channel classes for ``docs/rulesets.md``: each class, its
    channels and what it means, from ``ChannelClass`` and the ``Channel`` lines."""
    rows = ["| class | channels | what it means |", "|---|---|---|"]
    for klass in ChannelClass:
        members = ", ".join(f"`{c}`" for c in klass.channels)
        rows.append(f"| `{klass}` | {members} | {klass.meaning} |")
    unclassed = ", ".join(f"`{c}`" for c in Channel if not c.classes)
    if unclassed:
        rows.append(f"| (none) | {unclassed} | a step, named by its own word |")
    return "\n".join(rows) + "\n"
