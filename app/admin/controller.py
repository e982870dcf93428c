"""HTTP for /api/v1/admin: Admin-only management of users."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, patch
from litestar.params import FromPath, JSONBody

from app.auth.guards import requires_admin
from app.auth.schemas import RoleName, UserOut
from app.core.structs import RequestStruct
from app.users import service


class RoleChangeIn(RequestStruct):
    role: RoleName


class AdminUsersController(Controller):
    path = "/api/v1/admin/users"
    tags = ["admin"]
    guards = [requires_admin]

    @patch("/{user_id:uuid}")
    async def change_role(self, user_id: FromPath[UUID], data: JSONBody[RoleChangeIn]) -> UserOut:
        """Grant or withdraw Admin. 409 when it would leave no Admin."""
        return await service.change_role(user_id, data.role)
