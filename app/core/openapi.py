"""Make the generated OpenAPI document say what the API really does.

Litestar documents bodies and successes; this adds, once at start-up, the problem+json error
responses each operation can give, which operations need a bearer token, that request objects
accept no unknown fields, and that a query parameter is never null. Handlers name their extra
error statuses in `opt={"problems": (...)}` (guards theirs with `guard_answers`) and a success
sent in several media types in `opt={"content": file_content(...)}`; a handler that never
touches the database says so with `opt={"database": False}` (no 503).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

import msgspec
from litestar import Litestar
from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Reference,
    RequestBody,
    Schema,
)
from litestar.routes import HTTPRoute

from app.core.forms import FLAG_WORDS
from app.core.structs import RequestStruct

G = TypeVar("G", bound=Callable[..., Any])
# The error statuses each guard may answer (403 for a role check, 429 for a rate limit).
_GUARD_PROBLEMS: dict[Any, tuple[int, ...]] = {}


def guard_answers(*statuses: int) -> Callable[[G], G]:
    """Mark a guard with the statuses it may answer, for every operation it protects."""

    def mark(guard: G) -> G:
        _GUARD_PROBLEMS[guard] = statuses
        return guard

    return mark


BEARER: list[dict[str, list[str]]] = [{"BearerToken": []}]
# What a call to the AI provider can add: a bad reply (502), a timeout (504), and the caller's
# own AI configuration being unusable (422: its URL now resolves to a non-public address, or
# its key no longer opens).
GENERATION_PROBLEMS = (422, 502, 504)
# JSON bodies larger than this are refused with 413 (uploads set their own, larger limits).
MAX_JSON_BODY_BYTES = 1024 * 1024

PROBLEM = Schema(
    type=OpenAPIType.OBJECT,
    description="RFC 9457 problem details",
    properties={
        "status": Schema(type=OpenAPIType.INTEGER),
        "title": Schema(type=OpenAPIType.STRING),
        "detail": Schema(type=OpenAPIType.STRING),
        "type": Schema(type=OpenAPIType.STRING),
        "extra": Schema(
            type=[OpenAPIType.ARRAY, OpenAPIType.OBJECT],
            description="For 400: a list of {key, message, source}",
        ),
    },
    required=["status"],
)


def _string(**kwargs: Any) -> Schema:
    return Schema(type=OpenAPIType.STRING, **kwargs)


def multipart_body(file_description: str, **fields: Schema) -> RequestBody:
    """A multipart/form-data body with a required `file` and the given fields."""
    properties: dict[str, Schema | Reference] = {
        "file": _string(format="binary", description=file_description),
        **fields,
    }
    required = ["file", *(name for name, f in fields.items() if f.description == "required")]
    # The handlers refuse any other field (400), as JSON bodies do.
    form = Schema(
        type=OpenAPIType.OBJECT,
        properties=properties,
        required=required,
        additional_properties=False,
    )
    return RequestBody(
        required=True, content={"multipart/form-data": OpenAPIMediaType(schema=form)}
    )


SHOW_IN_CENTRAL = Schema(
    type=OpenAPIType.STRING,
    enum=list(FLAG_WORDS),
    description="optional; share in the central repository",
)


def file_content(**media_types: str) -> dict[str, OpenAPIMediaType]:
    """A success sent as a file in one of several media types (`opt={"content": ...}`), each
    described."""
    return {
        media_type: OpenAPIMediaType(schema=_string(format="binary", description=description))
        for media_type, description in media_types.items()
    }


def _problem_response(status: int) -> OpenAPIResponse:
    return OpenAPIResponse(
        description=HTTPStatus(status).phrase,
        content={
            "application/problem+json": OpenAPIMediaType(
                schema=Reference(ref="#/components/schemas/Problem")
            )
        },
    )


def _statuses(path: str, handler: Any, operation: Any) -> set[int]:
    statuses = {500}
    if handler.opt.get("database", True):
        statuses.add(503)  # the database is down
    if not handler.opt.get("exclude_from_auth"):
        statuses.add(401)
    for guard in handler.resolve_guards():
        statuses.update(_GUARD_PROBLEMS.get(getattr(guard, "func", guard), ()))
    if "{" in path:
        statuses.add(404)  # unknown, someone else's, or not a UUID
    if operation.parameters or operation.request_body:
        statuses.add(400)
    if operation.request_body:
        statuses.add(413)
    statuses.update(handler.opt.get("problems", ()))
    return statuses


def _operations(app: Litestar) -> Any:
    schema = app.openapi_schema
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path_format not in (schema.paths or {}):
            continue
        item = schema.paths[route.path_format]  # type: ignore[index]
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            for method in handler.http_methods:
                operation = getattr(item, method.lower(), None)
                if operation is not None:
                    yield route.path_format, handler, operation


def _body_is_optional(handler: Any) -> bool:
    """`data: JSONBody[X | None] = None`: the handler works without a body."""
    data = handler.parsed_fn_signature.parameters.get("data")
    return data is not None and data.has_default


_ITEM_BOUNDS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
}
# Something besides what Python's str.strip() takes away (request structs trim their strings,
# and a required one left empty is a 400): an explicit class, as ECMAScript's \s and Python's
# differ (U+001C-U+001F, U+0085, U+FEFF).
NOT_ONLY_SPACES = (
    "[^\t\n\v\f\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def _document_body_rules(handler: Any, schemas: dict[str, Any]) -> None:
    """What Litestar's schema of a request struct leaves out: the bounds of a list's items
    (`list[Annotated[str, Meta(min_length=1)]]` reads as a list of any strings; msgspec's own
    schema has them), and that a required string must hold more than spaces (it is trimmed)."""
    data = handler.parsed_fn_signature.parameters.get("data")
    body = getattr(data, "annotation", None)
    if not (isinstance(body, type) and issubclass(body, RequestStruct)):
        return
    ours = schemas.get(body.__name__)
    if not isinstance(ours, Schema) or not ours.properties:
        return
    _, theirs = msgspec.json.schema_components([body])
    untrimmed = _wire_names(body, body.untrimmed)
    for name, prop in theirs.get(body.__name__, {}).get("properties", {}).items():
        target = ours.properties.get(name)
        if not isinstance(target, Schema):
            continue
        items = prop.get("items", {})
        if items and isinstance(target.items, Schema):
            for bound, attribute in _ITEM_BOUNDS.items():
                if bound in items:
                    setattr(target.items, attribute, items[bound])
        trimmed = name in (ours.required or []) and name not in untrimmed
        if trimmed and target.type == OpenAPIType.STRING and target.pattern is None:
            target.pattern = NOT_ONLY_SPACES


def _query_values_are_never_null(operation: Any) -> None:
    """An optional query parameter (`str | None = None`) is documented by Litestar as a string
    or null; a query string cannot carry a null (an absent parameter is the None), so it is the
    value's own type, with its bounds. Fuzzers took the null branch as a type to negate and sent
    what serialized into a valid value, expecting a refusal. (An optional enum, `["null",
    "string"]` with null among its values, stays: Litestar reads `?role=null` as no role.)"""
    for parameter in operation.parameters or []:
        schema = getattr(parameter, "schema", None)
        if getattr(parameter, "param_in", None) != "query" or not isinstance(schema, Schema):
            continue
        values = [s for s in schema.one_of or [] if getattr(s, "type", None) != OpenAPIType.NULL]
        if schema.one_of and len(values) == 1 and isinstance(values[0], Schema):
            schema.one_of = None
            schema.type, schema.items = values[0].type, values[0].items


def _wire_names(struct: type[RequestStruct], names: frozenset[str]) -> set[str]:
    return {f.encode_name for f in msgspec.structs.fields(struct) if f.name in names}


def complete_openapi(app: Litestar) -> None:
    schema = app.openapi_schema
    assert schema.components is not None
    schemas = schema.components.schemas or {}
    schemas["Problem"] = PROBLEM
    for component in schemas.values():
        if isinstance(component, Schema) and component.properties and component is not PROBLEM:
            # Every body struct forbids unknown fields (msgspec forbid_unknown_fields).
            component.additional_properties = False
    for path, handler, operation in _operations(app):
        _document_body_rules(handler, schemas)
        _query_values_are_never_null(operation)
        operation.security = [] if handler.opt.get("exclude_from_auth") else BEARER
        if "request_body" in handler.opt:  # bodies the handler reads by hand
            operation.request_body = handler.opt["request_body"]
        elif operation.request_body is not None and _body_is_optional(handler):
            operation.request_body.required = False
        responses = operation.responses or {}
        if "content" in handler.opt:  # a success the handler sends in several media types
            success = responses[str(handler.status_code)]
            assert isinstance(success, OpenAPIResponse)
            success.content = handler.opt["content"]
        for status in _statuses(path, handler, operation):
            responses[str(status)] = _problem_response(status)
        operation.responses = responses
