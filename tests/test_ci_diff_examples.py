"""The diff gate examples of docs/ci.md: valid for their CI, and their commands do what
the comments say on a real repository with a loosening change."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from test_diff import _git
from test_precommit_ci_examples import _Yaml12Loader

from playbook_lint.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "docs" / "examples"
DATA = REPO / "tests" / "data"
DIFF = REPO / "tests" / "fixtures" / "diff"


def _load(name: str) -> Any:
    return yaml.load((EXAMPLES / name).read_text(encoding="utf-8"), Loader=_Yaml12Loader)


def _schema(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _diff_commands(lines: list[str], variables: dict[str, str]) -> list[list[str]]:
    out = []
    for block in lines:
        for line in block.splitlines():
            for name, value in variables.items():
                line = line.replace(name, value)
            argv = shlex.split(line)
            if argv[:2] == ["playbook-lint", "diff"]:
                out.append(argv[2:])
    return out


def test_github_diff_gate_is_a_valid_workflow() -> None:
    workflow = _load("github-diff-gate.yml")
    jsonschema.Draft7Validator(_schema("github-workflow.schema.json")).validate(workflow)
    assert workflow["permissions"]["pull-requests"] == "write"
    (job,) = workflow["jobs"].values()
    assert job["steps"][0]["with"]["fetch-depth"] == 0


def test_gitlab_diff_gate_is_a_valid_pipeline() -> None:
    pipeline = _load("gitlab-diff-gate.yml")
    jsonschema.Draft7Validator(_schema("gitlab-ci.schema.json")).validate(pipeline)
    assert pipeline["policy-diff"]["artifacts"]["paths"] == ["playbook-diff.md"]


@pytest.mark.parametrize(
    ("example", "lines", "variables"),
    [
        (
            "github-diff-gate.yml",
            lambda d: [s["run"] for s in d["jobs"]["policy-diff"]["steps"] if "run" in s],
            {"${{ github.base_ref }}": "main"},
        ),
        (
            "gitlab-diff-gate.yml",
            lambda d: d["policy-diff"]["script"],
            {"$CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"},
        ),
    ],
)
def test_example_commands_gate_a_loosening_change(
    example: str,
    lines: Any,
    variables: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "policy").mkdir()
    shutil.copy(DIFF / "standard-v1.playbook", tmp_path / "policy" / "standard.playbook")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "v1")
    _git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")  # as after a fetch
    shutil.copy(DIFF / "standard-v2-more-calls.playbook", tmp_path / "policy" / "standard.playbook")
    monkeypatch.chdir(tmp_path)
    commands = _diff_commands(lines(_load(example)), variables)
    assert len(commands) == 2
    statuses = []
    for argv in commands:
        result = CliRunner().invoke(main, ["diff", *argv], catch_exceptions=False)
        statuses.append(result.exit_code)
    # The report never fails; the gate fails on the loosening (one more call a month).
    assert statuses == [0, 1]
    report = (tmp_path / "playbook-diff.md").read_text(encoding="utf-8")
    assert "| ⚠️ loosens | intensity: call to borrower per 30 days | 25 | 26 |" in report
