"""The CI examples of docs/ci.md: valid for their CI, and the commands they run work."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK

from playbook_lint.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "docs" / "examples"
DATA = REPO / "tests" / "data"


class _Yaml12Loader(yaml.SafeLoader):
    """YAML as GitHub and GitLab read it: ``on`` is a key, not the boolean true."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def _load(name: str) -> Any:
    return yaml.load((EXAMPLES / name).read_text(encoding="utf-8"), Loader=_Yaml12Loader)


def _schema(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _commands(lines: list[str]) -> list[list[str]]:
    """The playbook-lint invocations among shell lines, as argv after ``check``."""
    out = []
    for line in lines:
        for command in line.split("&&"):
            argv = shlex.split(command)
            if argv[:2] == ["playbook-lint", "check"]:
                out.append(argv[2:])
    return out


def _file_outputs(argv: list[str]) -> dict[str, str]:
    """format -> file, for every ``--format NAME:PATH``."""
    specs = [argv[i + 1] for i, arg in enumerate(argv) if arg == "--format"]
    return dict(spec.split(":", 1) for spec in specs if ":" in spec)


def test_every_example_is_quoted_verbatim_in_ci_md() -> None:
    doc = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.DOTALL)
    for example in sorted(EXAMPLES.iterdir()):
        assert example.read_text(encoding="utf-8") in blocks, example.name


def test_github_workflow_is_valid_and_uploads_what_it_writes() -> None:
    workflow = _load("github-actions.yml")
    jsonschema.Draft7Validator(_schema("github-workflow.schema.json")).validate(workflow)
    (job,) = workflow["jobs"].values()
    assert workflow["permissions"]["security-events"] == "write"
    runs = [step["run"] for step in job["steps"] if "run" in step]
    (argv,) = _commands(runs)
    assert "github" in [argv[i + 1] for i, a in enumerate(argv) if a == "--format"]
    (upload,) = [s for s in job["steps"] if "upload-sarif" in s.get("uses", "")]
    assert upload["with"]["sarif_file"] == _file_outputs(argv)["sarif"]
    # The lint step fails exactly when there is something to upload.
    assert "cancelled()" in upload["if"] or "always()" in upload["if"]


def test_gitlab_job_is_valid_and_reports_what_it_writes() -> None:
    pipeline = _load("gitlab-ci.yml")
    jsonschema.Draft7Validator(_schema("gitlab-ci.schema.json")).validate(pipeline)
    job = pipeline["playbook-lint"]
    (argv,) = _commands(job["script"])
    files = _file_outputs(argv)
    reports = job["artifacts"]["reports"]
    assert reports["codequality"] == files["gitlab"]
    assert reports["junit"] == files["junit"]
    assert job["artifacts"]["when"] == "always"


def test_pre_commit_example_is_valid_and_names_our_hook() -> None:
    from pre_commit.clientlib import load_config, load_manifest

    config = load_config(str(EXAMPLES / "pre-commit-config.yaml"))
    (hook,) = config["repos"][0]["hooks"]
    (ours,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == ours["id"]
    result = CliRunner().invoke(main, ["check", *hook["args"], "--help"])
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("example", "lines"),
    [
        (
            "github-actions.yml",
            lambda d: [s["run"] for s in d["jobs"]["playbook-lint"]["steps"] if "run" in s],
        ),
        ("gitlab-ci.yml", lambda d: d["playbook-lint"]["script"]),
    ],
)
def test_example_commands_run_and_write_their_reports(
    example: str, lines: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "bad.playbook").write_text(BAD_PLAYBOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for argv in _commands(lines(_load(example))):
        result = CliRunner().invoke(main, ["check", *argv], catch_exceptions=False)
        assert result.exit_code == 1, result.output  # findings, not a usage error
        for name, path in _file_outputs(argv).items():
            text = (tmp_path / path).read_text(encoding="utf-8")
            assert text.strip(), (name, path)
            if name == "sarif":
                jsonschema.validate(json.loads(text), _schema("sarif-schema-2.1.0.json"))


def test_the_action_workflow_pins_the_action_and_uploads_what_it_writes() -> None:
    workflow = _load("github-action.yml")
    jsonschema.Draft7Validator(_schema("github-workflow.schema.json")).validate(workflow)
    (job,) = workflow["jobs"].values()
    (lint,) = [s for s in job["steps"] if "/playbook-lint@" in s.get("uses", "")]
    assert re.fullmatch(r"[\w.-]+/playbook-lint@[0-9a-f]{40}", lint["uses"])  # pinned by SHA
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert set(lint["with"]) <= set(action["inputs"])
    (upload,) = [s for s in job["steps"] if "upload-sarif" in s.get("uses", "")]
    assert upload["with"]["sarif_file"] == lint["with"]["sarif-file"]
    assert "cancelled()" in upload["if"] or "always()" in upload["if"]
