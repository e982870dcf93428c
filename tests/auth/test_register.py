import asyncio
import hashlib

import httpx
import pytest

from tables import EmailVerificationToken, User
from tests.mailbox import Mailbox, token_from

REGISTER = "/api/v1/auth/register"


@pytest.mark.parametrize(
    "body",
    [
        {"email": "a@b.co", "password": "short"},
        {"email": "a@b.co", "password": "x" * 129},
        {"email": "not-an-email", "password": "long enough"},
        {"email": "   ", "password": "long enough"},
        {"email": "a@b.co"},
        {"email": "a@b.co", "password": "long enough", "role": "Admin"},
        {"email": "a@b.co", "password": 12345678},
    ],
)
async def test_invalid_registrations_are_400_and_create_nothing(
    client: httpx.AsyncClient, body: dict
) -> None:
    response = await client.post(REGISTER, json=body)
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["status"] == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert isinstance(problem["extra"], list)
    assert await User.count() == 0


async def test_unknown_field_role_cannot_make_an_admin(client: httpx.AsyncClient) -> None:
    response = await client.post(
        REGISTER, json={"email": "x@y.co", "password": "long enough", "role": "Admin"}
    )
    assert response.status_code == 400
    assert any(item.get("key") == "role" for item in response.json()["extra"])


async def test_email_taken_is_409_case_insensitively(client: httpx.AsyncClient) -> None:
    first = await client.post(REGISTER, json={"email": "dup@x.co", "password": "long enough"})
    assert first.status_code == 201
    second = await client.post(REGISTER, json={"email": "DUP@x.co", "password": "other one!"})
    assert second.status_code == 409
    assert second.json()["status"] == 409
    assert await User.count() == 1


async def test_concurrent_registrations_of_one_email_give_one_201(
    client: httpx.AsyncClient,
) -> None:
    body = {"email": "race@x.co", "password": "long enough"}
    responses = await asyncio.gather(*(client.post(REGISTER, json=body) for _ in range(10)))
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * 9
    assert await User.count() == 1


async def test_verification_token_is_stored_hashed_and_single_use(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await client.post(REGISTER, json={"email": "v@x.co", "password": "long enough"})
    token = token_from(await mailbox.wait_for("v@x.co"), "verify-email")
    stored = await EmailVerificationToken.select(EmailVerificationToken.token)
    assert [row["token"] for row in stored] == [hashlib.sha256(token.encode()).hexdigest()]

    assert (
        await client.post("/api/v1/auth/verify-email", json={"token": token})
    ).status_code == 200
    again = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert again.status_code == 400
    unknown = await client.post("/api/v1/auth/verify-email", json={"token": "nope"})
    assert unknown.status_code == 400


async def test_expired_verification_token_is_refused(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await client.post(REGISTER, json={"email": "late@x.co", "password": "long enough"})
    token = token_from(await mailbox.wait_for("late@x.co"), "verify-email")
    await EmailVerificationToken.raw(
        "UPDATE email_verification_token SET expires_at = now() - interval '1 second'"
    )
    response = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert response.status_code == 400


async def test_resend_is_202_always_and_mails_only_unverified_accounts(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await client.post(REGISTER, json={"email": "r@x.co", "password": "long enough"})
    first = token_from(await mailbox.wait_for("r@x.co"), "verify-email")

    for email in ("r@x.co", "nobody@x.co"):
        response = await client.post("/api/v1/auth/verify-email/resend", json={"email": email})
        assert response.status_code == 202
        assert response.json() == {"status": "accepted"}
    second = token_from(await mailbox.wait_for("r@x.co", count=2), "verify-email")
    assert mailbox.to("nobody@x.co") == []

    # The newer token replaces the older one.
    old = await client.post("/api/v1/auth/verify-email", json={"token": first})
    assert old.status_code == 400
    new = await client.post("/api/v1/auth/verify-email", json={"token": second})
    assert new.status_code == 200
    await client.post("/api/v1/auth/verify-email/resend", json={"email": "r@x.co"})
    await asyncio.sleep(0.2)
    assert len(mailbox.to("r@x.co")) == 2  # verified: no further mail
