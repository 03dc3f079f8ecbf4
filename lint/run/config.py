"""Configuration: ``[tool.playbook-lint]`` in ``pyproject.toml`` or ``.playbook-lint.yaml``.

Discovery walks up from each linted file's folder; the closest directory with a config
wins (``.playbook-lint.yaml`` / ``.yml`` before ``pyproject.toml`` in the same
directory), and nothing merges implicitly: ``extend = "path"`` inherits explicitly, the
extending file's keys replacing the inherited ones. A ``pyproject.toml`` without our
table is not a config. Keys mirror the long options of ``check``. Every problem raises
``ConfigError`` naming the file, the line and the key (the CLI exits 2).

Two kinds of keys:

* **per file** (``rulesets``, ``select``, ``ignore``, ``extend-select``,
  ``per-file-ignores``, ``exclude``, ``fail-level``): each linted file gets those of the
  config closest to it, so ``check teams/a teams/b`` lints each team by its own config;
* **run-wide** (``format``, ``baseline``, ``cache``; the command line's ``--output``, ``--color``
  and ``--jobs`` have no key): one value for the whole run, from the command line, else
  from the config closest to the *current directory* (where CI and pre-commit run).

``--config FILE`` applies one config to every file and to the run; ``--isolated`` reads
none. ``SettingsResolver`` does the lookups, caching the answer per directory.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from ..analysis.year import FIRST_YEAR, LAST_YEAR, default_year
from ..canonical import FileRead
from ..diagnostics import Severity
from ..files import read_regular
from ..syntax.yaml_nodes import YamlProblem, compose, position
from ..syntax.yaml_values import choose, flag, plain, whole_number
from .format_table import names as format_names

YAML_NAMES = (".playbook-lint.yaml", ".playbook-lint.yml")
PYPROJECT = "pyproject.toml"
TABLE = "tool.playbook-lint"


class ConfigError(Exception):
    """A config file that cannot be used: which file, which line (and, in a YAML file,
    which column: TOML gives none), which key, and why."""

    def __init__(
        self,
        path: str,
        line: int | None,
        key: str | None,
        message: str,
        column: int | None = None,
    ) -> None:
        where = f"{path}:{line}" if line else path
        where += f":{column}" if line and column else ""
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.key = key
        self.message = message


@dataclass(frozen=True)
class Glob:
    """A path pattern from a config file, relative to that file's directory.

    ``*`` and ``?`` stay inside one path segment, ``**`` spans segments; a pattern with no
    ``/`` matches a name at any depth (``*.draft.playbook``), as in ``.gitignore``. A
    pattern that matches a directory matches everything under it.
    """

    pattern: str
    root: str

    def matches(self, path: str | os.PathLike[str]) -> bool:
        absolute = Path(os.path.abspath(path))
        try:
            parts = absolute.relative_to(self.root).parts
        except ValueError:
            parts = absolute.parts[1:]
            if "/" in self.pattern.strip("/"):
                return False
        path_text = "/".join(parts)
        ends = [i for i, ch in enumerate(path_text) if ch == "/"] + [len(path_text)]
        reached = _glob_ends(self.pattern, path_text)
        return any(reached[end] for end in ends)


def _glob_ends(pattern: str, text: str) -> list[bool]:
    """For each end position of ``text``, can the glob match ``text[:end]``?

    A set-of-positions simulation instead of a regex: ``**a`` repeated made the regex
    backtrack for minutes (issue 15 item 6); this costs pattern length x path length.
    ``*`` and ``?`` stay inside a segment, ``**`` spans segments, ``**/`` is zero or more
    whole segments; a pattern with no inner ``/`` may start at any segment."""
    body = pattern.strip("/")
    size = len(text)
    if "/" in body:
        current = [i == 0 for i in range(size + 1)]
    else:  # matches a name at any depth, as in .gitignore
        current = [i == 0 or text[i - 1] == "/" for i in range(size + 1)]
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            current, i = _any_segments(current, text), i + 3
        elif body.startswith("**", i):
            current, i = _anything(current, text, stop_at_slash=False), i + 2
        elif body[i] == "*":
            current, i = _anything(current, text, stop_at_slash=True), i + 1
        else:
            current, i = _one(current, text, body[i]), i + 1
    return current


def _any_segments(current: list[bool], text: str) -> list[bool]:
    """``**/``: nothing, or anything that ends with a ``/``."""
    seen, step = False, list(current)
    for j in range(len(text) + 1):
        if j > 0 and text[j - 1] == "/" and seen:
            step[j] = True
        seen = seen or current[j]
    return step


def _anything(current: list[bool], text: str, *, stop_at_slash: bool) -> list[bool]:
    """``*`` (inside one segment) or ``**`` (across segments)."""
    active, step = False, [False] * (len(text) + 1)
    for j in range(len(text) + 1):
        active = active or current[j]
        step[j] = active
        if stop_at_slash and j < len(text) and text[j] == "/":
            active = False
    return step


def _one(current: list[bool], text: str, wanted: str) -> list[bool]:
    """One character: ``?`` is any but ``/``; anything else is itself."""
    step = [False] * (len(text) + 1)
    for j, ch in enumerate(text):
        if current[j] and (ch == wanted or (wanted == "?" and ch != "/")):
            step[j + 1] = True
    return step


@dataclass(frozen=True)
class PerFileIgnore:
    """``per-file-ignores``: the selectors ignored in files matching ``glob``."""

    glob: Glob
    selectors: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    """Everything a config file can set; the CLI's options replace these field by field."""

    rulesets: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_level: Severity = Severity.WARNING
    format: tuple[str, ...] = ()
    exclude: tuple[Glob, ...] = ()
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    baseline: str | None = None
    # Run-wide: whether the result cache may be used (``cache = false``, ``--no-cache``).
    cache: bool = True
    # The analysed calendar year; None: the current year (the rule `year.py` states).
    year: int | None = None
    # The files read, closest first (empty: defaults, or --isolated).
    sources: tuple[str, ...] = field(default=(), compare=False)
    # The same files with the digest of what was read (the result cache keys on them).
    read: tuple[FileRead, ...] = field(default=(), compare=False)

    def is_excluded(self, path: str | os.PathLike[str]) -> bool:
        """Does an ``exclude`` glob match this path (or a folder above it)?"""
        return any(glob.matches(path) for glob in self.exclude)

    def ignored_in(self, path: str | os.PathLike[str]) -> tuple[str, ...]:
        """The selectors ``per-file-ignores`` ignores in this file."""
        out: list[str] = []
        for entry in self.per_file_ignores:
            if entry.glob.matches(path):
                out.extend(entry.selectors)
        return tuple(out)


