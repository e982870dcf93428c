"""A scripted OpenAI-compatible chat-completions server, served over real HTTP on localhost."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from litestar import Litestar, Request, post
from litestar.response import Response

from tests.server import serving_in_thread


@dataclass(frozen=True)
class Step:
    """One scripted reply: a completion whose message content is `content`, or `raw` text."""

    status: int = 200
    content: str | None = "{}"
    raw: str | None = None
    delay: float = 0.0
    retry_after: str | None = None  # sent as the Retry-After header when set


def reply_with(payload: dict[str, Any]) -> Step:
    """A successful completion whose content is `payload` as JSON."""
    return Step(content=json.dumps(payload))


def failing(
    status: int, message: str = "upstream trouble", *, retry_after: str | None = None
) -> Step:
    """An error reply shaped like OpenAI's."""
    return Step(
        status=status, raw=json.dumps({"error": {"message": message}}), retry_after=retry_after
    )


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: dict[str, Any]
    at: float = 0.0  # time.monotonic() on arrival


@dataclass
class FakeOpenAI:
    """Replies with the scripted steps in order, then with `default`; records every request."""

    base_url: str = ""
    default: Step = field(default_factory=Step)
    script: deque[Step] = field(default_factory=deque)
    received: list[Received] = field(default_factory=list)
    # Requests being answered right now, and the most there ever were at once.
    in_flight: int = 0
    max_in_flight: int = 0

    def reset(self) -> None:
        self.default = Step()
        self.script.clear()
        self.received.clear()
        self.in_flight = self.max_in_flight = 0

    def gaps(self) -> list[float]:
        """Seconds between consecutive requests' arrivals."""
        times = [r.at for r in self.received]
        return [later - earlier for earlier, later in itertools.pairwise(times)]

    def then(self, *steps: Step) -> None:
        self.script.extend(steps)

    def app(self) -> Litestar:
        @post("/v1/chat/completions", status_code=200)
        async def complete(request: Request[Any, Any, Any]) -> Response[Any]:
            body = await request.json()
            self.received.append(Received(dict(request.headers), body, time.monotonic()))
            step = self.script.popleft() if self.script else self.default
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                if step.delay:
                    await asyncio.sleep(step.delay)
            finally:
                self.in_flight -= 1
            headers = {"Retry-After": step.retry_after} if step.retry_after is not None else None
            if step.raw is not None:
                return Response(
                    step.raw,
                    status_code=step.status,
                    media_type="application/json",
                    headers=headers,
                )
            completion = {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "model": body.get("model"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": step.content},
                        "finish_reason": "stop",
                    }
                ],
            }
            return Response(completion, status_code=step.status, headers=headers)

        return Litestar([complete])


@contextmanager
def running_fake_openai() -> Iterator[FakeOpenAI]:
    """Serve a FakeOpenAI on a free port; its base_url ends in /v1 like real providers'."""
    fake = FakeOpenAI()
    with serving_in_thread(fake.app()) as base_url:
        fake.base_url = f"{base_url}/v1"
        yield fake
