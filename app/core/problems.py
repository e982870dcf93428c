"""Every error leaves as RFC 9457 problem details; unexpected ones are logged, never leaked."""

from __future__ import annotations

import asyncio
import logging
import re
from http import HTTPStatus
from typing import Any

import asyncpg
from litestar import Request, Response
from litestar.exceptions import ValidationException
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)

from app.core.errors import AppError

logger = logging.getLogger("talentsync.errors")

# Raised when PostgreSQL cannot be reached or a connection dies: the service is unavailable,
# which the client may retry, rather than broken.
DATABASE_DOWN_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.ConnectionFailureError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.PostgresConnectionError,
    # asyncpg's own state machine when the server vanishes mid-statement (found by the
    # restart-under-load test: "cannot switch to state 15; another operation is in progress").
    asyncpg.exceptions.InternalClientError,
)


def problem(request: Request[Any, Any, Any], status: int, title: str) -> Response[Any]:
    return ProblemDetailsException(status_code=status, title=title, detail=title).to_response(
        request
    )


def _app_error(request: Request[Any, Any, Any], exc: AppError) -> Response[Any]:
    # The title carries the message (as Litestar's HTTP exceptions did), the detail either the
    # specifics or the status phrase: the answers' shape did not change with AppError.
    return ProblemDetailsException(
        status_code=exc.status,
        title=exc.title,
        detail=exc.detail or HTTPStatus(exc.status).phrase,
        headers=exc.headers or None,
    ).to_response(request)


def _undecodable_body(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Bodies Litestar's JSON decoder chokes on: invalid UTF-8, or nested absurdly deep."""
    if isinstance(exc, RecursionError):
        return problem(request, 400, "The body is nested too deeply")
    return problem(request, 400, "The body is not valid UTF-8")


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, asyncpg.exceptions.QueryCanceledError):
        logger.warning("statement timed out on %s %s", request.method, request.url.path)
        response = problem(request, 503, "The database took too long; try again shortly.")
        response.headers["Retry-After"] = "5"
        return response
    if isinstance(exc, asyncpg.exceptions.ForeignKeyViolationError):
        # A row this request pointed at was deleted meanwhile (e.g. the account itself).
        return problem(request, 409, "A resource this request refers to no longer exists")
    if isinstance(exc, DATABASE_DOWN_ERRORS):
        logger.warning("database unavailable: %s", type(exc).__name__)
        response = problem(request, 503, "The database is unavailable; try again shortly.")
        response.headers["Retry-After"] = "5"
        return response
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem(request, 500, "Internal server error")


_FIELD_IN_MESSAGE = re.compile(r"(?:unknown|missing required) field `([^`]+)`")


def _validation_problem(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """Name the offending field in `extra` even where msgspec blames the whole body."""
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict) and item.get("key") == "data":
            match = _FIELD_IN_MESSAGE.search(str(item.get("message", "")))
            if match:
                item["key"] = match.group(1)
    return ProblemDetailsException(
        status_code=400, title=exc.detail, detail="Bad Request", extra=extra or None
    ).to_response(request)


def problem_details_plugin() -> ProblemDetailsPlugin:
    return ProblemDetailsPlugin(ProblemDetailsConfig(enable_for_all_http_exceptions=True))


EXCEPTION_HANDLERS = {
    Exception: _unexpected,
    ValidationException: _validation_problem,
    AppError: _app_error,
    UnicodeDecodeError: _undecodable_body,
    RecursionError: _undecodable_body,
}
