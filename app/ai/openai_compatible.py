"""Generation by any OpenAI-compatible server (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp).

One small client: JSON-mode chat completions, replies validated with msgspec, at most
AI_CONCURRENCY calls at once per process, retries with backoff on transient failures (one quick
retry for a user's request, more and longer for background jobs), client-safe errors and logs
that never carry the key or provider bodies.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any, NamedTuple, TypeVar

import httpx
import msgspec

from app.ai.analyser import AnalysisResult
from app.ai.builtin_coach import trim_to_words
from app.ai.builtin_letter import MAX_LETTER
from app.ai.builtin_writer import MAX_BODY, MAX_SUBJECT
from app.ai.generation import (
    ColdMailDraft,
    ColdMailRequest,
    CoverLetterRequest,
    GenerationFailed,
    InterviewRequest,
    ResumeContext,
)
from app.ai.profiles import CATEGORIES
from app.ai.schemas import ComprehensiveAnalysis

logger = logging.getLogger("talentsync.ai")

TEMPERATURE = 0.4
MAX_RESUME_CHARS = 24_000  # keeps the prompt (and the bill) bounded for pasted novels
MAX_ANSWER_CHARS = 20_000

TIMED_OUT = "The AI provider did not answer in time; please try again."
UNAVAILABLE = "The AI provider is unavailable right now; please try again later."
REFUSED = "The AI provider refused the request."
UNEXPECTED = "The AI provider returned an unexpected response."
UNUSABLE = "The AI provider returned an answer that could not be used."

T = TypeVar("T")
NonBlank = msgspec.Meta(min_length=1, pattern=r"\S")


class _Message(msgspec.Struct):
    content: str | None = None


class _Choice(msgspec.Struct):
    message: _Message


class _Completion(msgspec.Struct):
    """The only part of a chat-completions response we read."""

    choices: list[_Choice]


class ColdMailReply(msgspec.Struct):
    """What the model must return for a cold mail; bounds match the stored columns."""

    subject: Annotated[str, NonBlank, msgspec.Meta(max_length=MAX_SUBJECT)]
    body: Annotated[str, NonBlank, msgspec.Meta(max_length=MAX_BODY)]


class CoverLetterReply(msgspec.Struct):
    """What the model must return for a cover letter."""

    letter: Annotated[str, NonBlank, msgspec.Meta(max_length=MAX_LETTER)]


class InterviewReply(msgspec.Struct):
    """What the model must return for an interview answer (word limit enforced after)."""

    answer: Annotated[str, NonBlank, msgspec.Meta(max_length=MAX_ANSWER_CHARS)]


class AnalysisReply(msgspec.Struct, rename="camel"):
    """What the model must return for a resume; the analysis uses the app's own bounds."""

    predicted_field: str
    comprehensive_analysis: ComprehensiveAnalysis


@dataclass(frozen=True)
class RetryPolicy:
    """How patient a caller is: how often a call is tried, and the pauses in between.

    Retried: 429, 5xx and connection errors; never timeouts (a slow model would hold the caller
    twice as long) nor other refusals. Pause n (n = 1, 2, ...) is `first_pause * 2**(n - 1)`,
    capped at `max_pause`, times a random factor in [0.5, 1] so that calls failing together do
    not all come back together. A `Retry-After` (or OpenAI's `retry-after-ms`) in seconds is
    waited as given instead; one longer than `max_pause` ends the call at once, as retrying
    sooner than the provider asked would only fail again. The pauses hold no concurrency slot.
    """

    attempts: int
    first_pause: float
    max_pause: float
    # Longest wait for a free slot (AI_CONCURRENCY) before each attempt; None: as long as it takes.
    slot_wait: float | None = None

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.first_pause < 0 or self.max_pause < self.first_pause:
            raise ValueError(f"invalid retry policy: {self}")

    def pause(
        self,
        retry: int,
        retry_after: float | None = None,
        jitter: Callable[[float, float], float] = random.uniform,
    ) -> float | None:
        """Seconds to wait before retry number `retry` (from 1), or None to give up."""
        if retry >= self.attempts:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_pause else None
        return min(self.max_pause, self.first_pause * 2 ** (retry - 1)) * jitter(0.5, 1.0)


