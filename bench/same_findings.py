"""Are the findings byte-identical before and after a change?

    .venv/bin/python bench/same_findings.py [--before REV|DIR] [--after REV|DIR] [--quick]

Each side is a git revision (``main``, ``HEAD~1``, a commit) or a checkout folder (the
default ``--after`` is this working tree, uncommitted edits included; the default
``--before`` is ``main``). Each side's ``lint/``, ``grammar/`` and ``rulesets/`` are laid
out as an installed ``playbook_lint`` package in a temporary folder and run with
``python -m playbook_lint check --no-cache`` in ``--format json`` and ``--format concise``
over the same inputs: ``examples/``, ``tests/fixtures/``, ``tests/hostile/`` (taken from
this checkout, so both sides read the same files) and a generated set (both forms, clean
plans and findings-heavy ones). stdout, stderr and the exit status must be equal.

Prints one line per input set and, for each difference, the first lines that differ
(by file for JSON). Exits 0 when everything is identical, 1 otherwise. Not a test: it
compares two programs, and a deliberate output change is reported as a difference.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PACKAGE_PARTS = ("lint", "grammar", "rulesets")
FORMATS = ("json", "concise")
TOOL = (sys.executable, "-m", "playbook_lint")


@dataclass(frozen=True)
class Outcome:
    status: int
    stdout: str
    stderr: str


def _layout(source: str, into: Path) -> Path:
    """``source`` (a folder or a git revision) as an importable ``playbook_lint``."""
    into.mkdir(parents=True)
    folder = Path(source)
    if folder.is_dir() and (folder / "lint").is_dir():
        for part in PACKAGE_PARTS:
            skip = shutil.ignore_patterns("__pycache__")
            shutil.copytree(folder / part, into / part, ignore=skip)
    else:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", source, *PACKAGE_PARTS],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")
    package = into / "playbook_lint"
    (into / "lint").rename(package)
    for data in ("grammar", "rulesets"):
        (into / data).rename(package / data)
    return into


def _generated(into: Path, quick: bool) -> Path:
    """Generated plans in both forms: clean-ish ones and findings-heavy ones."""
    into.mkdir(parents=True)
    count = 6 if quick else 30
    for seed in range(count):
        lines = (40, 120, 300)[seed % 3]
        for form, suffix in (("dsl", ".playbook"), ("yaml", ".playbook.yaml")):
            text = generate.playbook(seed, lines=lines, horizon=(90, 365, 730)[seed % 3], form=form)
            (into / f"g{seed:03d}{suffix}").write_text(text, encoding="utf-8")
    for actions in (5, 40) if quick else (5, 40, 150):
        (into / f"heavy{actions:04d}.playbook").write_text(_heavy(actions), encoding="utf-8")
    return into


def _heavy(actions: int) -> str:
    """Many calls and texts in one stage: every one is in the same breach."""
    body = "\n".join(
        f"  call to borrower using c daily at {8 + i % 12:02d}:{i % 60:02d}"
        if i % 3
        else f"  sms using t every {1 + i % 4} days from day {1 + i % 9}"
        for i in range(actions)
    )
    return (
        'playbook "heavy"\njurisdiction us-regf\ntimezone America/New_York\n'
        "borrowers in America/New_York, America/Los_Angeles\n"
        'template c call "This is an attempt to collect a debt."\n'
        'template t sms "Your payment is late. Reply STOP to opt out."\n'
        f"stage s days 1..60 {{\n{body}\n}}\non payment_received: stop all\n"
    )


def _run(tree: Path, fmt: str, target: Path) -> Outcome:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR")}
    env["PYTHONPATH"] = str(tree)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [*TOOL, "check", "--no-cache", "--format", fmt, str(target)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def _by_file(stdout: str) -> dict[str, list[object]] | None:
    try:
        report = json.loads(stdout)
    except ValueError:
        return None
    found = report.get("findings") if isinstance(report, dict) else report
    if not isinstance(found, list):
        return None
    grouped: dict[str, list[object]] = {}
    for item in found:
        path = str(item.get("path", item.get("file", "?"))) if isinstance(item, dict) else "?"
        grouped.setdefault(path, []).append(item)
    return grouped


def _explain(before: Outcome, after: Outcome, fmt: str, limit: int = 12) -> list[str]:
    lines: list[str] = []
    if before.status != after.status:
        lines.append(f"    exit status {before.status} -> {after.status}")
    if before.stderr != after.stderr:
        lines.append("    stderr differs:")
        lines += _diff(before.stderr, after.stderr, limit)
    if before.stdout == after.stdout:
        return lines
    old, new = (_by_file(before.stdout), _by_file(after.stdout)) if fmt == "json" else (None, None)
    if old is None or new is None:
        lines += _diff(before.stdout, after.stdout, limit)
        return lines
    changed = sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))
    lines.append(f"    {len(changed)} file(s) differ: {', '.join(changed[:8])}")
    for path in changed[:3]:
        lines += _diff(
            json.dumps(old.get(path, []), indent=1, ensure_ascii=False),
            json.dumps(new.get(path, []), indent=1, ensure_ascii=False),
            limit,
        )
    if not changed:
        lines += _diff(before.stdout, after.stdout, limit)
    return lines


def _diff(old: str, new: str, limit: int) -> list[str]:
    hunk = difflib.unified_diff(
        old.splitlines(), new.splitlines(), "before", "after", n=0, lineterm=""
    )
    return ["      " + line[:200] for line in list(hunk)[2 : 2 + limit]]


def compare(before: str, after: str, quick: bool) -> bool:
    with tempfile.TemporaryDirectory(prefix="same-findings-") as scratch:
        work = Path(scratch)
        trees = (_layout(before, work / "before"), _layout(after, work / "after"))
        tests = ROOT / "tests"
        inputs: list[Path] = [ROOT / "examples", tests / "fixtures", tests / "hostile"]
        inputs.append(_generated(work / "generated", quick))
        same = True
        for target in inputs:
            for fmt in FORMATS:
                old, new = (_run(tree, fmt, target) for tree in trees)
                shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else "generated"
                count = old.stdout.count("\n")
                if old == new:
                    print(f"same      {shown} --format {fmt} ({count} lines, exit {old.status})")
                    continue
                same = False
                print(f"DIFFERENT {shown} --format {fmt}")
                print("\n".join(_explain(old, new, fmt)))
        return same


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="a git revision or a checkout folder")
    parser.add_argument("--after", default=str(ROOT), help="a git revision or a checkout folder")
    parser.add_argument("--quick", action="store_true", help="a smaller generated set")
    args = parser.parse_args(argv)
    same = compare(args.before, args.after, args.quick)
    print("byte-identical" if same else "FINDINGS DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
