"""Creating users: shared by registration, OAuth and the `create-user` command."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tables import User


class EmailTaken(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def insert_user(
    *,
    email: str | None,
    password_hash: str | None,
    name: str | None,
    role: str,
    verified: bool,
) -> dict[str, Any]:
    """Insert one user; EmailTaken when the (lower-cased) e-mail already exists."""
    rows = await User.raw(
        """
        INSERT INTO "user" (email, password_hash, name, email_verified, role_id)
        VALUES ({}, {}, {}, {}, (SELECT id FROM role WHERE name = {}))
        ON CONFLICT (email) DO NOTHING
        RETURNING id
        """,
        normalise_email(email) if email else None,
        password_hash,
        name,
        dt.datetime.now(dt.UTC) if verified else None,
        role,
    )
    if not rows:
        raise EmailTaken(email)
    return rows[0]
