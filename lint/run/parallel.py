"""Lint files in worker processes only when that is faster than one process.

A pool costs: the workers start (forked, so the parser and rulesets built before come
for free, but the start is not), every job and result crosses a pipe, and on a machine
whose cores are busy with other work the workers mostly wait. Below a few dozen files a
pool loses, so ``ordered_map`` runs serially unless each worker gets at least
``MIN_FILES_PER_WORKER`` files; work goes out in chunks (a few per worker) so the pipe
is crossed rarely; results come back in input order, so output never depends on which
worker finished first. The default worker count is the number of cores this process may
run on (``os.process_cpu_count``, CPU affinity), not the machine's.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

# Each worker must get at least this many files for a pool to pay for itself (measured
# with bench/run.py: 400 generated playbooks on 2 busy cores).
MIN_FILES_PER_WORKER = 24
# Chunks per worker: enough to even out a slow file, few enough to cross the pipe rarely.
CHUNKS_PER_WORKER = 4

_J = TypeVar("_J")
_R = TypeVar("_R")


def usable_cores() -> int:
    """The cores this process may use: ``os.process_cpu_count()`` (Python 3.13+), else
    the CPU affinity mask, else the machine's count."""
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        found: int | None = counter()
        return max(1, found or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def default_jobs() -> int:
    """The usable cores that other work is not already keeping busy (the 1-minute load
    average counts runnable processes): on two cores busy with a build, workers would
    only wait for each other, and a pool measured 0.7x serial there (bench/run.py)."""
    cores = usable_cores()
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):  # no load average on this platform
        busy = 0
    return max(1, cores - busy)


def workers_for(files: int, jobs: int) -> int:
    """How many worker processes ``files`` files deserve with ``jobs`` allowed: 0 means
    lint them here, serially."""
    workers = min(jobs, files // MIN_FILES_PER_WORKER)
    return workers if workers >= 2 else 0


def ordered_map(function: Callable[[_J], _R], jobs: Sequence[_J], workers: int) -> Iterator[_R]:
    """``map(function, jobs)`` in ``workers`` processes (0: here), results in input order,
    yielded as they are ready so the caller can stream them. With no process support (no
    /dev/shm, a sandbox) the rest of the work is done here."""
    if workers < 2 or len(jobs) < 2:
        yield from map(function, jobs)
        return
    # The first job runs here, before the fork: what it builds once per process (the
    # parser's tables, the phrase matchers, a holiday calendar) every worker then
    # inherits instead of building it again, and the job is done work, not a warm-up.
    yield function(jobs[0])
    jobs = jobs[1:]
    # 13 ms to import (multiprocessing): paid only by a run that starts workers.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(1, len(jobs) // (workers * CHUNKS_PER_WORKER))
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(function, jobs, chunksize=chunk):
                done += 1
                yield result
    except (OSError, BrokenProcessPool):
        yield from map(function, jobs[done:])
