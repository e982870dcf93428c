"""HTTP for /api/v1/auth/oauth: redirect to the provider, then sign in on its callback."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.datastructures import CacheControlHeader
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect
from litestar.stores.base import Store

from app.auth import oauth
from app.auth.oauth_providers import OAuthProvider, ProviderError
from app.auth.schemas import LoginOut
from app.core.ratelimit import rate_limit
from app.settings import Settings

Providers = dict[str, OAuthProvider]


def _provider(providers: Providers, name: str) -> OAuthProvider:
    provider = providers.get(name)
    if provider is None:
        raise NotFoundException("Unknown or unconfigured sign-in provider")
    return provider


class OAuthController(Controller):
    path = "/api/v1/auth/oauth/{provider:str}"
    tags = ["auth"]
    cache_control = CacheControlHeader(no_store=True)

    @get("/authorize", exclude_from_auth=True, status_code=302)
    async def authorize(
        self,
        provider: FromPath[str],
        settings: NamedDependency[Settings],
        oauth_providers: NamedDependency[Providers],
        oauth_store: NamedDependency[Store],
    ) -> Response[None]:
        """Redirect to Google or GitHub to sign in."""
        url = await oauth.authorization_url(
            settings, _provider(oauth_providers, provider), oauth_store
        )
        return Redirect(url, status_code=302)

    @get(
        "/callback",
        exclude_from_auth=True,
        guards=[rate_limit("oauth")],
        opt={"problems": (429, 502)},
    )
    async def callback(
        self,
        provider: FromPath[str],
        settings: NamedDependency[Settings],
        oauth_providers: NamedDependency[Providers],
        oauth_store: NamedDependency[Store],
        code: FromQuery[str | None] = None,
        # `state` is a reserved parameter name in Litestar, hence the alias.
        oauth_state: Annotated[str | None, QueryParameter(name="state")] = None,
    ) -> LoginOut:
        """Finish signing in: the account is found, linked by verified e-mail, or created."""
        chosen = _provider(oauth_providers, provider)
        state = oauth_state
        if not code or not state or len(code) > 2048 or len(state) > 200:
            raise ClientException("Missing or malformed code or state")
        try:
            return await oauth.complete_sign_in(settings, chosen, oauth_store, code, state)
        except ProviderError as exc:
            raise HTTPException(status_code=exc.status, detail=str(exc)) from exc
