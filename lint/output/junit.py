"""``--format junit``: JUnit XML for CI systems that show test reports.

One ``<testsuite>`` per file; one failing ``<testcase>`` per finding, and one passing
case for a file with none, so a clean file still shows up as tested.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from itertools import groupby

from ..diagnostics import Finding
from .common import label, visible
from .sink import Format, Options, Sink, Write

# XML 1.0 forbids most control characters even as references; playbook text may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render_junit(findings: Sequence[Finding], files: Sequence[str] = ()) -> str:
    """The XML document. ``files`` lists every file checked (clean ones get a passing case)."""
    shown = visible(findings)
    by_path = {path: list(group) for path, group in groupby(shown, key=lambda f: f.path)}
    paths = sorted(set(files) | set(by_path))
    root = ET.Element(
        "testsuites",
        name="playbook-lint",
        tests=str(sum(max(len(by_path.get(p, ())), 1) for p in paths)),
        failures=str(len(shown)),
        errors="0",
    )
    for path in paths:
        found = by_path.get(path, [])
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_xml_text(path),
            tests=str(max(len(found), 1)),
            failures=str(len(found)),
            errors="0",
            skipped="0",
        )
        if not found:
            ET.SubElement(suite, "testcase", name="playbook-lint", classname=_xml_text(path))
            continue
        for f in found:
            case = ET.SubElement(
                suite,
                "testcase",
                name=_xml_text(f"{label(f)} at {f.line}:{f.column}"),
                classname=_xml_text(path),
                file=_xml_text(path),
                line=str(f.line),
            )
            failure = ET.SubElement(
                case, "failure", message=_xml_text(f.message), type=f"{f.code} {f.severity}"
            )
            body = [f"{f.path}:{f.line}:{f.column}: {f.severity} {label(f)} {f.message}"]
            if f.cite:
                body.append(f"cite: {f.cite}")
            if f.help:
                body.append(f"help: {f.help}")
            failure.text = _xml_text("\n".join(body))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


class _JunitSink(Sink):
    """One XML document for the run (its totals come first): kept until ``finish``."""

    def __init__(self, write: Write, options: Options) -> None:
        super().__init__(write, options)
        self._shown: list[Finding] = []
        self._files: list[str] = []

    def file(
        self, path: str, shown: list[Finding], every: list[Finding], source: str | None
    ) -> None:
        self._files.append(path)
        self._shown.extend(shown)

    def finish(self, files_checked: int) -> None:
        self._write(render_junit(self._shown, self._files))


def _open(write: Write, options: Options) -> Sink:
    return _JunitSink(write, options)


JUNIT = Format("junit", _open)
