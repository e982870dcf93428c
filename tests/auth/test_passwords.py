import asyncio
import hashlib
import os
import threading

import httpx
import pytest

from app.auth import passwords
from app.auth.passwords import hash_password, verify_password
from tables import PasswordResetToken, User
from tests.helpers import PASSWORD, bearer, create_user, login
from tests.mailbox import Mailbox, token_from

AUTH = "/api/v1/auth"


async def _reset_token(client: httpx.AsyncClient, mailbox: Mailbox, email: str, n: int = 1) -> str:
    assert (await client.post(f"{AUTH}/password/forgot", json={"email": email})).status_code == 202
    return token_from(await mailbox.wait_for(email, count=n), "reset-password")


async def test_forgot_is_202_for_unknown_emails_and_sends_nothing(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    response = await client.post(f"{AUTH}/password/forgot", json={"email": "ghost@x.co"})
    assert response.status_code == 202
    await asyncio.sleep(0.2)
    assert mailbox.messages == []


async def test_reset_token_is_hashed_single_use_and_replaced_by_a_newer_one(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await create_user("p@x.co")
    older = await _reset_token(client, mailbox, "p@x.co")
    newer = await _reset_token(client, mailbox, "p@x.co", n=2)
    stored = {row["token"] for row in await PasswordResetToken.select(PasswordResetToken.token)}
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in (older, newer)}

    body = {"password": "brand new pass"}
    stale = await client.post(f"{AUTH}/password/reset", json={**body, "token": older})
    assert stale.status_code == 400
    used = await client.post(f"{AUTH}/password/reset", json={**body, "token": newer})
    assert used.status_code == 204
    again = await client.post(f"{AUTH}/password/reset", json={**body, "token": newer})
    assert again.status_code == 400


async def test_expired_reset_token_is_refused(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    await create_user("exp@x.co")
    token = await _reset_token(client, mailbox, "exp@x.co")
    await PasswordResetToken.raw("UPDATE password_reset_token SET expires_at = now()")
    response = await client.post(
        f"{AUTH}/password/reset", json={"token": token, "password": "brand new pass"}
    )
    assert response.status_code == 400
    assert (
        await client.post(f"{AUTH}/login", json={"email": "exp@x.co", "password": PASSWORD})
    ).status_code == 200


async def test_concurrent_resets_with_one_token_exactly_one_wins(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await create_user("race@x.co")
    token = await _reset_token(client, mailbox, "race@x.co")
    responses = await asyncio.gather(
        *(
            client.post(
                f"{AUTH}/password/reset", json={"token": token, "password": f"password {i}"}
            )
            for i in range(20)
        )
    )
    codes = [r.status_code for r in responses]
    assert codes.count(204) == 1
    assert codes.count(400) == 19
    winner = codes.index(204)
    row = await User.select(User.password_hash).where(User.email == "race@x.co").first()
    assert row is not None
    assert await verify_password(f"password {winner}", row["password_hash"], 4)


async def test_reset_marks_an_unverified_email_verified(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await create_user("unv@x.co", verified=False)
    token = await _reset_token(client, mailbox, "unv@x.co")
    await client.post(f"{AUTH}/password/reset", json={"token": token, "password": "brand new pass"})
    row = await User.select(User.email_verified).where(User.email == "unv@x.co").first()
    assert row is not None
    assert row["email_verified"] is not None


async def test_change_password_keeps_this_session_and_ends_the_others(
    client: httpx.AsyncClient,
) -> None:
    await create_user("ch@x.co")
    this = await login(client, "ch@x.co")
    other = await login(client, "ch@x.co")
    wrong = await client.post(
        f"{AUTH}/password/change",
        json={"currentPassword": "not it at all", "newPassword": "new password!"},
        headers=bearer(this),
    )
    assert wrong.status_code == 401
    too_short = await client.post(
        f"{AUTH}/password/change",
        json={"currentPassword": PASSWORD, "newPassword": "short"},
        headers=bearer(this),
    )
    assert too_short.status_code == 400
    changed = await client.post(
        f"{AUTH}/password/change",
        json={"currentPassword": PASSWORD, "newPassword": "new password!"},
        headers=bearer(this),
    )
    assert changed.status_code == 204
    assert (await client.get("/api/v1/me", headers=bearer(this))).status_code == 200
    assert (await client.get("/api/v1/me", headers=bearer(other))).status_code == 401
    await login(client, "ch@x.co", "new password!")


async def test_long_passwords_stay_significant_past_bcrypts_72_bytes() -> None:
    base = "é" * 60  # 120 bytes of UTF-8
    stored = await hash_password(base + "a", 4)
    assert await verify_password(base + "a", stored, 4)
    assert not await verify_password(base + "b", stored, 4)


@pytest.mark.parametrize(
    ("cpus", "processes", "threads"),
    [(2, 1, 1), (8, 1, 7), (2, 2, 1), (4, 4, 1), (8, 2, 3), (1, 1, 1), (16, 64, 1)],
)
def test_bcrypt_threads_share_all_cores_but_one_among_the_processes(
    cpus: int, processes: int, threads: int
) -> None:
    assert passwords.bcrypt_thread_count(cpus, processes) == threads


async def test_bcrypt_threads_run_nicer_than_the_event_loop() -> None:
    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    loop_niceness = niceness()
    thread_niceness = await passwords._in_bcrypt_thread(niceness)
    assert thread_niceness == min(19, loop_niceness + passwords.BCRYPT_NICENESS)
    assert niceness() == loop_niceness  # the event loop's own is untouched
