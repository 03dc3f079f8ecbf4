"""`playbook-lint server`, end to end: a real LSP client (pytest-lsp) talks to the server
process over stdio, as an editor does."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from click.testing import CliRunner
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from playbook_lint.cli import main

pytestmark = pytest.mark.asyncio(loop_scope="module")

REPO = Path(__file__).parent.parent
PLAYBOOK = """\
playbook "p"
timezone America/New_York
borrowers in America/New_York, America/Los_Angeles
template reminder sms "Hi {name}, {amount} is due. Reply STOP to opt out."
template spare letter "Dear {name}"

stage early days 1..30 {
  sms using reminder daily at 10:00
  call daily between 09:00 and 20:00  # see PB103
  letter on day 5
  push every 2 hours  # playbook-lint: ignore[PB103] -- an app badge, not a message
}
"""


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "playbook_lint", "server"]),
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    params = types.InitializeParams(capabilities=client_capabilities("neovim"))
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="playbook", version=1, text=text
            )
        )
    )
    await asyncio.wait_for(
        client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 30
    )
    return client.diagnostics[uri]


def _check_json(path: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def _pos(text: str, needle: str, offset: int = 0) -> types.Position:
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


@pytest.fixture(scope="module")
def playbook_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ws") / "p.playbook"
    path.write_text(PLAYBOOK, encoding="utf-8")
    return path


async def test_diagnostics_are_the_findings_of_check(
    client: LanguageClient, playbook_file: Path
) -> None:
    diagnostics = await _open(client, playbook_file, PLAYBOOK)
    expected = _check_json(playbook_file)
    assert expected, "the sample should have findings"
    got = sorted(
        (d.range.start.line + 1, d.range.start.character + 1, d.data["code"]) for d in diagnostics
    )  # type: ignore[index]
    assert got == sorted((f["line"], f["column"], f["code"]) for f in expected)
    by_rule = {d.code: d for d in diagnostics}
    for finding in expected:
        diagnostic = by_rule[finding["rule"] or finding["code"]]  # type: ignore[index]
        href = diagnostic.code_description.href if diagnostic.code_description else None
        assert href == finding["url"]
    # The suppressed PB103 is not reported: the same suppressions as check.
    push = PLAYBOOK.splitlines().index(next(x for x in PLAYBOOK.splitlines() if "push" in x))
    assert [d for d in diagnostics if d.range.start.line == push and "PB103" in d.message] == []


async def test_a_broken_file_gets_its_pb001s(client: LanguageClient, tmp_path: Path) -> None:
    text = 'playbook "b"\nstage s days 1..3 {\n  sms dailly\n  call every\n}\n'
    diagnostics = await _open(client, tmp_path / "b.playbook", text)
    assert sorted((d.range.start.line, d.code) for d in diagnostics) == [
        (2, "PB001"),
        (3, "PB001"),
    ]


async def test_a_change_is_linted_again(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "c.playbook"
    await _open(client, path, PLAYBOOK)
    fixed = PLAYBOOK.replace("20:00  # see PB103", "20:00 max 1 per day")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await asyncio.wait_for(
        client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 30
    )
    codes = [d.data["code"] for d in client.diagnostics[path.as_uri()]]  # type: ignore[index]
    assert "PB103" not in codes
    assert "PB009" in codes


async def _hover(client: LanguageClient, path: Path, position: types.Position) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=position
        )
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def test_hover(client: LanguageClient, playbook_file: Path) -> None:
    await _open(client, playbook_file, PLAYBOOK)
    page = await _hover(client, playbook_file, _pos(PLAYBOOK, "PB103", 2))
    assert page.startswith("# PB103 unbounded-schedule")
    template = await _hover(client, playbook_file, _pos(PLAYBOOK, "using reminder", 8))
    assert "**template reminder** (sms)" in template
    assert "Reply STOP to opt out." in template
    action = await _hover(client, playbook_file, _pos(PLAYBOOK, "sms using reminder"))
    assert "one day: 1" in action
    assert "any 7 days: 7" in action
    assert "any 30 days: 30" in action
    assert "`America/New_York`: 10:00-10:00" in action
    assert "`America/Los_Angeles`: 07:00-07:00" in action
    unbounded = await _hover(client, playbook_file, _pos(PLAYBOOK, "call daily"))
    assert "one day: unbounded" in unbounded


async def test_completion(client: LanguageClient, tmp_path: Path) -> None:
    text = PLAYBOOK.replace("  letter on day 5", "  letter using ")
    path = tmp_path / "d.playbook"
    await _open(client, path, text)

    async def labels(position: types.Position) -> set[str]:
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=position
            )
        )
        assert isinstance(result, types.CompletionList)
        return {item.label for item in result.items}

    assert {"reminder", "spare"} <= await labels(_pos(text, "letter using ", 13))
    clauses = await labels(_pos(text, "call daily ", 11))
    assert {"between", "max", "skip", "after", "to"} <= clauses
    channels = await labels(types.Position(line=7, character=2))
    assert {"sms", "call", "letter", "visit"} <= channels


async def _labels(client: LanguageClient, path: Path, position: types.Position) -> set[str]:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=position
        )
    )
    assert isinstance(result, types.CompletionList)
    return {item.label for item in result.items}


async def test_completion_offers_the_v2_words(client: LanguageClient, tmp_path: Path) -> None:
    """Handler `to` and its targets, `notices` in channel sets, the v2 events, and the
    `placeholders` header with the names the templates use, in both forms."""
    lines = [
        *PLAYBOOK.splitlines(),
        "on deceased: stop all ",
        "on deceased: stop all to ",
        "on dispute_raised: pause all except ",
        "on ",
        "placeholders ",
    ]
    text = "\n".join(lines) + "\n"
    path = tmp_path / "v2.playbook"
    await _open(client, path, text)

    def end_of(number: int) -> types.Position:
        return types.Position(line=number, character=len(lines[number]))

    first = len(PLAYBOOK.splitlines())
    assert {"to", "except"} <= await _labels(client, path, end_of(first))
    targets = await _labels(client, path, end_of(first + 1))
    assert {"borrower", "family", "third_party"} <= targets
    assert "notices" in await _labels(client, path, end_of(first + 2))
    assert {"incapacitated", "contact_refused"} <= await _labels(client, path, end_of(first + 3))
    header = await _labels(client, path, types.Position(line=first + 4, character=0))
    assert "placeholders" in header
    assert {"name", "amount"} <= await _labels(client, path, end_of(first + 4))

    yaml_lines = [
        "playbook: p",
        "handlers:",
        "  - on contact_refused: stop call, ",
        "  - on deceased: stop all to ",
    ]
    yaml_path = tmp_path / "v2.playbook.yaml"
    await _open(client, yaml_path, "\n".join(yaml_lines) + "\n")
    yaml_end = [types.Position(line=n, character=len(yaml_lines[n])) for n in (2, 3)]
    assert {"visit", "notices"} <= await _labels(client, yaml_path, yaml_end[0])
    assert {"borrower", "guarantor"} <= await _labels(client, yaml_path, yaml_end[1])


async def test_definition_references_and_symbols(
    client: LanguageClient, playbook_file: Path
) -> None:
    await _open(client, playbook_file, PLAYBOOK)
    document = types.TextDocumentIdentifier(uri=playbook_file.as_uri())
    at_use = _pos(PLAYBOOK, "using reminder", 8)
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=document, position=at_use)
    )
    assert isinstance(found, list)
    assert [(loc.range.start.line, loc.range.start.character) for loc in found] == [(3, 9)]
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=document,
            position=types.Position(line=3, character=10),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    assert sorted(loc.range.start.line for loc in refs) == [3, 7]
    outline = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=document)
    )
    assert outline is not None
    names = [s.name for s in outline]
    assert names[:3] == ["playbook p", "template reminder", "template spare"]
    stage = next(s for s in outline if s.name.startswith("stage early"))
    assert isinstance(stage, types.DocumentSymbol)
    assert [c.name for c in stage.children or []] == [
        "sms using reminder",
        "call",
        "letter",
        "push",
    ]


async def test_code_actions_fix_and_suppress(client: LanguageClient, playbook_file: Path) -> None:
    await _open(client, playbook_file, PLAYBOOK)
    line = PLAYBOOK.splitlines().index("  call daily between 09:00 and 20:00  # see PB103")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=playbook_file.as_uri()),
            range=types.Range(types.Position(line, 2), types.Position(line, 6)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
    assert "Add `max 1 per day` (unsafe)" in titles
    suppress = next(
        a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Suppress")
    )
    assert suppress.edit is not None
    assert suppress.edit.changes is not None
    edit = suppress.edit.changes[playbook_file.as_uri()][0]
    assert edit.new_text == "  # playbook-lint: ignore[baseline/unbounded-schedule] -- "


async def test_formatting(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "f.playbook"
    await _open(client, path, 'playbook   "f"\nstage s days 1..3 { letter   on day 1 }\n')
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits is not None
    assert edits[0].new_text == 'playbook "f"\n\nstage s days 1..3 {\n  letter on day 1\n}\n'


async def test_yaml_documents_are_served_too(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "y.playbook.yaml"
    text = (
        "playbook: y\ntimezone: UTC\nstages:\n  s:\n    days: 1..3\n"
        "    actions:\n      - sms dailly\n"
    )
    diagnostics = await _open(client, path, text)
    assert [(d.range.start.line, d.range.start.character, d.code) for d in diagnostics] == [
        (6, 12, "PB001")
    ]


async def test_completion_offers_the_v3_template_marks(
    client: LanguageClient, tmp_path: Path
) -> None:
    """Language v3: attachment kinds after `attach`, and `estate` and `post` among the
    targets and channels."""
    lines = [*PLAYBOOK.splitlines(), "template pic sms attach ", "on deceased: stop all to "]
    text = "\n".join(lines) + "\n"
    path = tmp_path / "v3.playbook"
    await _open(client, path, text)
    first = len(PLAYBOOK.splitlines())
    kinds = await _labels(client, path, types.Position(line=first, character=len(lines[first])))
    assert {"photo", "id_document", "contact_list"} <= kinds
    targets = await _labels(
        client, path, types.Position(line=first + 1, character=len(lines[first + 1]))
    )
    assert "estate" in targets


async def test_completion_offers_limited_content_and_the_post_channel(
    client: LanguageClient, tmp_path: Path
) -> None:
    """Language v3 items 4 and 5 in the editor: `limited_content` and `attach` after a
    template's channel, `post` among the channels an action may start with."""
    body = PLAYBOOK.rstrip("\n").removesuffix("}")
    lines = [*body.splitlines(), "  ", "}", "template vm call "]
    text = "\n".join(lines) + "\n"
    path = tmp_path / "v3-marks.playbook"
    await _open(client, path, text)
    action_line = len(body.splitlines())
    channels = await _labels(client, path, types.Position(line=action_line, character=2))
    assert "post" in channels
    marks = await _labels(
        client, path, types.Position(line=len(lines) - 1, character=len(lines[-1]))
    )
    assert {"limited_content", "attach", "notice"} <= marks
