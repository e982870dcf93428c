"""GET /metrics: off (404) unless METRICS=true; then Prometheus text with requests by route
template, the job queue's depth and jobs by kind and status, without a token or any user data."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from uuid import uuid4

import httpx
import msgspec
import procrastinate
import pytest
from litestar import Litestar
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from app.db import database_engine, open_pool
from app.jobs import service as jobs
from app.jobs.tasks import BULK_UPLOAD_CHUNK
from app.settings import Settings, get_settings
from tests.conftest import make_client
from tests.helpers import signed_in

RESUME_TEMPLATE = "/api/v1/resumes/{resume_id}"
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


@pytest.fixture(scope="module")
def metrics_app(database: str, settings: Settings) -> Litestar:
    from app.main import create_app

    return create_app(msgspec.structs.replace(settings, metrics=True))


@pytest.fixture
async def metrics_client(metrics_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(metrics_app) as c:
        yield c


def _samples(text: str) -> list[Sample]:
    return [sample for family in text_string_to_metric_families(text) for sample in family.samples]


def _value(samples: list[Sample], name: str, **labels: str) -> float | None:
    for sample in samples:
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
            return sample.value
    return None


async def _scrape(client: httpx.AsyncClient) -> tuple[str, list[Sample]]:
    response = await client.get("/metrics")  # no token
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    return response.text, _samples(response.text)


def test_metrics_are_off_by_default() -> None:
    assert Settings.from_env({}).metrics is False
    assert Settings.from_env({"METRICS": "true"}).metrics is True


async def test_no_metrics_route_unless_enabled(client: httpx.AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 404
    assert "/metrics" not in (await client.get("/schema/openapi.json")).json()["paths"]


async def test_requests_by_route_template_and_jobs_without_user_data(
    metrics_client: httpx.AsyncClient, job_engine: procrastinate.App
) -> None:
    email = "metrics-owner@example.com"
    user_id, headers = await signed_in(metrics_client, email)
    created = await metrics_client.post(
        "/api/v1/resumes",
        json={"customName": "cv", "rawText": "Python developer with PostgreSQL"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    resume_id = created.json()["id"]
    unknown_id = str(uuid4())
    assert (await metrics_client.get(f"/api/v1/resumes/{resume_id}", headers=headers)).is_success
    missing = await metrics_client.get(f"/api/v1/resumes/{unknown_id}", headers=headers)
    assert missing.status_code == 404
    assert (await metrics_client.get("/api/v1/me")).status_code == 401  # no token
    # Jobs: one queued with work to do, one done at once; one chunk waiting in the queue.
    await jobs.create("reanalysis", 3, user_id)
    await jobs.create("reanalysis", 0, user_id)
    await job_engine.tasks[BULK_UPLOAD_CHUNK].defer_async(
        upload_id=str(uuid4()), job_id=str(uuid4()), start=0, stop=1, show_in_central=False
    )

    text, samples = await _scrape(metrics_client)

    # One series per route template, whatever the id; by method and status.
    for status in ("200", "404"):
        labels = {"path": RESUME_TEMPLATE, "method": "GET", "status_code": status}
        assert (_value(samples, "talentsync_requests_total", **labels) or 0) >= 1, labels
        count = _value(samples, "talentsync_request_duration_seconds_count", **labels)
        assert (count or 0) >= 1, labels
    buckets = "talentsync_request_duration_seconds_bucket"
    assert (_value(samples, buckets, path=RESUME_TEMPLATE, le="+Inf") or 0) >= 1
    labels = {"path": "/api/v1/me", "status_code": "401"}
    assert (_value(samples, "talentsync_requests_total", **labels) or 0) >= 1
    # The scrape does not count itself.
    assert not [s for s in samples if s.labels.get("path") == "/metrics"]

    # Read from the database at the scrape: the queue, and our jobs by kind and status.
    assert _value(samples, "talentsync_job_metrics_up") == 1
    depth = "talentsync_job_queue_depth"
    assert _value(samples, depth, task=BULK_UPLOAD_CHUNK, status="todo") == 1
    assert _value(samples, depth, task=BULK_UPLOAD_CHUNK, status="doing") == 0
    assert _value(samples, "talentsync_jobs", kind="reanalysis", status="queued") == 1
    assert _value(samples, "talentsync_jobs", kind="reanalysis", status="done") == 1
    assert _value(samples, "talentsync_jobs", kind="bulk_upload", status="failed") == 0

    # No user data: no e-mail, no id of anything (the resume's, the user's, the unknown one).
    assert email not in text
    assert "@" not in text
    assert not UUID_TEXT.search(text), UUID_TEXT.search(text)
    for value in (resume_id, unknown_id, str(user_id)):
        assert value not in text


async def test_several_apps_with_metrics_in_one_process(
    metrics_client: httpx.AsyncClient, database: str, settings: Settings
) -> None:
    """No "Duplicated timeseries": each app has its job gauges, the request metrics are shared."""
    from app.main import create_app

    other = create_app(msgspec.structs.replace(settings, metrics=True))
    async with make_client(other) as other_client:
        assert (await other_client.get("/health")).status_code == 200
        _, theirs = await _scrape(other_client)
    _, ours = await _scrape(metrics_client)
    for samples in (theirs, ours):
        assert _value(samples, "talentsync_job_metrics_up") == 1
        assert _value(samples, "talentsync_requests_total", path="/health", status_code="200")


@pytest.fixture
async def database_unreachable() -> Iterator[None]:
    """Point the engine at a closed port (no pool), then restore it."""
    engine = database_engine()
    saved = dict(engine.config)
    await engine.close_connection_pool()
    engine.config = {"dsn": "postgresql://postgres@127.0.0.1:1/closed"}
    yield
    engine.config = saved
    await open_pool(engine, get_settings())


@pytest.mark.usefixtures("database_unreachable")
async def test_metrics_still_answer_while_the_database_is_down(
    metrics_client: httpx.AsyncClient,
) -> None:
    text, samples = await _scrape(metrics_client)
    assert _value(samples, "talentsync_job_metrics_up") == 0
    # No stale job series stand for current ones; the request series are still there.
    assert not [s for s in samples if s.name in {"talentsync_jobs", "talentsync_job_queue_depth"}]
    assert "talentsync_requests_total" in text
