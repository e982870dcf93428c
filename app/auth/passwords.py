"""Password hashing with bcrypt, always off the event loop."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import hashlib
import os
import threading
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


# bcrypt threads run this much nicer than the event loop: when every core hashes, a request
# that needs no hash still gets its core at once (Linux: a thread's nice value is its own).
BCRYPT_NICENESS = 10


def bcrypt_thread_count(cpus: int, processes: int) -> int:
    """All cores but one, shared among the API processes, at least one each: a burst of
    sign-ins saturates these threads, not the event loops' cores (one process on 2 cores: /health
    p99 12 ms instead of 50 ms under login load). With one process a core, each has one thread
    and every core can hash; the threads' lower priority keeps the event loops answering."""
    return max(1, (cpus - 1) // max(1, processes))


def _processes() -> int:
    # `talentsync serve` exports the number of API processes it starts.
    try:
        return max(1, int(os.environ.get("WEB_CONCURRENCY", "1")))
    except ValueError:
        return 1


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):  # raising one's nice value needs no right
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BCRYPT_NICENESS)


@functools.cache
def _bcrypt_threads() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(
        max_workers=bcrypt_thread_count(os.cpu_count() or 2, _processes()),
        thread_name_prefix="bcrypt",
        initializer=_lower_priority,
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
