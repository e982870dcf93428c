"""HTTP for exports: GET /api/v1/resumes/{id}/export and GET /api/v1/me/export."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Response, get
from litestar.datastructures import CacheControlHeader
from litestar.params import FromPath, QueryParameter

from app.auth.guards import AuthRequest
from app.core.attachments import content_disposition
from app.core.openapi import file_content
from app.exports import service

FormatQuery = Annotated[service.Format, QueryParameter(description="md (Markdown) or docx (Word)")]


class ExportController(Controller):
    path = "/api/v1"
    tags = ["exports"]
    # Personal data: no shared cache may keep a copy.
    cache_control = CacheControlHeader(no_store=True)

    @get(
        "/resumes/{resume_id:uuid}/export",
        opt={
            "problems": (400, 404),
            "content": file_content(
                **{
                    service.MEDIA_TYPES["md"]: "Markdown (format=md), UTF-8",
                    service.MEDIA_TYPES["docx"]: "a Word document (format=docx)",
                }
            ),
        },
    )
    async def resume(
        self, request: AuthRequest, resume_id: FromPath[UUID], format: FormatQuery = "md"
    ) -> Response[bytes]:
        """The resume as a clean Markdown document or a Word file, a heading per section."""
        name, body = await service.resume_document(request.user.id, resume_id, format)
        return Response(
            body,
            media_type=service.MEDIA_TYPES[format],
            headers={"Content-Disposition": content_disposition(name, format)},
        )

    @get("/me/export")
    async def everything(self, request: AuthRequest) -> Response[dict[str, Any]]:
        """Everything the caller owns, as one JSON file (no password hash, token or key)."""
        now = dt.datetime.now(dt.UTC)
        body = await service.everything(request.user.id, now)
        name = f"talentsync-export-{now:%Y-%m-%d}"
        return Response(
            body,
            media_type="application/json",
            headers={"Content-Disposition": content_disposition(name, "json")},
        )
