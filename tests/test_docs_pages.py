"""The documentation the repository ships is generated or checked, never left to drift.

``docs/checks.md`` holds every check's page (SARIF ``helpUri`` points at its headings);
``UPDATE_SNAPSHOTS=1`` rewrites it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from doc_playbooks import DocPlaybook, doc_playbooks

from playbook_lint.checks import all_checks
from playbook_lint.output.docs import checks_reference
from playbook_lint.output.sarif import docs_anchor
from playbook_lint.run.engine import lint_text
from support import REPO

CHECKS_DOC = REPO / "docs" / "checks.md"


def test_docs_checks_md_is_the_checks_pages() -> None:
    expected = checks_reference()
    if os.environ.get("UPDATE_SNAPSHOTS"):
        CHECKS_DOC.write_text(expected, encoding="utf-8")
    assert CHECKS_DOC.read_text(encoding="utf-8") == expected, "regenerate: UPDATE_SNAPSHOTS=1"


def test_every_check_has_the_heading_its_help_uri_points_at() -> None:
    text = CHECKS_DOC.read_text(encoding="utf-8")
    for check in all_checks():
        anchor = docs_anchor(check.code, check.name).rsplit("#", 1)[1]
        heading = f"# {check.code} {check.name}\n"
        assert heading in text
        # GitHub's anchor of that heading: lower case, spaces as dashes.
        assert heading[2:-1].lower().replace(" ", "-") == anchor


# ---------------------------------------------------------------- playbooks in the docs

LANGUAGE_DOC = REPO / "docs" / "language.md"
SHARED_LANGUAGE = REPO.parent / "shared" / "design" / "language.md"
CLEAN_DOCS = [REPO / "README.md", *(p for p in sorted((REPO / "docs").glob("*.md")))]
# docs/checks.md's examples are each check's failing example (linted with the rule's
# parameters by test_check_docs); docs/language.md is the language contract verbatim: its
# tour says it is "a tour of the syntax, not a compliant plan", so it must only be valid.
_NOT_CLEAN = {"checks.md", "language.md"}
STRUCTURE_ERRORS = {"PB001", "PB002", "PB003", "PB004", "PB007", "PB008"}


def _ids(items: list[DocPlaybook]) -> list[str]:
    return [item.id for item in items]


SHOWN = doc_playbooks(*(p for p in CLEAN_DOCS if p.name not in _NOT_CLEAN))
TOUR = doc_playbooks(LANGUAGE_DOC)


def test_the_docs_show_playbooks_in_both_forms() -> None:
    assert {p.name for p in SHOWN} == {"doc.playbook", "doc.playbook.yaml"}
    assert len(TOUR) >= 2


@pytest.mark.parametrize("shown", SHOWN, ids=_ids(SHOWN))
def test_every_playbook_in_the_readme_and_docs_lints_as_the_text_says(shown: DocPlaybook) -> None:
    found = sorted({f.code for f in lint_text(shown.text, shown.name).findings})
    assert found == sorted(shown.expect)


@pytest.mark.parametrize("shown", TOUR, ids=_ids(TOUR))
def test_the_language_tour_is_valid_playbook_text(shown: DocPlaybook) -> None:
    codes = {f.code for f in lint_text(shown.text, shown.name).findings}
    assert not codes & STRUCTURE_ERRORS


@pytest.mark.skipif(
    not SHARED_LANGUAGE.parent.is_dir(),
    reason="../shared/design (the design contracts beside the clone) is not there",
)
def test_docs_language_md_is_the_shared_contract() -> None:
    assert LANGUAGE_DOC.read_text(encoding="utf-8") == SHARED_LANGUAGE.read_text(
        encoding="utf-8"
    ), "docs/language.md drifted: copy ../shared/design/language.md over it"


# ---------------------------------------------------------------- pre-commit snippets

_REV = re.compile(r"^[#\s]*rev:\s*(\S+)", re.MULTILINE)


def _tags() -> set[str]:
    done = subprocess.run(
        ["git", "tag", "--list"], cwd=REPO, capture_output=True, text=True, check=False
    )
    return set(done.stdout.split())


@pytest.mark.parametrize(
    "path",
    [REPO / "README.md", REPO / "docs" / "ci.md", REPO / ".pre-commit-hooks.yaml"],
    ids=lambda p: p.name,
)
def test_no_snippet_pins_playbook_lint_to_a_tag_that_does_not_exist(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tags = _tags()
    for block in re.split(r"-\s*repo:", text)[1:]:
        if "playbook-lint" not in block.split("\n", 1)[0]:
            continue  # another project's hook (ruff's tags exist)
        rev = _REV.search(block)
        assert rev is not None
        value = rev.group(1)
        is_sha = re.fullmatch(r"[0-9a-f]{40}", value) is not None
        assert is_sha or value.startswith("<") or value in tags, value


def test_the_readme_pre_commit_snippet_works_when_copied(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [snippet] = [
        b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if "pre-commit" in b
    ]
    pre_commit = Path(sys.executable).parent / "pre-commit"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    bad = (
        'playbook "p"\ntimezone America/New_York\n'
        'template unused sms "Hi. Reply STOP to opt out."\n'
    )
    (repo / "a.playbook").write_text(bad, encoding="utf-8")
    for argv in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(argv, cwd=repo, env=env, check=True)
    run = [str(pre_commit), "run", "--all-files"]
    failed = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "PB009" in failed.stdout
    (repo / "a.playbook").write_text('playbook "p"\ntimezone America/New_York\n')
    passed = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
