"""Links and text from a ruleset or a playbook reach no place unescaped (issue 23 item 7).

A ruleset's ``url`` became the editor's ``codeDescription.href`` (one click on
``command:…`` runs a VS Code command), SARIF's rule ``properties.source``, and the audit
report's links: only ``http(s)`` survives now (``escape.safe_link``). The GitHub step
summary escapes finding text as ``diff --format markdown`` does, and ``rules --ruleset
FILE`` escapes a ruleset's title and cite as ``check`` escapes a finding's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import finding

from playbook_lint.cli import main
from playbook_lint.diff.report import render_markdown
from playbook_lint.output.escape import markdown_text, safe_link
from playbook_lint.output.github import render_step_summary
from playbook_lint.server.analysis import diagnostic

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HOSTILE_URLS = (
    "command:workbench.action.terminal.new",
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "vscode://settings",
    "https://ok.example/\x1b]8;;https://evil.example\x1b\\",
    "https://ok.example/\u202eexe.txt",
    "https://ok.example/a b",
    "//evil.example/x",
    "https://",
)
# YAML escapes: an OSC 8 hyperlink ("click here" -> evil.example) and a right-to-left
# override, as a ruleset file can spell them.
RULESET = r"""id: house
title: "House \e]8;;https://evil.example\e\\click here\e]8;;\e\\ \u202eeerf si sihT"
rules:
  call-cap:
    check: PB101
    channels: [call]
    targets: [borrower]
    max: 1
    window: 7 days
    cite: "Policy \e[31m4.2 \u202eeerf"
    url: "{url}"
"""


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_links_survive(url: str) -> None:
    assert safe_link(url) is None


@pytest.mark.parametrize(
    "url", ["https://www.ecfr.gov/current/title-12/part-1006", "http://example.com/a?b=c#d"]
)
def test_http_links_are_kept_as_they_are(url: str) -> None:
    assert safe_link(url) == url


@pytest.mark.parametrize("url", HOSTILE_URLS[:5])
def test_the_language_server_links_only_http(url: str) -> None:
    shown = diagnostic(["x" * 80] * 20, finding(url=url))
    assert shown.code_description is None
    kept = diagnostic(["x" * 80] * 20, finding())
    assert kept.code_description is not None
    assert kept.code_description.href.startswith("https://www.ecfr.gov/")


def _ruleset(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "house.yaml"
    path.write_text(RULESET.format(url=url), encoding="utf-8")
    return path


@pytest.mark.parametrize("url", HOSTILE_URLS[:4])
def test_sarif_carries_no_link_but_http(tmp_path: Path, url: str) -> None:
    ruleset = _ruleset(tmp_path, url)
    playbook = EXAMPLES / "uk-lender.playbook"
    result = CliRunner().invoke(
        main, ["check", "--isolated", "--ruleset", str(ruleset), "--format", "sarif", str(playbook)]
    )
    assert result.exit_code == 1, result.output
    sarif = json.loads(result.output)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    house = [r for r in rules if r["id"].startswith("house/")]
    assert house
    for rule in rules:
        assert rule["helpUri"].startswith("https://")
        assert "source" not in rule["properties"] or rule["properties"]["source"].startswith(
            "https://"
        )
    assert url.split(":")[0] + ":" not in json.dumps(house)


def test_rules_escapes_a_ruleset_title_and_cite(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path, "https://ok.example/policy")
    result = CliRunner().invoke(main, ["rules", "--ruleset", str(ruleset)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\u202e" not in result.output
    assert "\\x1b]8;;https://evil.example" in result.output
    assert "\\u202eeerf" in result.output
    assert "Policy \\x1b[31m4.2" in result.output


def test_explain_of_a_user_rule_escapes_it_too(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path, "https://ok.example/policy")
    result = CliRunner().invoke(main, ["explain", "--ruleset", str(ruleset), "house/call-cap"])
    assert "\x1b" not in result.output
    assert "\u202e" not in result.output


HOSTILE_TEXT = (
    "see [the fix](javascript:alert(1)) and ![pixel](https://evil.example/p.png) "
    "or <img src=x onerror=alert(1)> then ` | `forged` | cell | **bold** _it_ #1"
)


def test_the_step_summary_escapes_as_diff_markdown_does() -> None:
    hostile = finding(path="plans/x` | [a](javascript:1).playbook", message=HOSTILE_TEXT)
    summary = render_step_summary([hostile], files_checked=1)
    row = summary.splitlines()[-1]
    assert markdown_text(HOSTILE_TEXT) in row
    assert "fix](javascript" not in summary  # the brackets are escaped: no link
    assert "a](javascript" not in summary
    assert "![pixel]" not in summary
    assert "<img" not in summary
    assert "**bold**" not in summary
    # Four cell borders only: nothing from the finding opens a new cell.
    assert row.replace("\\|", "").count("|") == 3


def test_diff_markdown_keeps_its_escaping() -> None:
    assert markdown_text("a|b `c` [d](e) <f> *g* _h_ #i") == (
        "a\\|b \\`c\\` \\[d\\](e) &lt;f&gt; \\*g\\* \\_h\\_ \\#i"
    )
    assert render_markdown([]) is not None
