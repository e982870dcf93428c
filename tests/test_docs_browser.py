"""The API docs render in a real browser that can reach nothing but our own server.

Swagger UI's JS and CSS come from the service (app/core/docs.py), not from a CDN: every
request to another host is blocked, and any such request fails the test.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import MARKS
from tests.server import RunningServer

pytestmark = MARKS


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
async def test_api_docs_render_with_no_internet(
    served: RunningServer, browser: Any, path: str
) -> None:
    await assert_docs_render_offline(browser, served.url + path)
