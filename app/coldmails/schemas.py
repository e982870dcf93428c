"""Bodies of /cold-mails."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from app.core.structs import CamelStruct, LongText, RequestStruct, ShortText, Url

Subject = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
EmailContent = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
Instruction = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]


class ColdMailIn(RequestStruct):
    recipient_name: ShortText
    recipient_role: ShortText
    company_name: ShortText
    sender_name: ShortText | None = None
    key_points: LongText | None = None
    additional_info: LongText | None = None
    company_url: Url | None = None
    resume_id: UUID | None = None


class ColdMailResponseIn(RequestStruct):
    """Either an `instruction` to regenerate with, or the client's edited `emailContent`."""

    instruction: Instruction | None = None
    subject: Subject | None = None
    email_content: EmailContent | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if (self.instruction is None) == (self.email_content is None):
            raise ValueError("Send either `instruction` or `emailContent`")
        if self.instruction is not None and self.subject is not None:
            raise ValueError("`subject` goes with `emailContent`, not with `instruction`")


class ColdMailResponseOut(CamelStruct):
    id: UUID
    subject: str | None
    email_content: str
    created_at: dt.datetime


class ColdMailSummary(CamelStruct):
    id: UUID
    recipient_name: str
    recipient_role: str
    company_name: str
    sender_name: str | None
    key_points: str | None
    additional_info: str | None
    company_url: str | None
    resume_id: UUID | None
    created_at: dt.datetime


class ColdMailOut(ColdMailSummary):
    responses: list[ColdMailResponseOut]
