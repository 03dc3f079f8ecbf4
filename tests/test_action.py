"""The GitHub Action (action.yml) run as GitHub runs it: each step's script under bash, with
the environment variables a runner sets, inputs passed through ``env`` only.

The runner is imitated, not mocked: ``${{ … }}`` expressions in a step's ``env`` are
evaluated from the inputs, the ``github`` context and earlier steps' ``$GITHUB_OUTPUT``;
the install step really builds and installs the tool from the action's own folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from playbook_lint import __version__
from support import REPO

pytestmark = pytest.mark.slow

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
_EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def _context_value(name: str, inputs: Mapping[str, str], outputs: Mapping[str, Any]) -> str:
    parts = name.split(".")
    if parts[0] == "inputs":
        default = ACTION["inputs"][parts[1]].get("default", "")
        return str(inputs.get(parts[1], default))
    if parts[0] == "github":
        return {
            "action_path": str(REPO),
            "action_repository": "your-org/playbook-lint",
        }[parts[1]]
    if parts[0] == "steps" and parts[2] == "outputs":
        return str(outputs.get(parts[1], {}).get(parts[3], ""))
    raise AssertionError(f"expression the test runner does not know: {name}")


def _evaluate(text: str, inputs: Mapping[str, str], outputs: Mapping[str, Any]) -> str:
    return _EXPRESSION.sub(lambda m: _context_value(m.group(1), inputs, outputs), text)


def _read_outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def run_action(inputs: Mapping[str, str], workspace: Path, runner_temp: Path) -> dict[str, Any]:
    """Every step in order, as a runner does; stops at the first failing step."""
    outputs: dict[str, dict[str, str]] = {}
    summary = runner_temp / "step_summary.md"
    summary.touch()
    results: dict[str, Any] = {"steps": {}, "summary": summary}
    for index, step in enumerate(ACTION["runs"]["steps"]):
        assert step["shell"] == "bash"
        # A script text with an expression in it would be an injection hole: inputs go
        # through env only.
        assert "${{" not in step["run"], step["name"]
        output_file = runner_temp / f"output-{index}"
        output_file.touch()
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(runner_temp),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_ACTION_PATH": str(REPO),
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(runner_temp),
            **{k: _evaluate(str(v), inputs, outputs) for k, v in step.get("env", {}).items()},
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        outputs[step["id"]] = _read_outputs(output_file)
        results["steps"][step["id"]] = done
        if done.returncode != 0:
            break
    results["outputs"] = outputs
    return results


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("runner-temp")


def _workspace(tmp_path: Path, *names: str) -> Path:
    workspace = tmp_path / "workspace"
    (workspace / "playbooks").mkdir(parents=True)
    for name in names:
        source = REPO / "examples" / name
        (workspace / "playbooks" / name).write_bytes(source.read_bytes())
    return workspace


def test_the_action_lints_examples_writes_sarif_and_fails_on_errors(
    tmp_path: Path, runner_temp: Path
) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "examples").symlink_to(REPO / "examples")
    result = run_action(
        {"paths": "examples/", "sarif-file": "out/playbook-lint.sarif", "fail-level": "error"},
        workspace,
        runner_temp,
    )
    install, check = result["steps"]["install"], result["steps"]["check"]
    assert install.returncode == 0, install.stderr
    assert install.stdout.strip().endswith(__version__)
    assert check.returncode == 1, check.stderr  # the deliberately bad examples
    assert "::error file=" in check.stdout
    assert "Traceback" not in check.stderr
    sarif = json.loads((workspace / "out" / "playbook-lint.sarif").read_text(encoding="utf-8"))
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "playbook-lint"
    assert driver["version"] == __version__
    assert sarif["runs"][0]["results"]
    assert result["outputs"]["check"]["sarif-file"] == "out/playbook-lint.sarif"
    assert "playbook-lint" in result["summary"].read_text(encoding="utf-8")


def test_the_action_passes_a_clean_playbook_under_a_named_ruleset(
    tmp_path: Path, runner_temp: Path
) -> None:
    workspace = _workspace(tmp_path, "us-third-party-collector.playbook")
    result = run_action(
        {"paths": "playbooks", "rulesets": "us-regf, baseline", "fail-level": "error"},
        workspace,
        runner_temp,
    )
    check = result["steps"]["check"]
    assert check.returncode == 0, check.stdout + check.stderr


def test_inputs_cannot_inject_shell_code(tmp_path: Path, runner_temp: Path) -> None:
    workspace = _workspace(tmp_path, "us-third-party-collector.playbook")
    marker = tmp_path / "injected"
    result = run_action(
        {
            "paths": f"playbooks $(touch {marker}) `touch {marker}`",
            "rulesets": f"us-regf;touch {marker}",
            "format": f"concise; touch {marker}",
        },
        workspace,
        runner_temp,
    )
    assert not marker.exists()
    assert result["steps"]["check"].returncode == 2  # bad format and missing paths, said so
