"""JSON log lines carrying the id of the request that produced them."""

from __future__ import annotations

import contextvars
import functools
import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "color_message",  # uvicorn's ANSI-coloured copy of the message
}
access_logger = logging.getLogger("talentsync.access")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: easy to grep, easy to ship."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            entry["request_id"] = record.request_id  # type: ignore[attr-defined]
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


@functools.cache
def configure_logging(level: str) -> None:
    """JSON lines on stderr for every logger; once per process, however many apps it builds."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    # The HTTP client logs every request it makes at INFO, the job engine every job it defers,
    # starts and ends (a stalled-job sweep every few seconds): noise here.
    for noisy in ("httpx", "procrastinate"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def request_id_middleware(*, access_log: bool) -> Callable[[ASGIApp], ASGIApp]:
    """Tag each request with an id (the client's X-Request-ID if sane), echo it, log access."""
    return functools.partial(_with_request_id, access_log=access_log)


def _with_request_id(app: ASGIApp, *, access_log: bool) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        rid = incoming if incoming and len(incoming) <= 64 and incoming.isprintable() else None
        rid = rid or uuid.uuid4().hex
        id_header = (b"x-request-id", rid.encode())
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), id_header]
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            # isEnabledFor first: with the access log's level off (LOG_LEVEL=WARNING), no record
            # is built (logging.info checks it too, but after its arguments are computed).
            if access_log and access_logger.isEnabledFor(logging.INFO):
                access_logger.info(
                    "%s %s %s",
                    scope.get("method"),
                    scope["path"],
                    status,
                    extra={
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            request_id_var.reset(token)

    return middleware
