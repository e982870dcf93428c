"""Signing in with Google or GitHub: the authorization-code flow with state, PKCE and a
nonce that ties the callback to the browser that started it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from urllib.parse import urlencode
from uuid import UUID

import httpx

from app.auth import repository as auth_repository
from app.auth import service as auth_service
from app.auth.oauth import repository
from app.auth.oauth.providers import (
    OAuthProvider,
    Profile,
    ProviderError,
    exchange_code,
    fetch_profile,
    redirect_uri,
)
from app.auth.oauth.state import StateStore
from app.auth.schemas import LoginOut
from app.core.errors import BadRequest
from app.db import transaction
from app.settings import Settings
from tables import EmailVerificationToken, PasswordResetToken

STATE_TTL_SECONDS = 600


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


async def complete_sign_in(
    settings: Settings,
    provider: OAuthProvider,
    store: StateStore,
    code: str | None,
    state: str | None,
    nonce: str | None,
) -> LoginOut:
    if not code or not state or len(code) > 2048 or len(state) > 200:
        raise BadRequest("Missing or malformed code or state")
    verifier = await _take_state(store, state, nonce, provider)
    try:
        async with httpx.AsyncClient(timeout=settings.oauth_timeout) as http:
            tokens = await exchange_code(settings, provider, http, code, verifier)
            profile = await fetch_profile(provider, http, tokens["access_token"])
    except httpx.HTTPError as exc:
        raise ProviderError("Could not reach the provider", status=502) from exc
    # The provider's tokens are used for the profile only, then dropped: nothing needs them later.
    scope = tokens.get("scope")
    async with transaction():
        user_id = await _user_for(provider, profile, scope if isinstance(scope, str) else None)
        return await auth_service.start_session(user_id, settings)


async def _user_for(provider: OAuthProvider, profile: Profile, scope: str | None) -> UUID:
    """The returning user, the owner of the provider-verified e-mail, or a new user."""
    account = await repository.linked_account(provider.name, profile.account_id)
    if account is not None:
        await repository.set_scope(account["id"], scope)
        user_id: UUID = account["user_id"]
        return user_id

    claimed = None
    if profile.email and profile.email_verified:
        claimed = await _claim_address(profile.email)
    user_id = claimed or await auth_service.add_user(
        # An unverified address is not taken on: someone else may own it.
        email=profile.email if profile.email_verified else None,
        password_hash=None,
        name=profile.name,
        image=profile.image,
        role="User",
        verified=profile.email_verified,
    )
    await repository.link_account(user_id, provider.name, profile.account_id, scope)
    return user_id


async def _claim_address(email: str) -> UUID | None:
    """The user with this address, which the provider proves is the caller's.

    An account whose address was never verified may have been registered by someone else in
    advance, so it is reset first, as a password reset would.
    """
    row = await auth_repository.lock_user_by_email(email)
    if row is None:
        return None
    if row["email_verified"] is None:
        await _reset_unproven(row["id"])
    user_id: UUID = row["id"]
    return user_id


async def _reset_unproven(user_id: UUID) -> None:
    """Whoever registered the address without proving it loses every way in."""
    await auth_repository.set_password(user_id, None, proves_email=True)
    await auth_repository.delete_sessions(user_id)
    now = dt.datetime.now(dt.UTC)
    for table in (EmailVerificationToken, PasswordResetToken):
        await auth_repository.expire_tokens(table, user_id, now)
    await repository.unlink_accounts(user_id)
