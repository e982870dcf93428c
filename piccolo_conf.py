"""Piccolo's configuration: the same database resolution as the app, so the `piccolo` CLI
(migrations, `piccolo user create`) works with zero configuration."""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.postgres import PostgresEngine

from app.db import resolve_database_url
from app.settings import get_settings

DB = PostgresEngine(config={"dsn": resolve_database_url(get_settings())})

APP_REGISTRY = AppRegistry(
    apps=[
        "tables.piccolo_app",
        # Piccolo Admin signs operators in with these two apps' tables.
        "piccolo.apps.user.piccolo_app",
        "piccolo_api.session_auth.piccolo_app",
    ]
)
