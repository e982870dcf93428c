"""Bearer-token authentication for every handler not marked `exclude_from_auth`."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.base import DefineMiddleware
from litestar.types import ASGIApp

from app.auth.service import authenticate
from app.settings import Settings

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    def __init__(self, app: ASGIApp, settings: Settings, **kwargs: object) -> None:
        super().__init__(app, **kwargs)  # type: ignore[arg-type]
        self.ttl = settings.session_ttl
        self.max_age = settings.session_max_age

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > 200:
            raise NotAuthorizedException("Missing or malformed bearer token", headers=_CHALLENGE)
        user = await authenticate(token, self.ttl, self.max_age)
        if user is None:
            raise NotAuthorizedException("Invalid or expired token", headers=_CHALLENGE)
        return AuthenticationResult(user=user, auth=user.session_id)


def bearer_auth(settings: Settings) -> DefineMiddleware:
    # The API docs and the Piccolo Admin (its own sign-in) are outside our tokens.
    return DefineMiddleware(
        BearerAuthMiddleware, settings=settings, exclude=["^/schema", "^/admin"]
    )
