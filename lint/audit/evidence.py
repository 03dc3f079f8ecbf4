"""Evidence of an audit, and checking it again (``audit --verify``).

The evidence pins down everything a verdict depends on: the tool and Python versions,
each ruleset's id and the SHA-256 of its resolved content (after ``extends``, so a changed
parent changes the child's digest), each input's path, size and SHA-256, the options,
and the UTC time. Verifying re-reads every input and ruleset, and re-judges.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .. import __version__
from ..canonical import stable_text
from ..rules.rulesets import Rule, Ruleset, RulesetError, display_path, load_ruleset
from .judge import Judged

SCHEMA = "playbook-lint-audit/1"


@dataclass(frozen=True)
class Options:
    """The options that change verdicts (recorded in the evidence and replayed)."""

    rulesets: tuple[str, ...]  # the matrix as given; empty: each playbook's own
    trust_submitter: bool
    fail_level: str
    year: int  # the analysed calendar year: hours, DST and holidays depend on it

    def as_json(self) -> dict[str, Any]:
        return {
            "rulesets": list(self.rulesets),
            "trust_submitter": self.trust_submitter,
            "fail_level": self.fail_level,
            "year": self.year,
        }


def ruleset_digest(ruleset: Ruleset) -> str:
    """SHA-256 of a ruleset's resolved content: every rule with its check, severity,
    parameters and citation, in order. Formatting and comments of the file do not count;
    any number that changes a verdict does."""
    content = [ruleset.id, [_rule_content(r) for r in ruleset.rules]]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def _rule_content(rule: Rule) -> list[str]:
    """Every field of a rule that can change a verdict or what the report cites (its
    check by code; ``written`` only says which of them the file spelled out)."""
    return [
        f"{f.name}={rule.check.code if f.name == 'check' else stable_text(getattr(rule, f.name))}"
        for f in dataclasses.fields(rule)
        if f.name != "written"
    ]


def ruleset_entry(name: str) -> dict[str, Any]:
    """``{"name", "id", "path", "sha256"}`` of the ruleset ``name`` (an id or a path)."""
    ruleset = load_ruleset(name)
    return {
        "name": name,
        "id": ruleset.id,
        "path": display_path(ruleset.path),
        "sha256": ruleset_digest(ruleset),
    }


def evidence(
    judged: Sequence[Judged], options: Options, now: datetime | None = None
) -> dict[str, Any]:
    """The evidence block of a finished audit."""
    names = dict.fromkeys(c.ruleset for j in judged for c in j.cells)
    names.update(dict.fromkeys(options.rulesets))
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return {
        "tool": {"name": "playbook-lint", "version": __version__},
        "python": platform.python_version(),
        "rulesets": [ruleset_entry(n) for n in names],
        "inputs": [
            {"path": j.path, "size": j.size, "sha256": j.sha256} for j in judged if not j.unreadable
        ],
        # Inputs that could not be read have no bytes to pin down; --verify skips them.
        "unreadable": [{"path": j.path, "reason": j.reason} for j in judged if j.unreadable],
        "options": options.as_json(),
        "utc": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


class EvidenceError(Exception):
    """An evidence file that cannot be read or is not one (exit 2)."""


@dataclass(frozen=True)
class Recorded:
    """What ``--verify`` needs from an audit's JSON."""

    options: Options
    inputs: tuple[tuple[str, int, str], ...]  # path, size, sha256
    rulesets: tuple[tuple[str, str], ...]  # name, sha256
    verdicts: Mapping[tuple[str, str], str]  # (path, ruleset) -> verdict
    version: str
    unreadable: frozenset[str] = frozenset()  # inputs recorded as unreadable rows


