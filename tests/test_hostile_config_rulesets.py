"""Issue 15 item 6: configs, rulesets and phrase lists are input too. One bounded YAML
reader (yaml_nodes) for all of them and for playbooks: aliases and merge keys allowed
up to 10,000 expanded nodes (language.md v2 item 7), no recursion, no tags executed,
regular files only, bounded chains, and no error that quotes a file that is not a
ruleset."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK

from playbook_lint.cli import main
from playbook_lint.rules.rulesets import RulesetError, load_ruleset
from playbook_lint.run.config import Glob
from playbook_lint.run.engine import lint_text

BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bad.playbook").write_text(BAD_PLAYBOOK)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--format", "concise", *args])


def _config_error(result: object, *fragments: str) -> None:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- configs


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("pyproject.toml", 'tool = "x"\n[tool2]\nplaybook-lint = 1\n', None),
        (".playbook-lint.yaml", "select: &a [*a]\n", "this alias refers to itself"),
        (".playbook-lint.yaml", BOMB, "aliases expand to more than 10,000 nodes"),
        (".playbook-lint.yaml", 'exclude: ["a\\0b"]\n', "contains a NUL byte"),
        (".playbook-lint.yaml", 'baseline: "x\\0y"\n', "baseline: must be a path"),
        (".playbook-lint.yaml", "? [a, b]\n: 1\n", "a key must be text"),
        (".playbook-lint.yaml", "select: [PB1]\nselect: [PB2]\n", "given twice"),
        (".playbook-lint.yaml", "select: !!python/object:os.system [x]\n", None),
    ],
)
def test_hostile_config_is_a_clean_error_or_harmless(
    repo: Path, name: str, text: str, fragment: str | None
) -> None:
    (repo / name).write_text(text)
    result = _check(".")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (1, 2)
    if fragment:
        _config_error(result, fragment)


def test_a_thousand_file_extend_chain_is_bounded(repo: Path) -> None:
    for n in range(1000):
        (repo / f"c{n}.yaml").write_text(f"extend: c{n + 1}.yaml\n")
    (repo / "c1000.yaml").write_text("select: [PB1]\n")
    _config_error(_check("--config", "c0.yaml", "."), "goes more than 32 files deep")


def test_many_unknown_toml_keys_name_the_first(repo: Path) -> None:
    keys = "".join(f"k{n} = 1\n" for n in range(20_000))
    (repo / "pyproject.toml").write_text("[tool.playbook-lint]\n" + keys)
    _config_error(_check("."), "pyproject.toml:2: k0: unknown key")


@pytest.mark.parametrize("device", ["/dev/zero", "fifo"])
def test_a_config_that_is_not_a_regular_file_is_refused(repo: Path, device: str) -> None:
    if device == "fifo":
        os.mkfifo(repo / "fifo")
        device = "fifo"
    _config_error(_check("--config", device, "."), "not a regular file")


def test_glob_matching_does_not_backtrack() -> None:
    # A subprocess with a deadline: the old regex took minutes on this pattern.
    code = (
        "from playbook_lint.run.config import Glob\n"
        "g = Glob('**a' * 40 + 'b', '/r')\n"
        "print(g.matches('/r/' + 'a' * 3000))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.draft.playbook", "/r/teams/a/x.draft.playbook", True),
        ("legacy/**", "/r/legacy/old/x.playbook", True),
        ("legacy/*", "/r/legacy/old/x.playbook", True),  # the folder matches
        ("legacy/*.playbook", "/r/legacy/old/x.playbook", False),
        ("**/old/?.playbook", "/r/legacy/old/x.playbook", True),
        ("**/old/?.playbook", "/r/old/xy.playbook", False),
        ("teams/**/b.playbook", "/r/teams/b.playbook", True),
    ],
)
def test_glob_meaning_is_unchanged(pattern: str, path: str, expected: bool) -> None:
    assert Glob(pattern, "/r").matches(path) is expected


# ----------------------------------------------------------------------------- rulesets

RULESET = (
    "id: hostile\nextends: [baseline]\nrules:\n  call-frequency:\n    check: contact-frequency\n"
)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("    max: !!int abc\n    window: 7 days\n", "invalid value 'abc'"),
        ("    max: 3\n    window: 7 days\n    disabled: !!bool maybe\n", "must be true or false"),
        ("    max: " + "9" * 5000 + "\n    window: 7 days\n", "expected a whole number"),
        ("    max: 1:30\n    window: 7 days\n", "invalid value '1:30'"),
        ("    max: 3\n    window: 99999999999999 days\n", "invalid window"),
        ("    max: 3\n    window: 9999999 days\n", "invalid window"),
    ],
)
def test_hostile_ruleset_values_are_clean_errors(tmp_path: Path, body: str, fragment: str) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(RULESET + body)
    with pytest.raises(RulesetError) as raised:
        load_ruleset(str(path))
    assert fragment in str(raised.value)


def test_a_1200_file_extends_chain_is_bounded(tmp_path: Path) -> None:
    for n in range(1200):
        (tmp_path / f"r{n}.yaml").write_text(f"id: r{n}\nextends: [./r{n + 1}.yaml]\nrules: {{}}\n")
    (tmp_path / "r1200.yaml").write_text("id: r1200\nrules: {}\n")
    with pytest.raises(RulesetError, match="more than 32 files deep"):
        load_ruleset(str(tmp_path / "r0.yaml"))


def test_extends_never_echoes_a_file_that_is_not_a_ruleset(tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$SECRETHASH:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n")
    path = tmp_path / "hostile.yaml"
    path.write_text(f"id: hostile\nextends: [{secret}]\nrules: {{}}\n")
    with pytest.raises(RulesetError) as raised:
        load_ruleset(str(path))
    assert "SECRETHASH" not in str(raised.value)
    assert "root:" not in str(raised.value)
    (tmp_path / "other.yaml").write_text("password: SECRETHASH\nuser: root\n")
    path.write_text("id: hostile\nextends: [./other.yaml]\nrules: {}\n")
    with pytest.raises(RulesetError) as raised:
        load_ruleset(str(path))
    assert "SECRETHASH" not in str(raised.value)
    assert "not a ruleset file" in str(raised.value)


def test_a_ruleset_fifo_never_hangs(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "r.yaml")
    # Nobody ever writes the FIFO: a blocking open would hang here forever.
    done = threading.Event()
    errors: list[str] = []

    def load() -> None:
        try:
            load_ruleset(str(tmp_path / "r.yaml"))
        except RulesetError as error:
            errors.append(str(error))
        done.set()

    threading.Thread(target=load, daemon=True).start()
    assert done.wait(60)
    assert "not a regular file" in errors[0]


# ----------------------------------------------------------------------------- playbooks

ANCHORED = """\
playbook: anchors
timezone: America/New_York
templates:
  due: {channel: sms, text: "Hi {name}, your payment is due. Reply STOP to opt out."}
