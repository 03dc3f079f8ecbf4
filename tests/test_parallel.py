"""Worker processes only when there are enough files; results always in input order."""

from __future__ import annotations

import os

import pytest

from playbook_lint.run import parallel
from playbook_lint.run.parallel import MIN_FILES_PER_WORKER, default_jobs, ordered_map, workers_for


def _square(n: int) -> tuple[int, int]:
    return n, n * n


def _where(n: int) -> tuple[int, int]:
    return n, os.getpid()


@pytest.fixture
def idle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.2, 0.2))


@pytest.mark.usefixtures("idle")
def test_the_default_is_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert default_jobs() == 3


@pytest.mark.usefixtures("idle")
def test_the_default_prefers_process_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "process_cpu_count", lambda: 6, raising=False)
    assert default_jobs() == 6
    monkeypatch.setattr(os, "process_cpu_count", lambda: None, raising=False)
    assert default_jobs() == 1


def test_the_default_leaves_out_cores_other_work_keeps_busy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "process_cpu_count", lambda: 2, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.3, 1.0, 0.8))
    assert default_jobs() == 1  # one core is taken: a pool would only wait
    monkeypatch.setattr(os, "getloadavg", lambda: (7.5, 7.0, 6.0))
    assert default_jobs() == 1  # never fewer than one
    monkeypatch.setattr(os, "process_cpu_count", lambda: 8, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (2.9, 2.0, 2.0))
    assert default_jobs() == 6


def test_without_a_load_average_every_core_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported() -> tuple[float, float, float]:
        raise OSError("no load average")

    monkeypatch.setattr(os, "process_cpu_count", lambda: 4, raising=False)
    monkeypatch.setattr(os, "getloadavg", unsupported)
    assert default_jobs() == 4


def test_few_files_are_linted_serially() -> None:
    assert workers_for(1, 8) == 0
    assert workers_for(2 * MIN_FILES_PER_WORKER - 1, 8) == 0
    assert workers_for(2 * MIN_FILES_PER_WORKER, 8) == 2
    assert workers_for(100 * MIN_FILES_PER_WORKER, 8) == 8
    assert workers_for(100 * MIN_FILES_PER_WORKER, 1) == 0


def test_results_come_back_in_input_order_from_workers() -> None:
    jobs = list(range(200, 0, -1))
    assert list(ordered_map(_square, jobs, 2)) == [_square(n) for n in jobs]


def test_the_first_file_is_linted_here_so_workers_inherit_what_it_built() -> None:
    # What one lint builds once per process (parser tables, phrase matchers, calendars)
    # is built here, before the fork, instead of once in every worker.
    found = list(ordered_map(_where, list(range(60)), 2))
    assert [n for n, _ in found] == list(range(60))
    assert found[0][1] == os.getpid()
    assert {pid for _, pid in found[1:]} - {os.getpid()}


def test_without_process_support_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError("no /dev/shm")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_processes)
    assert list(ordered_map(_square, [3, 1, 2], 2)) == [(3, 9), (1, 1), (2, 4)]
    assert parallel.workers_for(0, 4) == 0
