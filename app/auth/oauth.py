"""Signing in with Google or GitHub: the authorization-code flow with state, PKCE and a
nonce that ties the callback to the browser that started it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from typing import Any
from urllib.parse import urlencode

import httpx

from app.auth import service, sessions
from app.auth.oauth_providers import OAuthProvider, Profile, ProviderError, fetch_profile
from app.auth.oauth_state import StateStore
from app.auth.schemas import LoginOut
from app.auth.users import insert_user
from app.settings import Settings
from tables import Account, EmailVerificationToken, PasswordResetToken, User

STATE_TTL_SECONDS = 600


def redirect_uri(settings: Settings, provider: OAuthProvider) -> str:
    return f"{settings.public_url.rstrip('/')}/api/v1/auth/oauth/{provider.name}/callback"


async def start_sign_in(
    settings: Settings, provider: OAuthProvider, store: StateStore
) -> tuple[str, str]:
    """The provider's sign-in URL, and the nonce the browser must bring back to the callback.

    Only a hash of the nonce is kept, and the nonce never travels in a URL: a state seen in a
    log or a Referer is useless without the browser's cookie.
    """
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    saved = {"provider": provider.name, "verifier": verifier, "nonce": _digest(nonce)}
    await store.put(_state_key(state), json.dumps(saved), STATE_TTL_SECONDS)
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri(settings, provider),
        "scope": provider.scope,
        "state": state,
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
    }
    return f"{provider.authorize_url}?{urlencode(query)}", nonce


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _state_key(state: str) -> str:
    return "oauth-state:" + _digest(state)


async def _take_state(
    store: StateStore, state: str, nonce: str | None, provider: OAuthProvider
) -> str:
    """The PKCE verifier of a state we issued to this browser for this provider.

    The state is taken before anything is checked, so each one works once, even after a failure.
    """
    raw = await store.take(_state_key(state))
    if raw is None:
        raise ProviderError("Unknown or expired sign-in state")
    saved = json.loads(raw)
    if nonce is None or not hmac.compare_digest(str(saved.get("nonce", "")), _digest(nonce)):
        raise ProviderError("This sign-in was not started in this browser")
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
    settings: Settings,
    provider: OAuthProvider,
    store: StateStore,
    code: str,
    state: str,
    nonce: str | None,
) -> LoginOut:
    verifier = await _take_state(store, state, nonce, provider)
    try:
        async with httpx.AsyncClient(timeout=settings.oauth_timeout) as http:
            tokens = await _exchange_code(settings, provider, http, code, verifier)
            profile = await fetch_profile(provider, http, tokens["access_token"])
    except httpx.HTTPError as exc:
        raise ProviderError("Could not reach the provider", status=502) from exc
    # The provider's tokens are used for the profile only, then dropped: nothing needs them later.
    scope = tokens.get("scope")
    async with service.transaction():
        user_id = await _user_for(provider, profile, scope if isinstance(scope, str) else None)
        return await service.start_session(user_id, settings)


async def _user_for(provider: OAuthProvider, profile: Profile, scope: str | None) -> Any:
    """The returning user, the owner of the provider-verified e-mail, or a new user."""
    account = (
        await Account.select(Account.id, Account.user_id)
        .where(
            (Account.provider == provider.name)
            & (Account.provider_account_id == profile.account_id)
        )
        .first()
    )
    if account is not None:
        await Account.update({Account.scope: scope}).where(Account.id == account["id"])
        return account["user_id"]

    user_id = None
    if profile.email and profile.email_verified:
        user_id = await _claim_address(profile.email)
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
            scope=scope,
        )
    )
    return user_id


async def _claim_address(email: str) -> Any | None:
    """The user with this address, which the provider proves is the caller's.

    An account whose address was never verified may have been registered by someone else in
    advance, so it is reset first, as a password reset would.
    """
    rows = await User.raw(
        'SELECT id, email_verified FROM "user" WHERE email = {} FOR UPDATE', email
    )
    if not rows:
        return None
    if rows[0]["email_verified"] is None:
        await _reset_unproven(rows[0]["id"])
    return rows[0]["id"]


async def _reset_unproven(user_id: Any) -> None:
    """Whoever registered the address without proving it loses every way in."""
    now = dt.datetime.now(dt.UTC)
    await User.update({User.password_hash: None, User.email_verified: now}).where(
        User.id == user_id
    )
    await sessions.revoke_all(user_id)
    for table in (EmailVerificationToken, PasswordResetToken):
        await table.update({table.used_at: now}).where(
            (table.user_id == user_id) & table.used_at.is_null()
        )
    await Account.delete().where(Account.user_id == user_id)
