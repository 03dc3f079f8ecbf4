"""The playbooks shown in the README and in docs/: every fenced block that is a playbook.

A block may be preceded by ``<!-- expect: PB009 PB101 -->`` (the codes the text says it
reports); otherwise it must lint clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_FENCE = re.compile(
    r"(?:<!--\s*expect:(?P<expect>[^>]*)-->\s*\n)?^```(?P<lang>[\w-]*)[ \t]*\n(?P<body>.*?)^```",
    re.MULTILINE | re.DOTALL,
)
_DSL = re.compile(r"\A(?:\s*#[^\n]*\n)*\s*playbook\s+\"")
_YAML = re.compile(r"\A(?:\s*#[^\n]*\n)*\s*playbook\s*:")


@dataclass(frozen=True)
class DocPlaybook:
    source: Path
    line: int
    text: str
    name: str  # t.playbook or t.playbook.yaml: the form
    expect: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.source.name}:{self.line}"


def doc_playbooks(*files: Path) -> list[DocPlaybook]:
    found: list[DocPlaybook] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            body = match.group("body")
            if _DSL.match(body):
                name = "doc.playbook"
            elif _YAML.match(body):
                name = "doc.playbook.yaml"
            else:
                continue
            line = text.count("\n", 0, match.start("body")) + 1
            expect = tuple((match.group("expect") or "").split())
            found.append(DocPlaybook(path, line, body, name, expect))
    return found
