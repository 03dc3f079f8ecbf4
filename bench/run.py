"""Every figure of issue 13's table, measured side by side in one run.

    .venv/bin/pip install yamllint          # the peer (a bench tool, not a dependency)
    .venv/bin/python bench/run.py           # writes bench/RESULTS.md
    .venv/bin/python bench/run.py --before 20df925   # and an older commit next to it
    .venv/bin/python bench/run.py --quick   # smaller corpora, to try the harness

The playbooks are made by ``bench/generate.py`` (seeded, both forms) in a temporary folder.
Each variant (the working copy, and with ``--before REV`` that commit's ``lint/`` with its
``grammar/`` and ``rulesets/``) is run through ``python -m playbook_lint`` and
``bench/probe.py``; measures alternate between variants, so a busy machine slows both.
Times are best-of-N wall clock; ratios matter, absolute times depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


@dataclass
class Variant:
    label: str
    env: dict[str, str]
    cache_flag: bool = False  # whether `check --no-cache` exists
    figures: dict[str, float] = field(default_factory=dict)

    def tool(self) -> list[str]:
        return [sys.executable, "-m", "playbook_lint"]

    def check(self, *args: str, cache: bool = False) -> list[str]:
        extra = [] if cache or not self.cache_flag else ["--no-cache"]
        return [*self.tool(), "check", "--format", "concise", *extra, *args]


def _variant(label: str, pythonpath: str | None) -> Variant:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR")}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    found = Variant(label, env)
    help_text = subprocess.run(
        [*found.tool(), "check", "--help"], env=env, capture_output=True, text=True, check=False
    ).stdout
    found.cache_flag = "--no-cache" in help_text
    # An installed wheel has its bytecode compiled; a checkout run with
    # PYTHONDONTWRITEBYTECODE (as here) would compile every module on every start.
    package = subprocess.run(
        [
            sys.executable,
            "-c",
            "import playbook_lint, os; print(os.path.dirname(playbook_lint.__file__))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], env=env, check=False)
    return found


def _snapshot(rev: str, into: Path) -> str:
    """``rev``'s package laid out as an installed one: ``playbook_lint/`` holding its data."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "lint", "grammar", "rulesets"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    package = into / "playbook_lint"
    (into / "lint").rename(package)
    for data in ("grammar", "rulesets"):
        (into / data).rename(package / data)
    return str(into)


