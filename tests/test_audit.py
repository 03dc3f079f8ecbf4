"""``playbook-lint audit``: the matrix, untrusted submitters, machine formats, exit status,
and ``audit --verify``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from audit_samples import LAWFUL, write_batch
from click.testing import CliRunner, Result

from playbook_lint.cli import main

US_REGF = Path(__file__).resolve().parent.parent / "rulesets" / "us-regf.yaml"


def _audit(*args: str) -> Result:
    return CliRunner().invoke(main, ["audit", "--jobs", "1", *args])


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    return write_batch(tmp_path / "batch", "http://127.0.0.1:9")


def _json(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text(encoding="utf-8"))


def _playbook(report: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(p for p in report["playbooks"] if p["path"].endswith(name))


def test_each_playbook_is_judged_against_each_ruleset_separately(batch: Path) -> None:
    out = batch.parent / "audit.json"
    result = _audit(
        str(batch), "--ruleset", "us-regf", "--ruleset", "baseline", "--format", f"json:{out}"
    )
    assert result.exit_code == 1, result.output
    report = _json(out)
    quiet = _playbook(report, "quiet.playbook")
    assert quiet["cells"]["us-regf"]["verdict"] == "pass"
    assert set(quiet["cells"]) == {"us-regf", "baseline"}
    hostile = _playbook(report, "hostile.playbook")
    assert hostile["cells"]["us-regf"]["verdict"] == "fail"
    assert "PB101" in hostile["cells"]["us-regf"]["codes"]
    broken = _playbook(report, "broken.playbook")
    assert {c["verdict"] for c in broken["cells"].values()} == {"invalid"}
    assert report["summary"]["verdicts"] == {"pass": 1, "warn": 0, "fail": 2, "invalid": 1}


def test_default_matrix_is_each_playbooks_own_jurisdiction_and_verdicts_match_check(
    batch: Path,
) -> None:
    out = batch.parent / "audit.json"
    _audit(str(batch), "--format", f"json:{out}")
    report = _json(out)
    assert set(_playbook(report, "quiet.playbook")["cells"]) == {"us-regf"}
    assert set(_playbook(report, "broken.playbook")["cells"]) == {"baseline"}
    for entry in report["playbooks"]:
        checked = CliRunner().invoke(
            main, ["check", "--isolated", "--no-suppressions", "--format", "json", entry["path"]]
        )
        codes = sorted({f["code"] for f in json.loads(checked.output)})
        assert sorted({f["code"] for f in entry["findings"]}) == codes
        assert (entry["verdict"] == "pass") == (checked.exit_code == 0)


def test_untrusted_suppressions_hide_nothing_and_are_listed_as_claimed_exemptions(
    batch: Path,
) -> None:
    out = batch.parent / "audit.json"
    _audit(str(batch / "hostile.playbook"), "--format", f"json:{out}")
    entry = _json(out)["playbooks"][0]
    assert "PB502" in entry["cells"]["us-regf"]["codes"]
    [claimed] = entry["claimed_exemptions"]
    assert claimed["selectors"] == ["PB502"]
    assert claimed["reason"].startswith("<script>alert(5)")
    assert claimed["honoured"] is False
    assert {f["code"] for f in claimed["would_hide"]} == {"PB502"}


def test_trust_submitter_honours_suppressions(batch: Path) -> None:
    out = batch.parent / "audit.json"
    _audit(str(batch / "hostile.playbook"), "--trust-submitter", "--format", f"json:{out}")
    entry = _json(out)["playbooks"][0]
    assert "PB502" not in entry["cells"]["us-regf"]["codes"]
    assert entry["claimed_exemptions"][0]["honoured"] is True


def test_a_submitters_config_changes_nothing_unless_trusted(tmp_path: Path) -> None:
    (tmp_path / ".playbook-lint.yaml").write_text("ignore: [PB101, PB701]\n", encoding="utf-8")
    source = LAWFUL.replace(
        "  letter using", "  call to borrower daily at 09:00, 12:00\n  letter using"
    )
    (tmp_path / "busy.playbook").write_text(source, encoding="utf-8")
    untrusted = _audit(str(tmp_path / "busy.playbook"), "--format", "json")
    assert untrusted.exit_code == 1
    assert "PB101" in untrusted.output
    trusted = _audit(str(tmp_path / "busy.playbook"), "--trust-submitter", "--format", "json")
    assert trusted.exit_code == 0, trusted.output
    assert '"verdict": "pass"' in trusted.output


def test_exit_status(batch: Path, tmp_path: Path) -> None:
    (tmp_path / "ok.playbook").write_text(LAWFUL, encoding="utf-8")
    assert _audit(str(tmp_path / "ok.playbook")).exit_code == 0
    assert _audit(str(batch)).exit_code == 1
    unknown = _audit(str(batch), "--ruleset", "us-regff")
    assert unknown.exit_code == 2
    assert "unknown ruleset 'us-regff'" in unknown.output
    assert _audit(str(tmp_path / "missing")).exit_code == 2
    assert _audit(str(batch), "--format", "yaml").exit_code == 2


def test_csv_has_a_row_per_cell_and_keeps_formulas_as_text(tmp_path: Path) -> None:
    source = LAWFUL.replace('"quiet-reminders"', '"=HYPERLINK(\\"http://x\\")"')
    (tmp_path / "f.playbook").write_text(source, encoding="utf-8")
    result = _audit(
        str(tmp_path / "f.playbook"),
        "--ruleset",
        "us-regf",
        "--ruleset",
        "baseline",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["ruleset"] for r in rows] == ["us-regf", "baseline"]
    assert rows[0]["playbook"].startswith("'=HYPERLINK")


def test_concise_and_sarif_carry_the_findings(batch: Path) -> None:
    concise = _audit(str(batch / "hostile.playbook"), "--format", "concise")
    assert "error PB101 [us-regf/call-frequency]" in concise.output
    sarif = _audit(str(batch / "hostile.playbook"), "--format", "sarif")
    assert json.loads(sarif.output)["runs"][0]["results"]


def test_evidence_records_inputs_rulesets_and_options(batch: Path) -> None:
    out = batch.parent / "audit.json"
    _audit(str(batch), "--ruleset", "us-regf", "--year", "2025", "--format", f"json:{out}")
    evidence = _json(out)["evidence"]
    assert evidence["tool"]["name"] == "playbook-lint"
    assert evidence["options"] == {
        "rulesets": ["us-regf"],
        "trust_submitter": False,
        "fail_level": "warning",
        "year": 2025,
    }
    [ruleset] = evidence["rulesets"]
    assert ruleset["id"] == "us-regf"
    assert len(ruleset["sha256"]) == 64
    assert {i["path"] for i in evidence["inputs"]} == {str(p) for p in batch.iterdir()}
    assert evidence["utc"].endswith("Z")


# --------------------------------------------------------------------------- --verify


@pytest.fixture
def recorded(batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    company = tmp_path / "company.yaml"
    company.write_text(
        US_REGF.read_text(encoding="utf-8").replace("id: us-regf", "id: company"), encoding="utf-8"
    )
    out = tmp_path / "audit.json"
    result = _audit("batch", "--ruleset", "company.yaml", "--format", f"json:{out}")
    assert result.exit_code == 1, result.output
    return out


def test_verify_passes_on_an_untouched_run(recorded: Path) -> None:
    result = _audit("--verify", str(recorded))
    assert result.exit_code == 0, result.output
    assert "verified: 4 inputs, 1 rulesets and 4 verdicts unchanged" in result.output


def test_verify_names_an_input_with_one_byte_changed(recorded: Path) -> None:
    path = Path("batch/quiet.playbook")
    data = bytearray(path.read_bytes())
    data[-2] = ord("x") if data[-2] != ord("x") else ord("y")
    path.write_bytes(bytes(data))
    result = _audit("--verify", str(recorded))
    assert result.exit_code == 1
    assert "batch/quiet.playbook: input changed" in result.output
    assert "hostile" not in result.output


def test_verify_names_a_ruleset_with_one_number_changed(recorded: Path) -> None:
    company = Path("company.yaml")
    company.write_text(
        company.read_text(encoding="utf-8").replace("max: 7", "max: 8", 1), encoding="utf-8"
    )
    result = _audit("--verify", str(recorded))
    assert result.exit_code == 1
    assert "ruleset company.yaml (" in result.output
    assert "content changed" in result.output
    assert "input changed" not in result.output


def test_verify_rejects_what_is_not_evidence(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    for text in ("[1, 2]", "{", '{"schema": "playbook-lint-audit/1", "evidence": 3}'):
        bad.write_text(text, encoding="utf-8")
        result = _audit("--verify", str(bad))
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        assert str(bad) in result.output


def test_a_file_name_cannot_forge_a_line_of_the_summary(tmp_path: Path) -> None:
    (tmp_path / "x\nAudited 0 playbooks\x1b[31m.playbook").write_text(LAWFUL, encoding="utf-8")
    result = _audit(str(tmp_path))
    assert "\x1b" not in result.output
    assert [line for line in result.output.splitlines() if line.startswith("Audited")] == [
        "Audited 1 playbooks: 0 with findings."
    ]


def test_a_huge_playbook_is_judged_but_not_charted(tmp_path: Path) -> None:
    actions = "\n".join(f"  sms using nudge on day {1 + d % 60} at 12:00" for d in range(260))
    source = LAWFUL.replace("  sms using nudge on day 10, 20 at 12:00", actions)
    (tmp_path / "huge.playbook").write_text(source, encoding="utf-8")
    out = tmp_path / "r.html"
    result = _audit(str(tmp_path / "huge.playbook"), "--html", str(out))
    assert result.exit_code in (0, 1), result.output
    assert "more actions than a chart can show" in out.read_text(encoding="utf-8")


def test_a_bug_on_one_file_is_reported_and_the_batch_goes_on(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The audit lints by check's run (run/pipeline.py), under its own one bound per file.
    from playbook_lint.run import pipeline

    real = pipeline.lint_bytes  # the first lint of every file

    def flaky(data: bytes, path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("quiet.playbook"):
            raise ValueError("boom")
        return real(data, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "lint_bytes", flaky)
    out = batch.parent / "audit.json"
    result = _audit(str(batch), "--format", f"json:{out}")
    assert result.exit_code == 2
    assert "quiet.playbook: could not be analysed" in result.output
    assert "Traceback" not in result.output
    report = _json(out)
    assert len(report["playbooks"]) == 4
    quiet = _playbook(report, "quiet.playbook")
    assert quiet["verdict"] == "invalid"
    assert "ValueError: boom" in quiet["findings"][0]["message"]


def test_a_ruleset_url_that_is_not_a_web_link_stays_text(batch: Path, tmp_path: Path) -> None:
    import re

    evil = tmp_path / "evil.yaml"
    text = US_REGF.read_text(encoding="utf-8").replace("id: us-regf", "id: evil")
    evil.write_text(re.sub(r"(?m)^(\s+)url: .*$", r'\1url: "javascript:alert(1)"', text), "utf-8")
    out = tmp_path / "r.html"
    _audit(str(batch / "hostile.playbook"), "--ruleset", str(evil), "--html", str(out))
    html = out.read_text(encoding="utf-8")
    assert 'href="javascript' not in html
    assert "Cite: 12 CFR 1006.14" in html  # the citation is still there, as text


def test_verify_replays_the_recorded_year(recorded: Path) -> None:
    # Without --year the current year is analysed and recorded, so a later verify still
    # judges that year.
    data = json.loads(recorded.read_text(encoding="utf-8"))
    from playbook_lint.analysis.year import default_year

    assert data["evidence"]["options"]["year"] == default_year()
    data["evidence"]["options"]["year"] = "next"
    recorded.write_text(json.dumps(data), encoding="utf-8")
    result = _audit("--verify", str(recorded))
    assert result.exit_code == 2
    assert "options.year is missing or malformed" in result.output


def test_a_submitters_exclude_hides_a_file_only_when_trusted(tmp_path: Path) -> None:
    (tmp_path / ".playbook-lint.yaml").write_text('exclude: ["hidden.playbook"]\n', "utf-8")
    (tmp_path / "hidden.playbook").write_text(LAWFUL, encoding="utf-8")
    (tmp_path / "shown.playbook").write_text(LAWFUL, encoding="utf-8")
    untrusted = json.loads(_audit(str(tmp_path), "--format", "json").output)
    assert len(untrusted["playbooks"]) == 2
    trusted = json.loads(_audit(str(tmp_path), "--trust-submitter", "--format", "json").output)
    assert [p["path"].rsplit("/", 1)[-1] for p in trusted["playbooks"]] == ["shown.playbook"]


def test_ruleset_digests_are_the_same_in_every_process() -> None:
    # Set order follows string hashing, which Python randomises per process.
    import subprocess
    import sys

    script = (
        "from playbook_lint.audit.evidence import ruleset_entry;"
        "print([ruleset_entry(r)['sha256'] for r in ('us-regf', 'uk-cca', 'baseline')])"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1
