"""Linting many files: the same reports with or without cache and workers; the cache is
used on the second run; text is kept only where a code frame needs it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from playbook_lint.run import engine, pipeline
from playbook_lint.run.check import lint_one
from playbook_lint.run.pipeline import FileReport, ReadFailure, lint_files, make_jobs

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.playbook*"))


def _project(tmp_path: Path, copies: int = 1) -> list[str]:
    paths = []
    for n in range(copies):
        for example in EXAMPLES:
            target = tmp_path / f"c{n}-{example.name}"
            shutil.copyfile(example, target)
            paths.append(str(target))
    return paths


def _run(paths: list[str], root: Path | None, workers: int = 1, keep: bool = True) -> list:  # type: ignore[type-arg]
    jobs = make_jobs(
        [(p, None, ("us-regf",), None) for p in paths],
        suppressions=True,
        keep_source=keep,
        cache_root=root,
    )
    return list(lint_files(jobs, workers))


def _expected(paths: list[str]) -> list[FileReport]:
    out = []
    for p in paths:
        report = lint_one(p, Path(p).read_bytes(), ("us-regf",))
        source = report.source if report.findings or report.suppressed else None
        out.append(FileReport(p, source, report.findings, report.suppressed, report.applied))
    return out


def test_reports_are_those_of_linting_each_file(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    assert _run(paths, None) == _expected(paths)


@pytest.mark.cache
def test_the_second_run_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _project(tmp_path)
    first = _run(paths, tmp_path)
    assert (tmp_path / ".playbook-lint-cache").is_dir()

    def not_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("linted again")

    monkeypatch.setattr(pipeline, "lint_bytes", not_again)
    assert _run(paths, tmp_path) == first


@pytest.mark.cache
def test_an_edited_file_or_ruleset_is_linted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _project(tmp_path)
    _run(paths, tmp_path)
    calls: list[str] = []
    real = engine.lint_bytes

    def counted(data: bytes, path: str, *args: object, **kwargs: object) -> object:
        calls.append(path)
        return real(data, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "lint_bytes", counted)
    Path(paths[0]).write_text(Path(paths[0]).read_text() + "\n# edited\n")
    _run(paths, tmp_path)
    assert calls == [paths[0]]


def test_workers_give_the_same_reports_in_the_same_order(tmp_path: Path) -> None:
    paths = _project(tmp_path, copies=3)
    assert len(paths) >= 48
    assert _run(paths, None, workers=2) == _run(paths, None, workers=1)


def test_text_is_kept_only_when_asked_and_there_are_findings(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    assert all(r.source is None for r in _run(paths, None, keep=False))


def test_a_file_that_cannot_be_read_is_reported_and_the_rest_linted(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    missing = str(tmp_path / "gone.playbook")
    outcomes = _run([missing, *paths], None)
    assert outcomes[0] == ReadFailure(missing, f"cannot read {missing}: No such file or directory")
    assert outcomes[1:] == _expected(paths)
