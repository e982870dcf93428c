"""Request metrics (METRICS=true): Litestar's PrometheusMiddleware, by route template.

Every routed request is counted and timed, labelled with its method, its status and its route's
template (`/api/v1/resumes/{resume_id}`: one series whatever the id), never the concrete path:
no id, e-mail or query string reaches a label. Paths no route knows (a scanner's 404s) are not
counted, so nobody outside can add series. Not counted either: the scrape itself, and the
Piccolo Admin (a mounted app of its own, without route templates).
"""

from __future__ import annotations

from litestar._asgi.utils import wrap_in_exception_handler
from litestar.enums import ScopeType
from litestar.middleware.base import DefineMiddleware
from litestar.plugins.prometheus import PrometheusConfig, PrometheusMiddleware
from litestar.types import ASGIApp

from app.settings import Settings

# A handler with this in its `opt` is not counted (the scrape).
EXCLUDE_FROM_METRICS = "exclude_from_metrics"


class RouteMetricsMiddleware(PrometheusMiddleware):
    """Litestar's, recording the status of errors raised by the middleware inside it.

    The bearer auth's 401 (or 503) is an exception until Litestar's outermost handler makes it
    a response: past this middleware, which then counted it as a 200 taking no time. Errors are
    turned into their responses right inside it, as Litestar's own session auth middleware does.
    """

    def __init__(self, app: ASGIApp, config: PrometheusConfig) -> None:
        super().__init__(wrap_in_exception_handler(app), config)


def http_metrics() -> PrometheusConfig:
    """Request counts, latency histograms and requests in progress, by route template.

    Litestar creates these metrics once per process, in prometheus_client's default registry
    (beside its process and Python collectors): apps of one process share them, and each server
    process (`serve --workers N`) counts its own requests.
    """
    return PrometheusConfig(
        app_name="talentsync",
        prefix="talentsync",
        group_path=True,
        exclude=["^/admin"],
        exclude_opt_key=EXCLUDE_FROM_METRICS,
        scopes={ScopeType.HTTP},
        middleware_class=RouteMetricsMiddleware,
    )


def metrics_middleware(settings: Settings) -> list[DefineMiddleware]:
    """The request metrics, outermost (so they see the bearer auth's answers); none when off."""
    return [http_metrics().middleware] if settings.metrics else []
