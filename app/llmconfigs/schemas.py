"""Bodies of /llm-configs. The API key goes in, never out: only `apiKeyHint` is returned."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from app.core.structs import CamelStruct, RequestStruct

Label = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
BaseUrl = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=2048,
        pattern=r"^https?://[^\x00-\x20\x7f]+$",
        description="An OpenAI-compatible API base, e.g. https://api.openai.com/v1: https only "
        "(http too when the operator allows private URLs), resolving to public addresses only",
    ),
]
Model = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
ApiKey = Annotated[str, msgspec.Meta(min_length=1, max_length=1000, pattern=r"^[\x21-\x7e]+$")]


class LlmConfigIn(RequestStruct):
    untrimmed: ClassVar[frozenset[str]] = frozenset({"api_key"})

    label: Label
    base_url: BaseUrl
    model: Model
    api_key: ApiKey | None = None


class LlmConfigPatch(RequestStruct):
    """Only what is sent changes; `apiKey: null` removes the key, `active: false`
    deactivates (the server's provider applies again)."""

    untrimmed: ClassVar[frozenset[str]] = frozenset({"api_key"})

    label: Label | msgspec.UnsetType = msgspec.UNSET
    base_url: BaseUrl | msgspec.UnsetType = msgspec.UNSET
    model: Model | msgspec.UnsetType = msgspec.UNSET
    api_key: ApiKey | msgspec.UnsetType | None = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET

    def __post_init__(self) -> None:
        super().__post_init__()
        for field in msgspec.structs.fields(self):
            if getattr(self, field.name) == "":  # blank once trimmed
                raise ValueError(f"`{field.encode_name}` must not be empty")


KeyHint = Annotated[
    str,
    msgspec.Meta(
        description='"…" and the key\'s last 4 characters ("…" alone for keys under 8 '
        "characters); null when the configuration has no key. The key is never returned."
    ),
]


class LlmConfigOut(CamelStruct):
    id: UUID
    label: str
    base_url: str
    model: str
    api_key_hint: KeyHint | None
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class LlmConfigTestOut(CamelStruct):
    """One small call to the model: whether it answered usably, how long it took, and why not."""

    ok: bool
    latency_ms: int
    detail: str
