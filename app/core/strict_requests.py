"""Requests are read as strictly as the OpenAPI document describes them.

A query parameter that takes one value, sent several times (`?field=a&field=b`), is a 400:
Litestar would keep one of them silently.

Litestar converts a decoded body to the handler's struct leniently (msgspec `strict=False`, as
query strings need): `"showInCentral": 0` or `"wordLimit": "150"` would pass as a boolean and a
number, though the published schema says boolean and integer. Before the handler runs, the
decoded body is converted once more, strictly, into the same type (with JSON Schema's reading of
an integer: 233.0 is one); a body that only the lenient reading accepts is a 400 like any
other invalid body.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec
from litestar import Request
from litestar.constants import RESERVED_KWARGS
from litestar.exceptions import SerializationException, ValidationException


@functools.cache
def _body_type(handler: Any) -> Any:
    """The handler's `data` type (None without one, or for a type msgspec cannot convert to)."""
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    try:
        msgspec.json.Decoder(data.annotation)  # raises TypeError for a type it cannot handle
    except TypeError:
        return None
    return data.annotation


@functools.cache
def _single_valued(handler: Any) -> tuple[str, ...]:
    """The query parameters (their names on the wire) of the handler that take one value."""
    names = []
    for name, field in handler.parsed_fn_signature.parameters.items():
        kwarg = field.kwarg_definition
        if (
            name in RESERVED_KWARGS  # the request itself, its headers...
            or any(t.is_non_string_collection for t in (field, *field.inner_types))  # a list
            or (kwarg is not None and getattr(kwarg, "query", False) is False)  # a body...
            or getattr(kwarg, "header", None)
            or getattr(kwarg, "cookie", None)
        ):
            continue
        names.append(getattr(kwarg, "query", None) or name)
    return tuple(names)


async def strict_request(request: Request[Any, Any, Any]) -> None:
    """A `before_request` hook: 400 for a query parameter sent more than once where it takes
    one value, or a body the handler's type accepts only leniently."""
    query = request.query_params
    for name in _single_valued(request.route_handler):
        if len(query.getall(name, [])) > 1:
            raise ValidationException(
                detail=f"Validation failed for {request.method} {request.url.path}",
                extra=[{"message": f"`{name}` takes one value", "key": name, "source": "query"}],
            )
    target = _body_type(request.route_handler)
    if target is None:
        return
    if not await request.body():
        return  # no body: Litestar answers as it always does
    # Litestar's own decoding, cached on the request: the handler's extractor reuses it, so
    # the body is parsed once.
    try:
        decoded = await request.json()
    except SerializationException:
        return  # not JSON: the extractor meets it again and answers Litestar's own 400
    try:
        msgspec.convert(_integral_floats_as_ints(decoded), target, strict=True)
    except msgspec.ValidationError as exc:
        raise ValidationException(
            detail=f"Validation failed for {request.method} {request.url.path}",
            extra=[{"message": str(exc), "key": "data", "source": "body"}],
        ) from None


def _integral_floats_as_ints(value: Any) -> Any:
    """JSON Schema's `integer` takes 233.0 as well as 233 (msgspec's strict reading does not)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral_floats_as_ints(item) for item in value]
    if isinstance(value, dict):
        return {key: _integral_floats_as_ints(item) for key, item in value.items()}
    return value
