"""Is the command-line output byte-identical between two trees? (issue 20, "Done when")

    python3 bench/same_output.py                       # main at a24f5b6 against this tree
    python3 bench/same_output.py --before REV --after DIR [--keep OUT]

Both trees run the same list of commands -- ``check`` with every ``--format`` (streamed
and whole-run: statistics, --show-suppressed, FORMAT:FILE, baselines, the GitHub step
summary, --diff, --fix, stdin), ``explain`` for every code and some rule ids, ``rules``
(and per ruleset), ``rulesets``, ``timeline`` (text and --svg), ``format --diff/--check``,
``convert`` both ways, ``diff`` with every format, ``audit`` with every format and
``schema`` -- on one copy of ``examples/`` and ``tests/fixtures/`` taken from the
*before* tree, so only the code differs. Each command's stdout, stderr, exit status and
the files it wrote are stored under OUT/<tree>/<n>-<name>/; the script then names every
command whose output differs and exits 1 if any does.

Each tree runs in one Python process (the commands through click's test runner, with
``--jobs 1``), because one process per command costs ~2 s on a busy machine; the
python is the one running this script, so both trees share the installed dependencies.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BEFORE = "a24f5b6"
YEAR = "2026"
CHECK_FORMATS = ("full", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit")
DIFF_FORMATS = ("text", "json", "markdown", "github")
AUDIT_FORMATS = ("json", "csv", "sarif", "concise")


# -- the list of commands ------------------------------------------------------------


def _commands(inputs: Path) -> Iterator[tuple[str, list[str], dict[str, str], str | None]]:
    """(name, argv, extra environment, stdin) for every command, paths relative to
    ``inputs`` (the working directory of the run)."""
    fixture_dirs = sorted(
        str(p.relative_to(inputs)) for p in (inputs / "tests/fixtures").iterdir() if p.is_dir()
    )
    targets = ["examples", *fixture_dirs]
    no = {}
    base = ["check", "--no-cache", "--jobs", "1", "--year", YEAR]
    for target in targets:
        for fmt in CHECK_FORMATS:
            yield f"check-{fmt}-{target}", [*base, "--format", fmt, target], no, None
        yield f"check-stats-{target}", [*base, "--statistics", target], no, None
    for fmt in CHECK_FORMATS:
        # two formats at once, one of them to a file
        yield (
            f"check-two-{fmt}",
            [*base, "--format", "concise", "--format", f"{fmt}:out/report.{fmt}", "examples"],
            no,
            None,
        )
        # --show-suppressed makes a whole-run report
        yield (
            f"check-shown-{fmt}",
            [*base, "--show-suppressed", "--format", fmt, "tests/fixtures/suppression"],
            no,
            None,
        )
        # the step summary makes github a whole-run report
        yield (
            f"check-summary-{fmt}",
            [*base, "--format", fmt, "--format", "github", "examples"],
            {"GITHUB_STEP_SUMMARY": "out/summary.md"},
            None,
        )
    yield "check-color", [*base, "--color", "always", "--format", "full", "examples"], no, None
    yield (
        "check-output",
        [*base, "--format", "json", "--output", "out/o.json", "examples"],
        no,
        None,
    )
    yield "check-default-year", ["check", "--no-cache", "--jobs", "1", "examples"], no, None
    yield "check-year-2030", [*base[:-1], "2030", "--format", "json", "examples"], no, None
    yield "check-cached", ["check", "--jobs", "1", "--format", "json", "examples"], no, None
    yield "check-cached-again", ["check", "--jobs", "1", "--format", "json", "examples"], no, None
    yield "check-regf", [*base, "--ruleset", "us-regf", "--format", "json", "examples"], no, None
    yield (
        "check-acme",
        [*base, "--ruleset", "tests/fixtures/rulesets/acme.yaml", "examples"],
        no,
        None,
    )
    yield (
        "check-cycle",
        [*base, "--ruleset", "tests/fixtures/rulesets/cycle-a.yaml", "examples"],
        no,
        None,
    )
    yield "check-select", [*base, "--select", "PB1", "--ignore", "PB101", "examples"], no, None
    yield "check-fail-info", [*base, "--fail-level", "info", "tests/fixtures/checks"], no, None
    yield "check-no-supp", [*base, "--no-suppressions", "tests/fixtures/suppression"], no, None
    yield "check-settings", [*base, "--show-settings", "examples"], no, None
    yield "check-write-baseline", [*base, "--write-baseline", "out/b.json", "examples"], no, None
    yield "check-baseline", [*base, "--baseline", "out/b.json", "examples"], no, None
    yield (
        "check-baseline-json",
        [*base, "--baseline", "out/b.json", "--format", "json", "tests"],
        no,
        None,
    )
    yield "check-diff", [*base, "--diff", "examples"], no, None
    yield "check-unsafe-diff", [*base, "--diff", "--unsafe-fixes", "examples"], no, None
    yield "check-fix", [*base, "--fix", "out/fixme"], no, None
    stdin = (inputs / "examples/sloppy-us-agency.playbook").read_text(encoding="utf-8")
    yield "check-stdin", [*base, "--stdin-filename", "s.playbook", "-"], no, stdin
    yield "check-missing", [*base, "no/such/file.playbook"], no, None
    yield "check-bad-format", [*base, "--format", "nope", "examples"], no, None

    yield "rules", ["rules"], no, None
    yield "rulesets", ["rulesets"], no, None
    yield "schema", ["schema"], no, None
    for ruleset in sorted(p.stem for p in (inputs / "rulesets").glob("*.yaml")):
        yield f"rules-{ruleset}", ["rules", "--ruleset", ruleset], no, None
    for code in _codes(inputs):
        yield f"explain-{code}", ["explain", code], no, None
    for rule in ("us-regf/call-frequency", "baseline", "PB999", "nope/nope"):
        yield f"explain-{rule.replace('/', '_')}", ["explain", rule], no, None

    examples = sorted(p.name for p in (inputs / "examples").iterdir())
    for name in examples:
        path = f"examples/{name}"
        yield f"timeline-{name}", ["timeline", path], no, None
        yield f"timeline-svg-{name}", ["timeline", path, "--svg", f"out/{name}.svg"], no, None
        target = "yaml" if name.endswith(".playbook") else "dsl"
        yield f"convert-{name}", ["convert", "--to", target, path], no, None
    for target in targets:
        yield f"format-diff-{target}", ["format", "--diff", target], no, None
        yield f"format-check-{target}", ["format", "--check", target], no, None

    old = "tests/fixtures/diff/standard-v1.playbook"
    news = sorted(p.name for p in (inputs / "tests/fixtures/diff").glob("standard-v2-*"))
    for new in news:
        for fmt in DIFF_FORMATS:
            yield (
                f"diff-{fmt}-{new}",
                ["diff", "--year", YEAR, "--format", fmt, old, f"tests/fixtures/diff/{new}"],
                no,
                None,
            )
    yield "diff-dirs", ["diff", "--year", YEAR, "examples", "examples"], no, None
    yield (
        "diff-loosens",
        [
            "diff",
            "--year",
            YEAR,
            "--fail-on",
            "loosens",
            old,
            "tests/fixtures/diff/standard-v2-loosens.playbook",
        ],
        no,
        None,
    )
    for fmt in AUDIT_FORMATS:
        yield (
            f"audit-{fmt}",
            ["audit", "--jobs", "1", "--year", YEAR, "--format", fmt, "examples"],
            no,
            None,
        )
    yield (
        "audit-all",
        [
            "audit",
            "--jobs",
            "1",
            "--year",
            YEAR,
            "--all-rulesets",
            "--format",
            "json",
            "examples/uk-lender.playbook",
        ],
        no,
        None,
    )
    yield (
        "audit-regf",
        [
            "audit",
            "--jobs",
            "1",
            "--year",
            YEAR,
            "--ruleset",
            "us-regf",
            "--format",
            "concise",
            "--format",
            "csv:out/a.csv",
            "examples",
        ],
        no,
        None,
    )


def _codes(inputs: Path) -> list[str]:
    return sorted({word for word in _read(inputs / "codes.txt").split() if word.startswith("PB")})


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


# -- running one tree ------------------------------------------------------------------


def collect(out: Path, inputs: Path) -> None:
    """Run every command in this process (``playbook_lint`` is the tree under test)."""
    from click.testing import CliRunner

    from playbook_lint.cli import main

    runner = CliRunner()
    os.chdir(inputs)
    # The code list comes from `rules` of this same tree (both trees print the same list,
    # or the `rules` output differs and says so).
    codes = runner.invoke(main, ["rules"]).stdout
    (inputs / "codes.txt").write_text(codes, encoding="utf-8")
    for number, (name, argv, env, stdin) in enumerate(_commands(inputs)):
        scratch = inputs / "out"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        if name == "check-fix":
            shutil.copytree(inputs / "examples", scratch / "fixme")
        if name == "check-baseline" or name == "check-baseline-json":
            shutil.copy(out / "keep" / "b.json", scratch / "b.json")
        result = runner.invoke(main, argv, input=stdin, env=env, color="--color" in argv)
        folder = out / f"{number:03d}-{name.replace('/', '_')}"
        folder.mkdir(parents=True)
        (folder / "argv").write_text(json.dumps(argv) + "\n", encoding="utf-8")
        (folder / "stdout").write_bytes(_steady(result.stdout_bytes))
        (folder / "stderr").write_bytes(result.stderr_bytes)
        crash = ""
        if result.exception and not isinstance(result.exception, SystemExit):
            crash = f"\n{type(result.exception).__name__}: {result.exception}"
        (folder / "status").write_text(f"{result.exit_code}{crash}\n", encoding="utf-8")
        for written in sorted(scratch.rglob("*")):
            if written.is_file():
                target = folder / "files" / written.relative_to(scratch)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(written, target)
        if name == "check-write-baseline":
            (out / "keep").mkdir(exist_ok=True)
            shutil.copy(scratch / "b.json", out / "keep" / "b.json")
        shutil.rmtree(inputs / ".playbook-lint-cache", ignore_errors=True)


def _steady(output: bytes) -> bytes:
    """The output without the one value that changes from run to run: the audit's clock."""
    return re.sub(rb'"utc": "[0-9T:Z-]+"', b'"utc": "(now)"', output)


