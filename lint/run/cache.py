"""The result cache: a file's findings, kept until its bytes, the tool or the settings change.

As ruff's: one entry per linted file in ``.playbook-lint-cache/`` at the project root,
which holds its own ``.gitignore``. An entry is keyed on everything that decides a file's
findings: the tool's version and code, the path as reported, the file's bytes, and the
resolved settings that reach the engine, rulesets by their content (a ruleset edited in
place is a new key), not their names. Selection (``--select``, per-file ignores,
baselines) is applied after the cache, so changing it reuses every entry.

The cache is input too (cli.md v2), and the folder sits in the repository, where anyone
who can commit can plant an entry (issue 23 item 2). So every entry carries an
HMAC-SHA256 of its content under a secret key that never lives in a repository: 32
random bytes in the user's cache directory (``$XDG_CACHE_HOME/playbook-lint/key``, else
``~/.cache/playbook-lint/key``), made mode 0600 on first use. An entry whose MAC does
not verify is a miss, checked before its JSON is parsed at all; so is an entry that is
not a regular file (a FIFO, a symbolic link: opened without following links and without
blocking), that is too large, or that names another key. Without a usable key (no home,
a key file that is a link, or readable by others) there is no cache for the run.
Entries are written to a unique temporary file and renamed into place, so concurrent
runs never see half an entry. Entries live under a folder per tool version and code
stamp: a new version never reads an old one's. Any problem with the cache folder turns
the cache off for the run; it never fails a run. ``docs/cache.md`` says all of this
for users.

The key (cli.md v3 item 1) is what the loaders report they read, each file with the
digest of the very bytes its loader read (``canonical.FileRead``; the cache reads none
of them again): every ruleset file of each ``extends`` chain and the bundled phrase
lists (``rulesets.files_read``), every config file that applied (``Settings.read``);
then the year, the selection and the tool's version.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..canonical import FileRead
from ..diagnostics import Finding, Related, Severity
from ..model import Span
from ..resources import grammar_path, rulesets_dir
from ..rules.rulesets import RulesetError, files_read

CACHE_DIR = ".playbook-lint-cache"
_GITIGNORE = "# Made by playbook-lint: its result cache, never committed.\n*\n"
# An entry bigger than this is not one we wrote: ignore it rather than read it.
_MAX_ENTRY_BYTES = 16 * 1024 * 1024
_FIELDS = tuple(f.name for f in fields(Finding))


@dataclass(frozen=True)
class CachedResult:
    """What linting one file gave: its findings and what suppression comments silenced."""

    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...] = ()
    applied: frozenset[str] = frozenset()  # the check codes of the rules that applied


@cache
def code_stamp() -> str:
    """The tool's version and a digest of its code and shipped data (names, sizes and
    modification times: cheap, and an edited checkout is a new tool)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    data = [*sorted(package.rglob("*.py")), grammar_path(), *sorted(rulesets_dir().rglob("*"))]
    for path in data:
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path.name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return f"{__version__}-{digest.hexdigest()[:16]}"


def files_digest(read: Iterable[FileRead]) -> str:
    """One digest of the files a loader reports it read: each one's name and the digest
    of the bytes it read (never read again here)."""
    digest = hashlib.sha256()
    for file in read:
        digest.update(os.fsencode(file.path) + b"\0" + file.sha256.encode() + b"\n")
    return digest.hexdigest()


def ruleset_digest(names: Sequence[str]) -> str:
    """What the ruleset loader read for ``names``: each ruleset, its ``extends`` chain
    and the phrase lists. A ruleset that cannot be loaded is keyed on its name (the run
    reports it and stops)."""
    try:
        return files_digest(files_read(names))
    except RulesetError:
        return files_digest(FileRead("<unloadable>", name) for name in names)


def settings_context(
    read: Sequence[FileRead], selection: Mapping[str, object], year: int
) -> tuple[str, ...]:
    """The rest of what a file's result depends on: the config files that applied as
    their loader read them, the selection (``select``, ``ignore``…), and the year."""
    return (
        f"config={files_digest(read)}",
        f"selection={json.dumps(selection, sort_keys=True, default=str)}",
        f"year={year}",
    )


def entry_key(path: str, data: bytes, settings: Sequence[str]) -> str:
    """The key of one file's entry: its path as reported, its bytes, and the resolved
    settings that reach the engine (already digested where they are files)."""
    digest = hashlib.sha256(code_stamp().encode() + b"\0")
    digest.update(path.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(json.dumps(list(settings)).encode() + b"\0")
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


KEY_BYTES = 32


def secret_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the user's cache secret lives: ``$XDG_CACHE_HOME/playbook-lint/key`` (an
    absolute XDG_CACHE_HOME only, as the spec says), else ``~/.cache/playbook-lint/key``."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = environ.get("HOME") or os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "playbook-lint" / "key"


def cache_secret(path: Path | None = None) -> bytes | None:
    """The user's secret key for entry MACs, made on first use; None when there is no
    sound one (then no cache is used)."""
    path = secret_path() if path is None else path
    return _secret_at(path) if path is not None else None


