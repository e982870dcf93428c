"""The interactive API docs (Swagger UI) with their assets served by us, never from a CDN.

swagger-ui-py ships Swagger UI's dist folder (`swagger_ui/static`); we serve that folder at
ASSETS_PATH and point Litestar's Swagger page at it, so the docs work with no internet.
Everything under /schema is public: the bearer middleware excludes it.
"""

from __future__ import annotations

import importlib.util
from importlib.metadata import version
from pathlib import Path

from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

# Under OpenAPIConfig(path="/schema"), beside the docs pages.
ASSETS_PATH = "/schema/assets"
_YEAR = 365 * 24 * 60 * 60


def swagger_ui_dist() -> Path:
    """Swagger UI's dist folder in the installed swagger-ui-py (found without importing it)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or spec.origin is None:
        raise RuntimeError("swagger-ui-py is not installed: the API docs have no assets")
    dist = Path(spec.origin).parent / "static"
    if not (dist / "swagger-ui-bundle.js").is_file():
        raise RuntimeError(f"no Swagger UI dist files in {dist}")
    return dist


def docs_assets_router() -> Router:
    """Swagger UI's JS, CSS and icons at ASSETS_PATH: public, outside the schema, cached."""
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[swagger_ui_dist()],
        name="docs-assets",
        include_in_schema=False,
        opt={"exclude_from_auth": True},
        # The page asks for them with the package's version in the query, so an upgrade
        # is never served from a stale cache.
        cache_control=CacheControlHeader(max_age=_YEAR, public=True),
    )


def swagger_plugin() -> SwaggerRenderPlugin:
    """Swagger UI at /schema/swagger (and /schema, as the first plugin), with our own assets."""
    tag = version("swagger-ui-py")

    def asset(name: str) -> str:
        return f"{ASSETS_PATH}/{name}?v={tag}"

    return SwaggerRenderPlugin(
        js_url=asset("swagger-ui-bundle.js"),
        css_url=asset("swagger-ui.css"),
        standalone_preset_js_url=asset("swagger-ui-standalone-preset.js"),
        favicon=f"<link rel='icon' type='image/png' href='{asset('favicon-32x32.png')}'>",
    )
