"""`format` and `check --fix` rewrite files in place: never outside what was named, never
a FIFO, a device or a read-only file, never over a change made meanwhile, and the file
keeps its mode, BOM and line ends."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.editing.rewrite import RewriteError, rewrite

HANDLERS = "on payment_received: stop all\non conversation: pause call for 7 days\n"
# Needs formatting (odd spacing), parses cleanly.
UNFORMATTED = (
    'playbook   "p"\ntimezone UTC\n'
    'template t sms "Hi {name}. Reply STOP to opt out."\n'
    "stage s days 1..3 {\n      sms using t on day 1 at 10:00\n}\n" + HANDLERS
)
# One fix: an unused suppression (PB012; unsafe, since its reason goes with it).
FIXABLE = (
    'playbook "p"\ntimezone UTC\nstage s days 1..3 {\n'
    "  letter on day 1  # playbook-lint: ignore[PB101] -- calls only\n}\n" + HANDLERS
)
COMMANDS = [["format"], ["check", "--fix", "--unsafe-fixes", "--format", "concise"]]


def _run(command: list[str], *paths: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*command, *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def _text_for(command: list[str]) -> str:
    return UNFORMATTED if command == ["format"] else FIXABLE


@pytest.mark.parametrize("command", COMMANDS)
def test_a_link_out_of_the_named_tree_is_left_alone(tmp_path: Path, command: list[str]) -> None:
    outside = tmp_path / "home" / "victim.playbook"
    outside.parent.mkdir()
    outside.write_text(_text_for(command), encoding="utf-8")
    tree = tmp_path / "repo"
    tree.mkdir()
    (tree / "x.playbook").symlink_to(outside)
    status, output = _run(command, tree)
    assert status == 2
    assert "outside" in output
    assert outside.read_text(encoding="utf-8") == _text_for(command)
    assert (tree / "x.playbook").is_symlink()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_link_inside_the_tree_is_written_through_and_stays_a_link(
    tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "real.playbook"
    target.write_text(_text_for(command), encoding="utf-8")
    link = tmp_path / "link.playbook"
    link.symlink_to(target.name)
    _, output = _run(command, link)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") != _text_for(command), output


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_file_is_not_replaced(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "ro.playbook"
    path.write_text(_text_for(command), encoding="utf-8")
    path.chmod(0o444)
    status, output = _run(command, path)
    assert status == 2
    assert "read-only" in output
    assert path.read_text(encoding="utf-8") == _text_for(command)
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.parametrize("command", COMMANDS)
def test_the_rewritten_file_keeps_its_mode(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "x.playbook"
    path.write_text(_text_for(command), encoding="utf-8")
    path.chmod(0o640)
    _run(command, path)
    assert path.read_text(encoding="utf-8") != _text_for(command)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bom_and_crlf_line_ends_are_kept(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "x.playbook"
    path.write_bytes(b"\xef\xbb\xbf" + _text_for(command).replace("\n", "\r\n").encode())
    _run(command, path)
    data = path.read_bytes()
    assert data != b"\xef\xbb\xbf" + _text_for(command).replace("\n", "\r\n").encode()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n")


def test_a_fifo_is_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "x.playbook"
    os.mkfifo(fifo)
    with pytest.raises(RewriteError, match="not a regular file"):
        rewrite(str(fifo), b"", UNFORMATTED, [str(tmp_path)])
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "x.playbook"
    path.write_text("the editor saved this meanwhile\n", encoding="utf-8")
    with pytest.raises(RewriteError, match="changed"):
        rewrite(str(path), UNFORMATTED.encode(), "formatted\n", [str(tmp_path)])
    assert path.read_text(encoding="utf-8") == "the editor saved this meanwhile\n"


def test_a_hard_link_is_split_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.playbook"
    outside.write_text(UNFORMATTED, encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    os.link(outside, tree / "x.playbook")
    _run(["format"], tree)
    assert outside.read_text(encoding="utf-8") == UNFORMATTED
    assert (tree / "x.playbook").read_text(encoding="utf-8") != UNFORMATTED


HOSTILE_COMMENT = "# \x1b]0;owned\x07\x1b[2J\u202eevil\r\n"


@pytest.mark.parametrize(
    ("command", "text"),
    [
        (["format", "--diff"], UNFORMATTED),
        (["check", "--diff", "--unsafe-fixes", "--format", "concise"], FIXABLE),
    ],
)
def test_a_diff_prints_no_control_character_from_the_file(
    tmp_path: Path, command: list[str], text: str
) -> None:
    path = tmp_path / "x\x1b[31m.playbook"
    lines = text.splitlines(keepends=True)
    # The comment sits next to the changed line, so it is in the diff's context.
    path.write_text("".join([*lines[:3], HOSTILE_COMMENT, *lines[3:]]), encoding="utf-8")
    status, output = _run(command, path)
    assert status == 1, output
    assert "\\x1b]0;owned\\x07\\x1b[2J\\u202eevil" in output
    assert "x\\x1b[31m.playbook" in output
    assert not any(c in output for c in "\x1b\x07\r\u202e")


def test_format_check_and_its_errors_print_file_names_escaped(tmp_path: Path) -> None:
    evil = "x\nwould reformat forged.playbook\n\x1b]0;owned\x07"
    (tmp_path / f"{evil}.playbook").write_text(UNFORMATTED, encoding="utf-8")
    (tmp_path / f"{evil}-broken.playbook").write_text("stage {\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["format", "--check", str(tmp_path)])
    assert result.exit_code == 2
    for stream in (result.stdout, result.stderr):
        assert not any(line.startswith("would reformat forged") for line in stream.splitlines())
        assert "\x1b" not in stream
        assert "\x07" not in stream
    assert "x\\nwould reformat forged.playbook\\n\\x1b]0;owned\\x07.playbook" in result.stdout
    assert "x\\nwould reformat forged.playbook\\n\\x1b]0;owned\\x07-broken" in result.stderr


@pytest.mark.parametrize(
    "data",
    [
        UNFORMATTED.replace("\n", "\r").encode(),  # lone CRs: not line ends in either form
        UNFORMATTED.replace("\ntimezone", "\n# a\rb\ntimezone").encode(),  # one, in a comment
        b"# caf\xe9\n" + UNFORMATTED.encode(),  # Latin-1, not UTF-8
    ],
    ids=["lone-crs", "lone-cr-in-comment", "not-utf8"],
)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_that_cannot_be_read_as_written_is_never_rewritten(
    tmp_path: Path, command: list[str], data: bytes
) -> None:
    path = tmp_path / "x.playbook"
    path.write_bytes(data)
    status, _ = _run(command, path)
    assert status in (1, 2)
    assert path.read_bytes() == data
