"""JSON bodies are read as strictly as the OpenAPI document describes them.

Litestar converts a decoded body to the handler's struct leniently (msgspec `strict=False`, as
query strings need): `"showInCentral": 0` or `"wordLimit": "150"` would pass as a boolean and a
number, though the published schema says boolean and integer. Before the handler runs, the
raw body is decoded once more, strictly, into the same type; a body that only the lenient
reading accepts is a 400 like any other invalid body.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException


@functools.cache
def _strict_decoder(handler: Any) -> msgspec.json.Decoder[Any] | None:
    """The handler's `data` type, strictly (None without one, or for a type msgspec cannot
    decode directly)."""
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    try:
        return msgspec.json.Decoder(data.annotation, strict=True)
    except TypeError:
        return None


async def strict_json_body(request: Request[Any, Any, Any]) -> None:
    """A `before_request` hook: 400 for a body the handler's type accepts only leniently."""
    decoder = _strict_decoder(request.route_handler)
    if decoder is None:
        return
    body = await request.body()
    if not body:
        return  # no body: Litestar answers as it always does
    try:
        decoder.decode(body)
    except msgspec.ValidationError as exc:
        raise ValidationException(
            detail=f"Validation failed for {request.method} {request.url.path}",
            extra=[{"message": str(exc), "key": "data", "source": "body"}],
        ) from None
    except msgspec.DecodeError:
        return  # not JSON at all: Litestar's own answer names it
