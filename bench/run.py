"""Every figure of issue 24's table (issue 13's before it), measured side by side in one run.

    .venv/bin/pip install yamllint          # the peer (a bench tool, not a dependency)
    .venv/bin/python bench/run.py           # writes bench/RESULTS.md
    .venv/bin/python bench/run.py --before 20df925   # and an older commit next to it
    .venv/bin/python bench/run.py --quick   # smaller corpora, to try the harness

The playbooks are made by ``bench/generate.py`` (seeded, both forms) in a temporary folder.
Each variant (the working copy, and with ``--before REV`` that commit's ``lint/`` with its
``grammar/`` and ``rulesets/``) is run through ``python -m playbook_lint`` and
``bench/probe.py``; measures alternate between variants, so a busy machine slows both.
Times are CPU seconds of the child processes (``resource.getrusage``), measures
interleaved and the median taken: the machine may be shared, and CPU time is what the
work costs. Only ``--jobs`` is judged by wall time (a pool cannot win on CPU time).
Ratios matter; absolute times depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
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


def _cpu(command: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """CPU seconds (user + system) of the command and its children: on a machine shared
    with other jobs, wall time measures the neighbours; CPU time measures the work."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _interleaved(runs: int, measures: dict[str, Callable[[], float]]) -> dict[str, float]:
    """The median of ``runs`` of each measure, taken in turn (a, b, c, a, b, c, …) so a
    change in the machine's load falls on all of them alike."""
    taken: dict[str, list[float]] = {label: [] for label in measures}
    for _ in range(runs):
        for label, run in measures.items():
            taken[label].append(run())
    return {label: statistics.median(values) for label, values in taken.items()}


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


def _realistic(copies: int) -> list[tuple[str, str]]:
    """The YAML examples (real-looking plans of several jurisdictions), ``copies`` times."""
    texts = sorted((ROOT / "examples").glob("*.playbook.yaml"))
    return [
        (f"r{i:03d}-{path.name}", path.read_text(encoding="utf-8"))
        for i in range(copies)
        for path in texts
    ]


