"""HTTP for /api/v1/auth/oauth: redirect to the provider, then sign in on its callback.

/authorize gives the browser a nonce in an HttpOnly cookie; the callback takes the state and
requires that cookie, so a callback URL replayed in another browser signs nobody in.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.datastructures import CacheControlHeader, Cookie
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import CookieParameter, FromPath, FromQuery, QueryParameter
from litestar.response import Redirect

from app.auth.oauth import service
from app.auth.oauth.providers import OAuthProvider
from app.auth.oauth.state import StateStore
from app.auth.schemas import LoginOut
from app.core.errors import AppError
from app.core.ratelimit import rate_limit
from app.settings import Settings

Providers = dict[str, OAuthProvider]

OAUTH_PATH = "/api/v1/auth/oauth"
NONCE_COOKIE = "talentsync_oauth"


def _provider(providers: Providers, name: str) -> OAuthProvider:
    provider = providers.get(name)
    if provider is None:
        raise NotFoundException("Unknown or unconfigured sign-in provider")
    return provider


def _nonce_cookie(settings: Settings, nonce: str | None) -> Cookie:
    """Sent only to the OAuth routes, over https when we serve https; no nonce clears it."""
    return Cookie(
        key=NONCE_COOKIE,
        value=nonce or "",
        max_age=service.STATE_TTL_SECONDS if nonce else 0,
        path=OAUTH_PATH,
        httponly=True,
        samesite="lax",
        secure=settings.over_https,
    )


class OAuthController(Controller):
    path = OAUTH_PATH + "/{provider:str}"
    tags = ["auth"]
    cache_control = CacheControlHeader(no_store=True)

    @get(
        "/authorize",
        exclude_from_auth=True,
        status_code=302,
        guards=[rate_limit("oauth-authorize")],
        opt={"database": False},
        response_cookies=[
            Cookie(
                key=NONCE_COOKIE,
                path=OAUTH_PATH,
                httponly=True,
                documentation_only=True,
                description="The browser's nonce, which the callback requires",
            )
        ],
    )
    async def authorize(
        self,
        provider: FromPath[str],
        settings: NamedDependency[Settings],
        oauth_providers: NamedDependency[Providers],
        oauth_store: NamedDependency[StateStore],
    ) -> Response[None]:
        """Redirect to Google or GitHub to sign in."""
        url, nonce = await service.start_sign_in(
            settings, _provider(oauth_providers, provider), oauth_store
        )
        return Redirect(url, status_code=302, cookies=[_nonce_cookie(settings, nonce)])

    @get(
        "/callback",
        exclude_from_auth=True,
        guards=[rate_limit("oauth")],
        opt={"problems": (502,)},
    )
    async def callback(
        self,
        provider: FromPath[str],
        settings: NamedDependency[Settings],
        oauth_providers: NamedDependency[Providers],
        oauth_store: NamedDependency[StateStore],
        code: FromQuery[str | None] = None,
        # `state` is a reserved parameter name in Litestar, hence the alias.
        oauth_state: Annotated[str | None, QueryParameter(name="state")] = None,
        nonce: Annotated[str | None, CookieParameter(name=NONCE_COOKIE)] = None,
    ) -> Response[LoginOut]:
        """Finish signing in: the account is found, linked by verified e-mail, or created."""
        chosen = _provider(oauth_providers, provider)
        # The nonce is single-use like its state: every answer here clears the cookie.
        forget = _nonce_cookie(settings, None)
        try:
            signed_in = await service.complete_sign_in(
                settings, chosen, oauth_store, code, oauth_state, nonce
            )
        except AppError as exc:
            # Error answers are built without the handler's cookies: the header goes along.
            exc.headers["Set-Cookie"] = forget.to_header(header="")
            raise
        return Response(signed_in, cookies=[forget])
