"""``audit`` at a regulator's inbox (issue 19 item 4, issue 23 item 5): a submission is a
plain folder, nothing in it hides a playbook or stops the audit, and the report says
what broke, where, and against which yardstick. Every test runs the CLI end to end, on
playbooks in both forms."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from playbook_lint.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# Fails us-regf (PB101 twice, PB401, ...), in both forms; its name is the issue's.
FAILING = ("sloppy-us-agency.playbook", "sloppy-us-agency.playbook.yaml")
PASSING = ("us-third-party-collector.playbook", "us-third-party-collector.playbook.yaml")
APEX = "apex-receivables-purchased-accounts"


def _audit(*args: str) -> Result:
    return CliRunner().invoke(main, ["audit", "--jobs", "1", *args])


def _copy(name: str, to: Path) -> Path:
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(EXAMPLES / name, to)
    return to


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    """One lender's folder: a failing and a passing playbook in each form."""
    folder = tmp_path / "acme"
    for name in (*FAILING, *PASSING):
        _copy(name, folder / name)
    return folder


def _run(folder: Path, *extra: str) -> tuple[Result, dict, str, list[dict[str, str]]]:  # type: ignore[type-arg]
    out = folder.parent / "out"
    out.mkdir(exist_ok=True)
    result = _audit(
        str(folder),
        "--html",
        str(out / "audit.html"),
        "--format",
        f"json:{out / 'audit.json'}",
        "--format",
        f"csv:{out / 'audit.csv'}",
        *extra,
    )
    assert "Traceback" not in result.output
    report = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    html = (out / "audit.html").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((out / "audit.csv").read_text(encoding="utf-8"))))
    return result, report, html, rows


def _entry(report: dict, suffix: str) -> dict:  # type: ignore[type-arg]
    [found] = [p for p in report["playbooks"] if p["path"].endswith(suffix)]
    return found


# ------------------------------------------------------------- nothing stops the audit


def test_one_symlink_out_of_the_submission_is_an_invalid_row_and_the_audit_goes_on(
    submission: Path,
) -> None:
    secret = submission.parent / "shadow"
    secret.write_text("root:$6$secret-hash:19000\n", encoding="utf-8")
    (submission / "leak.playbook").symlink_to(secret)
    (submission / "zero.playbook.yaml").symlink_to("/dev/zero")
    result, report, html, rows = _run(submission, "--ruleset", "us-regf")
    # Written, and only then exit 2 naming each input that could not be read.
    assert result.exit_code == 2, result.output
    assert "leak.playbook: not read: a symlink to" in result.stderr
    assert "outside the submission" in result.stderr
    assert "secret-hash" not in result.output + html + json.dumps(report)
    leak = _entry(report, "leak.playbook")
    assert leak["verdict"] == "invalid"
    assert leak["unreadable"].startswith("a symlink to ")
    assert _entry(report, "zero.playbook.yaml")["verdict"] == "invalid"
    # Both forms of both real playbooks were judged all the same.
    for name in FAILING:
        assert _entry(report, "/" + name)["verdict"] == "fail"
    for name in PASSING:
        assert _entry(report, "/" + name)["verdict"] == "pass"
    assert {r["path"].rsplit("/", 1)[-1] for r in rows if r["verdict"] == "invalid"} == {
        "leak.playbook",
        "zero.playbook.yaml",
    }
    assert html.count('<tr data-verdict="invalid">') == 2
    assert "outside the submission" in html


