"""The SVG primitives the charts are drawn with."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from playbook_lint.output import svg


def test_text_and_attributes_are_escaped() -> None:
    drawn = svg.text(1, 2, "</text><script>alert(1)</script>", class_='a" onload="x')
    parsed = ET.fromstring(drawn)
    assert parsed.tag == "text"
    assert parsed.text == "</text><script>alert(1)</script>"
    assert parsed.get("class") == 'a" onload="x'
    assert parsed.get("onload") is None


def test_document_is_well_formed_svg_with_a_title() -> None:
    drawn = svg.document(100, 50, "a <b> chart", [svg.rect(0, 0, 10, 5, fill=svg.BAR, tip="x")])
    root = ET.fromstring(drawn)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 100 50"
    assert root[0].text == "a <b> chart"


def test_negative_sizes_become_zero_not_invalid_svg() -> None:
    assert 'width="0"' in svg.rect(0, 0, -3, 4)


def test_numbers_are_stable() -> None:
    assert svg.number(1.0) == "1"
    assert svg.number(2.345678) == "2.35"
    assert svg.number(-0.0001) == "0"


def test_linear_scale_maps_ends_and_tolerates_a_flat_domain() -> None:
    scale = svg.linear(0, 10, 100, 200)
    assert scale(0) == 100
    assert scale(10) == 200
    assert svg.linear(5, 5, 1, 9)(5) == 1


def test_nice_ticks_cover_the_top() -> None:
    assert svg.nice_ticks(21) == [0, 10, 20, 30]
    assert svg.nice_ticks(7) == [0, 2, 4, 6, 8]
    assert svg.nice_ticks(0) == [0, 1]


def test_spans_of_runs() -> None:
    assert svg.spans_of([False, True, True, False, True]) == [(1, 2), (4, 4)]
    assert svg.spans_of([]) == []
