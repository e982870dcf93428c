"""Truthful `Allow` headers on automatic OPTIONS answers.

Litestar builds the OPTIONS handler of a path from the first route object made for it, so a
path that several controller methods share (GET and PATCH and DELETE on `/{id}`) answered
`Allow: GET, OPTIONS`. The final routes know every method: the header is rewritten from them.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope


class AllowHeaders:
    def __init__(self) -> None:
        self._allow: dict[str, bytes] = {}

    def learn(self, app: Litestar) -> None:
        """Read every path's methods once, after the app has built its routes."""
        self._allow = {
            route.path_format: ", ".join(sorted(route.methods)).encode()
            for route in app.routes
            if isinstance(route, HTTPRoute)
        }

    async def before_send(self, message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
            return
        allow = self._allow.get(scope.get("path_template", ""))
        if allow is None:
            return
        headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
        message["headers"] = [*headers, (b"allow", allow)]