# -- comparing -------------------------------------------------------------------------


def _tree_of(rev: str, into: Path) -> Path:
    """``lint/``, ``grammar/`` and ``rulesets/`` of ``rev`` under ``into``."""
    archive = subprocess.run(
        [
            "git",
            "-C",
            str(REPO),
            "archive",
            rev,
            "lint",
            "grammar",
            "rulesets",
            "examples",
            "tests/fixtures",
        ],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _inputs(before: Path, into: Path) -> Path:
    """One copy of the inputs, from the before tree; rulesets come from each tree."""
    into.mkdir(parents=True)
    shutil.copytree(before / "examples", into / "examples")
    shutil.copytree(before / "tests/fixtures", into / "tests/fixtures")
    shutil.copytree(before / "rulesets", into / "rulesets")  # only to list the ruleset ids
    return into


def _run_tree(tree: Path, label: str, work: Path, inputs_from: Path) -> Path:
    shim = work / f"shim-{label}"
    shim.mkdir()
    (shim / "playbook_lint").symlink_to(tree / "lint")
    out = work / label
    # The same folder for both trees: SARIF names the absolute folder it ran in.
    shutil.rmtree(work / "inputs", ignore_errors=True)
    inputs = _inputs(inputs_from, work / "inputs")
    env = {**os.environ, "PYTHONPATH": str(shim), "NO_COLOR": "", "FORCE_COLOR": ""}
    env.pop("NO_COLOR")
    env.pop("FORCE_COLOR")
    env.pop("GITHUB_STEP_SUMMARY", None)
    subprocess.run(
        [sys.executable, __file__, "--collect", str(out), str(inputs)], check=True, env=env
    )
    return out


def _differences(a: Path, b: Path) -> list[str]:
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    differing = []
    for name in names:
        if name == "keep":
            continue
        left, right = a / name, b / name
        if not left.exists() or not right.exists():
            differing.append(f"{name}: only in {'after' if right.exists() else 'before'}")
            continue
        files = sorted(
            {str(p.relative_to(left)) for p in left.rglob("*") if p.is_file()}
            | {str(p.relative_to(right)) for p in right.rglob("*") if p.is_file()}
        )
        for file in files:
            x, y = left / file, right / file
            if not (x.exists() and y.exists() and filecmp.cmp(x, y, shallow=False)):
                differing.append(f"{name}/{file}")
    return differing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help="a git revision (default: %(default)s)")
    parser.add_argument(
        "--after", default=str(REPO), help="a git revision or a folder (default: this tree)"
    )
    parser.add_argument("--keep", help="store the outputs here (default: a temporary folder)")
    parser.add_argument("--collect", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.collect:
        collect(Path(args.collect[0]), Path(args.collect[1]))
        return 0
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="same-output-"))
    work.mkdir(parents=True, exist_ok=True)
    before_tree = _tree_of(args.before, work / "before-tree")
    a = _run_tree(before_tree, "before", work, before_tree)
    after = Path(args.after)
    after_tree = after.resolve() if after.is_dir() else _tree_of(args.after, work / "after-tree")
    b = _run_tree(after_tree, "after", work, before_tree)
    differing = _differences(a, b)
    commands = len([p for p in a.iterdir() if p.name != "keep"])
    for line in differing:
        print(f"differs: {line}")
    print(
        f"{commands} commands on {args.before} and {args.after}: "
        f"{'byte-identical' if not differing else f'{len(differing)} outputs differ'}"
        f" (outputs in {work})"
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
