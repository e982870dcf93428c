"""The Litestar application: plugins, middleware, routers and the lifespan of shared clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from redis.asyncio import Redis

from app.admin.controller import AdminController
from app.admin.ui import admin_ui
from app.ai.providers import server_ai_services
from app.ats.controller import AtsEvaluationController
from app.auth.controller import AuthController
from app.auth.mail import Mailer
from app.auth.middleware import bearer_auth
from app.auth.oauth.controller import OAuthController
from app.auth.oauth.providers import configured_providers
from app.auth.oauth.state import MemoryStateStore, RedisStateStore, StateStore
from app.central.controller import CentralController, MatchController
from app.coldmails.controller import ColdMailController
from app.core.allow import AllowHeaders
from app.core.docs import docs_assets_router, swagger_plugin
from app.core.logging import configure_logging, request_id_middleware
from app.core.openapi import BEARER, MAX_JSON_BODY_BYTES, complete_openapi
from app.core.problems import EXCEPTION_HANDLERS, problem_details_plugin
from app.core.ratelimit import RateLimiter
from app.core.secrets import SecretBox, stored_secret_key
from app.core.security import security_middleware
from app.core.strict_requests import strict_request
from app.coverletters.controller import CoverLetterController
from app.db import database_engine, open_pool
from app.exports.controller import ExportController
from app.health.controller import HealthController
from app.interviews.controller import InterviewController
from app.jobs.controller import JobController
from app.jobs.engine import build_engine
from app.llmconfigs.controller import LlmConfigController
from app.llmconfigs.resolution import AIResolver, ai_dependencies
from app.metrics.controller import metrics_handlers
from app.metrics.middleware import metrics_middleware
from app.metrics.service import JobGauges
from app.reanalysis.controller import ReanalysisController
from app.reference.controller import ReferenceController
from app.resumes.controller import ResumeController
from app.resumes.extraction.sandbox import Extractor
from app.settings import Settings, get_settings
from app.skills.controller import SkillController
from app.tailoring.controller import TailorController
from app.users.controller import MeController


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    mailer = Mailer(settings)
    # Users' API keys are sealed under SECRET_KEY; `make run` keeps one in the data folder.
    secret_box = SecretBox(settings.secret_key or stored_secret_key(settings.data_dir))
    # Each request's AI: the caller's active configuration, else the server's (AI_PROVIDER).
    ai = AIResolver(settings, server_ai_services(settings), secret_box)

    @asynccontextmanager
    async def database_pool(_: Litestar) -> AsyncIterator[None]:
        engine = database_engine()
        await open_pool(engine, settings)
        try:
            yield
        finally:
            await engine.close_connection_pool()

    # The API only defers jobs (workers run them): a connection or two is plenty.
    job_engine = build_engine(settings, pool_size=2)

    @asynccontextmanager
    async def job_queue(_: Litestar) -> AsyncIterator[None]:
        async with job_engine.open_async():
            yield

    # Connects lazily, on first use; shared by replicas for rate limits.
    redis = (
        Redis.from_url(settings.redis_url, socket_timeout=1, socket_connect_timeout=1)
        if settings.redis_url
        else None
    )

    oauth_store: StateStore = RedisStateStore(redis) if redis is not None else MemoryStateStore()
    oauth_providers = configured_providers(settings)

    async def close_clients() -> None:
        await ai.close()
        if redis is not None:
            await redis.aclose()

    allow_headers = AllowHeaders()
    app = Litestar(
        route_handlers=[
            HealthController,
            ReferenceController,
            AuthController,
            OAuthController,
            MeController,
            AdminController,
            ResumeController,
            TailorController,
            ExportController,
            CentralController,
            MatchController,
            ColdMailController,
            CoverLetterController,
            AtsEvaluationController,
            InterviewController,
            JobController,
            ReanalysisController,
            SkillController,
            LlmConfigController,
            admin_ui(settings),
            docs_assets_router(),
            *metrics_handlers(settings),
        ],
        dependencies={
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "mailer": Provide(lambda: mailer, use_cache=True, sync_to_thread=False),
            "secret_box": Provide(lambda: secret_box, use_cache=True, sync_to_thread=False),
            # `ai` (per request) and one dependency per AI role taken from it.
            **ai_dependencies(ai),
            "oauth_store": Provide(lambda: oauth_store, use_cache=True, sync_to_thread=False),
            "oauth_providers": Provide(
                lambda: oauth_providers, use_cache=True, sync_to_thread=False
            ),
        },
        state=State({"rate_limiter": RateLimiter(settings, redis)}),
        lifespan=[database_pool, job_queue],
        before_request=strict_request,
        before_send=[allow_headers.before_send],
        on_shutdown=[close_clients],
        plugins=[problem_details_plugin()],
        request_max_body_size=MAX_JSON_BODY_BYTES,
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        middleware=[*metrics_middleware(settings), bearer_auth(settings)],
        logging_config=None,  # configured above; unexpected errors are logged by our handler
        cors_config=CORSConfig(allow_origins=list(settings.cors_origins))
        if settings.cors_origins
        else None,
        openapi_config=OpenAPIConfig(
            title="TalentSync API",
            version="1.0.0",
            description="TalentSync's data service. See the REST contract in API.md.",
            path="/schema",
            render_plugins=[swagger_plugin()],  # also the page at /schema
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(type="http", scheme="bearer"),
                }
            ),
            security=BEARER,
        ),
    )
    # Uploads are read in sandboxed processes (app/resumes/extraction/sandbox.py); handlers
    # reach the extractor through app.state, and its forkserver starts with the app.
    app.state.extractor = Extractor.from_settings(settings)
    # Handlers defer background jobs through app.state (app/jobs/tasks.py).
    app.state.job_engine = job_engine
    if settings.metrics:
        # /metrics reads the queue and our job rows at each scrape (app/metrics/).
        app.state.job_gauges = JobGauges(task.name for task in job_engine.tasks.values())
    app.on_startup.append(app.state.extractor.start)
    complete_openapi(app)
    allow_headers.learn(app)
    # Outside Litestar's own exception handling, so that these see every final response,
    # 404s of unknown paths and errors raised by middleware included.
    app.asgi_handler = request_id_middleware(access_log=settings.access_log)(
        security_middleware(app.asgi_handler, https=settings.over_https)
    )
    return app
