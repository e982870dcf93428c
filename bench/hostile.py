"""Hostile uploads in the background: clients posting a CPU-burning PDF back to back.

A wrk script cannot carry a binary multipart body, so these run on httpx, in a thread of their
own with its own event loop; their answers are summed up as a wrk run would be.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import threading
import time

import httpx

from bench.wrk import RunResult
from tests.resumes.files import cpu_burning_pdf

# What a hostile upload should get: refused at the CPU limit (422), or no slot free (503).
EXPECTED = (422, 503)


class HostileUploads:
    """`clients` uploads of the hostile PDF kept in flight until `stop`."""

    def __init__(self, base_url: str, token: str, clients: int) -> None:
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.clients = clients
        self.pdf = cpu_burning_pdf()
        self.latencies_us: list[float] = []
        self.statuses: dict[int, int] = {}
        self.failures = 0
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)
        self._started = 0.0

    def start(self) -> None:
        self._started = time.monotonic()
        self._thread.start()
        self._ready.wait(10)

    def stop(self) -> RunResult:
        """Cancel what is in flight (the server then kills those extractions) and sum up."""
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)
        duration_us = int((time.monotonic() - self._started) * 1e6)
        latencies = sorted(self.latencies_us) or [0.0]
        unexpected = sum(n for status, n in self.statuses.items() if status not in EXPECTED)
        return RunResult(
            requests=len(self.latencies_us),
            duration_us=duration_us,
            errors={"status": unexpected, "connect": self.failures},
            latency_us={
                "p50": _percentile(latencies, 50),
                "p90": _percentile(latencies, 90),
                "p99": _percentile(latencies, 99),
                "max": latencies[-1],
                "mean": statistics.fmean(latencies),
            },
        )

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        async with httpx.AsyncClient(base_url=self.base_url, timeout=60) as client:
            tasks = [asyncio.create_task(self._upload_forever(client)) for _ in range(self.clients)]
            self._ready.set()
            await self._stop.wait()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _upload_forever(self, client: httpx.AsyncClient) -> None:
        while True:
            started = time.perf_counter()
            try:
                response = await client.post(
                    "/api/v1/resumes",
                    files={"file": ("resume.pdf", self.pdf, "application/pdf")},
                    data={"customName": "hostile"},
                    headers=self.headers,
                )
            except httpx.HTTPError:
                self.failures += 1
                await asyncio.sleep(0.5)
                continue
            self.latencies_us.append((time.perf_counter() - started) * 1e6)
            self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1


def _percentile(ordered: list[float], percent: int) -> float:
    """Nearest rank, like wrk: the smallest value with `percent` % of them at or below it."""
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]
