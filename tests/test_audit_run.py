"""``audit`` judges through ``check``'s own run (issue 20 item 2, style habit 18): one
``CheckRequest`` per cell asks for exactly that cell's ruleset and the playbook back,
with no bound of the run's own (the audit bounds each file once), so ``audit`` and
``check`` cannot judge one playbook two ways."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.diagnostics import Finding
from playbook_lint.run.check import FileReport, lint_request, plan_request
from playbook_lint.run.request import CheckRequest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# A Chinese lender's playbook (jurisdiction cn-cba2026), in both forms.
CN_LENDER = ("aggressive-online-lender.playbook", "aggressive-online-lender.playbook.yaml")
UK_LENDER = ("uk-lender.playbook", "uk-lender.playbook.yaml")


def _request(path: Path, **options: object) -> CheckRequest:
    document = (str(path), path.read_bytes())
    return CheckRequest(
        paths=(str(path),),
        given=(document,),
        isolated=True,
        year=2026,
        jobs=1,
        cache=False,
        **options,  # type: ignore[arg-type]
    )


def _rules_of(findings: tuple[Finding, ...], ruleset: str) -> set[str]:
    return {f.rule for f in findings if f.rule and f.rule.startswith(ruleset + "/")}


@pytest.mark.parametrize("name", CN_LENDER)
def test_a_request_can_judge_against_its_own_rulesets_only(name: str) -> None:
    path = EXAMPLES / name
    both = lint_request(_request(path, rulesets=("us-regf",))).findings
    only = lint_request(_request(path, rulesets=("us-regf",), own_jurisdiction=False)).findings
    assert _rules_of(both, "cn-cba2026"), "check adds the playbook's own jurisdiction"
    assert not _rules_of(only, "cn-cba2026")
    assert _rules_of(only, "us-regf")


@pytest.mark.parametrize("name", UK_LENDER)
def test_a_request_can_hand_back_the_playbook_and_its_whole_text(name: str) -> None:
    path = EXAMPLES / name
    (kept,) = lint_request(_request(path, keep_model=True)).reports
    assert kept.playbook is not None
    assert kept.playbook.name == "thameside-personal-loans-arrears"
    assert [j.text for j in kept.playbook.jurisdictions] == ["uk-cca"]
    assert kept.source == path.read_text(encoding="utf-8")
    (plain,) = lint_request(_request(path)).reports
    assert plain.playbook is None
    assert plain.findings == kept.findings


@pytest.mark.cache
def test_a_run_that_hands_back_the_playbook_never_uses_the_result_cache(tmp_path: Path) -> None:
    # The cache keeps findings only: a report from it would come back without a playbook.
    path = EXAMPLES / UK_LENDER[0]
    plain = plan_request(_request(path))
    list(plain.outcomes(ordered=True, jobs=1, cache_root=tmp_path))  # fills the cache
    assert (tmp_path / ".playbook-lint-cache").is_dir()
    planned = plan_request(_request(path, keep_model=True))
    (report,) = planned.outcomes(ordered=True, jobs=1, cache_root=tmp_path)
    assert isinstance(report, FileReport)
    assert report.playbook is not None


@pytest.mark.cache
@pytest.mark.parametrize("name", CN_LENDER)
def test_a_cached_result_is_never_served_to_a_run_without_the_own_jurisdiction(
    tmp_path: Path, name: str
) -> None:
    path = EXAMPLES / name

    def findings(**options: object) -> tuple[Finding, ...]:
        planned = plan_request(_request(path, rulesets=("us-regf",), **options))
        (report,) = planned.outcomes(ordered=True, jobs=1, cache_root=tmp_path)
        assert isinstance(report, FileReport)
        return report.findings

    assert _rules_of(findings(), "cn-cba2026")  # now in the cache
    assert not _rules_of(findings(own_jurisdiction=False), "cn-cba2026")


def _without_jurisdiction(tmp_path: Path, name: str) -> Path:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    target = tmp_path / name
    target.write_text(re.sub(r"(?m)^jurisdiction:? .*\n", "", text), encoding="utf-8")
    return target


def _places(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted((f["code"], f["rule"], f["line"], f["column"]) for f in findings)


@pytest.mark.parametrize("name", CN_LENDER)
def test_an_audit_cell_reports_what_check_reports_for_its_ruleset(
    tmp_path: Path, name: str
) -> None:
    # The auditor's yardstick is check's own judgement: same findings, same places.
    path = str(_without_jurisdiction(tmp_path, name))
    asked = ["--year", "2026", "--ruleset", "us-regf", "--format", "json", path]
    audited = CliRunner().invoke(main, ["audit", "--jobs", "1", *asked])
    plain = ["check", "--no-cache", "--isolated", "--no-suppressions"]
    checked = CliRunner().invoke(main, [*plain, *asked])
    assert audited.exit_code == 1, audited.output
    assert checked.exit_code == 1, checked.output
    (playbook,) = json.loads(audited.stdout)["playbooks"]
    reported = json.loads(checked.stdout)
    assert playbook["cells"]["us-regf"]["verdict"] == "fail"
    assert _places(playbook["findings"]) == _places(reported)


def test_audit_lints_only_through_the_run_of_check() -> None:
    # No second "decode, then lint" in the audit's room, and one per-file bound: the
    # one judge_safely puts around the whole judgement of a file.
    engine_calls = {"lint_bytes", "lint_text", "lint_one", "run_job", "lint_files"}
    guards = []
    for module in sorted((ROOT / "lint" / "audit").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        called = [
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
        ]
        assert not (imported | set(called)) & engine_calls, module.name
        guards += [module.name for name in called if name == "guarded"]
    assert guards == ["judge.py"]
