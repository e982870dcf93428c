"""The API docs render in a real browser that can reach nothing but our own server.

Swagger UI's JS and CSS come from the service (app/core/docs.py), not from a CDN: every
request to another host is blocked, and any such request fails the test.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.server import running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("chromium") is None, reason="no Chromium installed (apt-get install chromium)"
    ),
]
# As in tests/admin/test_admin_ui_browser.py: headless, no background calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(database: str) -> Iterator[str]:
    """One served process for the module: start-up costs seconds."""
    with running_server(database) as server:
        yield server.url


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Any]:
    async with playwright.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


async def assert_docs_render_offline(browser: Any, url: str) -> None:
    """Open `url` with only 127.0.0.1 reachable; the operations must show, nothing leave."""
    page = await browser.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    async def local_only(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            outside.append(route.request.url)
            await route.abort()

    await page.route("**/*", local_only)
    try:
        await page.goto(url)
        assert not outside, f"the docs asked other hosts: {outside}"
        resumes = page.locator(".opblock-tag[data-tag=resumes]")
        await resumes.wait_for(timeout=15_000)
        list_resumes = page.locator(".opblock-summary-path[data-path='/api/v1/resumes']").first
        await list_resumes.wait_for(timeout=15_000)
        assert await list_resumes.inner_text() == "/api/v1/resumes"
        assert "TalentSync API" in await page.locator(".info .title").inner_text()
        assert not outside, f"the docs asked other hosts: {outside}"
        assert not errors, errors
    finally:
        await page.close()


@pytest.mark.parametrize("path", ["/schema/swagger", "/schema"])
async def test_api_docs_render_with_no_internet(base_url: str, browser: Any, path: str) -> None:
    await assert_docs_render_offline(browser, base_url + path)
