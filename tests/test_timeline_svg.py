"""``timeline FILE --svg OUT.svg``: the report's intensity chart for one file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from playbook_lint.cli import main

DIFF = Path(__file__).parent / "fixtures" / "diff"


def test_timeline_svg_writes_the_intensity_chart(tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    source = DIFF / "standard-v2-loosens.playbook"
    result = CliRunner().invoke(main, ["timeline", str(source), "--svg", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    text = out.read_text(encoding="utf-8")
    assert ET.fromstring(text).get("class") == "chart intensity"
    assert "call to borrower: attempts in 7 days, at most 7 [us-regf/call-frequency]" in text
    assert 'class="bar exceeded"' in text  # 12 calls in 7 days, over the cap of 7


def test_timeline_svg_of_a_lawful_plan_marks_nothing(tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    result = CliRunner().invoke(
        main, ["timeline", str(DIFF / "standard-v1.playbook.yaml"), "--svg", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "exceeded" not in out.read_text(encoding="utf-8")
