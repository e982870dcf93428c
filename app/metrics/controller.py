"""HTTP for /metrics, which exists only with METRICS=true (else 404): Prometheus text format.

Litestar's PrometheusController, its handler made public (a scraper has no token) and taught
our job series: the request metrics (app/metrics/middleware.py) are in prometheus_client's
default registry, the job gauges in a registry of this app's own, refreshed from the database
at each scrape. No user data in either. Expose the route only where the scraper, not the
public, reaches it.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.plugins.prometheus import PrometheusController
from litestar.response import Response
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, REGISTRY, generate_latest

from app.metrics.middleware import EXCLUDE_FROM_METRICS
from app.metrics.service import JobGauges
from app.settings import Settings

# Prometheus' classic text format, which every scraper reads (our names need no escaping);
# prometheus_client answers it too unless a scraper asks for another. Litestar adds the charset.
TEXT_FORMAT = CONTENT_TYPE_PLAIN_0_0_4.removesuffix("; charset=utf-8")


class MetricsController(PrometheusController):
    path = "/metrics"
    tags = ["health"]

    @get(
        "/",
        exclude_from_auth=True,
        summary="Prometheus metrics (METRICS=true)",
        description=(
            "Prometheus text format: requests by route template, method and status (counts, "
            "latency histograms), the job queue's depth by task, and jobs by kind and status. "
            "No user data. The route exists only when the operator sets METRICS=true."
        ),
        media_type=TEXT_FORMAT,
        opt={"database": False, EXCLUDE_FROM_METRICS: True},
    )
    async def get(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        gauges: JobGauges = request.app.state.job_gauges
        await gauges.refresh()  # the workers are other processes: read what they did now
        body = generate_latest(REGISTRY) + generate_latest(gauges.registry)
        return Response(body, media_type=TEXT_FORMAT)


def metrics_handlers(settings: Settings) -> list[type[MetricsController]]:
    """The /metrics route when METRICS=true; without it, /metrics is 404."""
    return [MetricsController] if settings.metrics else []
