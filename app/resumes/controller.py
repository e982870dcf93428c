"""HTTP for /api/v1/resumes: the signed-in user's resumes and their analyses."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, RequestBody, Schema
from litestar.params import FromPath, JSONBody, QueryParameter

from app.ai.analyser import Analyser
from app.auth.guards import AuthRequest
from app.core.attachments import content_disposition
from app.core.openapi import GENERATION_PROBLEMS, SHOW_IN_CENTRAL, multipart_body
from app.core.pagination import Limit, Offset, Page
from app.core.ratelimit import generation_budget
from app.resumes import service
from app.resumes.schemas import AnalysisIn, AnalysisOut, ResumeOut, ResumePatchIn, ResumeSummary
from app.resumes.upload import MAX_BODY_BYTES, read_upload

SearchQuery = Annotated[
    str | None, QueryParameter(max_length=500, description="Full-text filter (web-search syntax)")
]
ResumeId = FromPath[UUID]

_form = multipart_body(
    "PDF, DOCX, TXT or MD, at most 5 MiB",
    customName=Schema(
        type=OpenAPIType.STRING, min_length=1, max_length=200, description="required"
    ),
    showInCentral=SHOW_IN_CENTRAL,
)
_text = Schema(
    type=OpenAPIType.OBJECT,
    properties={
        "customName": Schema(type=OpenAPIType.STRING, min_length=1, max_length=200),
        "rawText": Schema(type=OpenAPIType.STRING, min_length=1, max_length=500_000),
        "showInCentral": Schema(type=OpenAPIType.BOOLEAN),
    },
    required=["customName", "rawText"],
    additional_properties=False,
)
# The handler reads either form itself, so the document is written out here.
UPLOAD_BODY = RequestBody(
    required=True,
    content={**(_form.content or {}), "application/json": OpenAPIMediaType(schema=_text)},
)


class ResumeController(Controller):
    path = "/api/v1/resumes"
    tags = ["resumes"]

    @post(
        "/",
        request_max_body_size=MAX_BODY_BYTES,
        guards=[generation_budget],
        opt={"problems": (413, 415, 422, *GENERATION_PROBLEMS), "request_body": UPLOAD_BODY},
        description=(
            "multipart/form-data with `file` (PDF, DOCX, TXT or MD, at most 5 MiB), `customName` "
            "and optional `showInCentral`; or JSON `{customName, rawText, showInCentral?}`. "
            "The text is extracted and analysed; resume and analysis are stored together."
        ),
    )
    async def upload(self, request: AuthRequest, analyser: NamedDependency[Analyser]) -> ResumeOut:
        upload = await read_upload(request)
        result = await analyser.analyse(upload.raw_text)
        new = service.NewResume(
            upload.custom_name, upload.raw_text, upload.show_in_central, upload.source
        )
        return await service.create(request.user.id, new, result)

    @get("/")
    async def list_resumes(
        self, request: AuthRequest, q: SearchQuery = None, limit: Limit = 20, offset: Offset = 0
    ) -> Page[ResumeSummary]:
        return await service.list_own(request.user.id, q or None, limit, offset)

    @get("/{resume_id:uuid}")
    async def get_resume(self, request: AuthRequest, resume_id: ResumeId) -> ResumeOut:
        return await service.get(request.user.id, resume_id)

    @patch("/{resume_id:uuid}")
    async def update_resume(
        self, request: AuthRequest, resume_id: ResumeId, data: JSONBody[ResumePatchIn]
    ) -> ResumeOut:
        changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
        return await service.update(request.user.id, resume_id, changes)

    @delete("/{resume_id:uuid}", status_code=204)
    async def delete_resume(self, request: AuthRequest, resume_id: ResumeId) -> None:
        await service.delete(request.user.id, resume_id)

    @get("/{resume_id:uuid}/download", media_type="text/plain")
    async def download(self, request: AuthRequest, resume_id: ResumeId) -> Response[str]:
        name, text = await service.raw_text(request.user.id, resume_id)
        return Response(
            text,
            media_type="text/plain; charset=utf-8",
            headers={"Content-Disposition": content_disposition(name, "txt")},
        )

    @get("/{resume_id:uuid}/analysis")
    async def get_analysis(self, request: AuthRequest, resume_id: ResumeId) -> AnalysisOut:
        return await service.get_analysis(request.user.id, resume_id)

    @put("/{resume_id:uuid}/analysis", opt={"problems": (422,)})
    async def replace_analysis(
        self, request: AuthRequest, resume_id: ResumeId, data: JSONBody[AnalysisIn]
    ) -> AnalysisOut:
        """Store a client-provided analysis (422 for an unknown job category)."""
        return await service.replace_analysis(
            request.user.id, resume_id, data.predicted_field, data.comprehensive_analysis
        )

    @post(
        "/{resume_id:uuid}/analysis",
        guards=[generation_budget],
        opt={"problems": GENERATION_PROBLEMS},
    )
    async def rerun_analysis(
        self, request: AuthRequest, resume_id: ResumeId, analyser: NamedDependency[Analyser]
    ) -> AnalysisOut:
        """Run the server's analyser again on the stored text."""
        _, text = await service.raw_text(request.user.id, resume_id)
        result = await analyser.analyse(text)
        return await service.store_analysis(request.user.id, resume_id, text, result)
