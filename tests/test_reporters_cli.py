"""Report formats through the command line: several per run, files written atomically."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK, CLEAN_PLAYBOOK

from playbook_lint.cli import main

REPO = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "bad.playbook").write_text(BAD_PLAYBOOK, encoding="utf-8")
    (tmp_path / "plans" / "clean.playbook").write_text(CLEAN_PLAYBOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", *args], env=env, catch_exceptions=False)


def test_several_formats_in_one_run(project: Path) -> None:
    result = _run(
        "--format", "concise",
        "--format", "sarif:out/report.sarif",
        "--format", "junit:out/junit.xml",
        "--format", "gitlab:gl.json",
        "plans",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "plans/bad.playbook:9:14: error PB008" in result.stdout
    sarif = json.loads((project / "out" / "report.sarif").read_text())
    jsonschema.validate(sarif, SARIF_SCHEMA)
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"PB008", "PB009"}
    suites = ET.parse(project / "out" / "junit.xml").getroot().findall("testsuite")
    assert {s.get("name") for s in suites} == {"plans/bad.playbook", "plans/clean.playbook"}
    assert len(json.loads((project / "gl.json").read_text())) == 2
    assert sorted(os.listdir(project / "out")) == ["junit.xml", "report.sarif"]  # no temp files


def test_output_writes_the_stdout_report_to_a_file(project: Path) -> None:
    result = _run("--format", "jsonl", "--output", "findings.jsonl", "plans")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = (project / "findings.jsonl").read_text().splitlines()
    assert [json.loads(line)["code"] for line in lines] == ["PB009", "PB008"]


def test_unknown_format_is_a_usage_error(project: Path) -> None:
    result = _run("--format", "html", "plans")
    assert result.exit_code == 2
    assert "unknown format 'html'" in result.stderr


def test_unwritable_report_is_exit_2_without_traceback(project: Path) -> None:
    (project / "blocker").write_text("a file, not a folder")
    result = _run("--format", "sarif:blocker/x.sarif", "plans")
    assert result.exit_code == 2
    assert "blocker/x.sarif" in result.stderr


def test_github_format_and_step_summary(project: Path) -> None:
    summary = project / "summary.md"
    summary.write_text("earlier step\n")
    result = _run("--format", "github", "plans", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert "::group::plans/bad.playbook" in result.stdout
    assert "::error file=plans/bad.playbook,line=9,col=14," in result.stdout
    text = summary.read_text()
    assert text.startswith("earlier step\n")  # appended, not overwritten
    assert "## playbook-lint" in text
    assert "| PB008 |" in text


def test_statistics_replaces_the_findings(project: Path) -> None:
    result = _run("--statistics", "plans")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [["1", "PB008"], ["1", "PB009"]]


def test_color_option_beats_the_environment(project: Path) -> None:
    colored = _run("--format", "full", "--color", "always", "plans", env={"NO_COLOR": "1"})
    assert "\x1b[" in colored.stdout
    plain = _run("--format", "full", "--color", "never", "plans", env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in plain.stdout
    forced = _run("--format", "full", "plans", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout


def test_fail_level_and_exit_zero(project: Path) -> None:
    assert _run("--fail-level", "error", "plans/clean.playbook").exit_code == 0
    assert _run("--exit-zero", "plans").exit_code == 0
    only_warning = project / "w.playbook"
    only_warning.write_text(BAD_PLAYBOOK.replace("  call using due_soon on day -1 at 10:00\n", ""))
    assert _run("w.playbook").exit_code == 1
    assert _run("--fail-level", "error", "w.playbook").exit_code == 0


def test_select_and_ignore(project: Path) -> None:
    result = _run("--format", "concise", "--select", "PB0", "--ignore", "PB008", "plans")
    assert "PB009" in result.stdout
    assert "PB008" not in result.stdout
    result = _run(
        "--format", "concise", "--select", "PB2", "--extend-select", "unused-template", "plans"
    )
    assert "PB009" in result.stdout
    assert "PB008" not in result.stdout
    result = _run("--format", "concise", "--ignore", "PB008,PB009", "plans")
    assert result.exit_code == 0


def test_parallel_output_is_identical_to_serial(project: Path) -> None:
    shutil.copytree(REPO / "examples", project / "examples")
    serial = _run("--format", "json", "--jobs", "1", "examples")
    parallel = _run("--format", "json", "--jobs", "2", "examples")
    assert serial.exit_code == parallel.exit_code
    assert serial.stdout == parallel.stdout
    assert len(json.loads(serial.stdout)) > 10


def test_jobs_must_be_positive(project: Path) -> None:
    assert _run("--jobs", "0", "plans").exit_code == 2


def test_every_format_on_the_bundled_examples(project: Path) -> None:
    shutil.copytree(REPO / "examples", project / "examples")
    result = _run(
        "--format", "json:all.json",
        "--format", "jsonl:all.jsonl",
        "--format", "sarif:all.sarif",
        "--format", "gitlab:all.gitlab.json",
        "--format", "junit:all.xml",
        "--format", "github:all.github.txt",
        "examples",
    )  # fmt: skip
    assert result.exit_code == 1
    findings = json.loads((project / "all.json").read_text())
    assert len(findings) > 10
    assert len((project / "all.jsonl").read_text().splitlines()) == len(findings)
    sarif = json.loads((project / "all.sarif").read_text())
    jsonschema.validate(sarif, SARIF_SCHEMA)
    assert len(sarif["runs"][0]["results"]) == len(findings)
    issues = json.loads((project / "all.gitlab.json").read_text())
    assert len({i["fingerprint"] for i in issues}) == len(issues) == len(findings)
    failures = ET.parse(project / "all.xml").getroot().findall("testsuite/testcase/failure")
    assert len(failures) == len(findings)
    assert "::notice title=playbook-lint::" in (project / "all.github.txt").read_text()


def test_concise_is_coloured_when_colour_is_asked_for(project: Path) -> None:
    colored = _run("--format", "concise", "--color", "always", "plans")
    assert "\x1b[1m" in colored.stdout
    assert "\x1b[" not in _run("--format", "concise", "--color", "never", "plans").stdout
