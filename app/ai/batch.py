"""Several generations at once, under one deadline: all of them, or a clean failure."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from typing import TypeVar

from app.ai.generation import GenerationFailed
from app.ai.openai_compatible import TIMED_OUT

logger = logging.getLogger("talentsync.ai")

T = TypeVar("T")


def _first_failure(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The provider's own error when there is one (the others were its knock-on effects)."""
    failures = group.subgroup(GenerationFailed)
    leaves = failures.exceptions if failures is not None else group.exceptions
    first = leaves[0]
    return _first_failure(first) if isinstance(first, BaseExceptionGroup) else first


async def all_within(calls: Sequence[Awaitable[T]], deadline: float) -> list[T]:
    """Run the calls concurrently and return their results in order.

    One deadline covers them all: past it, every call still running is cancelled and
    GenerationFailed (504) is raised. The first call to fail cancels the others and its error
    is raised (502 or 504 for a provider's), so a caller stores either every result or none.
    """
    try:
        async with asyncio.timeout(deadline), asyncio.TaskGroup() as group:
            tasks = [group.create_task(_awaited(call)) for call in calls]
    except TimeoutError:
        logger.warning("AI batch of %d calls passed its %g s deadline", len(calls), deadline)
        raise GenerationFailed(TIMED_OUT, status=504) from None
    except BaseExceptionGroup as errors:
        raise _first_failure(errors) from None
    return [task.result() for task in tasks]


async def _awaited(call: Awaitable[T]) -> T:
    return await call
