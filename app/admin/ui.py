"""The operators' Piccolo Admin at /admin/, built once, with every secret column hidden."""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlsplit

from litestar import asgi
from litestar.handlers.asgi_handlers import ASGIRouteHandler
from litestar.response.base import ASGIResponse
from litestar.types import ASGIApp, Receive, Scope, Send
from piccolo_admin.endpoints import TableConfig, create_admin

from app.settings import Settings
from tables import (
    ALL_TABLES,
    Account,
    BulkUpload,
    EmailVerificationToken,
    LlmConfig,
    PasswordResetToken,
    Session,
    User,
)

# Hashes, provider tokens and users' sealed AI keys never reach the operator's screen (nor its
# filters; the sealed key is also a `secret` column, which the Admin's API leaves out); nor do
# the archives waiting for the workers (resumes, up to 50 MiB each).
HIDDEN_COLUMNS: dict[Any, list[Any]] = {
    BulkUpload: [BulkUpload.archive],
    User: [User.password_hash],
    Session: [Session.session_token],
    EmailVerificationToken: [EmailVerificationToken.token],
    PasswordResetToken: [PasswordResetToken.token],
    Account: [Account.access_token, Account.refresh_token, Account.id_token],
    LlmConfig: [LlmConfig.api_key_encrypted],
}


def _table_configs() -> list[TableConfig]:
    configs = []
    for table in ALL_TABLES:
        hidden = HIDDEN_COLUMNS.get(table, [])
        configs.append(
            TableConfig(
                table,
                exclude_visible_columns=hidden or None,
                exclude_visible_filters=hidden or None,
                menu_group=table.__module__.rsplit(".", 1)[-1].title(),
            )
        )
    return configs


def admin_ui(settings: Settings) -> ASGIRouteHandler:
    """The mounted Admin; over HTTPS it runs in production mode for its public host only.

    Behind a proxy, `talentsync serve` gives it the real client address and scheme, taken from
    X-Forwarded-* of TRUSTED_PROXIES only (uvicorn's forwarded-allow-ips).
    """
    public = urlsplit(settings.public_url)
    over_https = public.scheme == "https"
    # Compared with the host name of Origin/Referer, which carries no port.
    admin_app = _admin_app(over_https, public.hostname if over_https else None)

    @asgi("/admin", is_mount=True, copy_scope=True, include_in_schema=False)
    async def admin(scope: Scope, receive: Receive, send: Send) -> None:
        # Its pages use relative asset paths, which only resolve under /admin/.
        if scope.get("raw_path") == b"/admin":
            redirect = ASGIResponse(status_code=308, headers={"location": "/admin/"})
            await redirect(scope, receive, send)
            return
        await admin_app(scope, receive, send)

    return admin


@cache
def _admin_app(production: bool, allowed_host: str | None) -> ASGIApp:
    """One Admin per process and configuration: it is a whole FastAPI app, the better part of
    an app's start-up. A server builds one app; the tests build dozens in one process."""
    admin: ASGIApp = create_admin(
        _table_configs(),
        site_name="TalentSync Admin",
        production=production,
        allowed_hosts=[allowed_host] if allowed_host else [],
    )
    return admin