stages:
  early:
    days: 1..20
    actions:
      - &reminder {channel: sms, using: due, schedule: "every 3 days", at: "10:00"}
      - <<: *reminder
        at: "18:00"
handlers:
  - {on: payment_received, stop: all}
"""
WRITTEN_OUT = ANCHORED.replace("      - &reminder {", "      - {").replace(
    '      - <<: *reminder\n        at: "18:00"\n',
    '      - {channel: sms, using: due, schedule: "every 3 days", at: "18:00"}\n',
)


def test_anchors_and_merge_keys_read_as_the_written_out_playbook() -> None:
    anchored = lint_text(ANCHORED, "a.playbook.yaml")
    written = lint_text(WRITTEN_OUT, "w.playbook.yaml")
    assert anchored.playbook == written.playbook
    assert [(f.code, f.message) for f in anchored.findings] == [
        (f.code, f.message) for f in written.findings
    ]


def test_an_alias_bomb_in_a_playbook_is_its_only_finding() -> None:
    result = lint_text("playbook: p\n" + BOMB, "bomb.playbook.yaml")
    assert [(f.code, f.message) for f in result.findings] == [
        ("PB002", "aliases expand to more than 10,000 nodes")
    ]
    assert result.findings[0].line == 5


def test_a_recursive_alias_in_a_playbook_is_one_finding() -> None:
    result = lint_text("playbook: p\nstages: &s {a: *s}\n", "r.playbook.yaml")
    assert [(f.code, f.line) for f in result.findings] == [("PB002", 2)]


def test_a_large_file_without_aliases_is_not_an_alias_finding() -> None:
    from playbook_lint.syntax.yaml_nodes import compose

    text = "items:\n" + "".join(f"  - [a{n}, b{n}, c{n}]\n" for n in range(5000))
    root = compose(text)  # 20,000 nodes, all written out: no bound to cross
    assert root is not None
