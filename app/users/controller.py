"""HTTP for /api/v1/me: the signed-in user's own account."""

from __future__ import annotations

import msgspec
from litestar import Controller, delete, get, patch
from litestar.datastructures import CacheControlHeader
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, NotAuthorizedException
from litestar.params import JSONBody

from app.auth.controller import AuthRequest
from app.auth.passwords import verify_password
from app.auth.schemas import DeleteMeIn, MeOut, UpdateMeIn, UserOut
from app.core.ratelimit import password_check_limit
from app.settings import Settings
from app.users import service


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["account"]
    cache_control = CacheControlHeader(no_store=True)

    @get("/")
    async def me(self, request: AuthRequest) -> MeOut:
        return await service.fetch_me(request.user.id)

    @patch("/")
    async def update_me(self, request: AuthRequest, data: JSONBody[UpdateMeIn]) -> UserOut:
        changes = {
            name: value
            for name, value in msgspec.structs.asdict(data).items()
            if value is not msgspec.UNSET
        }
        return await service.update_profile(request.user.id, changes)

    @delete("/", status_code=204, guards=[password_check_limit], opt={"problems": (401, 409)})
    async def delete_me(
        self,
        request: AuthRequest,
        settings: NamedDependency[Settings],
        data: JSONBody[DeleteMeIn | None] = None,
    ) -> None:
        """Delete the account and everything it owns; the password confirms it when set."""
        password_hash = await service.password_hash_of(request.user.id)
        if password_hash is not None:
            password = data.password if data else None
            if not password:
                raise ClientException("Confirm with your password")
            if not await verify_password(password, password_hash, settings.bcrypt_rounds):
                raise NotAuthorizedException("Wrong password")
        await service.delete_user(request.user.id)
