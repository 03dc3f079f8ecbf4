"""The three tracebacks of issue 23 (item 8) are clean errors: a closed standard input,
``audit --verify`` (and ``--baseline``) on deeply nested JSON, and malformed JSON-RPC to
the language server, which answers as JSON-RPC 2.0 says and keeps serving."""

from __future__ import annotations

import io
import json
import os
import select
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from playbook_lint.server import rpc

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PYTHON = [sys.executable, "-m", "playbook_lint"]


def _closed_stdin(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = " ".join(shlex.quote(a) for a in [*PYTHON, *args]) + " 0<&-"
    return subprocess.run(
        ["sh", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check", "-"],
        ["check", "--stdin-filename", "p.playbook.yaml", "-"],
        ["format", "-"],
        ["convert", "-", "--to", "yaml"],
        ["timeline", "-"],
    ],
    ids=lambda a: " ".join(a[:1]),
)
def test_a_closed_stdin_is_a_clean_error(tmp_path: Path, args: list[str]) -> None:
    done = _closed_stdin(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        "playbook-lint: error: standard input is closed; give file paths instead of '-'"
    )


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PYTHON, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def _deep(path: Path, depth: int = 100_000) -> Path:
    path.write_text("[" * depth + "]" * depth)
    return path


def test_audit_verify_on_deeply_nested_json_is_a_clean_error(tmp_path: Path) -> None:
    deep = _deep(tmp_path / "audit.json")
    done = _run("audit", "--verify", str(deep), cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "JSON nested too deeply" in done.stderr


def test_audit_verify_on_a_fifo_is_a_clean_error_not_a_hang(tmp_path: Path) -> None:
    # Nobody ever writes to this FIFO: a plain open() would wait for a writer forever.
    fifo = tmp_path / "audit.json"
    os.mkfifo(fifo)
    done = _run("audit", "--verify", str(fifo), cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "not a regular file" in done.stderr


def test_a_deeply_nested_baseline_is_a_clean_error(tmp_path: Path) -> None:
    deep = _deep(tmp_path / "baseline.json")
    example = str(EXAMPLES / "uk-lender.playbook.yaml")
    done = _run("check", "--no-cache", "--baseline", str(deep), example, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "nested too deeply" in done.stderr


# --------------------------------------------------------------------------- the server


def _frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


INITIALIZE = json.dumps(
    {
        "jsonrpc": "2.0",
        "id": 99,
        "method": "initialize",
        "params": {"capabilities": {}, "processId": None, "rootUri": None},
    }
).encode()
MALFORMED = [
    # (what is sent, the reply JSON-RPC 2.0 asks for: (id, code) or None for no reply)
    (b"{not json", (None, -32700)),
    (b'{"jsonrpc":"2.0","id":4,"method":"\xff\xfe"}', (None, -32700)),
    (
        b'{"jsonrpc":"2.0","id":5,"method":"x","params":' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        (None, -32700),
    ),
    (b"[1,2,3]", (None, -32600)),
    (b"42", (None, -32600)),
    (b"null", (None, -32600)),
    (b'{"id": 6, "method": "initialize"}', (None, -32600)),
    (b'{"jsonrpc":"2.0","id":2,"method":"initialize","params":5}', (2, -32602)),
    (b'{"jsonrpc":"2.0","id":{"a":1},"method":"initialize","params":{}}', (None, -32602)),
    (b'{"jsonrpc":"2.0","id":3,"method":"foo/bar","params":{}}', (3, -32601)),
    # Notifications and stray responses get no reply.
    (b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":5}}', None),
    (b'{"jsonrpc":"2.0","id":77,"result":1}', None),
    (b'{"jsonrpc":"2.0","id":1}', None),
]


def _messages(stream: bytes) -> list[dict[str, object]]:
    out = []
    while stream:
        header, _, rest = stream.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        out.append(json.loads(rest[:length]))
        stream = rest[length:]
    return out


def test_malformed_json_rpc_gets_its_error_reply_and_the_server_goes_on() -> None:
    server = subprocess.Popen(
        [*PYTHON, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert server.stdin is not None
    assert server.stdout is not None
    try:
        for body, _ in MALFORMED:
            server.stdin.write(_frame(body))
        server.stdin.write(_frame(INITIALIZE))
        server.stdin.flush()
        received = b""
        deadline = time.monotonic() + 90
        while b'"id": 99' not in received and time.monotonic() < deadline:
            ready, _, _ = select.select([server.stdout], [], [], 1)
            if ready:
                chunk = os.read(server.stdout.fileno(), 1 << 16)
                if not chunk:
                    break
                received += chunk
    finally:
        server.kill()
        _, errors = server.communicate(timeout=30)
    replies = _messages(received)
    assert replies[-1]["id"] == 99  # still serving: initialize answered
    assert "result" in replies[-1]
    errors_sent = [(r["id"], r["error"]["code"]) for r in replies[:-1]]  # type: ignore[index]
    assert errors_sent == [expected for _, expected in MALFORMED if expected is not None]
    assert all("method" not in r for r in replies)  # no "Error in server" pop-up
    assert b"Traceback" not in errors


def test_a_huge_content_length_is_read_and_dropped_not_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rpc, "MAX_MESSAGE_BYTES", 1000)
    body = b"x" * 5000
    reader = rpc.BoundedReader(io.BytesIO(body + b"rest"))
    assert reader.read(len(body)) == b"\0"  # answered as a parse error
    assert reader.read(4) == b"rest"  # and the stream is still in step


def test_the_server_without_stdin_is_a_clean_error(tmp_path: Path) -> None:
    done = _closed_stdin("server", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