@cache
def _secret_at(path: Path) -> bytes | None:
    """Read once per process (a worker lints many files with one key)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return _read_secret(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        _write_secret(path)
        return _read_secret(path)
    except OSError:
        return None


def _read_secret(path: Path) -> bytes | None:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        # Only a key no one else could have written or read is a secret.
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        data = os.read(fd, 2 * KEY_BYTES + 1)
    finally:
        os.close(fd)
    try:
        key = bytes.fromhex(data.decode("ascii"))
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def _write_secret(path: Path) -> None:
    """Write a new key beside ``path`` and link it into place: of two runs making one
    at once, one wins and both read it."""
    fd, temporary = tempfile.mkstemp(prefix=".key-", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(KEY_BYTES))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


class ResultCache:
    """One project's cache folder, opened for a run. Use ``open_cache``."""

    def __init__(self, folder: Path, secret: bytes | None = None) -> None:
        self._folder = folder  # .playbook-lint-cache/<code stamp>, checked by open_cache
        # A worker process reopens the cache from its folder and reads the key itself.
        self._secret = secret if secret is not None else cache_secret()

    @property
    def folder(self) -> Path:
        """Where the entries are (a worker process reopens the cache from it)."""
        return self._folder

    def get(self, key: str) -> CachedResult | None:
        """The entry stored under ``key``, if there is a sound one that we wrote."""
        if self._secret is None:
            return None
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self._entry(key), flags)  # a FIFO opens at once, and is refused
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_ENTRY_BYTES:
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                raw = handle.read(_MAX_ENTRY_BYTES + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        mac, _, payload = raw.partition(b"\n")
        if not hmac.compare_digest(mac, _mac(self._secret, payload)):
            return None  # planted, edited or truncated: never parsed
        return _decode(payload, key)

    def put(self, key: str, result: CachedResult) -> None:
        """Store ``result`` under ``key`` atomically; a failure only loses the entry."""
        if self._secret is None:
            return
        text = json.dumps(
            {
                "key": key,
                "findings": [_encoded(f) for f in result.findings],
                "suppressed": [_encoded(f) for f in result.suppressed],
                "applied": sorted(result.applied),
            },
            ensure_ascii=True,
            separators=(",", ":"),
        )
        try:
            fd, temporary = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=self._folder)
        except OSError:
            return
        try:
            payload = text.encode("ascii")
            with os.fdopen(fd, "wb") as handle:
                handle.write(_mac(self._secret, payload) + b"\n" + payload)
            os.replace(temporary, self._entry(key))
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def _entry(self, key: str) -> Path:
        return self._folder / f"{key}.json"


def _mac(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, payload, hashlib.sha256).hexdigest().encode("ascii")


def open_cache(root: Path) -> ResultCache | None:
    """The cache of the project at ``root``, made if missing; None (no cache for this run)
    when ``root`` has no usable cache folder: a symbolic link anywhere in it, something
    that is not a folder, or no permission."""
    secret = cache_secret()
    if secret is None:
        return None
    top = root / CACHE_DIR
    folder = top / code_stamp()
    try:
        for path in (top, folder):
            _own_folder(path)
        gitignore = top / ".gitignore"
        if not os.path.lexists(gitignore):
            _write_new(gitignore, _GITIGNORE)
    except OSError:
        return None
    return ResultCache(folder, secret)


def _own_folder(path: Path) -> None:
    """Make ``path`` a real folder, or raise OSError: a symbolic link, or anything else
    that is not a folder, is never used."""
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o755)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(str(path))


def _write_new(path: Path, text: str) -> None:
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o644)
    except FileExistsError:
        return  # another run wrote it first
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _encoded(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(finding, name) for name in _FIELDS}
    out["severity"] = finding.severity.value
    out["identity"] = list(finding.identity)
    out["related"] = [
        [[r.span.line, r.span.column, r.span.end_line, r.span.end_column], r.message, r.cited]
        for r in finding.related
    ]
    out["also"] = [list(entry) for entry in finding.also]
    return out


def _decode(raw: bytes, key: str) -> CachedResult | None:
    """An entry's findings, or None when it is not a sound entry for ``key``."""
    try:
        entry = json.loads(raw)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        applied = entry["applied"]
        if not isinstance(applied, list) or not all(isinstance(c, str) for c in applied):
            return None
        return CachedResult(  # ValueError from unpacking a wrong-sized list, too
            tuple(_finding(f) for f in entry["findings"]),
            tuple(_finding(f) for f in entry["suppressed"]),
            frozenset(applied),
        )
    except (ValueError, KeyError, TypeError, RecursionError):
        return None


_TEXT = (str,)
_OPTIONAL = (str, type(None))


def _finding(raw: Any) -> Finding:
    """One finding back from JSON, every field checked (TypeError/ValueError if not)."""
    if not isinstance(raw, dict) or set(raw) != set(_FIELDS):
        raise TypeError("not a finding")
    for name in ("line", "column", "end_line", "end_column"):
        if type(raw[name]) is not int:
            raise TypeError(name)
    for name in ("path", "code", "check", "message", "anchor"):
        if not isinstance(raw[name], _TEXT):
            raise TypeError(name)
    for name in ("rule", "cite", "url", "why", "help", "suppressed"):
        if not isinstance(raw[name], _OPTIONAL):
            raise TypeError(name)
    identity = raw["identity"]
    if not (isinstance(identity, list) and len(identity) == 2):
        raise TypeError("identity")
    if not all(isinstance(part, str) for part in identity):
        raise TypeError("identity")
    return Finding(
        **{
            **raw,
            "severity": Severity(raw["severity"]),
            "identity": tuple(identity),
            "related": tuple(_related(r) for r in _list(raw["related"])),
            "also": tuple(_also(a) for a in _list(raw["also"])),
        }
    )


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _related(raw: Any) -> Related:
    span, message, cited = _list(raw)
    numbers = _list(span)
    if len(numbers) != 4 or not all(type(n) is int for n in numbers):
        raise TypeError("span")
    if not isinstance(message, str) or not isinstance(cited, bool):
        raise TypeError("related")
    return Related(Span(*numbers), message, cited)


def _also(raw: Any) -> tuple[str, str, str | None]:
    code, check, rule = _list(raw)
    if not (isinstance(code, str) and isinstance(check, str) and isinstance(rule, _OPTIONAL)):
        raise TypeError("also")
    return code, check, rule
