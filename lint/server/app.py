"""The language server: pygls wiring of the features in ``analysis``, ``navigate`` and
``complete``. One process serves both forms over stdio.

pygls and lsprotocol carry the protocol (JSON-RPC framing, capabilities negotiation,
document sync with incremental edits, typed messages): the part of a language server
with no playbook knowledge in it and many ways to get subtly wrong.

Diagnostics are debounced: a keystroke schedules a lint of that document a short
moment later, and a newer keystroke replaces it, so typing never queues up lints.

Lints run in worker processes (``workers``), never in the event loop: one big document
does not hold up hover or completion on another (issue 23 item 6), and each lint keeps
``check``'s per-file time and memory bound, which only a process's main thread can set.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from .. import __version__
from .analysis import Analysis, code_actions, diagnostics, formatting
from .complete import completion
from .navigate import definition, hover, references, symbols
from .rpc import PARSE_ERROR, BoundedReader, GuardedProtocol, error_reply, quiet_pygls_logs
from .workers import LintWorkers

DEBOUNCE_SECONDS = 0.2
_TRIGGERS = [" ", ",", ":"]


class _OnDocument(Protocol):
    @property
    def text_document(self) -> types.TextDocumentIdentifier: ...


_P = TypeVar("_P", bound=_OnDocument)
_R = TypeVar("_R")


class PlaybookServer(LanguageServer):
    """A language server that keeps one analysis per open document."""

    def __init__(self) -> None:
        super().__init__("playbook-lint", __version__, protocol_cls=GuardedProtocol)
        self.analyses: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.workers = LintWorkers()
        self.tasks: set[asyncio.Task[None]] = set()

    async def analysis(self, uri: str) -> Analysis:
        """The analysis of the document as it is now (linted in a worker if it changed).
        A URI the client never opened is an empty document: pygls would read it from
        disk, and a request naming /dev/zero or a FIFO would then hang the server."""
        if uri not in self.workspace.text_documents:
            return Analysis(uri, "")
        document = self.workspace.get_text_document(uri)
        text, version = document.source, document.version
        current = self.analyses.get(uri)
        if current is not None and current.text == text:
            return current
        probe = Analysis(uri, text, version)
        linted = await self.workers.lint(uri, probe.path, text)
        current = Analysis(uri, text, version, probe.path, linted)
        if self._open_as(uri, text):
            self.analyses[uri] = current
        return current

    def report_server_error(self, error: Exception, source: type[Exception]) -> None:
        """A body pygls's read loop could not parse (not JSON, not UTF-8, nested too
        deep) is answered as JSON-RPC says, with id null; other errors as pygls does."""
        if source is JsonRpcException and isinstance(error, (ValueError, RecursionError)):
            if isinstance(self.protocol, GuardedProtocol):
                self.protocol.reply_error(None, error_reply(PARSE_ERROR, "Parse error"))
            return
        super().report_server_error(error, source)  # type: ignore[arg-type]

    def _open_as(self, uri: str, text: str) -> bool:
        documents = self.workspace.text_documents
        return uri in documents and documents[uri].source == text

    def publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        task = asyncio.ensure_future(self._publish(uri))
        self.tasks.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(self.tasks.discard)

    async def _publish(self, uri: str) -> None:
        if uri not in self.workspace.text_documents:
            return
        analysis = await self.analysis(uri)
        # Changed or closed while it was linted: a newer publish (or none) follows.
        if not self._open_as(uri, analysis.text):
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=diagnostics(analysis), version=analysis.version
            )
        )

    def publish_later(self, uri: str) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(DEBOUNCE_SECONDS, self.publish, uri)


def _on_analysis(
    answer: Callable[[Analysis, _P], _R],
) -> Callable[[PlaybookServer, _P], Awaitable[_R]]:
    """A request handler: ``answer`` on the document's analysis, awaited from a worker."""

    async def handler(ls: PlaybookServer, params: _P) -> _R:
        return answer(await ls.analysis(params.text_document.uri), params)

    return handler


def _hover(analysis: Analysis, params: types.HoverParams) -> types.Hover | None:
    return hover(analysis, params.position)


def _completion(analysis: Analysis, params: types.CompletionParams) -> types.CompletionList:
    return types.CompletionList(is_incomplete=False, items=completion(analysis, params.position))


def _definition(analysis: Analysis, params: types.DefinitionParams) -> list[types.Location]:
    return definition(analysis, params.position)


def _references(analysis: Analysis, params: types.ReferenceParams) -> list[types.Location]:
    return references(analysis, params.position, params.context.include_declaration)


def _symbols(analysis: Analysis, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    return symbols(analysis)


def _formatting(
    analysis: Analysis, params: types.DocumentFormattingParams
) -> list[types.TextEdit] | None:
    return formatting(analysis)


def create_server() -> PlaybookServer:
    server = PlaybookServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PlaybookServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PlaybookServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PlaybookServer, params: types.DidSaveTextDocumentParams) -> None:
        # Saving may change which config applies (a new pyproject.toml): lint afresh.
        ls.analyses.pop(params.text_document.uri, None)
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PlaybookServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.analyses.pop(uri, None)
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    server.feature(types.TEXT_DOCUMENT_HOVER)(_on_analysis(_hover))
    server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=_TRIGGERS)
    )(_on_analysis(_completion))
    server.feature(types.TEXT_DOCUMENT_DEFINITION)(_on_analysis(_definition))
    server.feature(types.TEXT_DOCUMENT_REFERENCES)(_on_analysis(_references))
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(_on_analysis(_symbols))
    server.feature(types.TEXT_DOCUMENT_FORMATTING)(_on_analysis(_formatting))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    async def on_code_action(
        ls: PlaybookServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        workspace = ls.client_capabilities.workspace
        edits = workspace.workspace_edit if workspace else None
        snippets = bool(edits and edits.snippet_edit_support)
        analysis = await ls.analysis(params.text_document.uri)
        return code_actions(analysis, params.range, snippets)

    return server


def serve() -> None:
    """Serve over stdin/stdout until the client says exit. A closed stdin or stdout
    (``0<&-``) is a one-line error and exit status 2."""
    if sys.stdin is None or sys.stdout is None:
        print("playbook-lint: error: the server needs standard input and output", file=sys.stderr)
        raise SystemExit(2)
    quiet_pygls_logs()
    server = create_server()
    try:
        server.start_io(BoundedReader(sys.stdin.buffer), sys.stdout.buffer)  # type: ignore[arg-type]
    finally:
        server.workers.close()
