"""Base structs: camelCase on the wire, unknown fields rejected, strings trimmed."""

from __future__ import annotations

import functools
from typing import Annotated, ClassVar

import msgspec


class CamelStruct(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """Base of every response body."""


class RequestStruct(CamelStruct):
    """Base of every request body: strings are trimmed, and required ones must not end up empty."""

    # Fields whose whitespace is significant (passwords).
    untrimmed: ClassVar[frozenset[str]] = frozenset()
    # Fields the service cleans of control characters itself (resume text).
    cleaned_later: ClassVar[frozenset[str]] = frozenset()

    def __post_init__(self) -> None:
        for name, encode_name, required in _trimmed_fields(type(self)):
            value = getattr(self, name)
            if not isinstance(value, str):
                continue
            if "\x00" in value and name not in self.cleaned_later:
                # PostgreSQL text cannot hold NUL.
                raise ValueError(f"`{encode_name}` must not contain NUL characters")
            trimmed = value.strip()
            if trimmed != value:
                setattr(self, name, trimmed)
            if not trimmed and required:
                raise ValueError(f"`{encode_name}` must not be empty")


@functools.cache
def _trimmed_fields(struct: type[RequestStruct]) -> tuple[tuple[str, str, bool], ...]:
    """(name, wire name, required) of the fields to trim: once a class, as reading a struct's
    fields resolves its type annotations (a tenth of a millisecond a request)."""
    return tuple(
        (field.name, field.encode_name, field.required)
        for field in msgspec.structs.fields(struct)
        if field.name not in struct.untrimmed
    )


# Explicit character classes, not \s or \S: JSON Schema (ECMAScript) and Python disagree on
# what they match, and clients validate with the published pattern.
_VISIBLE = r"[^@\x00-\x20\x7f]+"
_BLANK = r"[\t\n\v\f\r ]*"
EMAIL_PATTERN = rf"^{_BLANK}{_VISIBLE}@{_VISIBLE}\.{_VISIBLE}{_BLANK}$"
URL_PATTERN = r"^https?://[^\x00-\x20\x7f]+$"

Email = Annotated[
    str,
    msgspec.Meta(
        min_length=3,
        max_length=320,
        pattern=EMAIL_PATTERN,
        description="An e-mail address (compared case-insensitively)",
    ),
]
Password = Annotated[str, msgspec.Meta(min_length=8, max_length=128)]
# A password being checked rather than set: any length a client may have, bounded.
PasswordAttempt = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
Name = Annotated[str, msgspec.Meta(max_length=200)]
Url = Annotated[str, msgspec.Meta(max_length=2048, pattern=URL_PATTERN)]
Token = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
LongText = Annotated[str, msgspec.Meta(max_length=5000)]
