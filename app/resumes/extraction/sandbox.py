"""Text extraction in a throwaway process per file, under hard CPU, wall-clock and memory limits.

A hostile PDF can keep pypdf busy for minutes and lxml can need gigabytes; neither can be
interrupted from inside the API process. So each file is read by a child forked from a
forkserver that has the parsers imported already (a few milliseconds a file), with rlimits
the kernel enforces; the parent only waits on a pipe, never blocking its event loop, and kills
the child whatever happens: done, timed out, or the awaiting request cancelled.
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

import msgspec

from app.core.errors import Unavailable

from . import limits
from .child import MEMORY, Reply, run_child
from .errors import ExtractionError, FileTooLarge, UnreadableFile, UnsupportedFileType

if TYPE_CHECKING:
    from app.settings import Settings

logger = logging.getLogger("talentsync.extraction")

TOO_LONG = "the file took too long to read"
TOO_MUCH_MEMORY = "the file needs too much memory to read"
BUSY = "Too many files are being read right now; try again shortly"

# What the forkserver imports once, so that every child starts with pypdf, python-docx and lxml
# loaded (see that module for the main-module part).
_PRELOAD = ["app.resumes.extraction.preload"]
# UTF-8 needs at most 4 bytes a character; msgpack adds a few bytes around the text.
_MAX_REPLY_BYTES = 4 * limits.MAX_TEXT_CHARS + 64 * 1024
_MAX_REASON_CHARS = 300
_READ_CHUNK = 64 * 1024
# RLIMIT_CPU sends SIGXCPU at the soft limit and SIGKILL at the hard one, a second later.
_CPU_SIGNALS = {-signal.SIGXCPU, -signal.SIGKILL}
_REFUSALS = (ExtractionError, FileTooLarge, UnsupportedFileType, UnreadableFile)
_ERRORS: dict[str, type[ExtractionError]] = {cls.__name__: cls for cls in _REFUSALS}


class TooLong(UnreadableFile):
    """The file hit the CPU or wall-clock limit; its process was killed."""

    default_reason = TOO_LONG


class TooMuchMemory(UnreadableFile):
    """Reading the file needed more memory than the limit; its process was killed."""

    default_reason = TOO_MUCH_MEMORY


class ExtractorBusy(Unavailable):
    """Every extraction slot stayed taken for the whole queue wait: the server, not the file."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(BUSY, headers={"Retry-After": str(retry_after)})


@dataclass(frozen=True)
class SandboxLimits:
    """What one file may cost, and how many files one API process reads at once."""

    cpu_seconds: int = 10
    wall_seconds: float = 15.0
    memory_mib: int = 512
    concurrency: int = 2
    queue_seconds: float = 5.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SandboxLimits:
        return cls(
            cpu_seconds=settings.extraction_cpu_seconds,
            wall_seconds=settings.extraction_timeout_seconds,
            memory_mib=settings.extraction_memory_mib,
            concurrency=settings.extraction_concurrency,
            queue_seconds=settings.extraction_queue_seconds,
        )