# --------------------------------------------------------------------------- reading one file


@dataclass(frozen=True)
class _Raw:
    """One file's keys as read, with the line (and column, when known) of each, before
    validation."""

    path: Path
    values: Mapping[str, Any]
    lines: Mapping[str, int]
    read: FileRead
    columns: Mapping[str, int] = field(default_factory=dict)


def _toml_lines(text: str, keys: Iterable[str]) -> dict[str, int]:
    """The line of each key inside our table (tomllib gives no positions), in one pass:
    scanning the file once per key was quadratic in a file of many unknown keys."""
    lines = text.splitlines()
    header = re.compile(r"^\s*\[\s*tool\s*\.\s*[\"']?playbook-lint[\"']?\s*(\.|\])")
    start = next((n for n, line in enumerate(lines) if header.match(line)), 0)
    key_at = re.compile(r"^\s*[\"']?([^\"'=.\s]+)[\"']?\s*[=.]")
    first: dict[str, int] = {}
    for n in range(start, len(lines)):
        match = key_at.match(lines[n])
        if match:
            first.setdefault(match.group(1), n + 1)
    return {key: first.get(key, start + 1) for key in keys}


def _read_toml(path: Path, *, require_table: bool) -> _Raw | None:
    import tomllib  # only where a pyproject.toml is read (2 ms of every start otherwise)

    text, read = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise ConfigError(str(path), line, None, f"not valid TOML: {error}") from None
    tool = data.get("tool") if isinstance(data, dict) else None
    table: Any = tool.get("playbook-lint") if isinstance(tool, dict) else None
    if table is None:
        if require_table:
            raise ConfigError(str(path), None, None, f"has no [{TABLE}] table")
        if path.name == PYPROJECT:
            return None
        table = data
    if not isinstance(table, dict):
        raise ConfigError(str(path), None, TABLE, "must be a table")
    return _Raw(path, table, _toml_lines(text, table), read)


