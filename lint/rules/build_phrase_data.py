"""Write the bundled phrase lists, read and compiled, next to them (packaging time, never
at run time).

    .venv/bin/python -m playbook_lint.rules.build_phrase_data

A script of its own, above both modules it uses: ``phrase_data`` (what ``phrases`` reads
at start-up) never imports the reader of the lists, so the two are not a circle.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..resources import phrases_dir
from .phrase_data import FORMAT, data_path, encode_compiled, encode_negations, lists_digest
from .phrases import (
    category_row,
    compile_bundled,
    read_categories,
    read_negations,
    read_placeholders,
)
from .signal import MODEL_FILE, postings_of


def build(folder: Path) -> dict[str, Any]:
    """The file's content for the lists in ``folder``, read and validated as at run time."""
    categories = read_categories(folder)
    found: dict[str, Any] = {
        "format": FORMAT,
        "digest": lists_digest(folder),
        "categories": [category_row(c) for c in categories],
        "negations": encode_negations(read_negations(folder)),
        "placeholders": list(read_placeholders(folder)),
        "automaton": encode_compiled(compile_bundled(categories)),
    }
    model = folder / MODEL_FILE
    if model.is_file():
        data = json.loads(model.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}
        examples = tuple((str(lang), str(text)) for lang, text in data["examples"])
        found["signal_postings"] = postings_of(weights, examples)
    return found


def save(folder: Path | None = None) -> Path:
    folder = folder or phrases_dir()
    path = data_path(folder)
    text = json.dumps(build(folder), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def main() -> None:
    print(f"wrote {save()}")


if __name__ == "__main__":
    main()
