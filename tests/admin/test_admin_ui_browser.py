"""The operators' Admin UI in a real browser: sign in, see a resume, see no password hash."""

from __future__ import annotations

import asyncio
import subprocess
from typing import Any

from tables import Resume
from tests.browser import MARKS
from tests.helpers import create_user
from tests.server import TALENTSYNC, RunningServer

pytestmark = MARKS


async def test_operator_signs_in_sees_a_resume_and_no_password_hash(
    database: str, served: RunningServer, browser: Any
) -> None:
    owner = await create_user("owner@x.co")
    await Resume(user_id=owner, custom_name="Seeded Resume 42", raw_text="Python").save()
    created = await asyncio.to_thread(
        subprocess.run,
        [TALENTSYNC, "create-admin-ui-user", "--username", "operator",
         "--email", "op@x.co", "--password", "operator-pass-123"],
        env={"DATABASE_URL": database, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr

    base = served.url
    page = await browser.new_page()
    try:
        await page.goto(f"{base}/admin")  # redirected to /admin/, then to its sign-in
        await page.fill("input[name=username]", "operator")
        await page.fill("input[name=password]", "operator-pass-123")
        await page.click("[data-uitest=login_button]")
        await page.wait_for_url("**/admin/#/")

        await page.goto(f"{base}/admin/#/resume")
        await page.get_by_text("Seeded Resume 42").wait_for(timeout=15_000)

        await page.goto(f"{base}/admin/#/user")
        await page.get_by_text("owner@x.co").wait_for(timeout=15_000)
        body = (await page.inner_text("body")).upper()
        assert "EMAIL VERIFIED" in body  # the user table's columns are on screen...
        assert "PASSWORD HASH" not in body  # ...but not this one
        # Nor does the Admin's own API hand the hash out.
        rows = await page.request.get(f"{base}/admin/api/tables/user/")
        assert rows.ok
        users = (await rows.json())["rows"]
        assert [u["email"] for u in users] == ["owner@x.co"]
        assert all(u.get("password_hash") is None for u in users)
        assert "$2b$" not in await rows.text()
    finally:
        await page.close()