def _read_yaml(path: Path) -> _Raw:
    text, read = _read_text(path)
    try:
        node = compose(text)
        values = plain(node) if node is not None else {}
    except YamlProblem as problem:
        message = f"not valid YAML: {problem}"
        raise ConfigError(str(path), problem.line, None, message, problem.column) from None
    if node is None:
        return _Raw(path, {}, {}, read)
    if not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        line, column = position(node.start_mark)
        raise ConfigError(str(path), line, None, "must be a mapping of keys", column)
    places = {str(k.value): position(k.start_mark) for k, _ in node.value}
    lines = {key: line for key, (line, _) in places.items()}
    columns = {key: column for key, (_, column) in places.items()}
    return _Raw(path, values, lines, read, columns)


# A config is a few hundred bytes; past this it is not one (and /dev/zero never ends).
MAX_CONFIG_BYTES = 1024 * 1024
# How many files an ``extend`` chain may pass through.
MAX_EXTEND_DEPTH = 32


def _read_text(path: Path) -> tuple[str, FileRead]:
    """The file's text, and what was read (its digest)."""
    try:
        data = read_regular(str(path), MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            raise ConfigError(str(path), None, None, f"over {MAX_CONFIG_BYTES // 1024} KiB")
        return data.decode("utf-8"), FileRead.of(path, data)
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ConfigError(str(path), None, None, f"cannot read: {reason}") from None


def _read(path: Path) -> _Raw | None:
    if path.suffix in (".yaml", ".yml"):
        return _read_yaml(path)
    return _read_toml(path, require_table=False)


# --------------------------------------------------------------------------- validation

_Conv = Callable[[Any, "_Where"], Any]


@dataclass(frozen=True)
class _Where:
    raw: _Raw
    key: str

    def error(self, message: str) -> ConfigError:
        line, column = self.raw.lines.get(self.key), self.raw.columns.get(self.key)
        return ConfigError(str(self.raw.path), line, self.key, message, column)


def _strings(value: Any, where: _Where) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(f"must be a list of strings, not {json.dumps(value, default=str)}")
    if any("\0" in v for v in value):
        raise where.error("contains a NUL byte")
    return tuple(v.strip() for v in value if v.strip())


def _fail_level(value: Any, where: _Where) -> Severity:
    level = choose(Severity, value) if isinstance(value, str) else None
    if not isinstance(level, Severity):
        allowed = ", ".join(s.value for s in Severity)
        raise where.error(f"is {value!r}; use one of {allowed}")
    return level


def _formats(value: Any, where: _Where) -> tuple[str, ...]:
    items = _strings(value, where)
    for item in items:
        name, _, target = item.partition(":")
        if name not in format_names("check"):
            known = ", ".join(format_names("check"))
            raise where.error(f"unknown format {name!r}; use one of {known}")
        problem = report_path_problem(target.strip()) if target.strip() else None
        if problem:
            raise where.error(
                f"report path {target.strip()!r} {problem}; a config may only write inside "
                "its own project (give other paths on the command line)"
            )
    return items


def report_path_problem(path: str) -> str | None:
    """Why a report path from a config file may not be used, or None.

    A repository's config is written by whoever wrote the repository: letting it name
    ``/home/u/.bashrc`` or ``../../x`` would let a pull request write anywhere the
    person running the linter can (issue 15). Only plain relative paths are allowed."""
    if "\0" in path:
        return "contains a NUL byte"
    if os.path.isabs(path) or path.startswith("~"):
        return "is absolute"
    if ".." in Path(path).parts:
        return "leaves the project through '..'"
    return None


def _globs(value: Any, where: _Where) -> tuple[Glob, ...]:
    root = str(where.raw.path.parent.resolve())
    return tuple(Glob(p, root) for p in _strings(value, where))


def _per_file(value: Any, where: _Where) -> tuple[PerFileIgnore, ...]:
    if not isinstance(value, dict):
        raise where.error("must be a table of glob = [codes]")
    root = str(where.raw.path.parent.resolve())
    return tuple(
        PerFileIgnore(Glob(pattern, root), _strings(codes, where))
        for pattern, codes in value.items()
    )


def _boolean(value: Any, where: _Where) -> bool:
    # TOML has booleans; the YAML config is read as text, and the one rule reads it.
    if isinstance(value, str) and flag(value) is not None:
        value = flag(value)
    if not isinstance(value, bool):
        raise where.error(f"must be true or false, not {json.dumps(value, default=str)}")
    return value


def _path(value: Any, where: _Where) -> str:
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        raise where.error("must be a path")
    return str((where.raw.path.parent / value).resolve())


def _rulesets(value: Any, where: _Where) -> tuple[str, ...]:
    # A ruleset is a bundled id or a file; a file is relative to the config that names it.
    out = []
    for item in _strings(value, where):
        candidate = where.raw.path.parent / item
        is_file = item.endswith((".yaml", ".yml")) and candidate.exists()
        out.append(str(candidate.resolve()) if is_file else item)
    return tuple(out)


def _year(value: Any, where: _Where) -> int:
    # The YAML config is read as text: a year arrives as digits, read by the one rule.
    if isinstance(value, str) and isinstance(whole_number(value), int):
        value = whole_number(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise where.error(f"must be a year such as 2026, not {json.dumps(value, default=str)}")
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise where.error(f"is {value}; use a year from {FIRST_YEAR} to {LAST_YEAR}")
    return value


# key in the file -> (Settings field, converter)
_KEYS: dict[str, tuple[str, _Conv]] = {
    "rulesets": ("rulesets", _rulesets),
    "select": ("select", _strings),
    "ignore": ("ignore", _strings),
    "extend-select": ("extend_select", _strings),
    "fail-level": ("fail_level", _fail_level),
    "format": ("format", _formats),
    "exclude": ("exclude", _globs),
    "per-file-ignores": ("per_file_ignores", _per_file),
    "baseline": ("baseline", _path),
    "cache": ("cache", _boolean),
    "year": ("year", _year),
}
_FIELDS = {f.name for f in fields(Settings)}
assert all(name in _FIELDS for name, _ in _KEYS.values())


def _validate(raw: _Raw) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.values.items():
        if key == "extend":
            continue
        if key not in _KEYS:
            hint = f"; did you mean {key.replace('_', '-')!r}?" if "_" in key else ""
            known = ", ".join(["extend", *_KEYS])
            raise _Where(raw, key).error(f"unknown key{hint} (known: {known})")
        name, convert = _KEYS[key]
        out[name] = convert(value, _Where(raw, key))
    return out


# --------------------------------------------------------------------------- discovery and loading


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The closest config file above ``start`` (a file or a folder), or None."""
    here = Path(os.path.abspath(start))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        found = _config_in(folder)
        if found is not None:
            return found
    return None


def _config_in(folder: Path) -> Path | None:
    """The config file in this very folder, if there is one."""
    for name in YAML_NAMES:
        if (folder / name).is_file():
            return folder / name
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and _has_table(pyproject):
        return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    text, _ = _read_text(pyproject)
    if "playbook-lint" not in text:
        return False
    return _read_toml(pyproject, require_table=False) is not None


def load_config(path: str | os.PathLike[str]) -> Settings:
    """The settings of one config file, following ``extend`` (cycles are an error)."""
    values, read = _load_layers(Path(os.path.abspath(path)), ())
    return Settings(**values, sources=tuple(r.path for r in read), read=read)


def _load_layers(
    path: Path, chain: tuple[Path, ...]
) -> tuple[dict[str, Any], tuple[FileRead, ...]]:
    if path in chain:
        cycle = " -> ".join(str(p) for p in (*chain, path))
        raise ConfigError(str(chain[-1]), None, "extend", f"extends itself: {cycle}")
    if len(chain) > MAX_EXTEND_DEPTH:
        message = f"goes more than {MAX_EXTEND_DEPTH} files deep"
        raise ConfigError(str(chain[0]), None, "extend", message)
    if path.exists() and not path.is_file():
        raise ConfigError(str(path), None, None, "not a regular file")
    if not path.is_file():
        raise ConfigError(str(path), None, None, "no such config file")
    raw = _read(path) if path.name != PYPROJECT else _read_toml(path, require_table=True)
    assert raw is not None
    values = _validate(raw)
    read: tuple[FileRead, ...] = (raw.read,)
    if "extend" in raw.values:
        base = _path(raw.values["extend"], _Where(raw, "extend"))
        inherited, base_read = _load_layers(Path(base), (*chain, path))
        values = {**inherited, **values}
        read = (*read, *base_read)
    return values, read


class SettingsResolver:
    """The settings of each linted file, and of the run.

    ``overlay`` (the command line's options) is applied once to each config read. The
    closest config of every directory asked about, and of each directory passed on the
    way up, is cached, as is each config file read: thousands of files in a few folders
    cost a few lookups.
    """

    def __init__(
        self,
        *,
        config: str | os.PathLike[str] | None = None,
        isolated: bool = False,
        overlay: Callable[[Settings], Settings] | None = None,
    ) -> None:
        self._overlay: Callable[[Settings], Settings] = overlay or (lambda s: s)
        self._fixed: Settings | None = None
        if isolated:
            self._fixed = self._overlay(Settings())
        elif config is not None:
            self._fixed = self._overlay(load_config(config))
        self._nearest: dict[Path, Path | None] = {}
        self._loaded: dict[Path | None, Settings] = {}

    def for_file(self, path: str | os.PathLike[str]) -> Settings:
        """The settings of one linted file (it need not exist: ``--stdin-filename``)."""
        return self._settings(Path(os.path.abspath(path)).parent)

    def for_path(self, path: str | os.PathLike[str]) -> Settings:
        """The settings of a file, or of the files directly in a folder."""
        here = Path(os.path.abspath(path))
        return self._settings(here if here.is_dir() else here.parent)

    def for_run(self) -> Settings:
        """The run-wide settings: the config closest to the current directory."""
        return self._settings(Path(os.path.abspath(os.curdir)))

    def _settings(self, folder: Path) -> Settings:
        if self._fixed is not None:
            return self._fixed
        found = self._closest(folder)
        if found not in self._loaded:
            self._loaded[found] = self._overlay(load_config(found) if found else Settings())
        return self._loaded[found]

    def _closest(self, folder: Path) -> Path | None:
        walked: list[Path] = []
        found: Path | None = None
        for current in (folder, *folder.parents):
            if current in self._nearest:
                found = self._nearest[current]
                break
            walked.append(current)
            found = _config_in(current)
            if found is not None:
                break
        for current in walked:
            self._nearest[current] = found
        return found


def show_settings(
    settings: Settings, *, path: str | None = None, run: Settings | None = None
) -> str:
    """``--show-settings``: every setting and where it came from, TOML-like.

    ``path`` names the file or folder the per-file settings are for; ``run`` gives the
    run-wide ones (``format``, ``baseline``) when they come from another config."""

    def strings(items: Iterable[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    def origin(sources: tuple[str, ...]) -> str:
        return " <- ".join(sources) if sources else "none (defaults)"

    run = settings if run is None else run
    head = []
    if path is not None:
        head.append(
            f"# settings for {path} (the first path; files elsewhere use their closest config)"
        )
    lines = [
        *head,
        "# config: " + origin(settings.sources),
        f"rulesets = {strings(settings.rulesets)}",
        "select = "
        + ("# every rule of the rulesets" if settings.select is None else strings(settings.select)),
        f"ignore = {strings(settings.ignore)}",
        f"extend-select = {strings(settings.extend_select)}",
        f'fail-level = "{settings.fail_level}"',
        f"exclude = {strings(g.pattern for g in settings.exclude)}",
        (
            f"year = {default_year()}  # not set: the current year"
            if settings.year is None
            else f"year = {settings.year}"
        ),
        "# run-wide (one value for every file): config: " + origin(run.sources),
        f"format = {strings(run.format)}",
        f"baseline = {json.dumps(run.baseline)}",
        f"cache = {json.dumps(run.cache)}",
        "[per-file-ignores]",
        *(
            f"{json.dumps(e.glob.pattern)} = {strings(e.selectors)}"
            for e in settings.per_file_ignores
        ),
    ]
    return "\n".join(lines) + "\n"
