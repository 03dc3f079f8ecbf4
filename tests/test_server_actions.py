""" "Suppress with a reason" as a snippet: the cursor lands on the reason."""

from __future__ import annotations

from lsprotocol import types

from playbook_lint.server.analysis import Analysis, suppress_action

TEXT = 'playbook "p"\ntimezone UTC\nstage s days 1..3 {\n  sms every 2 hours\n}\n'


def test_suppress_with_a_reason_places_the_cursor_where_snippets_are_supported() -> None:
    analysis = Analysis("file:///nowhere/p.playbook", TEXT, version=3)
    finding = next(f for f in analysis.findings if f.code == "PB103")
    action = suppress_action(analysis, finding, snippets=True)
    assert action is not None
    assert action.edit is not None
    assert action.edit.document_changes is not None
    change = action.edit.document_changes[0]
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.version == 3
    edit = change.edits[0]
    assert isinstance(edit, types.SnippetTextEdit)
    assert edit.snippet.value == (
        "  # playbook-lint: ignore[baseline/unbounded-schedule] -- ${1:why this is acceptable}"
    )
    plain = suppress_action(analysis, finding, snippets=False)
    assert plain is not None
    assert plain.edit is not None
    assert plain.edit.changes is not None


def test_a_second_code_joins_the_lines_suppression() -> None:
    text = TEXT.replace("every 2 hours", "every 2 hours  # playbook-lint: ignore[PB201] -- ok")
    analysis = Analysis("file:///nowhere/p.playbook", text)
    finding = next(f for f in analysis.findings if f.code == "PB103")
    action = suppress_action(analysis, finding)
    assert action is not None
    assert action.edit is not None
    assert action.edit.changes is not None
    edit = action.edit.changes[analysis.uri][0]
    assert edit.new_text == ", baseline/unbounded-schedule"
    line = text.splitlines()[3]
    assert edit.range.start.character == line.index("]")


def test_a_burst_of_keystrokes_is_linted_once() -> None:
    import asyncio

    from playbook_lint.server import app

    server = app.PlaybookServer()
    published: list[str] = []
    server.publish = published.append  # type: ignore[method-assign]

    async def type_fast() -> None:
        for _ in range(5):
            server.publish_later("file:///p.playbook")
            await asyncio.sleep(app.DEBOUNCE_SECONDS / 10)
        await asyncio.sleep(app.DEBOUNCE_SECONDS * 3)

    asyncio.run(type_fast())
    assert published == ["file:///p.playbook"]
