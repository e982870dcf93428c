"""Request hygiene and response headers shared by every route."""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Sent with every response: no MIME sniffing, no referrer leaks, no framing.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
# A year, as browsers' preload lists expect; sent only when the public URL is https.
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
NO_STORE = (b"cache-control", b"no-store")
_NUL_QUERY = b'{"status":400,"title":"NUL characters are not allowed in the query"}'


def security_middleware(app: ASGIApp, *, https: bool = False) -> ASGIApp:
    """Refuse NUL characters in the query (PostgreSQL stores no NUL) and add safe headers.

    An answer to a request that carries credentials is never stored by a cache: it may hold
    the caller's own data, whatever the route forgot to say.
    """
    # Built once: each response only appends them (this runs on every request).
    always = (*SECURITY_HEADERS, HSTS) if https else tuple(SECURITY_HEADERS)
    with_credentials = (*always, NO_STORE)
    cache_control = NO_STORE[0]

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        # "%00" has no letters: no case to fold.
        if b"%00" in scope.get("query_string", b""):
            await _refuse(send)
            return

        credentials = False
        for name, _ in scope["headers"]:
            if name == b"authorization":
                credentials = True
                break

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if credentials:
                    headers = [h for h in headers if h[0].lower() != cache_control]
                    headers.extend(with_credentials)
                else:
                    headers = [*headers, *always]
                message["headers"] = headers
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
