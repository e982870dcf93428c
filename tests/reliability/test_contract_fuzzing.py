"""Schemathesis against our own /schema/openapi.json: anonymous, as a User, as an Admin.

No 5xx; every response's status, content type, headers and body as documented.

Each caller is fuzzed in full (every phase, every check) on the routes it may use; on the
others, where every answer is the same refusal (anonymous: 401 on each route that needs a
token; a User: 403 on each Admin route), a few cases per operation show that refusal is as
documented. Generating hundreds of coverage cases to be refused alike costs the run a third
of its time and shows nothing more.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import create_user, login
from tests.server import RunningServer

pytestmark = pytest.mark.slow
CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")
METHODS = {"get", "put", "post", "patch", "delete"}


ROLES = (None, "User", "Admin")


async def test_fuzzing_finds_no_contract_violation(served: RunningServer, tmp_path: Path) -> None:
    async with httpx.AsyncClient(base_url=served.url, timeout=10) as client:
        document = (await client.get("/schema/openapi.json")).json()
    refused = _refused_operations(document)
    # The split still holds: some routes refuse anonymous callers, some refuse Users.
    assert refused[None]
    assert refused["User"]
    # The three callers fuzz at once: each run mostly waits on the server, which one run
    # alone leaves half idle. Each has its own account; should the Admin run delete the
    # User's, that run's answers become 401s, which every operation documents.
    results = await asyncio.gather(
        *(_fuzz(served, role, _config(tmp_path, role, refused[role])) for role in ROLES)
    )
    failures = {role: out for role, (code, out) in zip(ROLES, results, strict=True) if code}
    assert not failures, "\n\n".join(f"== as {role}\n{out}" for role, out in failures.items())


def _refused_operations(document: dict[str, Any]) -> dict[str | None, list[str]]:
    """Per caller, the operations that refuse it whatever the request: those that need a token
    for the anonymous caller, those that document 403 (the Admin role's) for a User."""
    refused: dict[str | None, list[str]] = {None: [], "User": [], "Admin": []}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            name = f"{method.upper()} {path}"
            if operation.get("security", document.get("security")):
                refused[None].append(name)
                if "403" in operation["responses"]:
                    refused["User"].append(name)
    return refused


def _config(tmp_path: Path, role: str | None, refused: list[str]) -> Path:
    """The shared configuration, plus: the refused operations only fuzzed, a case or two each."""
    text = CONFIG.read_text()
    for name in refused:
        text += (
            f'\n[[operations]]\ninclude-name = "{name}"\n'
            "phases.coverage.enabled = false\ngeneration.max-examples = 2\n"
        )
    path = tmp_path / f"schemathesis-{role or 'anonymous'}.toml"
    path.write_text(text)
    return path


async def _fuzz(served: RunningServer, role: str | None, config: Path) -> tuple[int, str]:
    headers: list[str] = []
    if role:
        email = f"fuzz-{role.lower()}@x.co"
        await create_user(email, role=role)
        async with httpx.AsyncClient(base_url=served.url, timeout=10) as client:
            headers = ["--header", f"Authorization: Bearer {await login(client, email)}"]
    command = [
        SCHEMATHESIS, "--config-file", str(config), "run",
        f"{served.url}/schema/openapi.json",
        "--checks", "all",
        # Bounded by examples, not by time: the same seed runs the same cases anywhere.
        "--max-examples", "8",
        "--seed", "20261127",
        # Signing out would end the fuzzer's own session halfway through, and so would
        # deleting it by id (the coverage phase takes the id from GET /api/v1/auth/sessions):
        # from then on a User's or an Admin's cases were all 401s. Both have tests of their own.
        "--exclude-path", "/api/v1/auth/logout",
        "--exclude-path", "/api/v1/auth/sessions/{session_id}",
        *headers,
    ]  # fmt: skip
    result = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=300, check=False
    )
    return result.returncode, result.stdout[-6000:] + result.stderr[-1500:]
