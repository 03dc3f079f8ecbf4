"""The audit report as a folder of pages (past ``PAGED_OVER`` playbooks), in a real
headless Chromium: the index and every page render, the shared script runs under the
pages' Content-Security-Policy, every link resolves inside the folder, and nothing a
submitter wrote runs or loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from audit_samples import LAWFUL, write_batch
from browser import chromium, dump_dom
from click.testing import CliRunner
from test_audit_browser import leak_server  # noqa: F401  (the fixture)

from playbook_lint.audit import report as report_module
from playbook_lint.cli import main


@pytest.fixture(scope="module")
def folder(
    tmp_path_factory: pytest.TempPathFactory,
    leak_server: tuple[str, list[str]],  # noqa: F811
) -> Path:
    chromium()  # skip early, with the reason, where there is no browser
    root = tmp_path_factory.mktemp("paged")
    batch = write_batch(root / "batch", leak_server[0] + "/leak")
    (batch / "quiet-twin.playbook").write_text(LAWFUL, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        # Five playbooks over a threshold of three: the folder, without judging 101.
        patch.setattr(report_module, "PAGED_OVER", 3)
        patch.setattr(report_module, "MATRIX_ROWS", 2)  # and a matrix of three pages
        result = CliRunner().invoke(
            main, ["audit", str(batch), "--html", str(root / "audit.html"), "--jobs", "1"]
        )
    assert result.exit_code == 1, result.output
    assert "the report is the folder" in result.stderr
    return root / "audit"


def test_the_folder_holds_an_index_one_page_per_playbook_and_shared_files(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == [
        "evidence.html",
        "index.html",
        "matrix-1.html",
        "matrix-2.html",
        "matrix-3.html",
        "not-judged.html",
        "pages",
        "report.css",
        "report.js",
    ]
    assert sorted(p.name for p in (folder / "pages").iterdir()) == [
        f"pb-{n}.html" for n in sorted(range(1, 6), key=str)
    ]
    assert not (folder.parent / "audit.html").exists()


def test_every_link_resolves_inside_the_folder(folder: Path) -> None:
    for page in [*folder.glob("*.html"), *(folder / "pages").iterdir()]:
        html = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#]*)(?:#([^"]*))?"', html):
            path, anchor = target
            if path.startswith(("http://", "https://")):
                continue  # a citation's link, text for the reader to follow
            resolved = (page.parent / path).resolve() if path else page
            assert resolved.is_file(), f"{page.name}: {path}"
            assert folder.resolve() in resolved.parents
            if anchor:
                assert f'id="{anchor}"' in resolved.read_text(encoding="utf-8"), anchor


def test_index_renders_and_its_shared_script_runs(folder: Path) -> None:
    dom = dump_dom((folder / "index.html").as_uri())
    assert "5 of 5 shown" in dom  # report.js ran from its own file
    assert len(re.findall(r'<a href="pages/pb-\d\.html#pb-\d">', dom)) == 5
    chunks = dom.split('id="matrix"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="(matrix-\d\.html)"', chunks) == [
        "matrix-1.html",
        "matrix-2.html",
        "matrix-3.html",
    ]
    assert "Rows 5–5" in chunks
    filtered = dump_dom((folder / "index.html").as_uri() + "?verdict=fail")
    assert "2 of 5 shown" in filtered


def test_each_matrix_page_renders_its_rows_linked_to_the_findings(folder: Path) -> None:
    dom = dump_dom((folder / "matrix-2.html").as_uri())
    matrix = dom.split('id="matrix-table"', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r'<th scope="row">', matrix)) == 2
    assert re.search(r'href="pages/pb-[34]\.html#pb-[34]-g\d+"', matrix)
    assert 'href="matrix-1.html" rel="prev"' in dom
    assert 'href="matrix-3.html" rel="next"' in dom
    rows = sum(
        len(re.findall(r'<th scope="row">', (folder / f"matrix-{n}.html").read_text()))
        for n in (1, 2, 3)
    )
    assert rows == 5


def test_a_page_renders_with_its_charts_and_the_script_runs(folder: Path) -> None:
    page = next(p for p in (folder / "pages").iterdir() if "quiet-reminders" in p.read_text())
    dom = dump_dom(page.as_uri())
    for kind in ("intensity", "hours", "ladder"):
        assert re.search(rf'<svg[^>]*class="chart {kind}"', dom)
    anchor = page.stem
    charts = dump_dom(page.as_uri() + f"?view={anchor}-charts")
    assert not re.search(rf'<div class="charts" id="{anchor}-charts"[^>]*hidden', charts)
    assert re.search(r"<ul class=\"cells\"[^>]*hidden", charts)  # the script hid the rest


def test_hostile_text_is_inert_on_every_page(
    folder: Path,
    leak_server: tuple[str, list[str]],  # noqa: F811
) -> None:
    for page in (folder / "pages").iterdir():
        dom = dump_dom(page.as_uri())
        assert dom.count("<script") == 1  # the shared report.js
        assert "<img" not in dom
        assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
        assert not re.search(r"<[a-zA-Z][^<>]*\s(?:src|srcset)=\"(?!\.\./report\.js)", dom)
    assert leak_server[1] == []
