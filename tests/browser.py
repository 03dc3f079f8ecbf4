"""Headless Chromium for tests that open the audit report in a real browser.

Debian's ``chromium`` (``.ci/run`` installs it). Each run gets a fresh profile and the
flags that keep the browser itself quiet on the network (no component updates, sync or
background requests), so a request seen by a test comes from the page.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium() -> str:
    """The browser's path; skips the test (saying why) where none is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium with apt-get)")


def _run(args: list[str], timeout: int = 90) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def dump_dom(url: str) -> str:
    """The page's DOM after its scripts ran, serialised."""
    result = _run(["--virtual-time-budget=3000", "--dump-dom", url])
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def screenshot(url: str, out: Path, width: int = 1200, height: int = 900) -> Path:
    result = _run(
        [
            f"--window-size={width},{height}",
            "--virtual-time-budget=2000",
            f"--screenshot={out}",
            url,
        ]
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.is_file(), result.stderr[-2000:]
    return out
