"""Every test lints from scratch unless it is about the result cache (``@pytest.mark.cache``):
a test that patches the engine must not leave its results in a cache a later test reads."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_result_cache(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("cache") is None:
        monkeypatch.setattr("playbook_lint.run.pipeline.open_cache", lambda root: None)
