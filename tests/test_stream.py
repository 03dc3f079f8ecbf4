"""Reports written file by file (a run streaming into each format's sink) are exactly
the reports of the whole run, for every format in the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.output import FORMATS, RenderInput, open_sink, render
from playbook_lint.output.sink import Options
from playbook_lint.run.check import lint_one

ROOT = Path(__file__).parent.parent
FILES = sorted(
    str(p.relative_to(ROOT))
    for p in [
        *ROOT.glob("examples/*.playbook*"),
        *ROOT.glob("tests/fixtures/suppression/*.playbook*"),
    ]
)


def _reports(files: list[str]) -> list[tuple[str, str | None, list]]:  # type: ignore[type-arg]
    out = []
    for name in sorted(files):
        report = lint_one(name, (ROOT / name).read_bytes(), ("us-regf", "uk-cca"))
        out.append((name, report.source, sorted([*report.findings, *report.suppressed])))
    return out


@pytest.mark.parametrize("name", list(FORMATS))
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("count", [0, 1, len(FILES)])
def test_a_streamed_report_is_the_whole_runs_report(name: str, color: bool, count: int) -> None:
    reports = _reports(FILES[:count]) if count else []
    if count == 1:
        reports = [(p, s, []) for p, s, _ in _reports(FILES[:1])]  # a clean file
    everything = sorted(f for _, _, found in reports for f in found)
    extra = RenderInput(
        files=tuple(p for p, _, _ in reports),
        sources={p: s for p, s, _ in reports if s is not None},
        color=color,
    )
    expected = render(name, everything, extra)
    written: list[str] = []
    stream = open_sink(name, written.append, Options(color=color))
    for path, source, found in reports:
        stream.add(path, found, source)
    stream.finish(len(reports))
    assert "".join(written) == expected


def test_the_fixtures_have_suppressed_findings_to_stream() -> None:
    assert any(f.suppressed for _, _, found in _reports(FILES) for f in found)