def request_retry(timeout: float) -> RetryPolicy:
    """A user's request: one quick retry, and no longer than `timeout` waiting for a slot."""
    return RetryPolicy(attempts=2, first_pause=0.2, max_pause=2.0, slot_wait=timeout)


# Background jobs: 5 attempts, pauses of 1, 2, 4 and 8 s cut by up to half (Retry-After up to 30 s).
JOB_RETRY = RetryPolicy(attempts=5, first_pause=1.0, max_pause=30.0)
DEFAULT_CONCURRENCY = 4


def _retry_after(headers: httpx.Headers) -> float | None:
    """The provider's requested pause in seconds, if it gave one we can read (no HTTP dates)."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            seconds = float(headers[name]) / scale
        except (KeyError, ValueError):
            continue
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    return None


class _Transient(NamedTuple):
    """A failure worth a retry: connection trouble, 429 or 5xx."""

    kind: str
    status: int | None
    retry_after: float | None = None


_FENCED = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S | re.I)


class ChatCompletionsClient:
    """Sends a system+user prompt to one model and returns its reply decoded into a struct."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        model: str,
        *,
        retry: RetryPolicy,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        if concurrency < 1:
            raise ValueError("AI_CONCURRENCY must be at least 1")
        self._http = http
        self._model = model
        self._retry = retry
        # Calls to the model in flight at once, in this process (every role shares it).
        self._slots = asyncio.Semaphore(concurrency)
        url = http.base_url
        self._host = f"{url.host}:{url.port}" if url.port else url.host

    def _log(self, task: str, kind: str, http: int | None) -> None:
        """Host, HTTP status and error kind only: never keys, headers or provider bodies."""
        logger.warning(
            "AI provider %s failed on %s: %s (HTTP status %s)", self._host, task, kind, http or "-"
        )

    def failure(
        self, task: str, kind: str, message: str, *, status: int = 502, http: int | None = None
    ) -> GenerationFailed:
        """Log the failure and build the client-safe error to raise."""
        self._log(task, kind, http)
        return GenerationFailed(message, status=status)

    @contextlib.asynccontextmanager
    async def _slot(self, task: str) -> AsyncIterator[None]:
        """One of the AI_CONCURRENCY slots, waited for at most the policy's `slot_wait`."""
        try:
            async with asyncio.timeout(self._retry.slot_wait):
                await self._slots.acquire()
        except TimeoutError:
            raise self.failure(
                task, "no free slot (AI_CONCURRENCY)", TIMED_OUT, status=504
            ) from None
        try:
            yield
        finally:
            self._slots.release()

    async def _attempt(self, task: str, payload: dict[str, Any]) -> httpx.Response | _Transient:
        """One POST: a usable response, a transient failure, or GenerationFailed raised."""
        try:
            async with self._slot(task):
                response = await self._http.post("chat/completions", json=payload)
        except httpx.TimeoutException as exc:
            raise self.failure(task, "timeout", TIMED_OUT, status=504) from exc
        except httpx.TransportError as exc:
            return _Transient(f"connection error ({type(exc).__name__})", None)
        except httpx.HTTPError as exc:
            raise self.failure(task, f"request error ({type(exc).__name__})", UNAVAILABLE) from exc
        code = response.status_code
        if code == 429 or code >= 500:
            return _Transient("server unavailable", code, _retry_after(response.headers))
        if code >= 400:
            raise self.failure(task, "request refused", REFUSED, http=code)
        return response

    async def _post(self, task: str, payload: dict[str, Any]) -> httpx.Response:
        """Retry transient failures as the policy says; timeouts are not retried."""
        attempt = 1
        while isinstance(outcome := await self._attempt(task, payload), _Transient):
            asked = outcome.retry_after
            pause = self._retry.pause(attempt, asked)
            if pause is None:
                kind = outcome.kind
                if asked is not None and attempt < self._retry.attempts:
                    kind += f", Retry-After {asked:g} s is past {self._retry.max_pause:g} s"
                raise self.failure(task, kind, UNAVAILABLE, http=outcome.status)
            after = "" if asked is None else " (Retry-After)"
            retries = self._retry.attempts - 1
            self._log(
                task,
                f"{outcome.kind}, retry {attempt} of {retries} in {pause:.2f} s{after}",
                outcome.status,
            )
            await asyncio.sleep(pause)
            attempt += 1
        return outcome

    async def ask(self, task: str, system: str, user: str, reply_type: type[T]) -> T:
        """One chat completion in JSON mode, its content validated as `reply_type`."""
        payload = {
            "model": self._model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "response_format": {"type": "json_object"},
            "temperature": TEMPERATURE,
        }
        response = await self._post(task, payload)
        try:
            completion = msgspec.json.decode(response.content, type=_Completion)
            content = completion.choices[0].message.content
        except (msgspec.DecodeError, IndexError):
            raise self.failure(task, "malformed response", UNEXPECTED, http=200) from None
        if content is None:
            raise self.failure(task, "empty content", UNEXPECTED, http=200)
        fenced = _FENCED.match(content)  # some local models wrap JSON in ``` despite JSON mode
        try:
            return msgspec.json.decode(fenced.group(1) if fenced else content, type=reply_type)
        except msgspec.DecodeError:
            # Validation errors name the field at fault, never the content; still not shown.
            raise self.failure(task, "invalid JSON content", UNUSABLE, http=200) from None


