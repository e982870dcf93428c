"""Pick the analyser, writers and coach for AI_PROVIDER once, at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

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
) -> AIServices:
    """Builtin needs nothing; openai needs a base URL and a model (the key is optional).

    `concurrency` bounds the calls in flight at once (per process); `retry` defaults to a
    user request's (`request_retry(timeout)`): background jobs pass JOB_RETRY.
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
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    http = httpx.AsyncClient(base_url=base_url, timeout=timeout, headers=headers)
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
