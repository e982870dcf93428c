"""The whole OAuth flow against a local provider over real HTTP."""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import msgspec
import pytest
import redis.asyncio as redis
from litestar import Litestar

from app.auth.oauth.controller import NONCE_COOKIE
from app.auth.oauth.state import MemoryStateStore, RedisStateStore
from app.main import create_app
from app.settings import Settings
from tables import Account, EmailVerificationToken, PasswordResetToken, User
from tests.conftest import make_client
from tests.helpers import bearer, create_user, login
from tests.oauth_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider, running_provider

OAUTH = "/api/v1/auth/oauth"
AUTH = "/api/v1/auth"
REDIS_URL = "redis://127.0.0.1:6379/15"
CLEAR_TOKENS_MIGRATION = "tables.piccolo_migrations.tables_2026_11_30t16_44_24_487713"


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeProvider]:
    with running_provider() as running:
        yield running


def with_providers(settings: Settings, provider: FakeProvider, **changes: object) -> Settings:
    base = provider.base_url
    return msgspec.structs.replace(
        settings,
        **{
            "public_url": "http://api.test",
            # Lets a pre-registered, unverified account hold a session, as such deployments do.
            "require_email_verification": False,
            "google_client_id": CLIENT_ID,
            "google_client_secret": CLIENT_SECRET,
            "google_authorize_url": f"{base}/authorize",
            "google_token_url": f"{base}/token",
            "google_userinfo_url": f"{base}/userinfo",
            "github_client_id": CLIENT_ID,
            "github_client_secret": CLIENT_SECRET,
            "github_authorize_url": f"{base}/authorize",
            "github_token_url": f"{base}/token",
            "github_api_url": base,
            **changes,
        },
    )


@pytest.fixture(scope="module")
def oauth_app(settings: Settings, provider: FakeProvider) -> Litestar:
    return create_app(with_providers(settings, provider))


@pytest.fixture
async def api(oauth_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(oauth_app) as c:
        yield c


async def _callback_url(api: httpx.AsyncClient, name: str) -> str:
    """Play the browser up to the way back: our redirect (and cookie) → the provider."""
    start = await api.get(f"{OAUTH}/{name}/authorize")
    assert start.status_code == 302
    assert NONCE_COOKIE in start.headers["set-cookie"]
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [f"http://api.test{OAUTH}/{name}/callback"]
    async with httpx.AsyncClient() as browser:
        at_provider = await browser.get(start.headers["location"])
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["location"])
    return f"{back.path}?{back.query}"


async def _sign_in(api: httpx.AsyncClient, provider: FakeProvider, name: str) -> httpx.Response:
    """Play the browser: our redirect → the provider → back to our callback, cookie and all."""
    return await api.get(await _callback_url(api, name))


@pytest.mark.parametrize("name", ["google", "github"])
async def test_new_user_then_returning_user(
    api: httpx.AsyncClient, provider: FakeProvider, name: str
) -> None:
    provider.next_person = {
        "id": "4242",
        "email": "New@Person.example",
        "verified": True,
        "name": "New Person",
    }
    first = await _sign_in(api, provider, name)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["user"]["email"] == "new@person.example"
    assert body["user"]["emailVerified"] is not None
    assert body["user"]["role"] == "User"
    me = await api.get("/api/v1/me", headers=bearer(body["token"]))
    assert me.status_code == 200

    again = await _sign_in(api, provider, name)
    assert again.status_code == 200
    assert again.json()["user"]["id"] == body["user"]["id"]
    assert await User.count() == 1
    assert await Account.select(Account.provider) == [{"provider": name}]


async def test_provider_tokens_are_not_stored(
    api: httpx.AsyncClient, provider: FakeProvider
) -> None:
    provider.next_person = {"id": "11", "email": "t@x.co", "verified": True}
    for _ in range(2):  # the first sign-in creates the account, the second finds it
        assert (await _sign_in(api, provider, "google")).status_code == 200
    rows = await Account.select(Account.access_token, Account.refresh_token, Account.id_token)
    assert rows == [{"access_token": None, "refresh_token": None, "id_token": None}]


async def test_the_migration_clears_tokens_stored_before(database: str) -> None:
    user_id = await create_user("old@x.co")
    await Account.insert(
        *(
            Account(
                user_id=user_id,
                type="oauth",
                provider=name,
                provider_account_id="1",
                access_token="access",
                refresh_token="refresh",
                id_token="id" if name == "google" else None,
                scope="email",
            )
            for name in ("google", "github")
        )
    )
    manager = await importlib.import_module(CLEAR_TOKENS_MIGRATION).forwards()
    await manager.run()
    rows = await Account.select(
        Account.access_token, Account.refresh_token, Account.id_token, Account.scope
    )
    assert rows == 2 * [
        {"access_token": None, "refresh_token": None, "id_token": None, "scope": "email"}
    ]