class Extractor:
    """`extract_text` in a sandboxed child process; at most `concurrency` at a time."""

    def __init__(self, sandbox: SandboxLimits) -> None:
        self.limits = sandbox
        self._slots = asyncio.Semaphore(sandbox.concurrency)
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(_PRELOAD)
        # Starting a child blocks (the file goes through a pipe, the forkserver answers with
        # its pid), so it is done off the event loop; on one thread, because multiprocessing's
        # bookkeeping (each start polls the children before it) is not safe across threads.
        self._launcher = ThreadPoolExecutor(1, thread_name_prefix="extraction-launcher")

    @classmethod
    def from_settings(cls, settings: Settings) -> Extractor:
        return cls(SandboxLimits.from_settings(settings))

    def start(self) -> None:
        """Start the forkserver now, so the first upload does not wait for its imports."""
        from multiprocessing import forkserver

        forkserver.ensure_running()

    async def extract(
        self, data: bytes, filename: str | None = None, *, patient: bool = False
    ) -> str:
        """The file's text; ExtractionError when refused, ExtractorBusy when no slot came free.

        `patient` waits for a slot however long it takes: for batch work that holds one slot at
        a time, where refusing would only make the caller retry the whole batch.
        """
        try:
            async with asyncio.timeout(None if patient else self.limits.queue_seconds):
                await self._slots.acquire()
        except TimeoutError:
            # By then every file being read has either finished or been killed.
            raise ExtractorBusy(math.ceil(self.limits.wall_seconds)) from None
        try:
            return await self._run(data, filename)
        except (TooLong, TooMuchMemory) as exc:  # worth watching: hostile, or limits too low
            logger.warning("file refused: %s (%d bytes)", exc.reason, len(data))
            raise
        finally:
            self._slots.release()

    async def _run(self, data: bytes, filename: str | None) -> str:
        loop = asyncio.get_running_loop()
        reader, writer = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=run_child,
            args=(data, filename, writer, self.limits.cpu_seconds, self.limits.memory_mib),
            name="talentsync-extraction",
            daemon=True,
        )
        # A start cannot be interrupted, so it is shielded: should we time out or be cancelled
        # meanwhile, the child is killed the moment it exists (see _stop).
        starting = loop.run_in_executor(self._launcher, _start, process, writer)
        try:
            try:
                async with asyncio.timeout(self.limits.wall_seconds):
                    await asyncio.shield(starting)
                    reply = await _read_to_end(reader, _MAX_REPLY_BYTES)
                    if not reply:  # the child died without a word: learn how
                        exit_code = await loop.run_in_executor(self._launcher, _exit_code, process)
                        raise TooLong if exit_code in _CPU_SIGNALS else UnreadableFile
            except TimeoutError:
                raise TooLong from None
        finally:
            reader.close()
            _stop(starting, process)
        return _decode(reply)


def _start(process: BaseProcess, writer: Connection) -> None:
    try:
        process.start()
    finally:
        writer.close()  # the child has its own copy; ours would hide its end of file


def _stop(starting: asyncio.Future[None], process: BaseProcess) -> None:
    """Kill the child as soon as it exists, whatever it is doing.

    No join: the forkserver reaps its children (and tells us through the sentinel), and
    multiprocessing drops finished ones from its books at the next start.
    """

    def kill(_: object = None) -> None:
        if starting.cancelled() or starting.exception() is not None:
            return  # never started, or the start failed: no child
        # The sentinel turns readable once the forkserver has reaped the child; until then
        # its pid cannot belong to anyone else.
        if not wait([process.sentinel], timeout=0):
            process.kill()

    if starting.done():
        kill()
    else:
        starting.add_done_callback(kill)


def _exit_code(process: BaseProcess) -> int | None:
    process.join()
    return process.exitcode


async def _read_to_end(connection: Connection, limit: int) -> bytes:
    """Everything the child writes until it closes the pipe, at most `limit` bytes."""
    loop = asyncio.get_running_loop()
    fd = connection.fileno()
    os.set_blocking(fd, False)
    done: asyncio.Future[None] = loop.create_future()
    received = bytearray()

    def on_readable() -> None:
        if done.done():
            return
        try:
            chunk = os.read(fd, _READ_CHUNK)
        except BlockingIOError:
            return
        except OSError as exc:
            done.set_exception(exc)
            return
        if not chunk:
            done.set_result(None)
        elif len(received) + len(chunk) > limit:
            done.set_exception(UnreadableFile())
        else:
            received.extend(chunk)

    loop.add_reader(fd, on_readable)
    try:
        await done
    finally:
        loop.remove_reader(fd)
    return bytes(received)


def _decode(payload: bytes) -> str:
    try:
        reply = msgspec.msgpack.decode(payload, type=Reply)
    except msgspec.DecodeError as exc:
        raise UnreadableFile from exc
    if reply.text is not None:
        return reply.text
    if reply.error == MEMORY:
        raise TooMuchMemory
    reason = (reply.reason or "")[:_MAX_REASON_CHARS] or None
    raise _ERRORS.get(reply.error or "", UnreadableFile)(reason)
