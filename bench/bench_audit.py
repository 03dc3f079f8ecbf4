"""The audit report at a regulator's size: 1,000 playbooks x every bundled ruleset.

    .venv/bin/python bench/bench_audit.py [--count 1000] [--judge N] [--jobs 2] [--keep DIR]

Generates ``count`` playbooks with ``bench/generate.py`` (half DSL, half YAML, 20 to 120
lines, 90-day to 2-year horizons), judges them once against every bundled ruleset
(``--all-rulesets``, charts on, as ``--html`` does), then renders the report as a folder
of pages (what ``audit`` writes past ``PAGED_OVER`` playbooks) for a fifth of the
playbooks and for all of them (to see the size grow linearly), and the single file the
report used to be, for comparison. Each page is opened in headless Chromium
(``tests/browser.py``'s flags): the time is the wall time of ``--dump-dom`` minus that of
an empty page, the median of three.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pickle
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from generate import playbook  # noqa: E402

from playbook_lint.analysis.year import default_year  # noqa: E402
from playbook_lint.audit import evidence as ev  # noqa: E402
from playbook_lint.audit.command import judge_all  # noqa: E402
from playbook_lint.audit.context import Context  # noqa: E402
from playbook_lint.audit.judge import Job, Judged  # noqa: E402
from playbook_lint.audit.report import render_html, render_pages  # noqa: E402
from playbook_lint.audit.scan import scan  # noqa: E402
from playbook_lint.rules.rulesets import bundled_ruleset_ids  # noqa: E402


def generate(folder: Path, count: int) -> None:
    """Submissions of the sizes lenders send (20 to 120 lines, 90 days to 2 years)."""
    rng = random.Random(2026)
    for i in range(count):
        form = "yaml" if i % 2 else "dsl"
        lines = rng.choice((20, 40, 60, 80, 120))
        horizon = rng.choice((90, 180, 365, 730))
        suffix = ".playbook.yaml" if form == "yaml" else ".playbook"
        text = playbook(10_000 + i, lines=lines, horizon=horizon, form=form)
        (folder / f"p{i:04d}{suffix}").write_text(text, encoding="utf-8")


def judge(folder: Path, jobs: int) -> tuple[list[Judged], float]:
    matrix = tuple(bundled_ruleset_ids())
    found = scan([str(folder)])
    year = default_year()
    work = [Job(p, None, matrix, False, None, True, year) for p in found.playbooks]
    started = time.monotonic()
    judged = judge_all(work, jobs, lambda: None)
    return judged, time.monotonic() - started


def repeated(judged: list[Judged], count: int) -> list[Judged]:
    """``count`` rows: the judged ones, then copies of them under new paths."""
    out = list(judged)
    while len(out) < count:
        source = judged[len(out) % len(judged)]
        copy = f"copy{len(out):04d}-{Path(source.path).name}"
        out.append(dataclasses.replace(source, path=str(Path(source.path).parent / copy)))
    return out[:count]


def write_pages(judged: list[Judged], out: Path) -> dict[str, int]:
    matrix = tuple(bundled_ruleset_ids())
    block = ev.evidence(judged, ev.Options(matrix, False, "warning", default_year()))
    context = Context("Benchmark audit", matrix, False)
    sizes = {}
    for relative, text in render_pages(judged, block, context).items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        sizes[relative] = len(data)
    return sizes


def single_file(judged: list[Judged], out: Path) -> int:
    matrix = tuple(bundled_ruleset_ids())
    block = ev.evidence(judged, ev.Options(matrix, False, "warning", default_year()))
    data = render_html(judged, block, Context("Benchmark audit", matrix, False)).encode()
    out.write_bytes(data)
    return len(data)


# Appended to a copy of the page (beside it, so its relative links hold; without the
# Content-Security-Policy, which would forbid it): at the load event, force a layout and
# put the time since navigation began in the title, which --dump-dom then shows.
_PROBE = (
    "<script>addEventListener('load', function () { document.body.offsetHeight;"
    " document.title = 'LOADED ' + performance.now().toFixed(0); });</script>"
)


def open_time(path: Path, runs: int = 3) -> float:
    """Median seconds from navigation to the load event and a layout, in headless
    Chromium, as the page itself measures it (browser start-up excluded)."""
    from browser import _run  # no virtual time: performance.now() must be real time

    text = path.read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text, count=1)
    probe = path.with_name(f".probe-{path.name}")
    probe.write_text(text.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    times = []
    try:
        for _ in range(runs):
            dom = _run(["--dump-dom", probe.as_uri()], timeout=300).stdout
            found = re.search(r"<title>LOADED (\d+)</title>", dom)
            assert found, f"the probe did not run in {path}"
            times.append(int(found.group(1)) / 1000)
    finally:
        probe.unlink()
    return statistics.median(times)


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--judge",
        type=int,
        help="judge only this many distinct playbooks and repeat their results, under "
        "distinct paths, up to --count (the report's size and opening time depend on "
        "the rows, not on how long judging took; for a busy machine)",
    )
    parser.add_argument("--keep", help="write the inputs and reports here")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-audit-"))
    inputs = work / "submissions"
    inputs.mkdir(parents=True, exist_ok=True)
    saved = work / "judged.pickle"
    if saved.exists():  # a second run re-renders what the first one judged
        judged, seconds = pickle.loads(saved.read_bytes())
    else:
        generate(inputs, args.judge or args.count)
        judged, seconds = judge(inputs, args.jobs)
        saved.write_bytes(pickle.dumps((judged, seconds)))
    distinct = len(judged)
    judged = repeated(judged, args.count)
    rulesets = len(bundled_ruleset_ids())
    findings = sum(len(j.findings) for j in judged)
    print(
        f"judged {distinct} playbooks x {rulesets} rulesets in {seconds:.0f} s "
        f"(--jobs {args.jobs}); report of {len(judged)} rows, {findings} findings"
    )
    fifth = judged[: len(judged) // 5]
    small = write_pages(fifth, work / "pages-fifth")
    sizes = write_pages(judged, work / "pages")
    pages = sorted(v for k, v in sizes.items() if k.startswith("pages/"))
    total_small, total = sum(small.values()), sum(sizes.values())
    print(
        f"folder, {len(fifth)} playbooks: {mb(total_small)} "
        f"({total_small / len(fifth) / 1e3:.0f} kB per playbook)"
    )
    print(
        f"folder, {len(judged)} playbooks: {mb(total)} "
        f"({total / len(judged) / 1e3:.0f} kB per playbook); index.html "
        f"{mb(sizes['index.html'])}; matrix-1.html {mb(sizes['matrix-1.html'])}; "
        f"playbook pages median {statistics.median(pages) / 1e3:.0f} kB, "
        f"largest {pages[-1] / 1e3:.0f} kB"
    )
    one = single_file(judged, work / "single.html")
    print(f"the same as one file: {mb(one)}")
    largest = max((k for k in sizes if k.startswith("pages/")), key=sizes.__getitem__)
    median_page = sorted((k for k in sizes if k.startswith("pages/")), key=sizes.__getitem__)[
        len(pages) // 2
    ]
    empty = work / "empty.html"
    empty.write_text("<!DOCTYPE html><title>x</title><body><p>x</p></body>", encoding="utf-8")
    for label, path in (
        ("an empty page (the floor on this machine now)", empty),
        ("index.html", work / "pages" / "index.html"),
        ("a matrix page (matrix-1.html, 50 rows)", work / "pages" / "matrix-1.html"),
        ("evidence.html", work / "pages" / "evidence.html"),
        (f"median page ({median_page})", work / "pages" / median_page),
        (f"largest page ({largest})", work / "pages" / largest),
        ("the single file", work / "single.html"),
    ):
        try:
            # The single file once: it takes minutes, if it opens at all.
            spent = f"{open_time(path, runs=1 if path.name == 'single.html' else 3):.2f} s"
        except subprocess.TimeoutExpired:
            spent = "not opened within 300 s"
        print(f"chromium opens {label}: {spent}", flush=True)
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"files kept in {work}" if args.keep else "")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    os.sync()


if __name__ == "__main__":
    main()
