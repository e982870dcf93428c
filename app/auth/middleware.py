"""Bearer-token authentication for every handler not marked `exclude_from_auth`."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware._utils import should_bypass_middleware
from litestar.middleware.base import DefineMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from app.auth.schemas import CurrentUser
from app.auth.service import authenticate
from app.settings import Settings

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    def __init__(self, app: ASGIApp, settings: Settings, **kwargs: object) -> None:
        super().__init__(app, **kwargs)  # type: ignore[arg-type]
        self.ttl = settings.session_ttl
        self.max_age = settings.session_max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Litestar's own (the same exclusions), without an ASGIConnection, its parsed headers
        and an AuthenticationResult built for each request: one header is read from the scope."""
        if not should_bypass_middleware(
            exclude_http_methods=self.exclude_http_methods,
            exclude_opt_key=self.exclude_opt_key,
            exclude_path_pattern=self.exclude,
            scope=scope,
            scopes=self.scopes,
        ):
            user = await self._user(scope)
            scope["user"] = user
            scope["auth"] = user.session_id
        await self.app(scope, receive, send)

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        user = await self._user(connection.scope)
        return AuthenticationResult(user=user, auth=user.session_id)

    async def _user(self, scope: Scope) -> CurrentUser:
        header = ""
        for name, value in scope["headers"]:  # the first, as Litestar's Headers.get
            if name.lower() == b"authorization":
                header = value.decode("latin-1")
                break
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > 200:
            raise NotAuthorizedException("Missing or malformed bearer token", headers=_CHALLENGE)
        user = await authenticate(token, self.ttl, self.max_age)
        if user is None:
            raise NotAuthorizedException("Invalid or expired token", headers=_CHALLENGE)
        return user


def bearer_auth(settings: Settings) -> DefineMiddleware:
    # The API docs and the Piccolo Admin (its own sign-in) are outside our tokens.
    return DefineMiddleware(
        BearerAuthMiddleware, settings=settings, exclude=["^/schema", "^/admin"]
    )
