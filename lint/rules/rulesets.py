"""Rulesets: YAML data that instantiates checks with numbers, a severity and a citation.

A ruleset file (``rulesets/us-regf.yaml`` or a company's own) names each rule, the
check it runs and that check's parameters; ``extends`` inherits another ruleset's
rules, a rule of the same name replaces (or, with the same check, refines) the
inherited one and ``disabled: true`` drops it. Files are read with
``yaml.compose`` so that every error names the file, line, column and key
(``ruleset_file``); a rule's parameters are read in ``ruleset_params``.

Parameters are built generically from the type hints of ``rules/params.py``:
numbers, ``true``/``false``, text, lists (one value stands for a list of one),
channels and targets by name (``all``: every contact channel — for PB701, every
channel — or every target), enums by value, windows (``7 days``, ``1 hour``,
``2 weeks``), hours (``08:00-21:00``, the end may be ``24:00``), rates
(``6 per day``), notice triggers (``first_contact``, ``day 30``,
``missed_payments 2``) and PB501's own phrases (category -> list). Events, notice
kinds, phrase categories and languages must be known ones.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from yaml.nodes import Node, ScalarNode, SequenceNode

from ..canonical import FileRead
from ..diagnostics import Severity
from ..model import Instalments, Playbook

# The bundled-ruleset list lives with the other shipped data; re-exported for callers.
from ..resources import DEFAULT_RULESET as DEFAULT_RULESET
from ..resources import bundled_path as bundled_path
from ..resources import bundled_ruleset_ids as bundled_ruleset_ids
from ..resources import is_bundled as is_bundled
from ..suggest import did_you_mean
from ..syntax.yaml_values import Unknown, choose, choose_word, is_null
from .catalogue import CheckSpec, check_names, spec_for
from .phrases import PhraseListError, bundled_lists_read, load_bundled_lists
from .rule_meta import SHARED_RULESET, WHEN_KEYS, Basis, When, house_cite, inherited_cite
from .ruleset_file import RulesetError as RulesetError
from .ruleset_file import RulesetFile, boolean, compose_ruleset, is_ruleset, pairs, text_of
from .ruleset_file import display_path as display_path
from .ruleset_params import RULE_KEYS, build_params

E = TypeVar("E", bound=Enum)

_TOP_KEYS = ("id", "title", "source", "extends", "rules")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_RULE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class Rule:
    """One check instantiated by a ruleset: ``us-regf/call-frequency`` is PB101 with numbers."""

    id: str
    name: str
    # The check it runs, as the catalogue knows it; the run imports its implementation.
    check: CheckSpec[Any]
    params: Any
    severity: Severity
    cite: str | None = None
    url: str | None = None
    why: str | None = None
    # The parameters the ruleset wrote (for short listings); the rest are defaults.
    written: tuple[str, ...] = dataclasses.field(default=(), compare=False)
    # checks.md v2: law, guidance or practice; and the playbooks the rule applies to.
    basis: Basis | None = None
    when: When | None = None
    # Where the rule's text was read when it has no primary ``url`` (and why it has none).
    source: str | None = None

    def applies(self, playbook: Playbook) -> bool:
        """Whether the rule's ``when`` lets it judge this playbook."""
        return self.when is None or self.when.applies(playbook)

    @property
    def ruleset_id(self) -> str:
        """The ruleset that defined the rule (inherited rules keep their own)."""
        return self.id.rpartition("/")[0]


@dataclass(frozen=True)
class Ruleset:
    """A loaded ruleset with its inherited rules resolved, in file order (parents first)."""

    id: str
    title: str
    source: str
    path: Path
    extends: tuple[str, ...]
    rules: tuple[Rule, ...]
    # Every ruleset extended, directly or not (so a selection of both can drop the parent).
    ancestors: frozenset[str] = frozenset()
    # Every ruleset file read to build it, with the digest of what was read: its own,
    # then its ``extends`` chain (the cache keys on them: cli.md v3 item 1).
    read: tuple[FileRead, ...] = ()

    def rule(self, id_or_name: str) -> Rule | None:
        """The rule with this id (``us-regf/call-frequency``) or local name (``call-frequency``)."""
        return next((r for r in self.rules if id_or_name in (r.id, r.name)), None)