async def test_a_verified_account_is_linked_and_keeps_its_password_and_sessions(
    api: httpx.AsyncClient, provider: FakeProvider
) -> None:
    existing = await create_user("linked@x.co", verified=True)
    session = await login(api, "linked@x.co")
    provider.next_person = {"id": "7", "email": "LINKED@x.co", "verified": True, "name": "L"}
    response = await _sign_in(api, provider, "google")
    assert response.status_code == 200
    assert response.json()["user"]["id"] == str(existing)
    assert await User.count() == 1
    assert await Account.count().where(Account.user_id == existing) == 1
    assert (await api.get("/api/v1/me", headers=bearer(session))).status_code == 200
    await login(api, "linked@x.co")


async def test_provider_sign_in_takes_back_an_address_someone_else_registered(
    api: httpx.AsyncClient, provider: FakeProvider
) -> None:
    """Pre-registration takeover: the attacker's password, sessions, links and tokens go."""
    attacker = {"email": "victim@x.co", "password": "attacker's own pass"}
    registered = await api.post(f"{AUTH}/register", json=attacker)
    assert registered.status_code == 201
    victim_id = registered.json()["user"]["id"]
    attacker_session = await login(api, attacker["email"], attacker["password"])
    assert (await api.post(f"{AUTH}/password/forgot", json={"email": "victim@x.co"})).is_success
    await Account.insert(
        Account(user_id=victim_id, type="oauth", provider="github", provider_account_id="666")
    )

    provider.next_person = {"id": "12", "email": "victim@x.co", "verified": True, "name": "V"}
    response = await _sign_in(api, provider, "google")
    assert response.status_code == 200, response.text
    user = response.json()["user"]
    assert user["id"] == victim_id
    assert user["emailVerified"] is not None

    refused = await api.post(f"{AUTH}/login", json=attacker)
    assert refused.status_code == 401
    assert (await api.get("/api/v1/me", headers=bearer(attacker_session))).status_code == 401
    me = await api.get("/api/v1/me", headers=bearer(response.json()["token"]))
    assert me.status_code == 200
    links = await Account.select(Account.provider, Account.provider_account_id)
    assert links == [{"provider": "google", "provider_account_id": "12"}]
    for table in (EmailVerificationToken, PasswordResetToken):
        assert await table.count().where(table.used_at.is_null()) == 0
        assert await table.count() == 1
    row = await User.select(User.password_hash).where(User.id == victim_id).first()
    assert row == {"password_hash": None}


async def test_unverified_email_does_not_link_or_claim_the_address(
    api: httpx.AsyncClient, provider: FakeProvider
) -> None:
    existing = await create_user("victim@x.co")
    provider.next_person = {"id": "8", "email": "victim@x.co", "verified": False, "name": "M"}
    response = await _sign_in(api, provider, "github")
    assert response.status_code == 200
    user = response.json()["user"]
    assert user["id"] != str(existing)
    assert user["email"] is None
    assert await User.count() == 2


async def test_bad_state_or_code_is_400_and_signs_nobody_in(
    api: httpx.AsyncClient, provider: FakeProvider
) -> None:
    provider.next_person = {"id": "9", "email": "s@x.co", "verified": True}
    forged = await api.get(f"{OAUTH}/google/callback", params={"code": "x", "state": "forged"})
    assert forged.status_code == 400
    missing = await api.get(f"{OAUTH}/google/callback")
    assert missing.status_code == 400

    start = await api.get(f"{OAUTH}/google/authorize")
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    bad_code = await api.get(f"{OAUTH}/google/callback", params={"code": "nope", "state": state})
    assert bad_code.status_code == 400
    # A state works once, even after a failure.
    replay = await api.get(f"{OAUTH}/google/callback", params={"code": "nope", "state": state})
    assert replay.status_code == 400
    # A state issued for one provider is refused by the other.
    start = await api.get(f"{OAUTH}/google/authorize")
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    crossed = await api.get(f"{OAUTH}/github/callback", params={"code": "x", "state": state})
    assert crossed.status_code == 400
    assert await User.count() == 0


async def test_authorize_sets_an_httponly_lax_cookie_for_the_oauth_routes_only(
    api: httpx.AsyncClient, settings: Settings, provider: FakeProvider
) -> None:
    start = await api.get(f"{OAUTH}/google/authorize")
    cookie = start.headers["set-cookie"]
    assert cookie.startswith(f"{NONCE_COOKIE}=")
    parts = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert parts == {"httponly", "samesite=lax", "path=/api/v1/auth/oauth", "max-age=600"}
    # The nonce never travels in the URL: only the browser holds it.
    nonce = cookie.split(";")[0].split("=", 1)[1]
    assert nonce not in start.headers["location"]

    https = create_app(with_providers(settings, provider, public_url="https://api.test"))
    async with make_client(https) as client:
        secure = (await client.get(f"{OAUTH}/google/authorize")).headers["set-cookie"]
    assert "secure" in {part.strip().lower() for part in secure.split(";")}


