"""A small OAuth provider speaking Google's and GitHub's dialects, served over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from litestar import Litestar, Request, get, post
from litestar.exceptions import NotAuthorizedException
from litestar.response import Redirect

from tests.server import serving_in_thread

CLIENT_ID, CLIENT_SECRET = "client-id", "client-secret"


class FakeProvider:
    def __init__(self) -> None:
        self.base_url = ""
        # What the next sign-in returns: {"id", "email", "verified", "name"}.
        self.next_person: dict[str, Any] = {}
        self.codes: dict[str, tuple[dict[str, Any], str, str]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.token_requests: list[dict[str, str]] = []

    def app(self) -> Litestar:
        @get("/authorize", sync_to_thread=False)
        def authorize(request: Request) -> Redirect:
            query = request.query_params
            assert query["client_id"] == CLIENT_ID
            code = secrets.token_urlsafe(16)
            self.codes[code] = (
                dict(self.next_person),
                query["code_challenge"],
                query["redirect_uri"],
            )
            target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
            return Redirect(target, status_code=302)

        @post("/token", status_code=200)
        async def token(request: Request) -> dict[str, Any]:
            form = dict(await request.form())
            self.token_requests.append(form)
            entry = self.codes.pop(form.get("code", ""), None)
            if entry is None or form.get("client_secret") != CLIENT_SECRET:
                return {"error": "bad_verification_code"}
            person, challenge, redirect = entry
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).decode().rstrip("=") != challenge:
                return {"error": "invalid_grant"}
            if form.get("redirect_uri") != redirect:
                return {"error": "redirect_uri_mismatch"}
            access = secrets.token_urlsafe(16)
            self.tokens[access] = person
            return {
                "access_token": access,
                "token_type": "bearer",
                "expires_in": 3600,
                "scope": "email",
                "refresh_token": "refresh-" + access,
                "id_token": "id-" + access,  # Google's; must not be stored either
            }

        def person(request: Request) -> dict[str, Any]:
            auth = request.headers.get("authorization", "")
            found = self.tokens.get(auth.removeprefix("Bearer "))
            if found is None:
                raise NotAuthorizedException()
            return found

        @get("/userinfo", sync_to_thread=False)  # Google
        def userinfo(request: Request) -> dict[str, Any]:
            p = person(request)
            return {
                "sub": p["id"],
                "email": p.get("email"),
                "email_verified": p.get("verified"),
                "name": p.get("name"),
                "picture": "https://img.example/p.png",
            }

        @get("/user", sync_to_thread=False)  # GitHub
        def user(request: Request) -> dict[str, Any]:
            p = person(request)
            return {
                "id": int(p["id"]),
                "login": "octo",
                "name": p.get("name"),
                "avatar_url": "https://img.example/o.png",
                "email": None,
            }

        @get("/user/emails", sync_to_thread=False)  # GitHub
        def emails(request: Request) -> list[dict[str, Any]]:
            p = person(request)
            return [
                {"email": "other@elsewhere.example", "primary": False, "verified": True},
                {"email": p.get("email"), "primary": True, "verified": p.get("verified")},
            ]

        return Litestar([authorize, token, userinfo, user, emails])


@contextmanager
def running_provider() -> Iterator[FakeProvider]:
    provider = FakeProvider()
    with serving_in_thread(provider.app()) as base_url:
        provider.base_url = base_url
        yield provider
