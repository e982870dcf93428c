"""The whole OAuth flow against a local provider over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import msgspec
import pytest
from litestar import Litestar

from app.main import create_app
from app.settings import Settings
from tables import Account, User
from tests.conftest import make_client
from tests.helpers import bearer, create_user
from tests.oauth_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider, running_provider

OAUTH = "/api/v1/auth/oauth"


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeProvider]:
    with running_provider() as running:
        yield running


@pytest.fixture(scope="module")
def oauth_app(settings: Settings, provider: FakeProvider) -> Litestar:
    base = provider.base_url
    return create_app(
        msgspec.structs.replace(
            settings,
            public_url="http://api.test",
            google_client_id=CLIENT_ID,
            google_client_secret=CLIENT_SECRET,
            google_authorize_url=f"{base}/authorize",
            google_token_url=f"{base}/token",
            google_userinfo_url=f"{base}/userinfo",
            github_client_id=CLIENT_ID,
            github_client_secret=CLIENT_SECRET,
            github_authorize_url=f"{base}/authorize",
            github_token_url=f"{base}/token",
            github_api_url=base,
        )
    )


@pytest.fixture
async def api(oauth_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(oauth_app) as c:
        yield c


async def _sign_in(api: httpx.AsyncClient, provider: FakeProvider, name: str) -> httpx.Response:
    """Play the browser: our redirect → the provider → back to our callback."""
    start = await api.get(f"{OAUTH}/{name}/authorize")
    assert start.status_code == 302
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [f"http://api.test{OAUTH}/{name}/callback"]
    async with httpx.AsyncClient() as browser:
        at_provider = await browser.get(start.headers["location"])
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["location"])
    return await api.get(f"{back.path}?{back.query}")


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
    accounts = await Account.select(Account.provider, Account.access_token, Account.refresh_token)
    assert len(accounts) == 1
    assert accounts[0]["provider"] == name
    assert accounts[0]["access_token"]
    assert accounts[0]["refresh_token"]


async def test_verified_email_links_to_the_existing_user(
    api: httpx.AsyncClient, provider: FakeProvider
) -> None:
    existing = await create_user("linked@x.co", verified=False)
    provider.next_person = {"id": "7", "email": "LINKED@x.co", "verified": True, "name": "L"}
    response = await _sign_in(api, provider, "google")
    assert response.status_code == 200
    assert response.json()["user"]["id"] == str(existing)
    assert response.json()["user"]["emailVerified"] is not None
    assert await User.count() == 1


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
