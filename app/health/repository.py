"""The one query readiness needs: does the database answer at all."""

from __future__ import annotations

from app.db import fetch_one


async def ping() -> None:
    await fetch_one("SELECT 1")
