"""Issue 23 item 6: the language server lints in worker processes, so one big document
does not hold up hover or completion on another (before, the lint ran in the event
loop and every request waited for it). End to end, with the real LSP client."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import test_server
from lsprotocol import types
from pytest_lsp import LanguageClient

# The same server process as test_server starts (a module-scoped pytest-lsp client).
client = test_server.client

pytestmark = pytest.mark.asyncio(loop_scope="module")

SMALL = """\
playbook "small"
timezone UTC
template reminder sms "Hi {name}. Reply STOP to opt out."

stage early days 1..30 {
  sms using reminder daily at 10:00
}
on payment_received: stop all
"""


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


def _open(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="playbook", version=1, text=text
            )
        )
    )


async def _diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    for _ in range(1200):
        if uri in client.diagnostics:
            return client.diagnostics[uri]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics for {uri}")


async def test_a_big_document_does_not_hold_up_requests_on_another(
    client: LanguageClient, tmp_path: Path
) -> None:
    small = (tmp_path / "small.playbook").as_uri()
    big = (tmp_path / "big.playbook").as_uri()
    _open(client, small, SMALL)
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
    assert await _diagnostics(client, big) is not None
