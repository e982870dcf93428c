"""The extraction child: limit itself, read one file, write one reply, exit; never raise."""

from __future__ import annotations

import contextlib
import logging
import os
import resource
from multiprocessing.connection import Connection

import msgspec

from . import extract_text, limits
from .errors import ExtractionError, UnreadableFile

MEMORY = "memory"  # the reply's `error` when the memory limit was hit


class Reply(msgspec.Struct, frozen=True):
    """The child's answer; msgpack, not pickle, as the child has just parsed hostile bytes."""

    text: str | None = None
    error: str | None = None
    reason: str | None = None


_MEMORY_REPLY = msgspec.msgpack.encode(Reply(error=MEMORY))
_FAILED_REPLY = msgspec.msgpack.encode(Reply(error=UnreadableFile.__name__))


def run_child(
    data: bytes, filename: str | None, writer: Connection, cpu_seconds: int, memory_mib: int
) -> None:
    """Limit ourselves, read the file, write one reply and exit; never raise."""
    # A killed child must not write a core file of its whole address space.
    _lower(resource.RLIMIT_CORE, 0, 0)
    _lower(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)
    # The address space includes Python, the parsers and app.core.errors, about 70 MiB.
    _lower(resource.RLIMIT_AS, memory_mib * limits.MIB, memory_mib * limits.MIB)
    # pypdf and lxml warn about every oddity of a hostile file; the outcome is the reply.
    logging.getLogger().addHandler(logging.NullHandler())
    try:
        reply = msgspec.msgpack.encode(Reply(text=extract_text(data, filename)))
    except ExtractionError as exc:
        reply = _refusal(exc)
    except MemoryError:
        reply = _MEMORY_REPLY
    except BaseException:  # extract_text wraps every parser error; this is the last net
        reply = _FAILED_REPLY
    with contextlib.suppress(OSError):
        _write_all(writer.fileno(), reply)
    writer.close()


def _lower(kind: int, soft: int, hard: int) -> None:
    """Set a limit, never above the one we inherited (raising it would be refused)."""
    _, inherited = resource.getrlimit(kind)
    if inherited != resource.RLIM_INFINITY:
        hard = min(hard, inherited)
    resource.setrlimit(kind, (min(soft, hard), hard))


def _refusal(exc: ExtractionError) -> bytes:
    try:
        if _caused_by_memory(exc):  # extract_text wraps a MemoryError like any other error
            return _MEMORY_REPLY
        return msgspec.msgpack.encode(Reply(error=type(exc).__name__, reason=exc.reason))
    except MemoryError:  # at the limit still: the prepared reply needs no allocation
        return _MEMORY_REPLY


def _caused_by_memory(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]
