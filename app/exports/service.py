"""Exports: one resume as a Markdown or Word document, and everything a user owns as JSON."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Literal
from uuid import UUID

from app.core.errors import NotFound
from app.exports import repository
from app.exports.documents import resume_blocks, to_docx, to_markdown
from app.resumes import service as resumes

Format = Literal["md", "docx"]
MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown",  # Litestar adds "; charset=utf-8" to a text type
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


async def resume_document(user_id: UUID, resume_id: UUID, kind: Format) -> tuple[str, bytes]:
    """The resume's name and its document in the format asked for; 404 unless the caller's."""
    resume = await resumes.get(user_id, resume_id)
    analysis = resume.analysis.comprehensive_analysis if resume.analysis else None
    blocks = resume_blocks(resume.raw_text, analysis)
    if kind == "md":
        return resume.custom_name, to_markdown(resume.custom_name, blocks).encode()
    return resume.custom_name, to_docx(resume.custom_name, blocks)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    return {_camel(key): value for key, value in row.items()}


def _by(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(_shown({k: v for k, v in row.items() if k != key}))
    return grouped


async def everything(user_id: UUID, now: dt.datetime) -> dict[str, Any]:
    """The caller's data as one JSON document: children nested in their parents, camelCase
    keys as in the API, never a secret (see the repository)."""
    rows = await repository.owned_rows(user_id)
    if not rows["user"]:
        raise NotFound("No such user")
    user = _shown(rows["user"][0])
    analyses = {row["resume_id"]: _shown(row) for row in rows["analyses"]}
    evaluations = _by(rows["ats_evaluations"], "resume_id")
    responses = _by(rows["cold_mail_responses"], "request_id")
    answers = _by(rows["interview_answers"], "request_id")
    letters = _by(rows["cover_letter_responses"], "request_id")
    document: dict[str, Any] = {
        "exportedAt": now,
        "user": user,
        "accounts": [_shown(row) for row in rows["accounts"]],
        "sessions": [_shown(row) for row in rows["sessions"]],
        "resumes": [
            {
                **_shown(row),
                "analysis": analyses.get(row["id"]),
                "atsEvaluations": evaluations.get(row["id"], []),
            }
            for row in rows["resumes"]
        ],
        "coldMails": [
            {**_shown(row), "responses": responses.get(row["id"], [])} for row in rows["cold_mails"]
        ],
        "coverLetters": [
            {**_shown(row), "responses": letters.get(row["id"], [])}
            for row in rows["cover_letters"]
        ],
        "interviews": [
            {**_shown(row), "answers": answers.get(row["id"], [])} for row in rows["interviews"]
        ],
        "llmConfigs": [_shown(row) for row in rows["llm_configs"]],
    }
    if user.get("role") == "Admin":
        recruiter = rows["recruiter"]
        document["recruiter"] = _shown(recruiter[0]) if recruiter else None
        document["bulkUploads"] = [_shown(row) for row in rows["bulk_uploads"]]
    return document
