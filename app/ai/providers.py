"""Pick the analyser, writers and coach for AI_PROVIDER once, at start-up."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import httpx

from app.ai.analyser import Analyser, BuiltinAnalyser
from app.ai.ats import AtsEvaluator, BuiltinAtsEvaluator, OpenAIAtsEvaluator
from app.ai.builtin_coach import BuiltinInterviewCoach
from app.ai.builtin_letter import BuiltinCoverLetterWriter
from app.ai.builtin_writer import BuiltinColdMailWriter
from app.ai.generation import ColdMailWriter, CoverLetterWriter, InterviewCoach
from app.ai.openai_compatible import (
    DEFAULT_CONCURRENCY,
    JOB_RETRY,
    ChatCompletionsClient,
    OpenAIAnalyser,
    OpenAIColdMailWriter,
    OpenAICoverLetterWriter,
    OpenAIInterviewCoach,
    RetryPolicy,
    request_retry,
)
from app.ai.tailor import BuiltinResumeTailor, OpenAIResumeTailor, ResumeTailor
from app.ai.urlguard import GuardedTransport
from app.core.errors import AppError

if TYPE_CHECKING:
    from app.settings import Settings

PROVIDERS = ("builtin", "openai")


@dataclass(frozen=True)
class AIServices:
    """The AI roles the app injects, and the HTTP client they share (closed on shutdown)."""

    analyser: Analyser
    writer: ColdMailWriter
    coach: InterviewCoach
    ats: AtsEvaluator
    tailor: ResumeTailor
    letter_writer: CoverLetterWriter
    http: httpx.AsyncClient | None = None

    async def close(self) -> None:
        """Release the shared connection pool, if this provider has one."""
        if self.http is not None:
            await self.http.aclose()


def build_ai_services(
    provider: str,
    *,
    base_url: str | None,
    api_key: str | None,
    model: str,
    timeout: float,
    concurrency: int = DEFAULT_CONCURRENCY,
    retry: RetryPolicy | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> AIServices:
    """Builtin needs nothing; openai needs a base URL and a model (the key is optional).

    `concurrency` bounds the calls in flight at once (per process); `retry` defaults to a
    user request's (`request_retry(timeout)`): background jobs pass JOB_RETRY. `transport`
    replaces httpx's (users' configurations: one that reaches public addresses only).
    """
    name = provider.strip().lower()
    if name == "builtin":
        return AIServices(
            BuiltinAnalyser(),
            BuiltinColdMailWriter(),
            BuiltinInterviewCoach(),
            ats=BuiltinAtsEvaluator(),
            tailor=BuiltinResumeTailor(),
            letter_writer=BuiltinCoverLetterWriter(),
        )
    if name != "openai":
        raise ValueError(f"Unknown AI provider {provider!r}; use one of: {', '.join(PROVIDERS)}")
    base_url = (base_url or "").strip().rstrip("/")
    model = (model or "").strip()
    if not base_url or not model:
        raise ValueError(
            "AI_PROVIDER=openai needs AI_BASE_URL (e.g. https://api.openai.com/v1 or "
            "http://localhost:11434/v1) and AI_MODEL (e.g. gpt-4o-mini)"
        )
    if not base_url.startswith(("http://", "https://")):
        raise ValueError("AI_BASE_URL must be an http(s) URL")
    if timeout <= 0:
        raise ValueError("AI_TIMEOUT must be a positive number of seconds")
    http = _http_client(base_url, api_key, timeout, transport)
    client = ChatCompletionsClient(
        http, model, retry=retry or request_retry(timeout), concurrency=concurrency
    )
    return AIServices(
        analyser=OpenAIAnalyser(client),
        writer=OpenAIColdMailWriter(client),
        coach=OpenAIInterviewCoach(client),
        ats=OpenAIAtsEvaluator(client),
        tailor=OpenAIResumeTailor(client),
        letter_writer=OpenAICoverLetterWriter(client),
        http=http,
    )


def _http_client(
    base_url: str,
    api_key: str | None,
    timeout: float,
    transport: httpx.AsyncBaseTransport | None,
) -> httpx.AsyncClient:
    """The key travels only in the Authorization header of this client."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=timeout,
        headers=headers,
        transport=transport,
        # A transport of our own also means no proxy from the environment (it would bypass it).
        trust_env=transport is None,
    )


def server_ai_services(settings: Settings, *, background: bool = False) -> AIServices:
    """The server's own provider (AI_*): the API's default, and what background jobs use.

    `background` (a worker's): more retries with longer pauses, as nobody waits on the line.
    """
    return build_ai_services(
        settings.ai_provider,
        base_url=settings.ai_base_url,
        api_key=settings.ai_api_key,
        model=settings.ai_model,
        timeout=settings.ai_timeout,
        concurrency=settings.ai_concurrency,
        retry=JOB_RETRY if background else None,
    )


def user_ai_services(
    settings: Settings, *, base_url: str, model: str, api_key: str | None
) -> AIServices:
    """A user's own OpenAI-compatible model (their llm-config), with the server's timeout and
    concurrency; it connects to public addresses only unless AI_ALLOW_PRIVATE_URLS."""
    return build_ai_services(
        "openai",
        base_url=base_url,
        api_key=api_key,
        model=model,
        timeout=settings.ai_timeout,
        concurrency=settings.ai_concurrency,
        transport=None if settings.ai_allow_private_urls else GuardedTransport(),
    )


class ProbeResult(NamedTuple):
    ok: bool
    latency_ms: int
    detail: str


PROBE_PROMPT = 'You answer connection tests. Reply with the JSON object {"ok": true} only.'


async def probe_model(
    settings: Settings, *, base_url: str, model: str, api_key: str | None
) -> ProbeResult:
    """One small call to a user's model, tried once: did it answer usably, and how fast.

    The detail is ours (never the provider's body, which may echo the key).
    """
    http = _http_client(
        base_url.rstrip("/"),
        api_key,
        settings.ai_timeout,
        None if settings.ai_allow_private_urls else GuardedTransport(),
    )
    once = RetryPolicy(attempts=1, first_pause=0.0, max_pause=0.0, slot_wait=settings.ai_timeout)
    client = ChatCompletionsClient(http, model, retry=once, concurrency=1)
    started = time.perf_counter()
    try:
        await client.ask("connection test", PROBE_PROMPT, "ping", dict)
        ok, detail = True, "The model answered."
    except AppError as exc:  # GenerationFailed (502/504) or BlockedAddress (422)
        ok, detail = False, exc.title
    finally:
        await http.aclose()
    return ProbeResult(ok, round((time.perf_counter() - started) * 1000), detail)
