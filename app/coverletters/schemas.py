"""Bodies of /cover-letters."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from app.core.structs import CamelStruct, LongText, RequestStruct, ShortText

JobDescription = Annotated[str, msgspec.Meta(max_length=20_000)]
RoleOrGoal = Annotated[str, msgspec.Meta(max_length=500)]
Content = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
Instruction = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]


class CoverLetterIn(RequestStruct):
    """Optional texts left blank are stored as null."""

    company_name: ShortText
    job_title: ShortText
    recipient_name: ShortText | None = None
    job_description: JobDescription | None = None
    sender_name: ShortText | None = None
    sender_role_or_goal: RoleOrGoal | None = None
    key_points: LongText | None = None
    additional_info: LongText | None = None
    resume_id: UUID | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        for field in msgspec.structs.fields(self):
            if getattr(self, field.name) == "":
                setattr(self, field.name, None)


class CoverLetterResponseIn(RequestStruct):
    """Either an `instruction` to regenerate with, or the client's edited `content`."""

    instruction: Instruction | None = None
    content: Content | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if (self.instruction is None) == (self.content is None):
            raise ValueError("Send either `instruction` or `content`")
        if self.instruction == "" or self.content == "":
            raise ValueError("`instruction` and `content` must not be blank")


class CoverLetterResponseOut(CamelStruct):
    id: UUID
    content: str
    created_at: dt.datetime


class CoverLetterSummary(CamelStruct):
    id: UUID
    company_name: str
    job_title: str
    recipient_name: str | None
    job_description: str | None
    sender_name: str | None
    sender_role_or_goal: str | None
    key_points: str | None
    additional_info: str | None
    resume_id: UUID | None
    created_at: dt.datetime


class CoverLetterOut(CoverLetterSummary):
    responses: list[CoverLetterResponseOut]
