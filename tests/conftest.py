"""Every test lints from scratch unless it is about the result cache (``@pytest.mark.cache``):
a test that patches the engine must not leave its results in a cache a later test reads."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("user-cache"))


@pytest.fixture(autouse=True)
def _no_result_cache(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, _user_cache: str
) -> None:
    # The cache's secret key lives in the user's cache folder: the test session's own.
    monkeypatch.setenv("XDG_CACHE_HOME", _user_cache)
    if request.node.get_closest_marker("cache") is None:
        monkeypatch.setattr("playbook_lint.run.pipeline.open_cache", lambda root: None)