# --------------------------------------------------------------------------- finding rulesets


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))


_BUNDLED: dict[str, Ruleset] = {}


def load_ruleset(id_or_path: str) -> Ruleset:
    """A bundled ruleset by id, or a ruleset file by path; raises ``RulesetError``."""
    _bundled_phrase_lists()
    if is_bundled(id_or_path):
        return _load_bundled(id_or_path, ())
    if not _looks_like_path(id_or_path) and not Path(id_or_path).is_file():
        bundled = ", ".join(bundled_ruleset_ids())
        raise RulesetError(
            f"unknown ruleset '{id_or_path}'{did_you_mean(id_or_path, bundled_ruleset_ids())}"
            f" (bundled: {bundled}; or give the path of a ruleset file)",
            key=id_or_path,
        )
    return _load_file(Path(id_or_path))


def _bundled_phrase_lists() -> None:
    """The content checks' bundled phrase lists are part of every ruleset: validate them
    when a ruleset loads (once; they are cached), so a broken list is an error here."""
    try:
        load_bundled_lists()
    except PhraseListError as error:
        raise RulesetError(
            f"bundled phrase list: {error}", path=error.path, line=error.line
        ) from None


# Ruleset files already loaded in this process, by path and version on disk: the engine
# resolves a file's rulesets once per linted playbook, and a company ruleset named with
# --ruleset would otherwise be read and validated again for each of thousands of files.
_FILES: dict[tuple[Path, int, int], Ruleset] = {}


def _load_file(path: Path) -> Ruleset:
    try:
        stat = path.stat()
    except OSError:
        return _load_path(path, ())  # reports the unreadable file with its message
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _FILES:
        _FILES[key] = _load_path(path, ())
    return _FILES[key]


def resolve_rulesets(names: Sequence[str]) -> tuple[Ruleset, ...]:
    """The rulesets named, loaded, de-duplicated, in order; none named means ``baseline``."""
    if not names:
        return (load_ruleset(DEFAULT_RULESET),)
    loaded: list[Ruleset] = []
    for name in names:
        ruleset = load_ruleset(name)
        if all(r.id != ruleset.id for r in loaded):
            loaded.append(ruleset)
    return tuple(loaded)


def files_read(names: Sequence[str]) -> tuple[FileRead, ...]:
    """Every file the loader read for the rulesets ``names`` (none: ``baseline``), with
    the digest of the bytes it read: each ruleset file, its ``extends`` chain, and the
    bundled phrase lists every ruleset validates on loading. Raises ``RulesetError`` as
    loading does."""
    read = (f for ruleset in resolve_rulesets(names) for f in ruleset.read)
    return tuple(dict.fromkeys((*read, *bundled_lists_read())))


def active_rules(rulesets: Sequence[Ruleset]) -> tuple[Rule, ...]:
    """The rules to run for a selection: each rule id once.

    A ruleset that another selected ruleset extends is skipped, because the child
    already carries its rules, minus the ones it replaced or disabled (``baseline``
    and ``us-regf`` together must not run both ``no-threats`` rules).
    """
    covered = frozenset().union(*(r.ancestors for r in rulesets))
    seen: set[str] = set()
    rules: list[Rule] = []
    for ruleset in rulesets:
        if ruleset.id in covered:
            continue
        for rule in ruleset.rules:
            if rule.id not in seen:
                seen.add(rule.id)
                rules.append(rule)
    return tuple(rules)


def all_bundled_rules() -> tuple[Rule, ...]:
    """Every distinct rule of every bundled ruleset (an inherited rule once, by id)."""
    seen: dict[str, Rule] = {}
    for ruleset_id in bundled_ruleset_ids():
        for rule in load_ruleset(ruleset_id).rules:
            seen.setdefault(rule.id, rule)
    return tuple(seen.values())