def test_a_fifo_bad_bytes_a_huge_file_and_an_unreadable_folder_are_invalid_rows(
    submission: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(submission / "pipe.playbook")
    (submission / "latin1.playbook.yaml").write_bytes(b"playbook: caf\xe9\n")
    with open(submission / "huge.playbook", "wb") as huge:  # sparse: 5 MiB, nothing written
        huge.truncate(5 * 1024 * 1024)
    (submission / "locked").mkdir()
    _copy(FAILING[0], submission / "locked" / "inside.playbook")
    real = os.scandir

    def scandir(path: object = ".") -> object:  # root reads every folder: fail as a user's
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result, report, html, _ = _run(submission)
    assert result.exit_code == 2, result.output
    assert _entry(report, "pipe.playbook")["unreadable"] == "a FIFO, not a regular file"
    assert "not UTF-8" in _entry(report, "latin1.playbook.yaml")["unreadable"]
    assert _entry(report, "locked")["unreadable"] == "cannot list the folder: Permission denied"
    assert _entry(report, "huge.playbook")["unreadable"] == "5242880 bytes, over the 4096 KiB bound"
    assert {p["verdict"] for p in report["playbooks"] if p["unreadable"]} == {"invalid"}
    assert len([p for p in report["playbooks"] if not p["unreadable"]]) == 4
    assert {u["path"].rsplit("/", 1)[-1] for u in report["unreadable"]} == {
        "pipe.playbook",
        "latin1.playbook.yaml",
        "huge.playbook",
        "locked",
    }
    assert 'id="unreadable-table"' in html


def test_verify_passes_on_an_audit_with_unreadable_rows(
    submission: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(submission.parent)
    os.mkfifo(submission / "pipe.playbook")
    result, _, _, _ = _run(Path(submission.name), "--ruleset", "us-regf")
    assert result.exit_code == 2
    verified = _audit("--verify", "out/audit.json")
    assert verified.exit_code == 0, verified.output
    assert "verified: 4 inputs" in verified.output


# ---------------------------------------------------- a plain folder: nothing hides


def test_gitignore_git_folder_and_hidden_folder_hide_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "lender"
    _copy(FAILING[0], folder / "plans" / "main.playbook")
    _copy(FAILING[1], folder / ".hidden" / "shadow.playbook.yaml")
    _copy(PASSING[0], folder / ".git" / "kept.playbook")
    (folder / ".gitignore").write_text("*.playbook\n*.playbook.yaml\n", encoding="utf-8")
    marker = tmp_path / "ran"
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
        _copy(PASSING[0], folder / ".git" / "kept.playbook")
        # A submission's .git config must never run: no program is run on it at all.
        with open(folder / ".git" / "config", "a", encoding="utf-8") as config:
            config.write(f"[core]\n\tfsmonitor = touch {marker}\n")
    result, report, html, _ = _run(folder)
    assert result.exit_code == 1, result.output  # not 0: the failing playbooks are judged
    paths = sorted(os.path.relpath(p["path"], folder) for p in report["playbooks"])
    assert paths == [".git/kept.playbook", ".hidden/shadow.playbook.yaml", "plans/main.playbook"]
    assert _entry(report, "shadow.playbook.yaml")["verdict"] == "fail"
    assert "Audited 3 playbooks" in result.stdout
    assert not marker.exists()
    # Everything else found is listed with its reason, .gitignore and .git's own files too.
    skipped = {os.path.relpath(s["path"], folder): s["reason"] for s in report["skipped"]}
    assert skipped[".gitignore"].startswith("not a playbook")
    if shutil.which("git"):
        assert skipped[".git/config"].startswith("not a playbook")
        assert ".git/HEAD" in skipped
    assert 'id="skipped-table"' in html
    assert ".gitignore" in html


def test_symlinks_and_special_files_are_listed_as_skipped_with_their_reason(
    submission: Path,
) -> None:
    (submission / "notes.txt").write_text("hello", encoding="utf-8")
    (submission / "elsewhere").symlink_to(submission.parent)
    (submission / "alias.playbook").symlink_to(submission / FAILING[0])
    os.mkfifo(submission / "pipe")
    result, report, html, _ = _run(submission)
    assert result.exit_code == 1, result.output
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert skipped["notes.txt"].startswith("not a playbook")
    assert skipped["elsewhere"].startswith("a symlink (to ")
    assert skipped["elsewhere"].endswith("not followed")
    assert skipped["alias.playbook"].endswith("which is audited itself")
    assert skipped["pipe"] == "a FIFO, not a regular file"
    assert len(report["playbooks"]) == 4  # the link is not a second row
    assert "Not judged: 0 excluded by the submitter, 4 other files skipped" in result.stdout
    for name in ("notes.txt", "elsewhere", "alias.playbook", "pipe"):
        assert name in html


# ------------------------------------------------------------ the matrix says what broke


def test_cells_name_the_failing_rules_and_rows_tell_same_named_files_apart(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "inbox"
    copies = [
        _copy(FAILING[0], folder / "apex-east" / "plan.playbook"),
        _copy(FAILING[1], folder / "apex-west" / "plan.playbook.yaml"),
        _copy(FAILING[0], folder / "apex-old" / "plan.playbook"),
    ]
    result, report, html, rows = _run(folder, "--ruleset", "us-regf", "--ruleset", "baseline")
    assert result.exit_code == 1
    assert [p["name"] for p in report["playbooks"]] == [APEX] * 3
    matrix = html.split('id="matrix-table"', 1)[1].split("</table>", 1)[0]
    heads = re.findall(r'<th scope="row">(.*?)</th>', matrix, flags=re.S)
    assert len(heads) == 3
    for path in copies:  # each row shows its own path beside the shared name
        assert sum(str(path) in head for head in heads) == 1
    # A cell names what broke (code and rule id), linked to the findings of that rule.
    cell = matrix.split('class="cell verdict-fail"', 1)[1].split("</td>", 1)[0]
    links = re.findall(r'<a href="#(pb-\d+-g\d+)">(PB\d+[^<]*)</a>', cell)
    assert "PB101 us-regf/call-frequency" in [text for _, text in links]
    assert "PB401 us-regf/validation-notice" in [text for _, text in links]
    for anchor, text in links:
        group = html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]
        assert text.split()[0] in group
    west = _entry(report, "apex-west/plan.playbook.yaml")["cells"]["us-regf"]["failing"]
    assert {"code": "PB101", "rule": "us-regf/call-frequency"} in west
    assert any("PB101:us-regf/call-frequency" in r["failing_rules"] for r in rows)


@pytest.mark.parametrize("name", FAILING)
def test_findings_are_grouped_by_rule_with_the_citation_once(tmp_path: Path, name: str) -> None:
    path = _copy(name, tmp_path / "one" / name)
    out = tmp_path / "r.html"
    result = _audit(str(path), "--ruleset", "us-regf", "--html", str(out))
    assert result.exit_code == 1
    html = out.read_text(encoding="utf-8")
    groups = re.findall(r'<section class="rule[^"]*" id="pb-1-g\d+">(.*?)</section>', html, re.S)
    frequency = [g for g in groups if "[us-regf/call-frequency]" in g]
    assert len(frequency) == 1  # one heading for the rule ...
    [group] = frequency
    assert group.count('<li class="finding">') == 2  # ... the two findings under it ...
    assert group.count("Cite:") == 1  # ... and its citation once
    assert "= cite:" not in group
    assert "12 CFR 1006.14" in group
    assert len(groups) == len(
        set(re.findall(r"<h5><strong>(\w+ PB\d+)</strong>( \[[^\]]+\])?", html))
    )


def test_the_font_stack_names_cjk_fonts(submission: Path) -> None:
    _, _, html, _ = _run(submission)
    body_font = re.search(r"body \{ font: ([^;]+);", html)
    assert body_font is not None
    for font in ("Noto Sans CJK SC", "Noto Sans CJK TC", "Microsoft JhengHei", "PingFang TC"):
        assert f'"{font}"' in body_font.group(1)
    assert body_font.group(1).rstrip().endswith("sans-serif")


# ------------------------------------------------------------------------ the yardstick


def test_without_ruleset_every_row_says_the_submitter_chose_the_yardstick(
    submission: Path,
) -> None:
    result, report, html, rows = _run(submission)
    said = "judged against the jurisdiction the submitter declared"
    matrix = html.split('id="matrix-table"', 1)[1].split("</table>", 1)[0]
    summary = html.split('id="summary-table"', 1)[1].split("</table>", 1)[0]
    assert matrix.count(said) == 4
    assert summary.count(said) == 4
    assert "--all-rulesets" in html
    assert "--all-rulesets" in result.stdout
    assert {p["judged_against"] for p in report["playbooks"]} == {said}
    assert "--all-rulesets" in report["note"]
    assert {r["judged_against"] for r in rows} == {said}
    chosen, chosen_report, chosen_html, _ = _run(submission, "--ruleset", "us-regf")
    assert said not in chosen_html
    assert chosen_report["note"] is None
    assert "--all-rulesets" not in chosen.stdout


# --------------------------------------------------------- the submitter's exclusions


def test_a_submitters_exclusions_are_listed(submission: Path) -> None:
    (submission / ".playbook-lint.yaml").write_text('exclude: ["sloppy-*"]\n', encoding="utf-8")
    result, report, html, _ = _run(submission, "--trust-submitter")
    assert result.exit_code == 0, result.output
    excluded = sorted(Path(e["path"]).name for e in report["excluded_by_submitter"])
    assert excluded == sorted(FAILING)
    assert all(
        e["reason"].startswith("excluded by the submitter") for e in report["excluded_by_submitter"]
    )
    assert "Not judged: 2 excluded by the submitter" in result.stdout
    table = html.split('id="excluded-table"', 1)[1].split("</table>", 1)[0]
    assert all(name in table for name in FAILING)


def test_an_audit_that_judges_nothing_exits_2_and_says_why(submission: Path) -> None:
    (submission / ".playbook-lint.yaml").write_text('exclude: ["*"]\n', encoding="utf-8")
    result, report, html, _ = _run(submission, "--trust-submitter")
    assert result.exit_code == 2, result.output
    assert "no playbook was judged (4 excluded by the submitter" in result.stderr
    assert report["playbooks"] == []
    assert len(report["excluded_by_submitter"]) == 4
    assert 'id="excluded-table"' in html
    empty = submission.parent / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("nothing here", encoding="utf-8")
    nothing = _audit(str(empty))
    assert nothing.exit_code == 2
    assert "no playbook was judged (0 excluded by the submitter, 0 could not be read, 1 other" in (
        nothing.stderr
    )


def test_a_huge_skipped_list_is_cut_in_the_page_and_whole_in_the_json(
    submission: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playbook_lint.audit import report as report_module

    monkeypatch.setattr(report_module, "SKIPPED_SHOWN", 2)
    objects = submission / ".git" / "objects"
    objects.mkdir(parents=True)
    for n in range(5):
        (objects / f"{n:02x}").write_bytes(b"\x78\x9c")
    _, report, html, _ = _run(submission)
    assert len(report["skipped"]) == 5
    table = html.split('id="skipped-table"', 1)[1].split("</details>", 1)[0]
    assert table.count("<tr><td>") == 2
    assert "and 3 more: the JSON" in table
