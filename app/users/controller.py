"""HTTP for /api/v1/me: the signed-in user's own account."""

from __future__ import annotations

from litestar import Controller, delete, get, patch
from litestar.datastructures import CacheControlHeader
from litestar.di import NamedDependency
from litestar.params import JSONBody

from app.auth.guards import AuthRequest
from app.auth.schemas import UserOut
from app.core.ratelimit import password_check_limit
from app.settings import Settings
from app.users import service
from app.users.schemas import DeleteMeIn, MeOut, UpdateMeIn


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["account"]
    cache_control = CacheControlHeader(no_store=True)

    @get("/")
    async def me(self, request: AuthRequest) -> MeOut:
        return await service.fetch_me(request.user.id)

    @patch("/")
    async def update_me(self, request: AuthRequest, data: JSONBody[UpdateMeIn]) -> UserOut:
        return await service.update_profile(request.user.id, data)

    @delete("/", status_code=204, guards=[password_check_limit], opt={"problems": (401, 409)})
    async def delete_me(
        self,
        request: AuthRequest,
        settings: NamedDependency[Settings],
        data: JSONBody[DeleteMeIn | None] = None,
    ) -> None:
        """Delete the account and everything it owns; the password confirms it when set."""
        await service.delete_me(request.user.id, data.password if data else None, settings)
