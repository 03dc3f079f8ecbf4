"""The result cache keeps a file's findings until its bytes, the tool or the settings
change, and treats its own folder as hostile input."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from playbook_lint.run.cache import (
    CACHE_DIR,
    CachedResult,
    code_stamp,
    entry_key,
    open_cache,
    ruleset_digest,
)
from playbook_lint.run.check import lint_one

EXAMPLE = Path(__file__).parent.parent / "examples" / "sloppy-us-agency.playbook"


def _result(path: str = "p.playbook") -> CachedResult:
    report = lint_one(path, EXAMPLE.read_bytes(), ("us-regf",))
    assert report.findings
    return CachedResult(report.findings, report.suppressed, report.applied)


def test_an_entry_comes_back_as_the_same_findings(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    assert cache is not None
    key = entry_key("p.playbook", EXAMPLE.read_bytes(), ("us-regf",))
    assert cache.get(key) is None
    stored = _result()
    cache.put(key, stored)
    back = cache.get(key)
    assert back == stored
    assert back is not None
    # Every field, not only those findings compare by.
    assert [(repr(f), f.identity) for f in back.findings] == [
        (repr(f), f.identity) for f in stored.findings
    ]
    assert any(f.related or f.also for f in stored.findings)
    assert back.applied == stored.applied


def test_the_folder_ignores_itself_in_git(tmp_path: Path) -> None:
    assert open_cache(tmp_path) is not None
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"


def test_the_key_changes_with_bytes_path_settings_and_ruleset_content(tmp_path: Path) -> None:
    data = EXAMPLE.read_bytes()
    base = entry_key("p.playbook", data, ("us-regf",))
    assert entry_key("p.playbook", data, ("us-regf",)) == base
    assert entry_key("p.playbook", data + b"\n", ("us-regf",)) != base
    assert entry_key("q.playbook", data, ("us-regf",)) != base
    assert entry_key("p.playbook", data, ("uk-cca",)) != base
    assert entry_key("p.playbook", data, ("us-regf", "no-suppressions")) != base
    ruleset = tmp_path / "house.yaml"
    ruleset.write_text("id: house\n")
    first = ruleset_digest([str(ruleset)])
    ruleset.write_text("id: house\ntitle: edited in place\n")
    assert ruleset_digest([str(ruleset)]) != first
    assert ruleset_digest(["us-regf"]) != ruleset_digest(["uk-cca"])


def test_entries_live_under_the_tool_version(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    assert cache is not None
    cache.put("k", _result())
    entries = list((tmp_path / CACHE_DIR).rglob("k.json"))
    assert [e.parent.name for e in entries] == [code_stamp()]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[]",
        b'{"key": "other", "findings": [], "suppressed": []}',
        b'{"key": "KEY", "findings": [{"path": 1}], "suppressed": []}',
        b'{"key": "KEY", "findings": "x", "suppressed": []}',
        b"\xff\xfe",
    ],
)
def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(
    tmp_path: Path, content: bytes
) -> None:
    cache = open_cache(tmp_path)
    assert cache is not None
    key = entry_key("p.playbook", b"x", ())
    entry = tmp_path / CACHE_DIR / code_stamp() / f"{key}.json"
    entry.write_bytes(content.replace(b"KEY", key.encode()))
    assert cache.get(key) is None
    cache.put(key, _result())
    assert cache.get(key) == _result()


def test_a_symlinked_cache_folder_is_never_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / CACHE_DIR).symlink_to(elsewhere)
    assert open_cache(project) is None
    assert list(elsewhere.iterdir()) == []


def test_a_symlinked_entry_is_never_read(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    assert cache is not None
    key = entry_key("p.playbook", b"x", ())
    real = tmp_path / "planted.json"
    cache.put(key, _result())
    entry = tmp_path / CACHE_DIR / code_stamp() / f"{key}.json"
    entry.rename(real)
    entry.symlink_to(real)
    assert cache.get(key) is None


def test_a_file_where_the_folder_should_be_turns_the_cache_off(tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).write_text("not a folder")
    assert open_cache(tmp_path) is None


def test_concurrent_writers_leave_one_sound_entry(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    assert cache is not None
    stored = _result()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: cache.put("same", stored), range(64)))
    assert cache.get("same") == stored
    folder = tmp_path / CACHE_DIR / code_stamp()
    assert sorted(os.listdir(folder)) == ["same.json"]
