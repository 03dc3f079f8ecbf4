"""The language server: pygls wiring of the features in ``analysis``, ``navigate`` and
``complete``. One process serves both forms over stdio.

pygls and lsprotocol carry the protocol (JSON-RPC framing, capabilities negotiation,
document sync with incremental edits, typed messages): the part of a language server
with no playbook knowledge in it and many ways to get subtly wrong.

Diagnostics are debounced: a keystroke schedules a lint of that document a short
moment later, and a newer keystroke replaces it, so typing never queues up lints.
"""

from __future__ import annotations

import asyncio
import sys

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from .. import __version__
from .analysis import Analysis, code_actions, diagnostics, formatting
from .complete import completion
from .navigate import definition, hover, references, symbols
from .rpc import PARSE_ERROR, BoundedReader, GuardedProtocol, error_reply, quiet_pygls_logs

DEBOUNCE_SECONDS = 0.2
_TRIGGERS = [" ", ",", ":"]


class PlaybookServer(LanguageServer):
    """A language server that keeps one analysis per open document."""

    def __init__(self) -> None:
        super().__init__("playbook-lint", __version__, protocol_cls=GuardedProtocol)
        self.analyses: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}

    def analysis(self, uri: str) -> Analysis:
        """The analysis of the document as it is now (re-linted if it changed). A URI the
        client never opened is an empty document: pygls would read it from disk, and a
        request naming /dev/zero or a FIFO would then hang the server."""
        if uri not in self.workspace.text_documents:
            return Analysis(uri, "")
        document = self.workspace.get_text_document(uri)
        current = self.analyses.get(uri)
        if current is None or current.text != document.source:
            current = Analysis(uri, document.source, document.version)
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

    def publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return
        analysis = self.analysis(uri)
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

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: PlaybookServer, params: types.HoverParams) -> types.Hover | None:
        return hover(ls.analysis(params.text_document.uri), params.position)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=_TRIGGERS)
    )
    def on_completion(ls: PlaybookServer, params: types.CompletionParams) -> types.CompletionList:
        items = completion(ls.analysis(params.text_document.uri), params.position)
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def on_definition(ls: PlaybookServer, params: types.DefinitionParams) -> list[types.Location]:
        return definition(ls.analysis(params.text_document.uri), params.position)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def on_references(ls: PlaybookServer, params: types.ReferenceParams) -> list[types.Location]:
        return references(
            ls.analysis(params.text_document.uri),
            params.position,
            params.context.include_declaration,
        )

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(
        ls: PlaybookServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol]:
        return symbols(ls.analysis(params.text_document.uri))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def on_code_action(
        ls: PlaybookServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        workspace = ls.client_capabilities.workspace
        edits = workspace.workspace_edit if workspace else None
        snippets = bool(edits and edits.snippet_edit_support)
        return code_actions(ls.analysis(params.text_document.uri), params.range, snippets)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def on_formatting(
        ls: PlaybookServer, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        return formatting(ls.analysis(params.text_document.uri))

    return server


def serve() -> None:
    """Serve over stdin/stdout until the client says exit. A closed stdin or stdout
    (``0<&-``) is a one-line error and exit status 2."""
    if sys.stdin is None or sys.stdout is None:
        print("playbook-lint: error: the server needs standard input and output", file=sys.stderr)
        raise SystemExit(2)
    quiet_pygls_logs()
    create_server().start_io(BoundedReader(sys.stdin.buffer), sys.stdout.buffer)  # type: ignore[arg-type]
