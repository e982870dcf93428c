"""Schemathesis against our own /schema/openapi.json: anonymous, as a User, as an Admin.

No 5xx; every response's status, content type, headers and body as documented.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers import create_user, login
from tests.server import RunningServer

pytestmark = pytest.mark.slow
CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


ROLES = (None, "User", "Admin")


async def test_fuzzing_finds_no_contract_violation(served: RunningServer) -> None:
    # The three callers fuzz at once: each run mostly waits on the server, which one run
    # alone leaves half idle. Each has its own account; should the Admin run delete the
    # User's, that run's answers become 401s, which every operation documents.
    results = await asyncio.gather(*(_fuzz(served, role) for role in ROLES))
    failures = {role: out for role, (code, out) in zip(ROLES, results, strict=True) if code}
    assert not failures, "\n\n".join(f"== as {role}\n{out}" for role, out in failures.items())


async def _fuzz(served: RunningServer, role: str | None) -> tuple[int, str]:
    headers: list[str] = []
    if role:
        email = f"fuzz-{role.lower()}@x.co"
        await create_user(email, role=role)
        async with httpx.AsyncClient(base_url=served.url, timeout=10) as client:
            headers = ["--header", f"Authorization: Bearer {await login(client, email)}"]
    command = [
        SCHEMATHESIS, "--config-file", str(CONFIG), "run",
        f"{served.url}/schema/openapi.json",
        "--checks", "all",
        # Bounded by examples, not by time: the same seed runs the same cases anywhere.
        "--max-examples", "8",
        "--seed", "20261127",
        # Signing out would end the fuzzer's own session halfway through.
        "--exclude-path", "/api/v1/auth/logout",
        *headers,
    ]  # fmt: skip
    result = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=300, check=False
    )
    return result.returncode, result.stdout[-6000:] + result.stderr[-1500:]
