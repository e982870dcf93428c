"""Request hygiene and response headers shared by every route."""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Sent with every response: no MIME sniffing, no referrer leaks, no framing.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_NUL_QUERY = b'{"status":400,"title":"NUL characters are not allowed in the query"}'


def security_middleware(app: ASGIApp) -> ASGIApp:
    """Refuse NUL characters in the query (PostgreSQL stores no NUL) and add safe headers."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if b"%00" in scope.get("query_string", b"").lower():
            await _refuse(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware


async def _refuse(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(_NUL_QUERY)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": _NUL_QUERY, "more_body": False})
