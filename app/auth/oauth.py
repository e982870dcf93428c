"""Signing in with Google or GitHub: the authorization-code flow with state and PKCE."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
from typing import Any
from urllib.parse import urlencode

import httpx
from litestar.stores.base import Store

from app.auth import service
from app.auth.oauth_providers import OAuthProvider, Profile, ProviderError, fetch_profile
from app.auth.schemas import LoginOut
from app.auth.users import insert_user
from app.settings import Settings
from tables import Account, User

STATE_TTL_SECONDS = 600


def redirect_uri(settings: Settings, provider: OAuthProvider) -> str:
    return f"{settings.public_url.rstrip('/')}/api/v1/auth/oauth/{provider.name}/callback"


async def authorization_url(settings: Settings, provider: OAuthProvider, store: Store) -> str:
    """Remember a fresh state and PKCE verifier, and build the provider's sign-in URL."""
    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    await store.set(
        _state_key(state),
        json.dumps({"provider": provider.name, "verifier": verifier}),
        expires_in=STATE_TTL_SECONDS,
    )
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri(settings, provider),
        "scope": provider.scope,
        "state": state,
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
    }
    return f"{provider.authorize_url}?{urlencode(query)}"


def _state_key(state: str) -> str:
    return "oauth-state:" + hashlib.sha256(state.encode()).hexdigest()


async def _take_state(store: Store, state: str, provider: OAuthProvider) -> str:
    """The PKCE verifier of a state we issued for this provider; each state works once."""
    key = _state_key(state)
    raw = await store.get(key)
    if raw is None:
        raise ProviderError("Unknown or expired sign-in state")
    await store.delete(key)
    saved = json.loads(raw)
    if saved.get("provider") != provider.name:
        raise ProviderError("The sign-in state belongs to another provider")
    return str(saved["verifier"])


async def _exchange_code(
    settings: Settings, provider: OAuthProvider, http: httpx.AsyncClient, code: str, verifier: str
) -> dict[str, Any]:
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


async def complete_sign_in(
    settings: Settings, provider: OAuthProvider, store: Store, code: str, state: str
) -> LoginOut:
    verifier = await _take_state(store, state, provider)
    try:
        async with httpx.AsyncClient(timeout=settings.oauth_timeout) as http:
            tokens = await _exchange_code(settings, provider, http, code, verifier)
            profile = await fetch_profile(provider, http, tokens["access_token"])
    except httpx.HTTPError as exc:
        raise ProviderError("Could not reach the provider", status=502) from exc
    user_id = await _user_for(provider, profile, tokens)
    return await service.start_session(user_id, settings)


def _account_columns(tokens: dict[str, Any]) -> dict[Any, Any]:
    expires_in = tokens.get("expires_in")
    return {
        "access_token": tokens.get("access_token"),
        "refresh_token": tokens.get("refresh_token"),
        "token_type": tokens.get("token_type"),
        "scope": tokens.get("scope"),
        "id_token": tokens.get("id_token"),
        "expires_at": dt.datetime.now(dt.UTC) + dt.timedelta(seconds=int(expires_in))
        if isinstance(expires_in, int)
        else None,
    }


async def _user_for(provider: OAuthProvider, profile: Profile, tokens: dict[str, Any]) -> Any:
    """The returning user, the user with this verified e-mail, or a new user."""
    columns = _account_columns(tokens)
    async with service.transaction():
        account = (
            await Account.select(Account.id, Account.user_id)
            .where(
                (Account.provider == provider.name)
                & (Account.provider_account_id == profile.account_id)
            )
            .first()
        )
        if account is not None:
            await Account.update(columns).where(Account.id == account["id"])
            return account["user_id"]

        user_id = None
        if profile.email and profile.email_verified:
            existing = await User.select(User.id).where(User.email == profile.email).first()
            if existing is not None:
                user_id = existing["id"]
                # The provider vouches for the address, which the user also claimed.
                await User.raw(
                    'UPDATE "user" SET email_verified = COALESCE(email_verified, now()) '
                    "WHERE id = {}",
                    user_id,
                )
        if user_id is None:
            row = await insert_user(
                # An unverified address is not taken on: someone else may own it.
                email=profile.email if profile.email_verified else None,
                password_hash=None,
                name=profile.name,
                role="User",
                verified=profile.email_verified,
            )
            user_id = row["id"]
            if profile.image:
                await User.update({User.image: profile.image}).where(User.id == user_id)
        await Account.insert(
            Account(
                user_id=user_id,
                type="oauth",
                provider=provider.name,
                provider_account_id=profile.account_id,
                **columns,
            )
        )
    return user_id
