"""Bulk uploads worked by `talentsync worker` processes (the API's own worker is off).

Throughput: the admin uploads a ZIP of 500 resumes made from the seed texts; 1, then 2 worker
processes on the bench database read and analyse them (built-in analyser). Files per second
come from the upload's own timestamps: `uploadedAt` (when the 202 was being written) to
`finishedAt` (its last entry recorded). Latency: the resume list's p99 while one worker
processes uploads, next to its p99 with that worker idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import math
import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from app.admin.archive import MAX_ENTRIES
from bench import servers
from bench.seed_data import Source
from bench.wrk import Load, Request, RunResult, Wrk
from tests.resumes.files import text_pdf, word_docx, zip_of

FILES = MAX_ENTRIES  # 500, the most one upload takes
# Of each 25 files, one is a DOCX (python-docx) and one a PDF (fpdf); the rest are TXT.
EVERY, DOCX_AT, PDF_AT = 25, 7, 19
POLL_SECONDS = 0.25  # finishedAt is the server's: polling only has to notice it
UPLOAD_TIMEOUT = 600.0  # seconds one upload may take before the bench gives up
# XML 1.0 refuses these (python-docx raises); the encoding damage of the shared texts has some.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def build_archive(sources: Sequence[Source]) -> tuple[bytes, dict[str, int]]:
    """FILES resumes, each a source text under a numbered `Candidate` line (as the seeded
    copies are), and how many of each type."""
    members: dict[str, bytes] = {}
    for i in range(FILES):
        text = f"Candidate {i:05d}\n{sources[i % len(sources)].text}"
        if i % EVERY == DOCX_AT:
            members[f"resume-{i:03d}.docx"] = word_docx(_NOT_XML.sub(" ", text).splitlines())
        elif i % EVERY == PDF_AT:  # the PDF core fonts cover Latin-1 only
            latin1 = text.encode("latin-1", "replace").decode("latin-1")
            members[f"resume-{i:03d}.pdf"] = text_pdf(latin1)
        else:
            members[f"resume-{i:03d}.txt"] = text.encode()
    kinds: dict[str, int] = {}
    for name in members:
        kind = name.rsplit(".", 1)[1]
        kinds[kind] = kinds.get(kind, 0) + 1
    return zip_of(members), kinds


@dataclass(frozen=True)
class BulkRun:
    workers: int
    files: int
    seconds: float  # uploadedAt to finishedAt, the server's clock
    wall_seconds: float  # from sending the upload to seeing it done, ours
    succeeded: int
    failed: int
    errors: list[dict[str, str]]  # the first few
    cpu_ms_per_file: float  # CPU of ours (workers, their extractions, PostgreSQL, the API)
    other_cpu_cores: float  # CPU that other programs used meanwhile

    @property
    def files_per_s(self) -> float:
        return self.files / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "workers": self.workers,
            "files": self.files,
            "seconds": round(self.seconds, 3),
            "wall_seconds": round(self.wall_seconds, 3),
            "files_per_s": round(self.files_per_s, 2),
            "succeeded": self.succeeded,
            "failed": self.failed,
            "errors": self.errors,
            "cpu_ms_per_file": round(self.cpu_ms_per_file, 2),
            "other_cpu_cores": round(self.other_cpu_cores, 2),
        }


@dataclass
class Latency:
    idle: list[RunResult] = field(default_factory=list)
    busy: list[RunResult] = field(default_factory=list)
    uploads_per_run: int = 1
    # Per run: whether the worker still had files to read when wrk stopped.
    overlapped: list[bool] = field(default_factory=list)


def _at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


@dataclass
class BulkBench:
    base_url: str
    admin_token: str
    archive: bytes
    database_url: str
    worker_command: list[str]
    env: dict[str, str]
    log_dir: Path
    cwd: Path
    monitor: servers.CpuMonitor
    # One client for every request: a new one costs ~25 ms of CPU (its TLS context), which
    # polling would take from the workers.
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        headers = {"Authorization": f"Bearer {self.admin_token}"}
        self.client = httpx.Client(base_url=self.base_url, headers=headers, timeout=60)

    def close(self) -> None:
        self.client.close()

    # -- the API, as the admin -----------------------------------------------------------------

    def upload(self) -> dict[str, Any]:
        response = self.client.post(
            "/api/v1/admin/bulk-uploads",
            files={"file": ("resumes.zip", self.archive, "application/zip")},
        )
        if response.status_code != 202:
            raise RuntimeError(f"bulk upload answered {response.status_code}: {response.text}")
        body: dict[str, Any] = response.json()
        return body

    def get(self, upload_id: str) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/admin/bulk-uploads/{upload_id}")
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def wait(self, upload_id: str, until: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        deadline = time.monotonic() + UPLOAD_TIMEOUT
        while True:
            upload = self.get(upload_id)
            if until(upload):
                return upload
            if upload["status"] == "failed":
                raise RuntimeError(f"bulk upload {upload_id} failed: {upload}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"bulk upload {upload_id} unfinished: {upload}")
            time.sleep(POLL_SECONDS)

    # -- the database and the workers ------------------------------------------------------------

    async def _execute(self, *statements: str) -> Any:
        """Run the statements; the first value of the last one's result."""
        conn = await asyncpg.connect(dsn=self.database_url, timeout=10)
        try:
            value = None
            for sql in statements:
                value = await conn.fetchval(sql)
            return value
        finally:
            await conn.close()

    def reset(self) -> None:
        """Drop the resumes the uploads made, and vacuum: each run starts from the same tables."""
        asyncio.run(
            self._execute("DELETE FROM resume WHERE bulk_upload_id IS NOT NULL", "VACUUM ANALYZE")
        )

    @contextlib.contextmanager
    def workers(self, count: int) -> Iterator[None]:
        """`count` worker processes, each registered with the queue before this yields; stopped
        (SIGTERM: a running job finishes) afterwards."""
        last = "SELECT coalesce(max(id), 0) FROM procrastinate_workers"
        before = asyncio.run(self._execute(last))
        processes = []
        try:
            for n in range(count):
                log = self.log_dir / f"worker-{n + 1}.log"
                processes.append(servers.spawn(self.worker_command, self.env, log, self.cwd))
            registered = f"SELECT count(*) FROM procrastinate_workers WHERE id > {before}"  # noqa: S608
            deadline = time.monotonic() + 60
            while asyncio.run(self._execute(registered)) < count:
                if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
                    raise RuntimeError(f"a worker did not start; see {self.log_dir}/worker-*.log")
                time.sleep(0.2)
            yield
        finally:
            for process in processes:
                servers.stop_process(process)

    # -- the scenarios ---------------------------------------------------------------------------

    def process(self, workers: int) -> BulkRun:
        """One upload, processed by the workers running; the tables reset afterwards."""
        self.monitor.start()
        sent = time.monotonic()
        queued = self.upload()
        done = self.wait(queued["id"], lambda u: u["status"] == "done")
        wall = time.monotonic() - sent
        cpu = self.monitor.stop()
        self.reset()
        return BulkRun(
            workers=workers,
            files=done["totalFiles"],
            seconds=(_at(done["finishedAt"]) - _at(queued["uploadedAt"])).total_seconds(),
            wall_seconds=wall,
            succeeded=done["succeeded"],
            failed=done["failed"],
            errors=done["errors"][:5],
            cpu_ms_per_file=1000 * cpu.ours_seconds / done["totalFiles"],
            other_cpu_cores=cpu.other_cores,
        )

    def throughput(self, rounds: int, counts: Sequence[int] = (1, 2)) -> dict[int, list[BulkRun]]:
        """Rounds of one upload per worker count, taken in turns (1 2 1 2 ...)."""
        runs: dict[int, list[BulkRun]] = {n: [] for n in counts}
        for _ in range(rounds):
            for n in counts:
                with self.workers(n):
                    runs[n].append(self.process(n))
        return runs

    def list_latency(
        self, wrk: Wrk, load: Load, request: Request, files_per_s: float | None
    ) -> Latency:
        """Per run: the list with one worker idle, then with it reading uploads queued just
        before (enough of them to outlast wrk at `files_per_s`)."""
        needed = (load.duration + 5) * (files_per_s or 0) / FILES
        result = Latency(uploads_per_run=max(1, math.ceil(needed)))
        with self.workers(1):
            if load.warmup > 0:
                wrk.run(request, load.warmup)
            for _ in range(load.runs):
                result.idle.append(wrk.run(request, load.duration))
                ids = [self.upload()["id"] for _ in range(result.uploads_per_run)]
                self.wait(ids[0], lambda u: u["processed"] > 0)
                result.busy.append(wrk.run(request, load.duration))
                result.overlapped.append(self.get(ids[-1])["status"] != "done")
                for upload_id in ids:
                    self.wait(upload_id, lambda u: u["status"] == "done")
                self.reset()
        return result


def median_files_per_s(runs: Sequence[BulkRun]) -> float | None:
    return round(statistics.median(r.files_per_s for r in runs), 2) if runs else None
