"""Debian's Chromium driven by Playwright, for the tests that look at pages as a person would.

No browser download (playwright-core with the system's Chromium), headless, and no calls home:
this machine has no outside network.
"""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# For a module of browser tests: slow, and skipped where Chromium is not installed.
MARKS = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("chromium") is None, reason="no Chromium installed (apt-get install chromium)"
    ),
]
