"""Password hashing with bcrypt, always off the event loop."""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib

import bcrypt

MIN_LENGTH = 8
MAX_LENGTH = 128


def _prehash(password: str) -> bytes:
    # bcrypt reads at most 72 bytes, and 128 characters of UTF-8 can be 512. Hashing first with
    # SHA-256 (base64: 44 bytes, no NUL) keeps every character significant.
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def hash_password_sync(password: str, rounds: int) -> str:
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds)).decode()


async def hash_password(password: str, rounds: int) -> str:
    return await asyncio.to_thread(hash_password_sync, password, rounds)


def _verify_sync(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(_prehash(password), password_hash.encode())
    except ValueError:  # a malformed stored hash never matches
        return False


@functools.cache
def _dummy_hash(rounds: int) -> str:
    return hash_password_sync("not-a-real-password", rounds)


async def verify_password(password: str, password_hash: str | None, rounds: int) -> bool:
    """Check a password; with no hash (unknown user), spend the same time and fail."""
    if password_hash is None:
        await asyncio.to_thread(_verify_sync, password, _dummy_hash(rounds))
        return False
    return await asyncio.to_thread(_verify_sync, password, password_hash)
