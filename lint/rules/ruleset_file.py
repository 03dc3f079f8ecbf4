"""Reading a ruleset file's nodes, with every error at its place: ``RulesetError``
(``rulesets/x.yaml:5:7: invalid ruleset: …``), the bounded read of the file, and the
entries, text and true/false of its nodes (through the one value reader,
``yaml_values``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from ..canonical import FileRead
from ..files import read_regular
from ..resources import rulesets_dir
from ..syntax.yaml_nodes import YamlProblem, compose
from ..syntax.yaml_values import flag, is_null


class RulesetError(Exception):
    """A ruleset that cannot be used: unknown id, unreadable file, or invalid content.

    ``str()`` is ``rulesets/x.yaml:5:7: invalid ruleset: <message>`` when the problem has
    a place in a file, else just the message.
    """

    def __init__(
        self,
        message: str,
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.key = key
        super().__init__(self._text())

    def __str__(self) -> str:
        return self._text()

    def _text(self) -> str:
        if self.path is None:
            return self.message
        where = display_path(self.path)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: invalid ruleset: {self.message}"


@cache
def display_path(path: Path) -> str:
    """A path as a user should read it: bundled files as ``rulesets/x.yaml``, others relative."""
    resolved = path.resolve()
    if resolved.parent == rulesets_dir().resolve():
        return f"rulesets/{resolved.name}"
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


class RulesetFile:
    """The file being read, to raise errors that point into it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, node: Node | None, message: str, key: str | None = None) -> RulesetError:
        if node is None:
            return RulesetError(message, self.path, 1, 1, key)
        # PyYAML marks are 0-based; ours are 1-based.
        mark = node.start_mark
        return RulesetError(message, self.path, mark.line + 1, mark.column + 1, key)


# A ruleset is a few KB; a file past this is not one (``/dev/zero`` is not either).
MAX_RULESET_BYTES = 1024 * 1024


def compose_ruleset(path: Path) -> tuple[Node | None, FileRead]:
    """The file's YAML nodes, and what was read (its digest)."""
    try:
        data = read_regular(str(path), MAX_RULESET_BYTES + 1)
    except FileNotFoundError:
        raise RulesetError(f"ruleset file '{path}' not found", key=str(path)) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise RulesetError(f"cannot read ruleset file '{path}': {reason}", key=str(path)) from None
    if len(data) > MAX_RULESET_BYTES:
        message = f"ruleset file '{path}' is over {MAX_RULESET_BYTES // 1024} KiB; not a ruleset"
        raise RulesetError(message, key=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RulesetError(f"ruleset file '{path}' is not UTF-8 text", key=str(path)) from None
    try:
        return compose(text), FileRead.of(path, data)
    except YamlProblem as problem:
        # PyYAML's wording only: its snippets quote the file, which need not be a ruleset.
        raise RulesetError(
            f"not valid YAML: {problem.message}", path, problem.line, problem.column
        ) from None


def is_ruleset(root: Node) -> bool:
    """A mapping with ``id``, ``rules`` or ``extends`` at the top. Until a file is that,
    no error may quote it (``extends: [/etc/shadow]`` printed that file's first line)."""
    return isinstance(root, MappingNode) and any(
        isinstance(k, ScalarNode) and k.value in ("id", "rules", "extends") for k, _ in root.value
    )


def pairs(file: RulesetFile, node: Node, what: str) -> list[tuple[ScalarNode, Node]]:
    """The entries of a mapping; keys must be plain text and unique."""
    if not isinstance(node, MappingNode):
        raise file.error(node, f"{what} must be a mapping")
    pairs: list[tuple[ScalarNode, Node]] = []
    seen: set[str] = set()
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            raise file.error(key, f"{what} has a key that is not text")
        if key.value in seen:
            raise file.error(key, f"duplicate key '{key.value}' in {what}", key.value)
        seen.add(key.value)
        pairs.append((key, value))
    return pairs


def text_of(file: RulesetFile, node: Node, key: str, what: str) -> str:
    if not isinstance(node, ScalarNode) or is_null(node):
        raise file.error(node, f"{what} must be text", key)
    return str(node.value)


def boolean(file: RulesetFile, node: Node, key: str, what: str) -> bool:
    value = flag(node.value) if isinstance(node, ScalarNode) else None
    if value is None:
        raise file.error(node, f"{what} must be true or false", key)
    return value
