"""Issue 15 item 8 remainder: what a parsed template keeps is not proportional to its
text times a Position object. A 3.9 MB template once cost 1.2 GB; the per-character
position table of a DSL string is now resolved on demand (``lazy_positions.py``).
Measured in bytes with tracemalloc, not timed (figures: bench/RESULTS.md)."""

from __future__ import annotations

import tracemalloc

from playbook_lint.syntax.parse import parse_source


def test_a_parsed_large_template_keeps_a_few_bytes_per_character() -> None:
    body = "Dear {name}, your payment of {amount} is overdue. Please pay today. " * 3000
    text = (
        f'playbook "big"\ntimezone UTC\ntemplate t letter """{body}"""\n'
        "stage s days 1..30 {\n  letter using t on day 1\n}\n"
    )
    tracemalloc.start()
    try:
        result = parse_source(text, "big.playbook")
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.playbook is not None
    # the text itself is 1-4 bytes a character; a table of Position objects was ~120 more
    assert kept < 40 * len(text)
    template = result.playbook.templates[0].text
    # and every character still knows its place in the file
    start = template.span_of(0, 4)
    assert (start.line, start.column, start.end_column) == (3, 22, 26)
    assert template.positions[-1].line == 3
