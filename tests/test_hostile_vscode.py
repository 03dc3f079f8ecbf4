"""A workspace cannot choose the program the VS Code extension starts (issue 23 item 4).

``playbook-lint.command`` is the server's executable. A repository's
``.vscode/settings.json`` naming ``["sh", "-c", "…"]`` would run it on opening the folder,
so the setting is ``machine-overridable`` (user and machine settings only, not a
workspace's) and the extension declares it restricted in untrusted workspaces.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VSCODE = Path(__file__).resolve().parent.parent / "editors" / "vscode"


def _manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    return data


def test_the_server_command_cannot_come_from_a_workspace() -> None:
    properties = _manifest()["contributes"]["configuration"]["properties"]
    assert properties["playbook-lint.command"]["scope"] == "machine-overridable"


def test_an_untrusted_workspace_gets_limited_support_without_its_command() -> None:
    untrusted = _manifest()["capabilities"]["untrustedWorkspaces"]
    assert untrusted["supported"] == "limited"
    assert untrusted["restrictedConfigurations"] == ["playbook-lint.command"]
    assert "trusted" in untrusted["description"]


def test_every_setting_that_names_a_program_is_restricted() -> None:
    """A setting added later that starts a program must be restricted too."""
    properties = _manifest()["contributes"]["configuration"]["properties"]
    runs_something = [
        name for name in properties if any(w in name.lower() for w in ("command", "path", "exe"))
    ]
    restricted = _manifest()["capabilities"]["untrustedWorkspaces"]["restrictedConfigurations"]
    assert set(runs_something) <= set(restricted)
    for name in runs_something:
        assert properties[name]["scope"] in ("machine", "machine-overridable", "application")
