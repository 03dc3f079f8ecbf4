"""Count findings that repeat another finding's cause (issue 9: "one problem, one finding").

Two findings of one file describe the same cause when:

* they come from the same rule about the same model element and the same category
  (several PB501 findings for one template's threats of arrest; several PB503 for one
  template's debt words; PB101 twice for one action and rule);
* a PB101 finding breaks a cap by an action alone that also has a PB103 finding (the
  missing ``max`` limit is the one cause);
* a PB003/PB009 finding names something written on a line that failed to parse (PB001):
  a cascade of the syntax error.

Run as a script to print the count on ``examples/`` (``python tests/repeated_causes.py``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from playbook_lint.diagnostics import Finding
from playbook_lint.run.engine import lint_text

_QUOTED = re.compile(r"'([^']+)'")


def _category(finding: Finding) -> str:
    """PB501's category label (``threatens arrest``), or the whole message elsewhere."""
    message = finding.identity[1] or finding.message
    if finding.code in ("PB501", "PB503"):
        return message.split(":", 1)[0]
    return message


def repeated(findings: Sequence[Finding], text: str) -> list[Finding]:
    """The findings of one file that repeat the cause of an earlier one."""
    out: list[Finding] = []
    seen: set[tuple[str, str, str, str]] = set()
    unbounded = {f.anchor for f in findings if f.code == "PB103"}
    lines = text.splitlines()
    failed = " ".join(
        lines[f.line - 1] for f in findings if f.code == "PB001" and f.line <= len(lines)
    )
    for finding in sorted(findings):
        key = (finding.code, finding.rule or "", finding.anchor, _category(finding))
        if key in seen:
            out.append(finding)
            continue
        seen.add(key)
        if (
            finding.code == "PB101"
            and finding.anchor in unbounded
            and "with" not in finding.message
        ):
            out.append(finding)
        elif finding.code in ("PB003", "PB009") and failed:
            names = _QUOTED.findall(finding.message)
            if names and re.search(rf"(?<![\w.-]){re.escape(names[0])}(?![\w.-])", failed):
                out.append(finding)
    return out


def count(folder: Path) -> tuple[int, int]:
    """(findings, findings repeating another's cause) over every playbook in ``folder``."""
    total = repeats = 0
    for path in sorted(folder.glob("*.playbook*")):
        text = path.read_text(encoding="utf-8")
        findings = lint_text(text, str(path)).findings
        total += len(findings)
        repeats += len(repeated(findings, text))
    return total, repeats


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "examples")
    total, repeats = count(folder)
    share = 100 * repeats / total if total else 0
    print(f"{repeats} of {total} findings repeat another's cause ({share:.0f}%)")
