"""Google and GitHub: their endpoints, the code-for-tokens trade, how each describes a person."""

from __future__ import annotations

from typing import Any

import httpx
import msgspec

from app.core.errors import AppError
from app.settings import Settings


class OAuthProvider(msgspec.Struct, frozen=True):
    name: str
    client_id: str
    client_secret: str
    authorize_url: str
    token_url: str
    profile_url: str
    scope: str
    emails_url: str | None = None  # GitHub lists addresses (and whether verified) separately


class Profile(msgspec.Struct, frozen=True):
    """The person as the provider vouches for them."""

    account_id: str
    email: str | None
    email_verified: bool
    name: str | None
    image: str | None


class ProviderError(AppError):
    """The provider refused the sign-in (400) or answered nonsense (502)."""


def redirect_uri(settings: Settings, provider: OAuthProvider) -> str:
    return f"{settings.public_url.rstrip('/')}/api/v1/auth/oauth/{provider.name}/callback"


def configured_providers(settings: Settings) -> dict[str, OAuthProvider]:
    providers: dict[str, OAuthProvider] = {}
    if settings.google_client_id and settings.google_client_secret:
        providers["google"] = OAuthProvider(
            name="google",
            client_id=settings.google_client_id,
            client_secret=settings.google_client_secret,
            authorize_url=settings.google_authorize_url,
            token_url=settings.google_token_url,
            profile_url=settings.google_userinfo_url,
            scope="openid email profile",
        )
    if settings.github_client_id and settings.github_client_secret:
        api = settings.github_api_url.rstrip("/")
        providers["github"] = OAuthProvider(
            name="github",
            client_id=settings.github_client_id,
            client_secret=settings.github_client_secret,
            authorize_url=settings.github_authorize_url,
            token_url=settings.github_token_url,
            profile_url=f"{api}/user",
            emails_url=f"{api}/user/emails",
            scope="read:user user:email",
        )
    return providers


async def exchange_code(
    settings: Settings, provider: OAuthProvider, http: httpx.AsyncClient, code: str, verifier: str
) -> dict[str, Any]:
    """The provider's tokens for an authorization code and its PKCE verifier."""
    response = await http.post(
        provider.token_url,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri(settings, provider),
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "code_verifier": verifier,
        },
        headers={"Accept": "application/json"},
    )
    if response.status_code >= 500:
        raise ProviderError("The provider is unavailable", status=502)
    try:
        tokens = response.json()
    except ValueError as exc:
        raise ProviderError("The provider's answer was not JSON", status=502) from exc
    if response.status_code != 200 or not isinstance(tokens, dict) or "error" in tokens:
        raise ProviderError("The provider refused the code")
    if not isinstance(tokens.get("access_token"), str):
        raise ProviderError("The provider returned no access token", status=502)
    return tokens


async def _get_json(http: httpx.AsyncClient, url: str, access_token: str) -> Any:
    response = await http.get(
        url, headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
    )
    if response.status_code != 200:
        raise ProviderError("The provider did not return the profile", status=502)
    try:
        return response.json()
    except ValueError as exc:
        raise ProviderError("The provider's profile was not JSON", status=502) from exc


def _text(value: Any) -> str | None:
    return str(value)[:2048] if isinstance(value, str | int) and value != "" else None


async def fetch_profile(
    provider: OAuthProvider, http: httpx.AsyncClient, access_token: str
) -> Profile:
    data = await _get_json(http, provider.profile_url, access_token)
    if not isinstance(data, dict):
        raise ProviderError("Unexpected profile from the provider", status=502)
    if provider.name == "google":
        account_id = _text(data.get("sub"))
        email = _text(data.get("email"))
        verified = data.get("email_verified") is True
        name, image = _text(data.get("name")), _text(data.get("picture"))
    else:
        account_id = _text(data.get("id"))
        name = _text(data.get("name")) or _text(data.get("login"))
        image = _text(data.get("avatar_url"))
        email, verified = await _github_primary_email(provider, http, access_token)
    if account_id is None:
        raise ProviderError("The provider's profile has no account id", status=502)
    return Profile(
        account_id=account_id,
        email=email.lower() if email else None,
        email_verified=verified and email is not None,
        name=name,
        image=image,
    )


async def _github_primary_email(
    provider: OAuthProvider, http: httpx.AsyncClient, access_token: str
) -> tuple[str | None, bool]:
    assert provider.emails_url is not None
    emails = await _get_json(http, provider.emails_url, access_token)
    if not isinstance(emails, list):
        return None, False
    for entry in emails:
        if isinstance(entry, dict) and entry.get("primary") is True:
            return _text(entry.get("email")), entry.get("verified") is True
    return None, False
