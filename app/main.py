"""The Litestar application: plugins, middleware, routers and the database pool's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

from app.core.errors import EXCEPTION_HANDLERS, problem_details_plugin
from app.core.logging import logging_config, request_id_middleware
from app.health.controller import HealthController
from app.reference.controller import ReferenceController
from app.settings import Settings, get_settings


def database_engine() -> PostgresEngine:
    engine = engine_finder()
    if not isinstance(engine, PostgresEngine):
        raise RuntimeError("piccolo_conf.DB must be a PostgresEngine")
    return engine


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()

    @asynccontextmanager
    async def database_pool(_: Litestar) -> AsyncIterator[None]:
        engine = database_engine()
        await engine.start_connection_pool(
            min_size=settings.db_pool_min, max_size=settings.db_pool_max
        )
        try:
            yield
        finally:
            await engine.close_connection_pool()

    return Litestar(
        route_handlers=[HealthController, ReferenceController],
        lifespan=[database_pool],
        plugins=[problem_details_plugin()],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        middleware=[request_id_middleware],
        logging_config=logging_config(settings.log_level),
        cors_config=CORSConfig(allow_origins=list(settings.cors_origins))
        if settings.cors_origins
        else None,
        openapi_config=OpenAPIConfig(
            title="TalentSync API",
            version="1.0.0",
            description="TalentSync's data service. See the REST contract in API.md.",
            path="/schema",
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin()],
        ),
    )
