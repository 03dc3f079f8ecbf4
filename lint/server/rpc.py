"""The JSON-RPC edge of the language server: a malformed message gets the error reply the
JSON-RPC 2.0 spec names, or is ignored where the spec says so, and never a traceback.

pygls handles well-formed traffic. What a client (or anything writing to the server's
stdin) can get wrong, it met with a logged traceback on stderr and an "Error in server"
pop-up (issue 23 item 8): a body that is not JSON or is nested past Python's recursion
limit, a body that is JSON but not a message object (``[1]``, ``null``), a request
whose params do not fit its method, a ``Content-Length`` of 100 GB (``MemoryError``,
and the server died). Here:

* not JSON, not UTF-8, nested too deep: ``-32700 Parse error``, id null;
* not a message object: ``-32600 Invalid Request``, id null;
* a request whose params or id do not fit: ``-32602``/``-32600`` with its id when it has
  a usable one (else null); a notification that does not fit is ignored (notifications
  get no reply);
* a body over ``MAX_MESSAGE_BYTES`` is read and thrown away, then answered as a parse
  error, so the stream stays in step;
* pygls's own log lines keep their first line only: no traceback reaches stderr.
"""

from __future__ import annotations

import logging
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
# An editor's biggest message is a whole document; playbooks are read up to 4 MiB.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20


class _Ignored:
    """What a message that gets no reply turns into (handle_message drops it)."""


IGNORED = _Ignored()


def error_reply(code: int, message: str) -> types.ResponseError:
    return types.ResponseError(code=code, message=message)


def _usable_id(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


class GuardedProtocol(LanguageServerProtocol):
    """pygls's protocol, answering malformed messages instead of raising from them."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        # Called for every JSON object in a body, innermost first; only the message
        # itself has "jsonrpc".
        if "jsonrpc" not in data:
            return data
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "method" in data and "id" in data:  # a request: it is owed an answer
                msg_id = data["id"] if _usable_id(data["id"]) else None
                self.reply_error(msg_id, error.to_response_error())
            return IGNORED  # a notification, or a response to nothing: ignored

    def handle_message(self, message: Any) -> None:
        if message is IGNORED:
            return
        if isinstance(message, (dict, list, str, int, float, bool)) or message is None:
            self.reply_error(None, error_reply(INVALID_REQUEST, "Invalid Request"))
            return
        super().handle_message(message)

    def reply_error(self, msg_id: int | str | None, error: types.ResponseError) -> None:
        """Send an error response. As a plain mapping: lsprotocol's converter leaves out
        an id of None, and JSON-RPC wants ``"id": null`` there. pygls keeps its writer
        private; ``_send_data`` is the call its own responses go through."""
        body = {"code": error.code, "message": error.message}
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": body})


class BoundedReader:
    """Standard input for pygls's read loop, with a bound on one message: a body past
    ``MAX_MESSAGE_BYTES`` is read in chunks and dropped (never held), and stands as an
    unparsable body."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readline(self) -> bytes:
        return self._stream.readline(64 * 1024)

    def read(self, size: int) -> bytes:
        if size <= MAX_MESSAGE_BYTES:
            return self._stream.read(size)
        left = size
        while left > 0:
            chunk = self._stream.read(min(left, _CHUNK))
            if not chunk:
                return b""  # the client went away: the read loop stops
            left -= len(chunk)
        return b"\0"  # not JSON: answered as a parse error

    def close(self) -> None:
        self._stream.close()


class FirstLine(logging.Formatter):
    """A log record's first line, without the traceback pygls attaches."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage().strip().splitlines()
        first = message[0] if message else ""
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            first = f"{first}: {type(error).__name__}: {str(error)[:200]}"
        return f"playbook-lint server: {record.levelname.lower()}: {first}"


def quiet_pygls_logs() -> None:
    """pygls's warnings and errors go to stderr as one line each."""
    handler = logging.StreamHandler()
    handler.setFormatter(FirstLine())
    for name in ("pygls", "lsprotocol"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False