async def test_the_callback_clears_the_cookie(
    api: httpx.AsyncClient, provider: FakeProvider
) -> None:
    provider.next_person = {"id": "13", "email": "k@x.co", "verified": True}
    done = await _sign_in(api, provider, "google")
    assert done.status_code == 200
    assert done.headers["set-cookie"].startswith(f'{NONCE_COOKIE}=""')
    assert "max-age=0" in done.headers["set-cookie"].lower()
    assert NONCE_COOKIE not in api.cookies
    failed = await api.get(await _callback_url(api, "google") + "x")  # a state we never issued
    assert failed.status_code == 400
    assert "max-age=0" in failed.headers["set-cookie"].lower()
    assert NONCE_COOKIE not in api.cookies


async def test_a_callback_without_the_cookie_is_400_and_burns_the_state(
    api: httpx.AsyncClient, oauth_app: Litestar, provider: FakeProvider
) -> None:
    provider.next_person = {"id": "14", "email": "n@x.co", "verified": True}
    back = await _callback_url(api, "github")
    async with make_client(oauth_app) as elsewhere:  # a browser that never started a sign-in
        assert (await elsewhere.get(back)).status_code == 400
    assert (await api.get(back)).status_code == 400
    assert await User.count() == 0


async def test_a_callback_with_another_browsers_cookie_is_400_and_burns_the_state(
    api: httpx.AsyncClient, oauth_app: Litestar, provider: FakeProvider
) -> None:
    provider.next_person = {"id": "15", "email": "o@x.co", "verified": True}
    back = await _callback_url(api, "google")
    async with make_client(oauth_app) as attacker:
        await _callback_url(attacker, "google")  # the attacker's own, valid, cookie
        assert NONCE_COOKIE in attacker.cookies
        assert (await attacker.get(back)).status_code == 400
    assert (await api.get(back)).status_code == 400
    assert await User.count() == 0


async def test_authorize_is_rate_limited_per_client(
    settings: Settings, provider: FakeProvider
) -> None:
    limited = create_app(with_providers(settings, provider, auth_rate_limit=3))
    async with make_client(limited) as client:
        codes = [(await client.get(f"{OAUTH}/google/authorize")).status_code for _ in range(3)]
        assert codes == [302, 302, 302]
        blocked = await client.get(f"{OAUTH}/github/authorize")
        assert blocked.status_code == 429
        assert 1 <= int(blocked.headers["retry-after"]) <= 60


async def test_a_callback_may_reach_another_replica_through_redis(
    settings: Settings, provider: FakeProvider
) -> None:
    shared = with_providers(settings, provider, redis_url=REDIS_URL)
    first, second = create_app(shared), create_app(shared)
    provider.next_person = {"id": "16", "email": "r@x.co", "verified": True}
    async with make_client(first) as one, make_client(second) as two:
        back = await _callback_url(one, "google")
        two.cookies = one.cookies  # the same browser, behind a load balancer
        done = await two.get(back)
        assert done.status_code == 200, done.text
        assert (await one.get(back)).status_code == 400  # taken on the other replica


async def test_the_memory_store_forgets_expired_entries() -> None:
    now = [0.0]
    store = MemoryStateStore(clock=lambda: now[0])
    await store.put("a", "1", ttl=10)
    await store.put("b", "2", ttl=10)
    now[0] = 5.0
    await store.put("c", "3", ttl=10)
    assert len(store) == 3
    now[0] = 11.0
    assert await store.take("a") is None  # expired, though not purged yet
    await store.put("d", "4", ttl=10)  # purges b
    assert len(store) == 2
    assert await store.take("c") == "3"
    assert await store.take("c") is None  # each entry is taken once
    now[0] = 100.0
    await store.put("e", "5", ttl=10)
    assert len(store) == 1


async def test_the_redis_store_takes_each_entry_once_atomically() -> None:
    client = redis.Redis.from_url(REDIS_URL)
    prefix = f"test-oauth-state-{uuid.uuid4().hex}:"
    store = RedisStateStore(client, prefix=prefix)
    try:
        await store.put("k", "value", ttl=60)
        assert 0 < await client.ttl(prefix + "k") <= 60
        takes = await asyncio.gather(*(store.take("k") for _ in range(20)))
        assert takes.count("value") == 1
        assert takes.count(None) == 19
        assert await client.exists(prefix + "k") == 0
    finally:
        await client.delete(prefix + "k")
        await client.aclose()


async def test_unknown_or_unconfigured_provider_is_404(
    api: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    assert (await api.get(f"{OAUTH}/facebook/authorize")).status_code == 404
    # The default test app configures no provider at all.
    assert (await client.get(f"{OAUTH}/google/authorize")).status_code == 404
    assert (await client.get(f"{OAUTH}/github/callback?code=a&state=b")).status_code == 404


async def test_the_client_secret_goes_to_the_provider_only_in_the_token_request(
    api: httpx.AsyncClient, provider: FakeProvider
) -> None:
    provider.next_person = {"id": "10", "email": "c@x.co", "verified": True}
    start = await api.get(f"{OAUTH}/github/authorize")
    assert CLIENT_SECRET not in start.headers["location"]
    provider.token_requests.clear()
    assert (await _sign_in(api, provider, "github")).status_code == 200
    assert provider.token_requests[-1]["client_secret"] == CLIENT_SECRET