# --------------------------------------------------------------------------- loading files


def _load_bundled(ruleset_id: str, stack: tuple[Path, ...]) -> Ruleset:
    if ruleset_id not in _BUNDLED:
        _BUNDLED[ruleset_id] = _load_path(bundled_path(ruleset_id), stack)
    return _BUNDLED[ruleset_id]


# How many files an ``extends`` chain may pass through (1,200 once took minutes).
MAX_EXTENDS_DEPTH = 32


def _load_path(path: Path, stack: tuple[Path, ...]) -> Ruleset:
    file = RulesetFile(path)
    resolved = path.resolve()
    if len(stack) > MAX_EXTENDS_DEPTH:
        raise file.error(None, f"'extends' goes more than {MAX_EXTENDS_DEPTH} files deep")
    root, read = compose_ruleset(path)
    if root is None:
        raise file.error(None, "the file is empty; a ruleset needs at least 'id' and 'rules'")
    if not is_ruleset(root):
        raise file.error(None, "this is not a ruleset file (a mapping with 'id' and 'rules')")
    top = {k.value: (k, v) for k, v in pairs(file, root, "a ruleset")}
    for name, (key, _) in top.items():
        if name not in _TOP_KEYS:
            raise file.error(
                key,
                f"unknown key '{name}'{did_you_mean(name, _TOP_KEYS)} "
                f"(a ruleset has {', '.join(_TOP_KEYS)})",
                name,
            )

    ruleset_id = _ruleset_id(file, top, resolved)
    title = text_of(file, top["title"][1], "title", "'title'") if "title" in top else ruleset_id
    source = text_of(file, top["source"][1], "source", "'source'") if "source" in top else ""

    parents = _parents(file, top.get("extends"), (*stack, resolved))
    inherited: list[Rule] = []
    for parent in parents:
        for rule in parent.rules:
            _put(inherited, _as_inherited(rule, ruleset_id))
    ancestors = frozenset().union(*({p.id} | p.ancestors for p in parents))

    rules = list(inherited)
    if "rules" in top and not is_null(top["rules"][1]):
        for key, body in pairs(file, top["rules"][1], "'rules'"):
            _apply_rule(file, ruleset_id, key, body, inherited, rules)
    return Ruleset(
        id=ruleset_id,
        title=title,
        source=source,
        path=path,
        extends=tuple(p.id for p in parents),
        rules=tuple(rules),
        ancestors=ancestors,
        read=tuple(dict.fromkeys((read, *(f for p in parents for f in p.read)))),
    )


def _ruleset_id(file: RulesetFile, top: dict[str, tuple[ScalarNode, Node]], resolved: Path) -> str:
    stem = resolved.name.removesuffix(".yaml").removesuffix(".yml")
    if "id" not in top:
        ruleset_id, node = stem, None
    else:
        node = top["id"][1]
        ruleset_id = text_of(file, node, "id", "'id'")
    if not _ID.match(ruleset_id):
        raise file.error(
            node,
            f"invalid ruleset id '{ruleset_id}': use lower-case letters, digits, '-', '_' or '.'",
            "id",
        )
    if is_bundled(ruleset_id) and resolved != bundled_path(ruleset_id).resolve():
        raise file.error(
            node,
            f"ruleset id '{ruleset_id}' is a bundled ruleset; choose another id "
            f"(and 'extends: {ruleset_id}' to build on it)",
            "id",
        )
    return ruleset_id


def _parents(
    file: RulesetFile, entry: tuple[ScalarNode, Node] | None, stack: tuple[Path, ...]
) -> list[Ruleset]:
    if entry is None or is_null(entry[1]):
        return []
    node = entry[1]
    items = node.value if isinstance(node, SequenceNode) else [node]
    parents: list[Ruleset] = []
    for item in items:
        name = text_of(file, item, "extends", "each entry of 'extends'")
        parent = _load_parent(file, item, name, stack)
        if all(p.id != parent.id for p in parents):
            parents.append(parent)
    return parents