def _resume_summary(resume: ResumeContext | None) -> dict[str, Any] | None:
    """The resume context, cut to what a prompt needs (analyses may hold hundreds of entries)."""
    if resume is None:
        return None
    summary: dict[str, Any] = {"predictedField": resume.predicted_field}
    analysis = resume.analysis
    if analysis is not None:
        summary["skills"] = {
            "technical": analysis.skills.technical[:30],
            "soft": analysis.skills.soft[:10],
        }
        summary["experience"] = msgspec.to_builtins(analysis.experience[:5])
        summary["projects"] = msgspec.to_builtins(analysis.projects[:5])
        summary["education"] = msgspec.to_builtins(analysis.education[:3])
    return summary


def _as_json(fields: dict[str, Any]) -> str:
    """The user message: request fields as compact JSON, unset ones left out."""
    return msgspec.json.encode({k: v for k, v in fields.items() if v is not None}).decode()


COLD_MAIL_PROMPT = f"""\
You write short, honest cold emails from a job seeker to a person at a company.
Use only the facts given (request fields and resume); never invent experience, numbers or
contacts, and leave no placeholders. Plain text, no markdown. Sign with senderName if given.
If "instruction" and "previousDraft" are given, revise the previous draft as instructed.
Reply with one JSON object only: {{"subject": string (at most {MAX_SUBJECT} characters),
"body": string (at most {MAX_BODY} characters)}}."""

COVER_LETTER_PROMPT = f"""\
You write a job seeker's cover letter for one job. Name the company (companyName) and the job
title (jobTitle); greet recipientName if given, else "Dear Hiring Manager". When a resume is
given, put forward its skills that the jobDescription asks for and one concrete highlight of its
experience or projects; weave in keyPoints, additionalInfo and senderRoleOrGoal. Use only the
facts given; never invent experience, numbers or contacts, and leave no placeholders. Plain
text, no markdown, 250 to 400 words. Sign with senderName if given.
If "instruction" and "previousLetter" are given, revise the previous letter as instructed.
Reply with one JSON object only: {{"letter": string (at most {MAX_LETTER} characters)}}."""

INTERVIEW_PROMPT = """\
You help a candidate answer an interview question in the first person. Answer the question
asked, taking up its subject in its own words. For a behavioural question (a time you...,
an example of...), structure the answer as Situation, Task, Action and Result (label each
part); otherwise answer directly. Name companyName when given. Draw on the resume's most
relevant experience and on userKnowledge (the candidate's own notes) when given; never invent
employers, titles or numbers. Stay within wordLimit words.
If "instruction" and "previousAnswer" are given, revise the previous answer as instructed.
Reply with one JSON object only: {"answer": string}."""

