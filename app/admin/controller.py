"""HTTP for /api/v1/admin: users, totals, recruiter profile and bulk uploads (Admin only)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from app.admin import service
from app.admin.archive import MAX_ZIP_BYTES, display_name
from app.admin.schemas import BulkUploadOut, RecruiterIn, RecruiterOut, RoleChangeIn, Stats
from app.auth.guards import AuthRequest, requires_admin
from app.auth.schemas import RoleName, UserOut
from app.core.forms import file_form, form_flag
from app.core.openapi import SHOW_IN_CENTRAL, multipart_body
from app.core.pagination import Limit, Offset, Page
from app.users import service as users
from app.users.schemas import MeOut

UserQuery = Annotated[
    str | None, QueryParameter(max_length=320, description="Part of the e-mail or name")
]
RoleQuery = Annotated[RoleName | None, QueryParameter(description="Only users with this role")]
BULK_BODY = multipart_body("a ZIP of resumes", showInCentral=SHOW_IN_CENTRAL)


class AdminController(Controller):
    path = "/api/v1/admin"
    tags = ["admin"]
    guards = [requires_admin]

    @get("/users")
    async def list_users(
        self, q: UserQuery = None, role: RoleQuery = None, limit: Limit = 20, offset: Offset = 0
    ) -> Page[MeOut]:
        return await service.list_users(q or None, role, limit, offset)

    @patch("/users/{user_id:uuid}", opt={"problems": (409,)})
    async def change_role(self, user_id: FromPath[UUID], data: JSONBody[RoleChangeIn]) -> UserOut:
        """Grant or withdraw Admin. 409 when it would leave no Admin."""
        return await users.change_role(user_id, data.role)

    @delete("/users/{user_id:uuid}", status_code=204, opt={"problems": (409,)})
    async def delete_user(self, user_id: FromPath[UUID]) -> None:
        """Delete the user and every row of theirs. 409 for the last Admin."""
        await users.delete_user(user_id)

    @get("/stats")
    async def stats(self) -> Stats:
        return await service.stats()

    @get("/recruiter", opt={"problems": (404,)})
    async def get_recruiter(self, request: AuthRequest) -> RecruiterOut:
        return await service.get_recruiter(request.user.id)

    @put("/recruiter")
    async def put_recruiter(
        self, request: AuthRequest, data: JSONBody[RecruiterIn]
    ) -> RecruiterOut:
        return await service.put_recruiter(request.user.id, data.email, data.company_name)

    @delete("/recruiter", status_code=204, opt={"problems": (404,)})
    async def delete_recruiter(self, request: AuthRequest) -> None:
        await service.delete_recruiter(request.user.id)

    @post(
        "/bulk-uploads",
        request_max_body_size=MAX_ZIP_BYTES + 1024 * 1024,
        status_code=202,
        opt={"problems": (413, 415, 422), "request_body": BULK_BODY},
        description=(
            "multipart/form-data: `file`, a ZIP (at most 50 MiB, 500 files) of PDF, DOCX, TXT or "
            "MD resumes, and optional `showInCentral`. The ZIP is checked and queued (202, "
            "`status: queued`); workers then make each entry a Resume with its Analysis owned by "
            "the caller, and list the entries that cannot be used in `errors`. GET the upload "
            "(or its job) to follow `processed` up to `totalFiles`."
        ),
    )
    async def bulk_upload(self, request: AuthRequest) -> BulkUploadOut:
        form, upload = await file_form(
            request,
            {"file", "showInCentral"},
            wrong_type="Send multipart/form-data with a ZIP",
            no_file="A ZIP file is required",
        )
        show_in_central = form_flag(form, "showInCentral")
        return await service.bulk_upload(
            request.user.id,
            display_name(upload.filename or "upload.zip"),
            await upload.read(),
            show_in_central,
            request.app.state.job_engine,
        )

    @get("/bulk-uploads")
    async def list_bulk_uploads(
        self, request: AuthRequest, limit: Limit = 20, offset: Offset = 0
    ) -> Page[BulkUploadOut]:
        """The caller's bulk uploads, newest first."""
        return await service.list_bulk_uploads(request.user.id, limit, offset)

    @get("/bulk-uploads/{upload_id:uuid}")
    async def get_bulk_upload(
        self, request: AuthRequest, upload_id: FromPath[UUID]
    ) -> BulkUploadOut:
        return await service.get_bulk_upload(request.user.id, upload_id)