def _load_parent(file: RulesetFile, node: Node, name: str, stack: tuple[Path, ...]) -> Ruleset:
    if is_bundled(name):
        path = bundled_path(name)
    elif _looks_like_path(name):
        path = (file.path.parent / name) if not Path(name).is_absolute() else Path(name)
        if not path.is_file():
            raise file.error(node, f"extends '{name}': no such ruleset file", "extends")
    else:
        raise file.error(
            node,
            f"extends unknown ruleset '{name}'{did_you_mean(name, bundled_ruleset_ids())}",
            "extends",
        )
    if path.resolve() in stack:
        chain = " -> ".join(display_path(p) for p in (*stack, path.resolve()))
        raise file.error(node, f"extends cycle: {chain}", "extends")
    try:
        if is_bundled(name):
            return _load_bundled(name, stack)
        return _load_path(path, stack)
    except RulesetError as error:
        if error.path is None:  # the parent file vanished or is unreadable
            raise file.error(node, f"extends '{name}': {error.message}", "extends") from None
        raise


def _as_inherited(rule: Rule, ruleset_id: str) -> Rule:
    """A parent's rule as the child carries it: a shared baseline rule loses its sources,
    which are other jurisdictions' texts, until the child cites its own law."""
    if rule.ruleset_id != SHARED_RULESET or ruleset_id == SHARED_RULESET:
        return rule
    return dataclasses.replace(rule, cite=inherited_cite(rule.basis), url=None, source=None)


def _put(rules: list[Rule], rule: Rule) -> None:
    """Add a rule; one with the same name replaces the earlier one in place."""
    for index, existing in enumerate(rules):
        if existing.name == rule.name:
            rules[index] = rule
            return
    rules.append(rule)


# --------------------------------------------------------------------------- rules


def _apply_rule(
    file: RulesetFile,
    ruleset_id: str,
    key: ScalarNode,
    body: Node,
    inherited: list[Rule],
    rules: list[Rule],
) -> None:
    written = str(key.value)
    base: Rule | None
    if "/" in written:
        # A rule addressed by its full id must be an inherited one.
        base = next((r for r in inherited if r.id == written), None)
        if base is None:
            raise file.error(
                key,
                f"no inherited rule '{written}'{did_you_mean(written, [r.id for r in inherited])}",
                written,
            )
        name = base.name
    else:
        name = written
        if not _RULE_NAME.match(name):
            raise file.error(
                key, f"invalid rule name '{name}': use lower-case letters, digits and '-'", name
            )
        base = next((r for r in inherited if r.name == name), None)

    entries = pairs(file, body, f"rule '{name}'")
    fields = {k.value: (k, v) for k, v in entries}

    if "disabled" in fields:
        disabled = boolean(file, fields["disabled"][1], "disabled", f"'disabled' of rule '{name}'")
        if disabled:
            if base is None:
                raise file.error(
                    key,
                    f"rule '{name}' is disabled but no inherited rule has that name"
                    f"{did_you_mean(name, [r.name for r in inherited])}",
                    name,
                )
            rules[:] = [r for r in rules if r.name != base.name]
            return

    check = _rule_check(file, key, name, fields, base)
    if base is not None and base.check.code != check.code:
        base = None  # another check: a fresh rule, nothing to refine

    basis = base.basis if base else None
    if "basis" in fields:
        basis = _basis(file, fields["basis"][1], name)
    severity = base.severity if base else check.severity
    if "basis" in fields and basis is not None:
        severity = basis.severity
    if "severity" in fields:
        severity = _severity(file, fields["severity"][1], name)
    when = base.when if base else None
    if "when" in fields:
        when = _when(file, fields["when"][1], name)
    cite, url, why = (base.cite, base.url, base.why) if base else (None, None, None)
    source = base.source if base else None
    if base is not None and any(k not in RULE_KEYS for k in fields):
        # A refined number is this ruleset's policy, not the law it refines.
        cite = house_cite(ruleset_id, base.cite)
    if "cite" in fields:
        cite = text_of(file, fields["cite"][1], "cite", f"'cite' of rule '{name}'")
    if "url" in fields:
        url = text_of(file, fields["url"][1], "url", f"'url' of rule '{name}'")
    if "url" in fields:
        source = None  # the parent's reason for having no url no longer holds
    if "source" in fields:
        source = " ".join(
            text_of(file, fields["source"][1], "source", f"'source' of rule '{name}'").split()
        )
    if "why" in fields:
        why = " ".join(text_of(file, fields["why"][1], "why", f"'why' of rule '{name}'").split())

    params = build_params(file, key, name, check, entries, base.params if base else None)
    # In the order the ruleset wrote them, inherited ones first.
    own = [k for k in fields if k not in RULE_KEYS]
    wrote = tuple(dict.fromkeys([*(base.written if base else ()), *own]))
    rule = Rule(
        f"{ruleset_id}/{name}",
        name,
        check,
        params,
        severity,
        cite,
        url,
        why,
        wrote,
        basis=basis,
        when=when,
        source=source,
    )
    if base is not None:
        rules[:] = [rule if r.name == base.name else r for r in rules]
    else:
        _put(rules, rule)


