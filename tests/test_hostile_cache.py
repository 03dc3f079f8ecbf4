"""The result cache cannot be planted, and knows everything a result depends on (issue 23
item 2; issue 19 item 1; cli.md v3 item 1).

Every run here is a real process (a planted FIFO would hang an in-process run for good)
with its own user cache folder, where the secret key of the entries' MACs lives.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from playbook_lint.run.cache import CACHE_DIR, cache_secret, ruleset_digest, secret_path

pytestmark = pytest.mark.cache

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FAILING = ("sloppy-us-agency.playbook", "sloppy-us-agency.playbook.yaml")
CLEAN = ("uk-lender.playbook", "uk-lender.playbook.yaml")
PARENT = """\
id: parent
title: Parent house rules
rules:
  call-cap:
    check: PB101
    channels: [call]
    targets: [borrower]
    max: {max}
    window: 7 days
    count: attempts
    cite: House policy 4.2
"""
HOUSE = "id: house\ntitle: House rules\nextends: [parent.yaml]\nrules: {}\n"


def _check(project: Path, user_cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(user_cache)}
    return subprocess.run(
        [sys.executable, "-m", "playbook_lint", "check", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _project(tmp_path: Path, names: tuple[str, ...]) -> tuple[Path, Path]:
    project = tmp_path / "project"
    project.mkdir()
    for name in names:
        shutil.copy(EXAMPLES / name, project / name)
    return project, tmp_path / "user-cache"


def _entries(project: Path) -> list[Path]:
    return sorted((project / CACHE_DIR).glob("*/*.json"))


def _planted(key: str) -> str:
    """What an entry said on the old main: its key, and nothing found."""
    return json.dumps({"key": key, "findings": [], "suppressed": [], "applied": []})


@pytest.mark.parametrize("isolated", [False, True], ids=["config", "isolated"])
def test_a_planted_entry_never_passes_a_failing_playbook(tmp_path: Path, isolated: bool) -> None:
    project, user_cache = _project(tmp_path, FAILING)
    flags = ["--isolated"] if isolated else []
    first = _check(project, user_cache, *flags, ".")
    assert first.returncode == 1, first.stdout + first.stderr
    entries = _entries(project)
    assert len(entries) == 2
    # The committed entries name their keys; one also forges a MAC line.
    entries[0].write_text(_planted(entries[0].stem))
    entries[1].write_text("0" * 64 + "\n" + _planted(entries[1].stem))
    again = _check(project, user_cache, *flags, ".")
    assert again.returncode == 1, again.stdout
    assert again.stdout == first.stdout
    assert "All checks passed" not in again.stdout


def test_a_committed_cache_folder_from_elsewhere_is_ignored(tmp_path: Path) -> None:
    """The whole folder as another machine (another secret) wrote it: every entry a miss."""
    project, user_cache = _project(tmp_path, FAILING)
    first = _check(project, user_cache, ".")
    shutil.rmtree(user_cache)  # a new user, a new secret: as in CI after a commit
    for entry in _entries(project):
        entry.write_text(entry.read_text().replace('"findings":[{', '"findings":[],"x":[{'))
    again = _check(project, user_cache, ".")
    assert again.returncode == 1
    assert again.stdout == first.stdout


@pytest.mark.parametrize("kind", ["fifo", "deep-json", "symlink", "huge", "folder"])
def test_a_hostile_entry_is_a_miss_never_a_hang_or_a_traceback(tmp_path: Path, kind: str) -> None:
    project, user_cache = _project(tmp_path, FAILING)
    first = _check(project, user_cache, ".")
    for entry in _entries(project):
        entry.unlink()
        if kind == "fifo":
            os.mkfifo(entry)
        elif kind == "deep-json":
            entry.write_text("[" * 200_000 + "]" * 200_000)
        elif kind == "symlink":
            target = tmp_path / f"{entry.stem}-elsewhere.json"
            target.write_text(_planted(entry.stem))
            entry.symlink_to(target)
        elif kind == "huge":
            with entry.open("wb") as handle:
                handle.truncate(64 * 1024 * 1024)  # sparse: costs no disk
        else:
            entry.mkdir()
    again = _check(project, user_cache, ".")
    assert "Traceback" not in again.stderr
    assert again.returncode == 1, again.stderr
    assert again.stdout == first.stdout


def test_the_secret_is_the_users_own(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    path = secret_path(env)
    assert path == tmp_path / "xdg" / "playbook-lint" / "key"
    assert secret_path({"XDG_CACHE_HOME": "relative", "HOME": str(tmp_path / "home")}) == (
        tmp_path / "home" / ".cache" / "playbook-lint" / "key"
    )
    assert path is not None
    secret = cache_secret(path)
    assert secret is not None
    assert len(secret) == 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert cache_secret(path) == secret
    # A key others can read is no secret: no cache rather than a forgeable one.
    shared = tmp_path / "shared" / "key"
    shared.parent.mkdir()
    shared.write_text("ab" * 32)
    shared.chmod(0o644)
    assert cache_secret(shared) is None


# --------------------------------------------------------------------------- the key


def test_a_parent_ruleset_edited_is_linted_again(tmp_path: Path) -> None:
    """The stale pass of issue 19: lower ``max`` in a parent reached through ``extends``."""
    project, user_cache = _project(tmp_path, CLEAN)
    (project / "parent.yaml").write_text(PARENT.format(max=100))
    (project / "house.yaml").write_text(HOUSE)
    first = _check(project, user_cache, "--ruleset", "house.yaml", ".")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "All checks passed" in first.stdout
    (project / "parent.yaml").write_text(PARENT.format(max=1))
    again = _check(project, user_cache, "--ruleset", "house.yaml", ".")
    assert again.returncode == 1
    assert "PB101 [parent/call-cap]" in again.stdout
    assert "uk-lender.playbook.yaml" in again.stdout
    assert (
        again.stdout
        == _check(project, user_cache, "--no-cache", "--ruleset", "house.yaml", ".").stdout
    )


def test_a_config_in_a_parent_folder_edited_is_linted_again(tmp_path: Path) -> None:
    project, user_cache = _project(tmp_path, CLEAN)
    sub = project / "team"
    sub.mkdir()
    for name in CLEAN:
        shutil.move(project / name, sub / name)
    (project / "parent.yaml").write_text(PARENT.format(max=1))
    (project / "house.yaml").write_text(HOUSE)
    config = project / ".playbook-lint.yaml"
    config.write_text("rulesets: [uk-cca]\n")
    assert _check(sub, user_cache, ".").returncode == 0
    config.write_text(f"rulesets: [uk-cca, {project / 'house.yaml'}]\n")
    again = _check(sub, user_cache, ".")
    assert again.returncode == 1
    assert "PB101 [parent/call-cap]" in again.stdout


def test_a_bundled_phrase_list_edited_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forget_phrase_lists: Callable[[], None]
) -> None:
    """A phrase list is part of what the loader read: an edit that keeps the size and the
    modification time (as a checkout can) is still a new key."""
    from playbook_lint import resources
    from playbook_lint.rules import rulesets

    copy = tmp_path / "rulesets"
    shutil.copytree(resources.data_dir("rulesets"), copy)
    monkeypatch.setattr(resources, "data_dir", lambda name: copy)
    monkeypatch.setattr(rulesets, "_BUNDLED", {})
    forget_phrase_lists()
    before = ruleset_digest(["uk-cca"])
    violence = copy / "phrases" / "violence.yaml"
    stamp = violence.stat()
    text = violence.read_text()
    edited = text.replace("a", "b", 1)
    assert edited != text
    violence.write_text(edited)
    os.utime(violence, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    # A new run reads the lists again (this process had them cached).
    monkeypatch.setattr(rulesets, "_BUNDLED", {})
    forget_phrase_lists()
    assert ruleset_digest(["uk-cca"]) != before


def _forget_phrase_lists() -> None:
    """Forget the phrase lists this process read, as a new run starts without them."""
    from playbook_lint.rules import phrase_data, phrases

    for loader in (phrases.bundled_categories, phrases.known_placeholders, phrases._negation_data):
        loader.cache_clear()
    phrase_data.shipped.cache_clear()
    phrase_data.READ.clear()


@pytest.fixture
def forget_phrase_lists() -> Iterator[Callable[[], None]]:
    """``_forget_phrase_lists``, and again when the test ends (later tests read the real
    lists again)."""
    _forget_phrase_lists()
    yield _forget_phrase_lists
    _forget_phrase_lists()


def test_the_loader_reports_every_file_it_read(tmp_path: Path) -> None:
    from playbook_lint.rules.rulesets import files_read

    (tmp_path / "parent.yaml").write_text(PARENT.format(max=3))
    (tmp_path / "house.yaml").write_text(HOUSE)
    read = files_read([str(tmp_path / "house.yaml"), "uk-cca"])
    names = [Path(f.path).name for f in read]
    # Each with the digest of the bytes the loader read: the cache reads none again.
    for file in read:
        assert file.sha256 == hashlib.sha256(Path(file.path).read_bytes()).hexdigest()
    assert names[:2] == ["house.yaml", "parent.yaml"]
    assert "uk-cca.yaml" in names
    assert "baseline.yaml" in names  # uk-cca extends baseline
    assert {"violence.yaml", "negation.yaml", "placeholders.yaml"} <= set(names)
