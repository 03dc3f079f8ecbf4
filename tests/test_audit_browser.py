"""The audit report in a real headless Chromium: it renders, filters, and runs nothing a
submitter wrote; no request leaves the page."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from audit_samples import write_batch
from browser import chromium, dump_dom
from click.testing import CliRunner

from playbook_lint.cli import main


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def leak_server() -> Iterator[tuple[str, list[str]]]:
    """A local server: a hostile payload that ever loads would show up in its log."""
    seen: list[str] = []
    handler = type("Recorder", (_Recorder,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, leak_server: tuple[str, list[str]]) -> Path:
    chromium()  # skip early, with the reason, where there is no browser
    root = tmp_path_factory.mktemp("audit")
    batch = write_batch(root / "batch", leak_server[0] + "/leak")
    out = root / "report.html"
    result = CliRunner().invoke(main, ["audit", str(batch), "--html", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    return out


@pytest.fixture(scope="module")
def dom(report: Path) -> str:
    return dump_dom(report.as_uri())


def _rows(dom: str, table: str) -> list[str]:
    body = dom.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr[^>]*>.*?</tr>", body.split("<tbody>", 1)[1], flags=re.S)


def test_summary_table_and_matrix_render_every_playbook(dom: str) -> None:
    assert len(_rows(dom, "summary-table")) == 4
    matrix = _rows(dom, "matrix-table")
    assert len(matrix) == 4
    cells = re.findall(r'class="cell verdict-(\w+)"', "".join(matrix))
    assert sorted(cells) == ["fail", "fail", "invalid", "pass"]
    assert 'id="count-fail">2<' in dom
    # The script ran: the filter controls are shown and count the rows.
    assert "4 of 4 shown" in dom


def test_every_chart_renders_for_each_judgeable_playbook(dom: str) -> None:
    for kind in ("intensity", "hours", "ladder"):
        assert len(re.findall(rf'<svg[^>]*class="chart {kind}"', dom)) == 3  # not the broken one
    # The hostile playbook calls 3 times a day: its cap panel marks days over 7 in 7 days.
    assert 'class="bar exceeded"' in dom
    assert 'class="cap"' in dom


def test_filter_hides_rows(report: Path) -> None:
    filtered = dump_dom(report.as_uri() + "?verdict=fail")
    rows = _rows(filtered, "summary-table")
    hidden = [r for r in rows if re.match(r"<tr[^>]*\bhidden", r)]
    assert len(hidden) == 2
    assert all('data-verdict="fail"' not in r for r in hidden)
    assert "2 of 4 shown" in filtered
    by_code = dump_dom(report.as_uri() + "?code=PB001")
    assert "1 of 4 shown" in by_code


def test_hostile_name_and_template_text_render_as_text_and_run_nothing(dom: str) -> None:
    assert dom.count("<script") == 1  # the report's own
    assert "<img" not in dom
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "<title>Playbook audit</title>" in dom
    # Shown, as text, where a reader looks: the name, the template's code frame, the reason.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in dom
    assert "onerror=alert(2)&gt;" in dom


def test_no_request_leaves_the_page(dom: str, leak_server: tuple[str, list[str]]) -> None:
    assert leak_server[1] == []
    # Nothing is loaded from anywhere: no external src, stylesheet or script at all.
    assert not re.search(r"<[a-zA-Z][^<>]*\s(?:src|srcset|href)=\"(?!#|https://)", dom)
    assert "<link" not in dom


def test_view_shows_one_part_alone(report: Path) -> None:
    matrix = dump_dom(report.as_uri() + "?view=matrix")
    assert re.search(r'<section id="summary"[^>]*hidden', matrix)
    assert not re.search(r'<section id="matrix"[^>]*hidden', matrix)
    charts = dump_dom(report.as_uri() + "?view=pb-2-charts")
    assert re.search(r'<article[^>]*id="pb-1"[^>]*hidden', charts)
    assert not re.search(r'<div class="charts" id="pb-2-charts"[^>]*hidden', charts)
    assert re.search(r'<section class="rule[^>]*hidden', charts)