def _rule_check(
    file: RulesetFile,
    key: ScalarNode,
    name: str,
    fields: dict[str, tuple[ScalarNode, Node]],
    base: Rule | None,
) -> CheckSpec[Any]:
    if "check" not in fields:
        if base is not None:
            return base.check
        raise file.error(
            key, f"rule '{name}' has no 'check' (a code such as PB101, or a check name)", name
        )
    node = fields["check"][1]
    written = text_of(file, node, "check", f"'check' of rule '{name}'")
    check = spec_for(written)
    if check is None:
        names = check_names()
        raise file.error(
            node,
            f"unknown check '{written}' in rule '{name}'{did_you_mean(written, names)}",
            "check",
        )
    if check.always_on:
        raise file.error(
            node,
            f"{check.code} ({check.name}) is a structure check: always on, "
            "it takes no ruleset rule",
            "check",
        )
    return check


def _severity(file: RulesetFile, node: Node, name: str) -> Severity:
    return _rule_enum(file, node, name, "severity", Severity)


def _basis(file: RulesetFile, node: Node, name: str) -> Basis:
    return _rule_enum(file, node, name, "basis", Basis)


def _rule_enum(file: RulesetFile, node: Node, name: str, key: str, enum: type[E]) -> E:
    """A rule-level word (``severity: error``, ``basis: law``) as its enum member."""
    chosen = choose(enum, text_of(file, node, key, f"'{key}' of rule '{name}'"))
    if isinstance(chosen, Unknown):
        raise file.error(
            node,
            f"invalid {key} '{chosen.word}' for rule '{name}'{chosen.hint()}"
            f" (one of {chosen.listed()})",
            key,
        )
    return chosen


def _when(file: RulesetFile, node: Node, name: str) -> When:
    """``when: {instalments: [weekly]}`` (one value stands for a list of one)."""
    instalments: set[Instalments] = set()
    for key, value in pairs(file, node, f"'when' of rule '{name}'"):
        if key.value not in WHEN_KEYS:
            raise file.error(
                key,
                f"unknown key '{key.value}' in 'when' of rule '{name}'"
                f"{did_you_mean(key.value, list(WHEN_KEYS))} (it takes {', '.join(WHEN_KEYS)})",
                "when",
            )
        items = value.value if isinstance(value, SequenceNode) else [value]
        for item in items:
            written = text_of(file, item, "when", f"'when: {key.value}' of rule '{name}'")
            word = choose_word(WHEN_KEYS[key.value], written)
            if isinstance(word, Unknown):
                raise file.error(
                    item,
                    f"unknown {key.value} '{word.word}' in 'when' of rule '{name}'"
                    f"{word.hint()} (one of {word.listed()})",
                    "when",
                )
            instalments.add(Instalments(word))
    return When(frozenset(instalments))
