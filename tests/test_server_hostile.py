"""`playbook-lint server` against hostile clients and workspaces, end to end over stdio:
the server never reads a document it was not given, a lone surrogate or an impossible
path is a diagnostic rather than an error, a workspace config writes nothing, and one big
document does not hold up requests on another (issue 23 item 6: the lint runs in worker
processes; before, it ran in the event loop and every request waited for it)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
import test_server
from lsprotocol import types
from pytest_lsp import LanguageClient

# The same server process as test_server starts (a module-scoped pytest-lsp client).
client = test_server.client

pytestmark = pytest.mark.asyncio(loop_scope="module")

PLAYBOOK = """\
playbook "p"
timezone UTC
template reminder sms "SECRET-ON-DISK {name}. Reply STOP to opt out."

stage early days 1..30 {
  sms using reminder daily at 10:00
}
on payment_received: stop all
"""


def _open(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="playbook", version=version, text=text
            )
        )
    )


async def _diagnostics(
    client: LanguageClient, uri: str, seconds: float = 30
) -> list[types.Diagnostic]:
    for _ in range(int(seconds / 0.05)):
        if uri in client.diagnostics:
            return client.diagnostics[uri]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics for {uri}")


async def test_a_document_never_opened_is_not_read_from_disk(
    client: LanguageClient, tmp_path: Path
) -> None:
    on_disk = tmp_path / "secret.playbook"
    on_disk.write_text(PLAYBOOK, encoding="utf-8")
    identifier = types.TextDocumentIdentifier(uri=on_disk.as_uri())
    where = types.Position(line=5, character=14)  # on `reminder`
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=identifier, position=where)
    )
    assert hover is None
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=identifier)
    )
    assert not symbols


async def test_a_lone_surrogate_is_a_diagnostic(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "s.playbook").as_uri()
    _open(client, uri, PLAYBOOK.replace('"p"', '"p\ud800"'))
    diagnostics = await _diagnostics(client, uri)
    assert [d.code for d in diagnostics] == ["PB001"]
    assert "UTF-8" in diagnostics[0].message


async def test_a_path_no_system_can_open_is_a_diagnostic(client: LanguageClient) -> None:
    uri = "file:///" + "deep/" * 1000 + "x.playbook"
    _open(client, uri, PLAYBOOK)
    diagnostics = await _diagnostics(client, uri)
    assert any("cannot look for a config" in d.message for d in diagnostics)


async def test_a_workspace_config_makes_the_server_write_nothing(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / ".playbook-lint.yaml").write_text(
        'format: ["concise:report.txt", "json:/tmp/playbook-lint-server-report.json"]\n'
        "baseline: baseline.json\n",
        encoding="utf-8",
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    path = tmp_path / "w.playbook"
    path.write_text(PLAYBOOK, encoding="utf-8")
    _open(client, path.as_uri(), PLAYBOOK)
    await _diagnostics(client, path.as_uri())
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(path.as_uri()))
    )
    await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(path.as_uri()),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "w.playbook"])
    assert not Path("/tmp/playbook-lint-server-report.json").exists()


async def test_a_storm_of_changes_ends_with_the_last_versions_findings(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = (tmp_path / "storm.playbook").as_uri()
    _open(client, uri, PLAYBOOK)
    await _diagnostics(client, uri)
    last = 300
    for version in range(2, last + 1):
        text = PLAYBOOK if version < last else PLAYBOOK.replace("stop all", "stop al")
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    for _ in range(600):
        if any(d.code == "PB001" for d in client.diagnostics.get(uri, [])):
            break
        await asyncio.sleep(0.05)
    assert any(d.code == "PB001" for d in client.diagnostics[uri])
    # Still serving.
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri))
    )
    assert symbols


async def test_a_document_bigger_than_check_reads_is_not_parsed(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = (tmp_path / "huge.playbook").as_uri()
    padding = ("# " + "x" * 98 + "\n") * 42_000  # 4.2 MB of comments
    _open(client, uri, PLAYBOOK + padding)
    diagnostics = await _diagnostics(client, uri)
    assert any("are not read" in d.message for d in diagnostics)
    identifier = types.TextDocumentIdentifier(uri)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=identifier)
    )
    assert not symbols
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=identifier,
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits is None


def _big(stages: int) -> str:
    """A real playbook, long enough that linting it takes seconds."""
    lines = [
        'playbook "big"',
        "timezone America/New_York",
        'template t sms "Hi {name}. Reply STOP to opt out."',
    ]
    for s in range(stages):
        lines += [
            f"stage s{s} days {s * 3 + 1}..{s * 3 + 3} {{",
            "  sms using t daily at 10:00",
            "  call daily between 09:00 and 20:00 max 2 per day",
            "  email on day 2",
            "}",
        ]
    lines.append("on payment_received: stop all")
    return "\n".join(lines) + "\n"


async def test_a_big_document_does_not_hold_up_requests_on_another(
    client: LanguageClient, tmp_path: Path
) -> None:
    small = (tmp_path / "small.playbook").as_uri()
    big = (tmp_path / "big.playbook").as_uri()
    _open(client, small, PLAYBOOK)
    await _diagnostics(client, small)
    _open(client, big, _big(300))
    on_small = types.TextDocumentIdentifier(uri=small)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=on_small, position=types.Position(5, 14))
    )
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=on_small, position=types.Position(5, 2))
    )
    # Both answered while the big document is still being linted.
    assert big not in client.diagnostics
    assert hover is not None
    assert "reminder" in str(hover.contents)
    assert completion is not None
    # And the big one's diagnostics still come.
    assert await _diagnostics(client, big, seconds=60) is not None


def _frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _frames(out: bytes) -> list[dict[str, object]]:
    """Every message on the server's stdout; fails on anything that is not one."""
    messages = []
    while out:
        head, separator, out = out.partition(b"\r\n\r\n")
        assert separator, f"not a framed message: {head[:200]!r}"
        fields = dict(line.split(b": ", 1) for line in head.split(b"\r\n"))
        size = int(fields[b"Content-Length"])
        body, out = out[:size], out[size:]
        messages.append(json.loads(body))
    return messages


async def test_malformed_json_rpc_gets_answers_never_a_crash_or_a_stray_stdout_byte() -> None:
    garbage = [
        _frame(b"{not json"),
        _frame(b"[]"),
        _frame(b"null"),
        _frame(b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":"oops"}'),
        _frame(b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":5}}'),
        _frame(b'{"jsonrpc":"2.0","id":9,"method":"no/such","params":{}}'),
        _frame(b'{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{}}}'),
        _frame(b'{"jsonrpc":"2.0","method":"initialized","params":{}}'),
        _frame(b'{"jsonrpc":"2.0","id":3,"method":"shutdown"}'),
        _frame(b'{"jsonrpc":"2.0","method":"exit"}'),
    ]
    done = subprocess.run(
        [sys.executable, "-m", "playbook_lint", "server"],
        input=b"".join(garbage),
        capture_output=True,
        timeout=120,
        check=False,
    )
    answers = {m.get("id"): m for m in _frames(done.stdout) if "id" in m}
    assert "capabilities" in answers[2]["result"]  # type: ignore[operator]
    assert answers[9]["error"]["code"] == -32601  # type: ignore[index]
    assert 3 in answers
    assert done.returncode == 0