def measure(
    variants: Sequence[Variant], work: Path, quick: bool, files: int = 500
) -> dict[str, float]:
    """Fill each variant's figures; returns the peers' and floors' own figures. Every
    ratio is of CPU time (the children's rusage), the measures interleaved, medians."""
    peers: dict[str, float] = {}
    runs = 2 if quick else 3
    count = 40 if quick else files
    generated = _write(work / "yaml-generated", generate.corpus(count, 7, "yaml"))
    realistic = _write(work / "yaml-realistic", _realistic(max(1, count // 11)))
    # Both forms: past the pool threshold (24 files a worker), and a run fits a busy box.
    mixed = _write(work / "mixed", _mixed(60 if quick else 200, 11))
    one = _write(work / "one", [("one.playbook", generate.playbook(3, lines=120, horizon=365))])
    measured_files = 500 if quick else 10_000
    env = variants[0].env
    clock: list[float] = []
    yamllint = shutil.which("yamllint", path=str(Path(sys.executable).parent)) or shutil.which(
        "yamllint"
    )

    _section("1/8 throughput against yamllint (cold, then warm cache)", clock)
    for name, folder in (("generated", generated), ("realistic", realistic)):
        measures: dict[str, Callable[[], float]] = {}
        if yamllint:
            measures["yamllint"] = lambda f=folder: _cpu([yamllint, str(f)], env)
        for v in variants:
            measures[v.label] = lambda v=v, f=folder: _cpu(v.check(str(f)), v.env)
        got = _interleaved(runs, measures)
        peers[f"yamllint_{name}_s"] = got.get("yamllint", float("nan"))
        for v in variants:
            v.figures[f"check_{name}_s"] = got[v.label]
            if yamllint:
                v.figures[f"vs_yamllint_{name}"] = got["yamllint"] / got[v.label]
    warm: dict[str, Callable[[], float]] = {}
    if yamllint:
        warm["yamllint"] = lambda: _cpu([yamllint, str(generated)], env)
    for number, v in enumerate(variants):
        project = work / f"cache-{number}"
        shutil.copytree(generated, project / "playbooks")
        (project / "pyproject.toml").write_text('[project]\nname = "bench"\n', encoding="utf-8")
        command = v.check("playbooks", cache=True)
        v.figures["cold_run_s"] = _cpu(command, v.env, project)  # fills the cache
        warm[v.label] = lambda c=command, v=v, p=project: _cpu(c, v.env, p)
    got = _interleaved(runs, warm)
    for v in variants:
        v.figures["warm_run_s"] = got[v.label]
        v.figures["second_run_speedup"] = v.figures["cold_run_s"] / got[v.label]
        if yamllint:
            v.figures["vs_yamllint_warm"] = got["yamllint"] / got[v.label]

    _section("2/8 full check against the bare parse", clock)
    for v in variants:
        floor = _probe(v, "floor", str(mixed))
        v.figures["bare_parse_s"] = floor["bare"]
        v.figures["full_check_s"] = floor["full"]
        v.figures["vs_bare_parse"] = floor["full"] / floor["bare"]
        peers["libyaml"] = floor["libyaml"]
        only = _probe(v, "floor", str(generated))
        v.figures["vs_bare_parse_yaml"] = only["full"] / only["bare"]

    _section("3/8 cold start", clock)
    target = str(one / "one.playbook")
    start: dict[str, Callable[[], float]] = {
        "floor": lambda: _cpu([sys.executable, "-c", "import lark, yaml, click"], env)
    }
    for v in variants:
        start[v.label] = lambda v=v: _cpu(v.check(target), v.env)
    got = _interleaved(3 if quick else 9, start)
    peers["import_floor_s"] = got["floor"]
    for v in variants:
        v.figures["one_file_s"] = got[v.label]
        v.figures["vs_import_floor"] = got[v.label] / got["floor"]

    _section("4/8 scaling: generated lines, actions and stages with breaches", clock)
    for v in variants:
        scale = _probe(v, "scale", "1", "2000")
        v.figures["lint_200_s"] = scale["mean_200"]
        v.figures["lint_2000_s"] = scale["mean_2000"]
        v.figures["scale_2000_vs_200"] = scale["mean_2000"] / scale["mean_200"]
        series = _probe(v, "series")
        for kind in ("actions", "stages"):
            v.figures[f"{kind}_200_s"] = series[f"{kind}_200"]
            v.figures[f"{kind}_2000_s"] = series[f"{kind}_2000"]
            v.figures[f"{kind}_2000_vs_200"] = series[f"{kind}_2000"] / series[f"{kind}_200"]

    _section("5/8 the language server's re-lint", clock)
    for v in variants:
        # An older tree without the server has no figure here.
        with contextlib.suppress(subprocess.CalledProcessError):
            v.figures["relint_ms"] = _probe(v, "server")["relint_ms"]

    _section(f"6/8 memory ({measured_files:,} files)", clock)
    for v in variants:
        folder = _write(work / f"small-{measured_files}", _small(measured_files))
        tenth = _write(work / f"small-{measured_files // 10}", _small(measured_files // 10))
        big = _peak_kib(v.check("--jobs", "1", str(folder)), v.env)
        little = _peak_kib(v.check("--jobs", "1", str(tenth)), v.env)
        per_file = (big - little) / (measured_files - measured_files // 10)
        v.figures["per_file_kib"] = per_file
        # Measured, not projected: the first few hundred files fill the bounded caches
        # (parse trees, phrases), so growth over them says nothing of 10,000.
        v.figures["peak_mib"] = big / 1024
        v.figures["memory_files_measured"] = measured_files

    _section("7/8 --jobs 2 and the default against serial (wall and CPU)", clock)
    for v in variants:
        walls = _interleaved(
            runs,
            {
                "serial": lambda v=v: _wall(v.check("--jobs", "1", str(mixed)), v.env),
                "two": lambda v=v: _wall(v.check("--jobs", "2", str(mixed)), v.env),
                "default": lambda v=v: _wall(v.check(str(mixed)), v.env),
            },
        )
        cpus = _interleaved(
            1,
            {
                "serial": lambda v=v: _cpu(v.check("--jobs", "1", str(mixed)), v.env),
                "two": lambda v=v: _cpu(v.check("--jobs", "2", str(mixed)), v.env),
            },
        )
        v.figures["serial_s"] = walls["serial"]
        v.figures["jobs2_s"] = walls["two"]
        v.figures["jobs2_vs_serial"] = walls["serial"] / walls["two"]
        v.figures["default_jobs_vs_serial"] = walls["serial"] / walls["default"]
        v.figures["jobs2_cpu_vs_serial_cpu"] = cpus["two"] / cpus["serial"]
    _section("8/8 done", clock)
    return peers


ROWS = (
    (
        "throughput vs yamllint, generated YAML playbooks, cold",
        "vs_yamllint_generated",
        "≥ 2×",
        2.0,
        "x_high",
    ),
    (
        "throughput vs yamllint, realistic YAML playbooks (examples/), cold",
        "vs_yamllint_realistic",
        "≥ 2×",
        2.0,
        "x_high",
    ),
    ("same, warm cache", "vs_yamllint_warm", "—", 0.0, "x_high"),
    ("full check vs bare parse, mixed forms", "vs_bare_parse", "≤ 3×", 3.0, "x_low"),
    ("full check vs bare parse, generated YAML", "vs_bare_parse_yaml", "≤ 3×", 3.0, "x_low"),
    ("one small file vs `import lark, yaml, click`", "vs_import_floor", "≤ 2.5×", 2.5, "x_low"),
    ("2,000 actions with breaches vs 200", "actions_2000_vs_200", "≤ 12×", 12.0, "x_low"),
    ("2,000 stages vs 200", "stages_2000_vs_200", "≤ 12×", 12.0, "x_low"),
    ("generated 2,000-line plan vs 200-line", "scale_2000_vs_200", "≤ 12×", 12.0, "x_low"),
    ("`--jobs 2` vs serial (wall, mixed files)", "jobs2_vs_serial", "≥ 1×", 0.97, "x_high"),
    ("default `--jobs` vs serial (wall)", "default_jobs_vs_serial", "≥ 1×", 0.97, "x_high"),
    ("language-server re-lint, 2,000-line plan (CPU ms)", "relint_ms", "≤ 300 ms", 300.0, "ms_low"),
    ("peak memory, serial (files: see raw)", "peak_mib", "< 100 MB", 100.0, "mib_low"),
    ("memory growth per file (last 90% of the files)", "per_file_kib", "flat", 1.0, "kib_low"),
    ("second run on unchanged files vs first", "second_run_speedup", "≥ 5×", 5.0, "x_high"),
)


def _shown(value: float, kind: str) -> str:
    if kind.startswith("x"):
        return f"{value:.2f}×"
    if kind.startswith("s"):
        return f"{value:.2f} s"
    if kind.startswith("ms"):
        return f"{value:.0f} ms"
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
        if key.endswith(("_s", "_mib", "_kib", "_measured", "_ms")):
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
    parser.add_argument("--now", metavar="REV", help="measure this commit as 'now'")
    parser.add_argument("--quick", action="store_true", help="smaller corpora (not for RESULTS)")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--files", type=int, default=500, help="generated YAML playbooks")
    args = parser.parse_args()
    began = time.perf_counter()
    machine = _machine()
    with tempfile.TemporaryDirectory(prefix="playbook-lint-bench-") as tmp:
        work = Path(tmp)
        variants = []
        if args.before:
            snapshot = _snapshot(args.before, work / "before")
            variants.append(_variant(f"before ({args.before})", snapshot))
        if args.now:
            # A snapshot, so editing the working copy during a long run changes nothing.
            variants.append(_variant(f"now ({args.now})", _snapshot(args.now, work / "now")))
        else:
            variants.append(_variant("now", None))
        peers = measure(variants, work, args.quick, args.files)
    text = report(variants, peers, machine, time.perf_counter() - began)
    out = Path(args.out)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if "\n## Notes" in old:  # written by hand: what explains a figure, what would close it
        text += "\n## Notes" + old.split("\n## Notes", 1)[1]
    out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