ANALYSIS_PROMPT = f"""\
You analyse resumes. Reply with one JSON object only, of this shape:
{{"predictedField": string, "comprehensiveAnalysis": {{"skills": {{"technical": [string],
"soft": [string]}}, "experience": [{{"company": string, "role": string, "duration": string,
"highlights": [string]}}], "projects": [{{"name": string, "description": string,
"technologies": [string]}}], "education": [{{"degree": string, "institution": string,
"year": string}}], "summary": string, "contact": {{"email": string or null, "phone": string or
null, "location": string or null}}, "links": [string], "certifications": [string],
"languages": [string], "achievements": [string]}}}}
predictedField must be exactly one of: {", ".join(CATEGORIES)}.
summary is the resume's own summary or objective, not yours; links are URLs as written;
languages are spoken languages only (English, Hindi...), never programming languages.
Use only facts stated in the resume; use "" or [] when unknown (null for a contact field);
list the latest job first; keep every string under 500 characters (summary under 2000) and
every list under 50 items."""


class OpenAIColdMailWriter:
    """Cold mails written by the configured model."""

    def __init__(self, client: ChatCompletionsClient) -> None:
        self._client = client

    async def write(self, request: ColdMailRequest) -> ColdMailDraft:
        message = {
            "recipientName": request.recipient_name,
            "recipientRole": request.recipient_role,
            "companyName": request.company_name,
            "senderName": request.sender_name,
            "keyPoints": request.key_points,
            "additionalInfo": request.additional_info,
            "companyUrl": request.company_url,
            "resume": _resume_summary(request.resume),
            "instruction": request.instruction,
            "previousDraft": msgspec.to_builtins(request.previous) if request.previous else None,
        }
        reply = await self._client.ask(
            "cold mail", COLD_MAIL_PROMPT, _as_json(message), ColdMailReply
        )
        return ColdMailDraft(subject=reply.subject.strip(), body=reply.body.strip())


class OpenAICoverLetterWriter:
    """Cover letters written by the configured model."""

    def __init__(self, client: ChatCompletionsClient) -> None:
        self._client = client

    async def write_letter(self, request: CoverLetterRequest) -> str:
        message = {
            "companyName": request.company_name,
            "jobTitle": request.job_title,
            "recipientName": request.recipient_name,
            "jobDescription": request.job_description,
            "senderName": request.sender_name,
            "senderRoleOrGoal": request.sender_role_or_goal,
            "keyPoints": request.key_points,
            "additionalInfo": request.additional_info,
            "resume": _resume_summary(request.resume),
            "instruction": request.instruction,
            "previousLetter": request.previous,
        }
        reply = await self._client.ask(
            "cover letter", COVER_LETTER_PROMPT, _as_json(message), CoverLetterReply
        )
        return reply.letter.strip()


class OpenAIInterviewCoach:
    """Interview answers written by the configured model, held to the word limit here."""

    def __init__(self, client: ChatCompletionsClient) -> None:
        self._client = client

    async def answer(self, request: InterviewRequest) -> str:
        message = {
            "question": request.question,
            "role": request.role,
            "companyName": request.company_name,
            "wordLimit": request.word_limit,
            "resume": _resume_summary(request.resume),
            "userKnowledge": request.user_knowledge,
            "instruction": request.instruction,
            "previousAnswer": request.previous_answer,
        }
        reply = await self._client.ask(
            "interview answer", INTERVIEW_PROMPT, _as_json(message), InterviewReply
        )
        return trim_to_words(reply.answer.strip(), max(1, request.word_limit))


_CANONICAL_CATEGORY = {name.casefold(): name for name in CATEGORIES}


class OpenAIAnalyser:
    """Resume analysis by the configured model, held to the 25 known categories."""

    def __init__(self, client: ChatCompletionsClient) -> None:
        self._client = client

    async def analyse(self, text: str) -> AnalysisResult:
        reply = await self._client.ask(
            "resume analysis", ANALYSIS_PROMPT, text[:MAX_RESUME_CHARS], AnalysisReply
        )
        field = _CANONICAL_CATEGORY.get(" ".join(reply.predicted_field.split()).casefold())
        if field is None:
            raise self._client.failure("resume analysis", "unknown category", UNUSABLE, http=200)
        ranking = (field, *sorted(name for name in CATEGORIES if name != field))
        return AnalysisResult(
            predicted_field=field,
            analysis=reply.comprehensive_analysis,
            ranking=ranking,
            origin="openai",
        )
