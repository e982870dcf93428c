"""The SQL of "download my data": every row the caller owns, table by table, without a secret.

A column marked `secret=True` in tables/ (password and token hashes, OAuth tokens, users' sealed
AI keys) or holding a stored file is never read; neither is the owner column (the caller's id).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from piccolo.columns import Column
from piccolo.table import Table

from tables import (
    Account,
    Analysis,
    AtsEvaluation,
    BulkUpload,
    ColdMailRequest,
    ColdMailResponse,
    CoverLetterRequest,
    CoverLetterResponse,
    InterviewAnswer,
    InterviewRequest,
    LlmConfig,
    Recruiter,
    Resume,
    Session,
    User,
)

# Stored files are not data the caller typed or was shown: a bulk upload's ZIP.
_NOT_EXPORTED = {"archive", "user_id", "admin_id"}


def _columns(table: type[Table]) -> list[Column]:
    return [
        column
        for column in table._meta.columns
        if not column._meta.secret and column._meta.name not in _NOT_EXPORTED
    ]


async def _rows(table: type[Table], where: Any, *extra: Any) -> list[dict[str, Any]]:
    query = table.select(*_columns(table), *extra).where(where).output(load_json=True)
    rows: list[dict[str, Any]] = await query.order_by(table._meta.primary_key)
    return rows


async def owned_rows(user_id: UUID) -> dict[str, list[dict[str, Any]]]:
    """Each exported table's rows of the caller (children by their parent's owner)."""
    return {
        "user": await _rows(User, User.id == user_id, User.role_id.name.as_alias("role")),
        "accounts": await _rows(Account, Account.user_id == user_id),
        "sessions": await _rows(Session, Session.user_id == user_id),
        "resumes": await _rows(Resume, Resume.user_id == user_id),
        "analyses": await _rows(Analysis, Analysis.resume_id.user_id == user_id),
        "ats_evaluations": await _rows(AtsEvaluation, AtsEvaluation.user_id == user_id),
        "cold_mails": await _rows(ColdMailRequest, ColdMailRequest.user_id == user_id),
        "cold_mail_responses": await _rows(
            ColdMailResponse, ColdMailResponse.request_id.user_id == user_id
        ),
        "cover_letters": await _rows(CoverLetterRequest, CoverLetterRequest.user_id == user_id),
        "cover_letter_responses": await _rows(
            CoverLetterResponse, CoverLetterResponse.request_id.user_id == user_id
        ),
        "interviews": await _rows(InterviewRequest, InterviewRequest.user_id == user_id),
        "interview_answers": await _rows(
            InterviewAnswer, InterviewAnswer.request_id.user_id == user_id
        ),
        "llm_configs": await _rows(LlmConfig, LlmConfig.user_id == user_id),
        "recruiter": await _rows(Recruiter, Recruiter.admin_id == user_id),
        "bulk_uploads": await _rows(BulkUpload, BulkUpload.admin_id == user_id),
    }
