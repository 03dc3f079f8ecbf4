"""The language server's lints, in worker processes.

A lint can take seconds on a big document; in the event loop it held up every other
request (issue 23 item 6). In a process, it also keeps ``check``'s per-file bound (the
alarm and the memory cap only work in a process's main thread). Two workers: a big
document being linted leaves one for the others. A lint asked for while the same text
is already being linted waits for that one; a worker that dies (killed, out of memory)
is replaced, and that lint is a diagnostic saying so, never a traceback.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..diagnostics import Finding
from .analysis import lint_document

WORKERS = 2
Linted = tuple[list[Finding], str | None]


class LintWorkers:
    def __init__(self, workers: int = WORKERS) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.running: dict[str, tuple[str, asyncio.Future[Linted]]] = {}

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            # spawn: the server has threads (pygls' stdio reader); fork would copy them.
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self.pool

    async def lint(self, uri: str, path: str, text: str) -> Linted:
        """``lint_document(path, text)`` in a worker, shared by every caller asking for
        the same document and text while it runs."""
        running = self.running.get(uri)
        if running is None or running[0] != text:
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self._pool(), lint_document, path, text)
            running = (text, future)
            self.running[uri] = running
        try:
            return await asyncio.shield(running[1])
        except BrokenProcessPool:
            self.close()  # a worker died: the next lint starts a fresh pool
            return [], "the lint worker stopped (out of memory?); edit or save to retry"
        finally:
            if self.running.get(uri) is running and running[1].done():
                del self.running[uri]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