def _need(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise EvidenceError(f"not an audit evidence file: {where} is missing or malformed")
    return value


def read_recorded(text: str) -> Recorded:
    """Parse an ``audit --format json`` file; ``EvidenceError`` says what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise EvidenceError(f"not JSON: {error}") from None
    except RecursionError:  # [[[[…: Python's parser recurses once per level
        raise EvidenceError("not an audit evidence file: JSON nested too deeply") from None
    _need(data, dict, "the top level")
    if data.get("schema") != SCHEMA:
        raise EvidenceError(f'not an audit evidence file (no "schema": "{SCHEMA}")')
    ev = _need(data.get("evidence"), dict, "evidence")
    opts = _need(ev.get("options"), dict, "evidence.options")
    options = Options(
        tuple(
            _need(r, str, "options.rulesets")
            for r in _need(opts.get("rulesets"), list, "options.rulesets")
        ),
        bool(_need(opts.get("trust_submitter"), bool, "options.trust_submitter")),
        _need(opts.get("fail_level"), str, "options.fail_level"),
        _need(opts.get("year"), int, "options.year"),
    )
    inputs = tuple(
        (
            _need(i.get("path"), str, "inputs[].path"),
            _need(i.get("size"), int, "inputs[].size"),
            _need(i.get("sha256"), str, "inputs[].sha256"),
        )
        for i in (_need(x, dict, "inputs[]") for x in _need(ev.get("inputs"), list, "inputs"))
    )
    rulesets = tuple(
        (_need(r.get("name"), str, "rulesets[].name"), _need(r.get("sha256"), str, "sha256"))
        for r in (_need(x, dict, "rulesets[]") for x in _need(ev.get("rulesets"), list, "rulesets"))
    )
    verdicts: dict[tuple[str, str], str] = {}
    for entry in _need(data.get("playbooks"), list, "playbooks"):
        path = _need(_need(entry, dict, "playbooks[]").get("path"), str, "playbooks[].path")
        for ruleset, cell in _need(entry.get("cells"), dict, "playbooks[].cells").items():
            verdicts[(path, ruleset)] = _need(
                _need(cell, dict, "cells").get("verdict"), str, "cells[].verdict"
            )
    tool = _need(ev.get("tool"), dict, "evidence.tool")
    unreadable = frozenset(
        _need(_need(u, dict, "unreadable[]").get("path"), str, "unreadable[].path")
        for u in _need(ev.get("unreadable", []), list, "unreadable")
    )
    version = str(tool.get("version", "?"))
    return Recorded(options, inputs, rulesets, verdicts, version, unreadable)


def compare_inputs(recorded: Recorded, current: Mapping[str, bytes | None]) -> list[str]:
    """A line per input that is missing or whose bytes changed."""
    problems = []
    for path, size, digest in recorded.inputs:
        data = current.get(path)
        if data is None:
            problems.append(f"{path}: input missing or unreadable")
        elif len(data) != size or hashlib.sha256(data).hexdigest() != digest:
            problems.append(
                f"{path}: input changed (SHA-256 {hashlib.sha256(data).hexdigest()[:12]}…, "
                f"recorded {digest[:12]}…; {len(data)} bytes, recorded {size})"
            )
    return problems


def compare_rulesets(recorded: Recorded) -> list[str]:
    """A line per ruleset whose resolved content changed (or that no longer loads)."""
    problems = []
    for name, digest in recorded.rulesets:
        try:
            entry = ruleset_entry(name)
        except RulesetError as error:
            problems.append(f"ruleset {name}: cannot be loaded: {error}")
            continue
        if entry["sha256"] != digest:
            problems.append(
                f"ruleset {name} ({entry['path']}): content changed "
                f"(SHA-256 {entry['sha256'][:12]}…, recorded {digest[:12]}…)"
            )
    return problems


def compare_verdicts(
    recorded: Recorded, judged: Sequence[Judged], skip: Collection[str] = ()
) -> list[str]:
    """A line per (playbook, ruleset) whose verdict is not the recorded one; inputs in
    ``skip`` (missing, already reported) are left out."""
    now = {(j.path, c.ruleset): c.verdict for j in judged for c in j.cells}
    problems = []
    for key in sorted(set(now) | set(recorded.verdicts)):
        if key[0] in skip:
            continue
        before, after = recorded.verdicts.get(key), now.get(key)
        if before != after:
            problems.append(
                f"{key[0]}: verdict against {key[1]} is {after or 'absent'}, "
                f"recorded {before or 'absent'}"
            )
    return problems
