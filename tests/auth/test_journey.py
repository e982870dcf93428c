"""The whole sign-in story through HTTP, with mail arriving over SMTP."""

import httpx
import pytest

from tests.helpers import bearer
from tests.mailbox import Mailbox, text_of, token_from

pytestmark = pytest.mark.embedded_smoke

AUTH = "/api/v1/auth"


async def test_register_verify_login_me_logout_then_reset(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    email, password = "Ada@Example.com", "first password 1"
    registered = await client.post(
        f"{AUTH}/register", json={"email": email, "password": password, "name": " Ada "}
    )
    assert registered.status_code == 201, registered.text
    user = registered.json()["user"]
    assert user["email"] == "ada@example.com"
    assert user["name"] == "Ada"
    assert user["role"] == "User"
    assert user["emailVerified"] is None
    assert set(user) == {"id", "email", "name", "image", "emailVerified", "role", "createdAt"}

    # Not verified yet: the right password is still refused, with 403.
    early = await client.post(f"{AUTH}/login", json={"email": email, "password": password})
    assert early.status_code == 403

    mail = await mailbox.wait_for("ada@example.com")
    assert mail.get_body(preferencelist=("html",)) is not None
    verified = await client.post(
        f"{AUTH}/verify-email", json={"token": token_from(mail, "verify-email")}
    )
    assert verified.status_code == 200
    assert verified.json()["user"]["emailVerified"] is not None

    signed_in = await client.post(f"{AUTH}/login", json={"email": email, "password": password})
    assert signed_in.status_code == 200
    body = signed_in.json()
    assert body["user"]["id"] == user["id"]
    assert body["expiresAt"]
    token = body["token"]
    assert len(token) >= 43  # 256 bits, URL-safe base64

    me = await client.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["counts"] == {"resumes": 0, "coldMailRequests": 0, "interviewRequests": 0}

    assert (await client.post(f"{AUTH}/logout", headers=bearer(token))).status_code == 204
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 401

    # Forgot → mail → reset: every old session dies, the new password works.
    other_session = await client.post(f"{AUTH}/login", json={"email": email, "password": password})
    old_token = other_session.json()["token"]
    forgot = await client.post(f"{AUTH}/password/forgot", json={"email": "ADA@example.com"})
    assert forgot.status_code == 202
    reset_mail = await mailbox.wait_for("ada@example.com", count=2)
    assert "reset-password?token=" in text_of(reset_mail)
    reset = await client.post(
        f"{AUTH}/password/reset",
        json={"token": token_from(reset_mail, "reset-password"), "password": "second password 2"},
    )
    assert reset.status_code == 204
    assert (await client.get("/api/v1/me", headers=bearer(old_token))).status_code == 401
    stale = await client.post(f"{AUTH}/login", json={"email": email, "password": password})
    assert stale.status_code == 401
    fresh = await client.post(
        f"{AUTH}/login", json={"email": email, "password": "second password 2"}
    )
    assert fresh.status_code == 200