def _wall(command: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _best(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


def _peak_kib(command: Sequence[str], env: dict[str, str]) -> float:
    """Peak resident memory of one child process (``wait4``'s rusage is per child)."""
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    return float(usage.ru_maxrss)


def _write(folder: Path, pairs: Sequence[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pairs:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _mixed(count: int, seed: int) -> list[tuple[str, str]]:
    half = count // 2
    return [*generate.corpus(half, seed, "dsl"), *generate.corpus(count - half, seed + 1, "yaml")]


def _small(count: int) -> list[tuple[str, str]]:
    """``count`` short plans (20-60 lines), both forms: what the memory figure lints."""
    distinct = [
        generate.playbook(s, lines=20 + 10 * (s % 5), horizon=180, form=("dsl", "yaml")[s % 2])
        for s in range(200)
    ]
    return [
        (f"m{i:05d}.playbook" + (".yaml" if i % 2 else ""), distinct[i % 200]) for i in range(count)
    ]


def _probe(variant: Variant, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(HERE / "probe.py"), *args],
        env=variant.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def _section(title: str, started: list[float]) -> None:
    now = time.perf_counter()
    if started:
        print(f"    ({now - started[-1]:.0f} s)", flush=True)
    started.append(now)
    print(title, flush=True)


def measure(variants: Sequence[Variant], work: Path, quick: bool) -> dict[str, float]:
    """Fill each variant's figures; returns the peers' and floors' own figures."""
    peers: dict[str, float] = {}
    yaml400 = _write(work / "yaml400", generate.corpus(60 if quick else 400, 7, "yaml"))
    # 200 files in both forms: well past the pool threshold, and a run fits a busy box.
    mixed = _write(work / "mixed", _mixed(60 if quick else 200, 11))
    one = _write(work / "one", [("one.playbook", generate.playbook(3, lines=120, horizon=365))])
    memory_files = 1000 if quick else 10_000
    small = _write(work / "small", _small(memory_files))
    # One timed run per whole-corpus measure (each lasts tens of seconds on a busy machine,
    # which is noise enough averaged over hundreds of files); the short ones take the best.
    runs = 1
    env = variants[0].env
    clock: list[float] = []

    _section("1/8 throughput against yamllint", clock)
    yamllint = shutil.which("yamllint", path=str(Path(sys.executable).parent)) or shutil.which(
        "yamllint"
    )
    if yamllint:
        peers["yamllint_s"] = _best(runs, lambda: _wall([yamllint, str(yaml400)], env))
    for v in variants:
        v.figures["check_yaml400_s"] = _best(runs, lambda v=v: _wall(v.check(str(yaml400)), v.env))
        if yamllint:
            v.figures["vs_yamllint"] = peers["yamllint_s"] / v.figures["check_yaml400_s"]

    _section("2/8 full check against the bare parse", clock)
    for v in variants:
        floor = _probe(v, "floor", str(mixed))
        v.figures["bare_parse_s"] = floor["bare"]
        v.figures["full_check_s"] = floor["full"]
        v.figures["vs_bare_parse"] = floor["full"] / floor["bare"]
        peers["libyaml"] = floor["libyaml"]

    _section("3/8 cold start", clock)
    imports = [sys.executable, "-c", "import lark, yaml, click"]
    peers["import_floor_s"] = _best(7, lambda: _wall(imports, env))
    target = str(one / "one.playbook")
    for v in variants:
        v.figures["one_file_s"] = _best(7, lambda v=v: _wall(v.check(target), v.env))
        v.figures["vs_import_floor"] = v.figures["one_file_s"] / peers["import_floor_s"]

    _section("4-5/8 scaling to 2,000 lines", clock)
    for v in variants:
        scale = _probe(v, "scale", "1", "2000")
        v.figures["lint_200_s"] = scale["mean_200"]
        v.figures["lint_2000_s"] = scale["mean_2000"]
        v.figures["lint_2000_worst_s"] = scale["worst_2000"]
        v.figures["scale_2000_vs_200"] = scale["mean_2000"] / scale["mean_200"]

    _section(f"6/8 memory over {memory_files:,} files", clock)
    for v in variants:
        # An older variant gets a fifth of the files and the rest extrapolated from its
        # growth per file: a slow 'before' must not double the bench's run time.
        count = memory_files if v is variants[-1] else memory_files // 5
        folder = small if count == memory_files else _write(work / f"small-{count}", _small(count))
        tenth = _write(work / f"small-{count // 10}", _small(count // 10))
        big = _peak_kib(v.check("--jobs", "1", str(folder)), v.env)
        little = _peak_kib(v.check("--jobs", "1", str(tenth)), v.env)
        per_file = (big - little) / (count - count // 10)
        v.figures["per_file_kib"] = per_file
        v.figures["peak_mib"] = (big + per_file * (memory_files - count)) / 1024
        v.figures["memory_files_measured"] = count
    peers["memory_files"] = memory_files

    _section("7/8 second run (result cache)", clock)
    for v in variants:
        project = work / f"cache-{v.label}"
        shutil.copytree(mixed, project / "playbooks")
        (project / "pyproject.toml").write_text('[project]\nname = "bench"\n', encoding="utf-8")
        command = v.check("--jobs", "1", "playbooks", cache=True)
        first = _wall(command, v.env, project)
        second = _best(runs, lambda v=v, c=command, p=project: _wall(c, v.env, p))
        v.figures["cold_run_s"] = first
        v.figures["warm_run_s"] = second
        v.figures["second_run_speedup"] = first / second

    _section("8/8 --jobs 2 against serial", clock)
    for v in variants:
        serial = _best(runs, lambda v=v: _wall(v.check("--jobs", "1", str(mixed)), v.env))
        two = _best(runs, lambda v=v: _wall(v.check("--jobs", "2", str(mixed)), v.env))
        default = _best(runs, lambda v=v: _wall(v.check(str(mixed)), v.env))
        v.figures["serial_s"] = serial
        v.figures["jobs2_s"] = two
        v.figures["jobs2_vs_serial"] = serial / two
        v.figures["default_jobs_vs_serial"] = serial / default
        one_file = _best(runs, lambda v=v: _wall(v.check("--jobs", "2", target), v.env))
        v.figures["jobs2_one_file_vs_serial"] = v.figures["one_file_s"] / one_file
    _section("done", clock)
    return peers


ROWS = (
    ("throughput vs yamllint (400 YAML playbooks)", "vs_yamllint", "≥ 2×", 2.0, "x_high"),
    (
        "full check vs bare parse (Lark LALR + libyaml compose)",
        "vs_bare_parse",
        "≤ 3×",
        3.0,
        "x_low",
    ),
    ("one-file `check` vs `import lark, yaml, click`", "vs_import_floor", "≤ 2.5×", 2.5, "x_low"),
    ("a 2,000-line playbook vs a 200-line one", "scale_2000_vs_200", "≤ 12×", 12.0, "x_low"),
    ("2,000-line playbook, absolute (mean of both forms)", "lint_2000_s", "≤ 1 s", 1.0, "s_low"),
    (
        "peak memory, 10,000 files serial (see raw: files measured)",
        "peak_mib",
        "< 100 MB",
        100.0,
        "mib_low",
    ),
    ("memory growth per file linted", "per_file_kib", "flat", 1.0, "kib_low"),
    ("second run on unchanged files vs first", "second_run_speedup", "≥ 5×", 5.0, "x_high"),
    ("`--jobs 2` vs serial (200 files)", "jobs2_vs_serial", "≥ 1× (never slower)", 0.97, "x_high"),
    ("default `--jobs` vs serial (200 files)", "default_jobs_vs_serial", "≥ 1×", 0.97, "x_high"),
    ("`--jobs 2` vs serial (one file)", "jobs2_one_file_vs_serial", "≥ 1×", 0.97, "x_high"),
)


def _shown(value: float, kind: str) -> str:
    if kind.startswith("x"):
        return f"{value:.2f}×"
    if kind.startswith("s"):
        return f"{value:.2f} s"
    if kind.startswith("mib"):
        return f"{value:.0f} MiB"
    return f"{value:.2f} KiB"


def _met(value: float, goal: float, kind: str) -> bool:
    return value >= goal if kind.endswith("high") else value <= goal


def _machine() -> list[str]:
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    import lark
    import yaml

    return [
        f"- machine: {platform.machine()} {model}, {cpus} usable cores, load {load} at the start",
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}",
        f"- lark {lark.__version__}, PyYAML {yaml.__version__}"
        f" (libyaml: {'yes' if getattr(yaml, '__with_libyaml__', False) else 'no'})",
    ]


def report(
    variants: Sequence[Variant], peers: dict[str, float], machine: list[str], took: float
) -> str:
    head = "| measure | goal | " + " | ".join(v.label for v in variants) + " | met |"
    lines = [head, "|---|---|" + "---|" * len(variants) + "---|"]
    for title, key, goal_text, goal, kind in ROWS:
        cells = [_shown(v.figures[key], kind) if key in v.figures else "n/a" for v in variants]
        last = variants[-1].figures.get(key)
        met = "n/a" if last is None else ("yes" if _met(last, goal, kind) else "**no**")
        lines.append(f"| {title} | {goal_text} | " + " | ".join(cells) + f" | {met} |")
    raw = ["| figure | " + " | ".join(v.label for v in variants) + " |"]
    raw.append("|---|" + "---|" * len(variants))
    for key in sorted({k for v in variants for k in v.figures}):
        if key.endswith(("_s", "_mib", "_kib", "_measured")):
            raw.append(
                f"| {key} | "
                + " | ".join(f"{v.figures.get(key, float('nan')):.3f}" for v in variants)
                + " |"
            )
    peer_lines = [f"- {k}: {v:.3f}" for k, v in sorted(peers.items())]
    return "\n".join(
        [
            "<!-- written by bench/run.py; the '## Notes' section is kept across runs -->",
            "# Benchmark results",
            "",
            *machine,
            f"- whole run: {took:.0f} s",
            "",
            *lines,
            "",
            "Raw figures (seconds, MiB, KiB):",
            "",
            *raw,
            "",
            "Peers and floors:",
            "",
            *peer_lines,
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also measure this commit, side by side")
    parser.add_argument("--quick", action="store_true", help="smaller corpora (not for RESULTS)")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    began = time.perf_counter()
    machine = _machine()
    with tempfile.TemporaryDirectory(prefix="playbook-lint-bench-") as tmp:
        work = Path(tmp)
        variants = []
        if args.before:
            snapshot = _snapshot(args.before, work / "before")
            variants.append(_variant(f"before ({args.before})", snapshot))
        variants.append(_variant("now", None))
        peers = measure(variants, work, args.quick)
    text = report(variants, peers, machine, time.perf_counter() - began)
    out = Path(args.out)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if "\n## Notes" in old:  # written by hand: what explains a figure, what would close it
        text += "\n## Notes" + old.split("\n## Notes", 1)[1]
    out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
